"""The term-family figures: rates per 1,000 words by voice (:func:`plot_term_rates_by_voice`)
and every family's rate as a heatmap (:func:`plot_rate_heatmap`), from
:func:`coverage_study.term_table`.

Rates and their intervals are always computed from pooled counts (the hits and words of all the
articles of an outlet summed, then one interval with the article as the unit sampled), never
from averaged per-article intervals (:func:`_pooled_rates`).
"""

from __future__ import annotations

import textwrap
from collections.abc import Iterable, Sequence

import matplotlib.pyplot as plt
import pandas as pd
from matplotlib.axes import Axes
from matplotlib.figure import Figure

from ..tables.terms import VOICES as TERM_VOICES
from .heatmap import _marked, plot_heatmap
from .marks import MARK, held, interval_note
from .style import (
    FIGURE_STYLE,
    GREYS,
    _figure_of,
    outlet_order,
    short_labels,
)

VOICES = (
    ("n_narrator", "outlet's own words", GREYS[0], ""),
    ("n_indirect", "reported speech", GREYS[1], "..."),
    ("n_direct_quote", "direct quotation", GREYS[2], "///"),
)


def _pooled_rates(table: pd.DataFrame, level: float = 0.95) -> pd.DataFrame:
    """One row per outlet and family: counts and words summed over the rows of ``table`` (a
    :func:`coverage_study.term_table` by article joined with ``outlet``, or already by outlet),
    the rate and its article-level interval (:func:`coverage_study.stats.rate_table`, as
    ``term_table(by="outlet")`` gives them). Rows already one per outlet and family are
    returned unchanged."""
    if not table.duplicated(["outlet", "family"]).any():
        return table
    from ..stats import rate_table

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
