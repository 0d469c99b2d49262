"""Attribution: who is reported as saying what, through which cue and which medium.

One row per attribution in the source-cue-content shape of PARC 3.0 (Pareti 2016) and PolNeAR:
``speaker`` (the canonical actor), ``cue`` (the reporting verb or phrase), ``content`` (what is
attributed), plus ``via`` (the medium the words came through). Rule-based, regular expressions
over the text, sentence by sentence inside the headline and body zones; direct quotations come
from :mod:`coverage_study.quotations` and are masked so that their inner punctuation never splits a
sentence.

Patterns recognised (``Q`` is a quotation, ``X`` a speaker mention, ``C`` reported content)
------------------------------------------------------------------------------------------
* ``Q, X said`` / ``Q X said`` / ``Q said X``: content is the sentence up to the end of the
  quotation (so ``China understands the “root causes ...,” Putin said`` is *mixed*);
* ``X said (that) C`` / ``X told Y (that) C`` / ``X stressed that C`` (any verb of
  ``data/reporting_verbs.toml``; time adjuncts between verb and ``that`` are skipped); content runs
  to the sentence end or to the clause of the next cue in the sentence;
* ``C, said X`` and ``C, X wrote.`` (content before, speaker after or at the end);
* ``According to X, C`` / ``As reported by X, C`` / ``As X wrote, C`` (and the same cues after
  the content);
* ``Q, the TASS agency quoted X as saying``: speaker ``X``, via TASS;
* ``..., recalling/insisting/stating that C``: a participle continues the speaker of the clause;
* ``X added`` etc. are ordinary cues (``neutral``);
* a paragraph that is nothing but a full quotation, with no cue, continues the speaker of the
  previous paragraph's quotation (cue empty);
* ``X cited by M`` / ``X quoted by M`` as a speaker mention (``sources cited by the newspaper``):
  the speaker is ``X`` (here anonymous), ``M`` the ``via``;
* a medium named in ``according to M``, ``as reported by M``, ``M reported`` (after another cue),
  ``offered/broadcast/cited/quoted by M``, or ``M quoted`` is not a speaker but the ``via`` of
  every other attribution of its sentence.

Speakers
--------
``speaker_mention`` is the text; ``speaker`` the canonical actor, in this order: an anonymous
source (a plural or vague head such as *sources*, *officials*, *diplomats*, *the press*, with no
name: ``unknown``, ``anonymous`` True); a medium from ``data/media.toml`` (``the newspaper`` is
the medium last named); ``he``/``she``: the subject (first person mentioned) of the nearest
preceding sentence that has one, in the same or the previous paragraph (``they``/``it`` are not
resolved: ``unknown``); the actor alias table (:func:`coverage_study.actors.load_aliases`, if
installed) on the mention, then on the name inside it; a surname: the full name with that surname
in the article; a role description (``the Russian president``): the one person of the article
whose title or apposition has the same nationality and role, or, for a generic role (official,
diplomat), the one person of that nationality who is not a head of state; otherwise ``unknown``.
A conjoined speaker (``Xi Jinping and Putin``) gives both, joined by ``; ``. Never a guess: more
than one candidate is ``unknown``.

Not counted: verbs of cognition or plan (*consider*, *plan*, *promise*), *favoured*, *met*,
*informed*; attributions nested inside another's content are not separate rows (``Reuters
recalls that the US warned Beijing ...`` gives Reuters, not the US) unless their own sentence
has the cue; quotations with no cue other than a continuation (headline quotations) have no
attribution.
"""

from __future__ import annotations

import re
import unicodedata
from bisect import bisect_left
from dataclasses import dataclass, field
from datetime import date
from functools import lru_cache
from typing import TYPE_CHECKING

import pandas as pd

from ._regex import phrase_union
from .datafiles import read_toml
from .quotations import unattributed_quotes
from .spans import nfc_offsets

if TYPE_CHECKING:  # actors is imported when needed (see attributions)
    from .actors import AliasTable

__all__ = [
    "ATTRIBUTION_COLUMNS",
    "attach_to_quotes",
    "attributions",
    "load_media",
    "load_reporting_verbs",
]

ATTRIBUTION_COLUMNS = [
    "article_id", "speaker", "speaker_mention", "speaker_start", "speaker_end", "cue",
    "cue_start", "cue_end", "cue_category", "content_start", "content_end", "direct", "mode",
    "anonymous", "via",
]  # fmt: skip

MASK = "\x01"


# --- data files ----------------------------------------------------------------------------------
def _read_toml(name: str) -> dict:
    return read_toml(None, name, need_version=False)[0]


@dataclass(frozen=True)
class Verbs:
    """Reporting verbs: ``form -> (lemma, category)`` and the speaker word lists."""

    version: str
    forms: dict[str, tuple[str, str]]
    speakers: dict[str, frozenset[str]]
    pattern: re.Pattern[str]
    lower: re.Pattern[str]  # the same, case-sensitive, for text lower-cased by ``_lower``
    np_words: frozenset[str]  # lower-case words a speaker phrase may hold (_np_before)


@lru_cache(maxsize=1)
def load_reporting_verbs() -> Verbs:
    """The packaged ``data/reporting_verbs.toml`` (cached)."""
    data = _read_toml("reporting_verbs.toml")
    forms: dict[str, tuple[str, str]] = {}
    for category, entry in data["category"].items():
        for lemma, words in entry["verbs"].items():
            for w in words:
                forms[" ".join(w.lower().split())] = (lemma, category)
    alts = sorted(forms, key=len, reverse=True)
    # = (?<![\w’'])(?:alt|alt|...)(?![\w’']) with alts longest first, as a trie (_regex)
    source = phrase_union(alts, not_after=r"[\w’']") + r"(?![\w’'])"
    speakers = {k: frozenset(v) for k, v in data["speakers"].items()}
    np_words = frozenset(
        {"of", "the", "a", "an"} | speakers["person_roles"] | speakers["anonymous_heads"]
    )
    # case-sensitive, the look-behind first is faster (the trick above pays under IGNORECASE)
    lower = re.compile(r"(?<![\w’'])(?:" + phrase_union(alts) + r")(?![\w’'])")
    return Verbs(str(data["version"]), forms, speakers, re.compile(source, re.IGNORECASE),
                 lower, np_words)  # fmt: skip


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
def _aliases():
    """The packaged alias table, read once per process."""
    from .actors import load_aliases

    return load_aliases()


