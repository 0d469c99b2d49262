"""Write a repaired copy of a corpus folder: its encoding damage (mojibake) undone, line by line.

The corpus itself is never edited; :func:`repair_corpus` checks it (as
:func:`coverage_study.reading.corpus_checks.check_corpus` does), copies it and rewrites only the
damaged lines, and reports every change. ``coverage-study repair`` runs it.
"""

from __future__ import annotations

import shutil
from pathlib import Path

import pandas as pd

from ..errors import CorpusError, Problem
from .corpus_checks import _check_folder
from .encoding import repair_text

__all__ = ["REPAIR_REPORT", "repair_corpus"]

REPAIR_REPORT = "repair_report.csv"


def repair_corpus(path: str | Path, out: str | Path) -> pd.DataFrame:
    """Write a copy of the corpus folder ``path`` to ``out`` with its encoding damage repaired.

    Every file of the folder (and of its subfolders) is copied unchanged, except the
    ``<article_id>.txt`` files and ``metadata.csv`` with lines that
    :func:`coverage_study.reading.encoding.mojibake_lines` finds damaged: those lines are written
    repaired (ftfy, the encoding only), the other lines, the line endings and a UTF-8 BOM as
    they were. ``out/repair_report.csv`` lists every change: ``file, line, before, after``
    (1-based line numbers of the file; no rows when nothing was damaged). ``path`` is never
    written to.

    Only the folder form is read. A table corpus (``.parquet``, ``.csv``) is refused: repair its
    ``text`` column with :func:`coverage_study.reading.encoding.repair_text`, which returns the
    changes.

    Returns
    -------
    DataFrame
        The report, as written.

    Raises
    ------
    CorpusError
        If ``path`` is not a corpus folder that loads (every error listed), or ``out`` is
        ``path`` itself, lies inside it, holds it, or exists and is not empty.
    """
    source, target = Path(path).resolve(), Path(out).resolve()
    if not source.is_dir():
        what = "is not a folder" if source.exists() else "does not exist"
        hint = (" (repair reads corpus folders; for a table, repair its 'text' column with "
                "coverage_study.reading.encoding.repair_text)"
                ) if source.is_file() else ""  # fmt: skip
        raise CorpusError([Problem("error", str(path), f"corpus folder {what}{hint}")])
    if target == source or source in target.parents or target in source.parents:
        why = "is the corpus itself" if target == source else (
            "lies inside the corpus" if source in target.parents else "holds the corpus")
        raise CorpusError([Problem("error", str(out), f"--out {why}: the corpus is never "
                                   "edited in place; give a folder outside it")])  # fmt: skip
    if target.exists() and (not target.is_dir() or any(target.iterdir())):
        raise CorpusError([Problem("error", str(out), "--out exists and is not an empty "
                                   "folder: nothing is overwritten")])  # fmt: skip
    problems, _meta, _texts, _damaged = _check_folder(source)
    errors = [p for p in problems if p.severity == "error"]
    if errors:
        raise CorpusError(errors)
    shutil.copytree(source, target, dirs_exist_ok=True)
    rows: list[dict[str, object]] = []
    for file in [source / "metadata.csv", *sorted(source.glob("*.txt"))]:
        raw = file.read_bytes()
        bom = raw.startswith(b"\xef\xbb\xbf")
        text = raw.decode("utf-8-sig")  # checked above: every file decodes
        fixed, damage = repair_text(text)
        if damage:
            (target / file.name).write_bytes((b"\xef\xbb\xbf" if bom else b"")
                                             + fixed.encode("utf-8"))  # fmt: skip
            rows += [{"file": file.name, "line": d.line, "before": d.before, "after": d.after}
                     for d in damage]  # fmt: skip
    report = pd.DataFrame(rows, columns=["file", "line", "before", "after"])
    report.to_csv(target / REPAIR_REPORT, index=False, lineterminator="\n")
    return report
