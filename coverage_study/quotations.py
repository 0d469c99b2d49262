"""Direct quotations: the words between quotation marks, one row per quotation.

What counts
-----------
A **quotation** is a pair of matching quotation marks inside one zone span (the headline, or one
body paragraph), and the text between them. The marks recognised, by family:

* double: curly ``“ ”``, straight ``"``, low-high ``„ “`` (German) and ``‟``, and the
  typewriter pairs of wire and NYT copy: two apostrophes ``''`` (opening and closing, read as a
  straight ``"``) and two backticks opening (`````` ... ''``);
* guillemets: ``« »`` (and the Danish/German ``» «`` order);
* single: curly ``‘ ’``, straight ``'`` and low ``‚``, only where they work as quotation marks;
* single guillemets ``‹ ›``.

A closing mark closes the nearest open mark *of its family*, so ``“he said ‘no’ today”`` gives
an outer quotation and a nested one (``depth`` 1). Within a family the glyphs mix freely
(``“word"`` pairs), because machine-processed copy often mixes them.

What does not count
-------------------
* **Apostrophes.** A single mark between two letters or digits (``Russia’s``, ``don't``,
  ``That's``) is an apostrophe. ``’`` or ``'`` that does not close an open single quotation
  (``countries’ interests``, ``’90s``) is an apostrophe too. A straight ``'`` opens a quotation
  only where it stands at a word's start (after space, punctuation or an opening mark).
* **Marks outside the zones** (photo captions, teasers, furniture removed by cleaning).
* **Unbalanced marks.** A closing mark with no open mark of its family, or an opening mark
  still open at the end of its paragraph (and not continued, see below), is reported as a
  :class:`~coverage_study.corpus.CorpusWarning` naming the article and the character position,
  and otherwise ignored; the balanced quotations around it are still found. A straight ``'``
  left open is taken as an elision (``'em``) without a warning. (textacy raises on an odd number
  of marks; this module never raises on text.)

Across paragraphs
-----------------
Newspapers open each paragraph of a long quotation with a mark and close only the last one. So a
quotation left open at the end of a body paragraph *continues* if, and only if, the next body
paragraph opens with a mark of the same family. Each paragraph's part is its own row (offsets
never leave a paragraph); the parts share a ``quote_id``. Headlines never continue into the body.

Offsets
-------
``start, end`` is the *content*: the characters inside the marks, trimmed of white space, so
``text[start:end]`` is what was quoted. ``mark_start, mark_end`` includes the marks (where a part
of a multi-paragraph quotation has no closing mark, ``mark_end`` is the paragraph's end).

``kind``
--------
``full``: the quotation is a whole sentence or utterance of its own: it opens its paragraph, or
follows sentence-final punctuation or a colon (or a comma, if it starts with a capital), and it
ends with punctuation inside the marks or is followed by punctuation or the paragraph end
(``“We need ...,” Wang said``). ``partial``: a fragment embedded in the narrator's sentence
(``as a “genuine desire of ...”``, ``stressed that “cooperation ...”``); scare quotes and titles
(``a “normal” trade relationship``) are partial too. Whether a partial quotation is someone's
words is for :mod:`coverage_study.attribution` (its ``speaker``); :func:`coverage_study.quotes`
returns this module's table with the speaker filled in.
"""

from __future__ import annotations

import re
import warnings
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any, Final

import pandas as pd

from . import _frozen
from .corpus import CorpusWarning, reraise_for

if TYPE_CHECKING:
    from .document import Article

__all__ = [
    "QUOTE_COLUMNS",
    "QuoteProblem",
    "Quotation",
    "find_quotations",
    "quotation_parts",
    "quote_problems",
    "unattributed_quotes",
]

QUOTE_COLUMNS = [
    "article_id",
    "quote_id",
    "zone",
    "start",
    "end",
    "mark_start",
    "mark_end",
    "text",
    "depth",
    "kind",
    "speaker",
    "cue",
    "via",
]

