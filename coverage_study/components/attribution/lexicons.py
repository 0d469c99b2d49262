"""The data that attribution reads: reporting verbs (``data/reporting_verbs.toml``), media
(``data/media.toml``) and the actor alias table, each loaded once per process."""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import date
from functools import lru_cache
from typing import TYPE_CHECKING, Any

from ..._regex import phrase_union
from ...datafiles import read_toml

if TYPE_CHECKING:  # actors is imported when needed
    from ..actors import AliasTable


def _read_toml(name: str) -> dict[str, Any]:
    return read_toml(None, name, need_version=False)[0]


@dataclass(frozen=True)
class Nations:
    """Countries (``data/nationalities.toml``): what a word or phrase refers to, lower case
    ("japanese", "japan", "tokyo", "south korean" -> an ISO 3166 code; "eu" for the European
    Union), and the words of the file that are also given names (never a title)."""

    version: str
    by_word: dict[str, str]  # lower-case adjective, country name or capital -> code
    words: frozenset[str]  # one-word keys and words of adjectives ("japan", "south", "korean")
    longest: int  # the most words in a key
    adjectives: frozenset[str]  # the keys that are adjectives ("south korean", not "japan")
    given_names: frozenset[str]  # as written ("Jordan", "Chad")


def _title_words(
    by_word: dict[str, str], kinds: dict[str, tuple[list[str], list[str], list[str]]]
) -> frozenset[str]:
    """The words that may stand in a title before a name: each one-word key, and each word of
    an adjective of several words ("south", "korean"), function words aside ("kittian and
    nevisian": not "and")."""
    many = {w for lists in kinds.values() for a in lists[0] for w in a.lower().split()}
    return frozenset({k for k in by_word if " " not in k} | (many - {"and", "the", "of"}))


@lru_cache(maxsize=1)
def load_nations() -> Nations:
    """The packaged ``data/nationalities.toml`` (cached). Adjectives win over names, names over
    capitals, where one word is several (the first of each kind in the file)."""
    data = _read_toml("nationalities.toml")
    # code -> (adjectives, names, capitals), the [[extra]] tables merged into their country's
    kinds: dict[str, tuple[list[str], list[str], list[str]]] = {}
    for c in data["country"]:
        cap = [c["capital"]] if c.get("capital") else []
        kinds[c["code"]] = (list(c.get("adjectives", [])), [c["name"]], cap)
    for e in data.get("extra", []):
        adjectives, names, _ = kinds.setdefault(e["code"], ([], [], []))
        adjectives += e.get("adjectives", [])
        names += e.get("names", [])
    by_word: dict[str, str] = {}
    for i in range(3):  # adjectives first, then names, then capitals
        for code, lists in kinds.items():
            for w in lists[i]:
                by_word.setdefault(" ".join(w.lower().split()), code)
    return Nations(str(data["version"]), by_word, _title_words(by_word, kinds),
                   max(len(k.split()) for k in by_word),
                   frozenset(" ".join(a.lower().split()) for lists in kinds.values()
                             for a in lists[0]),
                   frozenset(data.get("given_names", [])))  # fmt: skip


@dataclass(frozen=True)
class Verbs:
    """Reporting verbs: ``form -> (lemma, category)`` (category None for an uncategorised cue),
    the kind of each lemma that is not speech, and the speaker word lists."""

    version: str
    forms: dict[str, tuple[str, str | None]]
    speakers: dict[str, frozenset[str]]
    pattern: re.Pattern[str]
    lower: re.Pattern[str]  # the same, case-sensitive, for text lower-cased by ``_lower``
    np_words: frozenset[str]  # lower-case words a speaker phrase may hold (_np_before)
    categories: tuple[str, ...]  # the cue categories of the file, sorted
    kinds: dict[str, str]  # lemma -> "thought" or "evidence" (every other lemma: "speech")
    evidence_sources: frozenset[str]  # a speaker head noun that makes a cue evidence
    # [not_cue]: lemma -> the words after a form that make it no cue; naming lemmas; the forms
    # that are cues only after an evidence source or before "that"
    not_followed_by: dict[str, re.Pattern[str]]
    naming: frozenset[str]
    evidence_only: frozenset[str]
    nations: Nations  # data/nationalities.toml: countries, their adjectives and capitals
    titles: dict[str, str]  # [speaker_titles]: a title before a name, lower case -> its role


