"""The figure of coverage over time: articles and term-family rates per outlet and period
(:func:`plot_coverage_over_time`, from :func:`coverage_study.coverage_table`)."""

from __future__ import annotations

import math
from collections.abc import Iterable

import matplotlib
import matplotlib.pyplot as plt
import numpy as np
import pandas as pd
from matplotlib.axes import Axes
from matplotlib.colors import ListedColormap
from matplotlib.figure import Figure
from matplotlib.ticker import MaxNLocator

from .marks import interval_note
from .style import (
    FIGURE_STYLE,
    _figure_of,
    outlet_order,
    short_labels,
)


def plot_coverage_over_time(
    table: pd.DataFrame,
    families: Iterable[str] = ("invasion", "war", "conflict"),
    ax: Axes | None = None,
) -> Figure:
    """Heatmaps over time: articles per outlet and period, then each family's rate.

    ``table``: :func:`coverage_study.coverage_table` (its first column is the group, ``outlet``
    by default). Rows are outlets in
    :func:`outlet_order`, columns the weeks or months from the first dated article to the last.
    The first panel counts articles; one panel per family follows (families the table does not
    have are skipped) with hits per 1,000 words from the outlet's pooled counts in the period:
    white = no article in the period, the lightest grey = articles but no hit, darker = higher.
    Values are printed in the cells when the cells are large enough. Undated articles (period
    ``NaT``) are not drawn; a note under the figure says how many, and what the rates' intervals
    are (the table's ``interval`` column). With ``ax``, only the articles panel is drawn, into
    it.

    Raises
    ------
    ValueError
        If the table has no dated article.
    """
    by = table.columns[0]
    dated = table[table["period"].notna()]
    if dated.empty:
        raise ValueError("plot_coverage_over_time: no dated article in the table")
    freq = str(table["freq"].iloc[0])
    outlets = outlet_order(dated[by])
    periods = sorted(dated["period"].unique())
    present = list(dict.fromkeys(dated["family"]))
    fams = [f for f in families if f in present]
    first = dated[dated["family"] == present[0]]
    counts = first.pivot(index=by, columns="period", values="n_articles")
    panels: list[tuple[str, pd.DataFrame, str]] = [(f"Articles per {freq}", counts, "{:.0f}")]
    for family in fams:
        t = dated[dated["family"] == family]
        rate = t["per_1000_words"].where(t["n_articles"] > 0)
        wide = t.assign(_r=rate).pivot(index=by, columns="period", values="_r")
        panels.append((f"{family.replace('_', ' ')}: hits per 1,000 words", wide, "{:.1f}"))
    if ax is not None:
        panels = panels[:1]

    n_bins, n_rows = len(periods), len(outlets)
    cell_w = min(max(6.0 / n_bins, 0.1), 0.4)
    row_h = 0.22
    panel_h = row_h * n_rows + 0.45
    width = 2.4 + cell_w * n_bins + 1.2
    annotate = cell_w >= 0.3
    step = max(1, math.ceil(0.17 / cell_w))  # an upright label needs about 0.17 in
    label = "%Y-%m-%d" if freq == "week" else "%Y-%m"
    # Greys without its white end: zero (articles, no hit) is the lightest grey, and white is
    # left for missing (no article in the period)
    greys = matplotlib.colormaps["Greys"](np.linspace(0.08, 1.0, 256))
    cmap = ListedColormap(greys).with_extremes(bad="#ffffff")
    with plt.rc_context(FIGURE_STYLE):
        if ax is None:
            fig, axes = plt.subplots(
                len(panels), 1, figsize=(width, panel_h * len(panels) + 1.3),
                layout="constrained", sharex=True, squeeze=False,
            )  # fmt: skip
            axs = list(axes[:, 0])
        else:
            fig, axs = _figure_of(ax), [ax]
        for ax_, (title, wide, fmt) in zip(axs, panels, strict=True):
            values = wide.reindex(index=outlets, columns=periods).to_numpy(dtype=float)
            vmax = max(float(np.nanmax(values)) if np.isfinite(values).any() else 0.0, 1e-9)
            image = ax_.imshow(np.ma.masked_invalid(values), cmap=cmap, aspect="auto",
                               vmin=0.0, vmax=vmax, interpolation="nearest")
            if annotate:
                for i in range(n_rows):
                    for j in range(n_bins):
                        v = values[i, j]
                        if v == v and v > 0:
                            ax_.text(j, i, fmt.format(v), ha="center", va="center", fontsize=6,
                                     color="white" if v > vmax * 0.55 else "black")
            ax_.set_yticks(range(n_rows), short_labels(outlets, 28, 1), fontsize=7)
            ax_.set_title(title, fontsize=8, loc="left")
            ax_.tick_params(length=0)
            for side in ("left", "bottom"):
                ax_.spines[side].set_visible(False)
            bar = fig.colorbar(image, ax=ax_, shrink=0.9, aspect=max(4, 3 * n_rows // 2), pad=0.01)
            if fmt == "{:.0f}":  # counts of articles: whole numbers on the scale
                bar.locator = MaxNLocator(nbins=4, integer=True, min_n_ticks=1)
                bar.update_ticks()
            bar.ax.tick_params(labelsize=7)
        ticks = list(range(0, n_bins, step))
        axs[-1].set_xticks(ticks, [pd.Timestamp(periods[j]).strftime(label) for j in ticks],
                           fontsize=7, rotation=90)  # fmt: skip
        if ax is None:
            fig.suptitle(f"Coverage over time, per outlet and {freq}")
        undated = table[table["period"].isna() & (table["family"] == present[0])]
        n_undated = int(undated["n_articles"].sum())
        notes = []
        if ax is None and fams and "interval" in table:
            notes.append("Rates pooled over the outlet's articles in the period; a cell of one "
                         "article is that article's rate. "
                         + interval_note(dated["interval"], shown="95% intervals in "
                                         "coverage_table"))  # fmt: skip
        if n_undated:
            notes.append(f"{n_undated:,} article{'s' if n_undated > 1 else ''} without a date "
                         "not shown")  # fmt: skip
        if notes:
            fig.supxlabel("\n".join(notes), fontsize=7)
    return fig