_MARKS = re.compile("``|''|[\"'“”„‟‘’‚‛«»‹›]")
# glyph -> family
_FAMILY = {
    "“": "double", "”": "double", '"': "double", "„": "double", "‟": "double",
    "«": "guillemet", "»": "guillemet",
    "‘": "single", "’": "single", "'": "single", "‚": "single", "‛": "single",
    "‹": "single_guillemet", "›": "single_guillemet",
    "''": "double", "``": "double",
}  # fmt: skip
_OPEN_LEFT = set(" \t\r\n([{—–-/") | set("“„‟‘‚‛«‹")  # may precede an opening mark
_CLOSE_RIGHT = set(" \t\r\n.,;:!?)]}—–-/…") | set("”’»›\"'")  # may follow a closing mark
_SENTENCE_END = set(".!?:;…")
_END_PUNCT = set(".,!?;:…")


@dataclass(frozen=True)
class Quotation:
    """One quotation (or one paragraph's part of a multi-paragraph quotation)."""

    quote_id: int
    start: int
    end: int
    mark_start: int
    mark_end: int
    depth: int
    kind: str

    def __getstate__(self) -> dict[str, Any]:  # pickled field by field (_frozen says why)
        return _frozen.state(self)

    def __setstate__(self, values: dict[str, Any]) -> None:
        _frozen.restore(self, values)


@dataclass(frozen=True)
class QuoteProblem:
    """An unbalanced quotation mark at character ``position`` of the text."""

    position: int
    mark: str
    message: str

    def __getstate__(self) -> dict[str, Any]:  # pickled field by field (_frozen says why)
        return _frozen.state(self)

    def __setstate__(self, values: dict[str, Any]) -> None:
        _frozen.restore(self, values)


# An open mark on a paragraph's stack: (pos, glyph, family, quote_id, part_start), part_start
# being where this paragraph's part starts (the mark, or the continuing mark). A tuple, not a
# class: one is made for every opening mark.
_Open = tuple[int, str, str, int, int]
# Final: the indices stay literals, so that the type checker knows the type of each field
_POS: Final = 0
_GLYPH: Final = 1
_FAM: Final = 2
_ID: Final = 3
_PART: Final = 4


def _is_word(ch: str | None) -> bool:
    return ch is not None and ch.isalnum()


def _family_open(stack: list[_Open], family: str) -> bool:
    for o in stack:  # noqa: SIM110 - a plain loop: any() over a generator costs more here
        if o[_FAM] == family:
            return True
    return False


def _role(glyph: str, prev: str | None, nxt: str | None, stack: list[_Open]) -> str:
    """'open', 'close' or 'skip' (an apostrophe) for one mark, from its neighbours.

    ``left_open``: nothing or a character of _OPEN_LEFT before the mark; ``right_close``:
    nothing or a character of _CLOSE_RIGHT after it; ``top``: the innermost open mark;
    ``family_open``: a mark of the glyph's family is open. Each rule reads only what it needs
    (most marks are decided by one or two of them)."""
    if len(glyph) == 2:  # the typewriter pairs: `` opens, '' is read as a straight "
        if glyph == "``":
            return "open"
        glyph = '"'
    if glyph in "’'‘" and _is_word(prev) and _is_word(nxt):
        return "skip"  # Russia’s, don't (the single marks that double as apostrophes)
    if glyph in "„‚‟‛":
        return "open"
    top = stack[-1] if stack else None
    if glyph == "“":
        if top is not None and top[_FAM] == "double" and top[_GLYPH] == "„":
            return "close"
        left_open = prev is None or prev in _OPEN_LEFT
        right_close = nxt is None or nxt in _CLOSE_RIGHT
        if not left_open and right_close and _family_open(stack, "double"):
            return "close"  # word“ : a mistyped closing mark
        return "open"
    if glyph == "”":
        left_open = prev is None or prev in _OPEN_LEFT
        right_close = nxt is None or nxt in _CLOSE_RIGHT
        if left_open and not right_close and not _family_open(stack, "double"):
            return "open"  # Swedish ”…” or a mistyped opening mark
        return "close"
    if glyph == "’":
        return "close" if top is not None and top[_FAM] == "single" else "skip"
    if glyph == "‘":
        # German „…“ convention pairs ‚…‘ the same way
        if top is not None and top[_FAM] == "single" and top[_GLYPH] == "‚":
            return "close"
        return "open"
    if glyph == "«":
        if top is not None and top[_FAM] == "guillemet" and top[_GLYPH] == "»":
            return "close"
        return "open"
    if glyph == "‹":
        if top is not None and top[_FAM] == "single_guillemet" and top[_GLYPH] == "›":
            return "close"
        return "open"
    left_open = prev is None or prev in _OPEN_LEFT
    right_close = nxt is None or nxt in _CLOSE_RIGHT
    if glyph == '"':
        if left_open and not right_close:
            return "open"
        if right_close and not left_open:
            return "close"
        return "close" if _family_open(stack, "double") else "open"
    if glyph == "'":
        if top is not None and top[_FAM] == "single" and not left_open:
            return "close"
        if left_open and not right_close:
            return "open"
        return "skip"
    if glyph == "»":
        if _family_open(stack, "guillemet"):
            return "close"
        return "open" if left_open and not right_close else "close"
    if glyph == "›":
        if _family_open(stack, "single_guillemet"):
            return "close"
        return "open" if left_open and not right_close else "close"
    return "skip"  # pragma: no cover - every glyph of _MARKS is handled above


