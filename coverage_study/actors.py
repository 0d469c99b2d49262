"""Who is mentioned: actor mentions found with an alias table (``data/actors.toml``).

What counts as a mention
    * a **name** of the actor (full name, spelling, transliteration, acronym) or a **surname**
      the table lists for it: case-sensitive, whole words ("Xi" never matches inside "Xinhua");
    * a **role description** ("the Russian president", "Kremlin spokesman") only where the table
      binds it to an actor, and only in an article published in the role's period (or of
      unknown date); case-insensitive, whole words, matched without its article;
    * only in the **headline** and **body** zones (:func:`coverage_study.zone_spans`): a name in
      a photo caption, teaser or other page furniture does not count.

How mentions are delimited
    * The longest alias wins at a position: "Vladimir Putin" is one mention, not also "Putin".
    * A possessive counts and its span covers only the name: in "Putin’s", ``text`` is "Putin".
    * Aliases of the same actor that follow each other directly (separated only by white
      space, a comma or an opening parenthesis) are ONE mention spanning them all: "Russian
      President Vladimir Putin", "the head of Chinese diplomacy, Wang Yi", "North Atlantic
      Organization (NATO)" (the closing parenthesis is included).
    * White space inside an alias may be any white space (a non-breaking space included), and
      ' and ’ are the same apostrophe.

What does not count
    Countries, capitals and their metonyms ("China", "Moscow", "the Kremlin"), unbound roles
    ("the president", "a Chinese diplomat", "the alliance"), pronouns. See ``actors.toml``.
"""

from __future__ import annotations

import re
import unicodedata
from bisect import bisect_left
from collections.abc import Iterator, Mapping
from dataclasses import dataclass, field
from datetime import date, datetime
from pathlib import Path
from typing import Any

import numpy as np
import pandas as pd

from .corpus import reraise_for
from .datafiles import read_toml
from .spans import MARKS, any_form

__all__ = [
    "KINDS",
    "Actor",
    "AliasTable",
    "Role",
    "actor_mentions",
    "actor_table",
    "load_aliases",
]

KINDS = ("person", "organisation", "media")
MENTION_COLUMNS = ["article_id", "start", "end", "text", "actor", "zone", "via"]
_APOSTROPHES = str.maketrans({"’": "'", "‘": "'", "ʼ": "'"})
_ARTICLE = re.compile(r"^(?:the|a|an)\s+", re.IGNORECASE)
_POSSESSIVE = re.compile(r"(?:['’]s|(?<=s)['’])$")
_MERGE_GAP = re.compile(r"\s*(?:,|\()?\s*")


def _norm(s: str) -> str:
    """Collapse white space, unify apostrophes, compose accents (NFC): the key of an alias."""
    return " ".join(unicodedata.normalize("NFC", s).translate(_APOSTROPHES).split())


@dataclass(frozen=True)
class Role:
    """A role description bound to one actor for a period (``None`` = open-ended)."""

    text: str
    valid_from: date | None = None
    valid_to: date | None = None
    note: str = ""

    def valid_on(self, day: date | None) -> bool:
        """Whether the role means its actor on ``day`` (an unknown day: yes)."""
        if day is None:
            return True
        return (self.valid_from is None or self.valid_from <= day) and (
            self.valid_to is None or day <= self.valid_to
        )


@dataclass(frozen=True)
class Actor:
    """One actor: canonical ``name``, ``kind``, and the strings that refer to it."""

    name: str
    kind: str
    names: tuple[str, ...]
    surnames: tuple[str, ...] = ()
    roles: tuple[Role, ...] = ()
    nationality: str | None = None


