"""Term families: count how an outlet names things, by zone and by voice, and show every hit.

A **lexicon** is a YAML file in quanteda's dictionary format: each key is a *family* holding a
list of glob patterns (see :func:`load_lexicon`). :func:`term_hits` lists every hit with its
offsets into ``text``, :func:`term_table` counts hits per article (or outlet) and family, and
:func:`kwic` shows each hit in context so a count can always be read back.

Rules
-----
Zones
    Only the headline and body zones (:func:`coverage_study.zone_spans`) are read; captions,
    teasers and other removed spans are not. A hit never crosses a zone span.
Tokens
    A word token is a run of letters or digits (``\\w+``) that may go on through a hyphen or an
    apostrophe between two word characters: "neo-Nazi", "multi-polarization", "Russia’s" and
    "over-two-year-old" are one token each (quanteda's default tokeniser keeps such words whole
    too). Punctuation is not a token. Matching is case-insensitive; the typographic apostrophe
    (’) matches ``'`` and the Unicode hyphens (U+2010, U+2011) match ``-``.
Patterns
    A glob (``*`` any characters, ``?`` exactly one) matches a whole token: ``war`` does not
    match "warfare" nor "Russia's"; ``russia*`` matches both "Russia" and "Russia's". A
    multi-word pattern matches consecutive tokens of one zone span separated only by white
    space or brackets ("North Atlantic Treaty Organization (NATO) expansion" matches
    ``nato expansion``); any other punctuation between them (. , ; : ! ? dashes quotation
    marks) breaks the phrase, so a hit never straddles a quotation boundary.
Overlaps
    Within a family a token counts at most once: matching runs left to right and, at each
    token, the pattern with the most tokens wins (leftmost-longest; quanteda's
    ``nested_scope = "key"``). "special military operation" is one ``military_operation``
    hit. Across families a token may count once in each family that matches it.
Exclusions
    ``_meta.exclude`` lists, per family, patterns whose tokens that family never counts; they
    compete in the same leftmost-longest scan. In the default lexicon "Cold War" is a
    ``cold_war`` hit and never a ``war`` hit: it names a historical era, not this war.
Voice
    ``narrator`` (the outlet's own words), ``direct_quote`` (inside quotation marks) or
    ``indirect`` (reported speech without quotation marks). A hit takes the voice of a voice
    span that contains it entirely; ``direct_quote`` wins over ``indirect`` where both do;
    otherwise it is ``narrator``.
Rates
    ``per_1000_words`` divides by the number of word tokens (same tokeniser) in the same zones
    (headline + body) of the group, times 1000. The interval is Garwood's exact Poisson
    interval on the count, scaled the same way.
"""

from __future__ import annotations

import bisect
import functools
import hashlib
import re
import unicodedata
import warnings
from collections.abc import Iterator
from dataclasses import dataclass, field
from importlib import resources
from pathlib import Path
from typing import Any

import numpy as np
import pandas as pd
import yaml

from .corpus import reraise_for
from .spans import MARKS, WORD, any_form, tokenize

__all__ = [
    "VOICES",
    "Lexicon",
    "LexiconWarning",
    "kwic",
    "load_lexicon",
    "term_hits",
    "term_table",
    "tokenize",
]

VOICES = ("narrator", "direct_quote", "indirect")
"""Voice labels (as in :mod:`coverage_study.voice`)."""
_PRECEDENCE = {"narrator": 0, "indirect": 1, "direct_quote": 2}
"""A hit inside spans of several voices takes the highest: a quotation inside reported speech
is a quotation."""

DEFAULT_LEXICON = "russia_ukraine"
META_KEY = "_meta"
HIT_COLUMNS = ["article_id", "start", "end", "text", "family", "pattern", "zone", "voice"]
KWIC_COLUMNS = [
    "article_id",
    "zone",
    "voice",
    "start",
    "end",
    "pre",
    "keyword",
    "post",
    "family",
    "pattern",
]

_NORMALISE = str.maketrans({"\u2019": "'", "\u2010": "-", "\u2011": "-"})
_BY_PRECEDENCE = {rank: voice for voice, rank in _PRECEDENCE.items()}


class LexiconWarning(UserWarning):
    """A lexicon that loads but has a pattern that can never match (the message says which)."""