def _trim(text: str, start: int, end: int) -> tuple[int, int]:
    while start < end and text[start].isspace():
        start += 1
    while end > start and text[end - 1].isspace():
        end -= 1
    return start, end


def _kind(text: str, para: tuple[int, int], mark_start: int, mark_end: int,
          content: tuple[int, int], closed: bool) -> str:  # fmt: skip
    ps, pe = para
    i = mark_start - 1
    while i >= ps and text[i].isspace():
        i -= 1
    before = text[i] if i >= ps else None
    cs, ce = content
    first = text[cs] if cs < ce else ""
    # a closing mark of an earlier quotation counts as what preceded it
    while before is not None and before in "”’»›\"'" and i > ps:
        i -= 1
        before = text[i]
    opens = (
        before is None
        or before in _SENTENCE_END
        or (before in ",—–" and (first.isupper() or first.isdigit()))
    )
    if not opens:
        return "partial"
    if not closed:
        return "full"
    j = mark_end
    while j < pe and text[j].isspace():
        j += 1
    after = text[j] if j < pe else None
    last = text[ce - 1] if cs < ce else ""
    ends = last in _END_PUNCT or last == ")" or after is None or after in _END_PUNCT
    return "full" if ends else "partial"


def find_quotations(
    text: str, spans: Sequence[tuple[int, int]] | None = None, *, first_id: int = 0
) -> tuple[list[Quotation], list[QuoteProblem]]:
    """Find the quotations in ``text``, paragraph by paragraph.

    Parameters
    ----------
    text : str
        The article as stored.
    spans : sequence of (start, end), optional
        The paragraphs to read, in order (a quotation may continue from one to the next, see the
        module docstring). Default: every non-blank line of ``text``.
    first_id : int
        The ``quote_id`` of the first quotation found.

    Returns
    -------
    quotations : list of Quotation
        In order of their opening marks, outer before nested.
    problems : list of QuoteProblem
        Every unbalanced mark, with its position in ``text``.
    """
    found, problems = _find(text, spans, first_id)
    return [Quotation(*q) for q in found], problems