# --- text helpers --------------------------------------------------------------------------------
_SENT_SPLIT = re.compile(r"(?<=[.!?])\s+(?=[A-Z\x01“\"(])|(?<=\x01)\s*[.!?]\s+(?=[A-Z\x01])")
# the same splits, found twice as fast: the character before the split is matched, not looked
# behind at (so each match starts one character early; no match can start inside the previous)
_SENT_SPLIT_FAST = re.compile(r"[.!?]\s+(?=[A-Z\x01“\"(])|\x01\s*[.!?]\s+(?=[A-Z\x01])")
_ABBREV = re.compile(r"(?:\b[A-Z]\.|\b(?:Mr|Mrs|Ms|Dr|St|Gen|Col|Sen|Rep|Gov|Prof|No)\.)$")
_TOKEN = re.compile(r"[\w’'\-.]+|\x01+")
_CAP_RUN = re.compile(r"[A-ZÀ-ÞČŠŽ][\w\-]*(?:[’']s)?(?:\s+(?:[A-ZÀ-ÞČŠŽ][\w\-]*(?:[’']s)?|I))*")
# the runs of _CAP_RUN with two tokens or more, at the same places: a search that fails on a
# one-token run fails at every later start inside that token too (the token and what follows
# it are the same), so finditer goes on where _CAP_RUN's would
_CAP_RUN2 = re.compile(r"[A-ZÀ-ÞČŠŽ][\w\-]*(?:[’']s)?(?:\s+(?:[A-ZÀ-ÞČŠŽ][\w\-]*(?:[’']s)?|I))+")
_ROLE_NP = None  # built lazily from the verbs file
_THAT = re.compile(r"^(?:[^\x01.,;]{0,80}?)\bthat\s+")
_SKIP_AFTER_CUE = re.compile(
    r"^(?:\s*(?:on\s+\w+day|at\s+the\s+time|today|yesterday|also|again|recently|later|"
    r"in\s+a\s+statement|over\s+the\s+weekend))*\s*"
)
_TRAIL_WORDS = ("also|today|yesterday|then|recently|later|has|have|had|was|were|is|are|will|would|"
                "once|again|already|now|however|further|repeatedly")
_TRAIL_ADV = re.compile(rf"(?:\s+(?:{_TRAIL_WORDS}))+\s*$", re.IGNORECASE)
_TRAIL_SET = frozenset(_TRAIL_WORDS.split("|"))  # _TRAIL_ADV can match only if the last word is one
_LEAD = re.compile(
    r"^(?:however|but|and|so|yet|also|since\s+then|then|to\s+whom|whom|who|which)\b[\s,]*",
    re.IGNORECASE,
)
_DETERMINER = re.compile(
    r"\b(?:his|her|its|their|the|a|an|this|that|these|those|our|my|your)\s+$", re.IGNORECASE
)
_QUOTED_AS = re.compile(r"^\s+(.{1,80}?)\s+as\s+(?:saying|\w+ing|\w+)\b")
_VIA_BY = re.compile(
    r"\b(?:offered|broadcast|aired|published|carried|cited|quoted)\s+by\s+$", re.IGNORECASE
)
_NOT_LEADING = re.compile(r"[^ \x01“\"(,]")  # text before a capitalised cue: it is mid-sentence
_AS_END = re.compile(r"\bas\s+$")
_TAIL = 200  # characters before a cue that the end-anchored checks read
_BY_NEXT = re.compile(r"\s+by\b")  # matched at the cue's end (not on a slice of the rest)
_WHAT_REPORTED = re.compile(
    r"^(?:what\s+(?:was|has\s+been)\s+(?:reported|said|published)\s+by\s+)", re.IGNORECASE
)
# "sources cited by the newspaper", "officials quoted by Reuters": a speaker and the medium
# that carried the words (the mention is cut at the last "cited by"/"quoted by")
_CITED_BY = re.compile(r"(.+)\s+(?:cited|quoted)\s+by\s+(\S.*)", re.IGNORECASE | re.DOTALL)
_APPOS_AFTER = re.compile(r",\s+((?:the|a|an)\s+[^,\x01]{0,80})")
_CAP_SPLIT = re.compile(r"\s+(?=[A-Z])")
_APPOS_BEFORE = re.compile(r"\b((?:the|a|an)\s+[^,\x01]{0,80}),\s*$")
_ARTICLE_LEAD = re.compile(r"^(?:the|a|an|some|several|many)\s+")
_AND_SPLIT = re.compile(r"\s+and\s+")
_PROPER = re.compile(r"[A-Z][\w\-’']*(?:\s+[A-Z][\w\-’']*)*")
_SEG = re.compile(r"[^,;\x01]+")
_SPACES = re.compile(r"\s*")
_BUT_AND_END = re.compile(r"\b(?:but|and)$", re.IGNORECASE)
_NONSPACE = re.compile(r"\S+")
_NP_AFTER = re.compile(r"\s*([^\x01;]+?)(?=,\s*who\b|,\s*which\b|\s+when\b|[.;]\s*$|$|\s+as\s)")
_NP_ACCORDING = re.compile(r"\s*([^,\x01]+?)(?=,|\.\s*$|$)")
_IN_ON_AT = re.compile(r"(?:In|On|At)\b[^,]*")
_SPACE_COMMA = re.compile(r"[\s,]*")
_NO_MASK = re.compile(r"[^\x01]*")
_SHORT_NP = re.compile(r"[\s,]*[^,\x01]{1,80}")
_SPACE_DOT = re.compile(r"[\s.]*")
_DET_OR_CAP = re.compile(r"\s+(?:the|a|an)\b|\s+[A-Z]")
_END_PUNCT = re.compile(r"\s*[.!?]?\s*")
_AS_LEAD = re.compile(r"\s*As\s+", re.IGNORECASE)  # the speaker starts at its end


