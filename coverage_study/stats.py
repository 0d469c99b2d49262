"""Article-level uncertainty: intervals for the rates and shares of groups, and contrasts.

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

Contrasts (:func:`rate_contrasts`, :func:`share_contrasts`)
    Two groups (or a group and the rest of the corpus) are compared by the ratio of their
    rates (the difference of their shares). The test is Wald's on the log ratio with the two
    groups' quasi-Poisson variances ``phi_a / N_a + phi_b / N_b``, Student's ``t`` with the
    Welch-Satterthwaite df (the pooled df when both groups borrow the pooled dispersion); where
    both groups have their own dispersion the p-value is the larger of that test's and of the
    same test with each variance taken around the rate pooled under the null (in small skewed
    samples the first is too liberal at a few dozen articles, the second at a handful: the
    larger kept the family-wise false-positive rate under 0.05 at every size simulated). Where a
    group has no hit, the log ratio is undefined: a score test with the rate pooled under the
    null, ``z = (N_a - R_0 W_a) / sqrt(phi_0 R_0 W_a W_b / (W_a + W_b))``, ``phi_0`` the pooled
    dispersion, gives the p-value and the interval is NaN. P-values are adjusted over all rows
    of a table with Holm's step-down method (family-wise error; Holm 1979) or Benjamini and
    Hochberg's (false discovery rate; 1995): :func:`adjust_p`.

``tests/test_stats.py`` checks all of this against simulated corpora whose truth is known.
"""

from __future__ import annotations

import functools
from collections.abc import Callable, Sequence
from typing import Any, Literal, NamedTuple, TypeVar

import numpy as np
import pandas as pd

