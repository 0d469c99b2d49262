"""Coverage over time: articles and term-family rates per group and week or month.

What is counted
    Each article falls in the period (week or month) of its ``published`` date. Per group
    (``outlet`` by default), period and term family: the number of articles, the family's hits
    (split by voice, as :func:`coverage_study.term_table` counts them) and the word tokens of
    the headline and body of those articles.
Bins
    ``freq=None`` chooses from the span of the dated articles (latest minus earliest date):
    weeks (Monday to Sunday, labelled by their Monday) when the span is at most 183 days (about
    six months), calendar months otherwise. Every period from the first to the last is a row,
    with zeros where a group has no article.
Rates
    ``per_1000_words = 1000 * n / n_words`` from the counts pooled over the articles of the
    group and period (not an average of per-article rates); missing where the period has no
    words. The interval's sampling unit is the article (:mod:`coverage_study.stats`: the
    quasi-Poisson interval with the dispersion between the cell's articles; a cell of one
    article borrows the family's dispersion pooled over all cells; none when no cell has two
    articles); ``interval="poisson"`` gives Garwood's word-level interval instead. The
    ``interval`` column names each row's method.
Articles without a date
    are not dropped: they form the period ``NaT`` (one row per group and family when any
    article is undated), so ``n_articles`` sums to the corpus size; ``attrs["n_undated"]`` says
    how many there are.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any, Literal

import numpy as np
import pandas as pd

from ..stats import rate_intervals
from .terms import VOICES, Lexicon, per_1000, term_table

__all__ = ["MAX_WEEKLY_SPAN_DAYS", "coverage_table"]

MAX_WEEKLY_SPAN_DAYS = 183
"""Dates spanning at most this many days are binned by week, longer spans by month."""

_FREQ = {"week": "W-MON", "month": "MS"}


def _period_start(dates: pd.Series, freq: str) -> pd.Series:
    """The first day of each date's week (its Monday) or month; NaT stays NaT."""
    days = dates.dt.normalize()
    if freq == "week":
        return days - pd.to_timedelta(days.dt.day_of_week, unit="D")
    return days - pd.to_timedelta(days.dt.day - 1, unit="D")


