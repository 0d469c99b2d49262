"""What figures say about uncertainty (coverage_study.figures.marks): notes and marks, on hand-made
tables whose contrasts are known."""

from __future__ import annotations

import matplotlib.pyplot as plt
import pandas as pd
import pytest

import coverage_study as cs
from coverage_study.figures.marks import MARK, held, interval_note


def _contrasts(holds: list[bool], pairs: str = "rest") -> pd.DataFrame:
    t = pd.DataFrame({"group_a": ["A", "B"], "group_b": ["(rest)", "(rest)"],
                      "family": ["war", "war"], "holds": holds})  # fmt: skip
    t.attrs = {"pairs": pairs, "level": 0.95, "adjust": "holm"}
    return t


def test_held_gives_the_outlets_that_differ_and_refuses_pairs():
    assert held(_contrasts([True, False]), "family") == {("A", "war")}
    assert held(None, "family") == set()
    with pytest.raises(ValueError, match="pairs='rest'"):
        held(_contrasts([True, False], pairs="all"), "family")


def test_the_note_says_when_nothing_can_be_told():
    note = interval_note(["none (one article per group)"] * 3, _contrasts([False, False]))
    assert note.startswith("No interval: every outlet here has one article")
    assert "can be tested" in note
    assert interval_note([]).startswith("No interval")


def test_the_note_names_the_method_and_counts_what_holds():
    note = interval_note(["quasi-poisson", "quasi-poisson (pooled dispersion)"],
                         _contrasts([True, False]))  # fmt: skip
    assert "article as the unit sampled" in note
    assert f"{MARK} the outlet's rate differs" in note
    assert "Holm-adjusted p < 0.05: 1 of 2 contrasts" in note
    assert "word-level" in interval_note(["poisson"])


def test_figure_4_marks_the_outlet_whose_contrast_holds():
    rates = pd.DataFrame({
        "outlet": ["A", "B"], "family": ["war", "war"], "n": [30, 3], "n_words": [1000, 1000],
        "per_1000_words": [30.0, 3.0], "per_1000_ci_low": [20.0, 1.0],
        "per_1000_ci_high": [40.0, 8.0], "interval": ["quasi-poisson"] * 2,
        "n_narrator": [30, 3], "n_direct_quote": [0, 0], "n_indirect": [0, 0]})  # fmt: skip
    fig = cs.plot_term_rates_by_voice(rates, families=["war"], contrasts=_contrasts([True, False]))
    texts = sorted(t.get_text() for t in fig.axes[0].texts)
    assert texts == [" n=3", " n=30*"]
    assert "1 of 2 contrasts" in fig.legends[0].get_title().get_text()
    plt.close(fig)


def test_figure_5_prints_the_interval_and_refuses_other_voices():
    rates = pd.DataFrame({
        "outlet": ["A", "B"], "family": ["war", "war"], "per_1000_narrator": [2.0, 0.5],
        "per_1000_narrator_ci_low": [1.0, float("nan")],
        "per_1000_narrator_ci_high": [3.5, float("nan")],
        "interval": ["quasi-poisson", "quasi-poisson"]})  # fmt: skip
    c = _contrasts([True, False])
    c.attrs["voice"] = "narrator"
    fig = cs.plot_rate_heatmap(rates, contrasts=c)
    texts = sorted(t.get_text() for t in fig.axes[0].texts)
    assert texts == ["0.5", "2.0*\n(1.0\u20133.5)"]  # no interval printed where it is NaN
    plt.close(fig)
    c.attrs["voice"] = None
    with pytest.raises(ValueError, match="contrasts are of voice None"):
        cs.plot_rate_heatmap(rates, contrasts=c)
