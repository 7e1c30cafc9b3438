"""The evidence file (format version 1): pydantic models and their validation.

Validation is schema-level only: shapes, types, vocabularies and identifiers of the
framework version the file names. Whether a claim is really met is the rules engine's
business (:mod:`fhcheck.evaluate`). Every problem of a file is reported, each located at
its ``FILE:LINE:COL`` and saying what was found and what was expected.
"""

from __future__ import annotations

import re
from typing import Any, Literal

from pydantic import (
    BaseModel,
    ConfigDict,
    Field,
    ValidationError,
    ValidationInfo,
    field_validator,
    model_validator,
)

from fhcheck.catalogue import Catalogue, CriteriaStore, FundingStream
from fhcheck.describe import describe
from fhcheck.errors import InputError, Problem
from fhcheck.fields import Date, Text
from fhcheck.load import Document
from fhcheck.programmes import Programme, Programmes
from fhcheck.validate import problems_from

FORMAT_VERSIONS = (1,)
Status = Literal["met", "partially_met", "not_met", "not_applicable"]
Change = Literal["reworded", "merged", "split", "replaced"]
_UNCITED = "found neither url nor path; expected at least one of url or path"
_URL = re.compile(r"^https?://[^\s/$.?#][^\s]*$", re.IGNORECASE)


class _Strict(BaseModel):
    model_config = ConfigDict(frozen=True, extra="forbid", hide_input_in_errors=False)


class EvidenceEntry(_Strict):
    """A document or page cited for an item."""

    title: Text
    url: Text | None = None
    path: Text | None = None
    kind: Text | None = None
    date: Date | None = None
    owner: Text | None = None
    sha256: Text | None = None

    @field_validator("url")
    @classmethod
    def _url_shape(cls, value: str | None) -> str | None:
        if value is not None and not _URL.match(value):
            if re.match(r"^https?://\S", value, re.IGNORECASE) and re.search(r"\s", value.strip()):
                spaces = re.sub(r"\s", "%20", value.strip())
                raise ValueError(
                    f"found {describe(value)}, a web address with spaces in it; expected a web address without "
                    f"spaces (write each space as %20, {spaces}, or copy the link from the browser's address bar)"
                )
            raise ValueError(f"found {value!r}; expected a web address starting https:// or http://")
        return value

    @field_validator("sha256")
    @classmethod
    def _digest_shape(cls, value: str | None) -> str | None:
        if value is not None and not re.fullmatch(r"[0-9a-fA-F]{64}", value):
            raise ValueError(f"found {describe(value)}; expected the 64 hexadecimal digits of a SHA-256 digest")
        return value.lower() if value else value

    @field_validator("kind")
    @classmethod
    def _known_kind(cls, value: str | None, info: ValidationInfo) -> str | None:
        kinds = (info.context or {}).get("kinds")
        if value is not None and kinds is not None and value not in kinds:
            from fhcheck.suggest import did_you_mean  # only a file with a problem needs suggestions

            raise ValueError(f"found kind {value!r}; expected one of {', '.join(kinds)}{did_you_mean(value, kinds)}")
        return value

    @model_validator(mode="after")
    def _cites_something(self) -> EvidenceEntry:
        if self.url is None and self.path is None:
            raise ValueError(_UNCITED)
        if self.sha256 is not None and self.path is None:
            raise ValueError("found sha256 without a path; expected sha256 only on an entry that cites a path")
        return self


class CarriedFrom(_Strict):
    """Set by ``fhcheck migrate`` on items whose criterion changed: review before trusting."""

    framework: Text
    items: tuple[Text, ...] = Field(min_length=1)
    change: Change
    reviewed: bool = False

    @field_validator("reviewed", mode="before")
    @classmethod
    def _plain_bool(cls, value: Any) -> Any:
        if not isinstance(value, bool):
            raise ValueError(f"found {describe(value)}; expected true or false")
        return value


class ItemEntry(_Strict):
    """What the file claims for one criterion item."""

    status: Status
    evidence: tuple[EvidenceEntry, ...] = ()
    note: Text | None = None
    justification: Text | None = None
    approved_by: Text | None = None
    review_by: Date | None = None
    plan: Text | None = None
    due: Date | None = None
    owner: Text | None = None
    carried_from: CarriedFrom | None = None


class EvidenceFile(_Strict):
    """The whole evidence file, format version 1."""

    fhcheck: Any = Field(description="evidence format version")
    framework: str
    local_authority: Text
    assessed_on: Date
    items: dict[str, ItemEntry] = Field(default_factory=dict)
    programmes: Programmes | None = Field(default=None, description="the programme register (fhcheck.programmes)")
    funding_stream: FundingStream | None = Field(
        default=None,
        description="the DfE funding stream the authority is on; for transformation_fund, reports name the deadline "
        "by which the framework expects the minimum expectations to be met",
    )
    retired: dict[str, dict[str, Any]] | None = None

    @field_validator("fhcheck")
    @classmethod
    def _format_version(cls, value: Any) -> int:
        if isinstance(value, bool) or value not in FORMAT_VERSIONS:
            known = ", ".join(str(v) for v in FORMAT_VERSIONS)
            shown = value if isinstance(value, (int, float, str)) and not isinstance(value, bool) else describe(value)
            raise ValueError(f"found format version {shown!s}; expected one of {known}")
        return int(value)

    @field_validator("framework", mode="before")
    @classmethod
    def _framework_text(cls, value: Any, info: ValidationInfo) -> str:
        known = (info.context or {}).get("versions", ())
        if isinstance(value, int) and not isinstance(value, bool):
            value = str(value)  # `framework: 2025` unquoted is still clearly the version
        if not isinstance(value, str):
            raise ValueError(f"found {describe(value)}; expected a framework version, one of {', '.join(known)}")
        if known and value not in known:
            from fhcheck.suggest import did_you_mean

            raise ValueError(
                f"found framework version {value!r}; expected one of {', '.join(known)}{did_you_mean(value, known)}"
            )
        return value


