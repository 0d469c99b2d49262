"""Attributions whose cue is punctuation: a name and a colon opening a sentence ("Lynch: No
outside influence"), a dash signing a quotation or a tweet ("“...” — Paul Ryan (@SpeakerRyan)").
Their rows have no cue category and are speech."""

from __future__ import annotations

import re
from typing import Any

from .article import MASK, _Article, _strip_span
from .lexicons import Verbs
from .source_span import _has_name
from .speakers import _speaker

# "Lynch: No outside influence", "Ann Cole ― We will win": a name, then a colon or dash, at
# the start of a sentence (or after a dash); the speaker words are checked by _colon_speaker
_COLON = re.compile(
    r"\s*((?:[A-Z][\w.’'\-]*\s+){0,4}[A-Z][\w.’'\-]*(?:\s*\([^)]{1,20}\))?)\s*(:)\s+(?=\S)"
)
# "“...” — Paul Ryan (@SpeakerRyan)", a paragraph "- Bernie Sanders.": a signature after a
# quotation or a tweet; the source follows the dash, the content is what precedes it
_DASH_SIGN = re.compile(
    r"([-–—―])\s*((?:[A-Z][\w.’'\-]*\s+){0,4}[A-Z][\w.’'\-]*)(?=\s*\(@|\s*[.,]|\s*$)"
)
_NOT_COLON_SPEAKER = frozenset({
    "update", "updated", "note", "editor", "editor's", "correction", "watch", "read", "photo",
    "photos", "video", "related", "source", "sources", "breaking", "listen", "see", "click",
    "follow", "subscribe", "q", "a", "question", "answer", "full", "text", "transcript", "name",
    "age", "city", "contributing", "pledged", "total", "warning", "live", "the", "this", "that",
    "here", "what", "why", "how", "when", "where", "who", "bottom", "line", "fact", "facts",
    "caption", "credit", "image", "map", "chart", "graphic", "background", "advertisement", "ad",
    "summary", "story", "more", "also", "previously", "context", "disclosure",
})


def _span_row(art: _Article, sp: tuple[int, int], cue: tuple[int, int],
              content: tuple[int, int], para: int) -> dict[str, Any]:  # fmt: skip
    """A row for a cue that is punctuation (a colon, a signing dash): no category, speech."""
    verbs, media, aliases = art.context
    mention = art.text[sp[0] : sp[1]]
    speaker, anonymous, med = _speaker(mention, sp[0], para, art, verbs, media, aliases)
    c0, c1 = content
    inside = art.masked.count(MASK, c0, c1)
    mode = "direct" if inside == c1 - c0 else "mixed" if inside else "reported"
    return {
        "speaker": speaker, "speaker_mention": mention, "speaker_start": sp[0],
        "speaker_end": sp[1], "cue": art.text[cue[0] : cue[1]], "cue_start": cue[0],
        "cue_end": cue[1], "cue_category": None, "content_start": c0, "content_end": c1,
        "direct": mode == "direct", "mode": mode, "anonymous": anonymous, "via": med,
        "kind": "speech",
    }  # fmt: skip


def _colon_row(art: _Article, s: int, e: int, para: int, cues: list[tuple[int, int]]
               ) -> dict[str, Any] | None:  # fmt: skip
    """``Lynch: No outside influence ...``: a name, a colon, at least three words."""
    colon = _COLON.match(art.masked, s, e)
    if not colon:
        return None
    quoted = art.masked.startswith(MASK, colon.end())  # "Reid: ‘Never underestimate Trump.’"
    if not _colon_speaker(colon.group(1), art.context[0], quoted):
        return None
    if any(a < colon.end() for a, _ in cues):  # a reporting verb before the colon: its own row
        return None
    c0, c1 = _strip_span(art.masked, colon.end(), e)
    if c1 <= c0 or len(art.text[c0:c1].split()) < 3:  # words of the text (a quotation is masked)
        return None
    return _span_row(art, colon.span(1), colon.span(2), (c0, c1), para)


def _sign_row(art: _Article, s: int, e: int, para: int) -> dict[str, Any] | None:
    """``“...” — Paul Ryan (@SpeakerRyan)``, a paragraph ``- Bernie Sanders.`` after a
    quotation: the source after the dash, the content the quotation (or tweet) before it."""
    masked = art.masked
    sign = _DASH_SIGN.search(masked, s, e)
    if not sign or not _has_name(sign.group(2), art.context[0]):
        return None
    k = len(masked[: sign.start()].rstrip(" \t\n.,"))
    content: tuple[int, int] | None = None
    if k > 0 and masked[k - 1] == MASK:  # the quotation the dash signs (this paragraph or the last)
        q0 = k - 1
        while q0 > 0 and masked[q0 - 1] == MASK:
            q0 -= 1
        content = (q0, k)
    elif k > s and masked.startswith("(@", sign.end() + 1):
        content = _strip_span(masked, s, sign.start())  # a tweet signed by its author
    if content is None or content[1] <= content[0]:
        return None
    return _span_row(art, _strip_span(masked, *sign.span(2)), sign.span(1), content, para)


def _colon_speaker(words: str, verbs: Verbs, quoted: bool = False) -> bool:
    """A colon or dash after these words attributes what follows to them: a name (not a heading
    word such as *Update*, *Watch*, *Photo*) of at most five words; before a quotation, also
    one capitalised word that is not a place or heading ("Reid: ‘Never ...’")."""
    tokens = words.split()
    if not tokens or str.lower(tokens[0]).strip(".") in _NOT_COLON_SPEAKER:
        return False
    if any(str.lower(t).strip(".") in _NOT_COLON_SPEAKER for t in tokens[-1:]):
        return False
    if quoted and len(tokens) == 1 and tokens[0] not in verbs.speakers["not_name"]:
        return True
    return _has_name(words, verbs) or tokens[-1].isupper() and len(tokens[-1]) > 2
