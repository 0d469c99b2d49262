"""Tests for coverage_study.tables.keyness: the article-level log-odds on texts small enough to do
by hand, the words it counts, and groups of one article."""

from __future__ import annotations

import math

import numpy as np
import pandas as pd
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

import coverage_study as cs
from coverage_study.tables.keyness import keyness_table, keyness_word


def corpus(*texts_by_outlet: tuple[str, str]) -> pd.DataFrame:
    rows = []
    for i, (outlet, text) in enumerate(texts_by_outlet):
        rows.append({"article_id": f"a{i}", "outlet": outlet, "text": text, "headline_span": None,
                     "body_spans": ((0, len(text)),)})  # fmt: skip
    return pd.DataFrame(rows)


def row(table: pd.DataFrame, outlet: str, word: str) -> pd.Series:
    return table[(table["outlet"] == outlet) & (table["word"] == word)].iloc[0]


def test_log_odds_by_hand():
    # Counted by hand before running the code. Articles: A1 "Peace, peace and talks.",
    # A2 "Peace now.", B1 "War and talks.", B2 "War, war." D = 4 articles, k_A = k_B = 2.
    # "peace" in A: d_A = 2 of 2, d' = 0 of 2; prior a = d_w = 2, b = D - d_w = 2:
    #   delta = log((2+2)/(2-2+2)) - log((0+2)/(2-0+2)) = log 2 - log 0.5 = log 4 = 1.386294
    #   var = 1/4 + 1/2 + 1/2 + 1/4 = 1.5, z = 1.386294 / 1.224745 = 1.131902
    # "now" in A: d_A = 1, d' = 0, a = 1, b = 3:
    #   delta = log(2/4) - log(1/5) = log 2.5 = 0.916291; var = 1/2 + 1/4 + 1 + 1/5 = 1.95
    # "talks" in A: d_A = 1, d' = 1, a = 2, b = 2: delta = log(3/3) - log(3/3) = 0
    table = keyness_table(corpus(("A", "Peace, peace and talks."), ("A", "Peace now."),
                                 ("B", "War and talks."), ("B", "War, war.")))  # fmt: skip
    peace = row(table, "A", "peace")
    assert (peace["n"], peace["n_other"]) == (3, 0)
    assert (peace["n_articles"], peace["n_articles_other"], peace["k_articles"]) == (2, 0, 2)
    assert peace["log_odds"] == pytest.approx(math.log(4))
    assert peace["se"] == pytest.approx(math.sqrt(1.5))
    assert peace["z"] == pytest.approx(math.log(4) / math.sqrt(1.5))
    assert peace["rank"] == 1
    now = row(table, "A", "now")
    assert now["log_odds"] == pytest.approx(math.log(2.5))
    assert now["z"] == pytest.approx(math.log(2.5) / math.sqrt(1.95))
    assert row(table, "A", "talks")["z"] == pytest.approx(0)
    # "now" and "talks" are in one article of A (min_articles=2): scored, not ranked
    assert pd.isna(now["rank"]) and pd.isna(row(table, "A", "talks")["rank"])
    # B mirrors A: "war" (3 tokens in 2 articles) ranks 1; "peace" is anti-distinctive of B
    assert row(table, "B", "war")["z"] == pytest.approx(peace["z"])
    assert row(table, "B", "peace")["z"] < 0
    assert table.groupby("outlet")["rank"].count().to_dict() == {"A": 1, "B": 1}


def test_one_article_with_a_repeated_word_does_not_top_its_outlet():
    # "zorbla" 30 times in one article of A; "harbour" once in each of A's four articles
    repeated = " ".join(["Zorbla"] * 30) + " harbour."
    texts = [("A", repeated), ("A", "The harbour."), ("A", "A harbour."), ("A", "Harbour fog."),
             ("B", "The town."), ("B", "A town."), ("B", "Fog."), ("B", "The fog.")]  # fmt: skip
    table = keyness_table(corpus(*texts))
    a = table[table["outlet"] == "A"].set_index("word")
    assert a.loc["harbour", "rank"] == 1
    assert pd.isna(a.loc["zorbla", "rank"])  # in one article of A: not ranked
    assert (a.loc["zorbla", "n"], a.loc["zorbla", "n_articles"]) == (30, 1)
    # the score itself, not only the min_articles filter, puts the word of four articles first
    every = keyness_table(corpus(*texts), min_articles=1)
    a1 = every[every["outlet"] == "A"].set_index("word")
    assert a1.loc["harbour", "rank"] == 1
    assert a1.loc["harbour", "z"] > a1.loc["zorbla", "z"]


