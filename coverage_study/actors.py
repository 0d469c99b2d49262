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
from collections.abc import Iterator
from dataclasses import dataclass, field
from datetime import date
from pathlib import Path

import pandas as pd

from .corpus import zone_spans
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
        edge = rf"[\w{MARKS}]"  # a combining mark continues the word before it
        object.__setattr__(self, "_pattern", re.compile(rf"(?<!{edge})(?:{body})(?!{edge})"))

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
        key = _POSSESSIVE.sub("", _norm(mention))
        bare = _ARTICLE.sub("", key)
        for k in (key, bare):
            if k in self._names:
                return self._names[k]
        folded = {a for n, a in self._names.items() if n.casefold() == bare.casefold()}
        if len(folded) == 1:
            return folded.pop()
        hit = self._roles.get(bare.casefold())
        if hit is not None and hit[1].valid_on(day):
            return hit[0]
        return None

    def _lookup(self, matched: str) -> tuple[str, Role | None]:
        key = _norm(matched)
        if key in self._names:
            return self._names[key], None
        actor, role = self._roles[key.casefold()]
        return actor, role

    def find(self, text: str, on: date | None = None) -> Iterator[tuple[int, int, str, str]]:
        """Mentions in ``text``: ``(start, end, actor, via)``, ``via`` "name", "role" or both."""
        assert self._pattern is not None
        found: list[list] = []
        for m in self._pattern.finditer(text):
            actor, role = self._lookup(m.group())
            if role is not None and not role.valid_on(on):
                continue
            via = "role" if role is not None else "name"
            last = found[-1] if found else None
            if last and last[2] == actor and _MERGE_GAP.fullmatch(text, last[1], m.start()):
                end = m.end()
                if "(" in text[last[1] : m.start()] and text.startswith(")", end):
                    end += 1
                last[1] = end
                last[3] = "+".join(sorted({*last[3].split("+"), via}))
            else:
                found.append([m.start(), m.end(), actor, via])
        for start, end, actor, via in found:
            yield start, end, actor, via


def _alias_regex(alias: str) -> str:
    parts = [any_form(w).replace("'", "['’]") for w in alias.split(" ")]  # NFC or NFD
    return r"\s+".join(parts)


def _as_date(value: object) -> date | None:
    if value is None or value is pd.NaT:
        return None
    if isinstance(value, pd.Timestamp):
        return value.date()
    if isinstance(value, date):
        return value
    if isinstance(value, str):
        return date.fromisoformat(value)
    try:
        if pd.isna(value):  # type: ignore[arg-type]
            return None
        return pd.Timestamp(value).date()  # type: ignore[arg-type]
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
        if nationality is not None and (not isinstance(nationality, str) or not nationality.strip()):
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
    texts = dict(zip(corpus["article_id"], corpus["text"], strict=True))
    published = (
        dict(zip(corpus["article_id"], corpus["published"], strict=True))
        if "published" in corpus
        else {}
    )
    records = []
    for z in zone_spans(corpus).itertuples():
        text = texts[z.article_id]
        chunk = text[z.start : z.end]
        day = _as_date(published.get(z.article_id))
        for s, e, actor, via in table.find(chunk, day):
            start, end = z.start + s, z.start + e
            records.append((z.article_id, start, end, text[start:end], actor, z.zone, via))
    out = pd.DataFrame(records, columns=MENTION_COLUMNS)
    return out.astype({"start": "int64", "end": "int64"})


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