@lru_cache(maxsize=1)
def load_reporting_verbs() -> Verbs:
    """The packaged ``data/reporting_verbs.toml`` (cached)."""
    data = _read_toml("reporting_verbs.toml")
    forms: dict[str, tuple[str, str | None]] = {}
    sections: list[tuple[str | None, dict[str, Any]]] = list(data["category"].items())
    sections.append((None, data.get("uncategorised", {"verbs": {}})))
    for category, entry in sections:
        for lemma, words in entry["verbs"].items():
            for w in words:
                forms[" ".join(w.lower().split())] = (lemma, category)
    kind = data.get("kind", {})
    kinds = {lemma: k for k in ("thought", "evidence") for lemma in kind.get(k, [])}
    alts = sorted(forms, key=len, reverse=True)
    # = (?<![\w’'])(?:alt|alt|...)(?![\w’']) with alts longest first, as a trie (_regex)
    source = phrase_union(alts, not_after=r"[\w’']") + r"(?![\w’'])"
    speakers = {k: frozenset(v) for k, v in data["speakers"].items()}
    np_words = frozenset(
        {"of", "the", "a", "an"} | speakers["person_roles"] | speakers["anonymous_heads"]
    )
    # case-sensitive, the look-behind first is faster (the trick above pays under IGNORECASE)
    lower = re.compile(r"(?<![\w’'])(?:" + phrase_union(alts) + r")(?![\w’'])")
    not_cue = data.get("not_cue", {})
    not_followed_by = {
        lemma: re.compile(r"[\s-]+(?:" + "|".join(map(re.escape, words)) + r")\b")
        for lemma, words in not_cue.get("followed_by", {}).items()
    }
    return Verbs(str(data["version"]), forms, speakers, re.compile(source, re.IGNORECASE),
                 lower, np_words, tuple(sorted(data["category"])), kinds,
                 frozenset(kind.get("evidence_sources", [])), not_followed_by,
                 frozenset(not_cue.get("naming", [])),
                 frozenset(not_cue.get("evidence_only", [])), load_nations(),
                 {str.lower(k): v for k, v in data.get("speaker_titles", {}).items()})  # fmt: skip


@dataclass(frozen=True)
class Media:
    """Media outlets: canonical name by alias, and one pattern that finds any alias."""

    version: str
    by_alias: dict[str, str]
    pattern: re.Pattern[str]
    generic: re.Pattern[str]
    lower: re.Pattern[str]  # ``pattern``, case-sensitive, for text lower-cased by ``_lower``
    # no alias holds . ! or ?, so no match crosses a sentence boundary: the matches of a zone,
    # cut by sentence, are those of each sentence (else each sentence is searched again)
    one_sentence: bool


@lru_cache(maxsize=1)
def load_media() -> Media:
    """The packaged ``data/media.toml`` (cached)."""
    data = _read_toml("media.toml")
    by_alias = {}
    for m in data["medium"]:
        for a in [m["name"], *m["aliases"]]:
            by_alias[" ".join(a.lower().split())] = m["name"]
    alts = sorted(by_alias, key=len, reverse=True)
    source = r"(?<!\w)(?:" + phrase_union(alts) + r")(?!\w)"
    generic = re.compile(
        r"\b(?:the|this|that)\s+(?:[A-Z]\w+\s+)?(?:"
        + "|".join(map(re.escape, data["generic"]))
        + r")\b"
    )
    return Media(str(data["version"]), by_alias, re.compile(source, re.IGNORECASE), generic,
                 re.compile(source), not any(c in a for a in by_alias for c in ".!?"))  # fmt: skip


@dataclass(frozen=True)
class _Dated:
    """The alias table, resolving role descriptions on the article's date."""

    table: AliasTable
    on: date | None

    def resolve(self, mention: str) -> str | None:
        return self.table.resolve(mention, on=self.on)  # memoised there

    @property
    def nationalities(self) -> dict[str, str]:
        return self.table.nationalities


@lru_cache(maxsize=1)
def _aliases() -> AliasTable:
    """The packaged alias table, read once per process."""
    from ..actors import load_aliases

    return load_aliases()
