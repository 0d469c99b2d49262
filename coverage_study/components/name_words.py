"""The word lists, name records and name keys of actor discovery.

:mod:`coverage_study.components.name_scan` finds one article's names with them and
:mod:`coverage_study.components.discover` merges them over the corpus: the kinds of a name, the
word lists of ``data/discover.toml`` and the places of ``data/places.toml`` (:class:`Words`),
a found name (:class:`Found`), an article's names (:class:`ArticleActors`), the key a name is
merged under (:func:`fold`) and a name's surname.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from dataclasses import dataclass, field
from functools import lru_cache
from typing import Any

from .. import _frozen
from ..datafiles import read_toml

__all__ = [
    "ORGANISATION", "PERSON", "PLACE", "UNKNOWN", "ArticleActors", "Found", "Words", "fold",
    "load_words",
]  # fmt: skip

PERSON, ORGANISATION, PLACE, UNKNOWN = "person", "organisation", "place", "unknown"

_UPPER = "A-ZÀ-ÖØ-ÞĀĂĄĆĈĊČĎĐĒĔĖĘĚĜĞĠĢĤĦĨĪĬĮİĴĶĹĻĽĿŁŃŅŇŊŌŎŐŒŔŖŘŚŜŞŠŢŤŦŨŪŬŮŰŲŴŶŸŹŻŽ"
_ABBREV = (
    "Mr|Mrs|Ms|Dr|Sen|Sens|Rep|Reps|Gov|Lt|Gen|Col|Capt|Sgt|Rev|Prof|Adm|Maj|Cmdr|Jr|Sr|St|Mt"
    "|Ft|Inc|Corp|Co|Ltd|Jan|Feb|Mar|Apr|Jun|Jul|Aug|Sept|Sep|Oct|Nov|Dec|Ave"
)
# a capitalised token: dotted acronym ("U.S."), abbreviation ("Sen."), initial ("J."), or a
# word with its hyphens and an apostrophe inside or after it ("O'Rourke", "Trump's", "Sanders'")
_TOKEN = (
    rf"(?:(?:[{_UPPER}]\.){{2,}}|(?:{_ABBREV})\.|[{_UPPER}]\.(?=\s)"
    rf"|[{_UPPER}](?:[\w\-\u0300-\u036f]|['’](?=\w))*(?:(?<=s)['’](?!\w))?)"
)
_GAP = r"[ \u00a0]+"
_TOKENS = re.compile(_TOKEN)
_INITIAL = re.compile(rf"[{_UPPER}]\.")
_ACRONYM = re.compile(r"(?:[A-Z]{2,6}|(?:[A-Z]\.){2,4})")
_CONTRACTION = re.compile(r"(\w+)['’](?:s|re|ll|ve|d|m|t)")


_SUFFIXES = frozenset({"Jr.", "Sr.", "Jr", "Sr", "II", "III", "IV"})
_WORD = re.compile(r"[^\W\d_][\w'’\-]*")
# what comes before a run at the start of a sentence, then white space (:func:`_sentence_start`)
_SENTENCE_END = frozenset('.!?:;"“”‘(\u2014\u2013\n')


def _run_finder(run: re.Pattern[str]) -> re.Pattern[str]:
    """A pattern whose search finds the next run of ``run`` (``Words.run``): its group 1.

    It opens with a capital (a character class lets the regex engine skip to the next capital
    in C; the run's pattern opens with look-behinds and is tried at every character), then
    looks back to that capital and matches the run there, in a look-ahead: the first position
    at or after the search's start where ``run.match`` succeeds, and the same span, found in
    one call (``run.finditer`` cost 0.31 ms an article on PolNeAR; a search for a capital
    that may start a run, then ``run.match`` there, 0.18 ms in two calls a run)."""
    return re.compile(rf"[{_UPPER}](?<=(?=({run.pattern}))[{_UPPER}])", run.flags)


@dataclass(frozen=True)
class Words:
    """The word lists of ``data/discover.toml`` and the places of ``data/places.toml``."""

    stop: frozenset[str]
    titles: frozenset[str]
    person_titles: frozenset[str]
    org_heads: frozenset[str]
    org_names: frozenset[str]
    place_heads: frozenset[str]
    other_heads: frozenset[str]
    not_acronyms: frozenset[str]
    glued_re: re.Pattern[str]
    particles: frozenset[str]
    camel_prefixes: frozenset[str]
    nicknames: dict[str, str]
    places: frozenset[str]
    countries: frozenset[str]  # and US states
    run: re.Pattern[str] = field(repr=False, compare=False)

    def __getstate__(self) -> dict[str, Any]:  # pickled field by field (_frozen says why)
        return _frozen.state(self)

    def __setstate__(self, values: dict[str, Any]) -> None:
        _frozen.restore(self, values)


@lru_cache(maxsize=1)
def load_words() -> Words:
    """The packaged word lists (read once per process)."""
    data, source, _ = read_toml(None, "discover.toml")
    places, _, _ = read_toml(None, "places.toml")
    lists: dict[str, frozenset[str]] = {}
    for key in ("stop", "titles", "person_titles", "org_heads", "org_names", "place_heads",
                "other_heads", "not_acronyms", "glued", "particles", "camel_prefixes"):  # fmt: skip
        values = data.get(key)
        if not isinstance(values, list) or not all(isinstance(v, str) for v in values):
            raise ValueError(f"{source}: '{key}' must be a list of strings")
        lists[key] = frozenset(values)
    where = [p for k in ("countries", "states", "cities") for p in places.get(k, [])]
    particles = "|".join(sorted(map(re.escape, lists["particles"]), key=len, reverse=True))
    glued = "|".join(sorted(map(re.escape, lists["glued"]), key=len, reverse=True))
    # (every run opens with a capital of _UPPER: _run_finder skips to those)
    run = re.compile(
        rf"(?<![^\W\d])(?<!['’.\-])(?:{_TOKEN})(?:{_GAP}(?:(?:{particles}){_GAP})*(?:{_TOKEN}))*"
    )
    return Words(
        lists["stop"], lists["titles"], lists["person_titles"], lists["org_heads"],
        lists["org_names"], lists["place_heads"], lists["other_heads"], lists["not_acronyms"],
        re.compile(rf"(?:{glued})(?=[A-Z][a-z])"), lists["particles"],
        lists["camel_prefixes"], _nicknames(data, source), frozenset(where),
        frozenset(p for k in ("countries", "states") for p in places.get(k, [])), run,
    )  # fmt: skip


def _nicknames(data: dict[str, object], source: str) -> dict[str, str]:
    """Casefolded nickname -> casefolded given name (``[nicknames]``: name = [nicknames])."""
    table = data.get("nicknames", {})
    if not isinstance(table, dict):
        raise ValueError(f"{source}: 'nicknames' must be a table of lists")
    out: dict[str, str] = {}
    for name, nicks in table.items():
        if not isinstance(nicks, list) or not all(isinstance(x, str) for x in nicks):
            raise ValueError(f"{source}: nicknames '{name}' must be a list of strings")
        out.update({str.casefold(x): str.casefold(name) for x in nicks})
    return out


def _contraction(token: str) -> str:
    """The word before a contraction ("It’s" -> "It"), else ``""``."""
    m = _CONTRACTION.fullmatch(token)
    return m.group(1) if m else ""


def fold(name: str) -> str:
    """The key a name is merged under: middle initials off, white space collapsed ("Donald J.
    Trump" -> "Donald Trump"; "J. K. Rowling" and "Donald Trump Jr." stay as they are)."""
    tokens = name.split()
    if len(tokens) >= 3:
        tokens = [t for i, t in enumerate(tokens)
                  if not (0 < i < len(tokens) - 1 and _INITIAL.fullmatch(t))]  # fmt: skip
    return " ".join(tokens)


def _sentence_start(text: str, lo: int, at: int) -> bool:
    """Whether ``text[lo:at]`` ends in a character of :data:`_SENTENCE_END` (a full stop, a
    quotation mark, a dash, a line break ...) and white space after it, if any."""
    i = at - 1
    while i >= lo and text[i].isspace():
        if text[i] == "\n":
            return True
        i -= 1
    return i >= lo and text[i] in _SENTENCE_END


def _fold_found(name: str) -> str:
    """:func:`fold` of a name as the scanner writes it (its words one space apart): a name of
    fewer than three words is its own key."""
    return name if name.count(" ") < 2 else fold(name)


def _surname(parts: list[str]) -> str:
    """The last word of a name that is not a suffix ("Trump" of "Donald Trump Jr.")."""
    for t in reversed(parts):
        if t not in _SUFFIXES:
            return t
    return parts[-1]


@dataclass
class Found:
    """One name found in an article: ``[start, end)`` into the text, ``name`` as written (the
    name's words only), its ``kind``, whether a person title stood before it (``titled``) and
    whether it is a single word still to be resolved (``single``)."""

    start: int
    end: int
    name: str
    kind: str
    titled: bool = False
    single: bool = False
    initial: bool = False  # at the start of a sentence (or of a zone)
    actor: str = ""  # the article's key of the actor (set by resolve)


@dataclass
class ArticleActors:
    """One article's names: the :class:`Found` in text order, zone by zone."""

    zones: list[tuple[str, list[Found]]]
    known: set[str] = field(default_factory=set)
    """The article's full names, folded (from its zones that are not title case)."""
    words: dict[str, str] = field(default_factory=dict)
    """A surname or first name -> the article's full name it refers to."""

    def all(self) -> Iterable[Found]:
        for _, found in self.zones:
            yield from found
