"""Load a corpus, cleaned: the one way into the package for articles on disk.

A corpus folder holds one ``<article_id>.txt`` file (UTF-8) per article and a ``metadata.csv``
with one row per article. Required columns: ``article_id``, ``outlet``. Optional, with a
meaning the package knows: ``published`` (ISO date ``YYYY-MM-DD``), ``language`` (of the
original), ``translated`` (``true``/``false``), ``headline``, ``url``. Any other column is
carried along unchanged as a per-article variable (quanteda's "docvars"). In the known optional
columns, an empty cell or the word ``unknown`` means "not known" and loads as missing.

Problems are reported, never skipped in silence: :class:`CorpusError` (a ``ValueError``) for
what cannot be loaded, listing every such problem at once, and :class:`CorpusWarning` for what
can be used with care. Each message starts with the file (and line, or column) at fault.

This module loads (:func:`load_corpus`, :func:`iter_corpus`) and gives views of a loaded corpus
(:func:`zone_spans`, :func:`removed_table`, :func:`cleaning_table`). What it builds on lives
beside it and is re-exported here: the format's columns and checks in
:mod:`coverage_study.reading.corpus_checks` (:func:`check_corpus`), the errors and warnings in
:mod:`coverage_study.errors`, the repaired copy in :mod:`coverage_study.reading.repair`.
"""

from __future__ import annotations

import warnings
from collections.abc import Iterator
from datetime import date
from pathlib import Path
from typing import Any

import numpy as np
import pandas as pd
from pandas.api.extensions import ExtensionDtype
from pandas.core.dtypes.cast import maybe_box_native

from ..errors import (
    ArticleError,
    ArticlesWarning,
    CorpusError,
    CorpusWarning,
    Problem,
    merge_warnings,
    reraise_for,
)
from ..text.spans import count_words_in, word_bytes
from .clean import RuleSet, clean_text, load_rules
from .corpus_checks import (
    _FALSE,
    _KNOWN_COLUMNS,
    _TRUE,
    _UNKNOWN,
    MOJIBAKE_FIX,
    MOJIBAKE_WHY,
    OPTIONAL_COLUMNS,
    REQUIRED_COLUMNS,
    TABLE_SUFFIXES,
    _check_folder,
    _damage_note,
    _is_date,
    check_corpus,
)
from .corpus_checks import _check_table_columns as _check_table_columns
from .encoding import mojibake_lines
from .repair import REPAIR_REPORT as REPAIR_REPORT
from .repair import repair_corpus

__all__ = [
    "ArticleError",
    "ArticlesWarning",
    "CorpusError",
    "CorpusWarning",
    "Problem",
    "REQUIRED_COLUMNS",
    "OPTIONAL_COLUMNS",
    "check_corpus",
    "cleaning_table",
    "load_corpus",
    "iter_corpus",
    "merge_warnings",
    "removed_table",
    "repair_corpus",
    "reraise_for",
    "zone_spans",
]


def _known(value: str) -> str | None:
    value = value.strip()
    return None if value.lower() in _UNKNOWN else value


