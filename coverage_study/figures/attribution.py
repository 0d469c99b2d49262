"""The attribution figures: who speaks (:func:`plot_speakers`), through which media
(:func:`plot_media_cited`) and with which reporting verbs (:func:`plot_cue_stance`), per outlet,
from the tables of :mod:`coverage_study.tables.compare`."""

from __future__ import annotations

import matplotlib.pyplot as plt
import pandas as pd
from matplotlib.axes import Axes
from matplotlib.figure import Figure

from .heatmap import TOP, _tidy_heatmap
from .marks import MARK, held, interval_note
from .style import (
    FIGURE_STYLE,
    GREYS,
    _new_axes,
    _note,
    outlet_order,
    short_labels,
)


def plot_speakers(
    table: pd.DataFrame,
    value: str = "n_quoted_words",
    top: int | None = TOP,
    contrasts: pd.DataFrame | None = None,
) -> Figure:
    """Heatmap of who speaks in which outlet: ``value`` per speaker (rows) and outlet.

    ``table``: :func:`coverage_study.tables.compare.speaker_table`. Default value: words of direct
    quotation given to the speaker; ``n_attributions`` counts direct and reported speech.
    Speakers are ordered by total; the ``top`` (default 20) are drawn and the rest summed into
    one row ``others (k speakers)``, so each outlet's column still sums to its total
    (:func:`top_rows`); ``top=None`` draws every speaker. ``contrasts``:
    :func:`coverage_study.contrast_table` with ``of="speakers", pairs="rest"``: a cell whose
    speaker has a different share of the outlet's quoted words than of the other outlets' is
    marked ``*``; the note under the figure names the interval and test.
    """
    label = {"n_quoted_words": "quoted words", "n_attributions": "attributions"}.get(value, value)
    title = f"Who speaks, per outlet ({label})"
    return _tidy_heatmap(table, "speaker", value, title, label, top, "speakers", contrasts,
                         "share of quoted words")  # fmt: skip


def plot_media_cited(
    table: pd.DataFrame, top: int | None = TOP, contrasts: pd.DataFrame | None = None
) -> Figure:
    """Heatmap of attributions reaching the reader through each medium, per outlet.

    ``table``: :func:`coverage_study.tables.compare.media_table`. The ``top`` media (default 20) by
    total are drawn, the rest summed into ``others (k media)``; ``top=None`` draws all.
    ``contrasts``: :func:`coverage_study.contrast_table` with ``of="media", pairs="rest"``:
    a cell whose medium has a different share of the outlet's attributions is marked ``*``.
    """
    title = "Through which media? Attributions per outlet"
    return _tidy_heatmap(table, "via", "n", title, "n", top, "media", contrasts,
                         "share of attributions")  # fmt: skip


def plot_cue_stance(
    table: pd.DataFrame, ax: Axes | None = None, contrasts: pd.DataFrame | None = None
) -> Figure:
    """100% stacked bars: share of attributions per reporting-verb category, per outlet.

    ``table``: :func:`coverage_study.tables.compare.cue_table`. The number of attributions (and of
    articles) behind each bar is printed at its end: with a handful per outlet, a share is a
    count, not a rate. ``contrasts``: :func:`coverage_study.contrast_table` with
    ``of="cues", pairs="rest"``: a segment whose share differs from the other outlets' is
    marked ``*``; the note under the figure names the interval and test.
    """
    order = ["neutral", "endorsing", "distancing", "directive", "none"]
    cats = [c for c in order if c in set(table["cue_category"])]
    cats += sorted(set(table["cue_category"]) - set(cats))
    outlets = outlet_order(table["outlet"])
    wide = table.pivot_table(index="outlet", columns="cue_category", values="n", aggfunc="sum",
                             fill_value=0).reindex(index=outlets, columns=cats, fill_value=0)
    totals = wide.sum(axis=1)
    with plt.rc_context(FIGURE_STYLE):
        fig, ax = _new_axes(ax, (6.5, 0.42 * len(outlets) + 1.6))
        y = [len(outlets) - 1 - i for i in range(len(outlets))]
        left = pd.Series(0.0, index=outlets)
        styles = [(GREYS[0], ""), (GREYS[1], "///"), (GREYS[2], "..."), ("#ffffff", "xx"),
                  ("#ffffff", "")]  # fmt: skip
        marked = held(contrasts, "cue_category")
        for k, cat in enumerate(cats):
            share = (wide[cat] / totals.where(totals > 0)).fillna(0)
            color, hatch = styles[k % len(styles)]
            ax.barh(y, share, left=left, color=color, hatch=hatch, edgecolor=GREYS[0],
                    linewidth=0.4, label=cat)
            for yi, outlet in zip(y, outlets, strict=True):
                if (outlet, cat) in marked:
                    ax.text(left[outlet] + share[outlet] / 2, yi, MARK, ha="center",
                            va="center", fontsize=9, fontweight="bold",
                            color="white" if k == 0 else "black")  # fmt: skip
            left = left + share
        articles = (table.groupby("outlet")["n_articles"].max().reindex(outlets)
                    if "n_articles" in table else None)  # fmt: skip
        for i, (yi, n) in enumerate(zip(y, totals, strict=True)):
            k_art = "" if articles is None else f", {int(articles.iloc[i])} art."
            ax.text(1.01, yi, f"n={int(n)}{k_art}", va="center", fontsize=7)
        ax.set_yticks(y, short_labels(outlets))
        ax.set_xlim(0, 1)
        ax.set_xlabel("share of attributions")
        ax.set_title("Said, stressed or claimed? Reporting verbs per outlet")
        if len(outlets) > 8:  # under the figure: 20% of a tall axes would leave a wide gap
            handles, labels = ax.get_legend_handles_labels()
            fig.legend(handles, labels, loc="outside lower center", ncol=3, frameon=False)
        else:
            ax.legend(loc="upper center", bbox_to_anchor=(0.5, -0.2), ncol=3, frameon=False)
        if "interval" in table:
            note = interval_note(table["interval"], contrasts, shown="Intervals of each share "
                                 "in the table", what="share")  # fmt: skip
            _note(fig, note)
    return fig