@dataclass(frozen=True)
class Lexicon:
    """Term families with their version and the sha256 of the file they came from.

    ``families`` maps a family name to its glob patterns, in file order; ``exclude`` maps a
    family to patterns it never counts. ``version`` is ``_meta.version`` or, for a file without
    ``_meta`` (a plain quanteda dictionary), ``"sha256:"`` plus the first 12 hex digits.
    """

    families: dict[str, tuple[str, ...]]
    version: str
    sha256: str
    source: str
    name: str
    description: str = ""
    exclude: dict[str, tuple[str, ...]] = field(default_factory=dict)
    _regex: dict[str, _Family] = field(init=False, repr=False, compare=False)
    _names: tuple[str, ...] = field(init=False, repr=False, compare=False)
    _candidates: re.Pattern[str] = field(init=False, repr=False, compare=False)
    _first_of: dict[str, tuple[int, ...]] = field(init=False, repr=False, compare=False)
    _starts: re.Pattern[bytes] | None = field(init=False, repr=False, compare=False)

    def __post_init__(self) -> None:
        compiled = {
            family: _compile(patterns, self.exclude.get(family, ()))
            for family, patterns in self.families.items()
        }
        firsts = {
            _normalise(p).split()[0]
            for family, patterns in self.families.items()
            for p in (*patterns, *self.exclude.get(family, ()))
        }
        set_ = object.__setattr__
        set_(self, "_regex", compiled)
        set_(self, "_names", tuple(self.families))
        set_(self, "_candidates", re.compile(_trie([_units(w) for w in sorted(firsts)])))
        set_(self, "_first_of", {})  # token -> families it can start (a cache, grows)
        set_(self, "_starts", _starts(sorted(firsts)))

    @property
    def provenance(self) -> dict[str, str]:
        """What travels with every result: ``name``, ``version``, ``sha256``."""
        return {"name": self.name, "version": self.version, "sha256": self.sha256}

    def pick(self, wanted: list[str] | tuple[str, ...], n: int = 5) -> list[str]:
        """The families of ``wanted`` that this lexicon has, in that order; if it has none of
        them (a notebook's default families, run with another lexicon), its first ``n``
        families in file order."""
        have = [f for f in wanted if f in self.families]
        return have or list(self.families)[:n]


# --------------------------------------------------------------------------- loading


def load_lexicon(path_or_name: str | Path | Lexicon | None = None) -> Lexicon:
    """Read a lexicon: a packaged one by name (default ``russia_ukraine``) or a YAML file.

    The file is a quanteda dictionary: a mapping from family name to a list of glob patterns
    (a single string is a one-pattern list). A nested mapping makes families ``parent.child``;
    a list may mix patterns (for ``parent``) with one-key mappings (children), as quanteda
    writes them. The reserved top-level key ``_meta`` may hold ``version`` (a string),
    ``description`` and ``exclude`` (family -> patterns it never counts).

    Raises
    ------
    ValueError
        If the file is not UTF-8 YAML, its top level is not a mapping, a family is empty or
        has a pattern that is not a non-empty string, ``_meta`` is malformed, or an exclusion
        names an unknown family. The message names the file and the key.

    Warns
    -----
    LexiconWarning
        For a pattern word the tokeniser can never produce (e.g. ``u.s.``: "U.S." is two
        tokens); it loads but never matches.
    """
    if isinstance(path_or_name, Lexicon):
        return path_or_name
    name = DEFAULT_LEXICON if path_or_name is None else str(path_or_name)
    if path_or_name is None or (
        isinstance(path_or_name, str) and re.fullmatch(r"[\w-]+", path_or_name)
    ):
        resource = resources.files("coverage_study").joinpath(f"data/lexicons/{name}.yml")
        if not resource.is_file():
            raise ValueError(f"no packaged lexicon named {name!r} (and no such file)")
        raw = resource.read_bytes()
        source = f"coverage_study/data/lexicons/{name}.yml"
    else:
        path = Path(path_or_name)
        raw = path.read_bytes()
        source, name = str(path), path.stem
    return _parse(raw, source, name)