_FOLD = str.maketrans({"İ": "i", "ı": "i", "ſ": "s"})


def _lower(text: str) -> str | None:
    """``text`` such that a case-sensitive pattern of lower-case ASCII phrases finds in it what
    the same pattern with ``re.IGNORECASE`` finds in ``text``, at the same offsets: lower-cased,
    with the three letters ``re.IGNORECASE`` also equates with ASCII ``i`` and ``s`` (İ, ı, ſ)
    folded. None where lower-casing would change the length (then the slow pattern is used)."""
    if "İ" in text or "ı" in text or "ſ" in text:
        text = text.translate(_FOLD)
    low = text.lower()
    return low if len(low) == len(text) else None


def _find(art: _Article, lower: re.Pattern[str], pattern: re.Pattern[str], s: int, e: int
          ) -> list[tuple[int, int]]:  # fmt: skip
    """Spans of ``pattern`` (case-insensitive) in ``art.masked[s:e]``, found with its
    case-sensitive twin ``lower`` on the lower-cased text (four times faster)."""
    if art.low is not None:
        return [m.span() for m in lower.finditer(art.low, s, e)]
    return [m.span() for m in pattern.finditer(art.masked, s, e)]


def _within(spans: list[tuple[int, int]], s: int, e: int) -> list[tuple[int, int]]:
    """The sorted ``spans`` that start in ``[s, e)``."""
    return spans[bisect_left(spans, (s, -1)) : bisect_left(spans, (e, -1))]


def _mask(text: str, spans: list[tuple[int, int]]) -> str:
    parts, cursor = [], 0
    for s, e in sorted(spans):
        parts.append(text[cursor:s])
        parts.append(MASK * (e - s))
        cursor = e
    parts.append(text[cursor:])
    return "".join(parts)


def _sentences(masked: str, start: int, end: int) -> list[tuple[int, int]]:
    if start and masked[start - 1] in ".!?\x01":  # a split may lean on the character before
        splits = [m.span() for m in _SENT_SPLIT.finditer(masked, start, end)]
    else:
        splits = [(m.start() + 1, m.end()) for m in _SENT_SPLIT_FAST.finditer(masked, start, end)]
    out: list[tuple[int, int]] = []
    cursor = start
    for a, b in splits:
        # an abbreviation ends at the split: at most 6 characters back ("Prof." and a newline)
        if _ABBREV.search(masked, max(cursor, a - 7), a):
            continue
        out.append((cursor, a))
        cursor = b
    out.append((cursor, end))
    return [(s, e) for s, e in out if s < e]


def _strip_span(text: str, s: int, e: int, chars: str = " ,;:.\t\n") -> tuple[int, int]:
    while s < e and text[s] in chars:
        s += 1
    while e > s and text[e - 1] in chars:
        e -= 1
    return s, e


# --- speakers ------------------------------------------------------------------------------------
@dataclass
class _Person:
    name: str
    words: set[str] = field(default_factory=set)


@dataclass
class _Article:
    text: str
    masked: str
    low: str | None  # ``masked`` lower-cased for the case-sensitive patterns (``_lower``)
    people: dict[str, _Person] = field(default_factory=dict)  # full name -> person
    surnames: dict[str, str] = field(default_factory=dict)  # surname -> full name
    media_seen: list[tuple[int, str]] = field(default_factory=list)  # (position, medium)
    media_spans: list[tuple[int, int]] = field(default_factory=list)  # sorted
    cue_spans: list[tuple[int, int]] = field(default_factory=list)  # reporting verbs, sorted
    # the sentences read so far: (start, end, paragraph, (speaker, speaker_start) of its first
    # named attribution or None); their subjects are found when a pronoun needs one (_subject)
    subjects: list[tuple[int, int, int, tuple[str, int | None] | None]] = field(
        default_factory=list
    )
    subject_names: dict[int, str | None] = field(default_factory=dict)
    context: tuple = ()  # (verbs, media, aliases)
    canon: dict[str, set[str]] | None = None  # built by _role_resolve once people are known
    named: dict[str, tuple[str, bool, None]] = field(default_factory=dict)  # _named_speaker's
    depth: int = 0  # nesting of _subject calls


def _name_part(run: str, words: frozenset[str]) -> tuple[list[str], list[str]]:
    """Split a capitalised run into title tokens (in ``not_name``) and name tokens."""
    tokens = run.split()
    i = 0
    while i < len(tokens) and tokens[i] in words:
        i += 1
    title, name = tokens[:i], tokens[i:]
    # a name never contains a not_name word; cut at the first one
    for j, t in enumerate(name):
        if t in words:
            return title, name[:j]
    return title, name


def _clean_token(t: str) -> str:
    # a possessive "’s" off (a token has no newline)
    return t[:-2] if t.endswith(("’s", "'s")) else t


