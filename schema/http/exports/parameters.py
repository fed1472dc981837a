"""The query parameters of ``GET /export/{format}``, read into export options.

Parameters (all optional): ``asOf`` (YYYY-MM-DD), ``relation`` (repeatable or comma-separated),
``valence``, ``minConfidence`` (0 to 1), ``includeClaims`` (true/false), ``around`` (an actor
key) with ``depth`` (1 to 3), ``layout`` (spring, kamada-kawai, circular, shell; by default
spring up to the layout limit and circular above) and ``seed``.

:func:`parse_format` and :func:`parse_export_options` are what the CLI's ``export`` command
uses too, so both front doors accept the same values and report the same errors.
"""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Mapping, Sequence
from typing import TypeVar

from graph import GraphError, Relation, Valence
from graph.export.formats import ExportFormat, ExportOptions
from graph.export.layout import DEFAULT_SEED, MAX_SPRING_ACTORS, Layout
from schema.errors import BadRequest

__all__ = [
    "PARAMETERS",
    "Query",
    "naming_parameter",
    "parse_export_options",
    "parse_format",
]

PARAMETERS: dict[str, str] = {
    "asOf": "as_of",
    "relation": "relations",
    "valence": "valence",
    "minConfidence": "min_confidence",
    "includeClaims": "include_claims",
    "around": "around",
    "depth": "depth",
    "layout": "layout",
    "seed": "seed",
}
"""Each query parameter and the :class:`~graph.export.formats.ExportOptions` field it sets."""

_PARAMETER_OF = {field: name for name, field in PARAMETERS.items()} | {"actors": "around"}
_DATE = re.compile(r"\d{4}-\d{2}-\d{2}")
_BOOLEANS = {"true": True, "1": True, "yes": True, "false": False, "0": False, "no": False}

Query = Mapping[str, str | Sequence[str]]
_E = TypeVar("_E", Relation, Valence)


def parse_format(text: str) -> ExportFormat:
    """The export format called ``text``; raises :class:`BadRequest` (``UNKNOWN_FORMAT``)."""
    try:
        return ExportFormat(text.strip().lower())
    except ValueError:
        known = ", ".join(f.value for f in ExportFormat)
        raise BadRequest(
            f"unknown export format {text!r}; use one of {known}",
            code="UNKNOWN_FORMAT",
            field="format",
        ) from None


def parse_export_options(
    query: Query, *, max_layout_actors: int = MAX_SPRING_ACTORS
) -> ExportOptions:
    """Export options from query parameters (each a string or a list of strings), with the
    server's limit on the actors spring and Kamada-Kawai lay out.

    Raises :class:`graph.GraphError` whose ``field`` is the offending parameter's name.
    """
    values = {name: [raw] if isinstance(raw, str) else list(raw) for name, raw in query.items()}
    for name in values:
        if name not in PARAMETERS:
            head, *rest = name.split("_")
            camel = head + "".join(word.title() for word in rest)
            hint = (
                f"did you mean {camel!r}?"
                if camel in PARAMETERS
                else f"the parameters are {', '.join(PARAMETERS)}"
            )
            raise BadRequest(
                f"unknown parameter {name!r}; {hint}",
                code="UNKNOWN_PARAMETER",
                field=name,
            )
    relations = None
    if "relation" in values:
        pieces = [p.strip() for raw in values["relation"] for p in raw.split(",")]
        relations = frozenset(_member(Relation, p, "relation") for p in pieces)
    text = {name: _single(name, raw) for name, raw in values.items() if name != "relation"}
    if "depth" in text and "around" not in text:
        raise BadRequest("depth needs around", code="BAD_USER_INPUT", field="depth")
    depth, seed = _integer(text, "depth"), _integer(text, "seed")
    try:
        return ExportOptions(
            as_of=_date(text["asOf"]) if "asOf" in text else None,
            relations=relations,
            valence=_member(Valence, text["valence"], "valence") if "valence" in text else None,
            min_confidence=_float(text, "minConfidence"),
            include_claims=_boolean(text.get("includeClaims", "true")),
            around=_key(text["around"]) if "around" in text else None,
            depth=1 if depth is None else depth,
            layout=_layout(text["layout"]) if "layout" in text else None,
            seed=DEFAULT_SEED if seed is None else seed,
            max_layout_actors=max_layout_actors,
        )
    except GraphError as err:
        raise naming_parameter(err) from None


def naming_parameter(err: GraphError) -> GraphError:
    """``err``, its ``field`` renamed to the query parameter that sets it."""
    if err.field in _PARAMETER_OF:
        err.field = _PARAMETER_OF[err.field]
    return err


def _bad(name: str, message: str) -> BadRequest:
    return BadRequest(f"{name} {message}", code="BAD_USER_INPUT", field=name)


def _single(name: str, raw: list[str]) -> str:
    if len(raw) != 1:
        raise _bad(name, f"must be given once, got {len(raw)} values")
    return raw[0].strip()


def _member(enum: type[_E], text: str, name: str) -> _E:
    try:
        return enum[text.strip().upper().replace("-", "_")]
    except KeyError:
        known = ", ".join(m.name for m in enum)
        raise _bad(name, f"must be one of {known}, got {text!r}") from None


def _date(text: str) -> dt.date:
    try:
        if _DATE.fullmatch(text):
            return dt.date.fromisoformat(text)
    except ValueError:
        pass
    raise _bad("asOf", f"must be a date written YYYY-MM-DD, got {text!r}")


def _integer(text: Mapping[str, str], name: str) -> int | None:
    if name not in text:
        return None
    try:
        return int(text[name])
    except ValueError:
        raise _bad(name, f"must be an integer, got {text[name]!r}") from None


def _float(text: Mapping[str, str], name: str) -> float | None:
    if name not in text:
        return None
    try:
        return float(text[name])
    except ValueError:
        raise _bad(name, f"must be a number, got {text[name]!r}") from None


def _boolean(text: str) -> bool:
    if text.lower() not in _BOOLEANS:
        raise _bad("includeClaims", f"must be true or false, got {text!r}")
    return _BOOLEANS[text.lower()]


def _key(text: str) -> str:
    if not text:
        raise _bad("around", "must be an actor key")
    return text


def _layout(text: str) -> Layout:
    try:
        return Layout(text.lower().replace("_", "-"))
    except ValueError:
        known = ", ".join(layout.value for layout in Layout)
        raise _bad("layout", f"must be one of {known}, got {text!r}") from None
