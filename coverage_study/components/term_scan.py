"""Finding term-family hits in an article: its token stream and the lexicon's regexes.

The rules (what a token is, what a pattern matches, leftmost-longest) are set out in
:mod:`coverage_study.tables.terms`; this module is how they run fast. :func:`_scan` yields each
article's word count and hits; :mod:`coverage_study.components.lexicon` compiles a family's patterns
with :func:`~coverage_study.text.term_patterns._compile`.
"""

from __future__ import annotations

import bisect
import re
import string
import unicodedata
from collections.abc import Iterator
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

import pandas as pd

from ..reading.corpus import reraise_for
from ..text.spans import MARKS, count_words_in, word_bytes

if TYPE_CHECKING:
    from .lexicon import Lexicon

# --------------------------------------------------------------------------- matching
#
# Speed: each article becomes one "stream", a string as long as ``text`` in which every offset
# is the same as in ``text``: zone characters are lower-cased and normalised, white space and
# brackets become " " (a phrase may go on across them), every other character outside a token,
# and every character outside the zones, becomes "|" (a phrase stops). A stream thus holds token
# characters, " " and "|" only: a token is a run of characters other than " " and "|".
#
# The stream is built without a per-character regex: the ASCII characters go through one
# ``bytes.translate`` (lower case and class in one table), the few non-ASCII characters that
# are not punctuation are patched in one by one, and a hyphen or apostrophe that does not join
# two word characters becomes "|" (one regex that only stops at ' and -). One regex then finds
# the tokens that can start a pattern: a " " or "|" followed by the literal start of a first
# word (up to its first wildcard), so the regex engine skips from separator to separator. Each
# family's regex is tried at those tokens only. A match's span is the hit's span in ``text``.

# combining marks are token characters: "campan\u0303a" (NFD) is one token, as "campaña" is
_TOKEN_CHAR = rf"[\w'\-{MARKS}]"  # in the stream, after normalisation
# punctuation, stray joiners
_BAR = re.compile(rf"[^\w\s()\[\]'\-{MARKS}]|(?<![\w{MARKS}])['-]|['-](?!\w)")
_SPACE = re.compile(r"[\s()\[\]]")
# a combining mark belongs to the letter before it: a run of marks after no letter (after a
# space, a bar or the start) is no token character (spans.WORD does not count it either)
_LONE_MARKS = re.compile(rf"(?<![\w{MARKS}])[{MARKS}]+")


_WORD = re.compile(_TOKEN_CHAR + "+")

# The same rules, in the pieces the fast stream uses (each is derived from _BAR and _SPACE):
_BAR_CHAR = re.compile(rf"[^\w\s()\[\]'\-{MARKS}]")  # _BAR's first branch: one character
_W = re.compile(r"\w")  # _BAR's last branch: "(?!\w)" after a joiner
_SEPARATORS = " |'-"  # stream characters before the joiner check that are not \w nor marks
_TOKEN_RUN = re.compile(r"[^ |]+")  # a token, in a stream
_SPACED = bytes(32 if b == ord("|") else b for b in range(256))  # a stream's bytes: "|" -> " "
_TOKEN_X = bytes(32 if b == 32 else ord("x") for b in range(256))  # then a token byte -> "x"
_NON_ASCII: dict[str, str] = {}  # non-ASCII character -> its stream character (a cache)


def _bar_lone_marks(s: str) -> str:
    """``s`` (a stream) with each combining mark that follows no letter made ``|``: a run of
    marks at the start or after a separator (``_LONE_MARKS``, without a regex over the text: a
    stream's non-ASCII characters, its only possible marks, are looked at one by one)."""
    b = s.encode("ascii", "replace")  # a stream holds no ASCII "?": each "?" is non-ASCII
    i = b.find(b"?")
    out: list[str] | None = None
    while i >= 0:
        c = s[i]
        if unicodedata.category(c)[0] == "M":
            before = (out[i - 1] if out is not None else s[i - 1]) if i else " "
            if before in " |'-":  # not a letter nor a mark (stream characters)
                out = out if out is not None else list(s)
                out[i] = "|"
        i = b.find(b"?", i + 1)
    return s if out is None else "".join(out)


def _ascii_table() -> bytes:
    """bytes.translate table: an ASCII character -> its stream character (joiners kept)."""
    table = bytearray(b"|" * 256)  # no byte above 127 occurs (see _stream_chars)
    for i in range(128):
        c = str.lower(chr(i))
        if c in "'-":
            table[i] = ord(c)  # decided in context, see _stream_chars
        elif _BAR_CHAR.fullmatch(c):
            table[i] = ord("|")
        elif _SPACE.fullmatch(c):
            table[i] = ord(" ")
        else:
            table[i] = ord(c)
    return bytes(table)


