"""The attribution engines, chosen by name: ``"rules"`` (regular expressions over the text, no
model; the default) and ``"parse"`` (the rules' cues with source and content read from a spaCy
parse, plus the cues the parse finds:
:mod:`~coverage_study.components.attribution.parse_engine`; the ``[parse]`` extra). Each
engine's per-article component is made by
:func:`coverage_study.components.attribution.table.make_reader`."""

from __future__ import annotations

from typing import Any

__all__ = ["ENGINES", "check_annotated", "check_engine"]

ENGINES = ("rules", "parse")
"""The attribution engines, by name."""


def check_engine(engine: str) -> str:
    """``engine`` if it names an engine of :data:`ENGINES`, else a ValueError naming them."""
    if engine not in ENGINES:
        raise ValueError(
            f"no attribution engine {engine!r}: the engines are {', '.join(map(repr, ENGINES))}"
        )
    return engine


def check_annotated(annotated: Any, engine: str | None) -> None:
    """A ValueError where ``engine`` is given and the annotated corpus has another."""
    if engine is None:
        return
    used = getattr(annotated, "engine", "rules")
    if check_engine(engine) != used:
        raise ValueError(
            f"the corpus was annotated with engine={used!r}, not {engine!r} "
            "(annotate(corpus, engine=...) anew)"
        )
