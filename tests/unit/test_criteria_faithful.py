"""Mechanical proof that the criteria files are faithful to the seeds.

Both the item text and the seed are normalised the same way (markup, links, footnote
markers, quotes, dashes, hyphens and whitespace removed) and every item must then occur
in its seed. Page furniture is stripped from the seed only.
"""

from __future__ import annotations

import re
from pathlib import Path

import pytest
import yaml

ROOT = Path(__file__).resolve().parents[2]
CRITERIA = ROOT / "criteria"
SEEDS = ROOT.parent / "shared" / "seeds"
SEED_OF = {"2022": "framework-2022.md", "2025": "framework-2025.txt"}

_QUOTES = str.maketrans({"\u2018": "'", "\u2019": "'", "\u201c": '"', "\u201d": '"'})
_DASHES_AND_SPACE = re.compile(r"[\s\-\u2010\u2011\u2012\u2013\u2014\u2022]+")


def _strip_seed_furniture(version: str, text: str) -> str:
    """Remove what the PDF or its conversion added around the framework's own words."""
    text = re.sub(r"<sup>.*?</sup>", "", text)
    text = re.sub(r"\[([^\]]*)\]\([^)]*\)", r"\1", text)
    text = re.sub(r"^\s*https?://\S+\s*$", "", text, flags=re.M)
    if version == "2025":
        # page numbers standing alone on a line
        text = re.sub(r"^\s*\d{1,2}\s*$", "", text, flags=re.M)
        # footnote markers: the PDF's superscript digits come out glued to the end of the
        # word they annotate ("Children7,", "framework1", "expectations5"); the text never
        # writes a number directly after a letter, so one or two digits between a letter
        # and a space, punctuation mark or line end are a marker
        text = re.sub(r"(?<=[A-Za-z])\d{1,2}(?=[\s,.;:)]|$)", "", text, flags=re.M)
    return text


def normalise(text: str) -> str:
    text = text.translate(_QUOTES).replace("\\", "")
    text = re.sub(r"[*`]", "", text)
    return _DASHES_AND_SPACE.sub("", text)


def _items(version: str) -> list[dict]:
    data = yaml.safe_load((CRITERIA / f"{version}.yaml").read_text(encoding="utf-8"))
    return [
        item
        for key in data["key_criteria"]
        for sub in key["subcriteria"]
        for item in sub["items"]
    ]


VERSIONS = sorted(v for v in SEED_OF if (CRITERIA / f"{v}.yaml").exists())


@pytest.mark.parametrize("version", VERSIONS)
def test_every_item_text_occurs_in_its_seed(version: str) -> None:
    seed = (SEEDS / SEED_OF[version]).read_text(encoding="utf-8")
    haystack = normalise(_strip_seed_furniture(version, seed))
    missing = [item["id"] for item in _items(version) if normalise(item["text"]) not in haystack]
    assert missing == []


@pytest.mark.parametrize("version", VERSIONS)
def test_statements_and_titles_occur_in_their_seed(version: str) -> None:
    seed = (SEEDS / SEED_OF[version]).read_text(encoding="utf-8")
    haystack = normalise(_strip_seed_furniture(version, seed))
    data = yaml.safe_load((CRITERIA / f"{version}.yaml").read_text(encoding="utf-8"))
    texts = [k["statement"] for k in data["key_criteria"]]
    texts += [s["title"] for k in data["key_criteria"] for s in k["subcriteria"]]
    assert [t for t in texts if normalise(t) not in haystack] == []
