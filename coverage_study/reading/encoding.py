"""Encoding damage (mojibake) in a text, found and repaired line by line with ftfy.

Mojibake is text that was UTF-8, decoded once (or twice) as Latin-1 or Windows-1252 somewhere
between the page and the file: "Guantánamo" stored as "GuantÃ¡namo", "François" as
"FranÃ§ois", "naïve" as "naÃ¯ve". Such a word counts as another word everywhere in the package.
The package never repairs a text while loading it: :func:`mojibake_lines` finds the damaged
lines (``load_corpus`` and ``validate`` warn, naming file and line), and :func:`repair_text`
gives the repaired text with every change, which ``coverage-study repair`` writes to a copy of
the corpus.

What is repaired is only the encoding: ftfy's ``fix_text`` with its other fixes switched off (no
quote uncurling, no width folding, no ligature splitting, no HTML unescaping). It keeps ftfy's
NFC composition, without which ftfy leaves text damaged twice ("BasÃ\x83Â¡ez" for "Basáez") half
repaired; a line counts as damaged only where the repair differs from the line composed, so a
line that is merely decomposed (``e`` + U+0301) is not reported. A repaired line is composed.

Which lines are looked at: ftfy is run on the lines that hold a sign of damage, a character of
U+00C2 to U+00F4 (how the lead byte of a UTF-8 sequence reads in Latin-1) followed by one that
a UTF-8 continuation byte reads as in Latin-1 or Windows-1252, or a C1 control character
(U+0080 to U+009F, what a sloppy decoder leaves); ftfy decides. Legitimate text in French,
German, Polish, Russian, Chinese and the like, curly quotes and dashes, has no such pair, or one
that ftfy leaves as it is (``tests/test_corpus.py`` checks such lines). Damage of other kinds
(text decoded as MacRoman or cp437, or bytes already lost as U+FFFD) is not looked for.
"""

from __future__ import annotations

import re
import unicodedata
from typing import NamedTuple

from .clean import split_lines

__all__ = ["Damage", "mojibake_lines", "repair_text"]

# what the bytes 0x80-0x9F are in Windows-1252 (as text), beside Latin-1's 0xA0-0xBF
_CP1252 = (
    "\u20ac\u201a\u0192\u201e\u2026\u2020\u2021\u02c6\u2030\u0160\u2039\u0152\u017d\u2018"
    "\u2019\u201c\u201d\u2022\u2013\u2014\u02dc\u2122\u0161\u203a\u0153\u017e\u0178"
)
SUSPECT = re.compile("[\u0080-\u009f]|[\u00c2-\u00f4][\u00a0-\u00bf" + _CP1252 + "]")
"""A sign of possible damage: a line without it is not given to ftfy."""
# the characters SUSPECT starts with: a text holding none of them is not searched (``in`` on a
# string is a fast scan; on PolNeAR, 878 of 924 texts hold none, which makes the check 5x faster)
_FIRST = tuple(map(chr, [*range(0x80, 0xA0), *range(0xC2, 0xF5)]))


class Damage(NamedTuple):
    """One damaged line: its 1-based number, the line as stored and as repaired."""

    line: int
    before: str
    after: str


def _fix(line: str) -> str:
    import ftfy

    return ftfy.fix_text(
        line,
        unescape_html=False,
        remove_terminal_escapes=False,
        fix_latin_ligatures=False,
        fix_character_width=False,
        uncurl_quotes=False,
        fix_line_breaks=False,
        fix_surrogates=False,
        remove_control_chars=False,
    )


def mojibake_lines(text: str) -> list[Damage]:
    """Every line of ``text`` with encoding damage that ftfy can repair, in order.

    Lines are split at LF, CRLF or CR and numbered from 1. An empty list means no damage was
    found (not that none is there: see the module docstring for what is looked for).
    """
    if not any(c in text for c in _FIRST) or SUSPECT.search(text) is None:
        return []  # the usual text: no line split, no ftfy
    out = []
    for number, (start, end) in enumerate(split_lines(text), start=1):
        line = text[start:end]
        if SUSPECT.search(line) is not None:
            fixed = _fix(line)
            if fixed != line and fixed != unicodedata.normalize("NFC", line):
                out.append(Damage(number, line, fixed))
    return out


def repair_text(text: str) -> tuple[str, list[Damage]]:
    """``text`` with the damaged lines of :func:`mojibake_lines` repaired, and those lines.

    Line terminators and every undamaged line stay as they are.
    """
    damage = mojibake_lines(text)
    if not damage:
        return text, []
    by_line = {d.line: d.after for d in damage}
    parts, pos = [], 0
    for number, (start, end) in enumerate(split_lines(text), start=1):
        if number in by_line:
            parts += [text[pos:start], by_line[number]]
            pos = end
    parts.append(text[pos:])
    return "".join(parts), damage
