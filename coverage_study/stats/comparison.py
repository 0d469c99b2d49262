"""Contrasts between groups: a rate ratio or a difference of shares, its interval, and p-values
adjusted for the number of comparisons.

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

from typing import Any, Literal

import numpy as np
import pandas as pd

from .dispersion import (
    RateSums,
    ShareSums,
    _check_level,
    _div,
    _p_two_sided,
    _pooled,
    _quiet,
    _sides,
    _t,
    _x2,
    rate_sums,
)

__all__ = [
    "CONTRAST_METHODS",
    "REST",
    "adjust_p",
    "contrasts",
    "contrasts_from_sums",
    "rate_contrasts",
    "share_contrasts",
]

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


def _method_and_p(
    a: Any, b: Any, owna: np.ndarray, ownb: np.ndarray, df0: np.ndarray, *, share: bool,
    empty: np.ndarray, wald: np.ndarray, p_wald: np.ndarray, p_score: np.ndarray,
) -> tuple[np.ndarray, np.ndarray, np.ndarray]:  # fmt: skip
    """Each contrast's method (:data:`CONTRAST_METHODS`), where it is Wald's, and its p value:
    no words in a group, then no df (neither group has two articles and no family df), then
    no hit in either group (``empty``: p 1), then Wald's test where ``wald`` holds, else the
    score test. Wald's p where both groups have their own dispersion is the larger of the
    Wald p and the p with the variances around the null (each errs the other way in small,
    skewed samples)."""
    kind, score = ("quasi-binomial", "boundary") if share else ("quasi-poisson", "zero count")
    no_words = (a.W <= 0) | (b.W <= 0)
    no_df = ~(owna & ownb) & ~(df0 > 0)
    method = np.select(
        [no_words, no_df, empty, wald],
        ["none (no words)", "none (one article per group)", "none (no hits in either group)",
         f"wald ({kind})"],
        f"score ({score})",
    ).astype(object)  # fmt: skip
    is_wald = method == f"wald ({kind})"
    p_wald = np.fmax(p_wald, _null_p(a, b, owna, ownb, share=share))
    p = np.select(
        [is_wald, method == f"score ({score})", method == "none (no hits in either group)"],
        [p_wald, p_score, 1.0], np.nan,
    )  # fmt: skip
    return method, is_wald, p


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
    none = (a.N == 0) & (b.N == 0)
    no_words = (a.W <= 0) | (b.W <= 0)
    method, wald, p = _method_and_p(
        a, b, owna, ownb, df0, share=False, empty=none, wald=(a.N > 0) & (b.N > 0),
        p_wald=p_wald, p_score=p_score,
    )  # fmt: skip
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
    no_words = (a.W <= 0) | (b.W <= 0)
    method, wald, p = _method_and_p(
        a, b, owna, ownb, df0, share=True, empty=(s0 <= 0) | (s0 >= 1),
        wald=(sa > 0) & (sa < 1) & (sb > 0) & (sb < 1), p_wald=p_wald, p_score=p_score,
    )  # fmt: skip
    return {
        "share_a": sa,
        "share_b": sb,
        "difference": np.where(no_words, np.nan, diff),
        "difference_ci_low": np.where(wald, diff - tq * se, np.nan),
        "difference_ci_high": np.where(wald, diff + tq * se, np.nan),
        "p_value": p,
        "method": method,
    }


def _pairs(groups: list[Any], pairs: Literal["all", "rest"]) -> list[tuple[int, int]]:
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
