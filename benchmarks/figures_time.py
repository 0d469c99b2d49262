"""Time ``coverage-study figures --corpus`` on real news, first run and rerun, beside ``metrics``.

Issue 25, item 5. The corpus is PolNeAR repeated to ``--size`` articles (default 10,000:
``benchmarks/out/polnear-<N>.parquet``, built by ``run.py``'s builder), written out once as a
corpus folder ``benchmarks/out/polnear-<N>/`` (``metadata.csv`` and one ``.txt`` per article;
gitignored, never in the repository). Then, each command in its own process under
``/usr/bin/time -v`` (wall time and peak RSS of the command and its children, the kernels
included; psutil sampling where ``/usr/bin/time`` is missing):

* ``metrics``: ``coverage-study metrics DIR --out benchmarks/out/figures-bench/metrics.parquet``;
* ``figures (first run)``: ``coverage-study figures --corpus DIR --out
  benchmarks/out/figures-bench/out`` with no saved annotation (the folder removed first): load,
  annotate and save once, then the six notebooks read the annotation;
* ``figures (rerun)``: the same command again: the saved annotation is read (its key checked
  against the corpus folder's files, the package's code and data files).

Prints one Markdown table; the targets (issue 25, 2 cores) are a rerun of at most 30 s and a
first run of at most 2 x ``metrics``. ``--profile`` also writes a cProfile of the CLI process of
each figures run (``benchmarks/out/figures-bench/*.prof``).
"""

from __future__ import annotations

import argparse
import contextlib
import csv
import os
import platform
import re
import shutil
import subprocess
import sys
import time
from pathlib import Path

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE))

from run import OUT, REAL_PATH, build_real_corpus  # noqa: E402

BENCH = OUT / "figures-bench"


def corpus_folder(n: int, source: Path) -> Path:
    """PolNeAR repeated to ``n`` articles as a corpus folder (rebuilt when the Parquet is newer)."""
    import pyarrow.parquet as pq

    table_path = build_real_corpus(n, source, OUT / f"polnear-{n}.parquet")
    folder = OUT / f"polnear-{n}"
    stamp = folder / "metadata.csv"
    if stamp.exists() and stamp.stat().st_mtime >= table_path.stat().st_mtime:
        return folder
    shutil.rmtree(folder, ignore_errors=True)
    folder.mkdir(parents=True)
    rows = pq.read_table(table_path).to_pylist()
    for r in rows:
        (folder / f"{r['article_id']}.txt").write_text(r["text"], encoding="utf-8")
    with open(stamp, "w", newline="", encoding="utf-8") as fh:
        writer = csv.writer(fh)
        writer.writerow(["article_id", "outlet", "published", "headline"])
        for r in rows:
            writer.writerow([r["article_id"], r["outlet"], r["published"], r["headline"]])
    return folder


def timed(cmd: list[str], log: Path) -> dict[str, float]:
    """Run ``cmd``; its wall time (s) and peak RSS (MB) of it and its children."""
    if shutil.which("/usr/bin/time"):
        start = time.perf_counter()
        run = subprocess.run(["/usr/bin/time", "-v", *cmd], capture_output=True, text=True,
                             check=False)  # fmt: skip
        wall = time.perf_counter() - start
        log.write_text(run.stdout + run.stderr, encoding="utf-8")
        if run.returncode != 0:
            raise SystemExit(f"{' '.join(cmd)} failed (rc {run.returncode}); see {log}")
        m = re.search(r"Maximum resident set size \(kbytes\): (\d+)", run.stderr)
        rss = int(m.group(1)) / 1024 if m else float("nan")
        return {"wall_s": wall, "peak_rss_mb": rss}
    import psutil

    start = time.perf_counter()
    proc = psutil.Popen(cmd, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    peak = 0
    while proc.poll() is None:
        with_children = [proc, *proc.children(recursive=True)]
        total = 0
        for p in with_children:
            with contextlib.suppress(psutil.Error):
                total += p.memory_info().rss
        peak = max(peak, total)
        time.sleep(0.1)
    if proc.returncode != 0:
        raise SystemExit(f"{' '.join(cmd)} failed (rc {proc.returncode})")
    return {"wall_s": time.perf_counter() - start, "peak_rss_mb": peak / 2**20}


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(description=__doc__,
                                     formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--size", type=int, default=10_000, help="articles (default 10000)")
    parser.add_argument("--real-path", type=Path, default=REAL_PATH, help="PolNeAR JSONL file")
    parser.add_argument("--profile", action="store_true", help="cProfile the figures runs")
    args = parser.parse_args(argv)
    if not args.real_path.exists():
        print(f"no PolNeAR file at {args.real_path}: nothing timed", file=sys.stderr)
        return
    folder = corpus_folder(args.size, args.real_path)
    BENCH.mkdir(parents=True, exist_ok=True)
    out = BENCH / "out"
    shutil.rmtree(out, ignore_errors=True)
    cli = [sys.executable, "-m", "coverage_study.cli"]
    results = {}
    results["metrics"] = timed([*cli, "metrics", str(folder), "--out",
                                str(BENCH / "metrics.parquet")], BENCH / "metrics.log")
    for case in ("first run", "rerun"):
        prefix = cli
        if args.profile:
            prof = BENCH / f"figures-{case.replace(' ', '-')}.prof"
            prefix = [sys.executable, "-m", "cProfile", "-o", str(prof), "-m",
                      "coverage_study.cli"]  # fmt: skip
        results[f"figures ({case})"] = timed(
            [*prefix, "figures", "--corpus", str(folder), "--out", str(out)],
            BENCH / f"figures-{case.replace(' ', '-')}.log",
        )
    metrics = results["metrics"]["wall_s"]
    print(f"{args.size} articles (PolNeAR repeated), {os.cpu_count()} cores, "
          f"{platform.python_version()}\n")  # fmt: skip
    print("| command | wall s | peak RSS MB | vs metrics |")
    print("|---|---|---|---|")
    for name, r in results.items():
        print(f"| {name} | {r['wall_s']:.1f} | {r['peak_rss_mb']:.0f} | "
              f"{r['wall_s'] / metrics:.2f}x |")
    first, rerun = results["figures (first run)"]["wall_s"], results["figures (rerun)"]["wall_s"]
    print(f"\ntargets: rerun <= 30 s: {'met' if rerun <= 30 else 'MISSED'} ({rerun:.1f} s); "
          f"first run <= 2 x metrics: {'met' if first <= 2 * metrics else 'MISSED'} "
          f"({first / metrics:.2f}x)")


if __name__ == "__main__":
    main()
