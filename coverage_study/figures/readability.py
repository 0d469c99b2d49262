"""The readability figures: the grade-level indices per outlet (:func:`plot_readability`) and
long sentences against long words (:func:`plot_sentence_vs_word_difficulty`), from
:func:`coverage_study.readability_table` and its counts."""

from __future__ import annotations

from typing import Any

import matplotlib.pyplot as plt
import pandas as pd
from matplotlib.axes import Axes
from matplotlib.figure import Figure

from .style import (
    FIGURE_STYLE,
    GREYS,
    _figure_of,
    _new_axes,
    outlet_order,
    short_labels,
)

READABILITY_GRADES = {
    "flesch_kincaid_grade": "Flesch–Kincaid grade",
    "gunning_fog": "Gunning fog",
    "smog_index": "SMOG",
    "coleman_liau_index": "Coleman–Liau",
    "automated_readability_index": "ARI",
    "dale_chall_readability_score": "Dale–Chall",
}


MARKERS = ("o", "s", "^", "D", "v", "P", "X", "*")


def _ordered(table: pd.DataFrame) -> pd.DataFrame:
    order = {o: i for i, o in enumerate(outlet_order(table["outlet"]))}
    return table.assign(_o=table["outlet"].map(order)).sort_values(["_o", "article_id"])


def plot_readability(
    table: pd.DataFrame, ax: Axes | None = None, max_dots: int = 10
) -> Figure:
    """Dot plot of the grade-level readability indices, one row per outlet (higher = harder).

    ``table``: :func:`coverage_study.readability_table` joined with ``outlet``. Flesch reading
    ease (higher = easier) is shown in its own panel on the right. When no outlet has more than
    ``max_dots`` articles, articles of one outlet are separate dots; otherwise each outlet's
    marker is the median of its articles' scores and the line through it their interquartile
    range. A missing (NaN) score is not drawn (nor counted in a median).
    """
    t = _ordered(table)
    outlets = outlet_order(t["outlet"])
    summary = bool(len(t)) and int(t["outlet"].value_counts().max()) > max_dots
    y = {o: len(outlets) - 1 - i for i, o in enumerate(outlets)}

    def draw(ax_: Axes, col: str, offset: float, **style: Any) -> None:
        if not summary:
            ax_.scatter(t[col], t["outlet"].map(y) + offset, s=22, **style)
            return
        q = t.groupby("outlet")[col].quantile([0.25, 0.5, 0.75]).unstack().reindex(outlets)
        rows = [y[o] + offset for o in outlets]
        ax_.hlines(rows, q[0.25], q[0.75], color=GREYS[1], linewidth=0.8)
        ax_.scatter(q[0.5], rows, s=22, zorder=3, **style)

    with plt.rc_context(FIGURE_STYLE):
        if ax is None:
            fig, (ax, ax2) = plt.subplots(
                1, 2, figsize=(7.5, 0.45 * len(outlets) + 1.6), layout="constrained",
                width_ratios=(3, 1), sharey=True,
            )  # fmt: skip
        else:
            fig, ax2 = _figure_of(ax), None
        for k, (col, label) in enumerate(READABILITY_GRADES.items()):
            offset = (k - (len(READABILITY_GRADES) - 1) / 2) * 0.1
            draw(ax, col, offset, marker=MARKERS[k], label=label,
                 facecolor="white" if k % 2 else GREYS[0], edgecolor=GREYS[0])  # fmt: skip
        ax.set_yticks(list(y.values()), short_labels(y))
        ax.set_xlabel("grade level (higher = harder)")
        ax.set_title("Readability of the cleaned body"
                     + (" (median and interquartile range of articles)" if summary else ""))
        if len(outlets) > 8 and ax2 is not None:  # below the figure, not 18% of a tall axes
            handles, labels = ax.get_legend_handles_labels()
            fig.legend(handles, labels, loc="outside lower center", ncol=3, frameon=False,
                       fontsize=7)  # fmt: skip
        else:
            ax.legend(loc="upper center", bbox_to_anchor=(0.5, -0.18), ncol=3, frameon=False,
                      fontsize=7)  # fmt: skip
        ax.grid(axis="x", color="#e6e6e6", linewidth=0.6)
        if ax2 is not None:
            draw(ax2, "flesch_reading_ease", 0.0, color=GREYS[0])
            ax2.set_xlabel("Flesch reading ease\n(higher = easier)")
            ax2.grid(axis="x", color="#e6e6e6", linewidth=0.6)
    return fig


