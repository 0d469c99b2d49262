"""The readability tables: the indices of each article's cleaned body (:func:`readability_table`)
and its sentences (:func:`sentence_table`), from the counts of
:mod:`coverage_study.components.readability` (what is counted, the formulas, and which way
each index points: see there)."""

from __future__ import annotations

import re
import warnings
from collections.abc import Iterable
from typing import Any

import pandas as pd

from ..components.readability import (
    COUNT_COLUMNS,
    INDEX_COLUMNS,
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


# len(_words(s)) without building the words. _words deletes every character that is neither \w,
# white space nor an apostrophe, and every apostrophe not followed by t, s, d, ve, ll or re (so an
# apostrophe kept has a \w character after it in its chunk), then splits at white space: every
# white-space-separated chunk gives a word but those without a \w character (a dash, "&"). re's
# \s and str.split's white space are the same code points. Checked in tests/test_readability.py.
_NO_WORD_CHUNK = re.compile(r"\s[^\s\w]+(?=\s)")  # in " " + text + " "


def _n_words(text: str) -> int:
    """``len(_words(text))``: the chunks of ``text`` between white space that hold a word
    character (``\\w``)."""
    return len(text.split()) - len(_NO_WORD_CHUNK.findall(f" {text} "))


# _n_words of many spans of one text at once: the text as one byte per character, " " for
# white space (str.split's and re's \s: the same code points), "a" for a word character (\w),
# "p" for any other; a span's words are then its chunks left after deleting every "p", counted
# by their starts (:func:`_n_words_of`)
_CLASS = bytes(32 if chr(b).isspace() else 97 if chr(b).isalnum() or b == 95 else 112
               for b in range(128)) + bytes(range(128, 256))  # fmt: skip
_CLASS_OF: dict[str, int] = {}  # non-ASCII character -> its class byte (a cache)


def _word_classes(text: str) -> bytes:
    """``text`` as one class byte per character (see ``_CLASS``)."""
    raw = text.encode("ascii", "replace")  # a non-ASCII character -> "?"
    b = raw.translate(_CLASS)
    if text.isascii():
        return b
    out = bytearray(b)
    i = raw.find(b"?")
    while i >= 0:
        c = text[i]
        if not c.isascii():
            cls = _CLASS_OF.get(c)
            if cls is None:
                cls = _CLASS_OF[c] = 32 if c.isspace() else 97 if c.isalnum() else 112
            out[i] = cls
        i = raw.find(b"?", i + 1)
    return bytes(out)


def _n_words_of(classes: bytes, start: int, end: int) -> int:
    """``_n_words(text[start:end])`` from ``classes = _word_classes(text)``: the chunks of
    word characters once the others are deleted, each found by its start."""
    kept = classes[start:end].translate(None, b"p")
    return kept.count(b" a") + kept.startswith(b"a")


def sentence_table(corpus: pd.DataFrame) -> pd.DataFrame:
    """One row per body sentence: ``article_id, start, end, text, n_words``.

    The sentences that :func:`readability_table` counts, with offsets into ``text`` (each body
    paragraph is split with :func:`sentence_spans`; a paragraph break always ends a sentence,
    so no sentence spans two paragraphs). ``n_words`` uses the same word count as the formulas.
    """
    ids: list[Any] = []
    starts: list[int] = []
    ends: list[int] = []
    texts: list[str] = []
    n_words: list[int] = []
    for article_id, text, body_spans in zip(
        *(corpus[c].tolist() for c in ("article_id", "text", "body_spans")), strict=True
    ):
        classes = None  # the text's word classes, made once for its sentences
        for ps, pe in body_spans:
            spans = [(ps + s, ps + e) for s, e in sentence_spans(text[ps:pe])]
            if not spans:
                continue
            classes = _word_classes(text) if classes is None else classes
            starts += [s for s, _ in spans]
            ends += [e for _, e in spans]
            texts += [text[s:e] for s, e in spans]
            n_words += [  # _n_words_of(classes, s, e), inline
                (kept := classes[s:e].translate(None, b"p")).count(b" a") + kept.startswith(b"a")
                for s, e in spans
            ]
        ids += [article_id] * (len(starts) - len(ids))
    columns = ["article_id", "start", "end", "text", "n_words"]
    if not ids:  # no sentence: columns of objects, as a table of no records
        return pd.DataFrame([], columns=columns)
    return pd.DataFrame(dict(zip(columns, (ids, starts, ends, texts, n_words), strict=True)))