def load_corpus(
    path: str | Path | pd.DataFrame = "seeds", rules: RuleSet | str | Path | None = None
) -> pd.DataFrame:
    """Load a corpus folder as one row per article, cleaned.

    Parameters
    ----------
    path : str, Path or DataFrame
        The corpus folder (see the module docstring for its format), or one table file
        (``.parquet`` or ``.csv``, UTF-8) with one row per article: required columns
        ``article_id, text, outlet`` (``text`` the article as scraped), optional and extra
        columns as in ``metadata.csv``. A table keeps its row order; errors name the file, the
        row (1-based, header not counted) and the column. :func:`iter_corpus` reads it in chunks.
        A pandas DataFrame with the same columns is read as such a table (errors name its
        row by position, 1-based); it is not modified.
    rules : RuleSet or path, optional
        Cleaning rules; default the packaged ``cleaning.toml``.

    Returns
    -------
    DataFrame
        One row per article, in ``article_id`` order, with ``article_id``, ``outlet``, the
        optional and extra metadata columns, ``text`` (the file as stored, decoded; a UTF-8 BOM is
        not part of it, line endings are kept), ``headline``, ``headline_span`` (``(start, end)``
        in ``text`` or None), ``body_spans`` (tuple of ``(start, end)``), ``body`` (the body spans
        joined by blank lines), ``removed_spans`` (tuple of ``(start, end, rule)``), ``dateline``
        and ``wire`` (what the dateline and agency rules took out of the body, ``;``-joined, or
        missing). Offsets everywhere are into ``text``.

    Raises
    ------
    CorpusError
        Listing every error found (missing folder or metadata, required column missing, empty,
        binary or non-UTF-8 file, file without row or row without file, duplicate ids).

    Warns
    -----
    CorpusWarning
        Malformed dates or ``translated`` values (loaded as missing); a headline that does not
        occur in the text (no headline zone); encoding damage (mojibake): one
        :class:`ArticlesWarning` for the corpus, naming each damaged file (or table row) and its
        lines. The text is loaded as stored, never repaired: :func:`repair_corpus` writes a
        repaired copy.
    """
    if isinstance(path, pd.DataFrame):
        return _frame_corpus(path, rules)
    if not isinstance(path, (str, Path)):
        problem = Problem("error", repr(path)[:80], "a corpus is a folder, a .parquet or .csv "
                          f"file, or a DataFrame, not {type(path).__name__}")  # fmt: skip
        raise CorpusError([problem])
    if Path(path).suffix.lower() in TABLE_SUFFIXES and not Path(path).is_dir():
        ruleset = rules if isinstance(rules, RuleSet) else load_rules(rules)
        seen: dict[str, str] = {}
        name = Path(path).name
        raws = (c for c in _iter_raw(Path(path), None) if len(c))
        frames = [_table_corpus(c, name, ruleset, seen) for c in raws]
        if not frames:
            raise CorpusError([Problem("error", Path(path).name, "no articles (no rows)")])
        corpus = pd.concat(frames, ignore_index=True)
        corpus.attrs.update(frames[0].attrs, path=str(path))
        return corpus
    problems, meta, texts, damaged = _check_folder(path)
    errors = [p for p in problems if p.severity == "error"]
    if errors:
        raise CorpusError(errors)
    assert meta is not None
    for p in problems:
        warnings.warn(f"{Path(path).name}/{p}", CorpusWarning, stacklevel=2)
    if damaged:  # one warning for the corpus, however many files
        notes = [f"{i}.txt ({_damage_note(d)})" for i, d in damaged.items()]
        warnings.warn(ArticlesWarning(Path(path).name, MOJIBAKE_WHY, MOJIBAKE_FIX, notes),
                      stacklevel=2)  # fmt: skip
    ruleset = rules if isinstance(rules, RuleSet) else load_rules(rules)

    rows = []
    no_headline: list[str] = []
    for m in meta.sort_values("article_id").to_dict("records"):
        rows.append(_article_row(m, texts[m["article_id"]], ruleset, f"{m['article_id']}.txt",
                                 no_headline))  # fmt: skip
    _warn_no_headline(Path(path).name, "metadata.csv", no_headline)
    return _corpus_frame(rows, ruleset, path)


NO_HEADLINE_FIX = "those articles have no headline zone"


def _warn_no_headline(source: str, meta_name: str, where: list[str]) -> None:
    """One :class:`ArticlesWarning` for the articles whose headline (from ``meta_name``) does not
    occur in their text, however many (chunks of one table merge into one)."""
    if where:
        why = f"have a headline in {meta_name} that does not occur in the text"
        warnings.warn(ArticlesWarning(source, why, NO_HEADLINE_FIX, where), stacklevel=3)