_ASCII_TABLE = _ascii_table()


def _non_ascii(c: str) -> str:
    """The stream character of the non-ASCII character ``c`` (before the zones are applied).

    The lower case is taken character by character; one that is longer than a character
    ("İ" -> "i̇") is not taken, as in :func:`_stream_chars`. No non-ASCII character has a lower
    case that is a joiner (' or -).
    """
    low = str.lower(c)
    if len(low) != 1:
        low = c
    out = "|" if _BAR_CHAR.fullmatch(low) else " " if _SPACE.fullmatch(low) else low
    _NON_ASCII[c] = out
    return out


def _stream_chars(t: str) -> str:
    """``t`` (apostrophes and hyphens normalised) as stream characters, zones not applied.

    Equal to ``_bar_lone_marks(_SPACE.sub(" ", _BAR.sub("|", low)))`` with ``low`` the lower
    case of ``t`` (or,
    where that changes the length, ``t`` lower-cased character by character, each character
    whose lower case is longer kept). The fast route lower-cases character by character, which
    is what ``str.lower`` does except for the capital sigma (its lower case depends on the
    characters around it): a text with one takes the regex route.
    """
    if "\u03a3" in t:
        low = str.lower(t)
        if len(low) != len(t):  # a character whose lower case is longer ("İ") stays as it is
            low = "".join(str.lower(c) if len(str.lower(c)) == 1 else c for c in t)
        return _bar_lone_marks(_SPACE.sub(" ", _BAR.sub("|", low)))
    # one byte per character: every non-ASCII character becomes "?", then "|"
    b = t.encode("ascii", "replace")
    s = b.translate(_ASCII_TABLE).decode("ascii")
    if not t.isascii():  # patch the non-ASCII characters that are not "|"
        parts: list[str]
        parts, cursor, table = [], 0, _NON_ASCII
        i = b.find(b"?")
        while i >= 0:
            c = t[i]
            if c != "?":
                out = table.get(c) or _non_ascii(c)
                if out != "|":
                    parts += (s[cursor:i], out)
                    cursor = i + 1
            i = b.find(b"?", i + 1)
        if parts:
            parts.append(s[cursor:])
            s = "".join(parts)
    # a joiner (' or -) stays only between a word character or mark and a word character; the
    # characters of s are word characters, marks, " ", "|", "'" and "-"
    n, bars = len(s), []
    for joiner in "'-":
        i = s.find(joiner)
        while i >= 0:
            j = i + 1
            if not (
                i
                and s[i - 1] not in _SEPARATORS
                and j < n
                and s[j] not in _SEPARATORS
                and (s[j] < "\x80" or _W.match(s, j))
            ):
                bars.append(i)
            i = s.find(joiner, j)
    if bars:
        parts, cursor = [], 0
        for i in sorted(bars):
            parts += (s[cursor:i], "|")
            cursor = i + 1
        parts.append(s[cursor:])
        s = "".join(parts)
    # the stream of most texts is ASCII (non-ASCII punctuation became "|"): no mark in it
    return s if s.isascii() else _bar_lone_marks(s)


def _stream(text: str, zones: list[tuple[str, int, int]], article_id: str, lead: str = "") -> str:
    """The article's stream: as long as ``text`` (plus ``lead`` in front); see the comment above."""
    t = text.replace("\u2019", "'").replace("\u2010", "-").replace("\u2011", "-")
    low = _stream_chars(t)
    parts, cursor = [lead], 0
    for _, zs, ze in zones:
        if zs < cursor:
            raise ValueError(f"{article_id}: zone spans overlap at character {zs}")
        parts.append("|" * (zs - cursor))
        parts.append(low[zs:ze])
        cursor = ze
    parts.append("|" * (len(text) - cursor))
    return "".join(parts)


# characters next to which a zone edge cuts no token in either tokeniser: white space, and the
# ASCII punctuation that is never part of a token (not the joiners ' and -, not _, a \w)
_NO_TOKEN = frozenset(string.punctuation) - set("'-_")
_EDGE = _NO_TOKEN | frozenset(string.whitespace)  # other white space: str.isspace, below


def _uncut(text: str, zones: list[tuple[str, int, int]]) -> bool:
    """Whether every edge of the ``zones`` (sorted, disjoint) is at an end of ``text`` or beside
    white space or token-free punctuation. Then the stream's tokens in the zones are the word
    tokens of :data:`~coverage_study.text.spans.WORD` in each zone (``tests/test_terms.py``
    checks it on random texts). An edge inside a word ("war-|time" in two abutting zones, a
    zone of a lone combining mark) is where they could part: the stream reads on across an
    edge between abutting zones and decides joiners and marks by the whole text."""
    n = len(text)
    for _, s, e in zones:
        for p in (s, e):
            if 0 < p < n:
                a, b = text[p - 1], text[p]
                if not (a in _EDGE or b in _EDGE or a.isspace() or b.isspace()):
                    return False
    return True


