"""Remove page furniture from a stored article, openly and traceably.

Cleaning never edits the text. It classifies every non-blank character of ``text`` into exactly
one of three places:

* the **headline** zone: the first occurrence of the metadata ``headline`` in ``text``;
* the **body** zone: what the article says, as a list of ``(start, end)`` spans (one per paragraph
  part) into ``text``;
* a **removed** span, with the name of the rule that removed it (see ``data/cleaning.toml``).

White space between these spans belongs to none of them. Because zones are spans of ``text``,
every offset anywhere in the package is a character offset into ``text``: ``text[start:end]``
is the span.

The rules themselves (:class:`Rule`, :class:`RuleSet`, :func:`load_rules`) are read by
:mod:`coverage_study.reading.cleaning_rules` and re-exported here; this module applies them to a
text.
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from typing import Any

from .. import _frozen
from ..text.spans import HoleIndex, nfc_end, nfc_offsets
from .cleaning_rules import REPEATED_HEADLINE, Rule, RuleSet, load_rules

__all__ = [
    "Cleaned",
    "Rule",
    "RuleSet",
    "clean_text",
    "load_rules",
    "split_lines",
]

_LINE = re.compile(r"[^\r\n]*(?:\r\n|\r|\n)|[^\r\n]+\Z")


@dataclass
class Cleaned:
    """What :func:`clean_text` found in one text. All offsets index the original text."""

    headline_span: tuple[int, int] | None
    body_spans: list[tuple[int, int]]
    removed: list[tuple[int, int, str]]  # (start, end, rule)
    extracted: dict[str, list[str]] = field(default_factory=dict)


def split_lines(text: str) -> Iterator[tuple[int, int]]:
    """Yield ``(start, end)`` of each line's content, without its terminator (CRLF, LF or CR)."""
    yield from _lines(text)


def _lines(text: str) -> list[tuple[int, int]]:
    """:func:`split_lines` as a list (a line per LF when the text holds no CR: the fast path)."""
    if "\r" in text:
        out = []
        for m in _LINE.finditer(text):
            end = m.end()
            if text.endswith("\r\n", 0, end):
                end -= 2
            elif end > m.start() and text[end - 1] in "\r\n":
                end -= 1
            out.append((m.start(), end))
        return out
    out, start = [], 0
    for part in text.split("\n"):
        end = start + len(part)
        out.append((start, end))
        start = end + 1
    if out[-1][0] == out[-1][1]:
        out.pop()  # the text ends with a terminator (or is empty): no line after it
    return out


# White space as ``str.isspace`` sees it (which is what ``str.strip()`` strips), and the BOM
_SPACE_BOM = "".join(c for c in map(chr, range(0x3001)) if c.isspace()) + "\ufeff"


def _strip(text: str, start: int, end: int) -> tuple[int, int]:
    """Shrink ``[start, end)`` so that it neither starts nor ends with white space (or a BOM)."""
    if start < end and text[start] not in _SPACE_BOM and text[end - 1] not in _SPACE_BOM:
        return start, end  # the usual line: nothing to strip, and no copy of it made
    part = text[start:end]
    kept = part.lstrip(_SPACE_BOM)
    if not kept:
        return end, end
    return start + len(part) - len(kept), end - len(part) + len(part.rstrip(_SPACE_BOM))


# --- a cheap exact test before each regular expression -----------------------------------------
# A rule's ``search`` is skipped when a test that every match must pass fails on the line:
# * most rules cannot match a line that lacks some literals (``>`` for a breadcrumb; "/" and one
#   of "EFE", "AFP", ... for a wire signature): read off the parsed pattern, they are tested
#   with ``in`` (one generated function per test);
# * the other rules anchored at the line start (``^...``) are tried together, as one pattern
#   ``^(?:(?:rest1)|(?:rest2)|...)``, which matches iff one of them matches.
# Rules whose patterns are not plain (flags, back references) are always searched.

try:  # the regular expression parser of the standard library (private, but stable since 3.11)
    from re import _constants as _sre_c  # type: ignore[attr-defined]  # private: not in typeshed
    from re import _parser as _sre_parse  # type: ignore[attr-defined]  # private: not in typeshed
except ImportError:  # pragma: no cover - Python < 3.11
    import sre_constants as _sre_c
    import sre_parse as _sre_parse

_REPEATS = frozenset(
    getattr(_sre_c, n)
    for n in ("MAX_REPEAT", "MIN_REPEAT", "POSSESSIVE_REPEAT")
    if hasattr(_sre_c, n)
)
_GROUP_NAME = re.compile(r"\(\?P<(\w+)>")


def _tree(p: object) -> object:
    """A parsed pattern as nested tuples (comparable with ``==``)."""
    if isinstance(p, _sre_parse.SubPattern):
        return tuple(_tree(item) for item in p.data)
    if isinstance(p, tuple | list):
        return tuple(_tree(item) for item in p)
    return p


