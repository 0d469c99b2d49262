"""Finding where an alias may start in a text: the candidate regexes of an alias table.

How mentions are delimited is set out in :mod:`coverage_study.components.actors`; this module is how
:class:`coverage_study.components.aliases.AliasTable` finds them fast (a bytes regex for the places
an alias may start, the alias regex tried only there).
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any

from .. import _frozen
from ..text.spans import MARKS, any_form

_MEMO_SIZE = 1 << 16
"""Entries kept in an alias table's memos (resolved mentions, matched strings) before they are
cleared: the memos stay small on a corpus of any size."""

def _not_edge() -> tuple[str, str]:
    """Regex sources for "not after" and "not before" a character of ``[\\w{MARKS}]``.

    The same as ``(?<![\\w{MARKS}])`` and ``(?![\\w{MARKS}])``, but a character of the Basic
    Multilingual Plane is checked against ``\\w`` and the marks of that plane only (a space
    would otherwise be compared with every range of astral marks)."""
    bmp = "".join(
        r for r in re.findall(r"\\U[0-9a-f]{8}-\\U[0-9a-f]{8}", MARKS) if r[2:6] == "0000"
    )
    astral = "".join(
        r for r in re.findall(r"\\U[0-9a-f]{8}-\\U[0-9a-f]{8}", MARKS) if r[2:6] != "0000"
    )
    assert bmp + astral == MARKS
    before = rf"(?<![\w{bmp}])(?:(?<![\U00010000-\U0010ffff])|(?<![{astral}]))"
    after = rf"(?![\w{bmp}])(?:(?![\U00010000-\U0010ffff])|(?![{astral}]))"
    return before, after


# Candidates. The alias regex is tried only where an alias may start. They are found in the
# text's bytes: an ASCII letter, digit or "_" as its lower case, every other character
# (punctuation, white space, any non-ASCII character) as " ". One bytes regex with a literal
# " " in front (so that the regex engine skips from space to space) looks ahead for every
# alias (a trie) written for these bytes: white space between words is " +", a non-ASCII
# letter " ", the end of the alias a non-word byte. Where the alias regex matches, this one
# does (it may match where the alias regex does not), so trying the alias regex only there
# finds the same mentions as a search. A role letter that a non-ASCII character matches under
# re.IGNORECASE ("K" for "k") may also be " ": a second regex allows it, for the texts that
# hold such a character.
_IGNORECASE_PARTNERS = {"i": "\u0130\u0131", "k": "\u212a", "s": "\u017f"}
"""ASCII letter -> the non-ASCII characters that re.IGNORECASE matches to it (checked on the
whole of Unicode by tests/test_actors.py)."""
_PARTNER_CHARS = "".join(_IGNORECASE_PARTNERS.values())
_BYTE_OF = bytes(
    (ord(str.lower(chr(b))) if chr(b).isalnum() or b == ord("_") else 32) if b < 128 else 32
    for b in range(256)
)  # encode("ascii", "replace") makes a non-ASCII character "?", which becomes " " too


def _byte_options(ch: str, ignore_case: bool, partners: bool) -> set[str]:
    """What one text character that matches the alias character ``ch`` becomes in the bytes
    (``partners``: also " " for a non-ASCII character that re.IGNORECASE matches to an ASCII
    letter of a role)."""

    def byte(c: str) -> str:
        return chr(_BYTE_OF[ord(c)]) if c.isascii() else " "

    options = {byte(ch)}
    if ignore_case:
        if ch.isascii():
            if partners and str.lower(ch) in _IGNORECASE_PARTNERS:
                options.add(" ")
        else:
            options |= {
                byte(chr(b)) for b in range(128) if re.fullmatch(re.escape(ch), chr(b), re.I)
            }
    return options


def _char_forms(ch: str) -> list[str]:
    """The text forms of an alias character that :func:`_alias_regex` matches."""
    if ch == "'":
        return ["'", "\u2019"]
    nfd = unicodedata.normalize("NFD", ch)
    return [ch] if nfd == ch else [ch, nfd]


def _alias_bytes_units(alias: str, ignore_case: bool, partners: bool) -> list[str]:
    """Bytes regex pieces that, joined, match every text that ``alias`` matches (as bytes)
    followed by a non-word byte or the end: one piece per character, " +" between words."""
    units = []
    for i, word in enumerate(alias.split(" ")):
        if i:
            units.append(" +")
        for ch in unicodedata.normalize("NFC", word):
            forms: set[str] = set()
            for form in _char_forms(ch):
                alts = {""}
                for c in form:
                    alts = {a + b for a in alts for b in _byte_options(c, ignore_case, partners)}
                forms |= alts
            options = sorted(re.escape(f) for f in forms)
            units.append(options[0] if len(options) == 1 else f"(?:{'|'.join(options)})")
    units.append("(?![a-z0-9_])")
    return units


def _starts_regex(aliases: list[tuple[str, bool]], partners: bool) -> str:
    """The lookahead of the candidate regex (see the comment above) for ``(alias,
    ignore_case)`` pairs: a regex source."""
    trie: dict[str, dict[str, Any]] = {}
    for alias, ignore_case in aliases:
        node = trie
        for unit in _alias_bytes_units(alias, ignore_case, partners):
            node = node.setdefault(unit, {})
        node[""] = {}

    def build(node: dict[str, dict[str, Any]]) -> str:
        alts = ["" if u == "" else u + build(child) for u, child in sorted(node.items())]
        return alts[0] if len(alts) == 1 else f"(?:{'|'.join(alts)})"

    return f"(?={build(trie)})"


@dataclass(frozen=True)
class _Starts:
    """Where the aliases of a table may start in a text (see the comment above)."""

    # each: (after a " ", at a given position); for a text without a character of
    # _PARTNER_CHARS (plain), for any text (partners)
    plain: tuple[re.Pattern[bytes], re.Pattern[bytes]]
    partners: tuple[re.Pattern[bytes], re.Pattern[bytes]]

    @classmethod
    def of(cls, names: Mapping[str, str], roles: Mapping[str, object]) -> _Starts:
        aliases = [*((n, False) for n in names), *((r, True) for r in roles)]
        plain, partners = (_starts_regex(aliases, p).encode("ascii") for p in (False, True))
        return cls(
            (re.compile(b" " + plain), re.compile(plain)),
            (re.compile(b" " + partners), re.compile(partners)),
        )

    def candidates(self, text: str, zones: list[tuple[int, int]] | None = None) -> list[int]:
        """Sorted positions in ``text`` where an alias may start: at least every one where one
        does, position 0 included. With ``zones`` (spans that do not overlap), at least every
        one where one does in ``text[start:end]`` of a zone (that is, also at a zone's start and
        up to a zone's end whatever comes before and after)."""
        spaced = b" " + text.encode("ascii", "replace").translate(_BYTE_OF)
        if zones:
            cut = bytearray(spaced)
            for _, end in zones:
                if 0 <= end < len(text):
                    cut[end + 1] = 32
            spaced = bytes(cut)
        after_space, at = self.plain
        if not text.isascii() and any(c in text for c in _PARTNER_CHARS):
            after_space, at = self.partners
        # a " " at i in spaced is text[i - 1]: an alias may start at text[i]
        found = [m.start() for m in after_space.finditer(spaced)]
        if zones:
            match = at.match
            firsts = [s for s, _ in zones if spaced[s : s + 1] != b" " and match(spaced, s + 1)]
            if firsts:
                found = sorted({*found, *firsts})
        return found

    def __getstate__(self) -> dict[str, Any]:  # pickled field by field (_frozen says why)
        return _frozen.state(self)

    def __setstate__(self, values: dict[str, Any]) -> None:
        _frozen.restore(self, values)


def _alias_regex(alias: str) -> str:
    parts = [any_form(w).replace("'", "['’]") for w in alias.split(" ")]  # NFC or NFD
    return r"\s+".join(parts)
