"""Where a figure came from: the manifest, the gallery and the citation line.

``figures/MANIFEST.csv`` lists every figure with the notebook that wrote it, its caption, its
sha256, the fingerprint of the corpus it was drawn from, the lexicon and alias table (version and
sha256) and the package version. ``figures/README.md`` is a gallery generated from the manifest.
Both are rewritten by ``coverage-study figures`` and hold nothing that changes from run to run
(no dates, no paths of this machine), so regenerating leaves ``git status`` clean.

Captions are the notebooks' own: the markdown cell that shows a figure (``![...](../figures/F)``)
holds its caption as an italic paragraph starting ``*Figure N.``. A figure that a notebook draws
only under a condition (figure 11: dates spanning more than a week) is marked in that cell with
an HTML comment ``<!-- optional figure: why -->``; it may then be absent from ``figures/``.
"""

from __future__ import annotations

import csv
import hashlib
import io
import json
import os
import re
import tempfile
from pathlib import Path

import pandas as pd

from .actors import AliasTable, load_aliases
from .terms import Lexicon, load_lexicon

__all__ = [
    "MANIFEST_COLUMNS",
    "cite",
    "corpus_fingerprint",
    "read_manifest",
    "write_manifest",
]

MANIFEST_COLUMNS = [
    "file",
    "notebook",
    "caption",
    "sha256",
    "corpus_fingerprint",
    "corpus_articles",
    "corpus_dates",
    "lexicon",
    "lexicon_version",
    "lexicon_sha256",
    "aliases_version",
    "aliases_sha256",
    "coverage_study_version",
]
FIGURE_SUFFIXES = (".svg", ".png", ".pdf")
_CAPTION = re.compile(r"^\*(Figure \d+\..*?)\*\s*$", re.S | re.M)
_OPTIONAL = re.compile(r"<!--\s*optional figure\b")


def corpus_fingerprint(corpus: pd.DataFrame) -> str:
    """sha256 of the corpus as loaded: every article's id, stored text and metadata values.

    Articles are taken in ``article_id`` order and metadata columns in name order, so the
    fingerprint does not depend on file order or on the machine. Two corpora with the same
    fingerprint hold the same texts with the same metadata.
    """
    derived = {"text", "body", "dateline", "wire", "headline_span", "body_spans", "removed_spans"}
    meta_cols = sorted(c for c in corpus.columns if c not in derived)
    h = hashlib.sha256()
    for _, row in corpus.sort_values("article_id").iterrows():
        meta = {c: (None if pd.isna(row[c]) else str(row[c])) for c in meta_cols}
        h.update(json.dumps(meta, sort_keys=True, ensure_ascii=False).encode("utf-8"))
        h.update(b"\x00")
        h.update(row["text"].encode("utf-8"))
        h.update(b"\x00")
    return h.hexdigest()


def _optional_figures(notebooks: list[Path]) -> set[str]:
    """Figures shown in a markdown cell marked ``<!-- optional figure ... -->``."""
    found: set[str] = set()
    for nb_path in notebooks:
        nb = json.loads(nb_path.read_text(encoding="utf-8"))
        for cell in nb["cells"]:
            source = "".join(cell["source"])
            if cell["cell_type"] == "markdown" and _OPTIONAL.search(source):
                found.update(re.findall(r"!\[[^\]]*\]\(\.\./figures/([^)]+)\)", source))
    return found


def _figure_sources(notebooks: list[Path]) -> dict[str, tuple[str, str]]:
    """figure file name -> (notebook name, caption), from the notebooks' cells."""
    found: dict[str, tuple[str, str]] = {}
    for nb_path in notebooks:
        nb = json.loads(nb_path.read_text(encoding="utf-8"))
        for cell in nb["cells"]:
            if cell["cell_type"] != "markdown":
                continue
            source = "".join(cell["source"])
            for m in re.finditer(r"!\[[^\]]*\]\(\.\./figures/([^)]+)\)", source):
                caption = _CAPTION.search(source)
                text = " ".join(caption.group(1).split()) if caption else ""
                found[m.group(1)] = (nb_path.name, text)
    return found


def _atomic_write(path: Path, text: str) -> None:
    fd, tmp = tempfile.mkstemp(dir=path.parent, prefix=f".{path.name}.", suffix=".tmp")
    try:
        with os.fdopen(fd, "w", encoding="utf-8", newline="\n") as fh:
            fh.write(text)
        os.replace(tmp, path)
    finally:
        if os.path.exists(tmp):
            os.unlink(tmp)


