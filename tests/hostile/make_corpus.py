"""Write the hostile corpus (tests/hostile/corpus/) from the definitions below.

The corpus is committed; this script documents where each file came from and rebuilds
it byte for byte (random bytes are seeded). Cases that need a file system arrangement
(FIFOs, symlinks, folders, repositories) or megabytes of input are built by
test_hostile.py at test time instead; the builders both it and benchmarks/hostile.py use
are here. Run: python tests/hostile/make_corpus.py
"""

from __future__ import annotations

import os
import random
from pathlib import Path

CORPUS = Path(__file__).resolve().parent / "corpus"

HEAD = 'fhcheck: 1\nframework: "2025"\nlocal_authority: Exampleshire County Council\nassessed_on: 2025-10-01\n'
ITEM = HEAD + "items:\n  1.1.B1:\n"


def laughs(levels: int, width: int) -> str:
    lines = ['lol0: &lol0 ["lol", "lol", "lol", "lol", "lol", "lol", "lol", "lol", "lol", "lol"]']
    for level in range(1, levels):
        lines.append(f"lol{level}: &lol{level} [" + ", ".join([f"*lol{level - 1}"] * width) + "]")
    return HEAD + "\n".join(lines) + "\n"


def empty_folder(folder: Path) -> list[str]:
    (folder / "empty").mkdir()
    return [str(folder / "empty")]


def symlink_loops(folder: Path) -> list[str]:
    top = folder / "loops"
    (top / "sub").mkdir(parents=True)
    (top / "self").symlink_to(".")
    (top / "sub" / "up").symlink_to("..")
    (top / "a.yaml").symlink_to("b.yaml")
    (top / "b.yaml").symlink_to("a.yaml")
    (top / "sub" / "good.yaml").write_text(HEAD)
    return [str(top)]


def fifo(folder: Path) -> list[str]:
    os.mkfifo(folder / "pipe.yaml")
    return [str(folder / "pipe.yaml")]


def random_bytes() -> bytes:
    rng = random.Random(20251001)
    return bytes(rng.randrange(1, 256) for _ in range(4096))  # no NUL: the UTF-8 check must name a byte


