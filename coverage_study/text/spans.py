"""The primitives every span function shares: what a word is, and span algebra (merge,
subtract).

A **word token** is a run of letters or digits (with their combining marks, so that the NFC and
NFD forms of a text have the same tokens) joined through inner hyphens or apostrophes
(``-``, ``‐``, ``‑``, ``'``, ``’``): "neo-Nazi", "Russia’s" and "over-two-year-old" are one token
each; punctuation is not a token. Term rates, cleaning word counts and quoted-word counts all
use this one definition, so their denominators agree.
"""

from __future__ import annotations

import re
import unicodedata
from bisect import bisect_left, bisect_right
from itertools import accumulate

__all__ = [
    "MARKS", "WORD", "WORD_CHAR", "HoleIndex", "any_form", "count_words", "count_words_in",
    "merge", "nfc_end", "nfc_offsets", "subtract", "subtract_merged", "tokenize", "word_bytes",
]  # fmt: skip

def _combining_ranges() -> str:
    """Every combining mark (Unicode categories Mn, Mc, Me) as character-class ranges."""
    ranges, start = [], None
    # marks lie in planes 0 and 1 and in the variation selectors of plane 14
    for cp in [*range(0x20001), *range(0xE0000, 0xE1001)]:
        mark = unicodedata.category(chr(cp)).startswith("M")
        if mark and start is None:
            start = cp
        elif not mark and start is not None:
            ranges.append(f"\\U{start:08x}-\\U{cp - 1:08x}")
            start = None
    return "".join(ranges)


MARKS = _combining_ranges()
"""Combining marks, for use inside a regex character class: ``\\w`` does not match them, so
"Pa\\u0301trushev" (the NFD form of "Pátrushev") would be two ``\\w+`` runs."""
WORD_CHAR = rf"[\w{MARKS}]"
"""A letter, digit or underscore, or a combining mark (which belongs to the letter before it)."""
_RUN = rf"\w+(?:[{MARKS}]+\w*)*"  # about half as fast as \w+, even on text without marks
WORD = re.compile(rf"{_RUN}(?:[-\u2010\u2011'\u2019]{_RUN})*")


def any_form(literal: str) -> str:
    """A regex matching ``literal`` in its NFC or its NFD form (and mixtures), character by
    character: "ñ" becomes ``(?:ñ|n\u0303)``, so offsets stay those of the text as stored."""
    parts = []
    for c in unicodedata.normalize("NFC", literal):
        nfd = unicodedata.normalize("NFD", c)
        parts.append(re.escape(c) if nfd == c else f"(?:{re.escape(c)}|{re.escape(nfd)})")
    return "".join(parts)


def tokenize(text: str, start: int = 0, end: int | None = None) -> list[tuple[int, int]]:
    """Word tokens of ``text[start:end]`` as ``(start, end)`` offsets into ``text``."""
    end = len(text) if end is None else end
    return [m.span() for m in WORD.finditer(text, start, end)]


def count_words(text: str) -> int:
    """Number of word tokens in ``text``."""
    return len(WORD.findall(text))


# Word tokens are counted in ranges of one text without a regex over its words: the text
# becomes one byte per character, "a" for a word character (\w), "j" for a joiner (- ‐ ‑ ' ’),
# " " for any other. In [s, e) a token starts at an "a" at s, after a " ", or after a "j" that
# does not join two word characters ("aja" is one token); so the tokens are the " a" and "ja"
# pairs, plus one for an "a" at s, minus the joins. That is WORD's count wherever the text holds
# no combining mark outside \w (WORD is runs of \w joined by single joiners then); a text with
# such a mark (NFD text) is counted with WORD itself. ASCII characters go through one
# bytes.translate ("?" stays "?": every non-ASCII character is encoded as "?"); the "?" are then
# looked up one by one.
_JOINERS = "-\u2010\u2011'\u2019"
_W = re.compile(r"\w")
_MARK = re.compile(f"[{MARKS}]")
_WORD_BYTE = bytes(
    63 if b == 63 else 106 if chr(b) in _JOINERS else 97 if b < 128 and _W.match(chr(b)) else 32
    for b in range(256)
)
_CLASS_OF: dict[str, int] = {"?": 32}  # a character -> its byte, -1 for a mark outside \w
_JOIN = re.compile(rb"aj(?=a)")  # a joiner between two word characters (non-overlapping: ok)


