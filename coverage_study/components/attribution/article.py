"""The article being read: its text with quotations masked, lower-cased for the fast patterns,
cut into sentences, and the state the rules share while they read it (:class:`_Article`)."""

from __future__ import annotations

import re
from bisect import bisect_left
from dataclasses import dataclass, field
from typing import Any

from .lexicons import Media, Verbs, _Dated

MASK = "\x01"
_SENT_SPLIT = re.compile(r"(?<=[.!?])\s+(?=[A-Z\x01“\"(])|(?<=\x01)\s*[.!?]\s+(?=[A-Z\x01])")
# the same splits, found twice as fast: the character before the split is matched, not looked
# behind at (so each match starts one character early; no match can start inside the previous)
_SENT_SPLIT_FAST = re.compile(r"[.!?]\s+(?=[A-Z\x01“\"(])|\x01\s*[.!?]\s+(?=[A-Z\x01])")
# a quotation's end (its last masked character) and the space before the next sentence; a split
# there when the quotation's own text ends in terminal punctuation (``_QUOTE_FINAL``)
_AFTER_QUOTE = re.compile(r"\x01\s+(?=[A-Z“\"(])")
_QUOTE_FINAL = re.compile(r"[.!?][’'”\"]{1,2}$")
_SPEAKER_ONLY = re.compile(r"[^,.;:!?\x01]{1,80}")
# words that open an adjunct after a cue ("said on Monday", "asked when ..."): both the
# sentence split (here) and the "Q,” X, apposition, said" shape (rules) read them
ADJUNCT = (
    r"(?:on|at|in|during|when|while|after|before|last|this|earlier|later|yesterday|today|"
    r"tonight|recently|afterward|afterwards|then|again)\b"
)
_ADJUNCT_END = re.compile(
    r"(?:\s+" + ADJUNCT + r"[^.!?\x01,]{0,40})?\s*(?:[.!?,]|$)", re.IGNORECASE
)
_ABBREV = re.compile(
    r"(?:\b[A-Z]\.|\b(?:Mr|Mrs|Ms|Dr|St|Gen|Col|Sen|Rep|Gov|Prof|No|Jr|Sr|Lt|Sgt|Capt|Rev|Sens|"
    r"Reps|Ft|Mt|Adm|Maj|Gens|Sept|Ariz|Calif|Colo|Conn|Fla|Ill|Ind|Mass|Mich|Minn|Okla|Tenn|"
    r"Wis|vs)\.)$"
)

_FOLD = str.maketrans({"İ": "i", "ı": "i", "ſ": "s"})


def _lower(text: str) -> str | None:
    """``text`` such that a case-sensitive pattern of lower-case ASCII phrases finds in it what
    the same pattern with ``re.IGNORECASE`` finds in ``text``, at the same offsets: lower-cased,
    with the three letters ``re.IGNORECASE`` also equates with ASCII ``i`` and ``s`` (İ, ı, ſ)
    folded. None where lower-casing would change the length (then the slow pattern is used)."""
    if "İ" in text or "ı" in text or "ſ" in text:
        text = text.translate(_FOLD)
    low = str.lower(text)
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


def _sentences(
    masked: str,
    start: int,
    end: int,
    text: str | None = None,
    cues: list[tuple[int, int]] | None = None,
) -> list[tuple[int, int]]:
    """The sentences of ``masked[start:end]`` as spans. With ``text`` (the unmasked text), a
    quotation that ends its sentence inside its marks (``would be "unacceptable." He said``)
    also ends a sentence: its period is masked with the quotation; but not where a speaker,
    one of the (sorted) ``cues`` and at most an adjunct follow it (``“No.” Cole said on
    Monday.``, ``“Why?” she asked.``): that is the quotation's own attribution."""
    if start and masked[start - 1] in ".!?\x01":  # a split may lean on the character before
        splits = [m.span() for m in _SENT_SPLIT.finditer(masked, start, end)]
    else:
        splits = [(m.start() + 1, m.end()) for m in _SENT_SPLIT_FAST.finditer(masked, start, end)]
    if text is not None and MASK in masked[start:end]:
        extra = [
            (m.start() + 1, m.end())
            for m in _AFTER_QUOTE.finditer(masked, start, end)
            if _QUOTE_FINAL.search(text, max(start, m.start() - 3), m.start() + 1)
            and not _inverted_after(masked, m.end(), end, cues or [])
        ]
        if extra:
            splits = sorted(set(splits) | set(extra))
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


def _inverted_after(masked: str, at: int, end: int, cues: list[tuple[int, int]]) -> bool:
    """``masked[at:]`` is a short speaker, a cue and at most an adjunct to the sentence end."""
    k = bisect_left(cues, (at, -1))
    if k == len(cues) or cues[k][0] >= min(end, at + 80):
        return False
    cs, ce = cues[k]
    return bool(_SPEAKER_ONLY.fullmatch(masked, at, cs) and _ADJUNCT_END.match(masked, ce, end))


def _strip_span(text: str, s: int, e: int, chars: str = " ,;:.\t\n") -> tuple[int, int]:
    while s < e and text[s] in chars:
        s += 1
    while e > s and text[e - 1] in chars:
        e -= 1
    return s, e


@dataclass
class _Person:
    name: str
    words: set[str] = field(default_factory=set)
    countries: set[str] = field(default_factory=set)  # codes of data/nationalities.toml


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
    # the quotation that makes up the next body paragraph, when there is one: "Cruz continued:"
    # at a paragraph's end attributes it (set by the reader for each paragraph)
    next_quote: tuple[int, int] | None = None
    para_end: int = -1
    # the sentences read so far: (start, end, paragraph, (speaker, speaker_start) of its first
    # named attribution or None); their subjects are found when a pronoun needs one (_subject)
    subjects: list[tuple[int, int, int, tuple[str, int | None] | None]] = field(
        default_factory=list
    )
    subject_names: dict[int, str | None] = field(default_factory=dict)
    # (verbs, media, aliases), always given by _article_rows: () is a placeholder, never read
    context: tuple[Verbs, Media, _Dated | None] = ()  # type: ignore[assignment]
    canon: dict[str, set[str]] | None = None  # built by _role_resolve once people are known
    canon_countries: dict[str, set[str]] = field(default_factory=dict)  # and their countries
    named: dict[str, tuple[str, bool, None]] = field(default_factory=dict)  # _named_speaker's
    depth: int = 0  # nesting of _subject calls


_SPAN_COLUMNS = (
    ("speaker_start", "speaker_end"), ("cue_start", "cue_end"), ("content_start", "content_end")
)  # fmt: skip


def rows_to_original(
    rows: list[dict[str, Any]], text: str, back: list[int]
) -> list[dict[str, Any]]:
    """Map rows found on a text's NFC form back to the original ``text`` (in place; returns
    ``rows``): every span through ``back`` (:func:`~coverage_study.text.spans.nfc_offsets`), and
    ``speaker_mention`` and ``cue`` read again from the original characters."""
    for row in rows:
        for a, b in _SPAN_COLUMNS:
            if row.get(a) is not None:
                row[a], row[b] = back[row[a]], back[row[b]]
        if row.get("speaker_start") is not None:
            row["speaker_mention"] = text[row["speaker_start"] : row["speaker_end"]]
        if row.get("cue_start") is not None:
            row["cue"] = text[row["cue_start"] : row["cue_end"]]
    return rows