@dataclass(frozen=True)
class AliasTable:
    """The alias table: ``version``, ``sha256`` of its file, ``source`` and the ``actors``."""

    version: str
    sha256: str
    source: str
    actors: tuple[Actor, ...]
    _names: dict[str, str] = field(default_factory=dict, repr=False, compare=False)
    _roles: dict[str, tuple[str, Role]] = field(default_factory=dict, repr=False, compare=False)
    _pattern: re.Pattern[str] | None = field(default=None, repr=False, compare=False)
    _starts: _Starts | None = field(default=None, repr=False, compare=False)
    _folded: dict[str, set[str]] = field(default_factory=dict, repr=False, compare=False)
    _matched: dict[str, tuple[str, Role | None]] = field(
        default_factory=dict, repr=False, compare=False
    )
    _resolved: dict[tuple[str, date | None], str | None] = field(
        default_factory=dict, repr=False, compare=False
    )

    def __post_init__(self) -> None:
        for actor in self.actors:
            for alias in (*actor.names, *actor.surnames):
                self._names[_norm(alias)] = actor.name
            for role in actor.roles:
                self._roles[_norm(role.text).casefold()] = (actor.name, role)
        alternatives = sorted(
            [(len(a), _alias_regex(a), False) for a in self._names]
            + [(len(r), _alias_regex(r), True) for r in self._roles],
            reverse=True,
        )
        body = "|".join(f"(?i:{rx})" if is_role else rx for _, rx, is_role in alternatives)
        # not after / before [\w{MARKS}] (a combining mark continues the word before it),
        # written so that a space or punctuation is ruled out without the astral marks
        before, after = _not_edge()
        object.__setattr__(self, "_pattern", re.compile(f"{before}(?:{body}){after}"))
        object.__setattr__(self, "_starts", _Starts.of(self._names, self._roles))
        for n, a in self._names.items():  # casefolded name -> actors, for resolve
            self._folded.setdefault(n.casefold(), set()).add(a)

    @property
    def surnames(self) -> dict[str, str]:
        """Surname -> canonical actor, for the surnames the table lists ("Wang" -> "Wang Yi")."""
        return {s: a.name for a in self.actors for s in a.surnames}

    @property
    def names(self) -> dict[str, str]:
        """Every name and surname -> canonical actor."""
        return {_n: a.name for a in self.actors for _n in (*a.names, *a.surnames)}

    @property
    def roles(self) -> dict[str, tuple[str, Role]]:
        """Role text -> (canonical actor, Role with its period)."""
        return {r.text: (a.name, r) for a in self.actors for r in a.roles}

    @property
    def kinds(self) -> dict[str, str]:
        """Canonical actor -> kind."""
        return {a.name: a.kind for a in self.actors}

    @property
    def nationalities(self) -> dict[str, str]:
        """Canonical actor -> nationality adjective ("chinese"), where the table gives one.

        Attribution uses it to resolve "the Chinese official" to the one Chinese person of the
        article who is not a head of state, when the article itself does not say so."""
        return {a.name: a.nationality for a in self.actors if a.nationality}

    def resolve(self, mention: str, on: date | str | None = None) -> str | None:
        """The canonical actor a name, surname or role description refers to, or None.

        ``"Putin’s"``, ``"Wang"``, ``"the Russian president"`` and ``"Russian President"`` all
        resolve; a role resolves only if ``on`` (a date; default: unknown, i.e. any) falls in
        its period. Names are looked up as written first, then case-insensitively if that is
        unambiguous; a leading "the/a/an" and a possessive ending are ignored.
        """
        day = _as_date(on)
        try:
            return self._resolved[mention, day]
        except KeyError:
            pass
        except TypeError:  # not a string: as before, without the memo
            return self._resolve(mention, day)
        resolved = self._resolve(mention, day)
        if len(self._resolved) >= _MEMO_SIZE:
            self._resolved.clear()
        self._resolved[mention, day] = resolved
        return resolved

    def _resolve(self, mention: str, day: date | None) -> str | None:
        key = _POSSESSIVE.sub("", _norm(mention))
        bare = _ARTICLE.sub("", key)
        for k in (key, bare):
            if k in self._names:
                return self._names[k]
        folded = self._folded.get(bare.casefold(), ())
        if len(folded) == 1:
            return next(iter(folded))
        hit = self._roles.get(bare.casefold())
        if hit is not None and hit[1].valid_on(day):
            return hit[0]
        return None

    def _lookup(self, matched: str) -> tuple[str, Role | None]:
        hit = self._matched.get(matched)
        if hit is None:
            key = _norm(matched)
            hit = (
                (self._names[key], None) if key in self._names else self._roles.get(key.casefold())
            )
            if hit is None:  # a role matched through IGNORECASE's own equivalences (ı or İ for
                # i: casefold keeps them apart): the role whose pattern matches it
                hit = next(v for r, v in self._roles.items()
                           if re.fullmatch(_alias_regex(r), matched, re.IGNORECASE))  # fmt: skip
            if len(self._matched) >= _MEMO_SIZE:
                self._matched.clear()
            self._matched[matched] = hit
        return hit

    def find(self, text: str, on: date | None = None) -> Iterator[tuple[int, int, str, str]]:
        """Mentions in ``text``: ``(start, end, actor, via)``, ``via`` "name", "role" or both."""
        assert self._starts is not None
        found = self._find(text, 0, len(text), self._starts.candidates(text), on)
        yield from (tuple(mention) for mention in found)

    def _find(
        self, text: str, zs: int, ze: int, candidates: list[int], on: date | None
    ) -> list[list[Any]]:
        """:meth:`find` on ``text[zs:ze]`` (offsets into ``text``), trying the alias regex only
        at ``candidates`` (sorted, in ``[zs, ze)``; every position where an alias may start in
        ``text[zs:ze]`` must be among them): the same mentions as a search of that slice."""
        assert self._pattern is not None
        match, matched = self._pattern.match, self._matched
        found: list[list[Any]] = []
        last_end = 0
        for pos in candidates:
            if pos < last_end:
                continue
            if pos > zs:  # the slice's characters around it are the text's: no slicing needed
                m = match(text, pos, ze)
                if m is None:
                    continue
                start, last_end = m.span()
            else:  # at the slice's start, whatever comes before it in the text
                m = match(text[zs:ze])
                if m is None:
                    continue
                start, last_end = zs, zs + m.end()
            hit = matched.get(m.group()) or self._lookup(m.group())
            actor, role = hit
            if role is not None and not role.valid_on(on):
                continue
            via = "role" if role is not None else "name"
            if found:
                last = found[-1]
                if last[2] == actor and _MERGE_GAP.fullmatch(text, last[1], start):
                    end = last_end
                    if "(" in text[last[1] : start] and end < ze and text.startswith(")", end):
                        end += 1
                    last[1] = end
                    last[3] = "+".join(sorted({*last[3].split("+"), via}))
                    continue
            found.append([start, last_end, actor, via])
        return found


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
    (ord(chr(b).lower()) if chr(b).isalnum() or b == ord("_") else 32) if b < 128 else 32
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
            if partners and ch.lower() in _IGNORECASE_PARTNERS:
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


