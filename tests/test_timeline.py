"""coverage_table: articles and term-family rates per outlet and week or month.

The gold numbers below were counted by hand from the tiny texts in this file (words are runs of
letters; each text's words are listed in a comment).
"""

from __future__ import annotations

import pandas as pd
import pytest
from scipy.stats import chi2

import coverage_study as cs
from coverage_study.tables.timeline import MAX_WEEKLY_SPAN_DAYS

LEXICON = """\
war:
  - war
invasion:
  - invasion
"""

TEXTS = {
    # headline "Talks" (1 word) + body: 9 words, war x2
    "a1": "Talks\n\nThe war goes on and the war is long.\n",
    # 1 + 6 words, war x1, invasion x1
    "a2": "Talks\n\nAn invasion, then war, said nobody.\n",
    # 1 + 5 words, no hit
    "b1": "Talks\n\nPeace talks resumed in Geneva.\n",
    # 1 + 3 words, invasion x1
    "b2": "Talks\n\nInvasion came later.\n",
    # undated: 1 + 2 words, war x1
    "b3": "Talks\n\nWar again.\n",
}
ROWS = [
    {"article_id": "a1", "outlet": "A", "published": "2024-03-04", "headline": "Talks"},  # Mon
    {"article_id": "a2", "outlet": "A", "published": "2024-03-10", "headline": "Talks"},  # Sun
    {"article_id": "b1", "outlet": "B", "published": "2024-03-11", "headline": "Talks"},  # Mon
    {"article_id": "b2", "outlet": "B", "published": "2024-03-20", "headline": "Talks"},  # Wed
    {"article_id": "b3", "outlet": "B", "published": "", "headline": "Talks"},
]


@pytest.fixture
def tiny(make_corpus, tmp_path):
    lexicon = tmp_path / "tiny.yml"
    lexicon.write_text(LEXICON, encoding="utf-8")
    corpus = cs.load_corpus(make_corpus(TEXTS, ROWS))
    return corpus, cs.load_lexicon(lexicon)


def _row(table, outlet, period, family):
    period = pd.NaT if period is None else pd.Timestamp(period)
    sel = table[(table["outlet"] == outlet) & (table["family"] == family)]
    sel = sel[sel["period"].isna()] if period is pd.NaT else sel[sel["period"] == period]
    assert len(sel) == 1, (outlet, period, family)
    return sel.iloc[0]


def test_weekly_counts_counted_by_hand(tiny):
    corpus, lexicon = tiny
    table = cs.coverage_table(corpus, lexicon=lexicon)
    # dates 2024-03-04 .. 2024-03-20: 16 days, weeks starting Mondays 4, 11, 18 March
    assert table.attrs["freq"] == "week" and table.attrs["span_days"] == 16
    assert table.attrs["n_undated"] == 1
    weeks = sorted(table["period"].dropna().unique())
    assert [pd.Timestamp(w) for w in weeks] == [
        pd.Timestamp("2024-03-04"), pd.Timestamp("2024-03-11"), pd.Timestamp("2024-03-18")
    ]  # fmt: skip
    # every outlet x (3 weeks + NaT) x 2 families, zeros included
    assert len(table) == 2 * 4 * 2
    # outlet A, week of 4 March: a1 (Mon) and a2 (Sun, same week): 2 articles, 17 words,
    # war 2 + 1 = 3 hits, invasion 1
    war = _row(table, "A", "2024-03-04", "war")
    assert (war["n_articles"], war["n"], war["n_words"]) == (2, 3, 17)
    assert war["per_1000_words"] == pytest.approx(3 / 17 * 1000)
    assert _row(table, "A", "2024-03-04", "invasion")["n"] == 1
    # B: b1 in the week of 11 March (6 words, no hit), b2 in the week of 18 March (4 words)
    b1 = _row(table, "B", "2024-03-11", "invasion")
    assert (b1["n_articles"], b1["n"], b1["n_words"]) == (1, 0, 6)
    assert b1["per_1000_words"] == 0
    b2 = _row(table, "B", "2024-03-18", "invasion")
    assert (b2["n_articles"], b2["n"], b2["n_words"]) == (1, 1, 4)
    # A has nothing in the week of 11 March: a row of zeros, no rate
    empty = _row(table, "A", "2024-03-11", "war")
    assert (empty["n_articles"], empty["n"], empty["n_words"]) == (0, 0, 0)
    assert pd.isna(empty["per_1000_words"])
    # the undated article is counted, in the period NaT
    undated = _row(table, "B", None, "war")
    assert (undated["n_articles"], undated["n"], undated["n_words"]) == (1, 1, 3)
    assert table.loc[table["family"] == "war", "n_articles"].sum() == len(corpus)


