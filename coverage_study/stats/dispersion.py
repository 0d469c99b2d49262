"""The sums per cell and the dispersion between articles that the intervals and the contrasts share.

A cell is one group (an outlet, a period) and one family or category; its articles are summed
into :class:`RateSums` (:func:`rate_sums`), from which the dispersion ``phi`` of a
quasi-likelihood model is estimated: Pearson's ``X^2 / (k - 1)`` over the cell's ``k``
articles, each article's term weighted by its length, floored at 1 (never narrower than
Poisson or binomial), or pooled over every group of the family where a cell has one article.
:mod:`coverage_study.stats.intervals` turns it into intervals,
:mod:`coverage_study.stats.comparison` into tests; the package docstring
(:mod:`coverage_study.stats`) cites the method.
"""

from __future__ import annotations

import functools
from collections.abc import Callable
from typing import Any, NamedTuple, TypeVar

import numpy as np

__all__ = ["RateSums", "ShareSums", "rate_sums", "share_sums"]


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


ShareSums = RateSums
"""A share's sums are a rate's: numerators ``a`` for ``n``, denominators ``b`` for ``w``."""
share_sums = rate_sums