def _collect_people(art: _Article, zones: list[tuple[int, int]], verbs: Verbs) -> None:
    """Full names with the words of their title and apposition (for role descriptions)."""
    not_name = verbs.speakers["not_name"]
    nat = verbs.speakers["nationalities"]
    title_words = verbs.speakers["person_roles"] | nat
    for zs, ze in zones:
        seg = art.masked[zs:ze]
        for m in _CAP_RUN2.finditer(seg):  # one token is fewer than two name tokens: skipped
            run = m.group()
            title, name = _name_part(run, not_name)
            name = [_clean_token(t) for t in name]
            if len(name) < 2 and not (len(name) == 1 and title and name[0] not in art.surnames):
                continue
            if len(name) < 1:
                continue
            full = " ".join(name)
            if len(name) == 1:
                continue  # "Adviser Wang": kept only as a title hint below
            person = art.people.setdefault(full, _Person(full))
            art.surnames.setdefault(name[-1], full)
            art.surnames.setdefault(name[0], full) if name[0] not in nat else None
            words = {t.lower() for t in title}
            # lower-case title words just before the run ("Kremlin spokesman Dmitry Peskov")
            before = seg[max(0, m.start() - 60) : m.start()]
            for w in reversed(before.split(",")[-1].lower().split()):
                if w not in title_words:
                    break
                words.add(w)
            # apposition after: "Wang Yi, a former foreign minister who ..."
            after = _APPOS_AFTER.match(seg, m.end())  # not on a slice: linear in the paragraph
            if after:
                words |= set(_CAP_SPLIT.split(after.group(1))[0].lower().split())
            # apposition before: "a high-ranking official of Chinese diplomacy, Wang I"
            # (the pattern ends in ",\s*")
            ap = _APPOS_BEFORE.search(before) if before.rstrip().endswith(",") else None
            if ap:
                words |= set(ap.group(1).lower().split())
            person.words |= words


def _resolve_name(tokens: list[str], art: _Article, aliases) -> str | None:
    if not tokens:
        return None
    full = " ".join(tokens)
    if len(tokens) == 1:
        full = art.surnames.get(tokens[0], "")
        if not full:
            r = aliases.resolve(tokens[0]) if aliases else None
            return r
    r = aliases.resolve(full) if aliases else None
    return r or full


def _role_resolve(mention: str, art: _Article, verbs: Verbs, aliases) -> str | None:
    words = set(mention.lower().replace("’s", "").replace("'s", "").split())
    nats = words & verbs.speakers["nationalities"]
    roles = words & verbs.speakers["person_roles"]
    if not roles:
        return None
    canon = art.canon
    if canon is None:  # the article's people by canonical name, with their title words
        canon = art.canon = {}
        nationality = aliases.nationalities if aliases else {}
        for p in art.people.values():
            c = _resolve_name(p.name.split(), art, aliases) or p.name
            canon.setdefault(c, set()).update(p.words)
            if c in nationality:  # the alias table knows what the article may not say
                canon[c].add(nationality[c])
    exact = [c for c, w in canon.items() if roles <= w and nats <= w]
    if len(exact) == 1:
        return exact[0]
    if roles & verbs.speakers["generic_roles"] and nats:
        hos = verbs.speakers["head_of_state_roles"]
        others = verbs.speakers["nationalities"] - nats
        cand = [c for c, w in canon.items() if not (w & hos) and not (w & others)]
        with_nat = [c for c in cand if nats <= canon[c]]
        if len(with_nat) == 1:
            return with_nat[0]
        if not with_nat and len(cand) == 1:
            return cand[0]
    return None


def _speaker(mention: str, pos: int, para: int, art: _Article, verbs: Verbs, media: Media, aliases,
             upto: int | None = None) -> tuple[str, bool, str | None]:  # fmt: skip
    """(speaker, anonymous, medium) for a mention at ``pos``; a pronoun is resolved on the
    subjects of the sentences before sentence ``upto`` (default: all read so far)."""
    sp = verbs.speakers
    m = _WHAT_REPORTED.sub("", mention.strip())
    cited = _CITED_BY.fullmatch(m) if " by" in m else None
    if cited:
        speaker, anonymous, _ = _speaker(cited.group(1), pos, para, art, verbs, media, aliases,
                                         upto)  # fmt: skip
        by = _speaker(cited.group(2), pos, para, art, verbs, media, aliases, upto)
        return speaker, anonymous, by[2]  # the medium, if the "by" part is one
    low = m.lower()
    bare = _ARTICLE_LEAD.sub("", low)
    med = media.pattern.search(m)
    if med:
        name = media.by_alias[" ".join(med.group().lower().split())]
        return name, False, name
    if media.generic.search(m) and art.media_seen:
        before = [n for p, n in art.media_seen if p < pos]
        if before:
            return before[-1], False, before[-1]
    if bare in sp["pronouns_male"] or bare in sp["pronouns_female"]:
        for j in range((len(art.subjects) if upto is None else upto) - 1, -1, -1):
            s_start, _, s_para, _ = art.subjects[j]
            if s_start >= pos:
                continue
            if s_para < para - 1:
                break
            subj = _subject(art, j)
            if subj:
                return subj, False, None
        return "unknown", False, None
    if bare in sp["pronouns_other"]:
        return "unknown", False, None
    if " and " in m:
        parts = [p for p in _AND_SPLIT.split(m) if p]
        got = [_speaker(p, pos, para, art, verbs, media, aliases, upto)[0] for p in parts]
        if all(g != "unknown" for g in got):
            return "; ".join(got), False, None
        return "unknown", False, None
    named = art.named.get(m)
    if named is None:
        named = art.named[m] = _named_speaker(m, bare, art, verbs, aliases)
    return named