def test_rate_interval_is_garwood_on_the_pooled_count(tiny):
    """A's week: 3 war hits in 17 words, one interval on the sum (not per article), with the
    word-level interval asked for by name."""
    corpus, lexicon = tiny
    table = cs.coverage_table(corpus, lexicon=lexicon, interval="poisson")
    row = _row(table, "A", "2024-03-04", "war")
    assert row["interval"] == "poisson"
    low, high = chi2.ppf(0.025, 6) / 2, chi2.ppf(0.975, 8) / 2  # Garwood 95% for n = 3
    assert row["per_1000_ci_low"] == pytest.approx(low / 17 * 1000)
    assert row["per_1000_ci_high"] == pytest.approx(high / 17 * 1000)


def test_monthly_bins_and_the_same_counts_from_a_given_term_table(tiny):
    corpus, lexicon = tiny
    terms = cs.term_table(corpus, lexicon)
    table = cs.coverage_table(corpus, terms, freq="month")
    assert table.attrs["freq"] == "month" and set(table["freq"]) == {"month"}
    assert [pd.Timestamp(p) for p in table["period"].dropna().unique()] == [
        pd.Timestamp("2024-03-01")
    ]
    b = _row(table, "B", "2024-03-01", "invasion")  # b1 + b2: 2 articles, 10 words, 1 hit
    assert (b["n_articles"], b["n"], b["n_words"]) == (2, 1, 10)
    assert table["n"].sum() == terms["n"].sum() == 6  # war 2+1+1, invasion 1+1


@pytest.mark.parametrize(
    ("last", "freq"),
    [
        (pd.Timestamp("2024-01-01") + pd.Timedelta(days=MAX_WEEKLY_SPAN_DAYS), "week"),
        (pd.Timestamp("2024-01-01") + pd.Timedelta(days=MAX_WEEKLY_SPAN_DAYS + 1), "month"),
    ],
)
def test_the_bin_follows_the_span_of_dates(make_corpus, last, freq):
    rows = [
        {"article_id": "x", "outlet": "A", "published": "2024-01-01"},
        {"article_id": "y", "outlet": "A", "published": f"{last:%Y-%m-%d}"},
    ]
    corpus = cs.load_corpus(make_corpus({"x": "War now.\n", "y": "War then.\n"}, rows))
    table = cs.coverage_table(corpus)
    assert table.attrs["freq"] == freq


def test_no_dates_at_all_counts_every_article_as_undated(make_corpus):
    corpus = cs.load_corpus(make_corpus({"x": "War now.\n", "y": "War then.\n"}))
    table = cs.coverage_table(corpus)
    assert table.attrs["n_undated"] == 2 and table.attrs["span_days"] == 0
    assert table["period"].isna().all()
    assert table.loc[table["family"] == "war", "n_articles"].sum() == 2
    with pytest.raises(ValueError, match="no dated article"):
        cs.plot_coverage_over_time(table)


def test_bad_arguments_are_named(tiny):
    corpus, lexicon = tiny
    with pytest.raises(ValueError, match="by='desk'"):
        cs.coverage_table(corpus, lexicon=lexicon, by="desk")
    with pytest.raises(ValueError, match="freq='day'"):
        cs.coverage_table(corpus, lexicon=lexicon, freq="day")  # type: ignore[arg-type]
    with pytest.raises(ValueError, match="term_table by article_id"):
        cs.coverage_table(corpus, cs.term_table(corpus, lexicon, by="outlet"))


def test_plot_draws_the_dated_periods_and_notes_the_undated(tiny):
    corpus, lexicon = tiny
    table = cs.coverage_table(corpus, lexicon=lexicon)
    fig = cs.plot_coverage_over_time(table, families=["war", "invasion", "not-a-family"])
    panels = [ax for ax in fig.axes if ax.get_label() != "<colorbar>"]
    assert [ax.get_title(loc="left") for ax in panels] == [
        "Articles per week", "war: hits per 1,000 words", "invasion: hits per 1,000 words"
    ]  # fmt: skip
    assert [t.get_text() for t in panels[-1].get_xticklabels()] == [
        "2024-03-04", "2024-03-11", "2024-03-18"
    ]  # fmt: skip
    # articles panel, counted by hand: A 2 / 0 / 0, B 0 / 1 / 1 (the undated b3 is not drawn)
    assert panels[0].images[0].get_array().tolist() == [[2, 0, 0], [0, 1, 1]]
    # a period without articles has no rate (masked: drawn white), a zero rate is a value
    invasion = panels[2].images[0].get_array()
    assert invasion.mask.tolist() == [[False, True, True], [True, False, False]]
    assert invasion[1, 1] == 0
    note = fig.get_supxlabel().split("\n")
    assert note[-1] == "1 article without a date not shown"
    assert note[0].startswith("Rates pooled over the outlet's articles in the period")