TEXT: dict[str, str] = {
    # empty and non-mapping documents
    "empty.yaml": "",
    "comments-only.yaml": "# Exampleshire evidence\n# to be filled in\n",
    "blank-lines.yaml": "\n\n   \n\n",
    "document-marker-only.yaml": "---\n",
    "top-list.yaml": "- fhcheck: 1\n- framework: '2025'\n",
    "top-scalar.yaml": "Exampleshire County Council\n",
    "top-number.yaml": "42\n",
    "top-null.yaml": "~\n",
    # encodings and characters
    "control-escape-sequence.yaml": HEAD.replace("Exampleshire County Council", "\x1b[2J\x1b[31mPWNED"),
    "control-bell.yaml": HEAD + "items:\n  1.1.B1:\n    status: met\n    note: ding\x07\n",
    "lone-surrogate-escape.yaml": HEAD.replace("Exampleshire County Council", '"Caf\\ud800"'),
    "key-with-line-break.yaml": ITEM + '    status: met\n  "1.1.B1\\n\\e[2Jfhcheck: all clear": {status: met}\n',
    # indentation with tabs
    "tab-indent.yaml": HEAD + "items:\n\t1.1.B1:\n\t\tstatus: met\n",
    "tab-after-spaces.yaml": ITEM + "  \tstatus: met\n",
    # YAML syntax errors
    "unclosed-double-quote.yaml": HEAD.replace("Exampleshire County Council", '"Exampleshire') + "items: {}\n",
    "unclosed-single-quote.yaml": ITEM + "    status: met\n    note: 'it's done\n",
    "bad-indentation.yaml": ITEM + "    status: met\n   note: three spaces\n",
    "colon-in-plain-scalar.yaml": ITEM + "    status: met\n    note: Board: approved\n",
    "unknown-escape.yaml": ITEM + '    status: met\n    note: "C:\\Users\\hub"\n',
    "multiple-documents.yaml": HEAD + "---\n" + HEAD,
    "unclosed-flow-sequence.yaml": ITEM + "    status: met\n    evidence: [\n",
    "unclosed-flow-mapping.yaml": ITEM + "    {status: met\n",
    "empty-anchor.yaml": ITEM + "    status: &\n",
    "reserved-indicator.yaml": ITEM + "    status: met\n    note: @officer\n",
    "list-under-mapping.yaml": ITEM + "    status: met\n  - 1.1.B2\n",
    "block-scalar-dedent.yaml": ITEM + "    note: |\n      line one\n    line two\n",
    "yaml-version-directive.yaml": "%YAML 2.0\n---\n" + HEAD,
    "document-end-then-more.yaml": HEAD + "...\nitems: {}\n",
    "duplicate-key.yaml": HEAD + "local_authority: Otherton\n",
    "duplicate-item.yaml": ITEM + "    status: met\n  1.1.B1:\n    status: not_met\n",
    "complex-key.yaml": HEAD + "? [1.1.B1, 1.1.B2]\n: met\n",
    "long-plain-key.yaml": HEAD + "items:\n  " + "x" * 2000 + ": {status: met}\n",
    # tags: refused at the event, never constructed
    "tag-include.yaml": HEAD + "items: !include items.yaml\n",
    "tag-python-apply.yaml": HEAD + "items: !!python/object/apply:builtins.exec [\"open('PWNED', 'w').write('x')\"]\n",
    "tag-python-name.yaml": HEAD + "items: !!python/name:os.system\n",
    "tag-python-object.yaml": "!!python/object:fhcheck.cli.App\n" + HEAD,
    "tag-python-key.yaml": HEAD + "!!python/object/apply:os.getcwd []: 1\n",
    "tag-binary.yaml": ITEM + "    status: !!binary bWV0\n",
    "tag-set.yaml": HEAD + "items: !!set {1.1.B1}\n",
    "tag-custom.yaml": ITEM + "    status: !met met\n",
    "tag-directive.yaml": "%TAG !py! tag:yaml.org,2002:python/\n---\n" + HEAD + "items: !py!object/apply:os.getcwd []\n",
    "merge-key.yaml": HEAD + "base: &base {status: met}\nitems:\n  1.1.B1:\n    <<: *base\n",
    # aliases
    "billion-laughs.yaml": laughs(10, 10),
    "alias-fan-out.yaml": HEAD + "a: &a [x, x, x, x, x, x, x, x, x, x, x, x, x, x, x, x, x, x, x, x]\nitems: ["
    + ", ".join(["*a"] * 6000) + "]\n",
    "recursive-alias.yaml": HEAD + "items: &items\n  1.1.B1: *items\n",
    "undefined-alias.yaml": ITEM + "    status: *met\n",
    # values of the wrong kind
    "status-no.yaml": ITEM + "    status: no\n",
    "status-yes-quoted.yaml": ITEM + '    status: "yes"\n',
    "local-authority-yes.yaml": HEAD.replace("Exampleshire County Council", "yes"),
    "local-authority-number.yaml": HEAD.replace("Exampleshire County Council", "1974"),
    "impossible-date.yaml": HEAD.replace("2025-10-01", "2025-13-45"),
    "february-30.yaml": HEAD.replace("2025-10-01", "2025-02-30"),
    "date-with-time.yaml": HEAD.replace("2025-10-01", "2025-10-01 09:30:00"),
    "format-version-2.yaml": HEAD.replace("fhcheck: 1", "fhcheck: 2"),
    "format-version-missing.yaml": HEAD.replace("fhcheck: 1\n", ""),
    "framework-1999.yaml": HEAD.replace('"2025"', '"1999"'),
    "framework-boolean.yaml": HEAD.replace('"2025"', "yes"),
    "items-list.yaml": HEAD + "items:\n  - 1.1.B1\n",
    "item-string.yaml": HEAD + "items:\n  1.1.B1: met\n",
    "many-unknown-items.yaml": HEAD + "items:\n" + "".join(f"  9.{n}.B1: {{status: met}}\n" for n in range(1, 201)),
    "key-like-a-pydantic-tag.yaml": HEAD + "'[': 1\nfunction-after[x]: 2\n",
    "huge-integer.yaml": HEAD.replace("fhcheck: 1", "fhcheck: " + "9" * 5000),
    # evidence paths that leave the repository (the corpus sits inside fhcheck's own git work tree)
    "path-absolute.yaml": ITEM + "    status: met\n    evidence:\n      - title: Accounts\n        path: /etc/passwd\n",
    "path-home.yaml": ITEM + "    status: met\n    evidence:\n      - title: Accounts\n        path: ~/.ssh/id_rsa\n",
    "path-dotdot.yaml": ITEM + "    status: met\n    evidence:\n      - title: Accounts\n"
    "        path: ../../../../../../../../etc/passwd\n",
    "path-nul.yaml": ITEM + '    status: met\n    evidence:\n      - title: Accounts\n        path: "offer.pdf\\0.txt"\n',
    "path-drive.yaml": ITEM + "    status: met\n    evidence:\n      - title: Accounts\n        path: C:\\Windows\\win.ini\n",
    # unusual but valid: accepted, assessed (stage below the default threshold: exit 1)
    "crlf.yaml": HEAD.replace("\n", "\r\n"),
    "cr-only.yaml": HEAD.replace("\n", "\r"),
    "long-line.yaml": ITEM + "    status: not_met\n    plan: " + "word " * 40_000 + "\n    due: 2026-03-31\n",
    "quoted-yes-and-no.yaml": ITEM + "    status: not_met\n    plan: \"no\"\n    due: 2026-03-31\n",
    "legitimate-alias.yaml": ITEM + "    status: not_met\n    plan: &plan Budget round\n    due: &due 2026-03-31\n"
    "  1.1.B2:\n    status: not_met\n    plan: *plan\n    due: *due\n",
}

BYTES: dict[str, bytes] = {
    "random-bytes.yaml": random_bytes(),
    "nul-byte.yaml": HEAD.replace("County", "Cou\x00nty").encode(),
    "latin-1.yaml": HEAD.replace("Exampleshire County Council", "Café Borough").encode("latin-1"),
    "lone-surrogate-utf8.yaml": HEAD.encode().replace(b"County", b"C\xed\xa0\x80unty"),
    "truncated-utf8.yaml": HEAD.encode() + b"items: {}\n# caf\xc3",
    "utf-16-le-bom.yaml": HEAD.encode("utf-16"),
    "utf-16-be-bom.yaml": b"\xfe\xff" + HEAD.encode("utf-16-be"),
    "utf-16-le-no-bom.yaml": HEAD.encode("utf-16-le"),
    "utf-32-le-bom.yaml": HEAD.encode("utf-32"),
    "utf-8-bom.yaml": b"\xef\xbb\xbf" + HEAD.encode(),
}


def main() -> None:
    CORPUS.mkdir(exist_ok=True)
    for name, text in TEXT.items():
        (CORPUS / name).write_bytes(text.encode("utf-8", errors="surrogatepass"))
    for name, raw in BYTES.items():
        (CORPUS / name).write_bytes(raw)
    print(f"wrote {len(TEXT) + len(BYTES)} files to {CORPUS}")


if __name__ == "__main__":
    main()
