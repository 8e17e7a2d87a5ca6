"""Turning pydantic's validation errors into diagnostics with file, line, field and hint."""

from __future__ import annotations

import difflib
from typing import Any, TypeVar

from pydantic import BaseModel, ValidationError

from generator.records.diagnostics import Diagnostic, error
from generator.records.diagnostics import dotted
from generator.read.sources import Located

ModelT = TypeVar("ModelT", bound=BaseModel)


def validate_located(
    model: type[ModelT], located: Located, display: str, path_prefix: tuple = (),
    context: dict | None = None, **extra: Any,
) -> tuple[ModelT | None, list[Diagnostic]]:
    """Validate `located.data` (plus `extra` fields the file does not hold) against `model`.

    `context` reaches the models' validators (e.g. `known_people` for person ids)."""
    data = located.data if isinstance(located.data, dict) else None
    if data is None:
        return None, [
            error(
                display, located.first_line, dotted(path_prefix),
                f"expected a mapping of fields, found {type(located.data).__name__}",
                "write the record as 'field: value' lines",
            )
        ]
    try:
        return model.model_validate({**data, **extra}, context=context), []
    except ValidationError as exc:
        return None, [_diagnostic(model, e, located, display, path_prefix) for e in exc.errors()]


def _diagnostic(model, err: dict, located: Located, display: str, prefix: tuple) -> Diagnostic:
    loc = tuple(part for part in err["loc"] if not _is_union_tag(part) and part != "[key]")
    line = located.line_of(loc)
    field = dotted(prefix + loc)
    kind = err["type"]
    value = err.get("input")
    if kind == "extra_forbidden" and loc:
        name = str(loc[-1])
        allowed = _allowed_fields(model, loc[:-1])
        close = difflib.get_close_matches(name, allowed, n=1, cutoff=0.6)
        hint = f"did you mean '{close[0]}'?" if close else (
            "known fields here: " + ", ".join(sorted(allowed)) if allowed else "remove it"
        )
        return error(display, line, field, f"unknown field '{name}'", hint)
    if kind == "unknown_person":
        return error(display, line, field, err["msg"], _unknown_person_hint(value, context_people(err)))
    if kind == "missing":
        return error(display, line, field, "required field is missing",
                     f"add '{loc[-1]}:' here" if loc else "")
    if kind in {"date_from_datetime_parsing", "date_parsing", "date_type", "date_from_datetime_inexact"}:
        return error(display, line, field, f"'{value}' is not a valid date",
                     "write dates as YYYY-MM-DD, e.g. 2017-04-06, and check the day exists")
    if kind == "enum":
        expected = err.get("ctx", {}).get("expected", "").replace("'", "")
        return error(display, line, field, f"'{value}' is not one of {expected.replace(' or ', ', ')}",
                     "use one of the listed values exactly as written")
    if kind == "literal_error":
        expected = err.get("ctx", {}).get("expected", "").replace("'", "")
        return error(display, line, field, f"'{value}' is not one of {expected.replace(' or ', ', ')}",
                     "see 'Writing records' for the document types")
    if kind == "string_pattern_mismatch":
        return error(display, line, field, f"'{value}' is not a valid id",
                     "ids use lower-case letters, digits and hyphens, e.g. m-mutton")
    if kind == "value_error":
        message, _, hint = str(err.get("ctx", {}).get("error", err["msg"])).partition("; ")
        return error(display, line, field, message, hint)
    return error(display, line, field, f"{err['msg']} (found {_short(value)})", _type_hint(kind))


def context_people(err: dict) -> list[str]:
    return list((err.get("ctx") or {}).get("known", []))


def _unknown_person_hint(person_id: Any, known: list[str]) -> str:
    close = difflib.get_close_matches(str(person_id), known, n=1, cutoff=0.7)
    return ((f"did you mean '{close[0]}'? " if close else "")
            + "add the id to the council's people.yml, or name a one-off person inline as "
            "{name: ..., organisation: ...}")


def _type_hint(kind: str) -> str:
    if kind.startswith(("tuple", "list")):
        return "write a list: one '- item' per line, or [a, b]"
    if kind.startswith(("dict", "model")):
        return "write a mapping of 'field: value' lines"
    if kind.startswith("string"):
        return "write text; quote it if it looks like a number or date"
    if kind.startswith("int"):
        return "write a whole number"
    if kind.startswith("bool"):
        return "write true or false"
    return ""


def _short(value: Any) -> str:
    text = repr(value)
    return text if len(text) <= 60 else text[:57] + "..."


def _is_union_tag(part: Any) -> bool:
    """Validator wrappers pydantic puts in error locations; they are not fields."""
    return isinstance(part, str) and part.startswith(("function-", "tagged-union"))


def _allowed_fields(model: type[BaseModel], loc: tuple) -> list[str]:
    """The field names of the (nested) model at `loc`, for 'did you mean' hints."""
    current: Any = model
    for part in loc:
        if isinstance(part, int):
            continue
        fields = getattr(current, "model_fields", None)
        if not fields:
            return []
        if part not in fields:
            continue  # a mapping key such as a municipal year, not a field
        current = _inner_model(fields[part].annotation)
    fields = getattr(current, "model_fields", {}) or {}
    return [info.alias or name for name, info in fields.items()]


def _inner_model(annotation: Any) -> Any:
    if isinstance(annotation, type) and issubclass(annotation, BaseModel):
        return annotation
    for arg in getattr(annotation, "__args__", ()) or ():
        found = _inner_model(arg)
        if found is not None:
            return found
    return None
