"""Plots and the one function that writes figures to disk, byte for byte reproducibly.

Plot functions (``plot_*``) take a table and an optional ``ax``, return the figure and never
write to disk. :func:`save_figure` is the only writer: Agg backend, matplotlib's bundled DejaVu
Sans (no system fonts), text as paths, a fixed ``svg.hashsalt``, no dates or software versions
in the file's metadata, written to a temporary file and renamed so that an interrupted run
leaves the previous figure intact.

Style: outlets appear in the same order in every figure (:func:`outlet_order`); colours are
greys and hatches, which survive greyscale printing.

At scale (3 to 30 outlets, up to 100,000 articles) every figure keeps its font sizes and grows
instead: a figure's height (or width) grows with the number of outlets or rows it draws.
Labels follow one rule (:func:`short_label`): a long outlet name is wrapped at word boundaries
into at most two lines of 28 characters (one line in heatmaps and the timeline) and what does
not fit is cut with "…"; the full names stay in the tables. Heatmaps of speakers, actors and
media draw the ``top`` rows by total and sum the rest into one real row, ``others (k)``, so the
column totals are unchanged. Rates and their intervals are always computed from pooled counts
(the hits and words of all the articles of an outlet summed, then one Garwood interval), never
from averaged per-article intervals.
"""

from __future__ import annotations

import math
import os
import tempfile
import textwrap
from collections.abc import Iterable, Sequence
from pathlib import Path
from typing import TYPE_CHECKING, Any, cast

import matplotlib

matplotlib.use("Agg")

import matplotlib.pyplot as plt  # noqa: E402
import numpy as np  # noqa: E402
import pandas as pd  # noqa: E402
from matplotlib.axes import Axes  # noqa: E402
from matplotlib.colors import ListedColormap  # noqa: E402
from matplotlib.figure import Figure  # noqa: E402
from matplotlib.rcsetup import cycler  # noqa: E402 - matplotlib.cycler, which the stubs lack
from matplotlib.ticker import MaxNLocator  # noqa: E402

from .marks import MARK, held, interval_note  # noqa: E402
from .terms import VOICES as TERM_VOICES  # noqa: E402

if TYPE_CHECKING:  # matplotlib.typing has RcKeyType only in recent versions
    from matplotlib.typing import RcKeyType

__all__ = [
    "FIGURE_STYLE",
    "outlet_order",
    "plot_actor_mentions",
    "plot_body_vs_removed",
    "plot_coverage_over_time",
    "plot_cue_stance",
    "plot_media_cited",
    "plot_rate_heatmap",
    "plot_speakers",
    "plot_heatmap",
    "plot_keyness",
    "plot_readability",
    "plot_sentence_vs_word_difficulty",
    "plot_term_rates_by_voice",
    "save_figure",
    "short_label",
    "short_labels",
    "top_rows",
]

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

_METADATA = {
    "svg": {"Date": None},
    "pdf": {"CreationDate": None, "ModDate": None, "Producer": None},
    "png": {"Software": None},
}


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


READABILITY_GRADES = {
    "flesch_kincaid_grade": "Flesch–Kincaid grade",
    "gunning_fog": "Gunning fog",
    "smog_index": "SMOG",
    "coleman_liau_index": "Coleman–Liau",
    "automated_readability_index": "ARI",
    "dale_chall_readability_score": "Dale–Chall",
}
VOICES = (
    ("n_narrator", "outlet's own words", GREYS[0], ""),
    ("n_indirect", "reported speech", GREYS[1], "..."),
    ("n_direct_quote", "direct quotation", GREYS[2], "///"),
)
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


def _pooled_rates(table: pd.DataFrame, level: float = 0.95) -> pd.DataFrame:
    """One row per outlet and family: counts and words summed over the rows of ``table`` (a
    :func:`coverage_study.term_table` by article joined with ``outlet``, or already by outlet),
    the rate and its article-level interval (:func:`coverage_study.stats.rate_table`, as
    ``term_table(by="outlet")`` gives them). Rows already one per outlet and family are
    returned unchanged."""
    if not table.duplicated(["outlet", "family"]).any():
        return table
    from .stats import rate_table

    voices = [f"n_{v}" for v in TERM_VOICES]
    sums = table.groupby(["outlet", "family"], sort=False, dropna=False)[voices].sum()
    rates = rate_table(table, "outlet", level=level)
    return rates.merge(sums.reset_index(), on=["outlet", "family"], how="left")


