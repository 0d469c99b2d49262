"""Quotation marks paired within one text: the quotations of its paragraphs, and the marks left
unbalanced.

:func:`find_quotations` reads a text paragraph by paragraph and returns each quotation's content
and mark offsets, its ``depth`` and ``kind``; the rules (which marks count, apostrophes,
continuation across paragraphs, ``full`` or ``partial``) are set out in
:mod:`coverage_study.components.quotations`, which builds the corpus tables from it. Compiled by
mypyc in the compiled build (:mod:`coverage_study._native`).
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any, Final

from .. import _frozen

__all__ = ["QuoteProblem", "Quotation", "find_quotations"]

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
        The paragraphs to read, in order (a quotation may continue from one to the next, see
        :mod:`coverage_study.components.quotations`). Default: every non-blank line of ``text``.
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
