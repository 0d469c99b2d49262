"""Lexicons of term families: quanteda dictionaries in YAML, loaded, checked and compiled.

A lexicon maps each *family* to glob patterns (see :func:`load_lexicon` for the file format,
:mod:`coverage_study.tables.terms` for what a pattern matches). A :class:`Lexicon` carries its name,
version and sha256 (the provenance of every result computed with it) and its compiled
regexes (built once, in :mod:`coverage_study.components.term_scan`).
"""

from __future__ import annotations

import functools
import hashlib
import re
import warnings
from dataclasses import dataclass, field
from importlib import resources
from pathlib import Path
from typing import Any

import yaml

from ..text.spans import WORD
from ..text.term_patterns import _compile, _Family, _normalise, _starts, _trie, _units

__all__ = ["DEFAULT_LEXICON", "Lexicon", "LexiconWarning", "load_lexicon"]

DEFAULT_LEXICON = "russia_ukraine"
META_KEY = "_meta"


class LexiconWarning(UserWarning):
    """A lexicon that loads but has a pattern that can never match (the message says which)."""


@dataclass(frozen=True)
class Lexicon:
    """Term families with their version and the sha256 of the file they came from.

    ``families`` maps a family name to its glob patterns, in file order; ``exclude`` maps a
    family to patterns it never counts. ``version`` is ``_meta.version`` or, for a file without
    ``_meta`` (a plain quanteda dictionary), ``"sha256:"`` plus the first 12 hex digits.
    """

    families: dict[str, tuple[str, ...]]
    version: str
    sha256: str
    source: str
    name: str
    description: str = ""
    exclude: dict[str, tuple[str, ...]] = field(default_factory=dict)
    _regex: dict[str, _Family] = field(init=False, repr=False, compare=False)
    _names: tuple[str, ...] = field(init=False, repr=False, compare=False)
    _candidates: re.Pattern[str] = field(init=False, repr=False, compare=False)
    _first_of: dict[str, tuple[int, ...]] = field(init=False, repr=False, compare=False)
    _starts: re.Pattern[bytes] | None = field(init=False, repr=False, compare=False)

    def __post_init__(self) -> None:
        compiled = {
            family: _compile(patterns, self.exclude.get(family, ()))
            for family, patterns in self.families.items()
        }
        firsts = {
            _normalise(p).split()[0]
            for family, patterns in self.families.items()
            for p in (*patterns, *self.exclude.get(family, ()))
        }
        set_ = object.__setattr__
        set_(self, "_regex", compiled)
        set_(self, "_names", tuple(self.families))
        set_(self, "_candidates", re.compile(_trie([_units(w) for w in sorted(firsts)])))
        set_(self, "_first_of", {})  # token -> families it can start (a cache, grows)
        set_(self, "_starts", _starts(sorted(firsts)))

    @property
    def provenance(self) -> dict[str, str]:
        """What travels with every result: ``name``, ``version``, ``sha256``."""
        return {"name": self.name, "version": self.version, "sha256": self.sha256}

    def pick(self, wanted: list[str] | tuple[str, ...], n: int = 5) -> list[str]:
        """The families of ``wanted`` that this lexicon has, in that order; if it has none of
        them (a notebook's default families, run with another lexicon), its first ``n``
        families in file order."""
        have = [f for f in wanted if f in self.families]
        return have or list(self.families)[:n]


# --------------------------------------------------------------------------- loading


def load_lexicon(path_or_name: str | Path | Lexicon | None = None) -> Lexicon:
    """Read a lexicon: a packaged one by name (default ``russia_ukraine``) or a YAML file.

    The file is a quanteda dictionary: a mapping from family name to a list of glob patterns
    (a single string is a one-pattern list). A nested mapping makes families ``parent.child``;
    a list may mix patterns (for ``parent``) with one-key mappings (children), as quanteda
    writes them. The reserved top-level key ``_meta`` may hold ``version`` (a string),
    ``description`` and ``exclude`` (family -> patterns it never counts).

    Raises
    ------
    ValueError
        If the file is not UTF-8 YAML, its top level is not a mapping, a family is empty or
        has a pattern that is not a non-empty string, ``_meta`` is malformed, or an exclusion
        names an unknown family. The message names the file and the key.

    Warns
    -----
    LexiconWarning
        For a pattern word the tokeniser can never produce (e.g. ``u.s.``: "U.S." is two
        tokens); it loads but never matches.
    """
    if isinstance(path_or_name, Lexicon):
        return path_or_name
    name = DEFAULT_LEXICON if path_or_name is None else str(path_or_name)
    if path_or_name is None or (
        isinstance(path_or_name, str) and re.fullmatch(r"[\w-]+", path_or_name)
    ):
        resource = resources.files("coverage_study").joinpath(f"data/lexicons/{name}.yml")
        if not resource.is_file():
            raise ValueError(f"no packaged lexicon named {name!r} (and no such file)")
        raw = resource.read_bytes()
        source = f"coverage_study/data/lexicons/{name}.yml"
    else:
        path = Path(path_or_name)
        raw = path.read_bytes()
        source, name = str(path), path.stem
    return _parse(raw, source, name)