def _named_speaker(
    m: str, bare: str, art: _Article, verbs: Verbs, aliases
) -> tuple[str, bool, None]:
    """The rest of :func:`_speaker`: what does not depend on where the mention is (remembered
    per article by mention)."""
    sp = verbs.speakers
    r = aliases.resolve(m) if aliases else None
    if r:
        return r, False, None
    runs = [_name_part(x.group(), sp["not_name"]) for x in _CAP_RUN.finditer(m)]
    names = [[_clean_token(t) for t in n] for _, n in runs if n]
    names = [
        n for n in names
        if len(n) > 1 or n[0] in art.surnames or (aliases and aliases.resolve(n[0]))
    ]  # fmt: skip
    words = bare.split()
    heads = sp["anonymous_heads"]
    if not names and words and (words[-1] in heads or words[0] in heads):
        return "unknown", True, None
    for n in names:
        got = _resolve_name(n, art, aliases)
        if got:
            return got, False, None
    role = _role_resolve(m, art, verbs, aliases)
    if role:
        return role, False, None
    if m[:1].isupper() and bare.split()[0:1] != ["the"] and _PROPER.fullmatch(m):
        return m, False, None  # a proper name the alias table does not know (China, Beijing)
    return "unknown", False, None


@lru_cache(maxsize=4)
def _role_pattern(person_roles: frozenset[str]) -> re.Pattern[str]:
    roles = "|".join(sorted(map(re.escape, person_roles), key=len, reverse=True))
    return re.compile(
        rf"\b(?:[Tt]he|[Aa]n?)\s+(?:[\w\-’']+\s+){{0,3}}?(?:{roles})\b|\b(?:[Hh]e|[Ss]he)\b"
    )


def _subject(art: _Article, j: int) -> str | None:
    """The person sentence ``j`` is about, for ``he``/``she`` in a later sentence: its first
    person mention resolved, or the speaker of its first named attribution when that comes
    first. Found on demand (most sentences are never asked) and remembered; the result is the
    same as computing every sentence's subject in reading order."""
    names = art.subject_names
    if j in names:
        return names[j]
    if art.depth >= 50:  # a long chain of he/she subjects: fill in reading order, no recursion
        for i in range(j):
            if i not in names:
                names[i] = _subject_of(art, i)
    art.depth += 1
    try:
        names[j] = _subject_of(art, j)
    finally:
        art.depth -= 1
    return names[j]


def _subject_of(art: _Article, j: int) -> str | None:
    s, e, para, first = art.subjects[j]
    verbs, media, aliases = art.context
    subj = _subject_mention(art, s, e, verbs)
    if first is not None and not (subj and subj[0] < (first[1] or e)):
        return first[0]
    if not subj:
        return None
    name = _speaker(subj[1], subj[0], para, art, verbs, media, aliases, upto=j)[0]
    return None if name == "unknown" else name


def _subject_mention(art: _Article, s: int, e: int, verbs: Verbs) -> tuple[int, str] | None:
    """The first person mention of a sentence (name, surname, role description or he/she)."""
    seg = art.masked[s:e]
    best: tuple[int, str] | None = None
    for m in _CAP_RUN.finditer(seg):
        _, name = _name_part(m.group(), verbs.speakers["not_name"])
        name = [_clean_token(t) for t in name]
        if (len(name) >= 2 and " ".join(name) in art.people) or (
            len(name) == 1 and name[0] in art.surnames
        ):
            best = (s + m.start(), m.group())
            break
    r = _role_pattern(verbs.speakers["person_roles"]).search(seg)
    if r and (best is None or s + r.start() < best[0]):
        best = (s + r.start(), r.group())
    return best


# --- extraction ----------------------------------------------------------------------------------
def _np_before(
    masked: str, text: str, s: int, cue_start: int, verbs: Verbs
) -> tuple[int, int] | None:
    """The speaker mention before a cue, within the sentence ``[s, cue_start)``."""
    q = masked.rfind(MASK, s, cue_start)
    base = s if q < 0 else q + 1
    last = _last_segment(masked, base, cue_start)
    if last is None:
        return None
    a, b = last
    # "..., Jens Stoltenberg, said": the segment right before the verb is empty
    gap = masked[b:cue_start]
    if _SPACES.fullmatch(gap.replace(",", "")) and gap.strip().startswith(","):
        # verb right after a comma: the last segment holding a name, or the first of the clause
        # (_SEG has no anchor or look-around: matching in place = matching the slice)
        segs = [m.span() for m in _SEG.finditer(masked, base, cue_start) if m.group().strip()]
        named = [
            (x, y) for x, y in segs
            if _CAP_RUN.search(masked[x:y]) and _has_name(masked[x:y], verbs)
        ]  # fmt: skip
        a, b = named[-1] if named else segs[0]
    a, b = _strip_span(masked, a, b, " \t")
    seg = masked[a:b]
    last_word = seg.rsplit(None, 1)[-1:]  # \s is str.isspace: the same words
    seg2 = _TRAIL_ADV.sub("", seg) if last_word and _lower(last_word[0]) in _TRAIL_SET else seg
    b = a + len(seg2)
    lead = _LEAD.match(seg2)
    if lead:
        a += lead.end()
    seg = masked[a:b]
    if not seg.strip():
        return None
    if seg.rstrip()[-3:].lower() in ("but", "and") and _BUT_AND_END.search(seg.strip()):
        # "X rejected ... but stressed": the subject of the clause
        m = _CAP_RUN.match(masked, a)
        return (m.start(), m.end()) if m else None
    tokens = list(_NONSPACE.finditer(seg))
    if len(tokens) > 6:
        # backward scan: capitalised words, 'of', determiners and role words
        ok_lower = verbs.np_words
        k = len(tokens)
        while k > 0:
            t = tokens[k - 1].group()
            if t[:1].isupper() or t.lower() in ok_lower or t.lower() in {"high-ranking", "senior"}:
                k -= 1
            else:
                break
        if k == len(tokens):
            return None
        while k < len(tokens) and tokens[k].group().lower() in {"of"}:
            k += 1
        a = a + tokens[k].start()
    return (a, b)


