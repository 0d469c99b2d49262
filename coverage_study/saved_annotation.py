"""A saved annotation: an annotated corpus's layers on disk, read back only while its key holds.

:func:`coverage_study.annotate` with ``cache=FOLDER`` (or :meth:`AnnotatedCorpus.save
<coverage_study.document.AnnotatedCorpus.save>`) writes the one pass's result to ``FOLDER``
so that the next run (another notebook, a rerun of the figure set) reads it instead of reading
every article again. joblib's ``Memory`` and the ``datasets`` cache work the same way: the
result is stored beside a key of everything that decided it, and it is used only when the key
of the current call is equal.

The folder holds:

======================  ==================================================================
``key.json``            the key (below), the sha256 of every other file, and the warnings
                        the load and the pass gave
``corpus.parquet``      the loaded corpus (only when :func:`~coverage_study.annotate` was
                        given a corpus folder or file: its loading is then saved too)
``<layer>.parquet``     each layer of the pass (:data:`coverage_study.document.PASS`)
======================  ==================================================================

**The key** (:func:`annotation_key`) holds: what was annotated (the corpus fingerprint,
:func:`~coverage_study.corpus_fingerprint`, and the sha256 of the cleaning's output columns;
for a corpus folder, the sha256 of every file in it, by relative path, in place of the latter:
the folder's files, the packaged cleaning rules and the code, all in the key, decide them);
everything :func:`~coverage_study.origin.origin` records (the package version and the sha256 of
its code, the engine, the version and sha256 of the cleaning rules, reporting verbs, media,
nationalities, discovery lists, places, alias table and lexicon, the researcher's own files
included, by content) but the git revision (a commit that leaves the code alone changes no
number); the engine and every option of :func:`~coverage_study.annotate` that changes a layer
(``discover``); and the format of the folder. ``warn`` is not in it: it decides only whether
the warnings are shown, and they are saved and shown again on reading.

**Reading** (:func:`read`): the key is read and compared first; a folder whose key differs
from the current one is never read (the caller annotates again and replaces it). Then the saved
corpus (when it is needed) is read, and each layer only when it is first asked for
(:class:`SavedLayers`): a notebook that needs two layers reads two files. A key or corpus file
that cannot be read gives an :class:`AnnotationWarning` and the corpus is annotated again; a
layer file missing, truncated or changed (its sha256 differs from the key's, or Parquet cannot
read it) gives an :class:`AnnotationWarning` when it is first asked for, and that layer is
found again from the text (and its file replaced, :func:`replace_layer`): never a half or
wrong result.

**Writing** (:func:`write`) is atomic: the files go to a new folder beside the target, which
then takes its place by renames, so that an interrupted run or two runs at once never leave a
half annotation where it can be read. A folder that is not a saved annotation (it has other
files) is never replaced: that is an error, so that a wrong path cannot delete a researcher's
files.

Values are kept exactly: Parquet columns keep their pandas dtypes (pyarrow's pandas metadata),
and columns of Python objects (tuples of spans, ``None`` beside ``NaN``, dictionaries in their
key order) are stored as tagged JSON text and read back as the same objects.
"""

from __future__ import annotations

import contextlib
import hashlib
import importlib
import json
import os
import shutil
import tempfile
import uuid
import warnings
from collections.abc import Iterable
from pathlib import Path
from typing import Any

import pandas as pd

from .layer_codec import (
    decode_value,
    encode_value,
    frame_from_bytes,
    frame_to_bytes,
    items_from_bytes,
    items_to_bytes,
)

__all__ = [
    "FORMAT",
    "KEY_FILE",
    "AnnotationWarning",
    "annotation_key",
    "folder_sha256",
    "SavedLayers",
    "read",
    "replace_layer",
    "replay",
    "write",
]

FORMAT = 1
"""The layout of a saved annotation; a folder of another format is annotated again."""
KEY_FILE = "key.json"
CORPUS_FILE = "corpus.parquet"
_META = b"coverage_study"


class AnnotationWarning(UserWarning):
    """A saved annotation could not be read whole (a file missing, truncated or changed); the
    corpus is annotated again and the folder replaced."""


# --- the key ---------------------------------------------------------------------------------
def folder_sha256(path: str | Path) -> str:
    """sha256 of what a corpus folder (or table file) holds: every file below it, by relative
    path and content (a file added, removed, renamed or changed by one byte changes it)."""
    root = Path(path)
    h = hashlib.sha256()
    files = [(root.name, str(root))] if root.is_file() else sorted(_files(str(root), ""))
    for rel, p in files:
        with open(p, "rb") as fh:
            data = fh.read()
        h.update(rel.encode("utf-8") + b"\x00" + str(len(data)).encode() + b"\x00")
        h.update(data)
    return h.hexdigest()


