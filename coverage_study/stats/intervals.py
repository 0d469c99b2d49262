"""Intervals for the rates and shares of groups, the article as the sampling unit.

The article is the unit that was sampled: an outlet's rate of a term family is estimated from
its articles, and words cluster in them (an article about the border wall says "immigration" ten
times, the next one not once). Treating each word as an independent draw (Garwood's Poisson
interval on the pooled count) gives intervals far too narrow on real news. The intervals here
are those of a quasi-likelihood model whose variance is the Poisson (or binomial) variance times
a dispersion ``phi`` estimated from the variation *between the articles* of the group
(Wedderburn 1974; McCullagh & Nelder 1989, *Generalized Linear Models*, 2nd ed., ch. 9).
Everything is closed form: no random numbers, the same bytes on every run.

Rates (hits per 1,000 words)
    A group's rate is ``R = N / W`` (its articles' hits ``n_i`` and word tokens ``w_i``
    summed), times 1,000: the value the tables always gave. The dispersion is estimated from the
    group's ``k`` articles with words as ``phi = k / (k - 1) * sum_i (n_i - R w_i)^2 / (R W)``,
    floored at 1 (never narrower than Poisson), and the interval is
    ``log R +/- t(k-1) * sqrt(phi / N)`` on the log scale, ``t`` Student's quantile. This
    ``phi`` is Pearson's ``X^2 / (k - 1)`` with each article's term weighted by its length
    ``w_i / mean(w)``, which makes ``phi * N`` the variance of the ratio estimator over sampled
    clusters (Cochran 1977, *Sampling Techniques*, 3rd ed., section 6.4; the "sandwich"
    variance of Liang & Zeger 1986): unweighted, Pearson's statistic assumes a dispersion that
    does not grow with the article's length, and its intervals covered only 0.92-0.93 in
    ``tests/test_stats.py`` at 30-200 articles per group (0.943-0.949 weighted).
Shares (``A / B`` pooled over articles: quoted words of a speaker among all quoted words)
    The quasi-binomial analogue: ``phi = k / (k - 1) * sum_i (a_i - s b_i)^2 / (B s (1 - s))``,
    floored at 1, over the articles with ``b_i > 0``; the interval is
    ``logit s +/- t(k-1) * sqrt(phi / (B s (1 - s)))``.
A group with one article
    cannot show its own variation: it borrows the **pooled** dispersion of the same family (or
    category) over every group, Pearson's ``X^2`` summed over all groups' articles divided by the
    sum of their ``k_g - 1`` (as in a quasi-Poisson GLM with the group as a factor), with ``t`` on
    that pooled df. When every group has one article (the five seed articles, one per outlet),
    the pooled df is 0 and there is **no interval** (NaN): nothing in the corpus shows how much
    articles vary.
A zero count (or a share of 0 or 1)
    has no log (logit) interval. A rate of 0 gets ``[0, phi * 3.689 / W]`` (Garwood's 95% upper
    bound for 0 events, on the effective exposure ``W / phi``); a share of 0 or 1 the exact
    Clopper-Pearson bound on the effective sample ``B / phi``; ``phi`` the pooled dispersion
    (1 where the family has no hit anywhere).
Word-level intervals
    ``interval="poisson"`` (rates: Garwood's exact interval on the pooled count) and
    ``interval="binomial"`` (shares: Clopper-Pearson on the pooled counts) treat every word as
    independent. They are kept for comparison only: on 924 real news articles they are about
    0.4 of the width of a bootstrap over articles.

Every row names its method in an ``interval`` column; the labels are :data:`METHODS`.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any, Literal

import numpy as np
import pandas as pd

from .dispersion import (
    RateSums,
    _check_level,
    _div,
    _pooled,
    _quiet,
    _sides,
    _t,
    _x2,
    rate_sums,
)

__all__ = [
    "GARWOOD_ZERO_95",
    "METHODS",
    "Interval",
    "garwood",
    "rate_intervals",
    "rate_table",
    "rates_from_sums",
    "share_intervals",
    "share_table",
    "shares_from_sums",
]

METHODS = {
    "quasi-poisson": "rate; the group's own dispersion between its articles, t on k - 1 df",
    "quasi-poisson (pooled dispersion)": "rate of a group with one article: the family's "
    "dispersion pooled over every group, t on the pooled df",
    "quasi-poisson (zero count)": "rate 0: [0, phi * Garwood upper for 0 / words], phi pooled",
    "quasi-binomial": "share; the group's own dispersion between its articles, t on k - 1 df",
    "quasi-binomial (pooled dispersion)": "share of a group with one article: the "
    "category's pooled dispersion, t on the pooled df",
    "quasi-binomial (boundary)": "share 0 or 1: Clopper-Pearson on the effective sample "
    "B / phi, phi pooled",
    "none (one article per group)": "no interval: the group has one article and no group has "
    "two, so nothing shows how articles vary",
    "none (no words)": "no interval: the group has no words (or no denominator) at all",
    "poisson": "Garwood's exact Poisson interval on the pooled count: words as independent "
    "draws (for comparison only, or for one article)",
    "binomial": "Clopper-Pearson on the pooled counts: words as independent draws "
    "(for comparison only)",
}
"""Every label of an ``interval`` (and contrast ``method``) column, with what it means."""
GARWOOD_ZERO_95 = -np.log(0.025)
"""Garwood's 95% upper bound for a count of 0 (3.689): ``chi2.ppf(0.975, 2) / 2``."""