def _last_segment(masked: str, base: int, end: int) -> tuple[int, int] | None:
    """The last match of ``_SEG`` in ``masked[base:end]`` that is not blank, found from the end
    (``[base, end)`` holds no quotation mask, so segments are cut at commas and semicolons)."""
    while end > base:
        k = max(masked.rfind(",", base, end), masked.rfind(";", base, end))
        start = base if k < 0 else k + 1
        if masked[start:end].strip():
            return start, end
        end = start - 1
    return None


def _has_name(seg: str, verbs: Verbs) -> bool:
    return any(_name_part(m.group(), verbs.speakers["not_name"])[1] for m in _CAP_RUN.finditer(seg))


def _np_after(masked: str, start: int, end: int) -> tuple[int, int] | None:
    m = _NP_AFTER.match(masked[start:end])
    if not m or not m.group(1).strip():
        return None
    a, b = start + m.start(1), start + m.end(1)
    # "a high-ranking official of Chinese diplomacy, Wang I": the name after the apposition
    parts = masked[a:b].rsplit(",", 1)
    if len(parts) == 2 and _CAP_RUN.fullmatch(parts[1].strip()):
        a = b - len(parts[1].lstrip())
    return _strip_span(masked, a, b)


def _article_rows(
    article_id: str,
    text: str,
    zones: list[tuple[str, int, int]],
    outer: list[tuple[int, int]],
    verbs: Verbs,
    media: Media,
    aliases,
) -> list[dict]:
    masked = _mask(text, outer)
    art = _Article(text, masked, _lower(masked), context=(verbs, media, aliases))
    _collect_people(art, [(s, e) for z, s, e in zones if z == "body"], verbs)
    found = [span for _, zs, ze in zones for span in _find(art, media.lower, media.pattern, zs, ze)]
    art.media_seen = [(a, media.by_alias[" ".join(masked[a:b].lower().split())]) for a, b in found]
    art.media_spans = sorted(found)
    # reporting verbs are letters and spaces: no match crosses a sentence boundary either
    art.cue_spans = sorted(
        span for _, zs, ze in zones for span in _find(art, verbs.lower, verbs.pattern, zs, ze)
    )
    rows: list[dict] = []
    prev_para_quote: dict | None = None
    for para, (zone, ps, pe) in enumerate(zones):
        para_rows: list[dict] = []
        for s, e in _sentences(masked, ps, pe):
            sent_rows = _sentence_rows(art, s, e, para, verbs, media, aliases)
            first = sent_rows[0] if sent_rows else None
            named = (first is not None and first["speaker"] != "unknown" and not first["anonymous"]
                     and first["via"] != first["speaker"])  # fmt: skip
            said = (  # "first is not None" repeats what named implies, for the type checker
                (first["speaker"], first["speaker_start"]) if named and first is not None else None
            )
            art.subjects.append((s, e, para, said))
            para_rows.extend(sent_rows)
        if zone == "body" and not para_rows:
            core = masked[ps:pe].strip().rstrip(".")
            if core and not core.strip(MASK) and prev_para_quote is not None:  # all quotation
                c = dict(prev_para_quote)
                c.update(
                    cue=None, cue_start=None, cue_end=None, cue_category=None,
                    speaker_start=None, speaker_end=None, content_start=ps, content_end=pe,
                    direct=True, mode="direct",
                )  # fmt: skip
                qs = [q for q in outer if ps <= q[0] < pe]
                c["content_start"], c["content_end"] = qs[0][0], qs[-1][1]
                para_rows.append(c)
        prev_para_quote = next((r for r in reversed(para_rows) if r["mode"] != "reported"), None)
        rows.extend(para_rows)
    for r in rows:
        r["article_id"] = article_id
    return rows


