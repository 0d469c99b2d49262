"""Score ``attributions`` against PolNeAR's hand-annotated attributions (see benchmarks/README.md).

    .venv/bin/python benchmarks/attribution_eval.py ../shared/polnear/polnear_train_dev.jsonl \
        --split dev [--engine parse]

``--engine parse`` scores the parse engine (the ``[parse]`` extra); ``--parses FILE`` keeps its
parses in a spaCy ``DocBin`` file (read when it exists, written otherwise), so that a rerun on
the same split does not parse again.

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


def _with_parses(corpus: pd.DataFrame, path: Path | None, unpruned: bool = False
                 ) -> tuple[pd.DataFrame, list[list[dict]]]:  # fmt: skip
    """The parse engine's attributions (and its rows, each parse-added one with its
    ``_lemma``), its parses read from (or written to) ``path`` when given; ``unpruned``: with
    the ``[pruned]`` cue words too."""
    from spacy.tokens import DocBin

    from coverage_study.components.article import articles as each_article
    from coverage_study.components.attribution.parse_cues import CueFinder, load_cue_words
    from coverage_study.components.attribution.parse_model import load_model, parse_zones
    from coverage_study.components.attribution.table import attributions_frame, make_reader
    from coverage_study.components.quotations import quotation_parts

    nlp = load_model()
    arts = list(each_article(corpus))
    if path is not None and path.exists():
        docs = list(DocBin().from_disk(path).get_docs(nlp.vocab))
    else:
        docs = [d for a in arts for d in parse_zones(a.text, a.zones)]
        if path is not None:
            bin_ = DocBin(attrs=["ORTH", "TAG", "HEAD", "DEP", "POS", "LEMMA", "SENT_START"])
            for d in docs:
                bin_.add(d)
            bin_.to_disk(path)
    parses, i = {}, 0
    for a in arts:
        parses[a.article_id] = docs[i : i + len(a.zones)]
        i += len(a.zones)
    reader = make_reader("parse", parses=parses)
    if unpruned:
        reader.cues = CueFinder(reader.rules.verbs, load_cue_words(pruned=False))
    q = quotation_parts(corpus, None, warn=False)
    d0 = q[q["depth"] == 0]
    quoted: dict[str, list[tuple[int, int]]] = {}
    for aid, ms, me in zip(d0["article_id"], d0["mark_start"], d0["mark_end"], strict=True):
        quoted.setdefault(aid, []).append((int(ms), int(me)))
    rows = [reader(a, quoted.get(a.article_id, [])) for a in arts]
    return attributions_frame(rows, reader), rows


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("jsonl", type=Path, help="polnear_train_dev.jsonl")
    ap.add_argument("--split", default="dev", choices=["train", "dev", "all"])
    ap.add_argument("--top", type=int, default=25, help="missed/spurious cues to list")
    ap.add_argument("--limit", type=int, default=0, help="first N articles only (0: all)")
    ap.add_argument("--check", action="store_true",
                    help="also run sources_table, voice_spans and metrics_table (every reader of "
                         "attributions) over the split, to show that none raises")  # fmt: skip
    ap.add_argument("--engine", default="rules", choices=["rules", "parse"],
                    help="the attribution engine (default rules)")
    ap.add_argument("--lemmas", action="store_true",
                    help="--engine parse: list each cue lemma the parse adds (its [pruned] "
                         "entries included) with its precision: how data/parse_cues.toml was "
                         "pruned (< 0.35 on train); and each shape of those cues")  # fmt: skip
    ap.add_argument("--parses", type=Path, help="--engine parse: a DocBin file of the parses "
                    "(read when it exists, written otherwise)")  # fmt: skip
    args = ap.parse_args(argv)
    articles = read_gold(args.jsonl, args.split)
    if args.limit:
        articles = articles[: args.limit]
    with tempfile.TemporaryDirectory() as tmp:
        corpus = build_corpus(articles, Path(tmp))
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        attributions(corpus.head(1), warn=False, engine=args.engine)  # loaded outside the timing
        t0 = time.process_time()
        lemma_rows = None
        if args.engine == "parse" and (args.parses is not None or args.lemmas):
            att, lemma_rows = _with_parses(corpus, args.parses, args.lemmas)
        else:
            att = attributions(corpus, warn=False, engine=args.engine)
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
    print(f"| engine | {args.engine} |")
    print(f"| attributions ms/article (one core, process time) | {1000 * t_att / n:.2f} |")
    print(f"| quotes() ms/article (attributions included) | {1000 * t_quotes / n:.2f} |")
    print()
    print("most frequent missed cues:", ", ".join(
        f"{c!r} {k}" for c, k in total.missed.most_common(args.top)))  # fmt: skip
    print()
    print("most frequent spurious cues:", ", ".join(
        f"{c!r} {k}" for c, k in total.spurious.most_common(args.top)))  # fmt: skip
    if args.lemmas and lemma_rows is not None:
        _print_lemmas(articles, lemma_rows)
    return 0


def _print_lemmas(articles: list[dict], rows: list[list[dict]]) -> None:
    """Per cue lemma the parse adds: its attributions and the share that match a gold cue."""
    from collections import Counter

    from coverage_study.components.attribution.score import match

    n, ok = Counter(), Counter()
    n_shape, ok_shape = Counter(), Counter()
    for a, article_rows in zip(articles, rows, strict=True):
        pred = [r for r in article_rows if r["cue_start"] is not None]
        cues = [Attribution(cue=((r["cue_start"], r["cue_end"]),)) for r in pred]
        hit = {pi for pi, _ in match(cues, [g for g in gold_spans(a) if g.cue])}
        for k, r in enumerate(pred):
            if "_lemma" in r:
                n[r["_lemma"]] += 1
                ok[r["_lemma"]] += k in hit
                n_shape[r["_shape"]] += 1
                ok_shape[r["_shape"]] += k in hit
    print()
    print("| lemma the parse adds | attributions | precision |")
    print("|---|---|---|")
    for lemma in sorted(n, key=lambda x: (ok[x] / n[x], x)):
        print(f"| {lemma} | {n[lemma]} | {ok[lemma] / n[lemma]:.2f} |")
    print()
    print("| shape of the cues the parse adds (content/source) | attributions | precision |")
    print("|---|---|---|")
    for shape in sorted(n_shape, key=lambda x: (-n_shape[x], x)):
        print(f"| {shape} | {n_shape[shape]} | {ok_shape[shape] / n_shape[shape]:.2f} |")


if __name__ == "__main__":
    sys.exit(main())
