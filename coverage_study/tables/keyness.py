"""Distinctive words between groups (outlets), with the article as the unit: log-odds of the
share of a group's articles that use a word, with an informative prior.

**What is counted.** The words are the word tokens of headline and body that the term rates count
(:data:`~coverage_study.text.spans.WORD`), lower-cased and normalised as the term scanner does
(``’`` as ``'``, ``‐``/``‑`` as ``-``), in NFC, with the possessive folded ("Sanders’s",
"Sanders's" and "Sanders'" are all "sanders"; a final ``'s`` is taken off every word, so the
contractions "it's", "that's" and "let's" become "it", "that", "let": function words either
way). Tokens that are not vocabulary are left out: a token with no letter ("2016", "___") or of
one letter ("I", "a", and the "m" of "p.m.", the "S" of "U.S."). Page furniture (credit lines,
embed fields, separators) is the cleaning rules' to remove, not this module's: it has no list of
words.

**The score.** Each group ``g`` is set against all other articles. For a word ``w``, with
``k_g`` articles in ``g`` of which ``d_g`` use ``w``, ``k'`` and ``d'`` the same for the other
articles, ``D = k_g + k'`` and the prior ``a = d_w`` (the word's document frequency in the whole
corpus), ``b = D - d_w``, the log-odds ratio with an informative prior (Monroe, Colaresi &
Quinn 2008, "Fightin' Words", eq. 16 and its variance; applied here to article presence, a
binomial with a Beta prior, instead of token counts) is::

    delta = log((d_g + a) / (k_g - d_g + b)) - log((d' + a) / (k' - d' + b))
    var   = 1 / (d_g + a) + 1 / (k_g - d_g + b) + 1 / (d' + a) + 1 / (k' - d' + b)
    z     = delta / sqrt(var)

``z`` > 0: more of ``g``'s articles use the word than of the other articles (higher = more
distinctive of ``g``); ``z`` < 0: fewer. When both groups use the word at the corpus rate,
``delta`` is 0. A word used in every article of the corpus (``b = 0``) cannot distinguish: its
``delta`` and ``z`` are 0 and ``se`` infinite. ``z`` orders the words; it is not a test: the
prior, as strong as the whole corpus, shrinks it (in simulated corpora where outlets do not
differ, its standard deviation is about 0.6 with two or three equal outlets, and no ranked word
reached 1.96; ``tests/test_keyness.py``), so do not read 1.96 as a 5% level.

**Why articles, not tokens.** The article is the unit that was sampled. Scored on token counts
(the package's earlier keyness), one article that names a person thirty times puts that name at
the top of its outlet's list: on the 840 PolNeAR train articles (7 outlets, 120 each) 9 of the 56
top-8 words were used in a single article of their outlet ("santilli", "clarkston"), and none
is with this score (``benchmarks/keyness_eval.py``). Counting each article once makes a word
distinctive only when many of the group's articles use it; ``n`` (tokens) is kept beside
``n_articles`` to show both. What the score cannot see: a long article uses more different words
than a short one, so an outlet of long articles shows common words (on PolNeAR train, the
Washington Post, 1,091 words an article against 354 for Western Journalism, has "although",
"such", "including" in its top 8); and furniture that every article of an outlet carries (a
credit line, an editors' note) tops the list until cleaning removes it.

**Few articles.** Words used in fewer than ``min_articles`` articles of their group are not
ranked (their ``rank`` is missing). A group with fewer articles than that ranks the words used in
all its articles; with **one article** (every outlet of the seed corpus) ``d_g`` is 1 for every
word it uses, so ``z`` only orders the words by how few other articles use them (the article's
own words first, then by count ``n``): the list describes that article, not the outlet.
``attrs["one_article_groups"]`` names those groups, so a caption can say so.
``kwic(corpus, word)`` shows every use of a word behind its score.
"""

from __future__ import annotations

import re
import unicodedata
from collections import Counter
from typing import Any

import numpy as np
import pandas as pd

from ..components.article import articles, unpack
from ..reading.corpus import CorpusError
from ..text.spans import MARKS, WORD
from ..text.term_patterns import _normalise

__all__ = ["keyness_table"]

MIN_ARTICLES = 2
"""Default ``min_articles``: a word of a single article of its group is not ranked."""


def keyness_word(token: str) -> str | None:
    """The word ``token`` counts as in keyness, or None if it is left out (see the module).

    >>> keyness_word("Sanders’s"), keyness_word("___"), keyness_word("I")
    ('sanders', None, None)
    """
    word = unicodedata.normalize("NFC", _normalise(token))
    if word.endswith("'s") and len(word) > 2:
        word = word[:-2]
    letters = [c for c in word if unicodedata.category(c)[0] != "M"]  # a mark joins its letter
    if len(letters) < 2 or not any(c.isalpha() for c in letters):
        return None
    return word