@functools.lru_cache(maxsize=32)
def _parse(raw: bytes, source: str, name: str) -> Lexicon:
    """Build a Lexicon from a file's bytes (cached: the same bytes give the same lexicon)."""
    try:
        data = yaml.safe_load(raw.decode("utf-8"))
    except (UnicodeDecodeError, yaml.YAMLError) as exc:
        raise ValueError(f"{source}: not a valid UTF-8 YAML file: {exc}") from exc
    if not isinstance(data, dict) or not data:
        raise ValueError(f"{source}: the top level must be a mapping of family -> patterns")
    sha256 = hashlib.sha256(raw).hexdigest()
    meta = data.pop(META_KEY, None)
    exclude: dict[str, tuple[str, ...]]
    version, description, exclude = f"sha256:{sha256[:12]}", "", {}
    if meta is not None:
        version, description, exclude = _read_meta(meta, source)
    families: dict[str, tuple[str, ...]] = {}
    _flatten(data, "", families, source)
    if not families:
        raise ValueError(f"{source}: no families (only '{META_KEY}')")
    for family, patterns in exclude.items():
        if family not in families:
            raise ValueError(f"{source}: {META_KEY}.exclude names unknown family {family!r}")
        shared = {_normalise(p) for p in patterns} & {_normalise(p) for p in families[family]}
        if shared:
            raise ValueError(
                f"{source}: {META_KEY}.exclude.{family}: {sorted(shared)} both counted and excluded"
            )
    for family, patterns in [*families.items(), *exclude.items()]:
        for pattern in patterns:
            for word in _normalise(pattern).split():
                if not WORD.fullmatch(word.replace("*", "a").replace("?", "a")):
                    warnings.warn(
                        f"{source}: {family}: pattern {pattern!r} can never match: "
                        f"{word!r} is not one word token",
                        LexiconWarning,
                        stacklevel=4,
                    )
    return Lexicon(families, version, sha256, source, name, description, exclude)


def _read_meta(meta: Any, source: str) -> tuple[str, str, dict[str, tuple[str, ...]]]:
    if not isinstance(meta, dict):
        raise ValueError(f"{source}: {META_KEY} must be a mapping")
    unknown = set(meta) - {"version", "description", "exclude"}
    if unknown:
        raise ValueError(f"{source}: {META_KEY} has unknown key(s) {sorted(unknown)}")
    version = meta.get("version")
    if not isinstance(version, str) or not version.strip():
        raise ValueError(
            f'{source}: {META_KEY}.version must be a quoted string ("1.0", not 1.0), '
            f"not {version!r}"
        )
    exclude: dict[str, tuple[str, ...]] = {}
    raw_exclude = meta.get("exclude") or {}
    if not isinstance(raw_exclude, dict):
        raise ValueError(f"{source}: {META_KEY}.exclude must map family -> patterns")
    for family, patterns in raw_exclude.items():
        exclude[str(family)] = _patterns(patterns, f"{META_KEY}.exclude.{family}", source)
    return version.strip(), str(meta.get("description") or ""), exclude


def _patterns(value: Any, key: str, source: str) -> tuple[str, ...]:
    values = [value] if isinstance(value, str) else value
    if values is None or values == []:
        raise ValueError(f"{source}: {key}: empty family (give at least one pattern)")
    if not isinstance(values, list):
        values = [values]
    for v in values:
        if not isinstance(v, str) or not v.strip():
            raise ValueError(f"{source}: {key}: pattern {v!r} is not a non-empty string")
    return tuple(values)


def _flatten(
    node: dict[Any, Any], prefix: str, out: dict[str, tuple[str, ...]], source: str
) -> None:
    for key, value in node.items():
        family = f"{prefix}{key}"
        if isinstance(value, dict):
            if not value:
                raise ValueError(f"{source}: {family}: empty family (give at least one pattern)")
            _flatten(value, f"{family}.", out, source)
            continue
        if isinstance(value, list):
            children = [v for v in value if isinstance(v, dict)]
            value = [v for v in value if not isinstance(v, dict)]
            for child in children:
                _flatten(child, f"{family}.", out, source)
            if children and not value:
                continue
        if family in out:
            raise ValueError(f"{source}: {family}: family defined twice")
        out[family] = _patterns(value, family, source)


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
_IN_TOKEN = "[^ |]"
"""A token character, in a stream: the same as _TOKEN_CHAR there (a stream holds token
characters, " " and "|" only), and cheap for the regex engine to rule out."""

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
        c = chr(i).lower()
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
    low = c.lower()
    if len(low) != 1:
        low = c
    out = "|" if _BAR_CHAR.fullmatch(low) else " " if _SPACE.fullmatch(low) else low
    _NON_ASCII[c] = out
    return out


