"""Alias tables: who the actors are, by which names, surnames and dated roles they are known.

The packaged table is ``data/actors.toml`` (:func:`load_aliases`); what counts as a mention is
set out in :mod:`coverage_study.components.actors`.
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Iterator
from dataclasses import dataclass, field
from datetime import date, datetime
from functools import lru_cache
from pathlib import Path
from typing import Any

import pandas as pd

from .. import _frozen
from ..datafiles import read_toml
from .alias_match import _MEMO_SIZE, _alias_regex, _not_edge, _Starts

__all__ = ["KINDS", "Actor", "AliasTable", "Role", "load_aliases"]

KINDS = ("person", "organisation", "media")
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

    def __getstate__(self) -> dict[str, Any]:  # pickled field by field (_frozen says why)
        return _frozen.state(self)

    def __setstate__(self, values: dict[str, Any]) -> None:
        _frozen.restore(self, values)


@dataclass(frozen=True)
class Actor:
    """One actor: canonical ``name``, ``kind``, and the strings that refer to it."""

    name: str
    kind: str
    names: tuple[str, ...]
    surnames: tuple[str, ...] = ()
    roles: tuple[Role, ...] = ()
    nationality: str | None = None

    def __getstate__(self) -> dict[str, Any]:  # pickled field by field (_frozen says why)
        return _frozen.state(self)

    def __setstate__(self, values: dict[str, Any]) -> None:
        _frozen.restore(self, values)


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

    def __getstate__(self) -> dict[str, Any]:  # pickled field by field (_frozen says why)
        return _frozen.state(self)

    def __setstate__(self, values: dict[str, Any]) -> None:
        _frozen.restore(self, values)



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
    """Read an alias table (default: the packaged ``data/actors.toml``, read once per process
    and shared: an ``AliasTable`` does not change, and reading it took about a tenth of a second
    in every ``actor_table`` call).

    Raises
    ------
    ValueError
        Naming the file and the entry: not UTF-8 TOML, no ``version``, an actor without
        ``name``, an unknown ``kind``, an alias that is not a non-empty string, an alias
        listed twice or for two actors, a bad date or ``valid_from`` after ``valid_to``,
        a role that contains another actor's name.
    """
    return _packaged() if path is None else _read(path)


@lru_cache(maxsize=1)
def _packaged() -> AliasTable:
    return _read(None)


def _read(path: str | Path | None) -> AliasTable:
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
