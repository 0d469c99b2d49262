"""The voice of each term hit, and the rows of the hits table.

A hit takes the voice of a voice span (:mod:`coverage_study.components.voice`) that contains it
entirely: ``direct_quote`` wins over ``indirect`` where both do; otherwise it is ``narrator``. Spans
are ranked by that precedence and indexed per article (:class:`_VoiceSpans`), so that voicing a
hit costs O(log spans). :mod:`coverage_study.tables.terms` counts and shows the voiced hits.
"""

from __future__ import annotations

import bisect
from typing import TYPE_CHECKING, Any

import pandas as pd

from .term_scan import _Article

if TYPE_CHECKING:
    from .lexicon import Lexicon

__all__ = ["HIT_COLUMNS", "VOICES", "article_hits", "hits_frame", "voice_ranks"]

VOICES = ("narrator", "direct_quote", "indirect")
"""Voice labels (as in :mod:`coverage_study.components.voice`)."""
_PRECEDENCE = {"narrator": 0, "indirect": 1, "direct_quote": 2}
"""A hit inside spans of several voices takes the highest: a quotation inside reported speech
is a quotation."""

HIT_COLUMNS = ["article_id", "start", "end", "text", "family", "pattern", "zone", "voice"]

_BY_PRECEDENCE = {rank: voice for voice, rank in _PRECEDENCE.items()}


def _voice_index(
    corpus: pd.DataFrame, voices: pd.DataFrame | None
) -> dict[str, list[tuple[int, int, int]]]:
    """article_id -> the article's voice spans ``(start, end, rank)``, narrator spans left out.

    Index them with :class:`_VoiceSpans` (done per article, for the articles with hits)."""
    if voices is None:
        from .voice import voice_spans  # imported late: terms works without the voice module

        voices = voice_spans(corpus)
    missing = {"article_id", "start", "end", "voice"} - set(voices.columns)
    if missing:
        raise ValueError(f"voices lacks column(s) {sorted(missing)}")
    unknown = set(voices["voice"].tolist()) - set(VOICES)
    if unknown:
        raise ValueError(f"voices has unknown voice label(s) {sorted(map(str, unknown))}")
    index: dict[str, list[tuple[int, int, int]]] = {}
    voiced = voices[(voices["voice"] != "narrator").to_numpy()]
    for article_id, s, e, v in zip(
        voiced["article_id"].tolist(),
        voiced["start"].tolist(),
        voiced["end"].tolist(),
        voiced["voice"].tolist(),
        strict=True,
    ):
        index.setdefault(article_id, []).append((int(s), int(e), _PRECEDENCE[v]))
    return index


def _ranks(
    spans: list[tuple[int, int, int]], hits: list[tuple[int, int, str, str, str]]
) -> list[int]:
    """The voice rank of each hit ``(start, end, ...)``: the highest rank of the spans that
    contain it, 0 if none. Few spans and hits: a plain scan; else :class:`_VoiceSpans`."""
    if not spans:
        return [0] * len(hits)
    if len(spans) * len(hits) > 64:
        index = _VoiceSpans(spans)
        return [index.rank(h[0], h[1]) for h in hits]
    return [
        max((r for s, e, r in spans if s <= start and end <= e), default=0)
        for start, end, *_ in hits
    ]


class _VoiceSpans:
    """An article's voice spans, indexed so that the voice of a hit costs O(log spans).

    A hit ``[start, end)`` lies inside some span of a rank iff, among that rank's spans with
    ``s <= start``, the largest ``e`` is ``>= end``: per rank, starts sorted and a running
    maximum of ends (a plain scan over every span made long articles quadratic).
    """

    def __init__(self, spans: list[tuple[int, int, int]]):
        by_rank: dict[int, list[tuple[int, int]]] = {}
        for s, e, rank in spans:
            by_rank.setdefault(rank, []).append((s, e))
        self.ranks = []
        for rank in sorted(by_rank, reverse=True):
            pairs = sorted(by_rank[rank])
            max_end, running = [], -1
            for _, e in pairs:
                running = max(running, e)
                max_end.append(running)
            self.ranks.append((rank, [s for s, _ in pairs], max_end))

    def rank(self, start: int, end: int) -> int:
        for rank, starts, max_end in self.ranks:  # highest precedence first
            i = bisect.bisect_right(starts, start) - 1
            if i >= 0 and max_end[i] >= end and rank > 0:
                return rank
        return 0


def _spans_of(index: dict[str, list[tuple[int, int, int]]], article_id: str) -> _VoiceSpans:
    """The article's voice spans, indexed (no spans: every hit is the narrator's)."""
    return _VoiceSpans(index.get(article_id, []))


def _voice(spans: _VoiceSpans | list[tuple[int, int, int]], start: int, end: int) -> str:
    if not isinstance(spans, _VoiceSpans):
        spans = _VoiceSpans(spans)
    return _BY_PRECEDENCE[spans.rank(start, end)]


def article_hits(art: _Article, spans: list[tuple[int, int, int]]) -> list[tuple[Any, ...]]:
    """The rows of :func:`term_hits` of one scanned article (a :class:`Scanner`'s), each hit
    voiced by the article's voice ``spans`` ``(start, end, rank)`` (narrator spans left out)."""
    if not art.hits:
        return []
    ranks = _ranks(spans, art.hits)
    text, article_id = art.text, art.article_id
    return [
        (article_id, s, e, text[s:e], family, pattern, zone, _BY_PRECEDENCE[rank])
        for (s, e, family, pattern, zone), rank in zip(art.hits, ranks, strict=True)
    ]


def voice_ranks(spans: list[tuple[int, int, str]]) -> list[tuple[int, int, int]]:
    """An article's voice spans ``(start, end, voice)`` as :func:`article_hits` reads them."""
    return [(s, e, _PRECEDENCE[v]) for s, e, v in spans if v != "narrator"]


def hits_frame(records: list[list[tuple[Any, ...]]], attrs: dict[str, Any]) -> pd.DataFrame:
    """The :func:`term_hits` table of the articles' rows (:func:`article_hits`), with
    ``attrs``."""
    rows = [r for article in records for r in article]
    hits = pd.DataFrame.from_records(rows, columns=HIT_COLUMNS)
    hits = hits.astype({"start": "int64", "end": "int64"})
    hits.attrs = attrs
    return hits


def _attrs(corpus: pd.DataFrame, lexicon: Lexicon) -> dict[str, Any]:
    attrs = {k: v for k, v in corpus.attrs.items() if k in ("cleaning_rules", "path")}
    attrs["lexicon"] = lexicon.provenance
    return attrs
