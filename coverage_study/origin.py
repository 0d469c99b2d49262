"""What decides a number: the package version, its code, the attribution engine, the data files.

Every figure's manifest row (:mod:`coverage_study.provenance`) and every ``metrics_table``
result (``DataFrame.attrs``, and so the Parquet metadata) names them, so that two reports that
show different numbers for the same corpus can say why.

* **version**: ``coverage_study.__version__``, read by :mod:`importlib.metadata` from
  ``pyproject.toml`` (the one place it is set; ``CITATION.cff`` repeats it and a test checks
  they agree). Semantic versioning, where any change to a number that a table or a figure can
  show is at least a minor release (``CHANGELOG.md`` says which numbers moved, per release).
* **code**: :func:`code_sha256`, the sha256 of the package's Python source (every ``*.py`` file
  under ``coverage_study/``, by relative path, line endings as LF). It is a content hash: the
  same in a checkout and in the installed wheel, and the same across commits that do not touch
  the code, so it can stand in a committed ``figures/MANIFEST.csv`` that must come out byte for
  byte the same on every regeneration (a git revision there would change with every commit).
* **revision**: :func:`git_revision`, ``git rev-parse HEAD`` of the checkout the package runs
  from, with ``+dirty`` when the code is uncommitted; ``"not a checkout"`` for an installed
  package (or where git is missing). *Uncommitted code* means: ``git status --porcelain
  --untracked-files=all`` lists a path under ``coverage_study/`` (and, for figures, under
  ``notebooks/``): a tracked file modified, staged, deleted or renamed, or a new file git does
  not ignore (a module not yet added is imported all the same). Ignored files (compiled
  extensions, caches) do not count.
* **engine**: the attribution engine, ``"rules"`` (:data:`ENGINE`, the default) or
  ``"parse"``; for ``"parse"`` also **parse**: spaCy's version and the model's package name,
  version and sha256 (:func:`coverage_study.components.attribution.parse_model.model_info`).
* **data files**: :func:`data_files`: version and sha256 of each file that decides a number:
  the cleaning rules (``data/cleaning.toml``), the reporting verbs
  (``data/reporting_verbs.toml``), the media list (``data/media.toml``), the actor alias table
  (``data/actors.toml``) and the lexicon, or the researcher's replacements for them.
"""

from __future__ import annotations

import hashlib
import shutil
import subprocess
from functools import lru_cache
from pathlib import Path
from typing import Any

from .datafiles import read_toml

__all__ = [
    "ENGINE",
    "NOT_A_CHECKOUT",
    "checkout_root",
    "code_sha256",
    "code_sha256_at",
    "committed_file",
    "corpus_fingerprint",
    "data_files",
    "git_revision",
    "head_revision",
    "origin",
]

ENGINE = "rules"
"""The default attribution engine (the rules of :mod:`coverage_study.components.attribution`);
the engine of a number is :func:`origin`'s ``engine``."""
NOT_A_CHECKOUT = "not a checkout"
DIRTY = "+dirty"
PACKAGE = Path(__file__).resolve().parent
_NOT_CODE = {"__pycache__", "_notebooks", "_seeds"}  # folders of an installed package: no code


def _code_hash(files: list[tuple[str, bytes]]) -> str:
    h = hashlib.sha256()
    for rel, raw in sorted(files):
        h.update(rel.encode("utf-8") + b"\x00" + raw.replace(b"\r\n", b"\n") + b"\x00")
    return h.hexdigest()


def code_sha256(package: str | Path | None = None) -> str:
    """sha256 of the Python source of the package at ``package`` (default: this one).

    Every ``*.py`` file below the package folder except in ``__pycache__`` (and the installed
    copies of the notebooks and seeds), taken in the order of their paths relative to it; each
    path and content (CRLF read as LF) is hashed. Compiled extensions are built from these
    files and are not hashed. Equal in a checkout and in the wheel built from it.
    """
    root = Path(package) if package is not None else PACKAGE
    files = [
        (p.relative_to(root).as_posix(), p.read_bytes())
        for p in root.rglob("*.py")
        if not _NOT_CODE & set(p.relative_to(root).parts[:-1])
    ]
    return _code_hash(files)