Interval = Literal["article", "poisson", "binomial"]


def _as_pool(pool: Any, n_cells: int) -> np.ndarray:
    if pool is None:
        return np.zeros(n_cells, dtype=np.intp)
    return np.asarray(pool, dtype=np.intp)


def _methods(
    w: np.ndarray, own: np.ndarray, pooled_df: np.ndarray, inside: np.ndarray, kind: str, edge: str
) -> tuple[np.ndarray, np.ndarray]:
    """Each cell's method label (:data:`METHODS`) and whether it has no interval: none without
    a denominator, none without a df (one article per group everywhere), ``kind (edge)`` at a
    count of 0 (a share of 0 or 1), else the group's own or the pooled dispersion."""
    method = np.where(
        w <= 0,
        "none (no words)",
        np.where(
            ~own & ~(pooled_df > 0),
            "none (one article per group)",
            np.where(~inside, f"{kind} ({edge})",
                     np.where(own, kind, f"{kind} (pooled dispersion)")),
        ),
    ).astype(object)  # fmt: skip
    return method, np.isin(method, ["none (no words)", "none (one article per group)"])


def garwood(n: Any, level: float = 0.95) -> tuple[np.ndarray, np.ndarray]:
    """Garwood's exact Poisson interval for counts ``n``: ``(low, high)``."""
    # chi2.ppf(q, 2k) / 2, written as scipy.stats defines chi2.ppf(q, df), 2 * gammaincinv(df / 2,
    # q): the same values to the bit, without importing scipy.stats (a second more in each
    # process: the command line and every worker)
    from scipy.special import gammaincinv

    alpha = _check_level(level)
    distinct, at = np.unique(np.asarray(n), return_inverse=True)
    low = np.where(distinct > 0, gammaincinv(np.maximum(distinct, 1), alpha / 2), 0.0)
    high = gammaincinv(distinct + 1, 1 - alpha / 2)
    return low[at].reshape(np.shape(n)), high[at].reshape(np.shape(n))


@_quiet
def rate_intervals(
    n: Any,
    w: Any,
    cell: Any,
    n_cells: int,
    pool: Any = None,
    level: float = 0.95,
    interval: Interval = "article",
    scale: float = 1000.0,
) -> dict[str, np.ndarray]:
    """Rates of groups and their intervals, from per-article counts.

    Parameters
    ----------
    n, w : array-like
        Per article (one element per article and family): hits and word tokens.
    cell : array-like of int
        The output row (group x family) of each article, 0 .. ``n_cells - 1``.
    pool : array-like of int, optional
        Per cell: the family it belongs to, over which one-article groups pool the dispersion
        (default: one pool).
    level : float
        Confidence level.
    interval : {"article", "poisson"}
        ``article`` (default): quasi-Poisson, the article as the sampling unit (module
        docstring); ``poisson``: Garwood's word-level interval.
    scale : float
        Rates per ``scale`` words (1,000).

    Returns
    -------
    dict of arrays, one element per cell
        ``n_articles`` (articles, with or without words), ``n``, ``n_words``, ``rate`` (``scale
        * n / n_words``, NaN without words; higher = the family is used more), ``ci_low``,
        ``ci_high``, ``interval`` (the method, :data:`METHODS`), ``phi`` (the dispersion used)
        and ``df``.
    """
    return rates_from_sums(rate_sums(n, w, cell, n_cells), pool, level, interval, scale)


