"""Plots and the one function that writes figures to disk, byte for byte reproducibly.

Plot functions (``plot_*``) take a table and an optional ``ax``, return the figure and never
write to disk. :func:`save_figure` is the only writer: Agg backend, matplotlib's bundled DejaVu
Sans (no system fonts), text as paths, a fixed ``svg.hashsalt``, no dates or software versions
in the file's metadata, written to a temporary file and renamed so that an interrupted run
leaves the previous figure intact.

Style: outlets appear in the same order in every figure (:func:`outlet_order`); colours are
greys and hatches, which survive greyscale printing.
"""

from __future__ import annotations

import os
import tempfile
from collections.abc import Iterable
from pathlib import Path

import matplotlib

matplotlib.use("Agg")

import matplotlib.pyplot as plt  # noqa: E402
import pandas as pd  # noqa: E402
from matplotlib.axes import Axes  # noqa: E402
from matplotlib.figure import Figure  # noqa: E402

__all__ = [
    "FIGURE_STYLE",
    "outlet_order",
    "plot_body_vs_removed",
    "save_figure",
]

FIGURE_STYLE: dict[str, object] = {
    "font.family": "DejaVu Sans",
    "font.size": 9,
    "axes.titlesize": 10,
    "axes.spines.top": False,
    "axes.spines.right": False,
    "axes.prop_cycle": matplotlib.cycler(color=["#1a1a1a", "#7f7f7f", "#bfbfbf", "#4d4d4d"]),
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

_METADATA = {
    "svg": {"Date": None},
    "pdf": {"CreationDate": None, "ModDate": None, "Producer": None},
    "png": {"Software": None},
}


def outlet_order(outlets: Iterable[str]) -> list[str]:
    """The order in which outlets appear in every figure: alphabetical, case-insensitive."""
    return sorted(set(outlets), key=lambda s: (s.casefold(), s))


def _new_axes(ax: Axes | None, size: tuple[float, float]) -> tuple[Figure, Axes]:
    if ax is not None:
        return ax.figure, ax  # type: ignore[return-value]
    with plt.rc_context(FIGURE_STYLE):
        fig, ax = plt.subplots(figsize=size, layout="constrained")
    return fig, ax


def plot_body_vs_removed(table: pd.DataFrame, ax: Axes | None = None) -> Figure:
    """Horizontal stacked bars: words kept in the body vs words removed as page furniture.

    ``table`` is :func:`coverage_study.cleaning_table`'s output (``article_id``, ``outlet``,
    ``n_words_body``, ``n_words_removed``). One bar per article, labelled with its outlet,
    articles ordered by outlet (:func:`outlet_order`) then id.
    """
    order = {o: i for i, o in enumerate(outlet_order(table["outlet"]))}
    t = table.assign(_o=table["outlet"].map(order)).sort_values(["_o", "article_id"])
    labels = [f"{o}\n{a}" for o, a in zip(t["outlet"], t["article_id"], strict=True)]
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
            ax.text(kept + gone + 5, yi, f"{kept} + {gone}", va="center", fontsize=7)
        ax.set_yticks(y, labels, fontsize=7)
        ax.set_xlabel("words (headline excluded)")
        ax.set_title("What cleaning kept and removed, per article")
        ax.set_xlim(0, float((t["n_words_body"] + t["n_words_removed"]).max()) * 1.18)
        ax.legend(loc="lower right", frameon=False, fontsize=7)
    return fig


def save_figure(fig: Figure, path: str | Path) -> Path:
    """Write ``fig`` to ``path`` (``.svg``, ``.pdf`` or ``.png``) deterministically, then close it.

    The same figure on the same library versions gives the same bytes: no dates, no software
    string, a fixed SVG hash salt, text drawn as paths. The file is written to a temporary file
    in the same folder and renamed into place.
    """
    path = Path(path)
    fmt = path.suffix.lstrip(".").lower()
    if fmt not in _METADATA:
        raise ValueError(f"{path}: figure format must be one of {sorted(_METADATA)}, not {fmt!r}")
    path.parent.mkdir(parents=True, exist_ok=True)
    fd, tmp = tempfile.mkstemp(dir=path.parent, prefix=f".{path.name}.", suffix=".tmp")
    os.close(fd)
    try:
        with plt.rc_context(FIGURE_STYLE):
            fig.savefig(tmp, format=fmt, metadata=_METADATA[fmt])
        os.replace(tmp, path)
    finally:
        if os.path.exists(tmp):
            os.unlink(tmp)
        plt.close(fig)
    return path
