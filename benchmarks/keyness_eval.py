"""Keyness on PolNeAR: the top words of each outlet, and how many are one article's words.

    .venv/bin/python benchmarks/keyness_eval.py ../shared/polnear/polnear_train_dev.jsonl \
        --split train --top 8

Loads the articles of ``--split`` (``train``, ``dev`` or ``all``; one annotator file per article)
through ``load_corpus`` (a temporary Parquet table, as a user's corpus would be), times
``keyness_table(corpus, by="outlet")`` (best of ``--repeat`` runs), prints the ``--top`` words
of each outlet with their count and number of articles, and the number of those top words used
in only one article of their outlet. The number of articles is counted here from the text
(the same token rule as the table, with and without possessive folding), so the script also
measures a version of ``keyness_table`` that does not report it.
"""

from __future__ import annotations

import argparse
import sys
import tempfile
import time
from collections import Counter
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

from attribution_eval import build_corpus, read_gold  # noqa: E402

from coverage_study import keyness_table  # noqa: E402
from coverage_study.reading.corpus import zone_spans  # noqa: E402
from coverage_study.text.spans import WORD  # noqa: E402


def _article_words(corpus) -> dict[str, set[str]]:  # noqa: ANN001
    """Each article's set of lower-cased word tokens, as written and with "'s"/"'" folded."""
    texts = corpus.set_index("article_id")["text"]
    out: dict[str, set[str]] = {}
    for r in zone_spans(corpus).itertuples(index=False):
        words = out.setdefault(r.article_id, set())
        for m in WORD.finditer(texts[r.article_id], r.start, r.end):
            w = m.group().lower().replace("\u2019", "'")
            words.add(w)
            if w.endswith("'s"):
                words.add(w[:-2])
            elif w.endswith("s'"):
                words.add(w[:-1])
    return out


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("jsonl", type=Path, help="polnear_train_dev.jsonl")
    ap.add_argument("--split", default="train", choices=["train", "dev", "all"])
    ap.add_argument("--top", type=int, default=8)
    ap.add_argument("--repeat", type=int, default=3)
    args = ap.parse_args(argv)
    with tempfile.TemporaryDirectory() as tmp:
        corpus = build_corpus(read_gold(args.jsonl, args.split), Path(tmp))
    times = []
    for _ in range(args.repeat):
        t0 = time.perf_counter()
        table = keyness_table(corpus, by="outlet")
        times.append(time.perf_counter() - t0)
    words = _article_words(corpus)
    outlet_of = corpus.set_index("article_id")["outlet"]
    df: dict[str, Counter[str]] = {}
    for article_id, ws in words.items():
        df.setdefault(outlet_of[article_id], Counter()).update(ws)
    k = corpus["outlet"].value_counts()
    print(
        f"{args.split}: {len(corpus)} articles, {corpus['outlet'].nunique()} outlets; "
        f"keyness_table {min(times):.2f} s (best of {args.repeat})"
    )
    top = table[table["rank"] <= args.top]
    single = []
    for outlet, rows in top.groupby("outlet", sort=True):
        cells = []
        for r in rows.itertuples(index=False):
            d = df[outlet][r.word]
            cells.append(f"{r.word} {r.n}/{d}")
            if d <= 1:
                single.append((outlet, r.word))
        print(f"{outlet} ({k[outlet]} articles): " + ", ".join(cells))
    print(
        f"top-{args.top} words used in one article of their outlet: {len(single)} "
        f"of {len(top)}" + (f": {single}" if single else "")
    )
    return 0


if __name__ == "__main__":
    sys.exit(main())