def _class_of(c: str) -> int:
    cls = 97 if _W.match(c) else 106 if c in _JOINERS else -1 if _MARK.match(c) else 32
    _CLASS_OF[c] = cls
    return cls


def word_bytes(text: str) -> bytes | None:
    """``text`` as one byte per character for :func:`count_words_in` (``a`` word character,
    ``j`` joiner, space otherwise), or None if it holds a combining mark outside ``\\w``."""
    b = text.encode("ascii", "replace").translate(_WORD_BYTE)
    i = b.find(b"?")
    if i < 0:
        return b
    out, classes = bytearray(b), _CLASS_OF
    while i >= 0:
        c = text[i]
        cls = classes.get(c)
        if cls is None:
            cls = _class_of(c)
        if cls < 0:
            return None
        out[i] = cls
        i = b.find(b"?", i + 1)
    return bytes(out)


def count_words_in(text: str, words: bytes | None, start: int, end: int) -> int:
    """``len(WORD.findall(text, start, end))``: the word tokens of ``text[start:end]``, from
    ``words = word_bytes(text)`` (made once per text, for many ranges)."""
    if words is None:
        return len(WORD.findall(text, start, end))
    s, e = max(start, 0), min(end, len(words))
    if s >= e:
        return 0
    joins = len(_JOIN.findall(words, s, e)) if 106 in words[s:e] else 0
    return words.count(b" a", s, e) + words.count(b"ja", s, e) + (words[s] == 97) - joins


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


def merge(spans: list[tuple[int, int]]) -> list[tuple[int, int]]:
    """``spans`` sorted, overlapping or touching ones joined: each starts after the one before
    ends."""
    out: list[tuple[int, int]] = []
    for s, e in sorted(spans):
        if out and s <= out[-1][1]:
            out[-1] = (out[-1][0], max(out[-1][1], e))
        else:
            out.append((s, e))
    return out


def subtract_merged(
    parts: list[tuple[int, int]], holes: list[tuple[int, int]]
) -> list[tuple[int, int]]:
    """``[p for s, e in parts for p in subtract(s, e, holes)]`` for ``parts`` and ``holes`` as
    :func:`merge` gives them: one sweep over both, since a hole that ends at or before a part's
    start cannot touch any later part."""
    out: list[tuple[int, int]] = []
    j, n = 0, len(holes)
    for s, e in parts:
        while j < n and holes[j][1] <= s:
            j += 1
        cursor, k = s, j
        while k < n and holes[k][0] < e:  # the holes subtract() would not skip, in its order
            h_start, h_end = holes[k]
            k += 1
            if h_end <= cursor:
                continue
            if h_start > cursor:
                out.append((cursor, h_start))
            cursor = max(cursor, h_end)
        if cursor < e:
            out.append((cursor, e))
    return out


class HoleIndex:
    """Holes sorted once, for many :func:`subtract` calls against the same holes.

    ``HoleIndex(holes).subtract(start, end) == subtract(start, end, holes)``, but each call
    only looks at the holes that can overlap ``[start, end)`` (found by bisection), so
    subtracting every paragraph of a long article is not quadratic.
    """

    def __init__(self, holes: list[tuple[int, int]]):
        self.holes = sorted(holes)
        self.starts = [s for s, _ in self.holes]
        self.max_end = list(accumulate((e for _, e in self.holes), max))

    def subtract(self, start: int, end: int) -> list[tuple[int, int]]:
        lo = bisect_right(self.max_end, start)  # every hole before lo ends at or before start
        hi = bisect_left(self.starts, end)  # every hole from hi on starts at or after end
        if lo >= hi:  # no hole overlaps: no slice, no sort
            return [(start, end)] if start < end else []
        return subtract(start, end, self.holes[lo:hi])