@dataclass
class _Article:
    article_id: str
    text: str
    zones: list[tuple[str, int, int]]  # (zone, start, end), sorted by start
    n_words: int
    hits: list[tuple[int, int, str, str, str]]  # (start, end, family, pattern, zone)


def _zones(row: Any) -> list[tuple[str, int, int]]:
    return _zones_of(row.headline_span, row.body_spans)


def _zones_of(headline_span: Any, body_spans: Any) -> list[tuple[str, int, int]]:
    zones = [] if headline_span is None else [("headline", *headline_span)]
    zones += [("body", s, e) for s, e in body_spans]
    return sorted(zones, key=lambda z: z[1])


def _scan(
    corpus: pd.DataFrame, lexicon: Lexicon, families: list[str] | None = None
) -> Iterator[_Article]:
    """Each article of ``corpus`` read by a :class:`Scanner` of ``lexicon``, in order."""
    scan = Scanner(lexicon, families)
    columns = [corpus[c].tolist() for c in ("article_id", "text", "headline_span", "body_spans")]
    article_id = None  # named in an internal error
    try:
        for article_id, text, headline_span, body_spans in zip(*columns, strict=True):
            yield scan(article_id, text, headline_span, body_spans)
    except Exception as exc:
        reraise_for(article_id, "term families", exc)


class Scanner:
    """Builds one article's stream, counts its words and finds the hits of each family
    (``scan(article_id, text, headline_span, body_spans)``, an :class:`_Article`).

    One pass of ``lexicon``'s start regex finds the tokens that can start a pattern of some
    family; each family's regex is then tried at its candidates, left to right, skipping those
    inside its previous match (leftmost-longest, one count per token and family). ``families``:
    the families whose hits are kept (default all).
    """

    def __init__(self, lexicon: Lexicon, families: list[str] | None = None):
        families = list(lexicon.families) if families is None else families
        self.rank = {f: i for i, f in enumerate(families)}
        self.lexicon = lexicon
        self.compiled = [lexicon._regex[f] for f in lexicon.families]

    def __call__(
        self, article_id: str, text: str, headline_span: Any, body_spans: Any
    ) -> _Article:
        lexicon, rank, compiled = self.lexicon, self.rank, self.compiled
        first_of, names, starts_in = lexicon._first_of, lexicon._names, lexicon._starts
        token_at = _TOKEN_RUN.match
        zones = _zones_of(headline_span, body_spans)
        # "|" in front: every token follows a separator (offsets in the stream are + 1)
        stream = _stream(text, zones, article_id, "|")
        # one byte per character ("?" for a non-ASCII one, a token character), "|" -> " "
        spaced = stream.encode("ascii", "replace").translate(_SPACED)
        n_words = spaced.translate(_TOKEN_X).count(b" x")  # tokens: runs of non-separators
        if not _uncut(text, zones):  # a zone edge inside a word: WORD in each zone counts, as
            words = word_bytes(text)  # in the words layer (one count in every table)
            n_words = sum(count_words_in(text, words, zs, ze) for _, zs, ze in zones)
        if starts_in is not None:
            candidates = [m.start() + 1 for m in starts_in.finditer(spaced)]
        else:
            candidates = [m.start() for m in lexicon._candidates.finditer(stream)]
        hits = []
        starts: list[int] = []
        last_end: dict[int, int] = {}
        for pos in candidates:
            token = token_at(stream, pos).group()  # type: ignore[union-attr]  # a token starts at pos
            fams = first_of.get(token)
            if fams is None:
                fams = tuple(i for i, f in enumerate(compiled) if f.first.fullmatch(token))
                first_of[token] = fams
            for i in fams:
                if pos < last_end.get(i, 0):
                    continue
                family = compiled[i]
                m = family.regex.match(stream, pos)
                if m is None:
                    continue
                end = last_end[i] = m.end()
                # every alternative is a named group, and the last to close: never None
                pattern, excluded = family.groups[m.lastgroup]  # type: ignore[index]
                name = names[i]
                if not excluded and name in rank:
                    start = pos - 1
                    starts = starts or [z[1] for z in zones]
                    zone = zones[bisect.bisect_right(starts, start) - 1][0]
                    hits.append((start, end - 1, name, pattern, zone))
        if len(hits) > 1:
            hits.sort(key=lambda h: (h[0], rank[h[2]]))
        return _Article(article_id, text, zones, n_words, hits)
