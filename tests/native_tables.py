"""Every table of the pass, on the seeds, the three outlets of ``tests/data``, synthetic
articles and (where present) the PolNeAR articles, pickled: run once with the compiled modules
and once with the pure-Python ones by ``test_native.py``, which compares the two.

    python tests/native_tables.py OUT.pickle SYNTHETIC.parquet [polnear]

Not a test module (no ``test_`` prefix): a script, so that each run imports the package afresh.
"""

from __future__ import annotations

import pickle
import sys
import warnings
from pathlib import Path

import pandas as pd

import coverage_study as cs
from coverage_study import _native
from coverage_study.components.quotations import quote_problems
from coverage_study.document import PASS

HERE = Path(__file__).resolve().parent


def polnear() -> pd.DataFrame:
    """The PolNeAR articles as tests/conftest.py reads them (first annotator file of each)."""
    from conftest import polnear_records  # this script's folder is first on sys.path

    return pd.DataFrame([
        {"article_id": r["filename"], "outlet": r["publisher"],
         "published": r["publication_date"], "headline": r["title"], "text": r["text"]}
        for r in polnear_records()
    ])  # fmt: skip


def tables(corpus: pd.DataFrame) -> dict[str, pd.DataFrame]:
    doc = cs.annotate(corpus, warn=False).build()
    out = {name: getattr(doc, name) for name in PASS}
    out |= {
        "corpus": corpus.drop(columns=[c for c in corpus.columns if c.startswith("_")]),
        "metrics_table": cs.metrics_table(doc),
        "term_table": cs.term_table(doc, by="outlet"),
        "sources_table": cs.sources_table(doc),
        "readability_table": cs.readability_table(doc),
        "quotes": cs.quotes(doc),
        "quote_problems": quote_problems(corpus),
        "actor_table": cs.actor_table(corpus),
        # the actor discovery (name_scan, discover) read again outside the pass: the mentions
        # and the attributions' speakers, each with a discovery of its own
        "actor_mentions": cs.actor_mentions(corpus),
        "attributions_table": cs.attributions(corpus, warn=False),
        "kwic": cs.kwic(corpus, "war"),
    }
    return out


def main() -> None:
    warnings.simplefilter("ignore")
    corpora = {"seeds": cs.load_corpus(HERE.parent / "seeds"),
               "three-outlets": cs.load_corpus(HERE / "data" / "three-outlets"),
               "synthetic": cs.load_corpus(pd.read_parquet(sys.argv[2]))}  # fmt: skip
    if len(sys.argv) > 3:
        corpora["polnear"] = cs.load_corpus(polnear())
    result = {
        "package": cs.__file__,
        "compiled": _native.compiled(),
        "tables": {name: tables(c) for name, c in corpora.items()},
    }
    with open(sys.argv[1], "wb") as fh:
        pickle.dump(result, fh)


if __name__ == "__main__":
    main()
