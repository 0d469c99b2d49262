"""Names found in one article, without an alias table: people, organisations and places.

The per-article half of :mod:`coverage_study.components.discover`, which merges these names across
the corpus (the canonical actor and its kind).

What is found
    Runs of capitalised words in the headline and body zones, with initials ("Donald J.
    Trump"), name particles ("Charles de Gaulle", "Osama bin Laden") and possessives
    ("Trump's": the span covers "Trump"). Each run is cut at words that are never names
    (``stop`` in ``data/discover.toml``: "Neither", "But", "The", weekdays, months); its
    leading titles, party and role words are not part of the name ("Democrat Hillary
    Clinton", "Sen. Ted Cruz", "FBI Director James Comey": "FBI" is an organisation of its own,
    "James Comey" a person). A time stamp or credit glued to a name by scraping is cut off
    ("11:19PMDonald Trump" is "Donald Trump").

Within an article
    A surname, a title and surname ("Mr. Trump") or a first name alone refers to the full name
    seen in the same article ("Donald Trump"); if two full names share it ("Bill Clinton",
    "Hillary Clinton") to the one named more often there (:func:`_resolve`). Middle initials
    are folded in the article's key of a name ("Donald J. Trump" is "Donald Trump"; "Donald
    Trump Jr." stays apart: :func:`fold`).

Headlines
    A title-case zone (the headline, or a short paragraph whose words are all capitalised but
    "of", "the", "to" ...) is
    read name by name: a run there is a name only as far as it is a name found elsewhere in the
    article; its other words are read one by one as surnames ("Trump Says He Never Pledged
    ..." gives "Trump").
"""

from __future__ import annotations

import unicodedata

from ..text.spans import nfc_offsets
from .name_words import (
    _ACRONYM,
    _INITIAL,
    _TOKENS,
    _WORD,
    ORGANISATION,
    PERSON,
    PLACE,
    UNKNOWN,
    ArticleActors,
    Found,
    Words,
    _contraction,
    _fold_found,
    _run_finder,
    _sentence_start,
    _surname,
    fold,
    load_words,
)

__all__ = ["ArticleActors", "Found", "Words", "fold", "load_words"]


_SMALL_WORDS = frozenset(
    {"a", "an", "the", "and", "but", "or", "nor", "for", "of", "to", "in", "on", "at", "by",
     "as", "vs", "vs.", "via", "with", "from", "up", "into", "over"}
)  # fmt: skip
"""Words a title-case headline leaves in lower case (AP and Chicago style)."""


def _title_case(text: str, s: int, e: int) -> bool:
    """Whether a zone is a title-case line: at least four words, all capitalised but the small
    words of :data:`_SMALL_WORDS` (a zone of 400 characters or more is a paragraph)."""
    if e - s >= 400:
        return False
    n = 0
    for m in _WORD.finditer(text, s, e):  # word by word: most paragraphs fail at their second
        word = m.group()
        if not (word[0].isupper() or word in _SMALL_WORDS):
            return False
        n += 1
    return n >= 4


Template = tuple[int, int, str, str, bool, bool]
"""A name of a run: ``start, end`` (from the run's start), ``name, kind, titled, single``."""

_RUNS_KEPT = 50_000
"""The runs a :class:`_Scanner` keeps the names of (then it forgets them all and starts anew)."""


