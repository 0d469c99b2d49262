"""The quotes table: every direct quotation (:mod:`coverage_study.quotations` finds them: what
counts, what does not) with the speaker, cue and medium of the attribution that contains it
(:mod:`coverage_study.attribution`)."""

from __future__ import annotations

import pandas as pd

from .attribution import attach_to_quotes
from .quotations import (
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


def quotes(corpus: pd.DataFrame, *, warn: bool = True, attribute: bool = True) -> pd.DataFrame:
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

    Returns
    -------
    DataFrame
        ``article_id, quote_id, zone, start, end, mark_start, mark_end, text, depth, kind,
        speaker, cue, via``. ``start, end`` is the content inside the marks (trimmed),
        ``mark_start, mark_end`` includes the marks; ``text`` is ``text[start:end]``; ``depth`` 0
        for an outer quotation, 1 for one nested inside it, ...; ``kind`` ``full`` or ``partial``
        (see :mod:`coverage_study.quotations`); ``speaker``, ``cue``, ``via`` from attribution
        (None where no attribution covers the quotation). A quotation running over several
        paragraphs gives one row per paragraph, sharing ``quote_id``.

    Warns
    -----
    CorpusWarning
        ``<article_id>: unbalanced quotation mark '”' at character <n> (...)`` for each mark that
        has no partner in its paragraph.
    """
    table = unattributed_quotes(corpus, warn=warn)
    if attribute and len(table):
        table = attach_to_quotes(corpus, table)
    return table