def _normalise(s: str) -> str:
    return s.lower().translate(_NORMALISE)


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
        low = t.lower()
        if len(low) != len(t):  # a character whose lower case is longer ("İ") stays as it is
            low = "".join(c.lower() if len(c.lower()) == 1 else c for c in t)
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


def _units(word: str) -> list[str]:
    """A glob word as regex pieces, one per character."""
    return [
        f"{_IN_TOKEN}*" if c == "*" else _IN_TOKEN if c == "?" else any_form(c) for c in word
    ]


def _trie(words: list[list[str]]) -> str:
    """One regex matching any of ``words`` (lists of pieces) as a whole token, prefixes shared."""
    root: dict[str, dict[str, Any]] = {}
    for units in words:
        node = root
        for u in units:
            node = node.setdefault(u, {})
        node[""] = {}

    def build(node: dict[str, dict[str, Any]]) -> str:
        alts = [f"(?!{_IN_TOKEN})" if u == "" else u + build(child) for u, child in node.items()]
        return alts[0] if len(alts) == 1 else f"(?:{'|'.join(alts)})"

    # the start-of-token check comes after a literal first character, so that the regex engine
    # can skip ahead to the characters a first word can start with
    alts = [
        f"(?<!{_IN_TOKEN}){u}{build(child)}"
        if u.startswith(("[", "(?:"))
        else f"{u}(?<!{_IN_TOKEN}.){build(child)}"
        for u, child in root.items()
    ]
    return "|".join(alts)


def _starts(words: list[str]) -> re.Pattern[bytes] | None:
    """A bytes regex that finds, in a stream encoded as in :func:`_scan`, the token starts where
    a token may fullmatch one of the glob ``words`` (a superset: a " " and then the literal
    start of a word, up to its first wildcard).

    None where a word holds "|" (the candidate regex may match it across two tokens) or the
    literal start of a word is not ASCII: the candidate regex is used then.
    """
    root: dict[str, dict[str, Any]] = {}
    for word in words:
        if "|" in word:
            return None
        node = root
        for c in word:
            if c in "*?" or "" in node:
                break
            if not c.isascii():
                return None
            node = node.setdefault(re.escape(c), {})
        node.clear()  # a shorter start covers every longer one
        node[""] = {}

    def build(node: dict[str, dict[str, Any]]) -> str:
        if "" in node:
            return ""
        alts = [u + build(child) for u, child in node.items()]
        return alts[0] if len(alts) == 1 else f"(?:{'|'.join(alts)})"

    body = build(root)  # empty where a word starts with a wildcard: every token is a candidate
    return re.compile(f" (?:{body})".encode("ascii") if body else b" (?=[^ ])")


@dataclass(frozen=True)
class _Family:
    regex: re.Pattern[str]  # matched at a token start: the family's longest pattern there
    groups: dict[str, tuple[str, bool]]  # group name -> (pattern, excluded)
    first: re.Pattern[str]  # full-matches a token that can start one of its patterns


