"""Who a speaker mention is: people named in the article, aliases, surnames, role descriptions,
``he``/``she`` (the subject of a preceding sentence), media and anonymous sources. Never a guess:
more than one candidate is ``unknown``."""

from __future__ import annotations

import re
from functools import lru_cache

from .article import _Article, _Person
from .lexicons import Media, Nations, Verbs, _Dated

# a run of capitalised words, with initials and "St."/"Jr." and name particles inside it
# ("Robert P. Casey Jr.", "St. Louis", "Ursula von der Leyen")
_TOKEN = r"(?:(?:[A-Z]|St|Jr|Sr|Mt|Ft)\.|[A-ZÀ-ÞČŠŽ][\w\-]*(?:[’']s)?)"
_PARTICLES = r"(?:(?:de|van|von|der|den|da|di|du|del|della|la|le|bin|al)\s+)*"
_CAP_RUN = re.compile(_TOKEN + r"(?:\s+" + _PARTICLES + r"(?:" + _TOKEN + r"|I))*")
# the runs of _CAP_RUN with two tokens or more, at the same places: a search that fails on a
# one-token run fails at every later start inside that token too (the token and what follows
# it are the same), so finditer goes on where _CAP_RUN's would
_CAP_RUN2 = re.compile(_TOKEN + r"(?:\s+" + _PARTICLES + r"(?:" + _TOKEN + r"|I))+")
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
# between a role description and the name in apposition to it ("the other candidate on the
# stage, former Secretary of State ...")
_NAMED_AFTER = re.compile(
    r"[^,.;:\x01]{0,60},\s+(?:(?:former|then|current|[A-Z][\w.’'-]*|of|the)\s+)*"
)
_AND_NAME = re.compile(r"\s+(?:and|&)\s+[A-Z]")  # "Ann Kerr and Mary Fox": two people
_PROPER = re.compile(r"[A-Z][\w\-’']*(?:\s+[A-Z][\w\-’']*)*")


def _name_part(run: str, verbs: Verbs) -> tuple[list[str], list[str]]:
    """Split a capitalised run into title tokens and name tokens. The title is what opens the
    run: words of ``not_name`` (time words, titles, "In", "According"), a country, demonym or
    capital (``Japanese``, ``Japan’s``, ``In Tokyo``; not one that is also a given name, as
    ``Jordan``), and a month that is also a name (``May``) after one of those (``In May``)."""
    sp = verbs.speakers
    words = sp["not_name"]
    tokens = run.split()
    i = 0
    while i < len(tokens):
        if tokens[i] in words or tokens[i] in _HONORIFICS or (
            i > 0 and tokens[i] in sp["date_names"]
        ):
            i += 1
            continue
        k = _place_len(tokens, i, verbs.nations)
        # a place alone is the name ("Costa Rica said", "Cuban said": Mark Cuban), unless it is
        # an adjective of two words or more ("South Korean")
        if not k or i + k >= len(tokens) and not (k > 1 and " ".join(
            str.lower(_clean_token(t)) for t in tokens[i:]) in verbs.nations.adjectives
        ):  # fmt: skip
            break
        i += k
    title, name = tokens[:i], tokens[i:]
    # a name never contains a not_name word; cut at the first one
    for j, t in enumerate(name):
        if t in words:
            return title, name[:j]
    return title, name


def _place_len(tokens: list[str], i: int, nations: Nations) -> int:
    """How many tokens from ``tokens[i]`` name a country, demonym or capital (0: none); a
    given name of the file (``Jordan``) alone is none."""
    if tokens[i] in nations.given_names:
        return 0
    for k in range(min(nations.longest, len(tokens) - i), 0, -1):
        key = " ".join(str.lower(_clean_token(t)) for t in tokens[i : i + k])
        if key in nations.by_word:
            return k
    return 0


# words after which an apposition speaks of other places ("the US ambassador to Japan")
_ELSEWHERE = frozenset({"to", "in", "at", "for", "from", "with", "who", "which", "that", "on"})


def _own_words(appos: str) -> list[str]:
    """The words of an apposition up to the first that turns to another place or clause."""
    out: list[str] = []
    for w in appos.split():
        if str.lower(w) in _ELSEWHERE:
            break
        out.append(w)
    return out