def write_manifest(
    figures_dir: str | Path,
    notebooks: list[Path],
    corpus: pd.DataFrame,
    lexicon: Lexicon | str | Path | None = None,
    aliases: AliasTable | str | Path | None = None,
) -> pd.DataFrame:
    """Write ``MANIFEST.csv`` and the gallery ``README.md`` into ``figures_dir``; return the rows.

    Raises
    ------
    ValueError
        If a figure file has no notebook that shows it, or a notebook shows a figure that is
        not in ``figures_dir`` (the message names the file) and is not marked optional.
    """
    from . import __version__

    figures_dir = Path(figures_dir)
    lexicon = load_lexicon(lexicon)
    aliases = aliases if isinstance(aliases, AliasTable) else load_aliases(aliases)
    sources = _figure_sources(notebooks)
    files = sorted(p.name for p in figures_dir.iterdir() if p.suffix in FIGURE_SUFFIXES)
    orphans = [f for f in files if f not in sources]
    if orphans:
        raise ValueError(f"{figures_dir}: no notebook shows {', '.join(orphans)}")
    missing = sorted(set(sources) - set(files) - _optional_figures(notebooks))
    if missing:
        raise ValueError(f"{figures_dir}: the notebooks show {', '.join(missing)}, not written")
    dates = corpus["published"].dropna() if "published" in corpus else pd.Series([], dtype=object)
    span = f"{dates.min():%Y-%m-%d}..{dates.max():%Y-%m-%d}" if len(dates) else "unknown"
    fingerprint = corpus_fingerprint(corpus)
    rows = []
    for name in files:
        notebook, caption = sources[name]
        rows.append(
            {
                "file": name,
                "notebook": f"notebooks/{notebook}",
                "caption": caption,
                "sha256": hashlib.sha256((figures_dir / name).read_bytes()).hexdigest(),
                "corpus_fingerprint": fingerprint,
                "corpus_articles": len(corpus),
                "corpus_dates": span,
                "lexicon": lexicon.name,
                "lexicon_version": lexicon.version,
                "lexicon_sha256": lexicon.sha256,
                "aliases_version": aliases.version,
                "aliases_sha256": aliases.sha256,
                "coverage_study_version": __version__,
            }
        )
    table = pd.DataFrame(rows, columns=MANIFEST_COLUMNS)
    buffer = io.StringIO()
    table.to_csv(buffer, index=False, lineterminator="\n", quoting=csv.QUOTE_MINIMAL)
    _atomic_write(figures_dir / "MANIFEST.csv", buffer.getvalue())
    _atomic_write(figures_dir / "README.md", _gallery(table))
    return table


def _gallery(table: pd.DataFrame) -> str:
    lines = [
        "# Figures",
        "",
        "Generated by `coverage-study figures` from the notebooks; do not edit by hand.",
        "Provenance of every figure (sha256, corpus fingerprint, lexicon, alias table, package",
        "version) is in [`MANIFEST.csv`](MANIFEST.csv); `coverage-study cite FIGURE` prints a",
        "citation line.",
        "",
    ]
    for r in table.itertuples(index=False):
        lines += [
            f"## {r.file}",
            "",
            f"![{r.caption or r.file}]({r.file})",
            "",
            r.caption or "(no caption)",
            "",
            f"From [`{r.notebook}`](../{r.notebook}); sha256 `{r.sha256[:16]}`.",
            "",
        ]
    return "\n".join(lines)


def read_manifest(figure: str | Path) -> dict[str, str]:
    """The manifest row of ``figure`` (read from ``MANIFEST.csv`` beside it).

    Raises
    ------
    ValueError
        If there is no manifest beside the figure, the figure is not in it, or the file's
        sha256 no longer matches the manifest (the figure was changed after it was made).
    """
    path = Path(figure)
    manifest = path.parent / "MANIFEST.csv"
    if not manifest.is_file():
        raise ValueError(f"{path}: no MANIFEST.csv beside the figure (run coverage-study figures)")
    with open(manifest, encoding="utf-8", newline="") as fh:
        rows = {r["file"]: r for r in csv.DictReader(fh)}
    if path.name not in rows:
        raise ValueError(f"{path}: not listed in {manifest}")
    row = rows[path.name]
    if path.is_file() and hashlib.sha256(path.read_bytes()).hexdigest() != row["sha256"]:
        raise ValueError(
            f"{path}: sha256 differs from {manifest}: the file changed after it was made"
        )
    return row


def cite(figure: str | Path) -> str:
    """A citation line for a report: caption, package version, corpus, lexicon, file hash."""
    r = read_manifest(figure)
    caption = r["caption"].split(" Source:")[0] or r["file"]
    return (
        f"{caption} Made with coverage-study {r['coverage_study_version']} "
        f"({r['notebook']}), corpus of {r['corpus_articles']} articles published "
        f"{r['corpus_dates']} (fingerprint sha256:{r['corpus_fingerprint'][:12]}), lexicon "
        f"{r['lexicon']} {r['lexicon_version']} (sha256:{r['lexicon_sha256'][:12]}), alias "
        f"table {r['aliases_version']}; figure file {r['file']} sha256:{r['sha256'][:12]}."
    )
