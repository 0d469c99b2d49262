"""The look every figure shares: rcParams, greys and hatches, the order of outlets, tick labels
cut by one rule, the top rows of a heatmap, new axes and the note under a figure.

Outlets appear in the same order in every figure (:func:`outlet_order`); colours are greys and
hatches, which survive greyscale printing. A long name is wrapped at word boundaries and cut with
"…" (:func:`short_label`); the full names stay in the tables.
"""

from __future__ import annotations

import os
import textwrap
from collections.abc import Iterable
from typing import TYPE_CHECKING, Any, cast

import matplotlib.pyplot as plt
import pandas as pd
from matplotlib.axes import Axes
from matplotlib.figure import Figure
from matplotlib.rcsetup import cycler  # matplotlib.cycler, which the stubs lack

if TYPE_CHECKING:  # matplotlib.typing has RcKeyType only in recent versions
    from matplotlib.typing import RcKeyType


FIGURE_STYLE: dict[RcKeyType, Any] = {
    "font.family": "DejaVu Sans",
    "font.size": 9,
    "axes.titlesize": 10,
    "axes.spines.top": False,
    "axes.spines.right": False,
    "axes.prop_cycle": cycler(color=["#1a1a1a", "#7f7f7f", "#bfbfbf", "#4d4d4d"]),
    "hatch.linewidth": 0.6,
    "svg.fonttype": "path",
    "svg.hashsalt": "coverage-study",
    "path.simplify": True,
    "figure.dpi": 100,
    "savefig.dpi": 150,
}
"""rcParams applied to every figure the package draws."""

GREYS = ("#1a1a1a", "#7f7f7f", "#d9d9d9", "#4d4d4d", "#ffffff")
HATCHES = ("", "///", "...", "xx", "\\\\")


def outlet_order(outlets: Iterable[str]) -> list[str]:
    """The order in which outlets appear in every figure: alphabetical, case-insensitive."""
    return sorted(set(outlets), key=lambda s: (s.casefold(), s))


def short_label(name: object, width: int = 28, lines: int = 2, tail: int | None = None) -> str:
    """``name`` as a tick label: wrapped at word boundaries into at most ``lines`` lines of at
    most ``width`` characters.

    A name too long for that keeps its beginning and its last ``tail`` characters (default
    ``width // 3``) on the last line, joined by "…" ("The Extraordinaril…h Moravia"). Line
    breaks already in ``name`` are kept (each line is wrapped on its own). Names that fit are
    returned unchanged; tables keep the full names. :func:`short_labels` labels a set of names
    and keeps them apart.
    """
    out: list[str] = []
    for part in str(name).split("\n"):
        out += textwrap.wrap(part, width, break_long_words=True) or [""]
    if len(out) <= lines:
        return "\n".join(out)
    rest = " ".join(out[lines - 1 :])
    keep = min(width // 3 if tail is None else tail, width - 4)
    end = rest[-keep:].lstrip()
    last = rest[: width - 1 - len(end)].rstrip() + "…" + end
    return "\n".join([*out[: lines - 1], last])


def short_labels(names: Iterable[object], width: int = 28, lines: int = 2) -> list[str]:
    """:func:`short_label` of each name; where two cut names would read the same, their tails
    are lengthened to just past their common ending, so that they differ where the names do
    (as far as ``width`` allows)."""
    given = [str(n) for n in names]
    unique = list(dict.fromkeys(given))
    labels = [short_label(n, width, lines) for n in unique]
    for label in {x for x in labels if labels.count(x) > 1}:
        group = [n for n, x in zip(unique, labels, strict=True) if x == label]
        common = len(os.path.commonprefix([n[::-1] for n in group]))
        for i, (n, x) in enumerate(zip(unique, labels, strict=True)):
            if x == label:
                labels[i] = short_label(n, width, lines, tail=common + 1)
    label_of = dict(zip(unique, labels, strict=True))
    return [label_of[n] for n in given]


def top_rows(matrix: pd.DataFrame, top: int | None, noun: str = "rows") -> pd.DataFrame:
    """The ``top`` rows of ``matrix`` by row total (ties in the given order), the others summed.

    Rows are sorted by total, largest first. When there are more than ``top`` rows, the rest
    become one row ``others (k noun)`` at the bottom holding their sum, so every column total is
    unchanged. ``top=None`` keeps every row.
    """
    m = matrix.loc[matrix.sum(axis=1).sort_values(ascending=False, kind="mergesort").index]
    if top is None or len(m) <= top:
        return m
    if top < 1:
        raise ValueError(f"top={top!r}: must be at least 1 (or None for every row)")
    rest = m.iloc[top:]
    others = rest.sum(axis=0).to_frame(f"others ({len(rest)} {noun})").T
    return pd.concat([m.iloc[:top], others.astype(m.dtypes.iloc[0])])


def _figure_of(ax: Axes) -> Figure:
    """The figure holding ``ax``: a Figure for axes of ``plt.subplots`` or ``Figure.add_subplot``.
    Not supported: axes in a SubFigure, whose ``.figure`` is the SubFigure (save_figure fails)."""
    return cast(Figure, ax.figure)


def _new_axes(ax: Axes | None, size: tuple[float, float]) -> tuple[Figure, Axes]:
    if ax is not None:
        return _figure_of(ax), ax
    with plt.rc_context(FIGURE_STYLE):
        fig, ax = plt.subplots(figsize=size, layout="constrained")
    return fig, ax


def _note(fig: Figure, text: str, width: int = 150) -> None:
    """A note under the figure, in small grey type, wrapped at ``width`` characters (what its
    intervals and marks are); placed by the layout engine, so that it never covers a label."""
    fig.supxlabel(textwrap.fill(text, width), fontsize=6, color=GREYS[3])