def _git(root: Path, *args: str, stdin: bytes | None = None) -> bytes | None:
    """The output of ``git -C root args``, or None when git is missing or fails."""
    exe = shutil.which("git")
    if exe is None:
        return None
    try:
        run = subprocess.run(
            [exe, "-C", str(root), *args], input=stdin, capture_output=True, check=False,
            timeout=60,
        )  # fmt: skip
    except (OSError, subprocess.SubprocessError):
        return None
    return run.stdout if run.returncode == 0 else None


def checkout_root(path: str | Path | None = None) -> Path | None:
    """The git checkout whose top folder holds the package folder ``path`` (default: this
    package's parent), or None: an installed package, a copy without ``.git``, no git."""
    root = (Path(path) if path is not None else PACKAGE.parent).resolve()
    top = _git(root, "rev-parse", "--show-toplevel")
    if top is None or Path(top.decode().strip()).resolve() != root:
        return None
    return root


def git_revision(
    root: str | Path | None = None, paths: tuple[str, ...] = ("coverage_study",)
) -> str:
    """``git rev-parse HEAD`` of the checkout ``root`` (default: the one this package runs
    from), plus ``+dirty`` when ``git status`` lists a change under ``paths`` (see the module
    docstring for what counts); ``"not a checkout"`` when there is none (or no git, or no
    commit yet)."""
    found = checkout_root(root)
    if found is None:
        return NOT_A_CHECKOUT
    head = head_revision(found)
    status = _git(found, "status", "--porcelain", "--untracked-files=all", "--", *paths)
    if head is None or status is None:
        return NOT_A_CHECKOUT
    return head + (DIRTY if status.strip() else "")


def head_revision(root: str | Path) -> str | None:
    """``git rev-parse HEAD`` of the checkout ``root``, or None."""
    head = _git(Path(root), "rev-parse", "--verify", "HEAD")
    return None if head is None else head.decode().strip()


def committed_file(root: str | Path, path: str, revision: str = "HEAD") -> bytes | None:
    """The bytes of ``path`` (relative to the checkout ``root``) as committed at ``revision``,
    or None (not committed there, or no git)."""
    return _git(Path(root), "show", f"{revision}:{path}")


def code_sha256_at(root: str | Path, revision: str = "HEAD", package: str = "coverage_study") -> (
    str | None
):
    """:func:`code_sha256` of the code committed at ``revision`` of the checkout ``root`` (read
    from git, not from the working tree), or None when git cannot say."""
    listing = _git(Path(root), "ls-tree", "-r", "-z", "--full-tree", revision, "--", package)
    if listing is None:
        return None
    blobs: list[tuple[str, str]] = []
    for entry in listing.decode("utf-8").split("\x00"):
        if not entry:
            continue
        meta, path = entry.split("\t", 1)
        rel = path[len(package) + 1 :]
        kind, blob = meta.split()[1:3]
        if kind == "blob" and rel.endswith(".py") and not _NOT_CODE & set(rel.split("/")[:-1]):
            blobs.append((rel, blob))
    wanted = "".join(f"{blob}\n" for _, blob in blobs).encode()
    out = _git(Path(root), "cat-file", "--batch", stdin=wanted)
    if out is None:
        return None
    files, pos = [], 0
    for rel, _ in blobs:  # each answer: "<sha> blob <size>\n<content>\n"
        eol = out.index(b"\n", pos)
        size = int(out[pos:eol].split()[2])
        files.append((rel, out[eol + 1 : eol + 1 + size]))
        pos = eol + 1 + size + 1
    return _code_hash(files)


@lru_cache(maxsize=1)
def _this_code() -> tuple[str, str]:
    """(code sha256, git revision) of the code this process imported, read once."""
    return code_sha256(), git_revision()


@lru_cache(maxsize=8)
def _packaged(name: str) -> dict[str, str]:
    data, _, sha = read_toml(None, name)
    return {"version": str(data["version"]), "sha256": sha}


