"""Every plot stays readable on real-size corpora: tick labels that do not overlap, long outlet
names cut by one rule, top-N rows with a real "others" row, intervals from pooled counts.

The synthetic corpora are built from the seeds' own paragraphs (shuffled, a fixed random seed),
so they have quotations, attributions, term hits and actors like real copy. Each corpus and its
tables are built once per module.
"""

from __future__ import annotations

import itertools
import random
from pathlib import Path

import matplotlib.pyplot as plt
import pandas as pd
import pytest
from matplotlib.figure import Figure
from matplotlib.transforms import Bbox

import coverage_study as cs
from coverage_study.figures import _pooled_rates, short_label, short_labels, top_rows

from .conftest import SEEDS

# 64 characters each, differing only in their last word (a cut that kept only the start would merge)
LONG_NAMES = [
    "The Extraordinarily Long-Named Regional Daily Journal of Bohemia",
    "The Extraordinarily Long-Named Regional Daily Journal of Moravia",
]


def _paragraphs() -> list[str]:
    seeds = cs.load_corpus(SEEDS)
    paras = [p for body in seeds["body"] for p in body.split("\n\n") if len(p.split()) > 8]
    assert len(paras) > 40
    return paras


def _corpus(tmp: Path, outlets: list[str], per_outlet: int, seed: int) -> pd.DataFrame:
    """``per_outlet`` articles for each outlet, 6 seed paragraphs each, dated over 2023 (one
    article in 50 undated), written as a CSV table and loaded with load_corpus."""
    rng = random.Random(seed)
    paras = _paragraphs()
    start = pd.Timestamp("2023-01-01")
    rows = []
    for k, (outlet, i) in enumerate(itertools.product(outlets, range(per_outlet))):
        headline = f"Peace plan talks, part {i}"
        text = headline + "\n\n" + "\n\n".join(rng.sample(paras, 6)) + "\n"
        date = "" if k % 50 == 49 else f"{start + pd.Timedelta(days=rng.randrange(365)):%Y-%m-%d}"
        rows.append({"article_id": f"a{k:05d}", "text": text, "outlet": outlet,
                     "published": date, "headline": headline})  # fmt: skip
    path = tmp / "corpus.csv"
    pd.DataFrame(rows).to_csv(path, index=False)
    return cs.load_corpus(path)


def _tables(corpus: pd.DataFrame) -> dict[str, pd.DataFrame]:
    voices = cs.voice_spans(corpus, warn=False)
    attributions = cs.attributions(corpus, warn=False)
    quotes = cs.quotes(corpus, warn=False)
    by_article = cs.term_table(corpus, voices=voices)
    actors = corpus[["article_id", "outlet"]].merge(cs.actor_table(corpus), on="article_id")
    readability = corpus[["article_id", "outlet"]].merge(
        cs.readability_table(corpus), on="article_id"
    )
    return {
        "cleaning": cs.cleaning_table(corpus),
        "readability": readability,
        "rates": cs.term_table(corpus, by="outlet", voices=voices),
        "by_article": by_article,
        "actors": actors[actors["kind"] != "media"],
        "speakers": cs.speaker_table(corpus, attributions, quotes),
        "cues": cs.cue_table(corpus, attributions),
        "media": cs.media_table(corpus, attributions),
        "keyness": cs.keyness_table(corpus),
        "coverage": cs.coverage_table(corpus, by_article),
    }


@pytest.fixture(scope="module")
def big(tmp_path_factory) -> tuple[pd.DataFrame, dict[str, pd.DataFrame]]:
    """12 outlets x 200 articles; two outlets have 64-character names."""
    outlets = [f"Outlet {c}" for c in "ABCDEFGHIJ"] + LONG_NAMES
    corpus = _corpus(tmp_path_factory.mktemp("big"), outlets, 200, seed=12)
    return corpus, _tables(corpus)


