"""The annotated greyscale heatmap every table of counts or rates by outlet is drawn as
(:func:`plot_heatmap`), with the cells a contrast marks (:func:`_marked`) and the pivot of a tidy
table of counts into its ``top`` rows (:func:`_tidy_heatmap`, :data:`TOP`)."""

from __future__ import annotations

from typing import Any

import matplotlib.pyplot as plt
import pandas as pd
from matplotlib.axes import Axes
from matplotlib.figure import Figure

from .marks import MARK, held, interval_note
from .style import (
    FIGURE_STYLE,
    GREYS,
    _new_axes,
    _note,
    outlet_order,
    short_labels,
    top_rows,
)


def plot_heatmap(
    matrix: pd.DataFrame,
    title: str,
    value_label: str,
    fmt: str = "{:.0f}",
    ax: Axes | None = None,
    labels: pd.DataFrame | None = None,
    note: str | None = None,
) -> Figure:
    """Annotated greyscale heatmap of ``matrix`` (rows x columns), zeros left blank; a matrix
    without rows or columns gives a figure that says "none in this corpus".

    Columns that are outlets are put in :func:`outlet_order` by the caller. Darker = larger.
    ``labels`` (same rows and columns, strings) replaces the formatted value printed in a cell
    (an interval, a mark); ``note`` is a line under the figure (what the intervals and marks
    are).
    """
    rows, cols = list(matrix.index), list(matrix.columns)
    values = matrix.to_numpy(dtype=float)
    if not rows or not cols:  # nothing counted (no actor or medium in the corpus): say so
        with plt.rc_context(FIGURE_STYLE):
            fig, ax = _new_axes(ax, (5.0, 1.6))
            ax.set_axis_off()
            ax.set_title(title)
            ax.text(0.5, 0.4, "none in this corpus", ha="center", va="center",
                    transform=ax.transAxes, color=GREYS[1])  # fmt: skip
        return fig
    narrow = len(cols) > 8  # more columns: narrower cells, labels on one line, turned upright
    size = (0.42 * len(cols) + 3.2 if narrow else 1.15 * len(cols) + 2.6, 0.32 * len(rows) + 1.6)
    with plt.rc_context(FIGURE_STYLE):
        fig, ax = _new_axes(ax, (size[0], size[1] + (1.4 if narrow else 0.0)))
        vmax = max(float(pd.Series(values.ravel()).max()), 1.0)
        image = ax.imshow(values, cmap="Greys", vmin=0, vmax=vmax, aspect="auto")
        for i in range(len(rows)):
            for j in range(len(cols)):
                v = values[i, j]
                if v and v == v:
                    text = fmt.format(v) if labels is None else str(labels.iat[i, j])
                    ax.text(j, i, text, ha="center", va="center",
                            fontsize=(6 if narrow else 7) - (1 if "\n" in text else 0),
                            color="white" if v > vmax * 0.55 else "black")
        if narrow:
            ax.set_xticks(range(len(cols)), short_labels(cols, 28, 1), fontsize=7,
                          rotation=90)
        else:
            ax.set_xticks(range(len(cols)),
                          short_labels([str(c).replace(" (", "\n(") for c in cols], 16, 3),
                          fontsize=7)  # fmt: skip
        ax.set_yticks(range(len(rows)), short_labels(rows, 40, 1), fontsize=7)
        ax.tick_params(length=0)
        for side in ("left", "bottom"):
            ax.spines[side].set_visible(False)
        ax.set_title(title)
        fig.colorbar(image, ax=ax, label=value_label, shrink=0.8)
        if note:
            _note(fig, note)
    return fig


def _marked(matrix: pd.DataFrame, marked: set[tuple[Any, Any]], fmt: str) -> pd.DataFrame:
    """Each cell's value formatted, with :data:`MARK` where ``(column, row)`` is in ``marked``
    (columns are outlets, rows the categories)."""
    return pd.DataFrame(
        [[fmt.format(matrix.iat[i, j]) + (MARK if (c, r) in marked else "")
          for j, c in enumerate(matrix.columns)] for i, r in enumerate(matrix.index)],
        index=matrix.index, columns=matrix.columns,
    )  # fmt: skip


TOP = 20
"""Default ``top`` of the speaker, actor and media heatmaps: rows drawn before "others"."""


def _tidy_heatmap(
    table: pd.DataFrame, row: str, value: str, title: str, label: str, top: int | None, noun: str,
    contrasts: pd.DataFrame | None = None, what: str = "share",
) -> Figure:
    m = table.pivot_table(index=row, columns="outlet", values=value, aggfunc="sum", fill_value=0)
    m = m.reindex(columns=outlet_order(m.columns))
    m = top_rows(m[m.sum(axis=1) > 0], top, noun)
    if "interval" not in table:  # a table of counts only: no statement on uncertainty
        return plot_heatmap(m, title, label)
    labels = _marked(m, held(contrasts, row), "{:.0f}")
    if contrasts is not None:  # the note counts the contrasts of the rows drawn
        attrs = dict(contrasts.attrs)
        contrasts = contrasts[contrasts[row].isin(m.index)]
        contrasts.attrs = attrs
    note = interval_note(table["interval"], contrasts, shown=f"Intervals of each {what} in the "
                         "table", what=what)  # fmt: skip
    return plot_heatmap(m, title, label, labels=labels, note=note)