def _files(folder: str, prefix: str) -> list[tuple[str, str]]:
    """``(relative path with "/", path)`` of every file below ``folder``: what
    ``Path(folder).rglob("*")`` lists and ``is_file()`` keeps (links to files followed, links to
    folders not entered), from the directory entries without a ``stat`` of each file."""
    out: list[tuple[str, str]] = []
    try:
        entries = list(os.scandir(folder))
    except PermissionError:  # as rglob: a folder that cannot be listed adds nothing
        return out
    for entry in entries:
        if entry.is_dir() and not entry.is_symlink():
            out += _files(entry.path, f"{prefix}{entry.name}/")
        elif entry.is_file():
            out.append((prefix + entry.name, entry.path))
    return out


def _derived_sha256(corpus: pd.DataFrame) -> str:
    """sha256 of the columns cleaning derives from the text (what the fingerprint leaves out)."""
    h = hashlib.sha256()
    for column in ("headline_span", "body_spans", "removed_spans", "body", "dateline", "wire"):
        if column in corpus:
            values = [encode_value(v) for v in corpus[column].tolist()]
            h.update(column.encode() + b"\x00" + json.dumps(values).encode("utf-8") + b"\x00")
    return h.hexdigest()


def annotation_key(
    corpus: pd.DataFrame | None,
    lexicon: Any,
    aliases: Any,
    *,
    engine: str,
    discover: bool,
    folder: str | None = None,
) -> dict[str, Any]:
    """The key of an annotation (see the module docstring): plain JSON values.

    ``corpus`` is the loaded corpus (None when only its ``folder`` hash is known: the corpus is
    then read from the saved annotation, loaded with the packaged cleaning rules); ``folder``
    the :func:`folder_sha256` of the corpus folder it was loaded from, if any. ``lexicon`` and
    ``aliases`` are the loaded :class:`~coverage_study.Lexicon` and
    :class:`~coverage_study.AliasTable`.
    """
    from . import origin

    cleaning = corpus.attrs.get("cleaning_rules") if corpus is not None else None
    behind = origin.origin(cleaning, lexicon, aliases, engine=engine)  # parse: its model too
    behind.pop("git_revision", None)  # the code is named by its content (code_sha256)
    source: dict[str, Any] = {}
    if folder is not None:
        source["folder_sha256"] = folder
    if corpus is not None:
        source["fingerprint"] = origin.corpus_fingerprint(corpus)
        if folder is None:  # a folder's cleaning is decided by its files, rules and code
            source["derived_sha256"] = _derived_sha256(corpus)
        source["n_articles"] = len(corpus)
    return {
        "format": FORMAT,
        "corpus": source,
        "origin": behind,
        "engine": engine,
        "options": {"discover": bool(discover)},
    }


def _matches(saved: dict[str, Any], current: dict[str, Any]) -> bool:
    """Whether a saved key answers the current one: equal in everything, the corpus entry
    compared on what the current key knows of it (a folder's hash, or the loaded corpus)."""
    if {k: v for k, v in saved.items() if k != "corpus"} != {
        k: v for k, v in current.items() if k != "corpus"
    }:
        return False
    have, want = saved.get("corpus", {}), current["corpus"]
    return bool(want) and all(have.get(k) == v for k, v in want.items())


# --- warnings, saved and shown again ----------------------------------------------------------
def _warning_record(w: warnings.WarningMessage) -> dict[str, Any]:
    category = w.category
    record: dict[str, Any] = {
        "category": f"{category.__module__}:{category.__qualname__}", "message": str(w.message)
    }  # fmt: skip
    if isinstance(w.message, Warning):
        reduced = w.message.__reduce__()
        args = reduced[1] if isinstance(reduced, tuple) and len(reduced) > 1 else None
        with contextlib.suppress(TypeError):  # arguments that JSON cannot hold: the message
            record["args"] = encode_value(args)
    return record


def records(caught: Iterable[warnings.WarningMessage]) -> list[dict[str, Any]]:
    """JSON records of caught warnings (category, message, the arguments that rebuild it)."""
    return [_warning_record(w) for w in caught]


def replay(saved: list[dict[str, Any]], stacklevel: int = 3) -> None:
    """Give again the warnings of :func:`records` (each as its own category, with its message)."""
    for r in saved:
        module, _, name = r["category"].partition(":")
        try:
            category: Any = importlib.import_module(module)
            for part in name.split("."):
                category = getattr(category, part)
        except (ImportError, AttributeError):
            category = UserWarning
        message: Any = r["message"]
        if "args" in r:
            try:
                message = category(*decode_value(r["args"]))
            except Exception:  # a warning class whose arguments do not rebuild it
                message = r["message"]
        warnings.warn(message, category, stacklevel=stacklevel)