def _parsed(source: str) -> tuple[object, ...]:
    """The pattern ``source`` parsed, as nested tuples (see :func:`_tree`)."""
    tree = _tree(_sre_parse.parse(source))
    assert isinstance(tree, tuple)  # parse gives a SubPattern, which _tree makes a tuple
    return tree


def _has_reference(tree: object) -> bool:
    if isinstance(tree, tuple):
        if tree and tree[0] in (_sre_c.GROUPREF, _sre_c.GROUPREF_EXISTS):
            return True
        return any(_has_reference(t) for t in tree)
    return False


_NARROW = frozenset(
    getattr(_sre_c, n) for n in ("CATEGORY_SPACE", "CATEGORY_DIGIT", "CATEGORY_UNI_SPACE",
                                 "CATEGORY_UNI_DIGIT") if hasattr(_sre_c, n)
)  # fmt: skip


def _wide_repeat(tree: object) -> bool:
    """Whether a parsed pattern repeats (8 times or more) a class that prose is full of, such as
    ``[\\w .-]{0,40}`` or ``.*``: searching it on a paragraph backtracks a lot."""
    if not isinstance(tree, tuple):
        return False
    if len(tree) == 2 and tree[0] in _REPEATS and isinstance(tree[1], tuple) and len(tree[1]) == 3:
        _low, high, body = tree[1]
        if high >= 8 and len(body) == 1:
            op, av = body[0]
            if op is _sre_c.ANY or op is _sre_c.NOT_LITERAL:
                return True
            if op is _sre_c.IN and any(
                o is not _sre_c.LITERAL and not (o is _sre_c.CATEGORY and a in _NARROW)
                for o, a in av
            ):
                return True
    return any(_wide_repeat(t) for t in tree)


def _required(items: Any) -> list[frozenset[str]]:  # a parsed (sub)pattern
    """Literal needs of a parsed pattern: every match contains one string of each set."""
    out: list[frozenset[str]] = []
    run: list[str] = []
    for op, av in items:
        if op is _sre_c.LITERAL:
            run.append(chr(av))
            continue
        if run:
            out.append(frozenset(["".join(run)]))
            run = []
        if op is _sre_c.SUBPATTERN:
            _group, add_flags, _del_flags, sub = av
            if not add_flags & (_sre_c.SRE_FLAG_IGNORECASE | _sre_c.SRE_FLAG_LOCALE):
                out += _required(sub)
        elif op in _REPEATS:
            low, _high, sub = av
            if low >= 1:
                out += _required(sub)
        elif op is getattr(_sre_c, "ATOMIC_GROUP", None):
            out += _required(av)
        elif op is _sre_c.BRANCH:
            alternatives = [_required(sub) for sub in av[1]]
            if all(alternatives):
                out.append(frozenset().union(*(max(a, key=_strength) for a in alternatives)))
        elif op is _sre_c.IN and av and all(o is _sre_c.LITERAL for o, _ in av):
            out.append(frozenset(chr(c) for _, c in av))  # a class of listed characters
        # anything else (classes, anchors, look-arounds, references) asks for no literal
    if run:
        out.append(frozenset(["".join(run)]))
    return out


def _strength(need: frozenset[str]) -> tuple[int, int]:
    return min(map(len, need)), -len(need)


@dataclass(frozen=True)
class _Need:
    """Literals a match contains: each of ``each`` and one of ``one_of`` (if given)."""

    each: tuple[str, ...]
    one_of: tuple[str, ...] | None

    def expression(self) -> str:
        """The test as a Python expression on ``line`` (False if it lacks the literals)."""
        parts = [f"{s!r} in line" for s in self.each]
        if self.one_of is not None:
            parts.append("(" + " or ".join(f"{s!r} in line" for s in self.one_of) + ")")
        return "(" + " and ".join(parts) + ")"

    def __getstate__(self) -> dict[str, Any]:  # pickled field by field (_frozen says why)
        return _frozen.state(self)

    def __setstate__(self, values: dict[str, Any]) -> None:
        _frozen.restore(self, values)



def _test(expression: str) -> Callable[[str], bool]:
    """A test expression on ``line`` (string literals, ``in``, ``and``, ``or``) as a function:
    one call per line, however many literals."""
    source = f"lambda line: {expression}"
    test: Callable[[str], bool] = eval(source, {"__builtins__": {}})  # noqa: S307 - our own text
    return test


