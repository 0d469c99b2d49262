"""Check a corpus against its format: columns, metadata and files, every problem at once.

The format is the one :mod:`coverage_study.reading.corpus` describes (a folder of
``<article_id>.txt`` files with a ``metadata.csv``, or one table). This module owns its columns
(:data:`REQUIRED_COLUMNS`, :data:`OPTIONAL_COLUMNS`, :data:`TABLE_REQUIRED`), the values a
known column accepts, and the checks of a folder (:func:`check_corpus`: metadata, file
decoding, rows without files and files without rows, encoding damage) and of a table's columns.
It reads files to check them, never cleans: :mod:`coverage_study.reading.corpus` loads what passes.
"""

from __future__ import annotations

import csv
import io
import os
import re
from datetime import date
from pathlib import Path

import pandas as pd

from ..errors import CorpusError, Problem
from .encoding import Damage, mojibake_lines

__all__ = [
    "OPTIONAL_COLUMNS",
    "REQUIRED_COLUMNS",
    "TABLE_REQUIRED",
    "check_corpus",
]

REQUIRED_COLUMNS = ("article_id", "outlet")
OPTIONAL_COLUMNS = ("published", "language", "translated", "headline", "url")
TABLE_REQUIRED = ("article_id", "text", "outlet")
TABLE_SUFFIXES = (".parquet", ".csv")
_KNOWN_COLUMNS = frozenset((*REQUIRED_COLUMNS, *OPTIONAL_COLUMNS))
_UNKNOWN = {"", "unknown"}
_DATE = re.compile(r"^\d{4}-\d{2}-\d{2}$")
_TRUE = {"true", "yes", "1"}
_FALSE = {"false", "no", "0"}


def _decode(path: Path, raw: bytes) -> tuple[str | None, Problem | None]:
    name = path.name
    if not raw.strip():
        return None, Problem("error", name, "empty file (no text)")
    if b"\x00" in raw:
        nul = raw.index(b"\x00")
        return None, Problem("error", name, f"binary file (NUL byte at byte {nul}), not UTF-8 text")
    try:
        text = raw.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        line = raw[: exc.start].count(b"\n") + 1
        return None, Problem(
            "error",
            f"{name}:{line}",
            f"not valid UTF-8 (byte 0x{raw[exc.start]:02x} at byte {exc.start}); "
            "re-encode the file as UTF-8 (e.g. from cp1252 or latin-1)",
        )
    if not text.strip():
        return None, Problem("error", name, "empty file (only white space)")
    return text, None


def _is_date(value: str) -> bool:
    if not _DATE.match(value):
        return False
    try:
        date.fromisoformat(value)
    except ValueError:
        return False
    return True


def _read_metadata(folder: Path, problems: list[Problem]) -> pd.DataFrame | None:
    meta_path = folder / "metadata.csv"
    if not meta_path.is_file():
        problems.append(Problem("error", str(meta_path), "metadata.csv is missing"))
        return None
    raw = meta_path.read_bytes()
    try:
        decoded = raw.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        problems.append(Problem("error", "metadata.csv", f"not valid UTF-8 (byte {exc.start})"))
        return None
    try:
        rows = list(csv.reader(io.StringIO(decoded, newline="")))
    except csv.Error as exc:
        problems.append(Problem("error", "metadata.csv", f"malformed CSV: {exc}"))
        return None
    if not rows:
        problems.append(Problem("error", "metadata.csv", "empty file (no header row)"))
        return None
    header = [h.strip() for h in rows[0]]
    missing = [c for c in REQUIRED_COLUMNS if c not in header]
    if missing:
        problems.append(
            Problem("error", "metadata.csv", f"required column(s) missing: {', '.join(missing)}")
        )
        return None
    dupes = sorted({h for h in header if header.count(h) > 1})
    if dupes:
        problems.append(Problem("error", "metadata.csv", f"duplicate column(s): {dupes}"))
        return None
    records = []
    for lineno, row in enumerate(rows[1:], start=2):
        if not any(cell.strip() for cell in row):
            continue
        if len(row) != len(header):
            problems.append(
                Problem(
                    "error",
                    f"metadata.csv:{lineno}",
                    f"{len(row)} fields where the header has {len(header)}",
                )
            )
            continue
        records.append({"_line": lineno, **dict(zip(header, row, strict=True))})
    return pd.DataFrame(records, columns=["_line", *header], dtype=object)