@pytest.mark.parametrize(
    ("token", "word"),
    [("Sanders’s", "sanders"), ("Sanders's", "sanders"), ("SANDERS'S", "sanders"),
     ("Obama’s", "obama"), ("it's", "it"), ("neo-Nazi", "neo-nazi"), ("x‐ray", "x-ray"),
     ("3D", "3d"), ("Pa\u0301trushev", "pátrushev"), ("ok", "ok"),
     ("I", None), ("a", None), ("m", None), ("J", None), ("é", None), ("e\u0301", None),
     ("___", None), ("2016", None), ("1_000", None), ("s's", None)],
)  # fmt: skip
def test_keyness_word(token, word):
    assert keyness_word(token) == word


def test_possessives_fold_and_non_words_are_left_out():
    # "Sanders' " after an s: the tokeniser stops before a final apostrophe, so it is "Sanders"
    text_a = "Sanders’s plan. Sanders's aide. The Sanders' camp. I met him at 5 p.m. ___ 2016"
    table = keyness_table(corpus(("A", text_a), ("B", "Clinton spoke.")))
    words = set(table["word"])
    assert row(table, "A", "sanders")["n"] == 3  # Sanders’s, Sanders's, Sanders'
    assert not words & {"sanders's", "sanders’s", "i", "p", "m", "___", "2016", "5"}
    assert {"plan", "aide", "the", "camp", "met", "him", "at", "clinton", "spoke"} <= words


def test_groups_of_one_article_rank_their_own_words():
    # each outlet has one article: every word it uses is in 1 of 1 article (d_g = 1), so z only
    # sets the words no other article uses (first, by count) before the shared ones
    table = keyness_table(corpus(("A", "Peace talks, peace talks, peace."), ("B", "War talks."),
                                 ("C", "War crisis.")))  # fmt: skip
    assert table.attrs["one_article_groups"] == ["A", "B", "C"]
    assert table.attrs["articles"] == {"A": 1, "B": 1, "C": 1}
    assert table.attrs["min_articles"] == 2
    a = table[table["outlet"] == "A"].sort_values("rank")
    assert a["word"].tolist()[:2] == ["peace", "talks"]  # own word (3 uses), then shared
    assert a["rank"].tolist()[:2] == [1, 2]
    assert pd.isna(row(table, "A", "war")["rank"])  # not in A's article: not ranked
    assert table.groupby("outlet")["rank"].min().eq(1).all()
    # with more articles than one, the attrs say none is of one article
    two = keyness_table(corpus(("A", "x y"), ("A", "yes"), ("B", "no"), ("B", "no")))
    assert two.attrs["one_article_groups"] == []


def test_word_in_every_article_has_no_contrast():
    table = keyness_table(corpus(("A", "The peace."), ("A", "The talks."), ("B", "The war."),
                                 ("B", "The war.")))  # fmt: skip
    the = row(table, "A", "the")
    assert (the["log_odds"], the["z"]) == (0.0, 0.0)
    assert np.isinf(the["se"])


def test_ties_by_count_then_word():
    # "beta" and "alpha" are each in both of A's articles and in none of B's: same z; "beta"
    # has more tokens, so it ranks first; "gamma" and "delta" tie on both and go by the word
    table = keyness_table(corpus(("A", "beta beta alpha gamma delta"),
                                 ("A", "beta alpha gamma delta"), ("B", "other"),
                                 ("B", "words")))  # fmt: skip
    a = table[(table["outlet"] == "A") & table["rank"].notna()].sort_values("rank")
    assert a["word"].tolist() == ["beta", "alpha", "delta", "gamma"]


def test_more_than_two_groups_each_against_the_rest():
    table = keyness_table(corpus(("A", "peace talks"), ("A", "peace"), ("B", "war war"),
                                 ("B", "war"), ("C", "crisis talks"), ("C", "crisis")))  # fmt: skip
    top = table[table["rank"] == 1].set_index("outlet")["word"].to_dict()
    assert top == {"A": "peace", "B": "war", "C": "crisis"}


def test_annotated_corpus_gives_the_same_table(seeds):
    pd.testing.assert_frame_equal(keyness_table(cs.annotate(seeds)), keyness_table(seeds))