def _countries(tokens: list[str], nations: Nations) -> set[str]:
    """The countries (ISO codes, "EU") that words name: demonyms, country names, capitals, the
    longest phrase first ("south korean"), possessives off ("Japan’s"), case ignored."""
    low = [str.lower(_clean_token(t.strip(",.;:()"))) for t in tokens]
    out: set[str] = set()
    i = 0
    while i < len(low):
        step = 1
        for k in range(min(nations.longest, len(low) - i), 0, -1):
            code = nations.by_word.get(" ".join(low[i : i + k]))
            if code is not None:
                out.add(code)
                step = k
                break
        i += step
    return out


# the last word of an organisation's name ("the Tea Party Express", "Dallas Tea Party")
_ORG_HEADS = frozenset({
    "Party", "Committee", "Council", "Ministry", "Organization", "Alliance", "Federation",
    "Express", "Campaign", "Association", "Union", "Institute", "Foundation", "Center", "Centre",
    "Department", "Agency", "Court", "Commission", "Bureau", "Administration", "Caucus",
    "Coalition", "Network", "Project", "Fund", "Society", "League", "Club", "Group", "Board",
    "Corporation", "Company", "University", "College", "School", "Church", "Congress", "Senate",
})
# honorifics and titles before a name, not part of it ("Sen. Marco Rubio", "Mr. Reid")
_HONORIFICS = frozenset({
    "Mr.", "Mrs.", "Ms.", "Dr.", "Sen.", "Rep.", "Gov.", "Lt.", "Gen.", "Col.", "Capt.", "Sgt.",
    "Rev.", "Prof.", "Sens.", "Reps.", "Adm.", "Maj.", "Judge", "Justice", "Senator", "Governor",
    "Mayor", "Speaker", "Chairman", "Chairwoman", "Congressman", "Congresswoman", "Director",
    "Attorney", "General", "Sheriff", "Pastor", "Father", "Fr.", "Sir", "Lord", "Lady", "Rabbi",
})


def _run_name(run: str, verbs: Verbs) -> list[str]:
    """The name in a capitalised run: an organisation's whole name as written (leading *The* off)
    when the run ends in an organisation word; else the person after the last title word
    (``NAACP President Benjamin Todd Jealous`` -> ``Benjamin Todd Jealous``), honorifics off."""
    tokens = [_clean_token(t) for t in run.split()]
    if tokens and tokens[0] in ("The", "A", "An"):
        tokens = tokens[1:]
    if len(tokens) >= 2 and tokens[-1] in _ORG_HEADS:
        return tokens
    not_name, dates = verbs.speakers["not_name"], verbs.speakers["date_names"]
    cut: list[int] = []
    for i, t in enumerate(tokens):  # "In May Ann Cole": May is a date after "In"
        if t in not_name or t in _HONORIFICS or (t in dates and cut and cut[-1] == i - 1):
            cut.append(i)
    if cut and cut[-1] < len(tokens) - 1:
        return _name_part(" ".join(tokens[cut[-1] + 1 :]), verbs)[1]
    return _name_part(" ".join(tokens), verbs)[1]


def _clean_token(t: str) -> str:
    # a possessive "’s" off (a token has no newline)
    return t[:-2] if t.endswith(("’s", "'s", "’S", "'S")) else t


