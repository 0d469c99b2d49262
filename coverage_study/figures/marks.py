"""What a figure says about its uncertainty: the note under it, and the cells it marks.

Every comparison between outlets that a figure draws carries its uncertainty (README,
"Statistics"): whiskers or intervals where the table has them, a mark (:data:`MARK`) on each
outlet whose rate or share differs from the other outlets' by
:func:`coverage_study.contrast_table` (``pairs="rest"``, adjusted p-value below ``1 - level``),
and a note under the figure that names the method, or says that no interval can be given (every
outlet one article: nothing shows how articles vary). Plot functions call these; nothing here
draws.
"""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any

import pandas as pd

__all__ = ["MARK", "held", "interval_note"]

MARK = "*"
"""Appended to a value (or drawn in a bar) whose outlet differs from the other outlets."""

_ADJUST = {"holm": "Holm", "bh": "Benjamini-Hochberg"}


def held(contrasts: pd.DataFrame | None, key: str) -> set[tuple[Any, Any]]:
    """``(outlet, key value)`` of every contrast that holds, from a
    :func:`coverage_study.contrast_table` of each outlet against the rest (``pairs="rest"``);
    the empty set without contrasts.

    Raises
    ------
    ValueError
        If the contrasts are between pairs of outlets: a mark on one outlet needs the outlet
        against the rest.
    """
    if contrasts is None:
        return set()
    if contrasts.attrs.get("pairs") != "rest":
        raise ValueError(
            "contrasts: give contrast_table(..., pairs='rest') (each outlet against the others); "
            "a mark on one outlet cannot say which pair differs"
        )
    rows = contrasts[contrasts["holds"].astype(bool)]
    return set(zip(rows["group_a"], rows[key], strict=True))


def _no_variation(methods: set[str]) -> bool:
    return not methods or all(m.startswith("none") for m in methods)


def interval_note(
    methods: Iterable[object],
    contrasts: pd.DataFrame | None = None,
    shown: str = "Whiskers",
    what: str = "rate",
) -> str:
    """The sentence under a figure: what its intervals are (from the table's ``interval``
    column, ``methods``), and what a :data:`MARK` means (from ``contrasts``, with the count of
    contrasts that hold). ``shown`` names where the intervals are ("Whiskers", or "Intervals in
    speaker_table"); ``what`` is the quantity compared ("rate", "share")."""
    found = {m for m in methods if isinstance(m, str)}
    if _no_variation(found):
        note = (
            "No interval: every outlet here has one article, so nothing shows how articles "
            "vary"
        )
        if contrasts is not None:
            note += f"; no difference of {what} between outlets can be tested"
        return note + "."
    if found <= {"poisson", "binomial"}:
        note = f"{shown}: 95% word-level interval (words as independent draws: too narrow)"
    else:
        note = f"{shown}: 95% interval with the article as the unit sampled (quasi-likelihood)"
    if contrasts is not None:
        level = float(contrasts.attrs.get("level", 0.95))
        adjust = _ADJUST.get(str(contrasts.attrs.get("adjust", "holm")), "adjusted")
        n_held = int(contrasts["holds"].astype(bool).sum())
        note += (
            f"; {MARK} the outlet's {what} differs from the other outlets' ({adjust}-adjusted "
            f"p < {1 - level:.2g}: {n_held} of {len(contrasts)} contrasts)"
        )
    return note + "."