def _article_row(
    m: Any, text: str, ruleset: RuleSet, where: str, no_headline: list[str]
) -> dict[str, object]:
    """One loaded article: metadata values made typed, the text cleaned (``m``: the raw row).
    ``where`` (the article's file or row) is added to ``no_headline`` when its headline does not
    occur in the text (one warning for all of them: :func:`_warn_no_headline`)."""
    article_id = m["article_id"]
    row: dict[str, object] = {"article_id": article_id, "outlet": m["outlet"].strip()}
    for col in m.keys():  # noqa: SIM118 - a Series (metadata row) iterates values, not keys
        if col in ("_line", "article_id", "outlet", "text"):
            continue
        row[col] = _known(m[col]) if col in OPTIONAL_COLUMNS else m[col]
    if "published" in row and row["published"] is not None:
        row["published"] = row["published"] if _is_date(str(row["published"])) else None
    if "translated" in row and row["translated"] is not None:
        value = str(row["translated"]).lower()
        row["translated"] = True if value in _TRUE else False if value in _FALSE else None
    headline = row.get("headline")
    try:
        cleaned = clean_text(text, headline if isinstance(headline, str) else None, ruleset)
    except Exception as exc:
        reraise_for(m.get("article_id", where), "cleaning", exc)
    if isinstance(headline, str) and cleaned.headline_span is None:
        no_headline.append(where)
    row.update(
        text=text,
        headline=headline if isinstance(headline, str) else None,
        headline_span=cleaned.headline_span,
        body_spans=tuple(cleaned.body_spans),
        body="\n\n".join(text[s:e] for s, e in cleaned.body_spans),
        dateline="; ".join(cleaned.extracted.get("dateline", [])) or None,
        wire="; ".join(dict.fromkeys(cleaned.extracted.get("wire", []))) or None,
        removed_spans=tuple(cleaned.removed),
    )
    return row


def _corpus_frame(rows: list[dict[str, object]], ruleset: RuleSet, path: str | Path
                  ) -> pd.DataFrame:  # fmt: skip
    corpus = pd.DataFrame(rows)
    for col in ("headline", "dateline", "wire"):  # None stays None (not NaN) in text columns
        corpus[col] = pd.Series([r[col] for r in rows], dtype=object, index=corpus.index)
    for col in OPTIONAL_COLUMNS:  # a column the metadata lacks is not known for any article
        if col not in corpus:
            corpus[col] = pd.Series([None] * len(corpus), dtype=object, index=corpus.index)
    corpus["published"] = pd.to_datetime(corpus["published"], format="%Y-%m-%d")
    corpus.attrs["cleaning_rules"] = {"version": ruleset.version, "sha256": ruleset.sha256}
    corpus.attrs["path"] = str(path)
    return corpus.reset_index(drop=True)


# --- corpora as one table (Parquet or CSV) ------------------------------------------------------
def _frame_corpus(frame: pd.DataFrame, rules: RuleSet | str | Path | None) -> pd.DataFrame:
    """``load_corpus`` of a DataFrame: the table path, on a copy with positional row numbers."""
    name = "DataFrame"
    columns = [str(c) for c in frame.columns]
    _check_table_columns(name, columns)
    if not len(frame):
        raise CorpusError([Problem("error", name, "no articles (no rows)")])
    raw = frame.copy()
    raw.columns = columns
    raw.index = pd.RangeIndex(len(raw))
    ruleset = rules if isinstance(rules, RuleSet) else load_rules(rules)
    corpus = _table_corpus(raw, name, ruleset, {})
    corpus.attrs["path"] = "<DataFrame>"
    return corpus


def iter_corpus(
    path: str | Path, chunksize: int = 10_000, rules: RuleSet | str | Path | None = None
) -> Iterator[pd.DataFrame]:
    """Load a corpus table (``.parquet`` or ``.csv``) in chunks of ``chunksize`` articles.

    Each chunk is what :func:`load_corpus` gives for those rows (same columns, cleaned), in file
    order; concatenated, the chunks equal ``load_corpus(path)``. Only one chunk of text is in
    memory at a time. A duplicate ``article_id`` is an error also across chunks.
    """
    path = Path(path)
    ruleset = rules if isinstance(rules, RuleSet) else load_rules(rules)
    seen: dict[str, str] = {}
    for raw in _iter_raw(path, chunksize):
        if len(raw):
            chunk = _table_corpus(raw, path.name, ruleset, seen)
            chunk.attrs["path"] = str(path)
            yield chunk