def _compile(patterns: tuple[str, ...], exclude: tuple[str, ...]) -> _Family:
    """A family's regexes. Alternatives with the most words come first, so that the alternation
    takes the longest pattern at a token (at equal length an exclusion wins)."""
    entries = [(p, True) for p in exclude] + [(p, False) for p in patterns]
    order = sorted(range(len(entries)), key=lambda i: -len(entries[i][0].split()))
    groups, alternatives = {}, []
    for i in order:
        pattern, excluded = entries[i]
        body = " +".join("".join(_units(w)) for w in _normalise(pattern).split())
        groups[f"p{i}"] = (pattern, excluded)
        alternatives.append(f"(?P<p{i}>{body})")
    regex = re.compile(f"(?:{'|'.join(alternatives)})(?!{_IN_TOKEN})")
    firsts = {_normalise(p).split()[0] for p, _ in entries}
    first = re.compile("|".join("".join(_units(w)) for w in sorted(firsts)))
    return _Family(regex, groups, first)


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
    """Build each article's stream, count its words and find the hits of each family.

    One pass of ``lexicon``'s start regex finds the tokens that can start a pattern of some
    family; each family's regex is then tried at its candidates, left to right, skipping those
    inside its previous match (leftmost-longest, one count per token and family).
    """
    families = list(lexicon.families) if families is None else families
    rank = {f: i for i, f in enumerate(families)}
    first_of, names, starts_in = lexicon._first_of, lexicon._names, lexicon._starts
    compiled = [lexicon._regex[f] for f in lexicon.families]
    token_at = _TOKEN_RUN.match
    columns = [corpus[c].tolist() for c in ("article_id", "text", "headline_span", "body_spans")]
    article_id = None  # named in an internal error
    try:
        for article_id, text, headline_span, body_spans in zip(*columns, strict=True):
            zones = _zones_of(headline_span, body_spans)
            # "|" in front: every token follows a separator (offsets in the stream are + 1)
            stream = _stream(text, zones, article_id, "|")
            # one byte per character ("?" for a non-ASCII one, a token character), "|" -> " "
            spaced = stream.encode("ascii", "replace").translate(_SPACED)
            n_words = spaced.translate(_TOKEN_X).count(b" x")  # tokens: runs of non-separators
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
            yield _Article(article_id, text, zones, n_words, hits)
    except Exception as exc:
        reraise_for(article_id, "term families", exc)


def _voice_index(
    corpus: pd.DataFrame, voices: pd.DataFrame | None
) -> dict[str, list[tuple[int, int, int]]]:
    """article_id -> the article's voice spans ``(start, end, rank)``, narrator spans left out.

    Index them with :class:`_VoiceSpans` (done per article, for the articles with hits)."""
    if voices is None:
        from .voice import voice_spans  # imported late: terms works without the voice module

        voices = voice_spans(corpus)
    missing = {"article_id", "start", "end", "voice"} - set(voices.columns)
    if missing:
        raise ValueError(f"voices lacks column(s) {sorted(missing)}")
    unknown = set(voices["voice"].tolist()) - set(VOICES)
    if unknown:
        raise ValueError(f"voices has unknown voice label(s) {sorted(map(str, unknown))}")
    index: dict[str, list[tuple[int, int, int]]] = {}
    voiced = voices[(voices["voice"] != "narrator").to_numpy()]
    for article_id, s, e, v in zip(
        voiced["article_id"].tolist(),
        voiced["start"].tolist(),
        voiced["end"].tolist(),
        voiced["voice"].tolist(),
        strict=True,
    ):
        index.setdefault(article_id, []).append((int(s), int(e), _PRECEDENCE[v]))
    return index


def _ranks(
    spans: list[tuple[int, int, int]], hits: list[tuple[int, int, str, str, str]]
) -> list[int]:
    """The voice rank of each hit ``(start, end, ...)``: the highest rank of the spans that
    contain it, 0 if none. Few spans and hits: a plain scan; else :class:`_VoiceSpans`."""
    if not spans:
        return [0] * len(hits)
    if len(spans) * len(hits) > 64:
        index = _VoiceSpans(spans)
        return [index.rank(h[0], h[1]) for h in hits]
    return [
        max((r for s, e, r in spans if s <= start and end <= e), default=0)
        for start, end, *_ in hits
    ]


class _VoiceSpans:
    """An article's voice spans, indexed so that the voice of a hit costs O(log spans).

    A hit ``[start, end)`` lies inside some span of a rank iff, among that rank's spans with
    ``s <= start``, the largest ``e`` is ``>= end``: per rank, starts sorted and a running
    maximum of ends (a plain scan over every span made long articles quadratic).
    """

    def __init__(self, spans: list[tuple[int, int, int]]):
        by_rank: dict[int, list[tuple[int, int]]] = {}
        for s, e, rank in spans:
            by_rank.setdefault(rank, []).append((s, e))
        self.ranks = []
        for rank in sorted(by_rank, reverse=True):
            pairs = sorted(by_rank[rank])
            max_end, running = [], -1
            for _, e in pairs:
                running = max(running, e)
                max_end.append(running)
            self.ranks.append((rank, [s for s, _ in pairs], max_end))

    def rank(self, start: int, end: int) -> int:
        for rank, starts, max_end in self.ranks:  # highest precedence first
            i = bisect.bisect_right(starts, start) - 1
            if i >= 0 and max_end[i] >= end and rank > 0:
                return rank
        return 0