@functools.lru_cache(maxsize=32)
def _parse(raw: bytes, source: str, name: str) -> Lexicon:
    """Build a Lexicon from a file's bytes (cached: the same bytes give the same lexicon)."""
    try:
        data = yaml.safe_load(raw.decode("utf-8"))
    except (UnicodeDecodeError, yaml.YAMLError) as exc:
        raise ValueError(f"{source}: not a valid UTF-8 YAML file: {exc}") from exc
    if not isinstance(data, dict) or not data:
        raise ValueError(f"{source}: the top level must be a mapping of family -> patterns")
    sha256 = hashlib.sha256(raw).hexdigest()
    meta = data.pop(META_KEY, None)
    exclude: dict[str, tuple[str, ...]]
    version, description, exclude = f"sha256:{sha256[:12]}", "", {}
    if meta is not None:
        version, description, exclude = _read_meta(meta, source)
    families: dict[str, tuple[str, ...]] = {}
    _flatten(data, "", families, source)
    if not families:
        raise ValueError(f"{source}: no families (only '{META_KEY}')")
    for family, patterns in exclude.items():
        if family not in families:
            raise ValueError(f"{source}: {META_KEY}.exclude names unknown family {family!r}")
        shared = {_normalise(p) for p in patterns} & {_normalise(p) for p in families[family]}
        if shared:
            raise ValueError(
                f"{source}: {META_KEY}.exclude.{family}: {sorted(shared)} both counted and excluded"
            )
    for family, patterns in [*families.items(), *exclude.items()]:
        for pattern in patterns:
            for word in _normalise(pattern).split():
                if not WORD.fullmatch(word.replace("*", "a").replace("?", "a")):
                    warnings.warn(
                        f"{source}: {family}: pattern {pattern!r} can never match: "
                        f"{word!r} is not one word token",
                        LexiconWarning,
                        stacklevel=4,
                    )
    return Lexicon(families, version, sha256, source, name, description, exclude)


def _read_meta(meta: Any, source: str) -> tuple[str, str, dict[str, tuple[str, ...]]]:
    if not isinstance(meta, dict):
        raise ValueError(f"{source}: {META_KEY} must be a mapping")
    unknown = set(meta) - {"version", "description", "exclude"}
    if unknown:
        raise ValueError(f"{source}: {META_KEY} has unknown key(s) {sorted(unknown)}")
    version = meta.get("version")
    if not isinstance(version, str) or not version.strip():
        raise ValueError(
            f'{source}: {META_KEY}.version must be a quoted string ("1.0", not 1.0), '
            f"not {version!r}"
        )
    exclude: dict[str, tuple[str, ...]] = {}
    raw_exclude = meta.get("exclude") or {}
    if not isinstance(raw_exclude, dict):
        raise ValueError(f"{source}: {META_KEY}.exclude must map family -> patterns")
    for family, patterns in raw_exclude.items():
        exclude[str(family)] = _patterns(patterns, f"{META_KEY}.exclude.{family}", source)
    return version.strip(), str(meta.get("description") or ""), exclude


def _patterns(value: Any, key: str, source: str) -> tuple[str, ...]:
    values = [value] if isinstance(value, str) else value
    if values is None or values == []:
        raise ValueError(f"{source}: {key}: empty family (give at least one pattern)")
    if not isinstance(values, list):
        values = [values]
    for v in values:
        if not isinstance(v, str) or not v.strip():
            raise ValueError(f"{source}: {key}: pattern {v!r} is not a non-empty string")
    return tuple(values)


def _flatten(
    node: dict[Any, Any], prefix: str, out: dict[str, tuple[str, ...]], source: str
) -> None:
    for key, value in node.items():
        family = f"{prefix}{key}"
        if isinstance(value, dict):
            if not value:
                raise ValueError(f"{source}: {family}: empty family (give at least one pattern)")
            _flatten(value, f"{family}.", out, source)
            continue
        if isinstance(value, list):
            children = [v for v in value if isinstance(v, dict)]
            value = [v for v in value if not isinstance(v, dict)]
            for child in children:
                _flatten(child, f"{family}.", out, source)
            if children and not value:
                continue
        if family in out:
            raise ValueError(f"{source}: {family}: family defined twice")
        out[family] = _patterns(value, family, source)
