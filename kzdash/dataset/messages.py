"""pydantic's validation errors as problems that help: the field's place,
what was expected, what was found, and a close name for a misspelt one. The
English is pydantic's own, as translatable templates (see :data:`PYDANTIC`)."""

from __future__ import annotations

import difflib
import types
import typing
from typing import Any

from pydantic import BaseModel, ValidationError

from kzdash.dataset.errors import Loc, Located, Problem
from kzdash.message import N_, Message
from kzdash.models import Model


def _fields_at(model: type[BaseModel], loc: Loc) -> list[str]:
    """Field names of the model found by following ``loc`` from ``model``."""
    current: Any = model
    for part in loc:
        current = _unwrap(current)
        if isinstance(part, int):
            continue
        if not (isinstance(current, type) and issubclass(current, BaseModel)):
            return []
        field = current.model_fields.get(part)
        if field is None:
            return []
        current = field.annotation
    current = _unwrap(current)
    if isinstance(current, type) and issubclass(current, BaseModel):
        return list(current.model_fields)
    return []


def _unwrap(tp: Any) -> Any:
    """list[X] -> X, X | None -> X, Annotated[X, ...] -> X."""
    while True:
        origin = typing.get_origin(tp)
        if origin is typing.Annotated or origin in (list, tuple):
            tp = typing.get_args(tp)[0]
        elif origin in (typing.Union, types.UnionType):
            args = [a for a in typing.get_args(tp) if a is not type(None)]
            if len(args) != 1:
                return tp
            tp = args[0]
        else:
            return tp


def _describe(value: Any) -> str:
    text = repr(value)
    return text if len(text) <= 60 else text[:57] + "..."


def pydantic_problems(
    parsed: Located, model: type[Model], exc: ValidationError
) -> list[Problem]:
    problems = []
    for err in exc.errors(include_url=False):
        loc: Loc = tuple(err["loc"])
        kind = err["type"]
        if kind == "missing" and len(loc) == 3 and loc[2] in parsed.absent:
            continue
        place: str = parsed.where(loc) or Message(N_("top level"))
        if kind == "extra_forbidden":
            name = str(loc[-1])
            known = _fields_at(model, loc[:-1])
            close = difflib.get_close_matches(name, known, n=1, cutoff=0.6)
            if close:
                message = Message(N_("{where}: unknown field {name}; did you mean {close}?"),
                                  where=place, name=repr(name), close=repr(close[0]))
            elif known:
                message = Message(N_("{where}: unknown field {name} (known fields: {known})"),
                                  where=place, name=repr(name), known=", ".join(known))
            else:
                message = Message(N_("{where}: unknown field {name}"),
                                  where=place, name=repr(name))
            problems.append(parsed.problem(loc, message, key=True))
            continue
        if kind != "missing" and "input" in err and not isinstance(err["input"], dict):
            message = Message(N_("{where}: {problem} (found {value})"), where=place,
                              problem=pydantic_message(err), value=_describe(err["input"]))
        else:
            message = Message(N_("{where}: {problem}"), where=place,
                              problem=pydantic_message(err))
        problems.append(parsed.problem(loc, message, key=kind == "missing"))
    return problems


# pydantic's messages for the errors that the models can produce, as templates
# filled from the error's ctx: each gives exactly pydantic's own English text
PYDANTIC = {
    "missing": N_("Field required"),
    "string_type": N_("Input should be a valid string"),
    "string_pattern_mismatch": N_("String should match pattern '{pattern}'"),
    "string_too_long": N_("String should have at most {max_length} characters"),
    "float_type": N_("Input should be a valid number"),
    "float_parsing": N_("Input should be a valid number, unable to parse string as a number"),
    "greater_than_equal": N_("Input should be greater than or equal to {ge}"),
    "less_than_equal": N_("Input should be less than or equal to {le}"),
    "bool_type": N_("Input should be a valid boolean"),
    "bool_parsing": N_("Input should be a valid boolean, unable to interpret input"),
    "date_type": N_("Input should be a valid date"),
    "date_parsing": N_("Input should be a valid date in the format YYYY-MM-DD, {error}"),
    "date_from_datetime_parsing": N_("Input should be a valid date or datetime, {error}"),
    "date_from_datetime_inexact": N_(
        "Datetimes provided to dates should have zero time - e.g. be exact dates"),
    "dict_type": N_("Input should be a valid dictionary"),
    "list_type": N_("Input should be a valid list"),
    "literal_error": N_("Input should be {expected}"),
    "model_type": N_("Input should be a valid dictionary or instance of {class_name}"),
}
# pydantic's counted messages, for the one count the models use
PYDANTIC_COUNTED = {
    ("string_too_short", 1): N_("String should have at least 1 character"),
    ("too_short", 1): N_("List should have at least 1 item after validation, not 0"),
}
# why a text is not a date, in speedate's words (pydantic's date parser)
_DATE_ERRORS = frozenset({
    N_("input is too short"),
    N_("day value is outside expected range"),
    N_("month value is outside expected range of 1-12"),
    N_("invalid date separator, expected `-`"),
    N_("invalid character in year"),
    N_("invalid character in month"),
    N_("invalid character in day"),
    N_("invalid datetime separator, expected `T`, `t`, `_` or space"),
    N_("year 0 is out of range"),
})


def pydantic_message(err: Any) -> str:
    """pydantic's message for ``err``, as a Message when it is one the
    models can produce (else pydantic's English text as it is)."""
    kind, ctx = err["type"], err.get("ctx", {})
    english = err["msg"].removeprefix("Value error, ")
    message: Message | None = None
    if kind == "value_error":
        reason = getattr(ctx.get("error"), "args", None) or (None,)
        if isinstance(reason[0], Message):  # what the models' validators raise
            message = reason[0]
    elif kind in PYDANTIC:
        values: dict[str, object] = {key: _shown(value) for key, value in ctx.items()}
        if kind == "literal_error" and " or " in str(ctx.get("expected")):
            # pydantic joins the choices: 'region' or 'city'; the "or" is a word
            choices, _, last = str(ctx["expected"]).rpartition(" or ")
            values["expected"] = Message(N_("{choices} or {last}"), choices=choices, last=last)
        if values.get("error") in _DATE_ERRORS:
            values["error"] = Message(str(values["error"]))
        message = Message(PYDANTIC[kind], **values)
    elif (kind, ctx.get("min_length")) in PYDANTIC_COUNTED:
        message = Message(PYDANTIC_COUNTED[kind, ctx["min_length"]])
    # pydantic's English stays the English text, should a newer pydantic word it otherwise
    return message if message == english else english


def _shown(value: Any) -> str:
    """A ctx value as pydantic writes it in its message: ``-90``, not ``-90.0``."""
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    return str(value)
