"""Where the time of ``metrics_table`` goes: milliseconds per article for each stage, one core.

    .venv/bin/python benchmarks/stages.py            # 1,000 synthetic articles
    .venv/bin/python benchmarks/stages.py --n 3000
    .venv/bin/python benchmarks/stages.py --real     # the 924 PolNeAR articles, once each

Builds (or reuses) ``benchmarks/out/synthetic-<n>.parquet`` as ``run.py`` does, then times each
stage of :func:`coverage_study.tables.metrics_join._metrics_one` in this process: cleaning (the
corpus table), quotations, attributions, voices, readability, term families by voice, sources,
actors, the one pass that finds every layer of the annotated corpus (``pass``: quotations to
readability counts, article by article), and the whole of ``_metrics_one`` (the pass, the
tables and the joins). Each is the minimum of
``--repeat`` runs of ``time.process_time`` (CPU time, so a busy machine disturbs it less than
wall time); runs after the first find the per-word and per-alias memos warm, as a long run does.
Prints one line per stage. Not a test: nothing is asserted.
"""

from __future__ import annotations

import argparse
import time
import warnings

import pandas as pd
from run import OUT, REAL_PATH, build_corpus, build_real_corpus

from coverage_study.components.actors import load_aliases
from coverage_study.components.attribution import attributions
from coverage_study.components.quotations import unattributed_quotes
from coverage_study.components.voice import voice_spans
from coverage_study.document import _as_objects, annotate
from coverage_study.reading.clean import load_rules
from coverage_study.reading.corpus import _table_corpus
from coverage_study.tables.actors import actor_table
from coverage_study.tables.metrics_join import _actors_summary, _metrics_one, _terms_wide
from coverage_study.tables.readability import readability_table
from coverage_study.tables.sources import sources_table
from coverage_study.tables.terms import load_lexicon, term_table


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--n", type=int, default=1000, help="synthetic articles")
    parser.add_argument("--real", action="store_true",
                        help=f"real news: the PolNeAR articles of {REAL_PATH.name}, once each")
    parser.add_argument("--repeat", type=int, default=4, help="runs per stage (minimum taken)")
    args = parser.parse_args()
    warnings.simplefilter("ignore")
    if args.real:
        raw = pd.read_parquet(build_real_corpus(924, REAL_PATH, OUT / "polnear-924.parquet"))
    else:
        raw = pd.read_parquet(build_corpus(args.n, OUT / f"synthetic-{args.n}.parquet"))
    lexicon, aliases, rules = load_lexicon(), load_aliases(), load_rules()
    n = len(raw)

    def timed(name: str, func):
        best, result = float("inf"), None
        for _ in range(args.repeat):
            start = time.process_time()
            result = func()
            best = min(best, time.process_time() - start)
        print(f"{name:<12} {best / n * 1000:6.3f} ms/article")
        return result

    corpus = timed("cleaning", lambda: _table_corpus(raw, "synthetic", rules, {}))
    corpus = _as_objects(corpus, ("text", "body"))
    q = _as_objects(timed("quotations", lambda: unattributed_quotes(corpus, warn=False)))
    att = timed("attribution", lambda: attributions(corpus, quotes_table=q, warn=False,
                                                     aliases=aliases))  # fmt: skip
    att = _as_objects(att)
    v = timed("voices", lambda: voice_spans(corpus, quotes_table=q, attributions_table=att,
                                            warn=False))  # fmt: skip
    timed("readability", lambda: readability_table(corpus))
    timed("terms", lambda: _terms_wide(term_table(corpus, lexicon, voices=_as_objects(v))))
    doc = annotate(corpus, lexicon, aliases, warn=False).build("attributions")
    timed("sources", lambda: sources_table(doc))
    timed("actors", lambda: _actors_summary(actor_table(corpus, aliases)))
    timed("pass", lambda: annotate(corpus, lexicon, aliases, warn=False).build())
    timed("all", lambda: _metrics_one(corpus, lexicon, aliases))


if __name__ == "__main__":
    main()