@_quiet
def rates_from_sums(
    s: RateSums,
    pool: Any = None,
    level: float = 0.95,
    interval: Interval = "article",
    scale: float = 1000.0,
) -> dict[str, np.ndarray]:
    """:func:`rate_intervals` from the cells' sums (:func:`rate_sums`)."""
    if interval not in ("article", "poisson"):
        raise ValueError(f"interval={interval!r}: use 'article' or 'poisson' for rates")
    alpha = _check_level(level)
    n_cells = len(s.N)
    pool = _as_pool(pool, n_cells)
    per = _div(scale, s.W)
    rate = s.N * per
    out: dict[str, np.ndarray] = {"n_articles": s.m.astype("int64"), "n": s.N, "n_words": s.W,
                                  "rate": rate}  # fmt: skip
    if interval == "poisson":
        low, high = garwood(s.N, level)
        out.update(ci_low=low * per, ci_high=high * per, phi=np.ones(n_cells),
                   df=np.full(n_cells, np.inf))  # fmt: skip
        out["interval"] = np.where(s.W > 0, "poisson", "none (no words)").astype(object)
        return out
    x2 = _x2(s, share=False)
    phi0, df0 = _pooled(x2, s.k, pool)
    phi, df, own = _sides(s.k, x2, phi0[pool], df0[pool])
    tq = _t(df, 1 - alpha / 2)
    with np.errstate(divide="ignore", invalid="ignore"):
        half = tq * np.sqrt(phi / s.N)
    hit = s.N > 0
    low = np.where(hit, rate * np.exp(-half), 0.0)
    zero_high = garwood(np.zeros(1), level)[1][0]  # 3.689 at 95%
    high = np.where(hit, rate * np.exp(half), phi0[pool] * zero_high * per)
    phi_used = np.where(hit, phi, phi0[pool])
    method, missing = _methods(s.W, own, df0[pool], hit, "quasi-poisson", "zero count")
    out.update(
        ci_low=np.where(missing, np.nan, low),
        ci_high=np.where(missing, np.nan, high),
        interval=method,
        phi=np.where(missing, np.nan, phi_used),
        df=np.where(missing | ~hit, np.where(missing, np.nan, df0[pool]), df),
    )
    return out


def _clopper_pearson(
    x: np.ndarray, size: np.ndarray, alpha: float
) -> tuple[np.ndarray, np.ndarray]:
    """Clopper-Pearson bounds for ``x`` successes of ``size`` (both may be non-integer)."""
    from scipy.special import betaincinv

    ok = size > 0
    xs, ns = np.where(ok, x, 0.0), np.where(ok, size, 1.0)
    low = np.where(xs > 0, betaincinv(np.maximum(xs, 1e-300), ns - xs + 1, alpha / 2), 0.0)
    high = np.where(xs < ns, betaincinv(xs + 1, np.maximum(ns - xs, 1e-300), 1 - alpha / 2), 1.0)
    return np.where(ok, low, np.nan), np.where(ok, high, np.nan)


@_quiet
def share_intervals(
    a: Any,
    b: Any,
    cell: Any,
    n_cells: int,
    pool: Any = None,
    level: float = 0.95,
    interval: Interval = "article",
) -> dict[str, np.ndarray]:
    """Shares ``A / B`` of groups and their intervals, from per-article counts.

    Parameters
    ----------
    a, b : array-like
        Per article (one element per article and category): the numerator (say the quoted
        words of one speaker) and the denominator (all quoted words), ``0 <= a <= b``.
    cell, n_cells, pool, level
        As for :func:`rate_intervals` (``pool``: the category of each cell).
    interval : {"article", "binomial"}
        ``article`` (default): quasi-binomial (module docstring); ``binomial``:
        Clopper-Pearson on the pooled counts, words as independent draws.

    Returns
    -------
    dict of arrays, one element per cell
        ``n_articles``, ``a``, ``b``, ``share`` (``a / b``, NaN where ``b`` is 0), ``ci_low``,
        ``ci_high``, ``interval`` (:data:`METHODS`), ``phi``, ``df``.
    """
    return shares_from_sums(rate_sums(a, b, cell, n_cells), pool, level, interval)