def coverage_table(
    corpus: pd.DataFrame,
    terms: pd.DataFrame | None = None,
    by: str = "outlet",
    freq: Literal["week", "month"] | None = None,
    lexicon: Lexicon | str | Path | None = None,
    voices: pd.DataFrame | None = None,
    level: float = 0.95,
    interval: Literal["article", "poisson"] = "article",
) -> pd.DataFrame:
    """Articles and term-family rates per group, period and family.

    Parameters
    ----------
    corpus : DataFrame
        As returned by :func:`coverage_study.load_corpus` (``published`` may be missing or
        absent: those articles are undated).
    terms : DataFrame, optional
        :func:`coverage_study.term_table` by ``article_id`` for this corpus; computed from
        ``lexicon`` and ``voices`` when not given.
    by : str
        The grouping column, ``outlet`` by default.
    freq : {"week", "month"}, optional
        The bin; by default weeks when the dated articles span at most
        :data:`MAX_WEEKLY_SPAN_DAYS` days, months otherwise.
    level : float
        Confidence level of the interval.
    interval : {"article", "poisson"}
        The interval's method (module docstring), as for :func:`coverage_study.term_table`.

    Returns
    -------
    DataFrame
        One row per group x period x family, zeros included: ``<by>, period, freq, family,
        n_articles, n, n_words, per_1000_words, per_1000_ci_low, per_1000_ci_high,
        interval, n_narrator, n_direct_quote, n_indirect``. ``period`` is the first day of
        the week or month (``NaT`` for undated articles), ``n_articles`` the articles of the
        group in the period (the same on every family's row); ``interval`` names the method
        of the row's interval (:data:`coverage_study.stats.METHODS`). ``attrs``: ``freq``,
        ``span_days`` (latest minus earliest date, 0 with fewer than two dates),
        ``n_undated``, ``lexicon``.
    """
    if by not in corpus:
        raise ValueError(f"coverage_table: by={by!r} is not a column of the corpus")
    if interval not in ("article", "poisson"):
        raise ValueError(
            f"coverage_table: interval={interval!r}: use 'article' or 'poisson'"
        )
    if freq not in (None, "week", "month"):
        raise ValueError(f"coverage_table: freq={freq!r}: use 'week', 'month' or None")
    if terms is None:
        terms = term_table(corpus, lexicon, voices=voices)
    if "article_id" not in terms:
        raise ValueError("coverage_table: terms must be a term_table by article_id")
    dates = (
        pd.to_datetime(corpus["published"], errors="coerce")
        if "published" in corpus
        else pd.Series(pd.NaT, index=corpus.index, dtype="datetime64[ns]")
    )
    dated = dates.dropna()
    span_days = int((dated.max() - dated.min()).days) if len(dated) > 1 else 0
    if freq is None:
        freq = "week" if span_days <= MAX_WEEKLY_SPAN_DAYS else "month"
    n_undated = int(dates.isna().sum())

    articles = pd.DataFrame(
        {
            "article_id": corpus["article_id"].to_numpy(),
            by: corpus[by].to_numpy(),
            "period": _period_start(dates, freq).to_numpy(),
        }
    )
    voice_cols = [f"n_{v}" for v in VOICES]
    per_article = terms[["article_id", "family", "n", "n_words", *voice_cols]].merge(
        articles, on="article_id", how="inner", validate="many_to_one"
    )
    keys = [by, "period", "family"]
    sums = per_article.groupby(keys, dropna=False)[["n", "n_words", *voice_cols]].sum()
    n_articles = articles.groupby([by, "period"], dropna=False).size()

    groups = sorted(articles[by].dropna().unique())
    if articles[by].isna().any():
        groups.append(np.nan)
    periods: list[Any] = []
    if len(dated):
        start = _period_start(pd.Series([dated.min()]), freq).iloc[0]
        periods = list(pd.date_range(start, dated.max(), freq=_FREQ[freq]))
    if n_undated:
        periods.append(pd.NaT)
    families = list(dict.fromkeys(terms["family"].tolist()))  # a list: no Series iteration
    grid = pd.MultiIndex.from_product([groups, periods, families], names=keys)
    table = sums.reindex(grid, fill_value=0).astype("int64").reset_index()
    na = n_articles.reindex(pd.MultiIndex.from_frame(table[[by, "period"]]), fill_value=0)
    table.insert(2, "freq", freq)
    table.insert(4, "n_articles", na.to_numpy().astype("int64"))
    rates = per_1000(table["n"].to_numpy(), table["n_words"].to_numpy(), level)
    table["per_1000_words"], table["per_1000_ci_low"], table["per_1000_ci_high"] = rates
    if interval != "poisson":
        cells = per_article.groupby(keys, dropna=False).ngroup().to_numpy()
        pool = pd.factorize(sums.index.get_level_values("family"), use_na_sentinel=False)[0]
        r = rate_intervals(per_article["n"].to_numpy(), per_article["n_words"].to_numpy(),
                           cells, len(sums), pool, level, interval)  # fmt: skip
        found = pd.DataFrame(
            {"per_1000_ci_low": r["ci_low"], "per_1000_ci_high": r["ci_high"],
             "interval": r["interval"]}, index=sums.index,
        ).reindex(grid)  # fmt: skip
        table["per_1000_ci_low"] = found["per_1000_ci_low"].to_numpy()
        table["per_1000_ci_high"] = found["per_1000_ci_high"].to_numpy()
        table["interval"] = found["interval"].fillna("none (no words)").to_numpy()
    else:
        table["interval"] = np.where(table["n_words"] > 0, "poisson", "none (no words)")
    table = table[
        [by, "period", "freq", "family", "n_articles", "n", "n_words", "per_1000_words",
         "per_1000_ci_low", "per_1000_ci_high", "interval", *voice_cols]
    ]  # fmt: skip
    table.attrs = {
        "freq": freq,
        "span_days": span_days,
        "n_undated": n_undated,
        "lexicon": terms.attrs.get("lexicon"),
    }
    return table
