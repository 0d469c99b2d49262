"""Whose voice a stretch of text is in: a quoted speaker's, a reported speaker's, or the narrator's.

Three voices
------------
* ``direct_quote``: inside quotation marks. The span runs from the opening to the closing mark,
  marks included (``mark_start, mark_end`` of :func:`coverage_study.quotes`, outer
  quotations only; nested quotations lie inside their outer one).
* ``indirect``: the content of reported speech without marks (``Putin said [that he backs
  China's proposal]``, ``according to Putin, [relations are developing very well]``), the
  ``content`` spans of attributions with ``direct == False`` from
  :func:`coverage_study.components.attribution.attributions`, minus any part inside quotation marks.
  What a document says is reported speech too (``the proposal calls for [a ceasefire]``,
  ``the report found that [...]``, ``according to the memo, [...]``): a proposal, report or
  letter holds words its authors wrote, which the outlet relays rather than says in its own
  voice, and PolNeAR's annotation guidelines (Newell et al. 2018) count reports, letters and
  records as sources. The document's name itself (``the proposal``) is the narrator's.
* ``narrator``: everything else in the headline and body zones. :func:`voice_spans` does not list
  it; :func:`voice_at` and :func:`label_voice` return it for a span that no voice span contains.

Voice spans never overlap: where a quotation and reported content overlap, the quotation wins
(the reported content is cut around it). A span *has* a voice if it lies entirely inside one
voice span; a span that straddles a boundary (a term that runs across a quotation mark) is
``narrator``.
"""

from __future__ import annotations

from typing import Any

import numpy as np
import pandas as pd

from ..reading.corpus import reraise_for
from ..text.spans import merge, subtract_merged
from .quotations import quotation_parts

__all__ = ["VOICES", "label_voice", "voice_at", "voice_spans"]

VOICES = ("narrator", "direct_quote", "indirect")
_COLUMNS = ["article_id", "start", "end", "voice"]


def voice_spans(
    corpus: pd.DataFrame,
    *,
    quotes_table: pd.DataFrame | None = None,
    attributions_table: pd.DataFrame | None = None,
    indirect: bool = True,
    warn: bool = True,
    engine: str | None = None,
) -> pd.DataFrame:
    """One row per non-narrator voice span: ``article_id, start, end, voice``.

    Parameters
    ----------
    corpus : DataFrame
        As returned by :func:`coverage_study.load_corpus`.
    quotes_table, attributions_table : DataFrame, optional
        Precomputed :func:`~coverage_study.quotes` and
        :func:`~coverage_study.components.attribution.attributions` tables (computed when not
        given).
    indirect : bool
        Include ``indirect`` spans (reported-speech content) (default True).
    warn : bool
        Passed to :func:`~coverage_study.quotes` (a CorpusWarning per unbalanced mark).
    engine : str, optional
        The attribution engine of the indirect spans where no tables are given: ``"rules"``
        (the default) or ``"parse"`` (:mod:`coverage_study.components.attribution.engines`).

    Returns
    -------
    DataFrame
        Sorted by ``article_id, start``; spans do not overlap; ``voice`` is ``direct_quote`` or
        ``indirect``. Offsets are into ``text``.

    ``corpus`` may be an :class:`~coverage_study.document.AnnotatedCorpus`: its voice spans
    (found once, from its quotations and attributions) are returned.
    """
    from .article import unpack

    corpus, annotated = unpack(corpus)
    if annotated is not None:
        from .attribution.engines import check_annotated

        check_annotated(annotated, engine)
        if quotes_table is not None or attributions_table is not None:
            raise ValueError("voice_spans: an annotated corpus has its quotes and attributions")
        if indirect:
            return annotated.voices.copy()
        quotes_table = annotated.layer("quotation_parts")
    q = quotation_parts(corpus, quotes_table, warn=warn)
    # columns as lists: iterating rows (or pandas string columns) builds every value anew
    direct: dict[str, list[tuple[int, int]]] = {}
    for article_id, depth, mark_start, mark_end in zip(
        *(q[c].tolist() for c in ("article_id", "depth", "mark_start", "mark_end")), strict=True
    ):
        if depth == 0:
            direct.setdefault(article_id, []).append((mark_start, mark_end))
    reported: dict[str, list[tuple[int, int]]] = {}
    if indirect:
        a = attributions_table
        if a is None:
            from .attribution import attributions

            a = attributions(corpus, quotes_table=q, warn=False, engine=engine)
        columns = ("article_id", "direct", "content_start", "content_end")
        for article_id, is_direct, c_start, c_end in zip(
            *(a[c].tolist() for c in columns), strict=True
        ):
            # a content offset may be missing (None, or pd.NA from an Int64 column): no span
            if not is_direct and pd.notna(c_start) and pd.notna(c_end) and c_end > c_start:
                reported.setdefault(article_id, []).append((c_start, c_end))
    spans: list[tuple[str, list[tuple[int, int, str]]]] = []
    article_id = None  # named in an internal error
    try:
        for article_id in corpus["article_id"].tolist():
            found = article_voices(direct.get(article_id, []), reported.get(article_id))
            spans.append((article_id, found))
    except Exception as exc:
        reraise_for(article_id, "voice spans", exc)
    return voices_frame(spans)


