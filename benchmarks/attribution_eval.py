"""Score ``attributions`` against PolNeAR's hand-annotated attributions (see benchmarks/README.md).

    .venv/bin/python benchmarks/attribution_eval.py ../shared/polnear/polnear_train_dev.jsonl \
        --split dev

One annotator file per article (the first in the file). The texts go through ``load_corpus``
(a temporary Parquet table: ``article_id, text, outlet, headline``), then ``attributions`` and
``quotes`` run on the whole corpus; the scoring is
:mod:`coverage_study.components.attribution.score`.
"""

from __future__ import annotations

import argparse
import json
import sys
import tempfile
import time
import warnings
from pathlib import Path

import pandas as pd

from coverage_study import attributions, load_corpus, quotes
from coverage_study.components.attribution.score import Attribution, Score, score_article


def read_gold(path: Path, split: str) -> list[dict]:
    """The articles of ``split`` (``train``, ``dev`` or ``all``), first annotator file each."""
    seen: set[str] = set()
    out = []
    with path.open(encoding="utf-8") as f:
        for line in f:
            r = json.loads(line)
            if r["filename"] in seen or (split != "all" and r["compartment"] != split):
                continue
            seen.add(r["filename"])
            out.append(r)
    return out


def _extent(segs: list[dict] | None) -> tuple[int, int] | None:
    if not segs:
        return None
    return min(s["start"] for s in segs), max(s["end"] for s in segs)


def gold_spans(article: dict) -> list[Attribution]:
    return [
        Attribution(
            cue=tuple((s["start"], s["end"]) for s in a["cue"] or ()),
            source=_extent(a["source"]),
            content=_extent(a["content"]),
            quoted=bool(a["content_has_quote_marks"]),
        )
        for a in article["attributions"]
    ]


def pred_spans(rows: pd.DataFrame) -> list[Attribution]:
    def span(a, b):
        return None if pd.isna(a) or pd.isna(b) else (int(a), int(b))

    return [
        Attribution(
            cue=() if pd.isna(r.cue_start) else ((int(r.cue_start), int(r.cue_end)),),
            source=span(r.speaker_start, r.speaker_end),
            content=span(r.content_start, r.content_end),
        )
        for r in rows.itertuples()
    ]


def build_corpus(articles: list[dict], tmp: Path) -> pd.DataFrame:
    table = pd.DataFrame(
        {
            "article_id": [a["filename"] for a in articles],
            "text": [a["text"] for a in articles],
            "outlet": [a["publisher"] for a in articles],
            "headline": [a["title"] for a in articles],
        }
    )
    path = tmp / "polnear.parquet"
    table.to_parquet(path)
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        return load_corpus(path)


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("jsonl", type=Path, help="polnear_train_dev.jsonl")
    ap.add_argument("--split", default="dev", choices=["train", "dev", "all"])
    ap.add_argument("--top", type=int, default=25, help="missed/spurious cues to list")
    ap.add_argument("--limit", type=int, default=0, help="first N articles only (0: all)")
    ap.add_argument("--check", action="store_true",
                    help="also run sources_table, voice_spans and metrics_table (every reader of "
                         "attributions) over the split, to show that none raises")  # fmt: skip
    args = ap.parse_args(argv)
    articles = read_gold(args.jsonl, args.split)
    if args.limit:
        articles = articles[: args.limit]
    with tempfile.TemporaryDirectory() as tmp:
        corpus = build_corpus(articles, Path(tmp))
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        attributions(corpus.head(1), warn=False)  # lexicons and alias table loaded outside
        t0 = time.process_time()
        att = attributions(corpus, warn=False)
        t_att = time.process_time() - t0
        t0 = time.process_time()
        q = quotes(corpus, warn=False)
        t_quotes = time.process_time() - t0
        if args.check:
            from coverage_study import metrics_table, sources_table, voice_spans

            sources_table(corpus, quotes_table=q, attributions_table=att)
            voice_spans(corpus)
            metrics_table(corpus)
            print(f"--check: sources_table, voice_spans, metrics_table ran on {len(corpus)} "
                  "articles without an exception")  # fmt: skip
    by_article = dict(tuple(att.groupby("article_id"))) if len(att) else {}
    texts = corpus.set_index("article_id")["text"]
    total = Score()
    empty = att.iloc[:0]
    for a in articles:
        aid = a["filename"]
        total.add(score_article(texts[aid], pred_spans(by_article.get(aid, empty)),
                                gold_spans(a)))  # fmt: skip
    n = len(articles)
    print(f"PolNeAR {args.split}: {n} articles, {total.n_gold} gold attributions with a cue, "
          f"{total.n_pred} predicted ({len(q)} quotations found by quotes())")  # fmt: skip
    print()
    print("| measure | value |")
    print("|---|---|")
    print(f"| cue precision | {total.precision:.3f} |")
    print(f"| cue recall | {total.recall:.3f} |")
    print(f"| cue F1 | {total.f1:.3f} |")
    for k in ("source_exact", "source_overlap", "content_exact", "content_overlap"):
        print(f"| {k.replace('_', ' ')} (share of {total.tp} matched) | {total.share(k):.3f} |")
    print(f"| direct-quotation recall ({total.n_quoted} gold with quotation marks) | "
          f"{total.quote_recall:.3f} |")  # fmt: skip
    print(f"| attributions ms/article (one core, process time) | {1000 * t_att / n:.2f} |")
    print(f"| quotes() ms/article (attributions included) | {1000 * t_quotes / n:.2f} |")
    print()
    print("most frequent missed cues:", ", ".join(
        f"{c!r} {k}" for c, k in total.missed.most_common(args.top)))  # fmt: skip
    print()
    print("most frequent spurious cues:", ", ".join(
        f"{c!r} {k}" for c, k in total.spurious.most_common(args.top)))  # fmt: skip
    return 0


if __name__ == "__main__":
    sys.exit(main())