class _Scanner:
    """Finds the names of one zone (see the module docstring).

    The names of a run of capitalised words depend on the run's text alone (its words are
    matched within it: nothing before or after it is read), so each run's names are found once
    and kept (:attr:`runs`, at most :data:`_RUNS_KEPT`): on PolNeAR a run's text is one seen
    before three times in four ("Donald Trump", "Clinton")."""

    def __init__(self, words: Words):
        self.w = words
        self.runs: dict[str, tuple[Template, ...]] = {}
        self.find = _run_finder(words.run)

    def zone(self, text: str, s: int, e: int) -> list[Found]:
        out: list[Found] = []
        stop, find, runs = self.w.stop, self.find, self.runs
        at = s  # where the last run ended: ``run.finditer(text, s, e)``, faster
        while True:
            m = find.search(text, at, e)
            if m is None:
                break
            rs, at = m.span(1)
            word = m.group(1)
            if word in stop:  # most runs: one capitalised word starting a sentence
                continue
            names = runs.get(word)
            if names is None:
                names = self._names(word)
                if len(runs) >= _RUNS_KEPT:
                    runs.clear()
                runs[word] = names
            first = True
            for fs, fe, name, kind, titled, single in names:
                f = Found(rs + fs, rs + fe, name, kind, titled, single)
                if first and fs == 0 and (rs == s or _sentence_start(text, max(s, rs - 8), rs)):
                    f.initial = True
                first = False
                out.append(f)
        return out

    def _names(self, word: str) -> tuple[Template, ...]:
        """The names of one run (``word``, its text), offsets from its start."""
        if " " not in word and "\u00a0" not in word and _TOKENS.fullmatch(word):
            tokens = [(0, len(word))]
        else:
            tokens = [(t.start(), t.end()) for t in _TOKENS.finditer(word)]
        out: list[Found] = []
        self._run(word, tokens, out)
        return tuple((f.start, f.end, f.name, f.kind, f.titled, f.single) for f in out)

    def _run(self, text: str, tokens: list[tuple[int, int]], out: list[Found]) -> None:
        """The names of one run of capitalised words (``tokens``: its words' spans)."""
        w = self.w
        segment: list[tuple[int, int]] = []
        for ts, te in tokens:
            tok = text[ts:te]
            # a time stamp or credit glued to the next name: cut off, and a new segment
            glued = w.glued_re.match(tok)
            if glued is not None and tok not in w.org_names:
                self._segment(text, segment, out)
                segment = [(ts + glued.end(), te)]
                continue
            # (a contraction has an apostrophe: most tokens need not be matched)
            apostrophe = "'" in tok or "’" in tok
            if tok in w.stop or (_contraction(tok) if apostrophe else "") in w.stop:
                if segment and tok in w.other_heads:  # "Super Tuesday": not a name
                    segment = []
                self._segment(text, segment, out)
                segment = []
                continue
            possessive = tok.endswith(("'s", "’s")) or (tok.endswith(("'", "’")) and len(tok) > 2)
            if possessive:
                te = te - 2 if tok.endswith("s") else te - 1
                segment.append((ts, te))
                self._segment(text, segment, out)
                segment = []
                continue
            segment.append((ts, te))
        self._segment(text, segment, out)

    def _segment(self, text: str, seg: list[tuple[int, int]], out: list[Found]) -> None:
        if not seg:
            return
        w = self.w
        words = [text[s:e] for s, e in seg]
        start, end = seg[0][0], seg[-1][1]
        whole = " ".join(text[start:end].split())
        last = words[-1]
        if whole in w.places:
            out.append(Found(start, end, whole, PLACE))
            return
        if whole in w.org_names or (len(words) >= 2 and last in w.org_heads):
            out.append(Found(start, end, whole, ORGANISATION))
            return
        if len(words) >= 2 and last in w.place_heads:
            out.append(Found(start, end, whole, PLACE))
            return
        if last in w.other_heads:
            return
        if last in w.titles:  # "US Secretary", "Democratic Party Chairman": no name after
            self._segment(text, seg[:-1], out)
            return
        # an organisation's name before a name ("Fox News Sean Hannity", "Senate Judiciary
        # Committee Chairman Chuck Grassley"): the organisation, then the rest
        for inner in range(1, len(words) - 2):
            if words[inner] in w.org_heads:
                org_end = seg[inner][1]
                org = " ".join(text[start:org_end].split())
                out.append(Found(start, org_end, org, ORGANISATION))
                self._segment(text, seg[inner + 1 :], out)
                return
        # the title block: the last title word with a name after it
        last_title = len(words) - 2
        while last_title >= 0 and words[last_title] not in w.titles:
            last_title -= 1
        if last_title >= 0:
            first_title = last_title
            while first_title > 0 and words[first_title - 1] in w.titles:
                first_title -= 1
            titled = False
            for t in words[first_title : last_title + 1]:
                if t in w.person_titles:
                    titled = True
                    break
            self._segment(text, seg[:first_title], out)  # "FBI" of "FBI Director James Comey"
            rest = seg[last_title + 1 :]
            self._name(text, rest, out, titled)
            return
        if len(words) == 1 and words[0] in w.titles:
            return
        self._name(text, seg, out, False)

    def _name(self, text: str, seg: list[tuple[int, int]], out: list[Found], titled: bool) -> None:
        if not seg:
            return
        w = self.w
        start, end = seg[0][0], seg[-1][1]
        name = " ".join(text[start:end].split())
        if name in w.places and not titled:
            out.append(Found(start, end, name, PLACE))
            return
        if len(seg) == 1:
            if name in w.org_names or (
                _ACRONYM.fullmatch(name) and name not in w.not_acronyms
            ):
                out.append(Found(start, end, name, ORGANISATION))
                return
            if _INITIAL.fullmatch(name) or name.isupper():
                return
            out.append(Found(start, end, name, PERSON if titled else UNKNOWN, titled, True))
            return
        if name.isupper():  # a shouted phrase, not a name
            return
        if not titled and text[start : seg[0][1]] in w.countries:  # "Afghanistan Veterans"
            out.append(Found(start, seg[0][1], text[start:seg[0][1]], PLACE))
            self._name(text, seg[1:], out, False)
            return
        out.append(Found(start, end, name, PERSON if titled else UNKNOWN, titled))