def _alias_regex(alias: str) -> str:
    parts = [any_form(w).replace("'", "['’]") for w in alias.split(" ")]  # NFC or NFD
    return r"\s+".join(parts)


def _as_date(value: object) -> date | None:
    if value is None or value is pd.NaT:
        return None
    if isinstance(value, datetime):  # a Timestamp too; before date: a datetime is a date
        return value.date()
    if isinstance(value, date):
        return value
    if isinstance(value, str):
        return date.fromisoformat(value)
    try:
        if pd.isna(value):
            return None
        day: date = pd.Timestamp(value).date()
        return day
    except (TypeError, ValueError):
        raise TypeError(f"not a date: {value!r}") from None


# ---------------------------------------------------------------------------------------------
# Loading and checking the table


def load_aliases(path: str | Path | None = None) -> AliasTable:
    """Read an alias table (default: the packaged ``data/actors.toml``).

    Raises
    ------
    ValueError
        Naming the file and the entry: not UTF-8 TOML, no ``version``, an actor without
        ``name``, an unknown ``kind``, an alias that is not a non-empty string, an alias
        listed twice or for two actors, a bad date or ``valid_from`` after ``valid_to``,
        a role that contains another actor's name.
    """
    data, source, sha256 = read_toml(path, "actors.toml")
    entries = data.get("actor", [])
    if not isinstance(entries, list) or not entries:
        raise ValueError(f"{source}: no [[actor]] entries")

    actors: list[Actor] = []
    owner: dict[str, str] = {}  # normalised name -> actor
    role_owner: dict[str, str] = {}  # casefolded role -> actor
    for i, entry in enumerate(entries, start=1):
        where = f"{source}: actor #{i} ({entry.get('name', '?')})"
        name = entry.get("name")
        if not isinstance(name, str) or not name.strip():
            raise ValueError(f"{where}: missing or empty 'name'")
        unknown = set(entry) - {"name", "kind", "names", "surnames", "roles", "nationality", "note"}
        if unknown:
            raise ValueError(f"{where}: unknown key(s) {sorted(unknown)}")
        kind = entry.get("kind")
        if kind not in KINDS:
            raise ValueError(f"{where}: 'kind' must be one of {list(KINDS)}, not {kind!r}")
        lists = {}
        for key in ("names", "surnames"):
            values = entry.get(key, [])
            if not isinstance(values, list) or not all(
                isinstance(v, str) and v.strip() for v in values
            ):
                raise ValueError(f"{where}: '{key}' must be a list of non-empty strings")
            lists[key] = values
        names = list(dict.fromkeys([name, *lists["names"]]))
        for alias in [*names, *lists["surnames"]]:
            key = _norm(alias)
            if key in owner:
                other = owner[key]
                what = "twice" if other == name else f"for both '{other}' and '{name}'"
                raise ValueError(f"{where}: alias '{alias}' is listed {what}")
            owner[key] = name
        roles = []
        for j, r in enumerate(entry.get("roles", []), start=1):
            role = _read_role(r, f"{where}: role #{j}")
            rkey = role.text.casefold()
            if rkey in role_owner:
                other = role_owner[rkey]
                what = "twice" if other == name else f"for both '{other}' and '{name}'"
                raise ValueError(f"{where}: role #{j}: role '{r['text']}' is listed {what}")
            role_owner[rkey] = name
            roles.append(role)
        nationality = entry.get("nationality")
        if nationality is not None and (
            not isinstance(nationality, str) or not nationality.strip()
        ):
            raise ValueError(f"{where}: 'nationality' must be a non-empty string")
        actors.append(
            Actor(name, kind, tuple(names), tuple(lists["surnames"]), tuple(roles), nationality)
        )

    # checks across actors: roles vs names
    for actor in actors:
        for role in actor.roles:
            if _norm(role.text) in owner:
                raise ValueError(
                    f"{source}: actor '{actor.name}': role '{role.text}' is also a name of "
                    f"'{owner[_norm(role.text)]}'"
                )
            for alias, other in owner.items():
                if other != actor.name and re.search(
                    rf"(?<!\w){_alias_regex(alias)}(?!\w)", role.text
                ):
                    raise ValueError(
                        f"{source}: actor '{actor.name}': role '{role.text}' contains the name "
                        f"'{alias}' of '{other}' (longest match would hide that mention)"
                    )
    return AliasTable(str(data["version"]), sha256, source, tuple(actors))