_ALLOWED = {
    "top": list(EvidenceFile.model_fields),
    "item": list(ItemEntry.model_fields),
    "evidence": list(EvidenceEntry.model_fields),
    "carried": list(CarriedFrom.model_fields),
    "programme": list(Programme.model_fields),
}


def _allowed_keys(path: tuple[Any, ...]) -> list[str]:
    """Which keys a mapping at ``path`` may hold, for 'unknown key' messages."""
    if len(path) == 0:
        return _ALLOWED["top"]
    if path[0] == "items" and len(path) == 2:
        return _ALLOWED["item"]
    if path[0] == "items" and len(path) == 4 and path[2] == "evidence":
        return _ALLOWED["evidence"]
    if path[0] == "items" and len(path) == 3 and path[2] == "carried_from":
        return _ALLOWED["carried"]
    if path[0] == "programmes" and len(path) == 2:
        return _ALLOWED["programme"]
    return []


def parse_evidence(doc: Document, store: CriteriaStore) -> tuple[EvidenceFile, Catalogue]:
    """Validate a parsed evidence file against the framework it names; raise every problem at once."""
    data = doc.data
    if not isinstance(data, dict):
        raise InputError.at(
            doc.where(()),
            f"found {describe(data)} at the top of the file; expected a mapping with fhcheck, framework, "
            "local_authority, assessed_on and items",
        )
    versions = store.versions()
    problems: list[Problem] = []
    evidence: EvidenceFile | None = None
    try:
        evidence = EvidenceFile.model_validate(data, context={"kinds": store.kinds, "versions": versions})
    except ValidationError as exc:
        problems.extend(problems_from(exc, doc, allowed_keys=_allowed_keys))
        problems.extend(p for p in _uncited_problems(data.get("items"), doc) if p not in problems)
    framework = _framework_named(data, versions)
    catalogue = store.get(framework, links=False) if framework else None
    items = data.get("items")
    if catalogue is not None and isinstance(items, dict):
        problems.extend(_identifier_problems(items, catalogue, store, doc))
    if doc.problems:
        taken = {p.location for p in doc.problems}  # a value refused while reading is not also "missing"
        problems = [*doc.problems, *(p for p in problems if p.location not in taken)]
    if problems or evidence is None or catalogue is None:
        problems.sort(key=lambda p: (p.location.line, p.location.column))
        raise InputError(problems or [Problem(doc.where(()), "the file is not a valid evidence file")])
    return evidence, catalogue


def _uncited_problems(items: Any, doc: Document) -> list[Problem]:
    """Evidence entries that cite neither url nor path.

    EvidenceEntry checks this too, but pydantic skips a model's after-validator when one of
    its fields fails, so a bad kind would hide the missing url until the next run.
    """
    problems = []
    for item_id, entry in (items or {}).items() if isinstance(items, dict) else ():
        cited = entry.get("evidence") if isinstance(entry, dict) else None
        for index, one in enumerate(cited if isinstance(cited, list) else ()):
            if isinstance(one, dict) and one.get("url") is None and one.get("path") is None:
                problems.append(Problem(doc.where(("items", item_id, "evidence", index)), _UNCITED))
    return problems


def _framework_named(data: dict[str, Any], versions: list[str]) -> str | None:
    value = data.get("framework")
    if isinstance(value, int) and not isinstance(value, bool):
        value = str(value)
    return value if isinstance(value, str) and value in versions else None


def _identifier_problems(
    items: dict[str, Any], catalogue: Catalogue, store: CriteriaStore, doc: Document
) -> list[Problem]:
    problems: list[Problem] = []
    for item_id in items:
        if item_id in catalogue.items:
            continue
        from fhcheck.suggest import did_you_mean, shown  # only an unknown identifier needs suggestions

        where = doc.where(("items", item_id), key=True)
        elsewhere = [
            v for v in store.versions() if v != catalogue.version and item_id in store.get(v, links=False).items
        ]
        if elsewhere:
            message = (
                f"identifier {item_id} exists only in framework {', '.join(elsewhere)}; expected an identifier "
                f"of framework {catalogue.version} (carry the file across with 'fhcheck migrate')"
            )
        else:
            # a suggestion costs a fuzzy match against every item: only for the ones a screen shows
            hint = did_you_mean(item_id, catalogue.items) if len(problems) < 40 else ""
            message = (
                f"unknown identifier {shown(item_id)}; expected an identifier of framework {catalogue.version} "
                f"(see 'fhcheck criteria list --framework {catalogue.version}'){hint}"
            )
        problems.append(Problem(where, message))
    return problems