def _split_title_case(scan: _Scanner, found: list[Found], known: set[str], text: str
                      ) -> list[Found]:  # fmt: skip
    """In a title-case zone: each name of a person or of unknown kind cut into the names of
    ``known`` (the article's own, folded) and single words, each read again as a name."""
    out: list[Found] = []
    for f in found:
        if f.single or f.kind in (ORGANISATION, PLACE) or _fold_found(f.name) in known:
            out.append(f)
            continue
        spans = [(t.start(), t.end()) for t in _TOKENS.finditer(text, f.start, f.end)]
        i = 0
        while i < len(spans):
            for j in range(len(spans), i + 1, -1):
                s, e = spans[i][0], spans[j - 1][1]
                if _fold_found(" ".join(text[s:e].split())) in known:
                    out.append(Found(s, e, " ".join(text[s:e].split()), f.kind, f.titled))
                    i = j
                    break
            else:
                scan._name(text, spans[i : i + 1], out, f.titled)
                i += 1
    return out


_LAST: list[tuple[str, tuple[tuple[str, int, int], ...], ArticleActors]] = []


def _memo(scan: _Scanner, text: str, zones: tuple[tuple[str, int, int], ...]) -> ArticleActors:
    """:func:`_article` of the last article asked again (the mentions and the attributions
    read the same article one after the other in the one pass)."""
    last = _LAST[0] if _LAST else None  # read once: another thread may replace it
    if last is not None and last[0] is text and last[1] == zones:
        return last[2]
    got = _article(scan, text, zones)
    _LAST[:] = [(text, zones, got)]
    return got


def _article(scan: _Scanner, text: str, zones: tuple[tuple[str, int, int], ...]) -> ArticleActors:
    if not unicodedata.is_normalized("NFC", text):  # names are read in composed letters
        nfc, back, forth = nfc_offsets(text)
        got = _article(scan, nfc, tuple((z, forth[s], forth[e]) for z, s, e in zones))
        for f in got.all():
            f.start, f.end = back[f.start], back[f.end]
        return got
    raw = [(z, s, e, scan.zone(text, s, e), z == "headline" or _title_case(text, s, e))
           for z, s, e in zones]  # fmt: skip
    # the article's full names (from zones that are not title case), folded
    known = {_fold_found(f.name) for _, _, _, found, tc in raw if not tc for f in found
             if not f.single}  # fmt: skip
    zones_found = []
    for z, _, _, found, tc in raw:
        zones_found.append((z, _split_title_case(scan, found, known, text) if tc else found))
    got = ArticleActors(zones_found, known)
    _resolve(got, [tc for *_, tc in raw], text)
    return got


