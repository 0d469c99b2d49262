"""Tests for coverage_study.keyness: the log-odds formula on a text small enough to do by hand."""

from __future__ import annotations

import math

import pandas as pd
import pytest

from coverage_study.keyness import keyness_table


def corpus(*texts_by_outlet: tuple[str, str]) -> pd.DataFrame:
    rows = []
    for i, (outlet, text) in enumerate(texts_by_outlet):
        rows.append({"article_id": f"a{i}", "outlet": outlet, "text": text, "headline_span": None,
                     "body_spans": ((0, len(text)),)})  # fmt: skip
    return pd.DataFrame(rows)


def test_log_odds_by_hand():
    # A: "peace peace war" (n=3), B: "war conflict" (n'=2); prior = corpus counts:
    # peace 2, war 2, conflict 1, a0 = 5. For "peace" in A: y=2, y'=0, a=2:
    # delta = log(4 / (3+5-2-2)) - log(2 / (2+5-0-2)) = log(1) - log(0.4) = 0.91629
    # var = 1/4 + 1/2 = 0.75, z = 0.91629 / 0.86603 = 1.05805
    table = keyness_table(corpus(("A", "Peace peace war."), ("B", "War, conflict.")))
    row = table[(table["outlet"] == "A") & (table["word"] == "peace")].iloc[0]
    assert (row["n"], row["n_other"]) == (2, 0)
    assert row["log_odds"] == pytest.approx(-math.log(0.4))
    assert row["z"] == pytest.approx(-math.log(0.4) / math.sqrt(0.75))
    assert row["rank"] == 1
    # the same word is anti-distinctive of B, and ranks are per group
    b = table[table["outlet"] == "B"].set_index("word")
    assert b.loc["peace", "z"] < 0 < b.loc["conflict", "z"]
    assert sorted(b["rank"]) == [1, 2, 3]


def test_more_than_two_groups_each_against_the_rest():
    table = keyness_table(corpus(("A", "peace talks"), ("B", "war war"), ("C", "crisis talks")))
    top = table[table["rank"] == 1].set_index("outlet")["word"].to_dict()
    assert top == {"A": "peace", "B": "war", "C": "crisis"}


def test_needs_two_groups_and_a_real_column():
    with pytest.raises(ValueError, match="at least two groups"):
        keyness_table(corpus(("A", "peace"), ("A", "war")))
    with pytest.raises(ValueError, match="'desk' is not a column"):
        keyness_table(corpus(("A", "peace")), by="desk")