__all__ = [
    "GARWOOD_ZERO_95",
    "METHODS",
    "adjust_p",
    "rate_contrasts",
    "rate_intervals",
    "share_contrasts",
    "share_intervals",
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

CONTRAST_METHODS = {
    "wald (quasi-poisson)": "Wald t test on the log rate ratio, Welch-Satterthwaite df",
    "score (zero count)": "a group has no hit: score test with the pooled rate and the pooled "
    "dispersion; no ratio interval",
    "wald (quasi-binomial)": "Wald t test on the difference of shares, Welch-Satterthwaite df",
    "score (boundary)": "a share is 0 or 1: score test with the pooled share and the pooled "
    "dispersion; no interval",
    "none (no hits in either group)": "nothing to compare: p = 1",
    "none (one article per group)": "no p-value: no group shows how articles vary",
    "none (no words)": "no p-value: a group has no words (or no denominator)",
}
"""Every label of the ``method`` column of a contrast table."""

GARWOOD_ZERO_95 = -np.log(0.025)
"""Garwood's 95% upper bound for a count of 0 (3.689): ``chi2.ppf(0.975, 2) / 2``."""

Interval = Literal["article", "poisson", "binomial"]


class RateSums(NamedTuple):
    """Per-cell sums over articles: ``m`` articles, ``k`` with words (a denominator > 0), the
    counts ``N`` and words ``W`` (or numerators and denominators), and the sums of squares and
    products ``Snn, Snw, Sww`` that give the squared residuals ``sum (n_i - R w_i)^2``."""

    m: np.ndarray
    k: np.ndarray
    N: np.ndarray
    W: np.ndarray
    Snn: np.ndarray
    Snw: np.ndarray
    Sww: np.ndarray


_F = TypeVar("_F", bound=Callable[..., Any])


def _quiet(func: _F) -> _F:
    """Run ``func`` with numpy's floating-point warnings off: NaN and inf from empty cells are
    part of the arithmetic here, and the results mask them explicitly."""

    @functools.wraps(func)
    def wrapper(*args: Any, **kwargs: Any) -> Any:
        with np.errstate(divide="ignore", invalid="ignore", over="ignore"):
            return func(*args, **kwargs)

    return wrapper  # type: ignore[return-value]


def _check_level(level: float) -> float:
    if not 0 < level < 1:
        raise ValueError(f"level must be between 0 and 1, not {level}")
    return 1 - level


def _t(df: np.ndarray, q: float) -> np.ndarray:
    # Student's quantile without scipy.stats (a second more to import in every process)
    from scipy.special import stdtrit

    df = np.asarray(df, dtype=float)
    safe = np.where(df > 0, df, 1.0)
    return np.where(df > 0, stdtrit(safe, q), np.nan)


def _p_two_sided(t: np.ndarray, df: np.ndarray) -> np.ndarray:
    from scipy.special import stdtr

    df = np.asarray(df, dtype=float)
    ok = (df > 0) & np.isfinite(t)
    return np.where(ok, 2 * stdtr(np.where(ok, df, 1.0), -np.abs(np.where(ok, t, 0.0))), np.nan)


def _div(a: Any, b: Any) -> np.ndarray:
    """``a / b`` element by element, NaN where ``b`` is 0."""
    a, b = np.asarray(a, dtype=float), np.asarray(b, dtype=float)
    out: np.ndarray = np.divide(a, b, out=np.full(np.broadcast(a, b).shape, np.nan), where=b != 0)
    return out


def rate_sums(n: Any, w: Any, cell: Any, n_cells: int) -> RateSums:
    """Sum per-article hits ``n`` and words ``w`` into cells (``cell``: each article's cell
    index, 0 .. ``n_cells - 1``)."""
    n, w = np.asarray(n, dtype=float), np.asarray(w, dtype=float)
    cell = np.asarray(cell, dtype=np.intp)
    return RateSums(
        np.bincount(cell, minlength=n_cells).astype(float),
        np.bincount(cell[w > 0], minlength=n_cells).astype(float),
        np.bincount(cell, weights=n, minlength=n_cells),
        np.bincount(cell, weights=w, minlength=n_cells),
        np.bincount(cell, weights=n * n, minlength=n_cells),
        np.bincount(cell, weights=n * w, minlength=n_cells),
        np.bincount(cell, weights=w * w, minlength=n_cells),
    )


def _ssr(s: RateSums) -> np.ndarray:
    """``sum_i (n_i - R w_i)^2`` of each cell around its own ratio ``R = N / W`` (0 without
    words), from the sums of squares: ``Snn - 2 R Snw + R^2 Sww``, never below 0."""
    ratio = np.nan_to_num(_div(s.N, s.W))
    out: np.ndarray = np.maximum(s.Snn - 2 * ratio * s.Snw + ratio**2 * s.Sww, 0.0)
    return out


def _x2(s: RateSums, share: bool) -> np.ndarray:
    """The dispersion statistic of each cell, to be divided by ``k - 1``: the squared residuals
    over the variance function of the total, ``k * sum (n_i - R w_i)^2 / (R W)`` for rates
    (``/ (B s (1 - s))`` for shares); 0 where the cell has no hit (or a share of 0 or 1, where
    every residual is 0)."""
    ratio = _div(s.N, s.W)
    var = ratio * s.W * (1 - ratio) if share else ratio * s.W
    ok = (var > 0) & (s.k > 0)
    return np.where(ok, _div(_ssr(s) * s.k, np.where(ok, var, 1.0)), 0.0)


def _pooled(x2: np.ndarray, k: np.ndarray, pool: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    """Per pool: the dispersion sum X^2 / sum(k_g - 1) floored at 1 (NaN without df), and the df."""
    n_pools = int(pool.max()) + 1 if len(pool) else 0
    df = np.bincount(pool, weights=np.maximum(k - 1, 0), minlength=n_pools)
    x2p = np.bincount(pool, weights=x2, minlength=n_pools)
    return np.where(df > 0, np.maximum(_div(x2p, df), 1.0), np.nan), df


def _sides(
    k: np.ndarray, x2: np.ndarray, phi0: np.ndarray, df0: np.ndarray
) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """Each cell's dispersion and df: its own (k >= 2) or the pool's; ``own`` flags the first."""
    own = k >= 2
    phi = np.where(own, np.maximum(_div(x2, k - 1), 1.0), phi0)
    df = np.where(own, k - 1, df0)
    return phi, df, own


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


ShareSums = RateSums
"""A share's sums are a rate's: numerators ``a`` for ``n``, denominators ``b`` for ``w``."""
share_sums = rate_sums


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


# --------------------------------------------------------------------------- contrasts


def adjust_p(p: Any, method: Literal["holm", "bh"] = "holm") -> np.ndarray:
    """P-values adjusted for multiple comparisons along the last axis; NaN stays NaN and does
    not count as a comparison.

    ``holm``: Holm's (1979) step-down method, which controls the family-wise error rate (the
    chance of any false positive); ``bh``: Benjamini & Hochberg's (1995) step-up method, which
    controls the false discovery rate (the expected share of false positives among the
    differences declared). Higher adjusted p = weaker evidence; never below the raw p.
    """
    if method not in ("holm", "bh"):
        raise ValueError(f"adjust={method!r}: use 'holm' or 'bh'")
    p = np.asarray(p, dtype=float)
    flat = p.reshape(-1, p.shape[-1]) if p.ndim else p.reshape(1, 1)
    out = np.full(flat.shape, np.nan)
    for r, row in enumerate(flat):
        ok = np.flatnonzero(~np.isnan(row))
        m = len(ok)
        if not m:
            continue
        order = ok[np.argsort(row[ok], kind="stable")]
        ranked = row[order]
        if method == "holm":
            adj = np.maximum.accumulate(np.minimum(1.0, (m - np.arange(m)) * ranked))
        else:
            adj = np.minimum.accumulate((m * ranked / np.arange(1, m + 1))[::-1])[::-1]
            adj = np.minimum(adj, 1.0)
        out[r, order] = adj
    return out.reshape(p.shape)


def _welch_df(va: np.ndarray, vb: np.ndarray, dfa: np.ndarray, dfb: np.ndarray) -> np.ndarray:
    with np.errstate(divide="ignore", invalid="ignore"):
        out: np.ndarray = (va + vb) ** 2 / (va**2 / dfa + vb**2 / dfb)
    return out


@_quiet
def _null_p(
    a: RateSums, b: RateSums, owna: np.ndarray, ownb: np.ndarray, share: bool
) -> np.ndarray:
    """The p-value of the same comparison with each group's variance taken around the ratio
    pooled under the null (``R_0 = (N_a + N_b) / (W_a + W_b)``): ``k/(k-1) sum (n_i - R_0
    w_i)^2 / W^2``, never below the Poisson (binomial) variance; t with Welch-Satterthwaite df.
    NaN unless both groups have two articles or more."""
    r0 = _div(a.N + b.N, a.W + b.W)
    var0 = r0 * (1 - r0) if share else r0

    def side(s: RateSums) -> np.ndarray:
        ssr = np.maximum(s.Snn - 2 * r0 * s.Snw + r0**2 * s.Sww, 0.0)
        v = _div(ssr * s.k, (s.k - 1) * s.W**2)
        out: np.ndarray = np.maximum(v, _div(var0, s.W))
        return out

    va, vb = side(a), side(b)
    with np.errstate(divide="ignore", invalid="ignore"):
        if share:
            t = (_div(a.N, a.W) - _div(b.N, b.W)) / np.sqrt(va + vb)
        else:
            t = (np.log(_div(a.N, a.W)) - np.log(_div(b.N, b.W))) / np.sqrt(
                _div(va, r0**2) + _div(vb, r0**2)
            )
        va_, vb_ = (va, vb) if share else (_div(va, r0**2), _div(vb, r0**2))
        df = _welch_df(va_, vb_, a.k - 1, b.k - 1)
    return np.where(owna & ownb, _p_two_sided(t, df), np.nan)


@_quiet
def rate_contrasts(
    a: RateSums,
    b: RateSums,
    phi0: Any,
    df0: Any,
    level: float = 0.95,
    scale: float = 1000.0,
) -> dict[str, np.ndarray]:
    """Compare the rates of cells ``a`` and ``b`` (element by element; sums from
    :func:`rate_sums`), ``phi0`` and ``df0`` their family's pooled dispersion and df (NaN / 0
    when no group has two articles).

    Returns ``rate_a, rate_b, ratio`` (``rate_a / rate_b``: above 1 = ``a`` uses the family more;
    ``inf`` where only ``b`` has no hit), ``ratio_ci_low, ratio_ci_high, p_value, method``
    (:data:`CONTRAST_METHODS`). The tests are described in the module docstring.
    """
    alpha = _check_level(level)
    phi0, df0 = np.asarray(phi0, dtype=float), np.asarray(df0, dtype=float)
    ra, rb = _div(a.N, a.W), _div(b.N, b.W)
    pha, dfa, owna = _sides(a.k, _x2(a, False), phi0, df0)
    phb, dfb, ownb = _sides(b.k, _x2(b, False), phi0, df0)
    va, vb = _div(pha, a.N), _div(phb, b.N)
    df = np.where(owna | ownb, _welch_df(va, vb, dfa, dfb), df0)
    with np.errstate(divide="ignore", invalid="ignore"):
        log_ratio = np.log(ra) - np.log(rb)
        ratio = ra / rb
        se = np.sqrt(va + vb)
        tq = _t(df, 1 - alpha / 2)
        p_wald = _p_two_sided(log_ratio / se, df)
        r0 = (a.N + b.N) / (a.W + b.W)
        z = (a.N - r0 * a.W) / np.sqrt(phi0 * r0 * a.W * b.W / (a.W + b.W))
    p_score = _p_two_sided(z, df0)
    both = (a.N > 0) & (b.N > 0)
    none = (a.N == 0) & (b.N == 0)
    no_words = (a.W <= 0) | (b.W <= 0)
    no_df = ~(owna & ownb) & ~(df0 > 0)
    method = np.select(
        [no_words, no_df, none, both],
        ["none (no words)", "none (one article per group)", "none (no hits in either group)",
         "wald (quasi-poisson)"],
        "score (zero count)",
    ).astype(object)  # fmt: skip
    wald = method == "wald (quasi-poisson)"
    # both groups with their own dispersion: the larger of the Wald p and the p with the
    # variances around the null rate (each errs the other way in small, skewed samples)
    p_wald = np.fmax(p_wald, _null_p(a, b, owna, ownb, share=False))
    empty = method == "none (no hits in either group)"
    p = np.select([wald, method == "score (zero count)", empty], [p_wald, p_score, 1.0], np.nan)
    return {
        "rate_a": ra * scale,
        "rate_b": rb * scale,
        "ratio": np.where(no_words | none, np.nan, ratio),
        "ratio_ci_low": np.where(wald, ratio * np.exp(-tq * se), np.nan),
        "ratio_ci_high": np.where(wald, ratio * np.exp(tq * se), np.nan),
        "p_value": p,
        "method": method,
    }


@_quiet
def share_contrasts(
    a: ShareSums, b: ShareSums, phi0: Any, df0: Any, level: float = 0.95
) -> dict[str, np.ndarray]:
    """Compare the shares of cells ``a`` and ``b`` (sums from :func:`share_sums`).

    Returns ``share_a, share_b, difference`` (``share_a - share_b``: above 0 = larger in ``a``),
    ``difference_ci_low, difference_ci_high, p_value, method``. Wald's t test on the difference
    with the two quasi-binomial variances ``phi s (1 - s) / B`` and the Welch-Satterthwaite df;
    where a share is 0 or 1, a score test with the pooled share ``s_0`` and dispersion,
    ``z = (s_a - s_b) / sqrt(phi_0 s_0 (1 - s_0) (1/B_a + 1/B_b))``, and no interval.
    """
    alpha = _check_level(level)
    phi0, df0 = np.asarray(phi0, dtype=float), np.asarray(df0, dtype=float)
    sa, sb = _div(a.N, a.W), _div(b.N, b.W)
    pha, dfa, owna = _sides(a.k, _x2(a, True), phi0, df0)
    phb, dfb, ownb = _sides(b.k, _x2(b, True), phi0, df0)
    va, vb = _div(pha * sa * (1 - sa), a.W), _div(phb * sb * (1 - sb), b.W)
    df = np.where(owna | ownb, _welch_df(va, vb, dfa, dfb), df0)
    diff = sa - sb
    with np.errstate(divide="ignore", invalid="ignore"):
        se = np.sqrt(va + vb)
        tq = _t(df, 1 - alpha / 2)
        p_wald = _p_two_sided(diff / se, df)
        s0 = (a.N + b.N) / (a.W + b.W)
        z = diff / np.sqrt(phi0 * s0 * (1 - s0) * (1 / a.W + 1 / b.W))
    p_score = _p_two_sided(z, df0)
    inner = (sa > 0) & (sa < 1) & (sb > 0) & (sb < 1)
    flat = (s0 <= 0) | (s0 >= 1)
    no_words = (a.W <= 0) | (b.W <= 0)
    no_df = ~(owna & ownb) & ~(df0 > 0)
    method = np.select(
        [no_words, no_df, flat, inner],
        ["none (no words)", "none (one article per group)", "none (no hits in either group)",
         "wald (quasi-binomial)"],
        "score (boundary)",
    ).astype(object)  # fmt: skip
    wald = method == "wald (quasi-binomial)"
    p_wald = np.fmax(p_wald, _null_p(a, b, owna, ownb, share=True))
    empty = method == "none (no hits in either group)"
    p = np.select([wald, method == "score (boundary)", empty], [p_wald, p_score, 1.0], np.nan)
    return {
        "share_a": sa,
        "share_b": sb,
        "difference": np.where(no_words, np.nan, diff),
        "difference_ci_low": np.where(wald, diff - tq * se, np.nan),
        "difference_ci_high": np.where(wald, diff + tq * se, np.nan),
        "p_value": p,
        "method": method,
    }


# --------------------------------------------------------------------------- tables


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


def _pairs(
    groups: list[Any], pairs: Literal["all", "rest"]
) -> list[tuple[int, int]]:
    if pairs == "all":
        return [(i, j) for i in range(len(groups)) for j in range(i + 1, len(groups))]
    if pairs == "rest":
        return [(i, -1) for i in range(len(groups))]
    raise ValueError(f"pairs={pairs!r}: use 'all' or 'rest'")


REST = "(rest)"
"""``group_b`` of a contrast of a group against all the other groups together."""


def contrasts(
    per_article: pd.DataFrame,
    by: str,
    key: str,
    *,
    kind: Literal["rate", "share"],
    n: str = "n",
    w: str = "n_words",
    pairs: Literal["all", "rest"] = "all",
    level: float = 0.95,
    adjust: Literal["holm", "bh"] = "holm",
) -> pd.DataFrame:
    """The contrast table of :func:`coverage_study.contrast_table`, from a per-article table
    with columns ``by, key, n, w`` (rates: hits and words; shares: numerator and denominator).

    Groups are in sorted order (missing last); for each ``key`` (family or category), each pair
    ``a < b`` (``pairs="all"``) or each group against the rest (``pairs="rest"``, ``group_b`` =
    :data:`REST`). P-values are adjusted over all rows of the table (:func:`adjust_p`).
    """
    frame = per_article[[by, key, n, w]]
    group_codes, groups = pd.factorize(frame[by], sort=True, use_na_sentinel=False)
    key_codes, keys = pd.factorize(frame[key], sort=False, use_na_sentinel=False)
    n_g, n_k = len(groups), len(keys)
    cell = key_codes * n_g + group_codes
    sums = rate_sums(frame[n].to_numpy(), frame[w].to_numpy(), cell, n_g * n_k)
    return contrasts_from_sums(sums, list(groups), list(keys), key, kind=kind, pairs=pairs,
                               level=level, adjust=adjust)  # fmt: skip


def contrasts_from_sums(
    sums: RateSums,
    groups: list[Any],
    keys: list[Any],
    key: str,
    *,
    kind: Literal["rate", "share"],
    pairs: Literal["all", "rest"] = "all",
    level: float = 0.95,
    adjust: Literal["holm", "bh"] = "holm",
) -> pd.DataFrame:
    """:func:`contrasts` from the sums of cells ``key x group`` (cell ``i * len(groups) + j`` is
    key ``i``, group ``j``)."""
    if pairs not in ("all", "rest"):
        raise ValueError(f"pairs={pairs!r}: use 'all' or 'rest'")
    if adjust not in ("holm", "bh"):
        raise ValueError(f"adjust={adjust!r}: use 'holm' or 'bh'")
    _check_level(level)
    n_g, n_k = len(groups), len(keys)
    pool = np.repeat(np.arange(n_k), n_g)
    x2 = _x2(sums, share=kind == "share")
    phi0, df0 = _pooled(x2, sums.k, pool) if n_k else (np.zeros(0), np.zeros(0))
    idx_a, idx_b, rest = [], [], pairs == "rest"
    for f in range(n_k):
        for i, j in _pairs(groups, pairs):
            idx_a.append(f * n_g + i)
            idx_b.append(f * n_g + j if j >= 0 else f)
    ia, ib = np.asarray(idx_a, dtype=np.intp), np.asarray(idx_b, dtype=np.intp)
    side_a = RateSums(*(v[ia] for v in sums))
    if rest:
        totals = [np.bincount(pool, weights=v, minlength=n_k) for v in sums]
        side_b = RateSums(*(t[ib] - v[ia] for t, v in zip(totals, sums, strict=True)))
    else:
        side_b = RateSums(*(v[ib] for v in sums))
    fam = ia // n_g if n_g else ia
    if kind == "rate":
        res = rate_contrasts(side_a, side_b, phi0[fam], df0[fam], level)
    else:
        res = share_contrasts(side_a, side_b, phi0[fam], df0[fam], level)
    p_adj = adjust_p(res["p_value"], adjust) if len(ia) else np.zeros(0)
    label = np.asarray([*groups, REST], dtype=object)
    out = pd.DataFrame({
        "group_a": label[ia % n_g] if n_g else label[:0],
        "group_b": label[ib % n_g] if not rest else np.full(len(ia), REST, dtype=object),
        key: np.asarray(keys, dtype=object)[fam] if n_k else np.zeros(0, dtype=object),
    })  # fmt: skip
    for name, values in res.items():
        if name != "method":
            out[name] = values
    out["p_adjusted"] = p_adj
    out["holds"] = np.nan_to_num(p_adj, nan=1.0) < 1 - level
    out["method"] = res["method"]
    out["n_a"] = side_a.N.astype("int64")
    out["n_b"] = side_b.N.astype("int64")
    out["n_articles_a"] = side_a.m.astype("int64")
    out["n_articles_b"] = side_b.m.astype("int64")
    out.attrs = {"adjust": adjust, "level": level, "pairs": pairs}
    return out