def _iter_raw(path: Path, chunksize: int | None) -> Iterator[pd.DataFrame]:
    """The rows of a corpus table as read, in chunks; the index is the 0-based row number."""
    if not path.is_file():
        raise CorpusError([Problem("error", str(path), "corpus file does not exist")])
    suffix = path.suffix.lower()
    offset = 0
    if suffix == ".parquet":
        import pyarrow.parquet as pq

        try:
            file = pq.ParquetFile(path)
        except Exception as exc:  # pyarrow raises several types for a file that is not Parquet
            problem = Problem("error", path.name, f"not a readable Parquet file: {exc}")
            raise CorpusError([problem]) from None
        _check_table_columns(path.name, file.schema_arrow.names)
        batches = file.iter_batches(batch_size=chunksize or 65_536)
        frames: Iterator[pd.DataFrame] = (b.to_pandas() for b in batches)
    elif suffix == ".csv":
        try:
            header = pd.read_csv(path, nrows=0, encoding="utf-8-sig").columns
        except (UnicodeDecodeError, pd.errors.ParserError, pd.errors.EmptyDataError) as exc:
            problem = Problem("error", path.name, f"not a readable CSV file: {exc}")
            raise CorpusError([problem]) from None
        _check_table_columns(path.name, list(header))
        frames = _csv_chunks(path, chunksize or 65_536)
    else:
        problem = Problem("error", path.name, "a corpus file must end in .parquet or .csv")
        raise CorpusError([problem])
    for frame in frames:
        frame.index = pd.RangeIndex(offset, offset + len(frame))
        offset += len(frame)
        yield frame


def _csv_chunks(path: Path, chunksize: int) -> Iterator[pd.DataFrame]:
    with pd.read_csv(path, dtype=str, keep_default_na=False, encoding="utf-8-sig",
                     chunksize=chunksize) as reader:  # fmt: skip
        yield from reader


def _cell(value: object) -> str:
    """A metadata cell as the folder loader sees it: a string, empty where missing."""
    if value is None or (
        not isinstance(value, str) and pd.api.types.is_scalar(value) and pd.isna(value)
    ):
        return ""
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, pd.Timestamp | date):
        return value.strftime("%Y-%m-%d")
    return str(value)


def _records(raw: pd.DataFrame) -> list[dict[str, object]]:
    """``raw.to_dict("records")``, the same values, read column by column: a pandas ``str``
    column (Python strings or NaN) as one list, not value by value."""
    columns = raw.columns.tolist()
    values = []
    for k, dtype in enumerate(raw.dtypes.tolist()):
        column = raw.iloc[:, k]
        if isinstance(dtype, pd.StringDtype) and dtype.na_value is np.nan:
            values.append(column.tolist())  # what maybe_box_native would leave: str or nan
        elif dtype == np.dtype(object) or isinstance(dtype, ExtensionDtype):
            values.append(list(map(maybe_box_native, column)))  # as to_dict boxes them
        else:
            values.append(list(column))
    return [dict(zip(columns, row, strict=True)) for row in zip(*values, strict=True)]


def _table_corpus(
    raw: pd.DataFrame, name: str, ruleset: RuleSet, seen: dict[str, str]
) -> pd.DataFrame:
    """Check and clean rows of a corpus table (index = 0-based row number); ``seen`` maps the
    ids of earlier chunks to their row, for duplicates across chunks."""
    problems: list[Problem] = []
    rows = []
    damaged: list[str] = []
    no_headline: list[str] = []
    for n, rec in zip(raw.index, _records(raw), strict=True):
        where = f"{name} row {n + 1}"
        # str for the known columns (_cell), the value as read for the others
        m: dict[str, Any] = {
            c: ((v if type(v) is str else _cell(v)) if c in _KNOWN_COLUMNS else v)
            for c, v in rec.items()
        }
        article_id, text = m["article_id"].strip(), rec["text"]
        bad = False
        for col in REQUIRED_COLUMNS:
            if not m[col].strip():
                problems.append(Problem("error", where, f"empty '{col}'"))
                bad = True
        label = f"{where} ({article_id})" if article_id else where
        if not isinstance(text, str) or not text.strip():
            problems.append(Problem("error", label, "empty 'text' (no text)"))
            bad = True
        elif "\x00" in text:
            nul = text.index(chr(0))
            problems.append(Problem("error", label, f"binary text (NUL at character {nul})"))
            bad = True
        if article_id and article_id in seen:
            message = f"duplicate article_id '{article_id}' on rows {seen[article_id]}, {n + 1}"
            problems.append(Problem("error", name, message))
            bad = True
        elif article_id:
            seen[article_id] = str(n + 1)
        if bad or problems:
            continue
        m["article_id"] = article_id
        for col, check, what in (
            ("published", _is_date, "malformed date in 'published'"),
            ("translated", lambda v: v.lower() in _TRUE | _FALSE, "'translated'"),
        ):
            value = m.get(col, "").strip()
            if value and value.lower() not in _UNKNOWN and not check(value):
                warnings.warn(f"{label}: {what} is {value!r}, not understood; loaded as missing",
                              CorpusWarning, stacklevel=3)  # fmt: skip
        assert isinstance(text, str)  # or bad, and the row skipped above
        text = text.removeprefix("\ufeff")
        damage = mojibake_lines(text)
        if damage:
            damaged.append(f"row {n + 1} ({article_id}, {_damage_note(damage)})")
        rows.append(_article_row(m, text, ruleset, label, no_headline))
    if problems:
        raise CorpusError(problems)
    _warn_no_headline(name, "its 'headline' column", no_headline)
    if damaged:  # one warning per table (chunks of one table merge: ArticlesWarning)
        warnings.warn(ArticlesWarning(name, MOJIBAKE_WHY, MOJIBAKE_FIX, damaged), stacklevel=3)
    return _corpus_frame(rows, ruleset, name)