def _spans_of(index: dict[str, list[tuple[int, int, int]]], article_id: str) -> _VoiceSpans:
    """The article's voice spans, indexed (no spans: every hit is the narrator's)."""
    return _VoiceSpans(index.get(article_id, []))


def _voice(spans: _VoiceSpans | list[tuple[int, int, int]], start: int, end: int) -> str:
    if not isinstance(spans, _VoiceSpans):
        spans = _VoiceSpans(spans)
    return _BY_PRECEDENCE[spans.rank(start, end)]


def _attrs(corpus: pd.DataFrame, lexicon: Lexicon) -> dict[str, Any]:
    attrs = {k: v for k, v in corpus.attrs.items() if k in ("cleaning_rules", "path")}
    attrs["lexicon"] = lexicon.provenance
    return attrs


# --------------------------------------------------------------------------- public API


def term_hits(
    corpus: pd.DataFrame,
    lexicon: Lexicon | str | Path | None = None,
    voices: pd.DataFrame | None = None,
) -> pd.DataFrame:
    """One row per term hit: ``article_id, start, end, text, family, pattern, zone, voice``.

    Parameters
    ----------
    corpus : DataFrame
        As returned by :func:`coverage_study.load_corpus`.
    lexicon : Lexicon, name or path, optional
        Default: the packaged ``russia_ukraine`` lexicon.
    voices : DataFrame, optional
        Voice spans ``article_id, start, end, voice``; default
        :func:`coverage_study.voice.voice_spans` of the corpus. Pass an empty frame with those
        columns to treat every word as the narrator's.

    Returns
    -------
    DataFrame
        ``text`` is ``corpus.text[start:end]`` (a phrase keeps the punctuation between its
        words, e.g. "NATO) expansion"); ``pattern`` is the lexicon pattern that matched;
        ``zone`` is ``headline`` or ``body``. Rows are in corpus order, then by ``start``.
        ``attrs["lexicon"]`` holds the lexicon's name, version and sha256. What counts as a
        hit is set out in the module docstring.
    """
    lexicon = load_lexicon(lexicon)
    voice_index = _voice_index(corpus, voices)
    records = []
    for art in _scan(corpus, lexicon):
        if not art.hits:
            continue
        ranks = _ranks(voice_index.get(art.article_id, []), art.hits)
        text, article_id = art.text, art.article_id
        for (s, e, family, pattern, zone), rank in zip(art.hits, ranks, strict=True):
            voice = _BY_PRECEDENCE[rank]
            records.append((article_id, s, e, text[s:e], family, pattern, zone, voice))
    hits = pd.DataFrame.from_records(records, columns=HIT_COLUMNS)
    hits = hits.astype({"start": "int64", "end": "int64"})
    hits.attrs = _attrs(corpus, lexicon)
    return hits


def _garwood(n: np.ndarray, level: float) -> tuple[np.ndarray, np.ndarray]:
    from scipy.stats import chi2  # here: scipy takes a second to import, and only this needs it

    alpha = 1 - level
    # computed once per distinct count (element by element, so the same values)
    distinct, at = np.unique(n, return_inverse=True)
    low = np.where(distinct > 0, chi2.ppf(alpha / 2, 2 * np.maximum(distinct, 1)) / 2, 0.0)
    high = chi2.ppf(1 - alpha / 2, 2 * distinct + 2) / 2
    return low[at], high[at]


def per_1000(
    n: np.ndarray, n_words: np.ndarray, level: float
) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """Hits per 1,000 words and the exact (Garwood) Poisson interval of ``n`` scaled alike:
    ``(rate, low, high)``, NaN where ``n_words`` is 0. Every rate table uses this one."""
    w = np.asarray(n_words).astype(float)
    scale = np.divide(1000.0, w, out=np.full_like(w, np.nan), where=w > 0)
    low, high = _garwood(n, level)
    return n * scale, low * scale, high * scale


def _plain_ids(ids: list[Any]) -> bool:
    """Whether article ids are distinct strings (then a group is an article: no pandas groupby)."""
    return bool(ids) and all(type(a) is str for a in ids) and len(set(ids)) == len(ids)


