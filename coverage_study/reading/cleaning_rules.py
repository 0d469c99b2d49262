"""The cleaning rules: what a rule is, the rule set, and reading it from ``cleaning.toml``.

A :class:`Rule` names a regular expression that marks page furniture (a line, or a match within
a line), why it is furniture, and what else it takes (the next line, or the rest of the text);
a :class:`RuleSet` is the rules of one file with its version and sha256, which provenance
records. :func:`load_rules` reads and checks a rules file (default: the packaged
``data/cleaning.toml``). :mod:`coverage_study.reading.clean` applies a rule set to a text and
re-exports these names.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from .. import _frozen
from ..datafiles import read_toml

__all__ = ["REPEATED_HEADLINE", "Rule", "RuleSet", "load_rules"]

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
    unless: re.Pattern[str] | None = None  # a line this matches is not the rule's (see TOML)

    def __getstate__(self) -> dict[str, Any]:  # pickled field by field (_frozen says why)
        return _frozen.state(self)

    def __setstate__(self, values: dict[str, Any]) -> None:
        _frozen.restore(self, values)


@dataclass(frozen=True)
class RuleSet:
    """The cleaning rules with their version and the sha256 of the file they came from."""

    version: str
    sha256: str
    rules: tuple[Rule, ...]
    source: str

    def __getstate__(self) -> dict[str, Any]:  # pickled field by field (_frozen says why)
        return _frozen.state(self)

    def __setstate__(self, values: dict[str, Any]) -> None:
        _frozen.restore(self, values)


def load_rules(path: str | Path | None = None) -> RuleSet:
    """Read cleaning rules from a TOML file (default: the packaged ``cleaning.toml``).

    Raises
    ------
    ValueError
        If a rule lacks ``name``, ``reason`` or ``match``, repeats a name, has an unknown
        ``scope``/``block``, or its regular expression (``match`` or ``unless``) does not
        compile. The message names the file and the rule.
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
            raise ValueError(
                f"{where}: scope must be one of {sorted(_VALID_SCOPES)}, not {scope!r}"
            )
        if block not in _VALID_BLOCKS:
            raise ValueError(
                f"{where}: block must be one of {sorted(_VALID_BLOCKS)}, not {block!r}"
            )
        unless = entry.get("unless")
        if unless is not None and (not isinstance(unless, str) or not unless.strip()):
            raise ValueError(f"{where}: 'unless' must be a non-empty regular expression")
        try:
            pattern = re.compile(entry["match"])
            veto = re.compile(unless) if unless is not None else None
        except re.error as exc:
            raise ValueError(f"{where}: regular expression does not compile: {exc}") from exc
        rules.append(Rule(entry["name"], entry["reason"], pattern, scope, block, veto))
    if "version" not in data:
        raise ValueError(f"{source}: missing top-level 'version'")
    return RuleSet(str(data["version"]), sha256, tuple(rules), source)