def _read_role(r: object, where: str) -> Role:
    if not isinstance(r, dict) or not isinstance(r.get("text"), str) or not r["text"].strip():
        raise ValueError(f"{where}: a role needs a non-empty 'text'")
    where = f"{where} ('{r['text']}')"
    extra = set(r) - {"text", "valid_from", "valid_to", "note"}
    if extra:
        raise ValueError(f"{where}: unknown key(s) {sorted(extra)}")
    days: dict[str, date | None] = {}
    for k in ("valid_from", "valid_to"):
        v = r.get(k)
        try:
            days[k] = v if v is None or isinstance(v, date) else date.fromisoformat(v)
        except (TypeError, ValueError):
            raise ValueError(f"{where}: '{k}' is not an ISO date: {v!r}") from None
    if days["valid_from"] and days["valid_to"] and days["valid_from"] > days["valid_to"]:
        raise ValueError(f"{where}: valid_from is after valid_to")
    text = _ARTICLE.sub("", _norm(r["text"]))
    return Role(text, days["valid_from"], days["valid_to"], str(r.get("note", "")))


def _table(aliases: AliasTable | str | Path | None) -> AliasTable:
    return aliases if isinstance(aliases, AliasTable) else load_aliases(aliases)


# ---------------------------------------------------------------------------------------------
# Mentions