def plot_term_rates_by_voice(
    table: pd.DataFrame,
    families: Iterable[str] = ("invasion", "war", "conflict", "crisis", "military_operation"),
    ax: Axes | Sequence[Axes] | None = None,
    contrasts: pd.DataFrame | None = None,
) -> Figure:
    """Rate per 1,000 words of each term family per outlet, the bar split by voice.

    ``table``: :func:`coverage_study.term_table` with ``by="outlet"`` (or by article, joined
    with ``outlet``: the counts and words of an outlet's articles are then summed first). One
    panel per family; the bar's segments are the hits in the outlet's own words, in reported
    speech and in direct quotations; the whisker is the 95% interval of the total rate with the
    article as the unit sampled (the table's ``interval`` column names the method; none where
    every outlet has one article); from a per-article table, the same interval is computed from
    the outlet's articles. ``contrasts``: :func:`coverage_study.contrast_table` of each outlet
    against the rest (``pairs="rest"``): an outlet whose rate of the family differs from the
    others' is marked ``*`` beside its count. A note under the figure says which interval and
    test these are. Families the lexicon does not have are skipped (none left: the lexicon's
    first five).

    ``ax``: the axes to draw in, one per family shown (a single Axes for one family); by default
    a new figure with a row of panels. The legend and title go to the axes' figure.
    """
    table = _pooled_rates(table)
    present = list(dict.fromkeys(table["family"]))
    families = [f for f in families if f in present] or present[:5]
    outlets = outlet_order(table["outlet"])
    with plt.rc_context(FIGURE_STYLE):
        if ax is None:
            fig, grid = plt.subplots(
                1, len(families), figsize=(1.9 * len(families) + 1.8, 0.42 * len(outlets) + 1.6),
                sharey=True, layout="constrained", squeeze=False,
            )  # fmt: skip
            panels = list(grid[0])
        else:
            panels = [ax] if isinstance(ax, Axes) else list(ax)
            if len(panels) != len(families):
                raise ValueError(
                    f"plot_term_rates_by_voice: {len(panels)} axes given for "
                    f"{len(families)} families ({', '.join(families)}): give one per family"
                )
            fig = _figure_of(panels[0])
        y = [len(outlets) - 1 - i for i in range(len(outlets))]
        for ax_, family in zip(panels, families, strict=True):
            t = table[table["family"] == family].set_index("outlet").reindex(outlets)
            left = pd.Series(0.0, index=outlets)
            for col, label, color, hatch in VOICES:
                width = t[col] / t["n_words"] * 1000
                ax_.barh(y, width, left=left, color=color, hatch=hatch, edgecolor=GREYS[0],
                         linewidth=0.4, label=label)
                left = left + width.fillna(0)
            rate = t["per_1000_words"]
            ax_.errorbar(rate, y, xerr=[rate - t["per_1000_ci_low"], t["per_1000_ci_high"] - rate],
                         fmt="none", ecolor=GREYS[3], elinewidth=0.7, capsize=2)
            # the whisker's end, or the bar's where the table has no interval (NaN: one
            # article per outlet, coverage_study.stats)
            marked = held(contrasts, "family")
            ends = t["per_1000_ci_high"].fillna(rate)
            for yi, outlet, n, hi in zip(y, outlets, t["n"], ends, strict=True):
                mark = MARK if (outlet, family) in marked else ""
                ax_.text(hi, yi, f" n={int(n)}{mark}", va="center", fontsize=6, color=GREYS[3])
            ax_.set_title(family.replace("_", " "))
            top = float(ends.max()) if ends.notna().any() else 0.0
            ax_.set_xlim(0, (top if top > 0 else 1.0) * 1.3)
            ax_.set_xlabel("per 1,000 words")
        panels[0].set_yticks(y, short_labels(outlets))
        if ax is not None:  # axes of the caller's: maybe not shared, so labels on the first only
            for ax_ in panels[1:]:
                ax_.set_yticks(y)
                ax_.tick_params(labelleft=False)
        handles, labels = panels[0].get_legend_handles_labels()
        # what the whiskers and marks are, as the legend's title: one block under the panels
        note = interval_note(table.get("interval", pd.Series(dtype=object)), contrasts)
        title = textwrap.fill(note + " n = hits.", 150)
        if fig.get_layout_engine() is not None:  # constrained: the legend below the panels
            legend = fig.legend(handles, labels, loc="outside lower center", ncol=3,
                                frameon=False, title=title, title_fontsize=6)  # fmt: skip
        else:
            legend = fig.legend(handles, labels, loc="lower center", ncol=3, frameon=False,
                                title=title, title_fontsize=6)  # fmt: skip
        legend.get_title().set_color(GREYS[3])
        fig.suptitle("Term families per outlet, by voice: whose words use them?")
    return fig


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


def _note(fig: Figure, text: str, width: int = 150) -> None:
    """A note under the figure, in small grey type, wrapped at ``width`` characters (what its
    intervals and marks are); placed by the layout engine, so that it never covers a label."""
    fig.supxlabel(textwrap.fill(text, width), fontsize=6, color=GREYS[3])


def _marked(matrix: pd.DataFrame, marked: set[tuple[Any, Any]], fmt: str) -> pd.DataFrame:
    """Each cell's value formatted, with :data:`MARK` where ``(column, row)`` is in ``marked``
    (columns are outlets, rows the categories)."""
    return pd.DataFrame(
        [[fmt.format(matrix.iat[i, j]) + (MARK if (c, r) in marked else "")
          for j, c in enumerate(matrix.columns)] for i, r in enumerate(matrix.index)],
        index=matrix.index, columns=matrix.columns,
    )  # fmt: skip