def plot_sentence_vs_word_difficulty(
    table: pd.DataFrame, ax: Axes | None = None, max_labels: int = 8
) -> Figure:
    """Words per sentence against syllables per word, one labelled point per article.

    Separates the two sources of difficulty that the grade formulas mix: long sentences
    (right) and long words (up). ``table``: readability counts with ``outlet``. When an outlet
    has more than one article, each article is a small light dot and each outlet one labelled
    point from its pooled counts (its words over its sentences, its syllables over its words).
    With more than ``max_labels`` outlets (labels would pile up) and no ``ax``, the two
    measures become two dot panels side by side, one row per outlet, with the same pooled
    points and article dots. Above 2,000 articles the article dots are drawn as one embedded
    (rasterised) image, so that an SVG stays small.
    """
    t = _ordered(table)
    pooled = len(t) > t["outlet"].nunique()
    x = t["n_words"] / t["n_sentences"]
    y = t["n_syllables"] / t["n_words"]
    names = outlet_order(t["outlet"])
    if pooled:
        sums = t.groupby("_o", sort=True)[["n_words", "n_sentences", "n_syllables"]].sum()
        px = sums["n_words"] / sums["n_sentences"]
        py = sums["n_syllables"] / sums["n_words"]
    else:
        px, py = x, y
    many = len(t) > 2000  # article dots as one embedded image: an SVG of 100,000 circles is huge
    if ax is None and len(names) > max_labels:
        rows = {o: len(names) - 1 - i for i, o in enumerate(names)}
        with plt.rc_context(FIGURE_STYLE):
            fig, (ax1, ax2) = plt.subplots(
                1, 2, figsize=(7.0, 0.3 * len(names) + 1.6), layout="constrained", sharey=True
            )
            for ax_, dots, points, xlabel in [(ax1, x, px, "words per sentence"),
                                              (ax2, y, py, "syllables per word")]:  # fmt: skip
                ax_.scatter(dots, t["outlet"].map(rows), s=5, color=GREYS[2], linewidths=0,
                            rasterized=many)  # fmt: skip
                ax_.scatter(points, [rows[o] for o in names], s=24, color=GREYS[0], zorder=3)
                ax_.set_xlabel(xlabel)
                ax_.grid(axis="x", color="#e6e6e6", linewidth=0.6)
            ax1.set_yticks(list(rows.values()), short_labels(names), fontsize=7)
            what = "outlet's pooled counts; grey: articles" if pooled else "article"
            fig.suptitle(f"Long sentences or long words? (black: each {what})")
        return fig
    with plt.rc_context(FIGURE_STYLE):
        fig, ax = _new_axes(ax, (6.0, 4.2))
        if pooled:
            ax.scatter(x, y, s=4, color=GREYS[2], linewidths=0, rasterized=many)
            points = zip(px, py, short_labels(names, 24, 1), strict=True)
        else:
            points = zip(px, py, t["outlet"], strict=True)
        for k, (xi, yi, outlet) in enumerate(points):
            ax.scatter(xi, yi, marker=MARKERS[k % len(MARKERS)], s=40, color=GREYS[0])
            ax.annotate(outlet, (xi, yi), xytext=(5, 4), textcoords="offset points", fontsize=7)
        ax.set_xlabel("words per sentence")
        ax.set_ylabel("syllables per word")
        ax.set_title("Long sentences or long words?")
        ax.margins(x=0.25, y=0.15)
    return fig
