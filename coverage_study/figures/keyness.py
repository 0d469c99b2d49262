"""The figure of distinctive words: the most typical words of each outlet against the others
(:func:`plot_keyness`, from :func:`coverage_study.keyness_table`)."""

from __future__ import annotations

from collections.abc import Sequence

import matplotlib.pyplot as plt
import pandas as pd
from matplotlib.figure import Figure

from .style import (
    FIGURE_STYLE,
    GREYS,
    outlet_order,
    short_label,
    short_labels,
)


def plot_keyness(table: pd.DataFrame, top: int = 8, by: str = "outlet") -> Figure:
    """Small multiples: the ``top`` most distinctive words of each group, by z-score.

    ``table``: :func:`coverage_study.keyness_table`. One panel per group in
    :func:`outlet_order`; bar = z of the weighted log-odds (higher = more typical of the group
    than of the others); the label gives the word's count in the group and in the others.
    """
    groups = outlet_order(table[by].unique())  # the same set: no str per row of the table
    ncols = min(3, len(groups))
    nrows = -(-len(groups) // ncols)
    with plt.rc_context(FIGURE_STYLE):
        fig, axes = plt.subplots(nrows, ncols, figsize=(3.0 * ncols, 0.22 * top * nrows + 1.2),
                                 layout="constrained", squeeze=False)  # fmt: skip
        titles = dict(zip(groups, short_labels(groups, 36, 2), strict=True))
        for ax, group in zip(axes.flat, groups, strict=False):
            t = table[(table[by] == group) & (table["rank"] <= top)].sort_values("rank")
            y = list(range(len(t)))[::-1]
            ax.barh(y, t["z"], color=GREYS[1], edgecolor=GREYS[0], linewidth=0.4)
            if "n_articles" in t:  # keyness_table: the articles that use the word, of k
                labels = [
                    f"{w} ({d}/{k} art., {n}×)"
                    for w, d, k, n in zip(
                        t["word"], t["n_articles"], t["k_articles"], t["n"], strict=True
                    )
                ]
            else:  # a table of counts only (before keyness counted articles)
                labels = [
                    f"{w} ({n}/{o})"
                    for w, n, o in zip(t["word"], t["n"], t["n_other"], strict=True)
                ]
            ax.set_yticks(y, labels, fontsize=7)
            ax.set_title(titles[group], fontsize=8)
            ax.set_xlabel("z (log-odds of article use)", fontsize=7)
        for ax in list(axes.flat)[len(groups):]:
            ax.set_visible(False)
        fig.suptitle("What words set each outlet apart? (articles using the word / the "
                     "outlet's articles, uses)")
        single = list(table.attrs.get("one_article_groups", []))
        if single:  # the list of a one-article group is that article's words: say so
            note = _one_article_note(single, len(groups))
            fig.supxlabel(f"{note}: its list is that article's words, not its outlet's.",
                          fontsize=7, color=GREYS[3])
    return fig


def _one_article_note(single: Sequence[object], n_groups: int) -> str:
    """Which groups have one article (every one, or those named), for a note under a figure."""
    if len(single) == n_groups:
        return "Every outlet here has one article"
    names = ", ".join(short_label(g, 28, 1) for g in single[:4])
    more = f" and {len(single) - 4} more" if len(single) > 4 else ""
    return f"{names}{more}: one article each"