# --- writing and reading ----------------------------------------------------------------------
def _is_annotation(folder: Path) -> bool:
    """Whether ``folder`` holds only what a saved annotation holds (or nothing)."""
    return all(
        p.is_file() and (p.name == KEY_FILE or p.suffix == ".parquet") for p in folder.iterdir()
    )


def check_target(path: str | Path, corpus_folder: str | Path | None = None) -> Path:
    """``path`` as a folder an annotation may be written to; raises ValueError (naming it) if it
    is a file, a folder holding anything but a saved annotation, or inside ``corpus_folder``
    (a researcher's corpus is never written to)."""
    target = Path(path)
    if corpus_folder is not None:
        corpus = Path(corpus_folder).resolve()
        here = target.resolve()
        if here == corpus or corpus in here.parents:
            raise ValueError(
                f"the annotation cache {target} is inside the corpus folder {corpus_folder}: "
                "a corpus folder is never written to (choose a folder outside it)"
            )
    if target.exists() and not target.is_dir():
        raise ValueError(f"the annotation cache {target} is a file, not a folder")
    if target.is_dir() and not _is_annotation(target):
        raise ValueError(
            f"{target} holds files that are not a saved annotation: it is not replaced "
            "(give an empty or new folder for the annotation cache)"
        )
    return target


def write(
    path: str | Path,
    key: dict[str, Any],
    layers: dict[str, pd.DataFrame | list[Any]],
    corpus: pd.DataFrame | None = None,
    saved_warnings: dict[str, list[dict[str, Any]]] | None = None,
) -> Path:
    """Write an annotation to the folder ``path``, atomically (see the module docstring):
    ``layers`` by name (DataFrames, or lists for the count layers), the ``corpus`` table when
    given, ``key.json`` with the key, the sha256 of each file and ``saved_warnings``.
    Replaces a saved annotation there; raises ValueError if ``path`` holds other files."""
    target = check_target(path)
    target.parent.mkdir(parents=True, exist_ok=True)
    files: dict[str, bytes] = {}
    if corpus is not None:
        files[CORPUS_FILE] = frame_to_bytes(corpus)
    kinds: dict[str, str] = {}
    for name, layer in layers.items():
        if isinstance(layer, pd.DataFrame):
            files[f"{name}.parquet"], kinds[name] = frame_to_bytes(layer), "frame"
        else:
            files[f"{name}.parquet"], kinds[name] = items_to_bytes(list(layer)), "items"
    content = {
        "key": key,
        "layers": kinds,
        "files": {name: hashlib.sha256(data).hexdigest() for name, data in files.items()},
        "warnings": saved_warnings or {},
    }
    fresh = Path(tempfile.mkdtemp(dir=target.parent, prefix=f".{target.name}.new-"))
    umask = os.umask(0o022)
    os.umask(umask)
    os.chmod(fresh, 0o777 & ~umask)  # as a folder made by mkdir (mkdtemp makes it private)
    try:
        for name, data in files.items():
            (fresh / name).write_bytes(data)
        (fresh / KEY_FILE).write_text(json.dumps(content, indent=1) + "\n", encoding="utf-8")
        _swap(fresh, target)
    finally:
        if fresh.exists():
            shutil.rmtree(fresh, ignore_errors=True)
    return target


def _swap(fresh: Path, target: Path) -> None:
    """Put the folder ``fresh`` in the place of ``target`` by renames (no moment where a half
    annotation stands at ``target``); the old one is removed after."""
    old = target.with_name(f".{target.name}.old-{uuid.uuid4().hex[:12]}")
    for _ in range(5):
        try:
            if target.exists():
                os.replace(target, old)
            os.replace(fresh, target)
            break
        except OSError:  # another process put its annotation there in between: try again
            continue
    shutil.rmtree(old, ignore_errors=True)


class SavedLayers:
    """The layers of a saved annotation whose key held, each read from its Parquet file only when
    it is first asked for (:meth:`load`): its sha256 checked against the key's, then parsed."""

    def __init__(
        self, folder: Path, kinds: dict[str, str], sums: dict[str, str], key: dict[str, Any]
    ):
        self.folder = folder
        self.key = key
        """The saved key (its ``corpus`` entry holds the fingerprint of the corpus saved)."""
        self.kinds = dict(kinds)
        """Layer name -> ``"frame"`` (a DataFrame) or ``"items"`` (a list)."""
        self._sums = sums

    def load(self, name: str) -> Any:
        """The layer ``name`` as it was saved; None (with an :class:`AnnotationWarning`) when its
        file is missing, changed since it was written, or cannot be parsed: the caller finds it
        again from the text."""
        kind = self.kinds.get(name)
        if kind is None:
            return None
        file = f"{name}.parquet"
        raw = _checked(self.folder, file, self._sums.get(file), stacklevel=6)
        if raw is None:
            return None
        try:
            return frame_from_bytes(raw) if kind == "frame" else items_from_bytes(raw)
        except Exception as exc:  # noqa: BLE001 - any failure to parse: found again
            _broken(self.folder, f"{file} cannot be read ({type(exc).__name__}: {exc})",
                    again=True, stacklevel=6)  # fmt: skip
            return None


