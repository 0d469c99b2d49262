"""Time the parse engine against spaCy's own ``nlp.pipe`` on the same texts (issue 26, item 4).

    .venv/bin/python benchmarks/parse_speed.py ../shared/polnear/polnear_train_dev.jsonl \
        --split dev [--limit N] [--jobs 2]

On PolNeAR articles (one annotator file each, through ``load_corpus``), with the model loaded
and warmed up outside the timing, wall-clock seconds of:

* ``spacy nlp.pipe``: the same pipeline the engine loads (tagger, parser, attribute ruler,
  lemmatizer; no entity recognition) over the same texts, the headline and body paragraphs of
  every article, in one ``nlp.pipe`` call (``n_process=jobs``): the floor, parsing and nothing
  else;
* ``parse engine``: ``attributions(corpus, engine="parse")``: the rules, the parse of each
  article and the refinement; on ``jobs`` processes, the corpus cut into ``jobs`` chunks, each
  process loading the model once as ``metrics_table(n_jobs=...)``'s workers do;
* ``rules engine``: ``attributions(corpus)``, for scale.

Prints ms/article, hours per 10,000 articles (ms/article x 10,000) and the parse engine's time
over ``nlp.pipe``'s (target: at most 1.2). ``benchmarks/run.py --parse`` runs it with one and
with two processes.
"""

from __future__ import annotations

import argparse
import sys
import time
import warnings
from concurrent.futures import ProcessPoolExecutor
from pathlib import Path

import pandas as pd

sys.path.insert(0, str(Path(__file__).resolve().parent))
from attribution_eval import build_corpus, read_gold  # noqa: E402


def _attributions(corpus: pd.DataFrame, engine: str) -> int:
    import coverage_study as cs

    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        return len(cs.attributions(corpus, warn=False, engine=engine))


def _warm(_: int) -> None:
    """A worker's start: the model loaded and a short text parsed (as on its first chunk)."""
    from coverage_study.components.attribution.parse_model import load_model

    list(load_model().pipe(["The mayor said the bridge would open."]))


def _zone_texts(corpus: pd.DataFrame) -> list[str]:
    from coverage_study.components.article import articles

    return [a.text[s:e] for a in articles(corpus) for _, s, e in a.zones]


def time_engines(corpus: pd.DataFrame, jobs: int) -> dict[str, float]:
    """Wall seconds of ``nlp.pipe``, the parse engine and the rules engine on ``jobs``
    processes (each timed once, the model warm)."""
    from coverage_study.components.attribution.parse_model import load_model

    nlp = load_model()
    texts = _zone_texts(corpus)
    _attributions(corpus.head(2), "parse")  # lexicons, alias table and model loaded
    out: dict[str, float] = {}
    if jobs == 1:
        t0 = time.perf_counter()
        for _ in nlp.pipe(texts):
            pass
        out["spacy nlp.pipe"] = time.perf_counter() - t0
        for engine in ("parse", "rules"):
            t0 = time.perf_counter()
            _attributions(corpus, engine)
            out[f"{engine} engine"] = time.perf_counter() - t0
        return out
    # n_process: spaCy starts its own processes (each loads the model: not timed apart, as
    # the engine's workers load theirs too); both sides pay their start-up
    t0 = time.perf_counter()
    for _ in nlp.pipe(texts, n_process=jobs, batch_size=64):
        pass
    out["spacy nlp.pipe"] = time.perf_counter() - t0
    size = -(-len(corpus) // jobs)
    chunks = [corpus.iloc[i : i + size] for i in range(0, len(corpus), size)]
    for engine in ("parse", "rules"):
        with ProcessPoolExecutor(jobs) as pool:
            list(pool.map(_warm, range(jobs)))  # the workers' start, not timed (as nlp.pipe's)
            t0 = time.perf_counter()
            list(pool.map(_attributions, chunks, [engine] * len(chunks)))
            out[f"{engine} engine"] = time.perf_counter() - t0
    return out


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("jsonl", type=Path, help="polnear_train_dev.jsonl")
    ap.add_argument("--split", default="dev", choices=["train", "dev", "all"])
    ap.add_argument("--limit", type=int, default=0, help="first N articles only (0: all)")
    ap.add_argument("--jobs", type=int, nargs="+", default=[1, 2], help="processes (each)")
    args = ap.parse_args(argv)
    import tempfile

    articles = read_gold(args.jsonl, args.split)
    if args.limit:
        articles = articles[: args.limit]
    with tempfile.TemporaryDirectory() as tmp:
        corpus = build_corpus(articles, Path(tmp))
    n = len(corpus)
    words = sum(len(t.split()) for t in _zone_texts(corpus))
    print(f"PolNeAR {args.split}: {n} articles, {words / n:.0f} words an article (headline and "
          "body)")  # fmt: skip
    print()
    print("| processes | what | ms/article | hours per 10,000 articles | vs nlp.pipe |")
    print("|---|---|---|---|---|")
    for jobs in args.jobs:
        got = time_engines(corpus, jobs)
        floor = got["spacy nlp.pipe"]
        for what, seconds in got.items():
            ms = 1000 * seconds / n
            print(f"| {jobs} | {what} | {ms:.1f} | {ms * 10_000 / 3_600_000:.2f} | "
                  f"{seconds / floor:.2f} |")  # fmt: skip
    return 0


if __name__ == "__main__":
    sys.exit(main())