def _per_article_table(
    ids: list[str],
    families: list[str],
    counts: dict[tuple[str, str], list[int]],
    n_words: dict[str, int],
    level: float,
) -> pd.DataFrame:
    """:func:`term_table` by article, built from columns: the rows, values and dtypes that the
    general route (merge and groupby) gives when the article ids are distinct strings."""
    n_fam = len(families)
    row = {a: i for i, a in enumerate(ids)}
    col = {f: j for j, f in enumerate(families)}
    by_cell = np.zeros((len(ids), n_fam, len(VOICES)), dtype="int64")
    for (a, f), c in counts.items():
        by_cell[row[a], col[f]] = c
    by_voice = by_cell.reshape(len(ids) * n_fam, len(VOICES))  # one row per (article, family)
    n = by_voice.sum(axis=1)
    words = np.repeat(np.array([n_words[a] for a in ids], dtype="int64"), n_fam)
    rate, low, high = per_1000(n, words, level)
    # string columns as pandas infers them from lists, repeated by index (no list per row)
    columns: dict[str, Any] = {
        "article_id": pd.Series(ids).array.take(np.arange(len(ids)).repeat(n_fam)),
        "family": pd.Series(families).array.take(np.tile(np.arange(n_fam), len(ids))),
        "n": n,
        "n_words": words,
        "per_1000_words": rate,
        "per_1000_ci_low": low,
        "per_1000_ci_high": high,
    }
    for i, v in enumerate(VOICES):
        columns[f"n_{v}"] = by_voice[:, i].copy()
    return pd.DataFrame(columns)


def term_table(
    corpus: pd.DataFrame,
    lexicon: Lexicon | str | Path | None = None,
    by: str = "article_id",
    voices: pd.DataFrame | None = None,
    level: float = 0.95,
) -> pd.DataFrame:
    """Hits per group and family, with a rate per 1000 words and an exact Poisson interval.

    Parameters
    ----------
    corpus, lexicon, voices
        As for :func:`term_hits`.
    by : str
        A corpus column to group by: ``article_id`` (default, one group per article),
        ``outlet``, or any metadata column (missing values form their own group).
    level : float
        Confidence level of the interval.

    Returns
    -------
    DataFrame
        One row for every group x family, zeros included: ``<by>, family, n, n_words,
        per_1000_words, per_1000_ci_low, per_1000_ci_high, n_narrator, n_direct_quote,
        n_indirect``. ``n_words`` counts word tokens in the headline and body zones of the
        group, with the tokeniser that finds hits; ``per_1000_words = 1000 * n / n_words``
        (higher = the family is used more often). The interval is Garwood's exact Poisson
        interval for ``n`` scaled by ``1000 / n_words``; rates are missing where a group has
        no words. ``attrs["lexicon"]`` holds the lexicon's name, version and sha256.
    """
    if by not in corpus.columns:
        raise ValueError(f"by={by!r} is not a corpus column")
    lexicon = load_lexicon(lexicon)
    voice_index = _voice_index(corpus, voices)
    families = list(lexicon.families)
    n_words: dict[str, int] = {}
    counts: dict[tuple[str, str], list[int]] = {}  # (article, family) -> counts in VOICES order
    slot = {_PRECEDENCE[v]: i for i, v in enumerate(VOICES)}
    for art in _scan(corpus, lexicon):
        n_words[art.article_id] = art.n_words
        if not art.hits:
            continue
        ranks = _ranks(voice_index.get(art.article_id, []), art.hits)
        for (_, _, family, _, _), rank in zip(art.hits, ranks, strict=True):
            key = (art.article_id, family)
            c = counts.get(key)
            if c is None:
                c = counts[key] = [0, 0, 0]
            c[slot[rank]] += 1
    ids = corpus["article_id"].tolist()
    if by == "article_id" and _plain_ids(ids):
        table = _per_article_table(ids, families, counts, n_words, level)
        table.attrs = _attrs(corpus, lexicon)
        return table

    per_article = pd.DataFrame(
        [
            {
                "article_id": a,
                "family": f,
                **dict(zip((f"n_{v}" for v in VOICES), counts.get((a, f), (0, 0, 0)), strict=True)),
            }
            for a in ids
            for f in families
        ],
        columns=["article_id", "family", *(f"n_{v}" for v in VOICES)],
    )
    words = pd.DataFrame({"article_id": pd.Series(list(n_words), dtype=corpus["article_id"].dtype),
                          "n_words": pd.Series(list(n_words.values()), dtype="int64")})  # fmt: skip
    group_of = corpus[["article_id", by]] if by != "article_id" else corpus[["article_id"]]
    per_article = per_article.merge(group_of, on="article_id", how="left")
    words = words.merge(group_of, on="article_id", how="left")
    voice_cols = [f"n_{v}" for v in VOICES]
    table = per_article.groupby([by, "family"], sort=False, dropna=False)[voice_cols].sum()
    table = table.reset_index()
    group_words = words.groupby(by, sort=False, dropna=False)["n_words"].sum()
    table["n_words"] = table[by].map(group_words).astype("int64")
    table["n"] = table[voice_cols].sum(axis=1).astype("int64")
    rates = per_1000(table["n"].to_numpy(), table["n_words"].to_numpy(), level)
    table["per_1000_words"], table["per_1000_ci_low"], table["per_1000_ci_high"] = rates
    if by != "article_id":
        table = table.sort_values(by, kind="stable", na_position="last")
    table = table[
        [
            by,
            "family",
            "n",
            "n_words",
            "per_1000_words",
            "per_1000_ci_low",
            "per_1000_ci_high",
            *voice_cols,
        ]
    ].reset_index(drop=True)
    table.attrs = _attrs(corpus, lexicon)
    return table