def _find(
    text: str, spans: Sequence[tuple[int, int]] | None, first_id: int
) -> tuple[list[tuple[int, int, int, int, int, int, str]], list[QuoteProblem]]:
    """:func:`find_quotations`, each quotation as a tuple of the fields of :class:`Quotation`."""
    if spans is None:
        spans = [(m.start(), m.end()) for m in re.finditer(r"[^\r\n]*\S[^\r\n]*", text)]
    found: list[tuple[int, int, int, int, int, int, str]] = []
    problems: list[QuoteProblem] = []
    next_id = first_id
    carried: _Open | None = None  # an open quotation continuing into this paragraph
    kinds: dict[int, str] = {}
    for n, (ps, pe) in enumerate(spans):
        stack: list[_Open] = []
        pending_continue = carried
        carried = None
        for m in _MARKS.finditer(text, ps, pe):
            pos = m.start()
            glyph = m.group()  # one character, or the typewriter pairs '' and ``
            if pending_continue is not None:
                # the first mark of a continuing paragraph reopens the carried quotation
                stack.append((pos, glyph, pending_continue[_FAM], pending_continue[_ID], pos))
                pending_continue = None
                continue
            prev = text[pos - 1] if pos > ps else None
            nxt = text[pos + len(glyph)] if pos + len(glyph) < pe else None
            if glyph in "’'‘" and prev is not None and prev.isalnum() and nxt is not None and (
                nxt.isalnum()
            ):
                continue  # Russia’s, don't: _role's first rule, without the call
            role = _role(glyph, prev, nxt, stack)
            if role == "skip":
                continue
            family = _FAMILY[glyph]
            if role == "open":
                stack.append((pos, glyph, family, next_id, pos))
                next_id += 1
                continue
            # close: the nearest open mark of the same family
            k = len(stack) - 1
            while k >= 0 and stack[k][_FAM] != family:
                k -= 1
            if k < 0:
                problems.append(
                    QuoteProblem(
                        pos, glyph, "closing mark with no opening mark in its paragraph; ignored"
                    )
                )
                continue
            for inner in stack[k + 1 :]:
                _unclosed(inner, problems, "inside a quotation that closes first")
            quote_id, part_start = stack[k][_ID], stack[k][_PART]
            width = len(stack[k][_GLYPH])  # the opening mark's
            del stack[k:]
            close = pos + len(glyph)
            cs, ce = _trim(text, part_start + width, pos)
            kind = kinds.get(quote_id) or _kind(text, (ps, pe), part_start, close, (cs, ce), True)
            kinds.setdefault(quote_id, kind)
            found.append((quote_id, cs, ce, part_start, close, k, kind))
        if not stack:
            continue
        # quotation(s) still open at the paragraph's end
        nxt_span = spans[n + 1] if n + 1 < len(spans) else None
        bottom = stack[0]
        continues = False
        if nxt_span is not None:
            ns, ne = _trim(text, *nxt_span)
            two = text.startswith(("''", "``"), ns, ne)
            first = text[ns : ns + 2] if two else text[ns : ns + 1]
            continues = first in _FAMILY and _FAMILY[first] == bottom[_FAM] and first != "’"
        for inner in stack[1:]:
            _unclosed(inner, problems, "at the end of its paragraph")
        if continues:
            quote_id, part_start = bottom[_ID], bottom[_PART]
            cs, ce = _trim(text, part_start + len(bottom[_GLYPH]), pe)
            kind = kinds.get(quote_id) or _kind(text, (ps, pe), part_start, pe, (cs, ce), False)
            kinds.setdefault(quote_id, kind)
            found.append((quote_id, cs, ce, part_start, pe, 0, kind))
            carried = bottom
        else:
            _unclosed(bottom, problems, "at the end of its paragraph")
    found.sort(key=_ORDER)
    return found, problems


def _ORDER(q: tuple[int, int, int, int, int, int, str]) -> tuple[int, int]:  # noqa: N802 - a sort key: (mark_start, depth)
    return q[3], q[5]


def _unclosed(op: _Open, problems: list[QuoteProblem], where: str) -> None:
    if op[_GLYPH] == "'":
        return  # a straight apostrophe at a word's start is an elision as often as a quote
    message = f"opening mark never closed {where}; ignored"
    problems.append(QuoteProblem(op[_POS], op[_GLYPH], message))


def _zones(corpus: pd.DataFrame) -> Iterable[tuple[str, str, str, list[tuple[int, int]]]]:
    columns = ("article_id", "text", "headline_span", "body_spans")
    for article_id, text, headline_span, body_spans in zip(
        *(corpus[c].tolist() for c in columns), strict=True
    ):
        if headline_span is not None:
            yield article_id, text, "headline", [tuple(headline_span)]
        yield article_id, text, "body", [tuple(s) for s in body_spans]


def quote_problems(corpus: pd.DataFrame) -> pd.DataFrame:
    """One row per unbalanced quotation mark: ``article_id, start, end, text, mark, message,
    context``.

    The same problems :func:`quotes` warns about, as a table (``text[start:end]`` is the mark),
    so a notebook or ``validate`` can show them once and then call the metrics with
    ``warn=False``.
    """
    records = []
    article_id = None  # named in an internal error
    try:
        for article_id, text, zone, spans in _zones(corpus):
            for p in _find(text, spans, 0)[1]:
                records.append(
                    {
                        "article_id": article_id,
                        "start": p.position,
                        "end": p.position + len(p.mark),
                        "zone": zone,
                        "mark": p.mark,
                        "message": p.message,
                        "context": text[max(0, p.position - 30) : p.position + 30],
                    }
                )
    except Exception as exc:
        reraise_for(article_id, "quotations", exc)
    columns = ["article_id", "start", "end", "zone", "mark", "message", "context"]
    return pd.DataFrame(records, columns=columns)