def actor_mentions(
    corpus: pd.DataFrame, aliases: AliasTable | str | Path | None = None
) -> pd.DataFrame:
    """One row per actor mention in the headline and body zones.

    Parameters
    ----------
    corpus : DataFrame
        From :func:`coverage_study.load_corpus` (uses ``text``, the zones, and ``published``
        for the periods of role descriptions).
    aliases : AliasTable or path, optional
        Default: the packaged ``actors.toml``.

    Returns
    -------
    DataFrame
        ``article_id, start, end, text, actor, zone, via``: ``text`` is
        ``corpus.text[start:end]``; ``zone`` is ``headline`` or ``body``; ``via`` tells what
        matched: ``name`` (names and surnames), ``role``, or ``name+role`` for a role and name
        of the same actor side by side ("Russian President Vladimir Putin"), one mention.
        See the module docstring for what counts.
    """
    table = _table(aliases)
    records = list(_mentions(corpus, table))
    out = pd.DataFrame(records, columns=MENTION_COLUMNS)
    return out.astype({"start": "int64", "end": "int64"})


def _mentions(corpus: pd.DataFrame, table: AliasTable) -> Iterator[tuple[Any, ...]]:
    """The rows of :func:`actor_mentions`, zone by zone as :func:`zone_spans` lists them."""
    for article_id, text, zone, found in _zone_mentions(corpus, table):
        for start, end, actor, via in found:
            yield (article_id, start, end, text[start:end], actor, zone, via)


def _zone_mentions(corpus: pd.DataFrame, table: AliasTable) -> Iterator[tuple[Any, ...]]:
    """``(article_id, text, zone, mentions)`` for each zone with mentions, in the order of
    :func:`_mentions`; each mention ``[start, end, actor, via]``."""
    ids = corpus["article_id"].tolist()
    texts = dict(zip(ids, corpus["text"].tolist(), strict=True))
    published = (
        dict(zip(ids, corpus["published"].tolist(), strict=True)) if "published" in corpus else {}
    )
    days: dict[object, date | None] = {}
    article_id = None  # named in an internal error
    try:
        for article_id, headline_span, body_spans in zip(
            ids, corpus["headline_span"].tolist(), corpus["body_spans"].tolist(), strict=True
        ):
            # the zones of zone_spans: the headline, then the body paragraphs in order
            zones = [] if headline_span is None else [("headline", *headline_span)]
            zones += [("body", s, e) for s, e in body_spans]
            if not zones:
                continue
            text = texts[article_id]
            if article_id in days:
                day = days[article_id]
            else:
                day = days[article_id] = _as_date(published.get(article_id))
            starts = table._starts
            assert starts is not None
            spans = sorted(z[1:] for z in zones)
            if all(0 <= s0 <= e0 for s0, e0 in spans) and all(
                s1 >= e0 for (_, e0), (s1, _) in zip(spans, spans[1:], strict=False)
            ):
                # zones apart: the candidates of the whole text, read as if cut at each zone's end
                candidates = starts.candidates(text, spans)
            else:
                candidates = None
            find = table._find
            for zone, zs, ze in zones:
                if candidates is None:
                    chunk = text[zs:ze]
                    at = starts.candidates(chunk)
                    found = find(chunk, 0, len(chunk), at, day)
                    found = [[zs + s, zs + e, actor, via] for s, e, actor, via in found]
                else:
                    lo, hi = bisect_left(candidates, zs), bisect_left(candidates, ze)
                    if lo == hi:
                        continue
                    found = find(text, zs, ze, candidates[lo:hi], day)
                if found:
                    yield article_id, text, zone, found
    except Exception as exc:
        reraise_for(article_id, "actors", exc)