def kwic(
    corpus: pd.DataFrame,
    pattern_or_family: str,
    window: int = 8,
    lexicon: Lexicon | str | Path | None = None,
    voices: pd.DataFrame | None = None,
) -> pd.DataFrame:
    """Keyword in context: every hit of a family (or of a glob pattern) with the words around it.

    Parameters
    ----------
    corpus, lexicon, voices
        As for :func:`term_hits`.
    pattern_or_family : str
        A family name of the lexicon (a parent name such as ``peace`` also selects the nested
        families ``peace.*``), with the lexicon's exclusions; any other string is a glob
        pattern, possibly multi-word (``"peace talk*"``), matched with the same rules and
        reported under ``family`` = the pattern.
    window : int
        Number of word tokens shown on each side, within the same zone span (paragraph).

    Returns
    -------
    DataFrame
        ``article_id, zone, voice, start, end, pre, keyword, post, family, pattern``.
        ``keyword`` is ``text[start:end]``; ``pre`` and ``post`` are verbatim slices of
        ``text`` up to ``window`` tokens before and after, trimmed of white space at their
        outer edges.
    """
    if window < 0:
        raise ValueError(f"window must be >= 0, not {window}")
    lexicon = load_lexicon(lexicon)
    selected = [
        f
        for f in lexicon.families
        if f == pattern_or_family or f.startswith(f"{pattern_or_family}.")
    ]
    if not selected:
        lexicon = Lexicon(
            {pattern_or_family: (pattern_or_family,)}, "adhoc", "", "<pattern>", "adhoc"
        )
        selected = [pattern_or_family]
    voice_index = _voice_index(corpus, voices)
    records = []
    for art in _scan(corpus, lexicon, selected):
        spans = _spans_of(voice_index, art.article_id)
        starts = [z[1] for z in art.zones]
        for s, e, family, pattern, zone in art.hits:
            _, zs, ze = art.zones[bisect.bisect_right(starts, s) - 1]
            tokens = tokenize(art.text, zs, ze)
            first = bisect.bisect_left(tokens, (s, s))
            last = bisect.bisect_left(tokens, (e, e))  # tokens end at or before e
            before, after = tokens[max(0, first - window) : first], tokens[last : last + window]
            pre = art.text[before[0][0] : s].strip() if before else ""
            post = art.text[e : after[-1][1]].strip() if after else ""
            records.append(
                (art.article_id, zone, _voice(spans, s, e), s, e, pre, art.text[s:e], post,
                 family, pattern)
            )  # fmt: skip
    out = pd.DataFrame.from_records(records, columns=KWIC_COLUMNS)
    out = out.astype({"start": "int64", "end": "int64"})
    out.attrs = _attrs(corpus, lexicon)
    return out
