"""How well ``coverage-study import`` extracts article bodies from saved pages, and how fast.

    .venv/bin/python benchmarks/extraction_eval.py PAGES GOLD.jsonl [--repeat N]

PAGES is a folder of saved pages (as ``coverage-study import`` reads it); GOLD.jsonl has one
JSON object per line, ``{"id": ..., "articleBody": ...}``, ``id`` the page's ``article_id`` (its
file stem, made safe). The pages are imported with ``import_pages`` into a temporary folder,
exactly as the command does, and each imported body (the stored text without its headline line)
is compared with its gold body as a bag of white-space tokens: precision = shared tokens / tokens
imported, recall = shared tokens / gold tokens, F1 their harmonic mean, per page, then averaged
over the gold pages (the measure of the public article-extraction benchmarks). A gold page that
was not imported scores 0. Pages per second is the number of page files under PAGES divided by
the wall time of ``import_pages`` (best of ``--repeat`` runs), writing included.
"""

from __future__ import annotations

import argparse
import csv
import json
import platform
import sys
import tempfile
import time
import warnings
from collections import Counter
from pathlib import Path

from coverage_study.reading.pages import _page_files, import_pages


def token_scores(predicted: str, gold: str) -> tuple[float, float, float]:
    """Precision, recall and F1 of ``predicted`` against ``gold``, bags of white-space tokens."""
    pred, true = Counter(predicted.split()), Counter(gold.split())
    if not pred and not true:
        return 1.0, 1.0, 1.0
    shared = sum((pred & true).values())
    precision = shared / sum(pred.values()) if pred else 0.0
    recall = shared / sum(true.values()) if true else 0.0
    f1 = 2 * precision * recall / (precision + recall) if shared else 0.0
    return precision, recall, f1


def imported_bodies(corpus: Path) -> dict[str, str]:
    """article_id -> the imported text without its headline line."""
    bodies = {}
    with (corpus / "metadata.csv").open(encoding="utf-8", newline="") as fh:
        for row in csv.DictReader(fh):
            text = (corpus / f"{row['article_id']}.txt").read_text(encoding="utf-8")
            if row["headline"] and text.startswith(row["headline"]):
                text = text[len(row["headline"]) :]
            bodies[row["article_id"]] = text
    return bodies


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("pages", type=Path, help="folder of saved pages")
    parser.add_argument("gold", type=Path, help='JSON Lines: {"id", "articleBody"} per page')
    parser.add_argument("--repeat", type=int, default=5, help="timed imports (best is kept)")
    args = parser.parse_args(argv)

    gold = {}
    for lineno, line in enumerate(args.gold.read_text(encoding="utf-8").splitlines(), 1):
        if line.strip():
            record = json.loads(line)
            if record["id"] in gold:
                raise SystemExit(f"{args.gold}:{lineno}: duplicate id {record['id']!r}")
            gold[record["id"]] = record["articleBody"]
    n_files = len(_page_files(args.pages)[0])
    seconds, skipped = [], ""
    for _ in range(max(1, args.repeat)):
        with tempfile.TemporaryDirectory() as tmp, warnings.catch_warnings(record=True) as caught:
            warnings.simplefilter("always")
            start = time.perf_counter()
            import_pages(args.pages, Path(tmp) / "corpus")
            seconds.append(time.perf_counter() - start)
            bodies = imported_bodies(Path(tmp) / "corpus")
            skipped = "; ".join(str(w.message) for w in caught)

    rows = []
    for page_id, body in sorted(gold.items()):
        p, r, f = token_scores(bodies[page_id], body) if page_id in bodies else (0.0, 0.0, 0.0)
        rows.append((page_id, p, r, f, page_id in bodies))
    n = len(rows)
    print(f"# extraction_eval: {args.pages} against {args.gold}")
    print(f"python {platform.python_version()}, {platform.machine()}, {platform.system()}")
    print("\n| page | precision | recall | F1 |\n|---|---:|---:|---:|")
    for page_id, p, r, f, found in rows:
        print(f"| {page_id}{'' if found else ' (not imported)'} | {p:.3f} | {r:.3f} | {f:.3f} |")
    print(f"| **mean of {n} pages** | {sum(r[1] for r in rows) / n:.3f} | "
          f"{sum(r[2] for r in rows) / n:.3f} | {sum(r[3] for r in rows) / n:.3f} |")  # fmt: skip
    best = min(seconds)
    print(f"\n{n_files} page files imported in {best:.3f} s (best of {len(seconds)}): "
          f"{n_files / best:.1f} pages/s")  # fmt: skip
    if skipped:
        print(f"not imported: {skipped}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
