"""The figure of what cleaning kept and removed: body words against page furniture
(:func:`plot_body_vs_removed`, from :func:`coverage_study.cleaning_table`)."""

from __future__ import annotations

import matplotlib.pyplot as plt
import pandas as pd
from matplotlib.axes import Axes
from matplotlib.figure import Figure

from .style import (
    FIGURE_STYLE,
    GREYS,
    HATCHES,
    _new_axes,
    outlet_order,
    short_labels,
)


def plot_body_vs_removed(
    table: pd.DataFrame, ax: Axes | None = None, max_articles: int = 40
) -> Figure:
    """Horizontal stacked bars: words kept in the body vs words removed as page furniture.

    ``table`` is :func:`coverage_study.cleaning_table`'s output (``article_id``, ``outlet``,
    ``n_words_body``, ``n_words_removed``). Up to ``max_articles`` articles: one bar per
    article, labelled with its outlet, articles ordered by outlet (:func:`outlet_order`) then
    id. More articles: one bar per outlet, the words of its articles summed, labelled with the
    number of articles.
    """
    order = {o: i for i, o in enumerate(outlet_order(table["outlet"]))}
    t = table.assign(_o=table["outlet"].map(order)).sort_values(["_o", "article_id"])
    per_outlet = len(t) > max_articles
    if per_outlet:
        t = t.groupby("_o", sort=True).agg(
            outlet=("outlet", "first"), n_articles=("article_id", "size"),
            n_words_body=("n_words_body", "sum"), n_words_removed=("n_words_removed", "sum"),
        )  # fmt: skip
        labels = [
            f"{o}\n{n:,} articles"
            for o, n in zip(short_labels(t["outlet"]), t["n_articles"], strict=True)
        ]
    else:
        labels = [
            f"{o}\n{a}" for o, a in zip(short_labels(t["outlet"]), t["article_id"], strict=True)
        ]
    with plt.rc_context(FIGURE_STYLE):
        fig, ax = _new_axes(ax, (6.5, 0.55 * len(t) + 1.2))
        y = list(range(len(t)))[::-1]
        ax.barh(y, t["n_words_body"], color=GREYS[0], label="body (kept)")
        ax.barh(
            y,
            t["n_words_removed"],
            left=t["n_words_body"],
            color=GREYS[2],
            hatch=HATCHES[1],
            edgecolor=GREYS[1],
            label="page furniture (removed)",
        )
        for yi, kept, gone in zip(y, t["n_words_body"], t["n_words_removed"], strict=True):
            text = f"{kept:,} + {gone:,}" if per_outlet else f"{kept} + {gone}"
            ax.text(kept + gone + 5, yi, text, va="center", fontsize=7)
        ax.set_yticks(y, labels, fontsize=7)
        ax.set_xlabel("words (headline excluded)")
        ax.set_title(f"What cleaning kept and removed, per {'outlet' if per_outlet else 'article'}")
        margin = 1.35 if per_outlet else 1.18
        ax.set_xlim(0, float((t["n_words_body"] + t["n_words_removed"]).max()) * margin)
        if per_outlet:  # the longest bars reach the corner: the legend goes under the axes
            ax.legend(loc="upper center", bbox_to_anchor=(0.5, -0.6 / fig.get_figheight()),
                      ncol=2, frameon=False, fontsize=7)  # fmt: skip
        else:
            ax.legend(loc="lower right", frameon=False, fontsize=7)
    return fig
