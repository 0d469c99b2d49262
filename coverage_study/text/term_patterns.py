"""A lexicon's glob patterns as regexes over an article's token stream: what
:mod:`coverage_study.components.lexicon` compiles when it loads a lexicon and
:mod:`coverage_study.components.term_scan` runs on each article.

Below both (the lexicon holds the compiled patterns, the scanner reads the lexicon): the
stream itself (lower-cased, a token a run of characters other than " " and "|") is built in
:mod:`coverage_study.components.term_scan`, whose comments set out its rules;
:mod:`coverage_study.tables.terms` says what a pattern matches.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from typing import Any

from .. import _frozen
from .spans import any_form

_NORMALISE = str.maketrans({"\u2019": "'", "\u2010": "-", "\u2011": "-"})
_IN_TOKEN = "[^ |]"
"""A token character, in a stream: the same as term_scan's _TOKEN_CHAR there (a stream holds token
characters, " " and "|" only), and cheap for the regex engine to rule out."""


def _normalise(s: str) -> str:
    return str.lower(s).translate(_NORMALISE)


def _units(word: str) -> list[str]:
    """A glob word as regex pieces, one per character."""
    return [
        f"{_IN_TOKEN}*" if c == "*" else _IN_TOKEN if c == "?" else any_form(c) for c in word
    ]


def _trie(words: list[list[str]]) -> str:
    """One regex matching any of ``words`` (lists of pieces) as a whole token, prefixes shared."""
    root: dict[str, dict[str, Any]] = {}
    for units in words:
        node = root
        for u in units:
            node = node.setdefault(u, {})
        node[""] = {}

    def build(node: dict[str, dict[str, Any]]) -> str:
        alts = [f"(?!{_IN_TOKEN})" if u == "" else u + build(child) for u, child in node.items()]
        return alts[0] if len(alts) == 1 else f"(?:{'|'.join(alts)})"

    # the start-of-token check comes after a literal first character, so that the regex engine
    # can skip ahead to the characters a first word can start with
    alts = [
        f"(?<!{_IN_TOKEN}){u}{build(child)}"
        if u.startswith(("[", "(?:"))
        else f"{u}(?<!{_IN_TOKEN}.){build(child)}"
        for u, child in root.items()
    ]
    return "|".join(alts)


def _starts(words: list[str]) -> re.Pattern[bytes] | None:
    """A bytes regex that finds, in a stream encoded as in
    :func:`~coverage_study.components.term_scan._scan`, the token starts where a token may fullmatch
    one of the glob ``words`` (a superset: a " " and then the literal start of a word, up to its
    first wildcard).

    None where a word holds "|" (the candidate regex may match it across two tokens) or the
    literal start of a word is not ASCII: the candidate regex is used then.
    """
    root: dict[str, dict[str, Any]] = {}
    for word in words:
        if "|" in word:
            return None
        node = root
        for c in word:
            if c in "*?" or "" in node:
                break
            if not c.isascii():
                return None
            node = node.setdefault(re.escape(c), {})
        node.clear()  # a shorter start covers every longer one
        node[""] = {}

    def build(node: dict[str, dict[str, Any]]) -> str:
        if "" in node:
            return ""
        alts = [u + build(child) for u, child in node.items()]
        return alts[0] if len(alts) == 1 else f"(?:{'|'.join(alts)})"

    body = build(root)  # empty where a word starts with a wildcard: every token is a candidate
    return re.compile(f" (?:{body})".encode("ascii") if body else b" (?=[^ ])")


@dataclass(frozen=True)
class _Family:
    regex: re.Pattern[str]  # matched at a token start: the family's longest pattern there
    groups: dict[str, tuple[str, bool]]  # group name -> (pattern, excluded)
    first: re.Pattern[str]  # full-matches a token that can start one of its patterns

    def __getstate__(self) -> dict[str, Any]:  # pickled field by field (_frozen says why)
        return _frozen.state(self)

    def __setstate__(self, values: dict[str, Any]) -> None:
        _frozen.restore(self, values)


def _compile(patterns: tuple[str, ...], exclude: tuple[str, ...]) -> _Family:
    """A family's regexes. Alternatives with the most words come first, so that the alternation
    takes the longest pattern at a token (at equal length an exclusion wins)."""
    entries = [(p, True) for p in exclude] + [(p, False) for p in patterns]
    order = sorted(range(len(entries)), key=lambda i: -len(entries[i][0].split()))
    groups, alternatives = {}, []
    for i in order:
        pattern, excluded = entries[i]
        body = " +".join("".join(_units(w)) for w in _normalise(pattern).split())
        groups[f"p{i}"] = (pattern, excluded)
        alternatives.append(f"(?P<p{i}>{body})")
    regex = re.compile(f"(?:{'|'.join(alternatives)})(?!{_IN_TOKEN})")
    firsts = {_normalise(p).split()[0] for p, _ in entries}
    first = re.compile("|".join("".join(_units(w)) for w in sorted(firsts)))
    return _Family(regex, groups, first)