def plot_rate_heatmap(
    table: pd.DataFrame,
    voice: str | None = "narrator",
    contrasts: pd.DataFrame | None = None,
    title: str | None = None,
) -> Figure:
    """Heatmap of every family's rate per 1,000 words (rows) per outlet (columns), with its
    95% interval in the cell and a mark where the outlet differs from the others.

    ``table``: :func:`coverage_study.term_table` with ``by="outlet"``. ``voice``: the hits of
    one voice over all the outlet's words (``narrator``: the outlet's own words, default;
    ``direct_quote``, ``indirect``), or every hit (``None``). ``contrasts``:
    :func:`coverage_study.contrast_table` with the same ``voice`` and ``pairs="rest"``: a cell
    whose outlet differs from the other outlets is marked ``*``. Blank = no hit; the interval
    is printed under the value where the heatmap has room (eight outlets or fewer).
    """
    col = "per_1000_words" if voice is None else f"per_1000_{voice}"
    if col not in table:
        raise ValueError(f"plot_rate_heatmap: the table has no {col!r} column: give "
                         "term_table(..., by='outlet')")  # fmt: skip
    if contrasts is not None and contrasts.attrs.get("voice") != voice:
        raise ValueError(f"plot_rate_heatmap: the contrasts are of voice "
                         f"{contrasts.attrs.get('voice')!r}, the heatmap of {voice!r}")  # fmt: skip

    families = list(dict.fromkeys(table["family"]))
    outlets = outlet_order(table["outlet"])

    def wide(column: str) -> pd.DataFrame:  # NaN stays NaN (no interval), unlike a pivot sum
        m = table.pivot(index="family", columns="outlet", values=column)
        return m.reindex(index=families, columns=outlets)

    matrix = wide(col)
    labels = _marked(matrix, held(contrasts, "family"), "{:.1f}")
    if len(matrix.columns) <= 8 and f"{col}_ci_low" in table:
        low, high = wide(f"{col}_ci_low"), wide(f"{col}_ci_high")
        for i in range(len(matrix.index)):
            for j in range(len(matrix.columns)):
                lo, hi = low.iat[i, j], high.iat[i, j]
                if lo == lo and hi == hi:
                    labels.iat[i, j] += f"\n({lo:.1f}\u2013{hi:.1f})"
    whose = {None: "all words", "narrator": "the outlet's own words",
             "direct_quote": "direct quotations", "indirect": "reported speech"}.get(voice, voice)
    note = interval_note(table.get("interval", pd.Series(dtype=object)), contrasts,
                         shown="In brackets")  # fmt: skip
    return plot_heatmap(matrix, title or f"Term families in {whose}", "per 1,000 words",
                        labels=labels, note=note)  # fmt: skip


TOP = 20
"""Default ``top`` of the speaker, actor and media heatmaps: rows drawn before "others"."""


def plot_actor_mentions(
    table: pd.DataFrame, min_mentions: int = 1, ax: Axes | None = None, top: int | None = TOP
) -> Figure:
    """Heatmap of mentions per actor (rows) and outlet (columns) in headline and body.

    ``table``: :func:`coverage_study.actor_table` joined with ``outlet``. Actors with fewer than
    ``min_mentions`` in the whole corpus are left out; rows are ordered by total mentions. The
    ``top`` actors (default 20) are drawn and the other actors summed into one row
    ``others (k actors)`` (:func:`top_rows`); ``top=None`` draws every actor. Places (``kind``
    ``place``: countries, states and cities that discovery found) are not actors: left out.
    """
    if "kind" in table:
        table = table[table["kind"] != "place"]
    m = table.pivot_table(index="actor", columns="outlet", values="n_mentions", aggfunc="sum",
                          fill_value=0)  # fmt: skip
    m = m.reindex(columns=outlet_order(m.columns))
    m = top_rows(m[m.sum(axis=1) >= min_mentions], top, "actors")
    return plot_heatmap(m, "Who is mentioned, per outlet", "mentions", ax=ax)


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


def plot_speakers(
    table: pd.DataFrame,
    value: str = "n_quoted_words",
    top: int | None = TOP,
    contrasts: pd.DataFrame | None = None,
) -> Figure:
    """Heatmap of who speaks in which outlet: ``value`` per speaker (rows) and outlet.

    ``table``: :func:`coverage_study.compare.speaker_table`. Default value: words of direct
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

    ``table``: :func:`coverage_study.compare.media_table`. The ``top`` media (default 20) by
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

    ``table``: :func:`coverage_study.compare.cue_table`. The number of attributions (and of
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


def plot_keyness(table: pd.DataFrame, top: int = 8, by: str = "outlet") -> Figure:
    """Small multiples: the ``top`` most distinctive words of each group, by z-score.

    ``table``: :func:`coverage_study.keyness_table`. One panel per group in
    :func:`outlet_order`; bar = z of the weighted log-odds (higher = more typical of the group
    than of the others); the label gives the word's count in the group and in the others.
    """
    groups = outlet_order(table[by])
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