def removed_table(corpus: pd.DataFrame) -> pd.DataFrame:
    """One row per span that cleaning removed: ``article_id, start, end, text, rule``.

    ``text`` is ``corpus.text[start:end]``; ``rule`` names the rule in ``cleaning.toml`` (or the
    built-in ``repeated_headline``).
    """
    columns = (corpus[c].tolist() for c in ("article_id", "text", "removed_spans"))
    records = [
        {"article_id": article_id, "start": s, "end": e, "text": text[s:e], "rule": rule}
        for article_id, text, removed_spans in zip(*columns, strict=True)
        for s, e, rule in removed_spans
    ]
    return pd.DataFrame(records, columns=["article_id", "start", "end", "text", "rule"])


def zone_spans(corpus: pd.DataFrame) -> pd.DataFrame:
    """One row per zone span: ``article_id, zone, start, end`` (zone ``headline`` or ``body``).

    The spans every metric reads: headline first, then the body paragraphs in order.
    """
    records = []
    for r in corpus.itertuples():
        if r.headline_span is not None:
            records.append((r.article_id, "headline", *r.headline_span))
        records.extend((r.article_id, "body", s, e) for s, e in r.body_spans)
    return pd.DataFrame(records, columns=["article_id", "zone", "start", "end"])


def cleaning_table(corpus: pd.DataFrame) -> pd.DataFrame:
    """One row per article: how much of the stored text each zone holds, and what went.

    Columns: ``article_id, outlet, n_chars_text, n_chars_headline, n_chars_body,
    n_chars_removed, n_words_headline, n_words_body, n_words_removed, n_removed_spans``.
    Characters count the spans themselves (white space between spans counts nowhere); words are
    runs of letters or digits, joined by inner apostrophes or hyphens ("Russia’s", "neo-Nazi").
    """
    records = []
    names = ("article_id", "outlet", "text", "removed_spans", "headline_span", "body_spans")
    for article_id, outlet, text, removed_spans, headline_span, body_spans in zip(
        *(corpus[c].tolist() for c in names), strict=True
    ):  # columns as lists: no row objects
        hs, he = headline_span if headline_span is not None else (0, 0)
        words = word_bytes(text)  # once per text: each span's words counted from it
        records.append(
            {
                "article_id": article_id,
                "outlet": outlet,
                "n_chars_text": len(text),
                "n_chars_headline": len(text[hs:he]),
                "n_chars_body": sum(e - s for s, e in body_spans),
                "n_chars_removed": sum(len(text[s:e]) for s, e, _ in removed_spans),
                "n_words_headline": count_words_in(text, words, hs, he),
                "n_words_body": sum(count_words_in(text, words, s, e) for s, e in body_spans),
                "n_words_removed": sum(count_words_in(text, words, s, e)
                                       for s, e, _ in removed_spans),  # fmt: skip
                "n_removed_spans": len(removed_spans),
            }
        )
    return pd.DataFrame(records)
