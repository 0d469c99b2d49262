"""The cue of an attribution: whether a reporting-verb match is one ("said", not "his claim",
"asked by journalists", "a think tank"), and where the content after it starts and ends (after
"on Monday", "that"; before the clause of the sentence's next cue)."""

from __future__ import annotations

import re

from .lexicons import Verbs

_SKIP_AFTER_CUE = re.compile(
    r"^(?:\s*(?:on\s+\w+day|at\s+the\s+time|today|yesterday|also|again|recently|later|"
    r"in\s+a\s+statement|over\s+the\s+weekend))*\s*"
)
_DETERMINER = re.compile(
    r"\b(?:his|her|its|their|the|a|an|this|that|these|those|our|my|your)\s+$", re.IGNORECASE
)
_THAT_NEXT = re.compile(r"\s+that\b")
_HEAD_BEFORE = re.compile(r"([A-Za-z]+)\s+(?:(?:also|now|consistently|clearly|still)\s+)?$")
_WORD = re.compile(r"[^\W\d_][\w’'-]*")
_CALLED_NAMING = re.compile(r"\s+(?:the\s+)?[\x01“\"‘]*[A-Z]")
# "a program called Sandy Hook Promise": an indefinite noun phrase names a thing (not a speaker)
_NOUN_BEFORE = re.compile(r"\b(?:a|an|so)[\s-]+(?:[a-z][\w’'-]*\s+){0,2}$", re.IGNORECASE)
_NOT_LEADING = re.compile(r"[^ \x01“\"(,]")  # text before a capitalised cue: it is mid-sentence
_AS_END = re.compile(r"\bas\s+$")
_TAIL = 200  # characters before a cue that the end-anchored checks read
_BY_NEXT = re.compile(r"\s+by\b")  # matched at the cue's end (not on a slice of the rest)
_CONJ_END = re.compile(r"\s+(?:but|and)\s+(?:also\s+|then\s+)?$")  # "... but stressed"
_CONJ_WINDOW = 40  # characters before a cue in which _CONJ_END can start (at most a few spaces)


def _title_case(masked: str, s: int, e: int) -> bool:
    """A headline in title case ("Mike Pence Calls for Special Prosecutor"): of its words of
    four letters or more (title case leaves short function words lower case), at least three,
    and three in four capitalised."""
    words = [w for w in _WORD.findall(masked, s, e) if len(w) >= 4]
    return len(words) >= 3 and 4 * sum(w[0].isupper() for w in words) >= 3 * len(words)


def _is_cue(masked: str, s: int, start: int, end: int, e: int | None = None,
            verbs: Verbs | None = None) -> bool:  # fmt: skip
    """Not a cue: a capitalised word inside the sentence ("Secretary of State"), a noun after a
    determiner ("his claim"), a passive ("asked by journalists"), "as saying" after "quoted";
    with ``verbs``, the readings its ``[not_cue]`` table lists ("think tank", "called off", "a
    program called X", "the show")."""
    word = masked[start:end]
    # the end-anchored checks look only at the tail before the cue: scanning the whole sentence
    # prefix for every cue was quadratic on long unpunctuated lines
    if word[:1].isupper() and _NOT_LEADING.search(masked, s, start) and not (
        e is not None and _title_case(masked, s, e)
    ):
        return False
    # "his claim", "as said": a word and the spaces before the cue (5 letters at most, then
    # the \b before them): search only there
    ws = start
    while ws > s and masked[ws - 1].isspace():
        ws -= 1
    tail = max(s, start - _TAIL, ws - 6)
    if _DETERMINER.search(masked, tail, start):
        return False
    if start > s + 1 and masked[start - 1] == "-" and masked[start - 2].isalpha():
        return False  # "well-known", "much-discussed": a compound adjective
    if verbs is not None and not _allowed(masked, s, start, end, tail, verbs):
        return False
    if _BY_NEXT.match(masked, end) and (
        " ".join(str.lower(word).split()) not in ("as reported by", "as quoted by")
    ):
        return False
    return not _AS_END.search(masked, tail, start)


def _allowed(masked: str, s: int, start: int, end: int, tail: int, verbs: Verbs) -> bool:
    """False for a reading that the lexicon's ``[not_cue]`` table says is no attribution."""
    form = " ".join(str.lower(masked[start:end]).split())
    if form in verbs.evidence_only and not _THAT_NEXT.match(masked, end):
        head = _HEAD_BEFORE.search(masked, tail, start)
        if head is None or str.lower(head.group(1)) not in verbs.evidence_sources:
            return False  # "show" is a cue after a poll, data, a study ... ("polls show")
    lemma = verbs.forms[form][0] if form in verbs.forms else None
    after = verbs.not_followed_by.get(lemma) if lemma else None
    if after is not None and after.match(masked, end):
        return False  # "a conservative think tank", "called off the deal"
    # "a program called Sandy Hook Promise": an indefinite noun phrase, then a name
    return not (
        lemma in verbs.naming
        and _CALLED_NAMING.match(masked, end)
        and _NOUN_BEFORE.search(masked, max(s, tail - 30), start)
    )


def _skip_after_cue(after_cue: str) -> int:
    """How many characters after a cue to skip: spaces and "on Monday", "also", ..."""
    m = _SKIP_AFTER_CUE.match(after_cue)
    assert m is not None  # every repeat is optional: it matches, if only the empty string
    return m.end()


def _cut_at_next(masked: str, st: int, later: list[int], e: int) -> int:
    """Content runs to the sentence end, or to the comma (or ``but``/``and``) that opens the
    clause of a later cue of the sentence: the first later cue with such a clause opening before
    it and after ``st`` (a cue with none, as in ``is not considering``, is inside the content)."""
    comma = masked.find(",", st + 1, e)  # the first comma after st: none, no cut by a comma
    for nxt in later:
        if nxt <= st:
            continue
        # the conjunction ends at the cue: only the characters just before it are read (a scan
        # from st for every later cue was quadratic in a long sentence with many cues)
        conj = _CONJ_END.search(masked, max(st, nxt - _CONJ_WINDOW), nxt)
        if conj:
            return conj.start()
        if 0 <= comma < nxt:
            return masked.rfind(",", st, nxt)
    return e
