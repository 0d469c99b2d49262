"""Kept for the code that imports ``coverage_study.marks``: the notes and marks of uncertainty
under a figure now live in :mod:`coverage_study.figures.marks`, with the figures that use them."""

from __future__ import annotations

from .figures.marks import MARK, held, interval_note

__all__ = ["MARK", "held", "interval_note"]
