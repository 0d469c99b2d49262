"""The quotes table: every direct quotation (:mod:`coverage_study.components.quotations` finds them:
what counts, what does not) once, with the speaker, cue and medium of the attribution that contains
it (:mod:`coverage_study.components.attribution`) and its word count."""

from __future__ import annotations

import pandas as pd

from ..components.article import unpack
from ..components.attribution import attach_to_quotes
from ..components.quotation_rows import one_row_per_quotation
from ..components.quotations import (
    QUOTE_COLUMNS,
    Quotation,
    QuoteProblem,
    find_quotations,
    quote_problems,
    unattributed_quotes,
)

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
        Fill ``speaker``, ``cue`` and ``via`` from
        :func:`coverage_study.components.attribution.attributions` (default True); False leaves them
        None and is faster.
    engine : str, optional
        The attribution engine that fills them: ``"rules"`` (the default) or ``"parse"``
        (:mod:`coverage_study.components.attribution.engines`).

    Returns
    -------
    DataFrame
        ``article_id, quote_id, zone, start, end, mark_start, mark_end, text, depth, kind,
        speaker, cue, via, n_parts, n_words``: one row per quotation, ``(article_id, quote_id)``
        unique. ``start, end`` is the content inside the marks (trimmed), ``mark_start,
        mark_end`` includes the marks; ``text`` is ``text[start:end]``; ``depth`` 0 for an outer
        quotation, 1 for one nested inside it, ...; ``kind`` ``full`` or ``partial`` (see
        :mod:`coverage_study.components.quotations`); ``speaker``, ``cue``, ``via`` from attribution
        (None where no attribution covers the quotation). A quotation that runs over several
        paragraphs (``n_parts`` > 1) is one row from its first part's start to its last part's
        end (``text`` then holds the paragraph breaks and re-opening marks between them); its
        speaker is that of its first attributed part. ``n_words`` counts the word tokens
        (:data:`coverage_study.text.spans.WORD`, counted by
        :func:`~coverage_study.text.spans.count_words_in`) inside the marks of every part: the words
        ``sources_table`` counts as quoted (``n_quoted_words``, outer quotations only) and
        ``speaker_table`` gives to the speaker.

        The span functions that take a ``quotes_table`` (``attributions``, ``voice_spans``,
        ``sources_table``) read the per-paragraph table of
        :func:`~coverage_study.components.quotations.unattributed_quotes` instead.

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
        from ..components.attribution.engines import check_annotated

        check_annotated(annotated, engine)
        if not attribute:
            return one_row_per_quotation(corpus, annotated.quotation_parts, annotated.part_words)
        return annotated.quotes.copy()
    table = unattributed_quotes(corpus, warn=warn)
    if attribute and len(table):
        table = attach_to_quotes(corpus, table, engine=engine)
    return one_row_per_quotation(corpus, table)