def _need(source: str) -> _Need | None:
    """The literals every match of a parsed pattern contains, as a test (None: none known)."""
    # a literal holding a line break cannot be in a line: leave such sets alone
    needs = [
        n for n in _required(_sre_parse.parse(source)) if not any("\r" in s or "\n" in s for s in n)
    ]
    longest_first = lambda s: (-len(s), s)  # noqa: E731
    each = tuple(sorted({s for n in needs if len(n) == 1 for s in n}, key=longest_first))
    several = [n for n in needs if len(n) > 1]
    one_of: tuple[str, ...] | None = None
    if several:
        # a statement of its own: as sorted's argument, mypy would type max from sorted
        strongest = max(several, key=_strength)
        # a literal that holds another of the set adds nothing to the test ("via Getty Images"
        # holds "Getty"): fewer scans of each line
        kept = {s for s in strongest if not any(t != s and t in s for t in strongest)}
        one_of = tuple(sorted(kept, key=longest_first))
    return _Need(each, one_of) if each or one_of else None


_Entry = tuple[Rule, "Callable[[str], bool] | None", bool]  # rule, literal prefilter, anchored


@dataclass(frozen=True)
class _Side:
    """The rules of one scope with their prefilters (see above)."""

    entries: tuple[_Entry, ...]
    anchored: re.Pattern[str] | None  # matches iff one of the anchored rules matches
    needs: Callable[[str], bool] | None  # the literal prefilters of the other rules, as one
    always: bool  # a rule has no prefilter: every line is tried

    def matches(self, line: str) -> Iterator[tuple[Rule, re.Match[str]]]:
        """``(rule, match)`` for each rule (in order) that matches ``line`` and whose ``unless``
        does not: a line rule's first match, every match of a match rule."""
        anchored_hit = self.anchored is not None and self.anchored.search(line) is not None
        if not (anchored_hit or self.always or (self.needs is not None and self.needs(line))):
            return
        for rule, need, is_anchored in self.entries:
            if is_anchored:
                if not anchored_hit:
                    continue
            elif need is not None and not need(line):
                continue
            found: list[re.Match[str]]
            if rule.scope == "match":
                # furniture glued to prose can stand more than once in a line: every match goes
                found = list(rule.match.finditer(line))
            else:
                first = rule.match.search(line)
                found = [] if first is None else [first]
            if found and rule.unless is not None and rule.unless.search(line) is not None:
                continue  # the line has a shape the rule does not take (its ``unless``)
            for m in found:
                yield rule, m

    def __getstate__(self) -> dict[str, Any]:  # pickled field by field (_frozen says why)
        return _frozen.state(self)

    def __setstate__(self, values: dict[str, Any]) -> None:
        _frozen.restore(self, values)


def _entry(k: int, rule: Rule) -> tuple[_Entry, str | None, str | None]:
    """The rule's entry, the source of its anchored rest (groups renamed) if it has one, and its
    literal test as an expression if it has one."""
    pattern = rule.match
    if pattern.flags != re.UNICODE:  # (a str pattern: load_rules checks match is a str)
        return (rule, None, False), None, None  # flags (IGNORECASE...) change what literals match
    source = pattern.pattern
    try:
        tree = _parsed(source)
    except Exception:  # noqa: BLE001 - whatever the parser says: no prefilter  # pragma: no cover
        return (rule, None, False), None, None
    if _has_reference(tree):
        return (rule, None, False), None, None
    need = _need(source)
    if need is not None and _wide_repeat(tree):
        # slow on prose even when anchored: test the literals first
        return (rule, _test(need.expression()), False), None, need.expression()
    if source.startswith("^") and tree and tree[0] == (_sre_c.AT, _sre_c.AT_BEGINNING):
        rest = _GROUP_NAME.sub(lambda m: f"(?P<_r{k}_{m.group(1)}>", source[1:])
        try:  # the rest parses as the pattern after its "^" (only group names differ)
            same = _parsed(rest) == tree[1:]
        except Exception:  # noqa: BLE001  # pragma: no cover
            same = False
        if same:
            return (rule, None, True), rest, None
    if need is None:
        return (rule, None, False), None, None
    return (rule, _test(need.expression()), False), None, need.expression()


def _side(rules: tuple[Rule, ...], scope: str) -> _Side:
    entries, rests, needs = [], [], []
    for k, rule in enumerate(rules):
        if rule.scope == scope:
            entry, rest, need = _entry(k, rule)
            entries.append(entry)
            if rest is not None:
                rests.append(rest)
            if need is not None:
                needs.append(need)
    anchored = None
    if rests:
        try:
            anchored = re.compile("^(?:" + "|".join(f"(?:{r})" for r in rests) + ")")
        except re.error:  # pragma: no cover - each part compiles on its own
            entries = [(rule, need, False) for rule, need, _ in entries]
    always = any(need is None and not is_anchored for _, need, is_anchored in entries)
    return _Side(tuple(entries), anchored, _test(" or ".join(needs)) if needs else None, always)


_PLANS: dict[int, tuple[tuple[Rule, ...], _Side, _Side]] = {}