@pytest.fixture(scope="module", params=[3, 30], ids=["3-outlets", "30-outlets"])
def sized(request, tmp_path_factory) -> tuple[pd.DataFrame, dict[str, pd.DataFrame]]:
    """3 outlets x 20 articles, and 30 outlets x 4 articles (two with long names)."""
    n = request.param
    outlets = [f"Outlet number {i:02d} of the study" for i in range(n - 2)] + LONG_NAMES
    corpus = _corpus(tmp_path_factory.mktemp(f"n{n}"), outlets, 60 // n if n < 30 else 4, n)
    return corpus, _tables(corpus)


def _plots(t: dict[str, pd.DataFrame]) -> dict[str, Figure]:
    own = t["rates"].assign(per_1000_own=t["rates"]["n_narrator"] / t["rates"]["n_words"] * 1000)
    matrix = own.pivot_table(index="family", columns="outlet", values="per_1000_own")
    matrix = matrix.reindex(columns=cs.outlet_order(matrix.columns))
    return {
        "body_vs_removed": cs.plot_body_vs_removed(t["cleaning"]),
        "readability": cs.plot_readability(t["readability"]),
        "sentence_vs_word": cs.plot_sentence_vs_word_difficulty(t["readability"]),
        "term_rates": cs.plot_term_rates_by_voice(t["rates"]),
        "heatmap": cs.plot_heatmap(matrix, "families", "per 1,000 words", fmt="{:.1f}"),
        "actors": cs.plot_actor_mentions(t["actors"]),
        "speakers": cs.plot_speakers(t["speakers"]),
        "cues": cs.plot_cue_stance(t["cues"]),
        "media": cs.plot_media_cited(t["media"]),
        "keyness": cs.plot_keyness(t["keyness"]),
        "coverage": cs.plot_coverage_over_time(t["coverage"]),
    }


def _overlaps(fig: Figure) -> list[tuple[str, str]]:
    """Pairs of visible, non-empty tick labels of one axis of one axes whose drawn boxes
    overlap (boxes shrunk by half a pixel: touching is not overlapping)."""
    fig.canvas.draw()
    renderer = fig.canvas.get_renderer()
    found = []
    for ax in fig.axes:
        for labels in (ax.get_xticklabels(), ax.get_yticklabels()):
            boxes = [
                (lab.get_text(), lab.get_window_extent(renderer).padded(-0.5))
                for lab in labels
                if lab.get_visible() and lab.get_text().strip()
            ]
            for (ta, a), (tb, b) in itertools.combinations(boxes, 2):
                if Bbox.intersection(a, b) is not None and a.width > 0 and b.width > 0:
                    found.append((ta, tb))
    return found


def test_the_overlap_check_finds_overlapping_labels():
    """The check used below can fail: 30 long labels crowded onto a one-inch axis overlap."""
    fig, ax = plt.subplots(figsize=(4, 1))
    ax.set_yticks(range(30), [f"a label number {i}" for i in range(30)])
    assert len(_overlaps(fig)) > 20
    plt.close(fig)


def test_every_plot_on_12_outlets_x_200_articles_has_no_overlapping_tick_labels(big):
    corpus, tables = big
    assert len(corpus) == 2400 and corpus["outlet"].nunique() == 12
    for name, fig in _plots(tables).items():
        assert _overlaps(fig) == [], name
        plt.close(fig)


def test_plots_where_outlets_drive_the_layout_on_3_and_30_outlets(sized):
    corpus, tables = sized
    n = corpus["outlet"].nunique()
    for name, fig in _plots(tables).items():
        assert _overlaps(fig) == [], (n, name)
        plt.close(fig)


def test_figures_grow_with_the_number_of_outlets(big, sized):
    """Font sizes stay; the figure grows: per outlet, a taller bar chart or a wider heatmap."""
    n_big, n_sized = big[0]["outlet"].nunique(), sized[0]["outlet"].nunique()
    for plot, dim in [(cs.plot_term_rates_by_voice, 1), (cs.plot_cue_stance, 1)]:
        key = "rates" if plot is cs.plot_term_rates_by_voice else "cues"
        a, b = plot(big[1][key]), plot(sized[1][key])
        big_size, sized_size = a.get_size_inches()[dim], b.get_size_inches()[dim]
        assert (big_size > sized_size) == (n_big > n_sized), plot.__name__
        plt.close(a)
        plt.close(b)


def test_long_outlet_names_are_cut_by_one_rule_and_stay_apart(big):
    labels = short_labels(LONG_NAMES)
    assert labels[0] != labels[1]
    for label in labels:
        lines = label.split("\n")
        assert len(lines) <= 2 and all(len(line) <= 28 for line in lines), label
        assert "…" in lines[-1]
    one_line = short_labels(LONG_NAMES, 28, 1)
    assert one_line[0] != one_line[1] and all(len(x) <= 28 for x in one_line)
    assert one_line[0].endswith("Bohemia") and one_line[1].endswith("Moravia")
    assert short_label("teleSUR English (inferred)") == "teleSUR English (inferred)"  # fits
    # in a figure, the cut labels are drawn; the table keeps the full names
    _, tables = big
    fig = cs.plot_term_rates_by_voice(tables["rates"])
    drawn = [t.get_text() for t in fig.axes[0].get_yticklabels()]
    assert labels[0] in drawn and LONG_NAMES[0] not in drawn
    assert set(LONG_NAMES) <= set(tables["rates"]["outlet"])
    plt.close(fig)


def test_top_rows_sums_the_rest_into_a_real_others_row():
    # counted by hand: totals a=9, b=2, c=7, d=1; top 2 = a, c; others = b + d = (1+1, 0+1)
    m = pd.DataFrame({"X": [4, 1, 7, 1], "Y": [5, 1, 0, 0]}, index=["a", "b", "c", "d"])
    out = top_rows(m, 2, "speakers")
    assert list(out.index) == ["a", "c", "others (2 speakers)"]
    assert out.loc["others (2 speakers)"].tolist() == [2, 1]
    assert out.sum().tolist() == m.sum().tolist()
    assert list(top_rows(m, None).index) == ["a", "c", "b", "d"]
    assert list(top_rows(m, 4).index) == ["a", "c", "b", "d"]
    with pytest.raises(ValueError, match="top=0"):
        top_rows(m, 0)


def test_speaker_heatmap_draws_the_top_and_others_with_the_totals_kept(big):
    _, tables = big
    speakers = tables["speakers"]
    per_speaker = speakers.groupby("speaker")["n_quoted_words"].sum()
    n_speaking = int((per_speaker > 0).sum())
    assert n_speaking > 10  # the seeds' paragraphs give 14 speakers: more than top=10
    fig = cs.plot_speakers(speakers, top=10)
    ax = fig.axes[0]
    rows = [t.get_text() for t in ax.get_yticklabels()]
    assert len(rows) == 11 and rows[-1] == f"others ({n_speaking - 10} speakers)"
    by_total = per_speaker.sort_values(ascending=False, kind="mergesort")
    assert rows[:10] == by_total.index[:10].tolist()
    drawn = ax.images[0].get_array()
    column_totals = speakers.groupby("outlet")["n_quoted_words"].sum()
    assert drawn.sum(axis=0).tolist() == column_totals.reindex(
        cs.outlet_order(column_totals.index)).tolist()  # fmt: skip
    plt.close(fig)
    for top, n_rows in [(None, n_speaking), (20, n_speaking)]:  # the default, 20, keeps all 14
        fig = cs.plot_speakers(speakers, top=top)
        assert len(fig.axes[0].get_yticklabels()) == n_rows
        plt.close(fig)


def test_term_rate_intervals_come_from_pooled_counts():
    """Counted by hand: an outlet with two articles, 1 hit in 1,000 words and 2 in 500, pools
    to 3 hits in 1,500 words = 2.0 per 1,000. Its article-level interval (quasi-Poisson,
    coverage_study.stats): residuals n_i - R w_i = 1 - 2 = -1 and 2 - 1 = 1, so
    phi = k/(k-1) * 2 / (R W) = 2 * 2 / 3 = 4/3; se(log R) = sqrt(phi / N) = 2/3; t(1 df, 0.975)
    = 12.7062 (a t table); 2.0 * exp(-/+ 12.7062 * 2/3) = (0.000419, 9546.7): two articles that
    disagree tell little. Per-article intervals are not averaged."""
    per_article = pd.DataFrame(
        {"article_id": ["a", "b"], "outlet": ["O", "O"], "family": ["war", "war"],
         "n": [1, 2], "n_words": [1000, 500], "n_narrator": [1, 1], "n_direct_quote": [0, 1],
         "n_indirect": [0, 0], "per_1000_words": [1.0, 4.0],
         "per_1000_ci_low": [0.0253, 0.2422], "per_1000_ci_high": [5.5716, 14.4463]}
    )  # fmt: skip
    pooled = _pooled_rates(per_article)
    assert len(pooled) == 1
    row = pooled.iloc[0]
    assert (row["n"], row["n_words"], row["n_narrator"], row["n_direct_quote"]) == (3, 1500, 2, 1)
    assert row["per_1000_words"] == pytest.approx(2.0)
    assert row["per_1000_ci_low"] == pytest.approx(0.000419, rel=1e-3)
    assert row["per_1000_ci_high"] == pytest.approx(9546.7, rel=1e-4)
    assert row["interval"] == "quasi-poisson"
    # the figure draws the pooled whisker from a per-article table as from a per-outlet one
    fig = cs.plot_term_rates_by_voice(per_article, families=["war"])
    (errorbar,) = fig.axes[0].containers[-1:]
    segments = errorbar.lines[2][0].get_segments()
    assert segments[0][:, 0].tolist() == pytest.approx([0.000419, 9546.7], rel=1e-3)
    plt.close(fig)


def test_term_rates_by_outlet_are_pooled_in_term_table(big):
    """What the notebooks pass: term_table(by='outlet') sums an outlet's hits and words before
    its interval; the same rates and intervals as pooling the per-article table here."""
    _, tables = big
    a = tables["rates"].sort_values(["outlet", "family"]).reset_index(drop=True)
    merged = tables["by_article"].merge(big[0][["article_id", "outlet"]], on="article_id")
    b = _pooled_rates(merged).sort_values(["outlet", "family"]).reset_index(drop=True)
    for col in ["n", "n_words", "per_1000_words"]:
        assert a[col].tolist() == pytest.approx(b[col].tolist(), nan_ok=True), col
    # one interval everywhere: the figure's pooled whisker is term_table's article-level one
    for col in ["per_1000_ci_low", "per_1000_ci_high"]:
        assert a[col].tolist() == pytest.approx(b[col].tolist(), nan_ok=True), col
    assert a["interval"].tolist() == b["interval"].tolist()
    from coverage_study.stats import METHODS

    assert set(a["interval"]) <= set(METHODS)


def test_body_vs_removed_draws_one_bar_per_outlet_above_40_articles(big):
    corpus, tables = big
    fig = cs.plot_body_vs_removed(tables["cleaning"])
    labels = [t.get_text() for t in fig.axes[0].get_yticklabels()]
    assert len(labels) == 12 and labels[0] == "Outlet A\n200 articles"
    plt.close(fig)
    few = tables["cleaning"].head(40)
    fig = cs.plot_body_vs_removed(few)
    assert len(fig.axes[0].get_yticklabels()) == 40
    plt.close(fig)


def test_coverage_over_time_notes_undated_articles(big):
    corpus, tables = big
    coverage = tables["coverage"]
    assert coverage.attrs["freq"] == "month"  # dates over a year
    assert coverage.attrs["n_undated"] == 48  # one article in 50 of 2,400
    fig = cs.plot_coverage_over_time(coverage)
    note = fig.get_supxlabel().split("\n")
    assert note[-1] == "48 articles without a date not shown"
    assert "article as the unit sampled" in note[0]  # what the rates' intervals are
    panels = [ax for ax in fig.axes if ax.get_label() != "<colorbar>"]
    assert len(panels) == 4  # articles, then invasion, war, conflict
    ticks = [t.get_text() for t in panels[-1].get_xticklabels() if t.get_visible()]
    assert ticks[0] == "2023-01" and ticks[-1] == "2023-12"
    plt.close(fig)


def test_term_rates_by_voice_draws_in_the_axes_it_is_given(sized):
    """One Axes per family shown, in the caller's figure; the wrong number is an error that
    says how many."""
    import matplotlib.pyplot as plt

    _, tables = sized
    fig, axes = plt.subplots(1, 2)
    got = cs.plot_term_rates_by_voice(tables["rates"], families=["war", "invasion"], ax=axes)
    assert got is fig
    assert [a.get_title() for a in axes] == ["war", "invasion"]
    assert all(len(a.patches) > 0 for a in axes)
    with pytest.raises(ValueError, match="1 axes given for 2 families"):
        cs.plot_term_rates_by_voice(tables["rates"], families=["war", "invasion"], ax=axes[0])
    plt.close(fig)