def actor_table(
    corpus: pd.DataFrame, aliases: AliasTable | str | Path | None = None
) -> pd.DataFrame:
    """Mentions per article and actor: one row per ``(article_id, actor)``, zeros included.

    Returns
    -------
    DataFrame
        ``article_id, actor, kind, n_mentions, n_headline`` (``n_headline``: how many of the
        mentions are in the headline), every article crossed with every actor of the table,
        in corpus and table order.
    """
    table = _table(aliases)
    ids = corpus["article_id"].tolist()
    if ids and all(type(a) is str for a in ids):
        return _counts_table(corpus, table, ids)
    mentions = actor_mentions(corpus, table)
    grid = pd.MultiIndex.from_product(
        [list(corpus["article_id"]), [a.name for a in table.actors]], names=["article_id", "actor"]
    )
    n = mentions.groupby(["article_id", "actor"]).size()
    n_head = mentions[mentions["zone"] == "headline"].groupby(["article_id", "actor"]).size()
    out = pd.DataFrame(
        {
            "n_mentions": n.reindex(grid, fill_value=0).astype("int64"),
            "n_headline": n_head.reindex(grid, fill_value=0).astype("int64"),
        },
        index=grid,
    ).reset_index()
    out.insert(2, "kind", out["actor"].map(table.kinds))
    return out


def _counts_table(corpus: pd.DataFrame, table: AliasTable, ids: list[str]) -> pd.DataFrame:
    """:func:`actor_table` for string article ids, counted in one pass and built from columns
    (the rows, values and dtypes of the groupby and reindex above)."""
    actors = [a.name for a in table.actors]
    n_actors, n_ids = len(actors), len(ids)
    row = {a: i * n_actors for i, a in enumerate(ids)}  # a duplicated id: its last row...
    col = {a: j for j, a in enumerate(actors)}
    # the cell of every mention (and of every headline mention), counted by bincount
    cells: list[int] = []
    head_cells: list[int] = []
    for article_id, _, zone, found in _zone_mentions(corpus, table):
        at = row[article_id]
        ks = [at + col[actor] for _, _, actor, _ in found]
        cells += ks
        if zone == "headline":
            head_cells += ks
    size = n_ids * n_actors
    n_mentions = np.bincount(np.array(cells, dtype="int64"), minlength=size).astype("int64")
    n_headline = np.bincount(np.array(head_cells, dtype="int64"), minlength=size).astype("int64")
    if len(row) < n_ids:  # ...and every row of an id gets the id's counts
        first = np.array([row[a] for a in ids]).repeat(n_actors) + np.tile(
            np.arange(n_actors), n_ids
        )
        n_mentions, n_headline = n_mentions[first], n_headline[first]
    # string columns as pandas infers them from lists, repeated by index (no list per row)
    by_row, by_col = np.arange(n_ids).repeat(n_actors), np.tile(np.arange(n_actors), n_ids)
    return pd.DataFrame(
        {
            "article_id": pd.Series(ids).array.take(by_row),
            "actor": pd.Series(actors).array.take(by_col),
            "kind": pd.Series([table.kinds[a] for a in actors]).array.take(by_col),
            "n_mentions": n_mentions,
            "n_headline": n_headline,
        }
    )