def _no_lower(text: str, key: str) -> bool:
    """Whether the first word of ``key`` is nowhere in ``text`` in lower case (so that at a
    sentence's start it is a name's word, not "Super" of "Super PACs" beside "super PACs").
    A word is where no word character (``\\w``: a letter, digit or underscore) touches it."""
    word = str.lower(key.split()[0])
    n = len(word)
    i = text.find(word)
    while i >= 0:
        j = i + n
        if not (i > 0 and _word_char(text[i - 1])) and not (j < len(text) and _word_char(text[j])):
            return False
        i = text.find(word, i + 1)
    return True


def _word_char(c: str) -> bool:
    """Whether ``c`` is a word character, as the regular expression ``\\w`` reads it."""
    return c.isalnum() or c == "_"


def _resolve(got: ArticleActors, title_case: list[bool], text: str) -> None:
    """Each name's article key: full names folded; a single word to the article's full name
    with that surname, or first name, the one named most often if several.

    A full name gives its surname and first name to the single words only where the article
    names it in a zone that is not title case and, if only at a sentence's start, its first
    word is nowhere in the article in lower case (a capitalised word before a name may be no
    name: "Super PACs" beside "super PACs"), and gives
    its first name only to a person: one with a title in the article or whose surname the
    article uses alone. A word in capitals that is the surname ("PENCE") is the person."""
    full: dict[str, int] = {}  # mentions per key
    kinds: dict[str, str] = {}
    defining: set[str] = set()
    titled: set[str] = set()
    for (_, found), tc in zip(got.zones, title_case, strict=True):
        for f in found:
            if not f.single:
                key = _fold_found(f.name) if f.kind in (PERSON, UNKNOWN) else f.name
                f.actor = key
                full[key] = full.get(key, 0) + 1
                kinds[key] = f.kind
                if not tc and (not f.initial or f.titled or _no_lower(text, key)):
                    defining.add(key)
                if f.titled:
                    titled.add(key)
    surname: dict[str, list[str]] = {}
    for key in full:
        parts = key.split()
        if len(parts) >= 2 and kinds[key] in (PERSON, UNKNOWN) and key in defining:
            surname.setdefault(_surname(parts), []).append(key)
    used = {k for (_, found), tc in zip(got.zones, title_case, strict=True) if not tc
            for f in found if f.single for k in surname.get(f.name, ())}  # fmt: skip
    first: dict[str, list[str]] = {}
    for ks in surname.values():
        for key in ks:
            if key in titled or key in used:
                first.setdefault(key.split()[0], []).append(key)
    for _, found in got.zones:
        for f in found:
            if f.kind == PLACE and f.name in surname:  # "Jackson" after "Andrew Jackson"
                f.single = True
            elif (
                f.kind == ORGANISATION
                and len(f.name) >= 4
                and f.name.isupper()
                and (f.name.title() in surname)
            ):
                f.single, f.name = True, f.name.title()
            if not f.single:
                continue
            options = surname.get(f.name)
            by_surname = bool(options)
            if not options and f.kind != PLACE:
                options = first.get(f.name) if f.name not in surname else None
            if options:
                if len(options) == 1:
                    f.actor = options[0]
                else:
                    f.actor = max(options, key=lambda k: (full[k], -options.index(k)))
                # a surname alone says a person; a first name alone says no more than its name
                f.kind = PERSON if by_surname or f.titled else kinds[f.actor]
                got.words[f.name] = f.actor
            else:
                f.actor = f.name