def _checked(folder: Path, name: str, digest: str | None, stacklevel: int = 5) -> bytes | None:
    """The bytes of ``folder / name`` if its sha256 is ``digest``; else None, with a warning."""
    again = name != CORPUS_FILE
    try:
        raw = (folder / name).read_bytes()
    except OSError as exc:
        _broken(folder, f"{name} cannot be read ({exc.strerror or exc})", again, stacklevel)
        return None
    if digest is None or hashlib.sha256(raw).hexdigest() != digest:
        _broken(folder, f"{name} is not the file that was written (its sha256 differs)", again,
                stacklevel)  # fmt: skip
        return None
    return raw


def read(
    path: str | Path, key: dict[str, Any], corpus: bool = True
) -> tuple[pd.DataFrame | None, SavedLayers, dict[str, list[dict[str, Any]]]] | None:
    """The saved annotation at ``path`` if its key matches ``key``: ``(corpus table or None,
    the layers, read each on first use (:class:`SavedLayers`), saved warnings)``; None when there
    is none, its key differs, or its key or (with ``corpus``) its saved corpus cannot be read
    (then with an :class:`AnnotationWarning`). The key is always checked here, before any layer
    is read: a stale annotation is never read."""
    folder = Path(path)
    key_file = folder / KEY_FILE
    if not key_file.is_file():
        if folder.is_dir() and any(folder.iterdir()):
            _broken(folder, f"{KEY_FILE} is missing")
        return None
    try:
        content = json.loads(key_file.read_text(encoding="utf-8"))
        saved_key, kinds, sums = content["key"], content["layers"], content["files"]
        if not isinstance(kinds, dict) or not isinstance(sums, dict):
            raise TypeError("its layers or files are not a table")
    except (OSError, ValueError, KeyError, TypeError) as exc:
        _broken(folder, f"{KEY_FILE} cannot be read ({exc})")
        return None
    if not _matches(saved_key, key):
        return None
    table = None
    if corpus and CORPUS_FILE in sums:
        raw = _checked(folder, CORPUS_FILE, sums[CORPUS_FILE])
        if raw is None:
            return None
        try:
            table = frame_from_bytes(raw)
        except Exception as exc:  # noqa: BLE001 - any failure to parse: annotate again
            _broken(folder, f"{CORPUS_FILE} cannot be read ({type(exc).__name__}: {exc})")
            return None
    return table, SavedLayers(folder, kinds, sums, saved_key), content.get("warnings", {})


def _broken(folder: Path, why: str, again: bool = False, stacklevel: int = 5) -> None:
    """An :class:`AnnotationWarning`: the whole annotation is made again, or (``again``) the one
    layer is found again from the text, its file replaced."""
    then = ("the layer is found again from the text and its file replaced" if again
            else "the corpus is annotated again and the annotation replaced")  # fmt: skip
    warnings.warn(
        f"the saved annotation {folder} cannot be read: {why}; {then}",
        AnnotationWarning,
        stacklevel=stacklevel,  # the caller of annotate (or of the layer's first reader)
    )


def replace_layer(folder: str | Path, name: str, layer: pd.DataFrame | list[Any]) -> None:
    """Write the layer ``name`` again into the saved annotation at ``folder`` (found again after
    its file was damaged) and its sha256 into the key file, each by an atomic rename. Should the
    run stop between the two, the file and the key disagree and the layer is found again on the
    next read: never a wrong number."""
    root = Path(folder)
    data = frame_to_bytes(layer) if isinstance(layer, pd.DataFrame) else items_to_bytes(list(layer))
    content = json.loads((root / KEY_FILE).read_text(encoding="utf-8"))
    content["files"][f"{name}.parquet"] = hashlib.sha256(data).hexdigest()
    key_bytes = (json.dumps(content, indent=1) + "\n").encode("utf-8")
    for file, raw in ((f"{name}.parquet", data), (KEY_FILE, key_bytes)):
        # named *.parquet: a file left by a stopped run keeps the folder a saved annotation
        part = root / f".{file}.{uuid.uuid4().hex[:12]}.parquet"
        try:
            part.write_bytes(raw)
            os.replace(part, root / file)
        finally:
            part.unlink(missing_ok=True)
