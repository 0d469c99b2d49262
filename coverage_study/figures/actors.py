"""The figure of who is mentioned: actor mentions per outlet as a heatmap
(:func:`plot_actor_mentions`, from :func:`coverage_study.actor_table`)."""

from __future__ import annotations

import pandas as pd
from matplotlib.axes import Axes
from matplotlib.figure import Figure

from .heatmap import TOP, plot_heatmap
from .style import (
    outlet_order,
    top_rows,
)


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