def quotation_parts(
    corpus: pd.DataFrame, quotes_table: pd.DataFrame | None, *, warn: bool = True
) -> pd.DataFrame:
    """The per-paragraph quotations that attribution, voices and sources read: ``quotes_table``
    if given (an :func:`unattributed_quotes` table of this corpus), else computed. A
    :func:`coverage_study.quotes` table is refused where it has joined a quotation's
    paragraphs into one row (its spans would cross the paragraph break)."""
    if quotes_table is None:
        return unattributed_quotes(corpus, warn=warn)
    if "n_parts" in quotes_table and (quotes_table["n_parts"] > 1).any():
        raise ValueError(
            "quotes_table: give unattributed_quotes(corpus) (one row per paragraph), not "
            "quotes(corpus), whose quotations over several paragraphs are one row each"
        )
    return quotes_table


def unattributed_quotes(corpus: pd.DataFrame, *, warn: bool = True) -> pd.DataFrame:
    """The quotes table of :func:`coverage_study.quotes` with ``speaker, cue, via`` left None:
    the quotation marks alone, before attribution (which reads this table).

    ``warn``: emit a :class:`CorpusWarning` for each unbalanced quotation mark (default True).
    """
    from .document import articles

    parts: list[list[_Part]] = []
    article_id = None  # named in an internal error
    try:
        for article in articles(corpus):
            article_id = article.article_id
            parts.append(article_parts(article, warn=warn))
    except Exception as exc:
        reraise_for(article_id, "quotations", exc)
    return parts_frame(parts)


# article_id, quote_id, zone, start, end, mark_start, mark_end, text, depth, kind, and the three
# attribution columns (None here): one row of unattributed_quotes
_Part = tuple[str, int, str, int, int, int, int, str, int, str, None, None, None]


def article_parts(article: Article, *, warn: bool = True) -> list[_Part]:
    """One article's rows of :func:`unattributed_quotes` (the headline's quotations, then the
    body's; ``quote_id`` counts on from one zone to the next), warning as it does."""
    records: list[_Part] = []
    article_id, text = article.article_id, article.text
    zones: list[tuple[str, list[tuple[int, int]]]] = [
        ("body", [(int(s), int(e)) for s, e in article.body_spans])
    ]
    if article.headline_span is not None:
        hs, he = article.headline_span
        zones.insert(0, ("headline", [(int(hs), int(he))]))
    for zone, spans in zones:
        first = records[-1][1] + 1 if records else 0
        found, problems = _find(text, spans, first)
        if warn:
            for p in problems:
                warnings.warn(
                    f"{article_id}: unbalanced quotation mark '{p.mark}' at character "
                    f"{p.position} ({p.message}): "
                    f"{text[max(0, p.position - 30) : p.position + 30]!r}",
                    CorpusWarning,
                    stacklevel=3,
                )
        for quote_id, start, end, mark_start, mark_end, depth, kind in found:
            records.append(
                (article_id, quote_id, zone, start, end, mark_start, mark_end, text[start:end],
                 depth, kind, None, None, None)
            )  # fmt: skip
    return records


def parts_frame(parts: list[list[_Part]]) -> pd.DataFrame:
    """The :func:`unattributed_quotes` table of the articles' rows (:func:`article_parts`)."""
    records = [r for rows in parts for r in rows]
    if records:  # built from columns: the same dtypes as from rows, faster
        table = pd.DataFrame(
            dict(zip(QUOTE_COLUMNS, map(list, zip(*records, strict=True)), strict=True))
        )
    else:
        table = pd.DataFrame(records, columns=QUOTE_COLUMNS)
    table = table.astype(
        {c: "int64" for c in ("quote_id", "start", "end", "mark_start", "mark_end", "depth")}
    )
    return table