def nfc_offsets(text: str) -> tuple[str, list[int], list[int]]:
    """``text`` in NFC, with ``back[i]`` = the stored offset of NFC character ``i`` (and of its
    end, ``back[len]``), and ``forth[j]`` = the NFC offset of stored offset ``j``. A letter and
    the combining marks after it are normalised together, so cluster edges map exactly: every
    character of a cluster of several characters maps back to the cluster's start.

    Only the clusters that hold a non-ASCII character are looked at (an ASCII character alone
    is its own NFC); the stretches between them map one to one (:func:`_nfc_offsets_each` is
    the same, character by character, and the reference the tests compare with).
    """
    n = len(text)
    clusters = _clusters_to_normalise(text)
    parts: list[str] = []
    back: list[int] = []
    forth: list[int] = []
    cursor = k = 0  # stored and NFC offsets reached
    for s, e in clusters:
        if s > cursor:  # one to one
            parts.append(text[cursor:s])
            back.extend(range(cursor, s))
            forth.extend(range(k, k + s - cursor))
            k += s - cursor
        cluster = unicodedata.normalize("NFC", text[s:e])
        parts.append(cluster)
        back.extend([s] * len(cluster))
        forth.append(k)
        k += len(cluster)
        forth.extend([k] * (e - s - 1))
        cursor = e
    parts.append(text[cursor:])
    back.extend(range(cursor, n + 1))
    forth.extend(range(k, k + n - cursor + 1))
    return "".join(parts), back, forth


def _clusters_to_normalise(text: str) -> list[tuple[int, int]]:
    """The ``[start, end)`` clusters (a character and the combining marks after it) that NFC
    may change or that hold several characters, in order: those with a non-ASCII character
    whose cluster is longer than one character or not its own NFC."""
    combining, normalize = unicodedata.combining, unicodedata.normalize
    n, out = len(text), []
    last_end = 0
    for m in _NON_ASCII.finditer(text):
        p = m.start()
        if p < last_end:
            continue  # inside the cluster just taken
        s = p
        if combining(text[p]):  # a mark: its cluster starts at the character before the marks
            while s > last_end and combining(text[s - 1]):
                s -= 1
            if s > last_end:
                s -= 1
        e = p + 1
        while e < n and combining(text[e]):
            e += 1
        if e - s > 1 or normalize("NFC", text[s:e]) != text[s:e]:
            out.append((s, e))
            last_end = e
    return out


_NON_ASCII = re.compile(r"[^\x00-\x7f]")


def _nfc_offsets_each(text: str) -> tuple[str, list[int], list[int]]:
    """:func:`nfc_offsets`, cluster by cluster over the whole text (the reference)."""
    parts: list[str] = []
    back: list[int] = []
    forth = [0] * (len(text) + 1)
    i, n, k = 0, len(text), 0
    while i < n:
        j = i + 1
        while j < n and unicodedata.combining(text[j]):
            j += 1
        cluster = unicodedata.normalize("NFC", text[i:j])
        parts.append(cluster)
        back.extend([i] * len(cluster))
        forth[i] = k
        k += len(cluster)
        for x in range(i + 1, j):
            forth[x] = k
        i = j
    back.append(n)
    forth[n] = k
    return "".join(parts), back, forth


def nfc_end(back: list[int], k: int) -> int:
    """The stored offset of the NFC end offset ``k`` (``back`` from :func:`nfc_offsets`): an end
    inside a cluster that composed into several characters is moved to the cluster's end."""
    while 0 < k < len(back) - 1 and back[k] == back[k - 1]:
        k += 1
    return back[k]