def data_files(
    cleaning: Any = None, lexicon: Any = None, aliases: Any = None
) -> dict[str, dict[str, str]]:
    """Version and sha256 of every data file that decides a number, by role.

    ``cleaning`` is a :class:`~coverage_study.reading.clean.RuleSet` or a ``{"version", "sha256"}``
    mapping (``corpus.attrs["cleaning_rules"]``); ``lexicon`` a
    :class:`~coverage_study.components.lexicon.Lexicon`, ``aliases`` an
    :class:`~coverage_study.components.aliases.AliasTable`; None for each means the packaged file.
    The reporting verbs, the media list, the nationalities (speaker resolution) and actor
    discovery's word lists and places are always the packaged ones (nothing reads others).
    Keys: ``cleaning, reporting_verbs, media, nationalities, discover, places, aliases,
    lexicon``; the lexicon's entry
    also has its ``name``.
    """
    from .components.lexicon import load_lexicon
    from .reading.clean import load_rules

    if cleaning is None:
        cleaning = load_rules()
    if isinstance(cleaning, dict):
        rules = {"version": str(cleaning["version"]), "sha256": str(cleaning["sha256"])}
    else:
        rules = {"version": cleaning.version, "sha256": cleaning.sha256}
    if aliases is None:
        from .components.aliases import load_aliases

        aliases = load_aliases()
    lexicon = load_lexicon(lexicon)
    return {
        "cleaning": rules,
        "reporting_verbs": dict(_packaged("reporting_verbs.toml")),
        "media": dict(_packaged("media.toml")),
        "nationalities": dict(_packaged("nationalities.toml")),
        "discover": dict(_packaged("discover.toml")),
        "places": dict(_packaged("places.toml")),
        "aliases": {"version": aliases.version, "sha256": aliases.sha256},
        "lexicon": dict(lexicon.provenance),
    }


def origin(
    cleaning: Any = None, lexicon: Any = None, aliases: Any = None, engine: str = ENGINE
) -> dict[str, Any]:
    """Everything behind a number computed in this process, as plain (JSON) values.

    Keys: ``coverage_study`` (the version), ``code_sha256``, ``git_revision`` (of the code
    this process imported, read at the first call), ``engine`` (the attribution engine), and
    one entry per data file as :func:`data_files` gives them (``cleaning_rules`` for the
    cleaning rules); for ``engine="parse"`` also ``parse``: ``{"spacy", "model",
    "model_version", "model_sha256", "parse_cues"}`` (the last the version and sha256 of
    ``data/parse_cues.toml``).
    """
    from ._version import __version__

    code, revision = _this_code()
    files = data_files(cleaning, lexicon, aliases)
    from .components.attribution.engines import check_engine

    found: dict[str, Any] = {
        "coverage_study": __version__,
        "code_sha256": code,
        "git_revision": revision,
        "engine": check_engine(engine),
        "cleaning_rules": files["cleaning"],
        "reporting_verbs": files["reporting_verbs"],
        "media": files["media"],
        "nationalities": files["nationalities"],
        "discover": files["discover"],
        "places": files["places"],
        "aliases": files["aliases"],
        "lexicon": files["lexicon"],
    }
    if engine == "parse":
        from .components.attribution.parse_model import model_info

        # the model, and the cue words the parse engine adds (data/parse_cues.toml)
        found["parse"] = {**model_info(), "parse_cues": dict(_packaged("parse_cues.toml"))}
    return found


def corpus_fingerprint(corpus: Any) -> str:
    """sha256 of the corpus as loaded: every article's id, stored text and metadata values.

    Articles are taken in ``article_id`` order and metadata columns in name order, so the
    fingerprint does not depend on file order or on the machine. Two corpora with the same
    fingerprint hold the same texts with the same metadata.
    """
    import json

    import pandas as pd

    derived = {"text", "body", "dateline", "wire", "headline_span", "body_spans", "removed_spans"}
    meta_cols = sorted(c for c in corpus.columns if c not in derived)
    h = hashlib.sha256()
    ordered = corpus.sort_values("article_id")
    texts = ordered["text"].tolist()
    for row, text in zip(ordered[meta_cols].to_dict("records"), texts, strict=True):
        meta = {c: (None if pd.isna(v) else str(v)) for c, v in row.items()}
        h.update(json.dumps(meta, sort_keys=True, ensure_ascii=False).encode("utf-8"))
        h.update(b"\x00")
        h.update(text.encode("utf-8"))
        h.update(b"\x00")
    return h.hexdigest()