# WORD is runs of \w with their combining marks, joined by single joiners; in a text that holds
# no combining mark at all its mark groups can only match nothing, so there it is this simpler
# regex (about twice as fast), which finds the same tokens (``tests/test_keyness.py``)
_PLAIN_WORD = re.compile(r"\w+(?:[-\u2010\u2011'\u2019]\w+)*")
_MARK = re.compile(f"[{MARKS}]")
_NON_ASCII = re.compile(r"[^\x00-\x7f]")


def _tokens(text: str, zones: list[tuple[str, int, int]]) -> list[str]:
    """The word tokens (:data:`~coverage_study.text.spans.WORD`) of ``text``'s zones, in order."""
    # _MARK.search(text), looking only at the text's distinct non-ASCII characters
    marked = not text.isascii() and any(_MARK.match(c) for c in set(_NON_ASCII.findall(text)))
    find = WORD.findall if marked else _PLAIN_WORD.findall
    if len(zones) == 1:
        return find(text, zones[0][1], zones[0][2])
    tokens: list[str] = []
    for _, start, end in zones:
        tokens += find(text, start, end)
    return tokens


class _Codes(dict[str, int]):
    """Token as written -> the index of its word in :attr:`vocabulary` (in the order first met),
    -1 if it is left out: a token met for the first time is read once (``__missing__``), so
    that ``map(codes.__getitem__, tokens)`` codes the tokens of a text without a Python loop."""

    def __init__(self) -> None:
        super().__init__()
        self.vocabulary: dict[str, int] = {}

    def __missing__(self, token: str) -> int:
        word = keyness_word(token)
        code = -1 if word is None else self.vocabulary.setdefault(word, len(self.vocabulary))
        self[token] = code
        return code


def _article_counts(
    corpus: pd.DataFrame,
) -> tuple[list[str], np.ndarray, np.ndarray, np.ndarray, list[Any]]:
    """Each article's keyness word counts, as columns: ``(vocabulary, article, word, n, ids)``,
    one entry per article and word it uses (``word`` an index into the vocabulary, in the order
    first met, ascending within an article; ``article`` an index into ``ids``, the article ids
    in corpus order)."""
    codes = _Codes()
    code = codes.__getitem__
    words: list[np.ndarray] = []
    n: list[np.ndarray] = []
    per_article: list[int] = []
    ids: list[Any] = []
    for art in articles(corpus):
        tokens = _tokens(art.text, art.zones)
        coded = np.fromiter(map(code, tokens), np.int64, len(tokens))
        own, count = np.unique(coded[coded >= 0], return_counts=True)  # several tokens, one word
        words.append(own)
        n.append(count)
        per_article.append(len(own))
        ids.append(art.article_id)
    article = np.repeat(np.arange(len(ids)), per_article)
    if not ids:
        return list(codes.vocabulary), article, np.zeros(0, np.int64), np.zeros(0, np.int64), ids
    return (list(codes.vocabulary), article, np.concatenate(words).astype(np.int64),
            np.concatenate(n).astype(np.int64), ids)  # fmt: skip


def _groups(corpus: pd.DataFrame, by: str, ids: list[Any]) -> list[Any]:
    """Each article's group; articles without one raise a CorpusError naming them."""
    if by not in corpus:
        raise CorpusError(f"keyness_table: by={by!r} is not a column of the corpus")
    groups: list[Any] = corpus[by].tolist()
    missing = [i for i, g in zip(ids, groups, strict=True) if pd.isna(g)]
    if missing:
        shown = ", ".join(map(str, missing[:10])) + (", ..." if len(missing) > 10 else "")
        raise CorpusError(
            f"keyness_table: {len(missing)} article(s) have no value in column {by!r}: {shown}"
        )
    return groups