def _check_rows(meta: pd.DataFrame, problems: list[Problem]) -> None:
    for col in REQUIRED_COLUMNS:
        for _, row in meta[meta[col].str.strip() == ""].iterrows():
            problems.append(Problem("error", f"metadata.csv:{row['_line']}", f"empty '{col}'"))
    counts = meta["article_id"].value_counts()
    for article_id in sorted(counts[counts > 1].index):
        lines = meta.loc[meta["article_id"] == article_id, "_line"].tolist()
        problems.append(
            Problem(
                "error",
                "metadata.csv",
                f"duplicate article_id '{article_id}' on lines {', '.join(map(str, lines))}",
            )
        )
    for row in meta.to_dict("records"):
        where = f"metadata.csv:{row['_line']}"
        if "published" in meta and row["published"].strip().lower() not in _UNKNOWN:
            value = row["published"].strip()
            if not _is_date(value):
                problems.append(
                    Problem(
                        "warning",
                        where,
                        f"malformed date in 'published' for {row['article_id']}: {value!r} "
                        "(expected YYYY-MM-DD); loaded as missing",
                    )
                )
        if "translated" in meta:
            value = row["translated"].strip().lower()
            if value not in _UNKNOWN | _TRUE | _FALSE:
                problems.append(
                    Problem(
                        "warning",
                        where,
                        f"'translated' for {row['article_id']} is {row['translated']!r}, "
                        "not true/false/unknown; loaded as missing",
                    )
                )


MOJIBAKE_WHY = (
    "carry encoding damage (mojibake: UTF-8 read as Latin-1 or Windows-1252, e.g. "
    "'GuantÃ¡namo' for 'Guantánamo'), whose words count as other words"
)
MOJIBAKE_FIX = "`coverage-study repair CORPUS --out FIXED` writes a repaired copy; damaged lines"


def _damage_note(damage: list[Damage]) -> str:
    """``line 3`` or ``lines 3, 7``: the damaged lines of one text."""
    return ("line " if len(damage) == 1 else "lines ") + ", ".join(str(d.line) for d in damage)


def _damage_example(d: Damage) -> str:
    """Where a line's damage starts, and its repair (``'t FranÃ§ois' -> 't François'``)."""
    i = len(os.path.commonprefix([d.before, d.after]))  # the first character that differs
    start = max(0, i - 12)
    return f"{d.before[start : i + 18]!r} -> {d.after[start : i + 14]!r}"


def check_corpus(path: str | Path) -> tuple[list[Problem], pd.DataFrame | None, dict[str, str]]:
    """Find every problem of a corpus folder at once.

    Returns
    -------
    problems : list of Problem
        Errors and warnings, in the order found; encoding damage (mojibake) is one warning per
        file, naming its damaged lines (:func:`coverage_study.reading.encoding.mojibake_lines`).
    metadata : DataFrame or None
        The raw metadata (strings), or None where it could not be read.
    texts : dict
        article_id -> decoded text, for every file that decoded.
    """
    problems, meta, texts, damaged = _check_folder(path)
    for article_id, damage in damaged.items():
        problems.append(
            Problem("warning", f"{article_id}.txt:{damage[0].line}",
                    f"encoding damage (mojibake) on {_damage_note(damage)}, e.g. "
                    f"{_damage_example(damage[0])}; `coverage-study repair` writes a repaired "
                    "copy of the corpus")
        )  # fmt: skip
    return problems, meta, texts


def _check_folder(
    path: str | Path,
) -> tuple[list[Problem], pd.DataFrame | None, dict[str, str], dict[str, list[Damage]]]:
    """:func:`check_corpus` without the encoding warnings, and the damaged lines of each text."""
    folder = Path(path)
    problems: list[Problem] = []
    if not folder.is_dir():
        what = "is not a folder" if folder.exists() else "does not exist"
        return [Problem("error", str(folder), f"corpus folder {what}")], None, {}, {}
    meta = _read_metadata(folder, problems)
    files = {p.stem: p for p in sorted(folder.glob("*.txt"))}
    texts: dict[str, str] = {}
    for article_id, file in files.items():
        text, problem = _decode(file, file.read_bytes())
        if problem:
            problems.append(problem)
        else:
            assert text is not None  # _decode gives a text or a problem
            texts[article_id] = text
    damaged = {i: d for i, t in texts.items() if (d := mojibake_lines(t))}
    if meta is None:
        return problems, None, texts, damaged
    _check_rows(meta, problems)
    ids = set(meta["article_id"])
    for article_id in sorted(ids - set(files)):
        if article_id.strip():
            problems.append(
                Problem("error", "metadata.csv", f"row '{article_id}' has no file {article_id}.txt")
            )
    for article_id in sorted(set(files) - ids):
        problems.append(
            Problem("error", f"{article_id}.txt", "file has no row in metadata.csv (add one)")
        )
    return problems, meta, texts, damaged


def _check_table_columns(name: str, columns: list[str]) -> None:
    missing = [c for c in TABLE_REQUIRED if c not in columns]
    if missing:
        problem = Problem("error", name, f"required column(s) missing: {', '.join(missing)}")
        raise CorpusError([problem])
    dupes = sorted({c for c in columns if list(columns).count(c) > 1})
    if dupes:
        raise CorpusError([Problem("error", name, f"duplicate column(s): {dupes}")])