def _sentence_rows(
    art: _Article, s: int, e: int, para: int, verbs: Verbs, media: Media, aliases
) -> list[dict]:
    masked, text = art.masked, art.text
    cues = [(a, b) for a, b in _within(art.cue_spans, s, e) if _is_cue(masked, s, a, b)]
    rows: list[dict] = []
    vias: list[str] = []
    for i, (cs, ce) in enumerate(cues):
        form = " ".join(masked[cs:ce].lower().split())
        lemma, category = verbs.forms[form]
        if any(r["content_start"] <= cs < r["content_end"] for r in rows):
            continue  # nested in an earlier attribution's content
        nxt = cues[i + 1][0] if i + 1 < len(cues) else e
        others = len(cues) > 1
        sp: tuple[int, int] | None = None
        content: tuple[int, int] | None = None
        mention: str | None  # the speaker's words as written (None: no speaker found)
        if lemma in ("according_to", "as_reported_by"):
            np_m = _NP_ACCORDING.match(masked[ce:e])
            if not np_m:
                continue
            sp = (ce + np_m.start(1), ce + np_m.end(1))
            mention = masked[sp[0] : sp[1]]
            medium_m = media.pattern.search(mention)
            if medium_m and others and not _WHAT_REPORTED.match(mention):
                medium = medium_m.group()
                vias.append(media.by_alias[" ".join(medium.lower().split())])
                continue
            before = masked[s:cs].strip(" ,")
            content = (s, cs) if before and not _IN_ON_AT.fullmatch(before) else (sp[1], e)
        elif lemma == "quote":
            qa = _QUOTED_AS.match(masked[ce:e])
            if not qa:
                continue
            med_np = _np_before(masked, text, s, cs, verbs)
            if med_np and (mm := media.pattern.search(masked[med_np[0] : med_np[1]])):
                vias.append(media.by_alias[" ".join(mm.group().lower().split())])
            sp = (ce + qa.start(1), ce + qa.end(1))
            q = masked.rfind(MASK, s, cs)
            content = (s, q + 1) if q >= 0 else (ce + qa.end(), e)
        else:
            left = masked[s:cs]
            after_cue = masked[ce:e]
            q = left.rstrip(" ,").endswith(MASK)
            participle = form.endswith("ing") and left.rstrip().endswith(",")
            if participle:
                sp = None
                st = ce + _skip_after_cue(after_cue)
                th = _THAT.match(masked[st:nxt])
                st = st + th.end() if th else st
                content = (st, _cut_at_next(masked, st, nxt, e))
            elif q and _SPACE_COMMA.fullmatch(masked[s + len(left.rstrip(" ,")) : cs]):
                # "Q said X" (inverted) — or "Q, said X"
                content = (s, s + len(left.rstrip(" ,")))
                sp = _np_after(masked, ce, e)
            elif MASK in left and _NO_MASK.fullmatch(tail := left[left.rfind(MASK) + 1 :]) and (
                _SHORT_NP.fullmatch(tail)
            ):
                # "Q, X said": content is the sentence up to the quotation's end
                content = (s, s + left.rfind(MASK) + 1)
                sp = _np_before(masked, text, s, cs, verbs)
            elif left.rstrip().endswith(",") and not left.strip(" ,").endswith(MASK) and (
                _SPACE_DOT.fullmatch(after_cue) is None
            ) and _DET_OR_CAP.match(after_cue):
                # "C, said X"
                content = (s, s + len(left.rstrip(" ,")))
                sp = _np_after(masked, ce, e)
            elif _END_PUNCT.fullmatch(masked[ce:e]) and "," in left:
                # "C, X wrote." / "..., Reuters reported."
                sp = _np_before(masked, text, s, cs, verbs)
                if sp and (mm := media.pattern.search(masked[sp[0] : sp[1]])) and (rows or others):
                    vias.append(media.by_alias[" ".join(mm.group().lower().split())])
                    continue
                content = (s, masked.rfind(",", s, sp[0] if sp else cs))
            elif (as_lead := _AS_LEAD.match(left)) and after_cue.lstrip().startswith(","):
                sp = _strip_span(masked, s + as_lead.end(), cs)
                content = (ce + after_cue.index(",") + 1, e)
            else:
                sp = _np_before(masked, text, s, cs, verbs)
                if sp is None:
                    continue
                st = ce + _skip_after_cue(after_cue)
                th = _THAT.match(masked[st:nxt])
                st = st + th.end() if th else st
                content = (st, _cut_at_next(masked, st, nxt, e))
        if content is None:
            continue
        c0, c1 = _strip_span(masked, *content)
        if c1 <= c0:
            continue
        if sp is not None and rows and lemma in ("report", "write", "say"):
            mm = media.pattern.search(masked[sp[0] : sp[1]])
            if mm and mm.end() - mm.start() >= len(masked[sp[0] : sp[1]].strip()) - 12:
                vias.append(media.by_alias[" ".join(mm.group().lower().split())])
                continue  # "..., Reuters reported.": the medium of the sentence, not a speaker
        if sp is not None:
            sp = _strip_span(masked, *sp, chars=" ,;:.\t\n")
            mention = text[sp[0] : sp[1]]
            speaker, anonymous, med = _speaker(mention, sp[0], para, art, verbs, media, aliases)
        elif rows:
            last = rows[-1]
            speaker, anonymous, med = last["speaker"], last["anonymous"], None
            mention = last["speaker_mention"]
        else:
            subj = _subject_mention(art, s, cs, verbs) or (None, None)
            if subj[0] is None:
                speaker, anonymous, med, mention = "unknown", False, None, None
            else:
                mention = subj[1]
                speaker, anonymous, med = _speaker(
                    mention, subj[0], para, art, verbs, media, aliases
                )
        inside = masked.count(MASK, c0, c1)
        mode = "direct" if inside == c1 - c0 else "mixed" if inside else "reported"
        rows.append(
            {
                "speaker": speaker,
                "speaker_mention": mention,
                "speaker_start": sp[0] if sp else None,
                "speaker_end": sp[1] if sp else None,
                "cue": text[cs:ce],
                "cue_start": cs,
                "cue_end": ce,
                "cue_category": category,
                "content_start": c0,
                "content_end": c1,
                "direct": mode == "direct",
                "mode": mode,
                "anonymous": anonymous,
                "via": med,
            }
        )
    # a medium of the sentence ("according to Reuters", "Reuters reported", "offered by public
    # television") is the via of the sentence's other attributions
    if media.one_sentence:
        in_sentence = _within(art.media_spans, s, e)
    else:
        in_sentence = _find(art, media.lower, media.pattern, s, e)
    for a, b in in_sentence:
        if _VIA_BY.search(masked[s:a]):
            vias.append(media.by_alias[" ".join(masked[a:b].lower().split())])
    if vias:
        for r in rows:
            if r["via"] is None:
                r["via"] = vias[0]
    return rows


def _is_cue(masked: str, s: int, start: int, end: int) -> bool:
    """Not a cue: a capitalised word inside the sentence ("Secretary of State"), a noun after a
    determiner ("his claim"), a passive ("asked by journalists"), "as saying" after "quoted"."""
    word = masked[start:end]
    # the end-anchored checks look only at the tail before the cue: scanning the whole sentence
    # prefix for every cue was quadratic on long unpunctuated lines
    if word[:1].isupper() and _NOT_LEADING.search(masked, s, start):
        return False
    # "his claim", "as said": a word and the spaces before the cue (5 letters at most, then
    # the \b before them): search only there
    ws = start
    while ws > s and masked[ws - 1].isspace():
        ws -= 1
    tail = max(s, start - _TAIL, ws - 6)
    if _DETERMINER.search(masked, tail, start):
        return False
    if _BY_NEXT.match(masked, end) and (
        " ".join(word.lower().split()) not in ("as reported by", "as quoted by")
    ):
        return False
    return not _AS_END.search(masked, tail, start)


