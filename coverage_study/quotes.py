"""The quotes table: every direct quotation (:mod:`coverage_study.quotations` finds them: what
counts, what does not) once, with the speaker, cue and medium of the attribution that contains
it (:mod:`coverage_study.attribution`) and its word count."""

from __future__ import annotations

import pandas as pd

from .article import unpack
from .attribution import attach_to_quotes
from .quotations import (
    QUOTE_COLUMNS,
    Quotation,
    QuoteProblem,
    find_quotations,
    quote_problems,
    unattributed_quotes,
)
from .spans import count_words_in, word_bytes

__all__ = [
    "QUOTE_COLUMNS",
    "QuoteProblem",
    "Quotation",
    "find_quotations",
    "quote_problems",
    "quotes",
    "unattributed_quotes",
]


def quotes(
    corpus: pd.DataFrame, *, warn: bool = True, attribute: bool = True, engine: str | None = None
) -> pd.DataFrame:
    """One row per direct quotation in the headline and body zones of each article.

    Parameters
    ----------
    corpus : DataFrame
        As returned by :func:`coverage_study.load_corpus`.
    warn : bool
        Emit a :class:`CorpusWarning` for each unbalanced quotation mark (default True).
    attribute : bool
        Fill ``speaker``, ``cue`` and ``via`` from :func:`coverage_study.attribution.attributions`
        (default True); False leaves them None and is faster.
    engine : str, optional
        The attribution engine that fills them: ``"rules"`` (the default) or ``"parse"``
        (:mod:`coverage_study.attribution.engines`).

    Returns
    -------
    DataFrame
        ``article_id, quote_id, zone, start, end, mark_start, mark_end, text, depth, kind,
        speaker, cue, via, n_parts, n_words``: one row per quotation, ``(article_id, quote_id)``
        unique. ``start, end`` is the content inside the marks (trimmed), ``mark_start,
        mark_end`` includes the marks; ``text`` is ``text[start:end]``; ``depth`` 0 for an outer
        quotation, 1 for one nested inside it, ...; ``kind`` ``full`` or ``partial`` (see
        :mod:`coverage_study.quotations`); ``speaker``, ``cue``, ``via`` from attribution (None
        where no attribution covers the quotation). A quotation that runs over several
        paragraphs (``n_parts`` > 1) is one row from its first part's start to its last part's
        end (``text`` then holds the paragraph breaks and re-opening marks between them); its
        speaker is that of its first attributed part. ``n_words`` counts the word tokens
        (:data:`coverage_study.spans.WORD`, counted by
        :func:`~coverage_study.spans.count_words_in`) inside the marks of every part: the words
        ``sources_table`` counts as quoted (``n_quoted_words``, outer quotations only) and
        ``speaker_table`` gives to the speaker.

        The span functions that take a ``quotes_table`` (``attributions``, ``voice_spans``,
        ``sources_table``) read the per-paragraph table of
        :func:`~coverage_study.quotations.unattributed_quotes` instead.

    Warns
    -----
    CorpusWarning
        ``<article_id>: unbalanced quotation mark '”' at character <n> (...)`` for each mark that
        has no partner in its paragraph.

    ``corpus`` may be an :class:`~coverage_study.document.AnnotatedCorpus`: its quotes (found
    once; it warned when it found them) are returned.
    """
    corpus, annotated = unpack(corpus)
    if annotated is not None:
        from .attribution.engines import check_annotated

        check_annotated(annotated, engine)
        if not attribute:
            return one_row_per_quotation(corpus, annotated.quotation_parts, annotated.part_words)
        return annotated.quotes.copy()
    table = unattributed_quotes(corpus, warn=warn)
    if attribute and len(table):
        table = attach_to_quotes(corpus, table, engine=engine)
    return one_row_per_quotation(corpus, table)


def one_row_per_quotation(
    corpus: pd.DataFrame, parts: pd.DataFrame, part_words: list[int] | None = None
) -> pd.DataFrame:
    """The per-paragraph ``parts`` (an :func:`unattributed_quotes` table, attributed or not)
    as one row per quotation, with ``n_parts`` and ``n_words`` (see :func:`quotes`).
    ``part_words``: the word count of each part, if already counted (the words layer of an
    annotated corpus)."""
    text_of = dict(zip(corpus["article_id"].tolist(), corpus["text"].tolist(), strict=True))
    ids, starts, ends = (parts[c].tolist() for c in ("article_id", "start", "end"))
    words: list[int] = []
    if part_words is not None:
        words = part_words
    last, wb = None, None
    for a, s, e in zip(ids, starts, ends, strict=True) if part_words is None else ():
        if a != last:  # the parts of an article are together: its bytes made once
            last, wb = a, word_bytes(text_of[a])
        words.append(count_words_in(text_of[a], wb, s, e))
    table = parts.assign(n_parts=1, n_words=words)
    key = ["article_id", "quote_id"]
    several = table.duplicated(key, keep=False).to_numpy()
    if not several.any():
        return table.reset_index(drop=True)
    multi = table[several]
    first = multi.groupby(key, sort=False).head(1).set_index(key)
    grouped = multi.groupby(key, sort=False)
    last = grouped.tail(1).set_index(key)
    first["end"] = last["end"]
    first["mark_end"] = last["mark_end"]
    first["n_parts"] = grouped.size()
    first["n_words"] = grouped["n_words"].sum()
    for column in ("speaker", "cue", "via"):  # the first attributed part's
        attributed = multi.dropna(subset=["speaker"]).groupby(key, sort=False)[column].first()
        first[column] = attributed.reindex(first.index).where(
            attributed.reindex(first.index).notna(), None
        )
    text = [text_of[a][s:e] for (a, _), s, e in zip(first.index, first["start"], first["end"],
                                                     strict=True)]  # fmt: skip
    first["text"] = text
    merged = pd.concat([table[~several], first.reset_index()[table.columns]])
    return merged.sort_values(key, kind="stable").reset_index(drop=True)
