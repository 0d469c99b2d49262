"""The readability tables: the indices of each article's cleaned body (:func:`readability_table`)
and its sentences (:func:`sentence_table`), from the counts of
:mod:`coverage_study.components.readability` (what is counted, the formulas, and which way
each index points: see there)."""

from __future__ import annotations

import warnings
from collections.abc import Iterable

import pandas as pd

from ..components.readability import (
    COUNT_COLUMNS,
    INDEX_COLUMNS,
    _words,
    body_counts,
)
from ..components.readability_formulas import _NAN, _indices
from ..reading.corpus import ArticlesWarning
from ..text.sentence_split import sentence_spans

__all__ = ["readability_table", "sentence_table"]


def _warn(article_ids: Iterable[str], why: str) -> None:
    ids = list(article_ids)
    if ids:
        warning = ArticlesWarning("readability", why, "their indices are NaN", ids)
        warnings.warn(warning, stacklevel=3)


def readability_table(
    corpus: pd.DataFrame, *, min_words: int = 100, smog_min_sentences: int = 0
) -> pd.DataFrame:
    """Readability of each article's cleaned body: one row per article.

    Parameters
    ----------
    corpus : DataFrame
        From :func:`coverage_study.load_corpus` (needs ``article_id`` and ``body``).
    min_words : int
        Below this many words the indices are NaN (with a warning). Default 100.
    smog_min_sentences : int
        Below this many sentences ``smog_index`` is NaN (no warning). Default 0, i.e. textstat's
        scaled value for every text; 30 keeps SMOG's own definition.

    Returns
    -------
    DataFrame
        ``article_id``, the counts (:data:`COUNT_COLUMNS`) and the indices
        (:data:`INDEX_COLUMNS`). Flesch reading ease: higher = easier; every other index:
        higher = harder.

    Warns
    -----
    CorpusWarning
        Naming the articles whose body has no sentence-final punctuation or fewer than
        ``min_words`` words; their indices are NaN.
    """
    from ..components.article import unpack

    table, annotated = unpack(corpus)
    counted = annotated.counts if annotated is not None else body_counts(table)
    rows, unpunctuated, short = [], [], []
    for (article_id, counts, punctuated) in counted:
        indices = _indices(counts, smog_min_sentences)
        if not punctuated:
            unpunctuated.append(article_id)
            indices = dict.fromkeys(indices, _NAN)
        elif counts["n_words"] < min_words:
            short.append(article_id)
            indices = dict.fromkeys(indices, _NAN)
        rows.append((article_id, *counts.values(), *indices.values()))
    _warn(unpunctuated, "have no sentence-final punctuation (. ! ? …) in the body")
    _warn(short, f"have fewer than {min_words} words in the body")
    columns = ["article_id", *COUNT_COLUMNS, *INDEX_COLUMNS]
    if not rows:
        table = pd.DataFrame([], columns=columns)
    else:
        table = pd.DataFrame(dict(zip(columns, map(list, zip(*rows, strict=True)), strict=True)))
    return table.astype({c: "int64" for c in COUNT_COLUMNS})


def sentence_table(corpus: pd.DataFrame) -> pd.DataFrame:
    """One row per body sentence: ``article_id, start, end, text, n_words``.

    The sentences that :func:`readability_table` counts, with offsets into ``text`` (each body
    paragraph is split with :func:`sentence_spans`; a paragraph break always ends a sentence,
    so no sentence spans two paragraphs). ``n_words`` uses the same word count as the formulas.
    """
    records = []
    for r in corpus.itertuples(index=False):
        for ps, pe in r.body_spans:
            paragraph = r.text[ps:pe]
            for s, e in sentence_spans(paragraph):
                records.append(
                    {
                        "article_id": r.article_id,
                        "start": ps + s,
                        "end": ps + e,
                        "text": paragraph[s:e],
                        "n_words": len(_words(paragraph[s:e])),
                    }
                )
    return pd.DataFrame(records, columns=["article_id", "start", "end", "text", "n_words"])