def _collect_people(art: _Article, zones: list[tuple[int, int]], verbs: Verbs) -> None:
    """Full names with the words of their title and apposition (for role descriptions) and the
    countries those words name (``Japanese Foreign Minister Taro Kono``, ``Taro Kono, Japan’s
    foreign minister``)."""
    nations = verbs.nations
    title_words = verbs.speakers["person_roles"] | nations.words
    titled: list[str] = []  # "Governor Kasich": one name after a title
    for zs, ze in zones:
        seg = art.masked[zs:ze]
        for m in _CAP_RUN2.finditer(seg):  # one token is fewer than two name tokens: skipped
            run = m.group()
            title, name = _name_part(run, verbs)
            name = [_clean_token(t) for t in name]
            if len(name) < 2 or _place_len(name, 0, nations) == len(name):
                if len(name) == 1 and any(t in _HONORIFICS for t in title):
                    titled.append(name[0])
                continue  # "Adviser Wang": one name token is no full name
            full = " ".join(name)
            person = art.people.setdefault(full, _Person(full))
            art.surnames.setdefault(name[-1], full)
            if str.lower(name[0]) not in nations.by_word:
                art.surnames.setdefault(name[0], full)
            words = {verbs.titles.get(t2, t2) for t in title if (t2 := str.lower(t))}
            countries = _countries(title, nations)
            # lower-case title words just before the run ("Kremlin spokesman Dmitry Peskov")
            before = seg[max(0, m.start() - 60) : m.start()]
            taken: list[str] = []
            for w in reversed(str.lower(before.split(",")[-1]).split()):
                w = verbs.titles.get(w, _clean_token(w))  # "sen." -> senator, "japan’s"
                if w not in title_words:
                    break
                taken.append(w)
            words.update(taken)
            countries |= _countries(taken[::-1], nations)
            # apposition after: "Wang Yi, a former foreign minister who ..."
            after = _APPOS_AFTER.match(seg, m.end())  # not on a slice: linear in the paragraph
            if after:
                appos = _CAP_SPLIT.split(after.group(1))[0].split()
                words |= {str.lower(t) for t in appos}
                countries |= _countries(_own_words(after.group(1)), nations)
            # apposition before: "a high-ranking official of Chinese diplomacy, Wang I"
            # (the pattern ends in ",\s*")
            ap = _APPOS_BEFORE.search(before) if before.rstrip().endswith(",") else None
            if ap:
                words |= set(str.lower(ap.group(1)).split())
                countries |= _countries(ap.group(1).split(), nations)
            person.words |= words
            person.countries |= countries
    for n in titled:  # a surname of a full name elsewhere in the article comes first
        art.surnames.setdefault(n, n)


def _resolve_name(tokens: list[str], art: _Article, aliases: _Dated | None) -> str | None:
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


def _role_resolve(mention: str, art: _Article, verbs: Verbs, aliases: _Dated | None) -> str | None:
    """The one person a role description singles out: the person of the article whose title or
    apposition holds its role words and its other capitalised words after the first ("the
    Vermont senator") and names its country ("the Japanese foreign minister"), or, for a
    generic role (official, diplomat) with a country, the one person of that country who is
    not a head of state. None (``unknown``) where no one or more than one fits: a person of no
    known country is never taken for "the Chinese official"."""
    tokens = str.lower(mention).replace("’s", "").replace("'s", "").split()
    words = set(tokens)
    roles = words & verbs.speakers["person_roles"]
    if not roles:
        return None
    nats = _countries(tokens, verbs.nations)
    # capitalised modifiers other than a country ("the Vermont senator", "the GOP candidate"):
    # the person's title or apposition must have them too
    mods = {
        str.lower(_clean_token(t)) for t in mention.split()[1:]
        if t[:1].isupper() and str.lower(_clean_token(t)) not in verbs.nations.by_word
    }  # fmt: skip
    canon, countries = art.canon, art.canon_countries
    if canon is None:  # the article's people by canonical name, with their title words
        canon = art.canon = {}
        nationality = aliases.nationalities if aliases else {}
        for p in art.people.values():
            c = _resolve_name(p.name.split(), art, aliases) or p.name
            canon.setdefault(c, set()).update(p.words)
            countries.setdefault(c, set()).update(p.countries)
            if c in nationality:  # the alias table knows what the article may not say
                countries[c] |= _countries(nationality[c].split(), verbs.nations)
    exact = [c for c, w in canon.items() if roles <= w and mods <= w and nats <= countries[c]]
    if len(exact) == 1:
        return exact[0]
    if roles & verbs.speakers["generic_roles"] and nats:
        hos = verbs.speakers["head_of_state_roles"]
        with_nat = [
            c for c, w in canon.items() if not (w & hos) and mods <= w and nats <= countries[c]
        ]
        if len(with_nat) == 1:
            return with_nat[0]
    return None


