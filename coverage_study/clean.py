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
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path

from .datafiles import read_toml
from .spans import HoleIndex

__all__ = [
    "Cleaned",
    "Rule",
    "RuleSet",
    "clean_text",
    "load_rules",
    "split_lines",
]

REPEATED_HEADLINE = "repeated_headline"
"""Built-in rule: a later line that repeats the headline word for word is a layout duplicate."""

_VALID_SCOPES = {"line", "match"}
_VALID_BLOCKS = {"none", "next_line", "to_end"}
_LINE = re.compile(r"[^\r\n]*(?:\r\n|\r|\n)|[^\r\n]+\Z")


@dataclass(frozen=True)
class Rule:
    """One cleaning rule (see ``data/cleaning.toml`` for the meaning of each field)."""

    name: str
    reason: str
    match: re.Pattern[str]
    scope: str = "line"
    block: str = "none"


@dataclass(frozen=True)
class RuleSet:
    """The cleaning rules with their version and the sha256 of the file they came from."""

    version: str
    sha256: str
    rules: tuple[Rule, ...]
    source: str


@dataclass
class Cleaned:
    """What :func:`clean_text` found in one text. All offsets index the original text."""

    headline_span: tuple[int, int] | None
    body_spans: list[tuple[int, int]]
    removed: list[tuple[int, int, str]]  # (start, end, rule)
    extracted: dict[str, list[str]] = field(default_factory=dict)


def load_rules(path: str | Path | None = None) -> RuleSet:
    """Read cleaning rules from a TOML file (default: the packaged ``cleaning.toml``).

    Raises
    ------
    ValueError
        If a rule lacks ``name``, ``reason`` or ``match``, repeats a name, has an unknown
        ``scope``/``block``, or its regular expression does not compile. The message names the
        file and the rule.
    """
    data, source, sha256 = read_toml(path, "cleaning.toml", need_version=False)
    rules: list[Rule] = []
    seen: set[str] = set()
    for i, entry in enumerate(data.get("rule", []), start=1):
        where = f"{source}: rule #{i} ({entry.get('name', '?')})"
        for key in ("name", "reason", "match"):
            if not isinstance(entry.get(key), str) or not entry[key].strip():
                raise ValueError(f"{where}: missing or empty '{key}'")
        if entry["name"] in seen or entry["name"] == REPEATED_HEADLINE:
            raise ValueError(f"{where}: rule name '{entry['name']}' is used twice")
        seen.add(entry["name"])
        scope, block = entry.get("scope", "line"), entry.get("block", "none")
        if scope not in _VALID_SCOPES:
            raise ValueError(f"{where}: scope must be one of {sorted(_VALID_SCOPES)}, not {scope!r}")
        if block not in _VALID_BLOCKS:
            raise ValueError(f"{where}: block must be one of {sorted(_VALID_BLOCKS)}, not {block!r}")
        try:
            pattern = re.compile(entry["match"])
        except re.error as exc:
            raise ValueError(f"{where}: regular expression does not compile: {exc}") from exc
        rules.append(Rule(entry["name"], entry["reason"], pattern, scope, block))
    if "version" not in data:
        raise ValueError(f"{source}: missing top-level 'version'")
    return RuleSet(str(data["version"]), sha256, tuple(rules), source)


def split_lines(text: str) -> Iterator[tuple[int, int]]:
    """Yield ``(start, end)`` of each line's content, without its terminator (CRLF, LF or CR)."""
    for m in _LINE.finditer(text):
        end = m.end()
        if text.endswith("\r\n", 0, end):
            end -= 2
        elif end > m.start() and text[end - 1] in "\r\n":
            end -= 1
        yield m.start(), end


def _strip(text: str, start: int, end: int) -> tuple[int, int]:
    """Shrink ``[start, end)`` so that it neither starts nor ends with white space (or a BOM)."""
    while start < end and (text[start].isspace() or text[start] == "\ufeff"):
        start += 1
    while end > start and (text[end - 1].isspace() or text[end - 1] == "\ufeff"):
        end -= 1
    return start, end


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
    lines = list(split_lines(text))
    headline_span = None
    if headline:
        pos = text.find(headline)
        if pos >= 0:
            headline_span = (pos, pos + len(headline))

    removed: list[tuple[int, int, str]] = []
    extracted: dict[str, list[str]] = {}
    claimed_by: dict[int, str] = {}  # line index -> rule that removed the whole line
    to_end_rule: str | None = None

    def overlaps_headline(start: int, end: int) -> bool:
        return headline_span is not None and start < headline_span[1] and headline_span[0] < end

    def remember(m: re.Match[str]) -> None:
        for key, value in m.groupdict().items():
            if value:
                extracted.setdefault(key, []).append(value.strip())

    for i, (ls, le) in enumerate(lines):
        line = text[ls:le]
        if i in claimed_by or not line.strip():
            continue
        line_hit = None
        composed = unicodedata.normalize("NFC", line)
        for rule in rules.rules:
            # a whole-line rule reads the line composed (NFC), so that "cafe\u0301 > News" is a
            # breadcrumb as "café > News" is: \w does not match a combining mark
            m = rule.match.search(composed) if rule.scope == "line" else None
            if m is not None and m.end() > m.start() and not overlaps_headline(ls, le):
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
        if headline and not overlaps_headline(ls, le) and line.strip() == headline.strip():
            claimed_by[i] = REPEATED_HEADLINE
            continue
        for rule in rules.rules:
            if rule.scope != "match":
                continue
            m = rule.match.search(line)
            if m is None or m.end() == m.start():
                continue
            s, e = ls + m.start(), ls + m.end()
            if not overlaps_headline(s, e):
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
        if i in claimed_by:
            continue
        for ps, pe in hole_index.subtract(ls, le):
            s, e = _strip(text, ps, pe)
            if s < e:
                body.append((s, e))
    return Cleaned(headline_span, body, removed, extracted)