def test_seed_outlets_each_have_a_list(seeds):
    table = keyness_table(seeds)
    assert table.groupby("outlet")["rank"].min().eq(1).all()
    assert len(table.attrs["one_article_groups"]) == 5


def test_bad_input_is_named():
    with pytest.raises(cs.CorpusError, match="at least two groups"):
        keyness_table(corpus(("A", "peace"), ("A", "war")))
    with pytest.raises(cs.CorpusError, match="'desk' is not a column"):
        keyness_table(corpus(("A", "peace")), by="desk")
    missing = corpus(("A", "peace"), ("B", "war"), ("B", "talks"))
    missing.loc[2, "outlet"] = None
    named = r"1 article\(s\) have no value in column 'outlet': a2"
    with pytest.raises(cs.CorpusError, match=named):
        keyness_table(missing)
    with pytest.raises(ValueError, match="min_articles"):
        keyness_table(corpus(("A", "peace"), ("B", "war")), min_articles=0)


def _simulated(k: int, shares: dict[str, np.ndarray], seed: int) -> pd.DataFrame:
    """``k`` articles per outlet; word ``j`` is in an article of outlet ``o`` with probability
    ``shares[o][j]`` times an article effect (Beta, mean 1: words cluster in articles), used
    1-5 times when it is there."""
    rng = np.random.default_rng(seed)
    texts = []
    for outlet, p in shares.items():
        for _ in range(k):
            q = rng.beta(p * 4 + 1e-3, (1 - p) * 4 + 1e-3)
            used = np.flatnonzero(rng.random(len(p)) < q)
            texts.append((outlet, " ".join(f"w{j:03d} " * int(rng.integers(1, 6)) for j in used)))
    return corpus(*texts)


@pytest.mark.parametrize("k", [5, 30])
def test_simulated_null_gives_few_large_z(k):
    # 3 outlets drawing words alike: z > 1.96 in at most 5% of the ranked rows. The prior (as
    # strong as the corpus) shrinks z, so the share is far lower: z orders words, it is no test
    rng = np.random.default_rng(k)
    p = rng.beta(0.5, 3, 200)
    ranked = large = 0
    for seed in range(5):
        table = keyness_table(_simulated(k, {"A": p, "B": p, "C": p}, seed))
        z = table.loc[table["rank"].notna(), "z"]
        ranked, large = ranked + len(z), large + int((z > 1.96).sum())
    assert ranked > 500
    assert large / ranked <= 0.05


def test_simulated_difference_is_found():
    # word 0 is in 80% of A's articles and 20% of B's (30 articles each), every other word alike
    rng = np.random.default_rng(1)
    p = rng.beta(0.5, 3, 200)
    pa, pb = p.copy(), p.copy()
    pa[0], pb[0] = 0.8, 0.2
    for seed in range(5):
        table = keyness_table(_simulated(30, {"A": pa, "B": pb}, seed))
        w0 = row(table, "A", "w000")
        assert w0["rank"] <= 3
        assert w0["z"] > 1.96


_TOKEN_ALPHABET = "ab Z9_-'’‐‑.,\n\u0301\u0327éß٣\U0001d400"


@settings(max_examples=600, deadline=None)
@given(st.lists(st.tuples(st.text(alphabet=_TOKEN_ALPHABET, max_size=15),
                          st.text(alphabet=" \n\t\xa0.x-", max_size=3)), min_size=1, max_size=5))
def test_tokens_are_those_of_word_with_or_without_marks(pieces):
    """keyness tokenises a text without combining marks with a simpler regex: the tokens of
    every zone are WORD's all the same (texts with marks, NFD, take WORD itself), zones that
    touch or have words between them included."""
    from coverage_study.tables.keyness import _tokens
    from coverage_study.text.spans import WORD

    text, zones = "", []
    for zone, gap in pieces:  # zone text, then what lies between it and the next zone
        zones.append(("body", len(text), len(text) + len(zone)))
        text += zone + gap
    expected = [t for _, s, e in zones for t in WORD.findall(text, s, e)]
    assert _tokens(text, zones) == expected


def test_a_corpus_whose_articles_have_no_word():
    # counted by hand: no article has a token that is a keyness word ("1", "--", "a" are left
    # out), so there are no rows, and both outlets are still named with their articles
    table = keyness_table(corpus(("A", "1 --"), ("B", "a")))
    assert len(table) == 0 and list(table.columns[:2]) == ["outlet", "word"]
    assert table.attrs["articles"] == {"A": 1, "B": 1}