def _speaker(mention: str, pos: int, para: int, art: _Article, verbs: Verbs, media: Media,
             aliases: _Dated | None, upto: int | None = None
             ) -> tuple[str, bool, str | None]:  # fmt: skip
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
    low = str.lower(m)
    bare = _ARTICLE_LEAD.sub("", low)
    med = media.pattern.search(m)
    if med:
        name = media.by_alias[" ".join(str.lower(med.group()).split())]
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
            if subj == "":  # "Ann Kerr and Mary Fox met voters. She said": which of them?
                break
            if subj:
                return subj, False, None
        return "unknown", False, None
    if bare in sp["pronouns_other"]:
        return "unknown", False, None
    if " and " in m:
        parts = [p for p in _AND_SPLIT.split(m) if p]
        got = [_speaker(p, pos, para, art, verbs, media, aliases, upto)[0] for p in parts]
        if all(g != "unknown" for g in got):
            return "; ".join(dict.fromkeys(got)), False, None  # each person once
        if _CAP_RUN.search(m):  # "Democrats and some Republicans": the group as written
            return " ".join(m.split()), False, None
        return "unknown", False, None
    named = art.named.get(m)
    if named is None:
        named = art.named[m] = _named_speaker(m, bare, art, verbs, aliases)
    return named


_LOWER_NEXT = re.compile(r"\s+[a-z]")


def _adjectival(run: re.Match[str], text: str, verbs: Verbs) -> bool:
    """A run that ends in a demonym and goes on in a lower-case noun ("Senior American
    officials", "the Mexican government") describes; it names no one ("Mark Cuban said" does)."""
    last = str.lower(_clean_token(run.group().rsplit(None, 1)[-1]))
    return last in verbs.nations.adjectives and bool(_LOWER_NEXT.match(text, run.end()))


def _named_speaker(
    m: str, bare: str, art: _Article, verbs: Verbs, aliases: _Dated | None
) -> tuple[str, bool, None]:
    """The rest of :func:`_speaker`: what does not depend on where the mention is (remembered
    per article by mention)."""
    sp = verbs.speakers
    r = aliases.resolve(m) if aliases else None
    if r:
        return r, False, None
    # the head of a noun phrase is its last name before any apposition ("Fellow St. Louis native
    # Ann Kerr", "Jim Manley, a spokesman for Mr. Reid"): those names first, last one first
    head, _, rest = m.partition(",")
    names = [n for x in _CAP_RUN.finditer(head) if (n := _run_name(x.group(), verbs))
             and not _adjectival(x, head, verbs)]  # fmt: skip
    names = names[::-1] + [
        n for x in _CAP_RUN.finditer(rest) if (n := _run_name(x.group(), verbs))
        and not _adjectival(x, rest, verbs)
    ]
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
    # one name after time or title words ("Meanwhile Rihanna, who ...", "Governor Kasich—")
    one = _run_name(head.strip(" \t—–-:;,"), verbs) if _PROPER.fullmatch(
        head.strip(" \t—–-:;,")) else []  # "Mr.", "Fla.": an abbreviation is no name
    if len(one) == 1 and one[0][:1].isupper() and str.lower(one[0]) not in verbs.nations.by_word:
        return one[0], False, None
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
    """The subject of sentence ``j`` for a later he/she: a name, None (no person: look further
    back), or ``""`` when its first person is one of two joined by "and" (a he/she after it
    names neither for sure)."""
    s, e, para, first = art.subjects[j]
    verbs, media, aliases = art.context
    subj = _subject_mention(art, s, e, verbs)
    if first is not None and not (subj and subj[0] < (first[1] or e)):
        return first[0]
    if not subj:
        return None
    if _AND_NAME.match(art.masked, subj[0] + len(subj[1])):
        return ""
    name = _speaker(subj[1], subj[0], para, art, verbs, media, aliases, upto=j)[0]
    return None if name == "unknown" else name


def _subject_mention(art: _Article, s: int, e: int, verbs: Verbs) -> tuple[int, str] | None:
    """The first person mention of a sentence (name, surname, role description or he/she)."""
    seg = art.masked[s:e]
    best: tuple[int, str] | None = None
    for m in _CAP_RUN.finditer(seg):
        _, name = _name_part(m.group(), verbs)
        name = [_clean_token(t) for t in name]
        if (len(name) >= 2 and " ".join(name) in art.people) or (
            len(name) == 1 and name[0] in art.surnames
        ):
            best = (s + m.start(), m.group())
            break
    r = _role_pattern(verbs.speakers["person_roles"]).search(seg)
    if r and (best is None or s + r.start() < best[0]) and not (
        best is not None and _NAMED_AFTER.fullmatch(art.masked, s + r.end(), best[0])
    ):  # "the other candidate on the stage, former Secretary Ann Cole, said": the name
        best = (s + r.start(), r.group())
    return best