def _skip_after_cue(after_cue: str) -> int:
    """How many characters after a cue to skip: spaces and "on Monday", "also", ..."""
    m = _SKIP_AFTER_CUE.match(after_cue)
    assert m is not None  # every repeat is optional: it matches, if only the empty string
    return m.end()


def _cut_at_next(masked: str, st: int, nxt: int, e: int) -> int:
    """Content runs to the sentence end, or to the comma that opens the next cue's clause."""
    if nxt >= e:
        return e
    k = masked.rfind(",", st, nxt)
    return k if k > st else e


# --- public API ----------------------------------------------------------------------------------
def _rows_on_nfc(article_id, text, zones, quoted, verbs, media, dated) -> list[dict]:
    """:func:`_article_rows` on the NFC form of ``text``, offsets and strings of the stored text."""
    nfc, back, forth = nfc_offsets(text)
    rows = _article_rows(
        article_id, nfc, [(z, forth[s], forth[e]) for z, s, e in zones],
        [(forth[s], forth[e]) for s, e in quoted], verbs, media, dated,
    )  # fmt: skip
    for row in rows:
        for a, b in (("speaker_start", "speaker_end"), ("cue_start", "cue_end"),
                     ("content_start", "content_end")):  # fmt: skip
            if row.get(a) is not None:
                row[a], row[b] = back[row[a]], back[row[b]]
        if row.get("speaker_start") is not None:
            row["speaker_mention"] = text[row["speaker_start"] : row["speaker_end"]]
        if row.get("cue_start") is not None:
            row["cue"] = text[row["cue_start"] : row["cue_end"]]
    return rows


def attributions(
    corpus: pd.DataFrame,
    *,
    quotes_table: pd.DataFrame | None = None,
    warn: bool = True,
    aliases=None,
) -> pd.DataFrame:
    """One row per attribution (direct, mixed or reported) in the headline and body zones.

    Returns
    -------
    DataFrame
        ``article_id, speaker, speaker_mention, speaker_start, speaker_end, cue, cue_start,
        cue_end, cue_category, content_start, content_end, direct, mode, anonymous, via``.
        Offsets into ``text``; ``speaker_start/end`` missing where the speaker carries over
        (a participle clause, a continuing quotation paragraph), ``cue*`` missing for a
        continuing quotation paragraph. ``mode``: ``direct`` (the content is all inside quotation
        marks), ``mixed`` (partly), ``reported`` (no marks); ``direct`` is ``mode == 'direct'``.
        ``cue_category`` is a category of ``data/reporting_verbs.toml`` (neutral, distancing,
        endorsing, directive). ``speaker`` is a canonical actor, a medium, or ``unknown``.

    ``aliases``: the alias table that resolves speakers (an ``AliasTable`` or a path; default
    the packaged one), as in :func:`coverage_study.actor_table`.
    """
    verbs, media = load_reporting_verbs(), load_media()
    if aliases is None:
        aliases = _aliases()
    else:
        from .actors import AliasTable, load_aliases

        aliases = aliases if isinstance(aliases, AliasTable) else load_aliases(aliases)
    q = quotes_table if quotes_table is not None else unattributed_quotes(corpus, warn=warn)
    by_article: dict[str, list[tuple[int, int]]] = {}
    d0 = q[q["depth"] == 0]
    for aid, ms, me in zip(d0["article_id"], d0["mark_start"], d0["mark_end"], strict=True):
        by_article.setdefault(aid, []).append((int(ms), int(me)))
    rows: list[dict] = []
    days = corpus["published"].tolist() if "published" in corpus else [None] * len(corpus)
    dated_on: dict[object, _Dated] = {}
    columns = (corpus[c].tolist() for c in ("article_id", "text", "headline_span", "body_spans"))
    rows_in = zip(zip(*columns, strict=True), days, strict=True)
    for (article_id, text, headline, body), day in rows_in:
        zones = ([("headline", *headline)] if headline is not None else []) + [
            ("body", s, e) for s, e in body
        ]
        qa = by_article.get(article_id, [])
        key = None if pd.isna(day) else day
        if key not in dated_on:
            dated_on[key] = _Dated(aliases, None if key is None else pd.Timestamp(key).date())
        dated = dated_on[key]
        if unicodedata.is_normalized("NFC", text):
            rows.extend(_article_rows(article_id, text, zones, qa, verbs, media, dated))
        else:  # the rules read composed letters; offsets are mapped back to the stored text
            rows.extend(_rows_on_nfc(article_id, text, zones, qa, verbs, media, dated))
    table = pd.DataFrame(rows, columns=ATTRIBUTION_COLUMNS)
    offsets = ("speaker_start", "speaker_end", "cue_start", "cue_end", "content_start",
               "content_end")  # fmt: skip
    for c in offsets:
        table[c] = table[c].astype("Int64")
    table["direct"] = table["direct"].astype(bool)
    table["anonymous"] = table["anonymous"].astype(bool)
    return table


def attach_to_quotes(corpus: pd.DataFrame, table: pd.DataFrame) -> pd.DataFrame:
    """Fill ``speaker``, ``cue``, ``via`` of a quotes table from the attribution whose content
    contains the quotation (None where none does)."""
    att = attributions(corpus, quotes_table=table, warn=False)
    table = table.copy()
    by_article = dict(tuple(att.groupby("article_id"))) if len(att) else {}
    for i, r in table.iterrows():
        a = by_article.get(r["article_id"])
        if a is None:
            continue
        hit = a[(a["content_start"] <= r["mark_start"]) & (a["content_end"] >= r["mark_end"])]
        if len(hit):
            h = hit.iloc[0]
            table.at[i, "speaker"] = h["speaker"]
            table.at[i, "cue"] = h["cue"]
            table.at[i, "via"] = h["via"]
    return table