def _plan(rules: RuleSet) -> tuple[_Side, _Side]:
    """The line rules and the match rules of ``rules``, with their prefilters (cached)."""
    cached = _PLANS.get(id(rules.rules))
    if cached is None or cached[0] is not rules.rules:
        if len(_PLANS) > 64:
            _PLANS.clear()
        cached = (rules.rules, _side(rules.rules, "line"), _side(rules.rules, "match"))
        _PLANS[id(rules.rules)] = cached
    return cached[1], cached[2]


def clean_text(text: str, headline: str | None = None, rules: RuleSet | None = None) -> Cleaned:
    """Split ``text`` into headline, body spans and removed spans.

    Parameters
    ----------
    text : str
        The article as stored.
    headline : str, optional
        The headline from the metadata. Its first occurrence in ``text`` becomes the headline
        zone; later lines that repeat it exactly are removed by the built-in rule
        ``repeated_headline``. A headline not found in ``text`` gives no headline zone.
    rules : RuleSet, optional
        Default: the packaged rules.

    Returns
    -------
    Cleaned
        Every non-blank character of ``text`` is in exactly one of the headline span, a body
        span or a removed span.
    """
    rules = rules or load_rules()
    line_rules, match_rules = _plan(rules)
    lines = _lines(text)
    headline_span = None
    h0, h1 = 0, -1  # no headline: nothing overlaps it
    if headline:
        pos = text.find(headline)
        if pos >= 0:
            headline_span = (pos, pos + len(headline))
            h0, h1 = headline_span
    headline_stripped = headline.strip() if headline else None

    removed: list[tuple[int, int, str]] = []
    extracted: dict[str, list[str]] = {}
    claimed_by: dict[int, str] = {}  # line index -> rule that removed the whole line
    to_end_rule: str | None = None

    def remember(m: re.Match[str]) -> None:
        for key, value in m.groupdict().items():
            if value:
                extracted.setdefault(key, []).append(value.strip())

    normalize = unicodedata.normalize
    has_line_rules, has_match_rules = bool(line_rules.entries), bool(match_rules.entries)
    for i, (ls, le) in enumerate(lines):
        if i in claimed_by:
            continue
        line = text[ls:le]
        if not line or line.isspace():
            continue
        overlaps = ls < h1 and h0 < le
        line_hit = None
        if not overlaps and has_line_rules:
            # a whole-line rule reads the line composed (NFC), so that "cafe\u0301 > News" is a
            # breadcrumb as "café > News" is: \w does not match a combining mark
            composed = normalize("NFC", line)
            for rule, m in line_rules.matches(composed):
                if m.end() > m.start():
                    line_hit = (rule, m)
                    break
        if line_hit is not None:
            rule, m = line_hit
            claimed_by[i] = rule.name
            remember(m)
            if rule.block == "next_line":
                for j in range(i + 1, len(lines)):
                    if text[lines[j][0] : lines[j][1]].strip():
                        claimed_by[j] = rule.name
                        break
            elif rule.block == "to_end":
                to_end_rule = rule.name
            continue
        if to_end_rule is not None:
            # inside a block that runs to the end: a line no other rule claims goes with it
            claimed_by[i] = to_end_rule
            continue
        if headline and not overlaps and line.strip() == headline_stripped:
            claimed_by[i] = REPEATED_HEADLINE
            continue
        if not has_match_rules:
            continue
        back = None
        if not unicodedata.is_normalized("NFC", line):
            # as the whole-line rules, match rules read the line composed ("Bogota\u0301, ...
            # (EFE) -" is a dateline as "Bogotá, ... (EFE) -" is); offsets map back to the line
            line, back, _ = nfc_offsets(line)
        taken: list[tuple[int, int]] = []  # this line's removed spans: an earlier rule's stay
        for rule, m in match_rules.matches(line):
            if m.end() == m.start():
                continue
            ms, me = m.span() if back is None else (back[m.start()], nfc_end(back, m.end()))
            s, e = ls + ms, ls + me
            if not (s < h1 and h0 < e) and not any(s < te and ts < e for ts, te in taken):
                taken.append((s, e))
                removed.append((*_strip(text, s, e), rule.name))
                remember(m)

    for i, name in claimed_by.items():
        s, e = _strip(text, *lines[i])
        if s < e:
            removed.append((s, e, name))
    removed = sorted(r for r in removed if r[0] < r[1])

    holes = [(s, e) for s, e, _ in removed]
    if headline_span:
        holes.append(headline_span)
    body: list[tuple[int, int]] = []
    hole_index = HoleIndex(holes)
    for i, (ls, le) in enumerate(lines):
        if i in claimed_by or ls == le:
            continue
        for ps, pe in hole_index.subtract(ls, le):
            s, e = _strip(text, ps, pe)
            if s < e:
                body.append((s, e))
    return Cleaned(headline_span, body, removed, extracted)
