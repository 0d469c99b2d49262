"""The attribution engines, chosen by name: ``"rules"`` (regular expressions over the text, no
model; the default) and ``"parse"`` (the rules' cues with source and content read from a spaCy
parse, plus the cues the parse finds: :mod:`~coverage_study.attribution.parse_engine`; the
``[parse]`` extra)."""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from spacy.tokens import Doc

    from ..aliases import AliasTable
    from ..discover import Discovery
    from .table import Reader

__all__ = ["ENGINES", "check_engine", "make_reader", "with_engine"]

ENGINES = ("rules", "parse")
"""The attribution engines, by name."""


def check_engine(engine: str) -> str:
    """``engine`` if it names an engine of :data:`ENGINES`, else a ValueError naming them."""
    if engine not in ENGINES:
        raise ValueError(
            f"no attribution engine {engine!r}: the engines are {', '.join(map(repr, ENGINES))}"
        )
    return engine


def make_reader(
    engine: str = "rules",
    aliases: AliasTable | str | Path | None = None,
    discover: bool = True,
    discovery: Discovery | None = None,
    parses: dict[str, list[Doc]] | None = None,
) -> Reader:
    """The per-article attribution component of ``engine``. For ``"parse"`` the model is
    loaded here (once per process), so that a missing ``[parse]`` extra is reported before
    the first article is read."""
    from .table import Reader

    if check_engine(engine) == "rules":
        return Reader(aliases, discover, discovery)
    from .parse_engine import ParseReader
    from .parse_model import load_model

    load_model()
    return ParseReader(aliases, discover, discovery, parses)


def with_engine(corpus: Any, engine: str | None, *, warn: bool = True, lexicon: Any = None) -> Any:
    """What a reader of attributions reads for ``engine``: ``corpus`` itself for None or
    ``"rules"`` (its own functions find the rules' attributions) and for an annotated corpus of
    that engine (a ValueError for one of another); a corpus table annotated with ``engine``
    otherwise (:func:`coverage_study.annotate`, with ``lexicon`` and ``warn``)."""
    if engine is None:
        return corpus
    check_engine(engine)
    from ..article import unpack

    _, annotated = unpack(corpus)
    if annotated is not None:
        used = getattr(annotated, "engine", "rules")
        if used != engine:
            raise ValueError(
                f"the corpus was annotated with engine={used!r}, not {engine!r} "
                "(annotate(corpus, engine=...) anew)"
            )
        return corpus
    if engine == "rules":
        return corpus
    from ..document import annotate

    return annotate(corpus, lexicon, warn=warn, engine=engine)
