"""HSDS-UK 3.0 services validated against the profile's vendored ``service_list.json``.

The schema ships in ``fhcheck/oruk_schemas`` (package data, with its licence) and is read
once per process; jsonschema is imported only when a service needs its problems worded.
"""

from __future__ import annotations

from typing import Any

from fhcheck.describe import describe
from fhcheck.oruk.records import SERVICE_REQUIRED, STANDARD, FeedProblem


def _service_schema() -> dict[str, Any]:
    """The compiled HSDS-UK 3.0 ``service_list`` schema (vendored), read once per process."""
    global _SCHEMA
    if _SCHEMA is None:
        import json
        from importlib.resources import files

        _SCHEMA = json.loads(files("fhcheck").joinpath("oruk_schemas", "service_list.json").read_text("utf-8"))
    return _SCHEMA


def _service_validator() -> Any:
    """A jsonschema validator of :func:`_service_schema`, built (and jsonschema imported) only
    when a service needs its problems worded."""
    global _VALIDATOR
    if _VALIDATOR is None:
        from jsonschema import Draft202012Validator  # type: ignore[import-untyped]

        _VALIDATOR = Draft202012Validator(_service_schema())
    return _VALIDATOR


_SCHEMA: dict[str, Any] | None = None
_VALIDATOR: Any = None


#: JSON Schema keywords :func:`_plainly_valid` evaluates; any other validation keyword in the
#: vendored schema sends every service to jsonschema
_QUICK_KEYWORDS = frozenset({"type", "properties", "required", "enum", "items"})
#: keywords that only annotate (the compiled schema carries Frictionless table metadata) or
#: that the validator is not asked to assert (format: no format checker; ids get a warning)
_ANNOTATIONS = frozenset({"name", "title", "description", "example", "examples", "core", "constraints", "path",
                          "datapackage_metadata", "datapackage_type", "tabular_required", "format", "$schema", "$id",
                          "default", "order"})
_KNOWN_KEYWORDS = _QUICK_KEYWORDS | _ANNOTATIONS
_TYPES: dict[str, tuple[type, ...]] = {"string": (str,), "number": (int, float), "integer": (int,),
                                       "object": (dict,), "array": (list,), "boolean": (bool,)}


def _plainly_valid(schema: dict[str, Any], value: Any) -> bool:
    """True only when ``value`` certainly satisfies ``schema``; False means "ask jsonschema".

    A speed-up, not a second validator: it reads the same vendored schema, evaluates only the
    keywords in :data:`_QUICK_KEYWORDS`, and defers anything else (or any doubt) to jsonschema,
    which alone words the problems. An 800-service 3.0 feed goes from ~0.3 s to ~10 ms.
    """
    if not _KNOWN_KEYWORDS.issuperset(schema) or not _type_fits(schema, value):
        return False
    if "enum" in schema and value not in schema["enum"]:
        return False
    if isinstance(value, dict):
        if any(key not in value for key in schema.get("required", ())):
            return False
        return all(_plainly_valid(sub, value[key]) for key, sub in schema.get("properties", {}).items() if key in value)
    if isinstance(value, list) and isinstance(schema.get("items"), dict):
        return all(_plainly_valid(schema["items"], item) for item in value)
    return True


def _type_fits(schema: dict[str, Any], value: Any) -> bool:
    """Whether ``value`` has the schema's ``type`` (a single JSON type; a boolean is no number)."""
    kind = schema.get("type")
    if kind is None:
        return True
    kinds = _TYPES.get(kind) if isinstance(kind, str) else None
    if kinds is None or isinstance(value, bool) and bool not in kinds or not isinstance(value, kinds):
        return False
    return not (kind == "integer" and isinstance(value, float))


def _schema_problems(schema: dict[str, Any], service: dict[str, Any], where: str, problems: list[FeedProblem]) -> None:
    """The schema's findings as located messages: 'missing; expected ...', 'found ...; expected ...'."""
    if _plainly_valid(schema, service):
        return
    validator = _service_validator()
    reported: set[str] = set()
    for error in validator.iter_errors(service):
        path = where + "".join(f"[{p}]" if isinstance(p, int) else f".{p}" for p in error.absolute_path)
        if path in reported and error.validator != "required":
            continue  # null status: "expected text" says it; "one of ..." would say it twice
        reported.add(path)
        if error.validator == "required":
            key = str(error.message).split("'")[1] if "'" in str(error.message) else "?"
            owner = "organization's" if path.endswith(".organization") else "service's"
            label = SERVICE_REQUIRED.get(key, key) if owner == "service's" else key
            problems.append(FeedProblem(f"{path}.{key}", f"missing; expected the {owner} {label} (required by "
                                        f"{STANDARD})"))
        elif error.validator == "enum":
            problems.append(FeedProblem(path, f"found {describe(error.instance, json=True)}; expected one of "
                                        f"{', '.join(str(v) for v in error.validator_value)}"))
        elif error.validator == "type":
            expected = _a(error.validator_value)
            problems.append(FeedProblem(path, f"found {describe(error.instance, json=True)}; expected {expected}"))
        else:
            problems.append(FeedProblem(path, f"found {describe(error.instance, json=True)}; expected {error.message}"))


def _a(kind: Any) -> str:
    names: dict[str, str] = {"string": "text", "number": "a number", "integer": "a whole number", "object": "an object",
             "array": "an array", "boolean": "true or false"}
    kinds = [str(k) for k in (kind if isinstance(kind, list) else [kind])]
    return " or ".join(names.get(k, k) for k in kinds)
