"""Article-level uncertainty: intervals for the rates and shares of groups, and contrasts.

The article is the unit that was sampled: an outlet's rate of a term family is estimated from
its articles, and words cluster in them. The intervals and tests here are those of a
quasi-likelihood model whose variance is the Poisson (or binomial) variance times a dispersion
estimated from the variation *between the articles* of a group (Wedderburn 1974; McCullagh &
Nelder 1989, *Generalized Linear Models*, 2nd ed., ch. 9). Everything is closed form: no random
numbers, the same bytes on every run.

- :mod:`~coverage_study.stats.dispersion`: the sums of each cell (group x family) and the
  dispersion between its articles, own or pooled;
- :mod:`~coverage_study.stats.intervals`: the rate or share of each group and its interval
  (:func:`rate_intervals`, :func:`share_intervals`, :func:`rate_table`, :func:`share_table`);
- :mod:`~coverage_study.stats.comparison`: two groups compared, a ratio (difference) with its
  interval and p-values adjusted over the table (:func:`contrasts`, :func:`adjust_p`).

Every name is importable from ``coverage_study.stats`` itself. ``tests/test_stats.py`` checks the
methods against simulated corpora whose truth is known.
"""

from __future__ import annotations

from .comparison import (
    CONTRAST_METHODS,
    REST,
    adjust_p,
    contrasts,
    contrasts_from_sums,
    rate_contrasts,
    share_contrasts,
)
from .dispersion import RateSums, ShareSums, rate_sums, share_sums
from .intervals import (
    GARWOOD_ZERO_95,
    METHODS,
    Interval,
    garwood,
    rate_intervals,
    rate_table,
    rates_from_sums,
    share_intervals,
    share_table,
    shares_from_sums,
)

__all__ = [
    "CONTRAST_METHODS",
    "GARWOOD_ZERO_95",
    "METHODS",
    "REST",
    "Interval",
    "RateSums",
    "ShareSums",
    "adjust_p",
    "contrasts",
    "contrasts_from_sums",
    "garwood",
    "rate_contrasts",
    "rate_intervals",
    "rate_sums",
    "rate_table",
    "rates_from_sums",
    "share_contrasts",
    "share_intervals",
    "share_sums",
    "share_table",
    "shares_from_sums",
]
