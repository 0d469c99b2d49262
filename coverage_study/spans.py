"""The two primitives every span function shares: what a word is, and span subtraction.

A **word token** is a run of letters or digits joined through inner hyphens or apostrophes
(``-``, ``‐``, ``‑``, ``'``, ``’``): "neo-Nazi", "Russia’s" and "over-two-year-old" are one token
each; punctuation is not a token. Term rates, cleaning word counts and quoted-word counts all
use this one definition, so their denominators agree.
"""

from __future__ import annotations

import re

__all__ = ["WORD", "count_words", "subtract", "tokenize"]

WORD = re.compile(r"\w+(?:[-\u2010\u2011'\u2019]\w+)*")


def tokenize(text: str, start: int = 0, end: int | None = None) -> list[tuple[int, int]]:
    """Word tokens of ``text[start:end]`` as ``(start, end)`` offsets into ``text``."""
    end = len(text) if end is None else end
    return [m.span() for m in WORD.finditer(text, start, end)]


def count_words(text: str) -> int:
    """Number of word tokens in ``text``."""
    return sum(1 for _ in WORD.finditer(text))


def subtract(start: int, end: int, holes: list[tuple[int, int]]) -> list[tuple[int, int]]:
    """The parts of ``[start, end)`` outside every hole (holes may overlap, in any order)."""
    parts, cursor = [], start
    for h_start, h_end in sorted(holes):
        if h_end <= cursor or h_start >= end:
            continue
        if h_start > cursor:
            parts.append((cursor, h_start))
        cursor = max(cursor, h_end)
    if cursor < end:
        parts.append((cursor, end))
    return parts