def article_voices(
    direct: list[tuple[int, int]], reported: list[tuple[int, int]] | None
) -> list[tuple[int, int, str]]:
    """One article's voice spans ``(start, end, voice)``, sorted and disjoint: its outer
    quotations' ``(mark_start, mark_end)`` are ``direct_quote``; the reported contents
    ``(content_start, content_end)`` outside them are ``indirect``."""
    d = merge(direct)
    if reported:
        spans = [(s, e, "direct_quote") for s, e in d]
        spans.extend((s, e, "indirect") for s, e in subtract_merged(merge(reported), d))
        spans.sort()
        return spans
    return [(s, e, "direct_quote") for s, e in d]  # already sorted


def reported_spans(rows: list[dict[str, Any]]) -> list[tuple[int, int]]:
    """The ``(content_start, content_end)`` of an article's reported attributions (its rows of
    :func:`~coverage_study.components.attribution.attributions`, not direct, with a content)."""
    return [
        (r["content_start"], r["content_end"])
        for r in rows
        if not r["direct"]
        and r["content_start"] is not None
        and r["content_end"] is not None
        and r["content_end"] > r["content_start"]
    ]


def voices_frame(spans: list[tuple[str, list[tuple[int, int, str]]]]) -> pd.DataFrame:
    """The :func:`voice_spans` table of ``(article_id, its article_voices)`` pairs."""
    # the table is built from columns (not from a tuple per row)
    ids: list[str] = []
    starts: list[int] = []
    ends: list[int] = []
    labels: list[str] = []
    for article_id, found in spans:
        ids.extend([article_id] * len(found))
        for s, e, v in found:
            starts.append(s)
            ends.append(e)
            labels.append(v)
    if not ids:
        return pd.DataFrame([], columns=_COLUMNS).astype({"start": "int64", "end": "int64"})
    table = pd.DataFrame({"article_id": ids, "start": starts, "end": ends, "voice": labels})
    return table.astype({"start": "int64", "end": "int64"})


def voice_at(voices: pd.DataFrame, article_id: str, start: int, end: int) -> str:
    """The voice of ``text[start:end]`` of one article: ``narrator``, ``direct_quote`` or
    ``indirect``.

    ``voices`` is a :func:`voice_spans` table. The span has a voice if it lies inside one of the
    article's voice spans; otherwise (including a span across a boundary) it is ``narrator``.
    """
    rows = voices[
        (voices["article_id"] == article_id) & (voices["start"] <= start) & (voices["end"] >= end)
    ]
    return str(rows["voice"].iloc[0]) if len(rows) else "narrator"


def label_voice(spans: pd.DataFrame, voices: pd.DataFrame) -> pd.Series:
    """Vectorised :func:`voice_at`: the voice of each row of ``spans`` (``article_id, start, end``).

    Returns a Series aligned with ``spans.index``: ``narrator``, ``direct_quote`` or ``indirect``.
    Linear in the number of spans (a binary search per span within its article), e.g.
    ``hits.assign(voice=label_voice(hits, voice_spans(corpus)))``.
    """
    out = pd.Series("narrator", index=spans.index, dtype=object)
    if not len(spans) or not len(voices):
        return out
    by_article = {aid: g for aid, g in voices.groupby("article_id", sort=False)}
    for article_id, group in spans.groupby("article_id", sort=False):
        v = by_article.get(article_id)
        if v is None:
            continue
        v = v.sort_values("start")
        vs, ve, vv = v["start"].to_numpy(), v["end"].to_numpy(), v["voice"].to_numpy()
        s, e = group["start"].to_numpy(), group["end"].to_numpy()
        k = np.searchsorted(vs, s, side="right") - 1
        ok = (k >= 0) & (ve[np.clip(k, 0, None)] >= e)
        labels = np.where(ok, vv[np.clip(k, 0, None)], "narrator")
        out.loc[group.index] = labels
    return out
