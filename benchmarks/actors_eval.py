"""Actors found without an alias table, on PolNeAR (see the README's "Actors" section).

    .venv/bin/python benchmarks/actors_eval.py ../shared/polnear/polnear_train_dev.jsonl \
        --split dev

Prints, for the split (one annotator file per article, the texts through ``load_corpus`` as in
``attribution_eval.py``):

* the time of ``actor_mentions`` per article, with discovery and with the alias table only;
* the top actors of each outlet (``actor_table``, places left out as figure 6 leaves them
  out), each with its kind, for judging by hand whether it is a real person or organisation
  and whether a person appears twice;
* for the main people (the 10 most mentioned), their ``n_mentions`` beside a count of their
  surname as a whole word (``\\bTrump\\b``, possessives included) in the headline and body
  zones, and the sum over every found actor with that surname (the surname count also counts
  "Melania Trump", "Trump Tower", "Bill Clinton": the sum is the fair comparison);
* the top speakers of ``attributions`` and the speakers that share a surname.
"""

from __future__ import annotations

import argparse
import re
import sys
import tempfile
import time
from pathlib import Path

import pandas as pd

from coverage_study import actor_mentions, actor_table, attributions
from coverage_study.components.discover import _surname

sys.path.insert(0, str(Path(__file__).resolve().parent))
from attribution_eval import build_corpus, read_gold  # noqa: E402


def surname_count(corpus: pd.DataFrame, surname: str) -> int:
    """Whole-word occurrences of ``surname`` in the headline and body zones."""
    word = re.compile(rf"(?<![\w-]){re.escape(surname)}(?![\w-])")
    n = 0
    for text, head, body in zip(corpus["text"], corpus["headline_span"], corpus["body_spans"],
                                strict=True):  # fmt: skip
        spans = ([head] if head is not None else []) + list(body)
        n += sum(len(word.findall(text, s, e)) for s, e in spans)
    return n


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("jsonl", type=Path, help="polnear_train_dev.jsonl")
    ap.add_argument("--split", default="dev", choices=["train", "dev", "all"])
    ap.add_argument("--top", type=int, default=20)
    args = ap.parse_args(argv)

    with tempfile.TemporaryDirectory() as tmp:
        corpus = build_corpus(read_gold(args.jsonl, args.split), Path(tmp))
    n = len(corpus)
    t0 = time.perf_counter()
    mentions = actor_mentions(corpus)
    t1 = time.perf_counter()
    actor_mentions(corpus, discover=False)
    t2 = time.perf_counter()
    print(f"{args.split}: {n} articles; actor_mentions {1000 * (t1 - t0) / n:.2f} ms/article "
          f"(alias table only: {1000 * (t2 - t1) / n:.2f})")  # fmt: skip

    table = actor_table(corpus).merge(corpus[["article_id", "outlet"]], on="article_id")
    actors = table[table["kind"] != "place"]
    for outlet, g in actors.groupby("outlet"):
        top = g.groupby(["actor", "kind"])["n_mentions"].sum().nlargest(args.top)
        print(f"\n## {outlet} (top {args.top})")
        for i, ((actor, kind), k) in enumerate(top.items(), start=1):
            print(f"{i:3d}. {actor} [{kind}] {k}")

    totals = actors.groupby(["actor", "kind"])["n_mentions"].sum()
    people = totals.xs("person", level="kind").nlargest(10)
    print("\n## main people: n_mentions vs whole-word surname count (headline + body)")
    found = mentions[mentions["found_by"] == "found"]
    by_actor = found.groupby("actor").size()
    print(f"{'actor':24s} {'n_mentions':>10s} {'surname':>8s} {'all with surname':>17s} "
          f"{'ratio':>6s}")  # fmt: skip
    for actor, k in people.items():
        surname = _surname(actor.split())
        count = surname_count(corpus, surname)
        same = by_actor[[a for a in by_actor.index if _surname(a.split()) == surname]].sum()
        print(f"{actor:24s} {k:10d} {count:8d} {same:17d} {same / count:6.3f}")

    att = attributions(corpus, warn=False)
    speakers = att["speaker"].fillna("unknown").str.split("; ").explode()
    top = speakers[speakers != "unknown"].value_counts().head(args.top)
    print(f"\n## top {args.top} speakers (attributions)")
    print(top.to_string())
    persons = set(totals.xs("person", level="kind").index)
    named = [s for s in speakers.unique() if s in persons]
    surnames: dict[str, list[str]] = {}
    for s in named:
        surnames.setdefault(_surname(s.split()), []).append(s)
    shared = {k: v for k, v in surnames.items() if len(v) > 1}
    print("\nspeakers (people) that share a surname:", shared or "none")
    return 0


if __name__ == "__main__":
    sys.exit(main())