@_quiet
def shares_from_sums(
    s: RateSums, pool: Any = None, level: float = 0.95, interval: Interval = "article"
) -> dict[str, np.ndarray]:
    """:func:`share_intervals` from the cells' sums (:func:`rate_sums` of numerators and
    denominators)."""
    if interval not in ("article", "binomial"):
        raise ValueError(f"interval={interval!r}: use 'article' or 'binomial' for shares")
    alpha = _check_level(level)
    n_cells = len(s.N)
    pool = _as_pool(pool, n_cells)
    share = _div(s.N, s.W)
    out: dict[str, np.ndarray] = {"n_articles": s.m.astype("int64"), "a": s.N, "b": s.W,
                                  "share": share}  # fmt: skip
    if interval == "binomial":
        low, high = _clopper_pearson(s.N, s.W, alpha)
        out.update(ci_low=low, ci_high=high, phi=np.ones(n_cells), df=np.full(n_cells, np.inf))
        out["interval"] = np.where(s.W > 0, "binomial", "none (no words)").astype(object)
        return out
    x2 = _x2(s, share=True)
    phi0, df0 = _pooled(x2, s.k, pool)
    phi, df, own = _sides(s.k, x2, phi0[pool], df0[pool])
    inner = (share > 0) & (share < 1)
    tq = _t(df, 1 - alpha / 2)
    with np.errstate(divide="ignore", invalid="ignore"):
        half = tq * np.sqrt(phi / (s.W * share * (1 - share)))
        logit = np.log(share / (1 - share))
    lo_w = 1 / (1 + np.exp(-(logit - half)))
    hi_w = 1 / (1 + np.exp(-(logit + half)))
    cp_low, cp_high = _clopper_pearson(share * _div(s.W, phi0[pool]), _div(s.W, phi0[pool]), alpha)
    method, missing = _methods(s.W, own, df0[pool], inner, "quasi-binomial", "boundary")
    out.update(
        ci_low=np.where(missing, np.nan, np.where(inner, lo_w, cp_low)),
        ci_high=np.where(missing, np.nan, np.where(inner, hi_w, cp_high)),
        interval=method,
        phi=np.where(missing, np.nan, np.where(inner, phi, phi0[pool])),
        df=np.where(missing, np.nan, np.where(inner, df, df0[pool])),
    )
    return out


def _codes(frame: pd.DataFrame, keys: Sequence[str]) -> tuple[np.ndarray, pd.DataFrame]:
    """Each row's cell (the distinct ``keys``, missing values a group of their own, in order of
    first appearance) and the cells' key values."""
    grouped = frame.groupby(list(keys), sort=False, dropna=False)
    cell = grouped.ngroup().to_numpy()
    cells = frame[list(keys)].drop_duplicates().reset_index(drop=True)
    return cell, cells


def rate_table(
    per_article: pd.DataFrame,
    by: str,
    key: str = "family",
    *,
    n: str = "n",
    w: str = "n_words",
    level: float = 0.95,
    interval: Interval = "article",
) -> pd.DataFrame:
    """One row per ``by`` group and ``key`` (family): the pooled rate per 1,000 words and its
    interval, from a per-article table (a :func:`coverage_study.term_table` by article joined
    with the ``by`` column). ``n`` names the count column (``n_narrator`` for the narrator's
    hits only).

    Columns: ``<by>, <key>, n_articles, n, n_words, per_1000_words, per_1000_ci_low,
    per_1000_ci_high, interval`` (the method: :data:`METHODS`), in order of first appearance;
    missing ``by`` values form their own group.
    """
    cell, cells = _codes(per_article, [by, key])
    pool = pd.factorize(cells[key], use_na_sentinel=False)[0]
    r = rate_intervals(per_article[n].to_numpy(), per_article[w].to_numpy(), cell, len(cells),
                       pool, level, interval)  # fmt: skip
    return cells.assign(
        n_articles=r["n_articles"],
        n=r["n"].astype("int64"),
        n_words=r["n_words"].astype("int64"),
        per_1000_words=r["rate"],
        per_1000_ci_low=r["ci_low"],
        per_1000_ci_high=r["ci_high"],
        interval=r["interval"],
    )


def share_table(
    per_article: pd.DataFrame,
    by: str,
    key: str,
    *,
    a: str = "a",
    b: str = "b",
    level: float = 0.95,
    interval: Interval = "article",
) -> pd.DataFrame:
    """One row per ``by`` group and ``key`` (category): ``n_articles, share, share_ci_low,
    share_ci_high, interval``, the share ``sum a / sum b`` over the group's articles, from a
    per-article table with columns ``by, key, a, b`` (one row per article and category)."""
    cell, cells = _codes(per_article, [by, key])
    pool = pd.factorize(cells[key], use_na_sentinel=False)[0]
    r = share_intervals(per_article[a].to_numpy(), per_article[b].to_numpy(), cell, len(cells),
                        pool, level, interval)  # fmt: skip
    return cells.assign(
        n_articles=r["n_articles"],
        share=r["share"],
        share_ci_low=r["ci_low"],
        share_ci_high=r["ci_high"],
        interval=r["interval"],
    )
