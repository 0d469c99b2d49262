"""The per-article input the components read: one :class:`Article` per corpus row
(:func:`articles`), and :func:`unpack`, which lets a component take either a corpus table or
an annotated corpus.

This module sits below the per-article components (quotations, attribution, voice, term scan,
actors, readability, sources) and knows nothing of them nor of the document
(:mod:`coverage_study.document`) that runs them: the components import their input from here,
and the document fills it. :class:`Layers` is the face of an annotated corpus that a component
reads (its corpus table and the layers already found); the document's
:class:`~coverage_study.document.AnnotatedCorpus` is the one class that has it.
"""

from __future__ import annotations

from collections.abc import Iterator, Sequence
from typing import TYPE_CHECKING, Any, NamedTuple

import pandas as pd

if TYPE_CHECKING:
    from .aliases import AliasTable
    from .lexicon import Lexicon

__all__ = ["Article", "Layers", "articles", "unpack"]


class Article(NamedTuple):
    """One article as every per-article component reads it: the fields of its corpus row."""

    article_id: str
    text: str
    headline_span: tuple[int, int] | None
    body_spans: Sequence[tuple[int, int]]  # a tuple in a loaded corpus
    published: Any
    """Its ``published`` value (a date, a string, None or NA; None without the column)."""
    body: Any
    """Its cleaned body (``body``; None without the column)."""

    @property
    def zones(self) -> list[tuple[str, int, int]]:
        """``(zone, start, end)``: the headline, then the body paragraphs, as stored."""
        zones = [] if self.headline_span is None else [("headline", *self.headline_span)]
        return zones + [("body", s, e) for s, e in self.body_spans]


def articles(corpus: pd.DataFrame) -> Iterator[Article]:
    """The corpus's articles in order, each an :class:`Article` (read column by column)."""
    columns = [corpus[c].tolist() for c in ("article_id", "text", "headline_span", "body_spans")]
    for c in ("published", "body"):
        columns.append(corpus[c].tolist() if c in corpus else [None] * len(corpus))
    for row in zip(*columns, strict=True):
        yield Article(*row)


class Layers:
    """What a component reads of an annotated corpus: the corpus table (its string columns as
    Python strings), the lexicon and alias table it was annotated with, and its layers, each
    found on first read. The base of :class:`~coverage_study.document.AnnotatedCorpus`, which
    defines them (its docstring says what each layer holds); :func:`unpack` recognises it."""

    corpus: pd.DataFrame
    lexicon: Lexicon
    aliases: AliasTable

    if TYPE_CHECKING:  # defined by AnnotatedCorpus (the document computes them)

        @property
        def quotation_parts(self) -> pd.DataFrame: ...
        @property
        def attributions(self) -> pd.DataFrame: ...
        @property
        def voices(self) -> pd.DataFrame: ...
        @property
        def hits(self) -> pd.DataFrame: ...
        @property
        def mentions(self) -> pd.DataFrame: ...
        @property
        def counts(self) -> list[tuple[str, dict[str, int], bool]]: ...
        @property
        def words(self) -> list[tuple[str, int, int, list[int]]]: ...
        @property
        def part_words(self) -> list[int]: ...
        @property
        def quotes(self) -> pd.DataFrame: ...
        def layer(self, layer: str) -> pd.DataFrame: ...


def unpack(corpus: Any) -> tuple[pd.DataFrame, Layers | None]:
    """``(the corpus table, the annotated corpus or None)`` for a function that takes either."""
    if isinstance(corpus, Layers):
        return corpus.corpus, corpus
    return corpus, None
