"""How wide are the package's rate intervals next to a bootstrap over articles?

    .venv/bin/python benchmarks/intervals.py [../shared/polnear/polnear_train_dev.jsonl] \
        [--resamples 2000] [--seed 0]

On PolNeAR's 924 train and dev articles (one annotator file each; outlet = publisher), the
five-family lexicon ``benchmarks/data/us_politics_2016.yml`` (ours), ``term_table`` by article
once; then, per outlet x family, the width of the 95% interval of the outlet's rate (hits per
1,000 words, pooled) with ``interval="poisson"`` (Garwood, words as independent draws) and
with the default (quasi-Poisson, the article as the sampling unit), each divided by the width
of a percentile bootstrap over the outlet's articles (``--resamples`` resamples of its
articles with replacement, ``numpy.random.default_rng(--seed)``; the rate of a resample is its
hits over its words). Prints each cell and the median, 10th and 90th percentiles of the ratios.
A ratio of 1 = as wide as the bootstrap; the issue's target is a median within 0.8-1.25.
"""

from __future__ import annotations

import argparse
import json
import sys
import tempfile
import warnings
from pathlib import Path

import numpy as np
import pandas as pd

import coverage_study as cs

ROOT = Path(__file__).resolve().parent.parent
LEXICON = Path(__file__).resolve().parent / "data" / "us_politics_2016.yml"


def load(path: Path) -> pd.DataFrame:
    rows, seen = [], set()
    with path.open(encoding="utf-8") as fh:
        for line in fh:
            r = json.loads(line)
            if r["filename"] in seen:
                continue
            seen.add(r["filename"])
            rows.append({"article_id": r["filename"], "outlet": r["publisher"],
                         "headline": r["title"], "text": r["text"]})  # fmt: skip
    with tempfile.TemporaryDirectory() as tmp:
        table = Path(tmp) / "polnear.parquet"
        pd.DataFrame(rows).to_parquet(table, index=False)
        with warnings.catch_warnings():  # titles PolNeAR's texts spell otherwise
            warnings.simplefilter("ignore", cs.CorpusWarning)
            return cs.load_corpus(table)


def bootstrap_widths(per_article: pd.DataFrame, resamples: int, seed: int) -> pd.Series:
    """Width of the 2.5-97.5 percentile interval of the pooled rate over article resamples."""
    rng = np.random.default_rng(seed)
    out = {}
    for (outlet, family), g in per_article.groupby(["outlet", "family"], sort=True):
        n, w = g["n"].to_numpy(float), g["n_words"].to_numpy(float)
        idx = rng.integers(0, len(g), size=(resamples, len(g)))
        rate = 1000 * n[idx].sum(axis=1) / w[idx].sum(axis=1)
        low, high = np.percentile(rate, [2.5, 97.5])
        out[(outlet, family)] = high - low
    return pd.Series(out)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("path", nargs="?", type=Path,
                        default=ROOT.parent / "shared" / "polnear" / "polnear_train_dev.jsonl")
    parser.add_argument("--resamples", type=int, default=2000)
    parser.add_argument("--seed", type=int, default=0)
    args = parser.parse_args(argv)
    if not args.path.is_file():
        print(f"{args.path}: not found (PolNeAR train/dev, shared beside the checkout)")
        return 1
    corpus = load(args.path)
    with warnings.catch_warnings():  # unbalanced quotation marks in PolNeAR's texts
        warnings.simplefilter("ignore", cs.CorpusWarning)
        voices = cs.voice_spans(corpus)
    terms = cs.term_table(corpus, LEXICON, voices=voices)
    per_article = terms.merge(corpus[["article_id", "outlet"]], on="article_id")
    boot = bootstrap_widths(per_article, args.resamples, args.seed)
    rows = []
    for interval in ("poisson", "article"):
        t = cs.term_table(corpus, LEXICON, by="outlet", voices=voices, interval=interval)
        t = t.set_index(["outlet", "family"]).loc[boot.index]
        ratio = (t["per_1000_ci_high"] - t["per_1000_ci_low"]) / boot
        rows.append(ratio.rename(interval))
    table = pd.concat(rows, axis=1)
    table["n_articles"] = per_article.groupby(["outlet", "family"]).size().loc[table.index]
    pd.set_option("display.width", 120)
    print(f"{len(corpus)} articles, {corpus['outlet'].nunique()} outlets, lexicon {LEXICON.name}")
    print("interval width / bootstrap width (percentile, "
          f"{args.resamples} resamples over articles, seed {args.seed}):\n")  # fmt: skip
    print(table.round(2).to_string())
    print()
    for interval in ("poisson", "article"):
        q = np.percentile(table[interval].dropna(), [10, 50, 90])
        print(f"{interval:>8}: median {q[1]:.2f}, 10th percentile {q[0]:.2f}, "
              f"90th {q[2]:.2f} (of {table[interval].notna().sum()} cells)")
    return 0


if __name__ == "__main__":
    sys.exit(main())