def keyness_table(
    corpus: Any,
    by: str = "outlet",
    min_count: int = 1,
    min_articles: int = MIN_ARTICLES,
) -> pd.DataFrame:
    """Distinctive words of each group, by the share of its articles that use them: one row per
    group and word.

    The score and what is counted: see :mod:`coverage_study.tables.keyness` (log-odds of article
    presence with an informative prior, Monroe, Colaresi & Quinn 2008; each group against the
    rest; higher ``z`` = more distinctive of the group).

    Parameters
    ----------
    corpus : DataFrame or AnnotatedCorpus
        As returned by :func:`coverage_study.load_corpus` (or :func:`coverage_study.annotate`).
    by : str
        The grouping column (default ``outlet``); at least two groups.
    min_count : int
        Leave out words used fewer times (tokens) in the whole corpus (default 1: none).
    min_articles : int
        Rank only the words used in at least this many articles of their group, or in all its
        articles if it has fewer (default 2: a word of one article is not ranked; a group of one
        article ranks the words of that article).

    Returns
    -------
    DataFrame
        ``<by>, word, n, n_other, n_articles, n_articles_other, k_articles, log_odds, se, z,
        rank``: ``n`` the word's tokens in the group's articles and ``n_other`` in the others;
        ``n_articles`` the group's articles that use it, ``n_articles_other`` the other articles
        that do, ``k_articles`` the group's articles; ``log_odds`` (``delta``), its standard
        error ``se`` and ``z = log_odds / se``; ``rank`` 1 = most distinctive of its group (by
        ``z``, then ``n``, then the word), missing for words not ranked. Sorted by group, then
        rank (unranked words last, by ``z``). ``attrs``: ``min_articles``, ``articles`` (group ->
        number of articles), ``one_article_groups`` (the groups of one article, whose lists
        describe that article), and the corpus's ``path`` and ``cleaning_rules``.

    Raises
    ------
    CorpusError
        If ``by`` is not a column, an article has no value in it, or there are fewer than two
        groups.
    ValueError
        If ``min_articles`` or ``min_count`` is below 1.
    """
    table, _ = unpack(corpus)
    if min_articles < 1 or min_count < 1:
        raise ValueError(
            f"keyness_table: min_articles and min_count must be at least 1, got "
            f"min_articles={min_articles!r}, min_count={min_count!r}"
        )
    vocabulary, article, word, count, ids = _article_counts(table)
    groups = _groups(table, by, ids)
    names = sorted(set(groups))
    if len(names) < 2:
        raise CorpusError(f"keyness_table: needs at least two groups in {by!r}, found {len(names)}")
    k = Counter(groups)
    # tokens and articles of each group x word (a dense grid: every group has a row per word)
    index = {g: i for i, g in enumerate(names)}
    group_of = np.array([index[g] for g in groups], dtype=np.int64)
    n_words = len(vocabulary)
    cell = group_of[article] * n_words + word
    size = len(names) * n_words
    tokens = np.bincount(cell, weights=count, minlength=size).astype(np.int64)  # exact: < 2**53
    present = np.bincount(cell, minlength=size).astype(np.int64)  # one entry per article, word
    tokens, present = tokens.reshape(len(names), n_words), present.reshape(len(names), n_words)
    total = tokens.sum(axis=0)
    chosen = sorted((w, i) for i, w in enumerate(vocabulary) if total[i] >= min_count)
    words = [w for w, _ in chosen]
    take = np.array([i for _, i in chosen], dtype=np.int64)
    n_all = total[take]
    d_all = present.sum(axis=0)[take].astype(float)
    n_docs = float(len(groups))
    a, b = d_all, n_docs - d_all
    everywhere = b == 0  # used in every article: no contrast (the formula is 0/0 there)
    frames = []
    for i, group in enumerate(names):
        n = tokens[i, take]
        d = present[i, take].astype(float)
        k_g = float(k[group])
        d_o, k_o = d_all - d, n_docs - k_g
        with np.errstate(divide="ignore", invalid="ignore"):
            delta = np.log((d + a) / (k_g - d + b)) - np.log((d_o + a) / (k_o - d_o + b))
            se = np.sqrt(1 / (d + a) + 1 / (k_g - d + b) + 1 / (d_o + a) + 1 / (k_o - d_o + b))
        delta = np.where(everywhere, 0.0, delta)
        se = np.where(everywhere, np.inf, se)
        z = delta / se
        frame = pd.DataFrame(
            {by: group, "word": words, "n": n, "n_other": n_all - n,
             "n_articles": d.astype(np.int64), "n_articles_other": d_o.astype(np.int64),
             "k_articles": int(k_g), "log_odds": delta, "se": se, "z": z}
        )  # fmt: skip
        ranked = d >= min(min_articles, k_g)
        # ranked words first, then by z, count, word (lexsort: the last key is the first)
        order = np.lexsort((np.array(words), -n, -z, ~ranked))
        frame = frame.iloc[order].reset_index(drop=True)
        n_ranked = int(ranked.sum())
        frame["rank"] = pd.array(
            list(range(1, n_ranked + 1)) + [None] * (len(frame) - n_ranked), dtype="Int64"
        )
        frames.append(frame)
    out = pd.concat(frames, ignore_index=True)
    out.attrs = {key: v for key, v in table.attrs.items() if key in ("cleaning_rules", "path")}
    out.attrs["min_articles"] = min_articles
    out.attrs["articles"] = {g: int(k[g]) for g in names}
    out.attrs["one_article_groups"] = [g for g in names if k[g] == 1]
    return out
