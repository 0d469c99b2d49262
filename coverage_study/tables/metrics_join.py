"""The metrics row of each article: the per-article summaries of every table, joined.

:func:`coverage_study.tables.metrics.metrics_table` (its module docstring lists the column groups)
measures a corpus, or each chunk of one (:mod:`coverage_study.tables.metrics_scale`), with
:func:`_metrics_one`: one annotation, then readability, the term families by voice (wide), the
sources and the actors of the alias table, joined with the metadata on ``article_id``.
"""

from __future__ import annotations

from typing import Any

import pandas as pd

from ..annotation import annotate
from ..components.aliases import AliasTable
from ..document import AnnotatedCorpus
from .actors import actor_table
from .readability import readability_table
from .sources import sources_table
from .terms import Lexicon, term_table

__all__ = ["SPAN_COLUMNS"]

SPAN_COLUMNS = ("text", "body", "headline_span", "body_spans", "removed_spans")
"""Corpus columns that hold text or spans, not per-article variables."""

_VOICES = ("narrator", "direct_quote", "indirect")


def _terms_wide(terms: pd.DataFrame) -> pd.DataFrame:
    # fast route: a term table by article as term_table makes it (one block of rows per
    # article, the families in the same order in each, distinct string ids) is reshaped
    families = terms["family"].tolist()
    ids = terms["article_id"].tolist()
    order = list(dict.fromkeys(families))
    n_fam = len(order)
    articles = ids[::n_fam] if n_fam else []
    if (
        n_fam
        and len(ids) == n_fam * len(articles)
        and all(type(f) is str for f in order)
        and families == order * len(articles)
        and ids == [a for a in articles for _ in range(n_fam)]
        and all(type(a) is str for a in articles)
        and len(set(articles)) == len(articles)
    ):
        columns = {}
        for j, family in enumerate(order):
            columns[f"n_{family}"] = terms["n"].to_numpy()[j::n_fam]
            columns[f"per_1000_{family}"] = terms["per_1000_words"].to_numpy()[j::n_fam]
            for voice in _VOICES:
                columns[f"n_{family}_{voice}"] = terms[f"n_{voice}"].to_numpy()[j::n_fam]
        index = pd.Index(articles, dtype=terms["article_id"].dtype, name="article_id")
        wide = pd.DataFrame(columns, index=index)
        wide.insert(0, "n_word_tokens", terms["n_words"].to_numpy()[::n_fam])
        return wide
    parts = {}
    for family, t in terms.groupby("family", sort=False):
        t = t.set_index("article_id")
        parts[f"n_{family}"] = t["n"]
        parts[f"per_1000_{family}"] = t["per_1000_words"]
        for voice in _VOICES:
            parts[f"n_{family}_{voice}"] = t[f"n_{voice}"]
    wide = pd.DataFrame(parts)
    n_words = terms.drop_duplicates("article_id").set_index("article_id")["n_words"]
    wide.insert(0, "n_word_tokens", n_words)
    return wide


def _actors_summary(table: pd.DataFrame) -> pd.DataFrame:
    columns = ("article_id", "actor", "n_mentions")
    if all(isinstance(table[c].dtype, pd.StringDtype) for c in columns[:2]) and (
        table["n_mentions"].dtype == "int64"
    ):
        mentioned = table[table["n_mentions"] > 0]
        ids, actors, counts = (mentioned[c].tolist() for c in columns)
        groups: dict[str, list[tuple[int, str]]] = {}
        for article_id, actor, n in zip(ids, actors, counts, strict=True):
            groups.setdefault(article_id, []).append((-n, actor))
        if groups and all(type(a) is str for a in (*groups, *actors)):
            # as below: articles in order, actors by decreasing mentions, then by name
            ids = sorted(groups)
            listed = [sorted(groups[a]) for a in ids]
            return pd.DataFrame(
                {
                    "n_actor_mentions": pd.array([-sum(n for n, _ in g) for g in listed], "int64"),
                    "n_actors": pd.array([len(g) for g in listed], "int64"),
                    "actors": ["; ".join(f"{a} ({-n})" for n, a in g) for g in listed],
                },
                index=pd.Index(ids, dtype=table["article_id"].dtype, name="article_id"),
            )
    t = table[table["n_mentions"] > 0].sort_values(["article_id", "n_mentions", "actor"],
                                                   ascending=[True, False, True])  # fmt: skip
    summary = t.groupby("article_id").agg(
        n_actor_mentions=("n_mentions", "sum"),
        n_actors=("actor", "size"),
        actors=("actor", lambda s: "; ".join(f"{a} ({n})" for a, n in zip(
            s, t.loc[s.index, "n_mentions"], strict=True))),
    )  # fmt: skip
    return summary


def _metrics_one(
    corpus: pd.DataFrame | AnnotatedCorpus, lexicon: Lexicon, aliases: AliasTable,
    engine: str = "rules",
) -> pd.DataFrame:
    # annotated once: every table below reads the same quotations, attributions and voices
    # each article read once by every component (build: the one pass), then the tables
    # without discovery: found actors and speakers are named over the whole corpus, and a
    # metrics row depends on its article alone (chunks, dask partitions give the same rows)
    # (an annotated corpus with discovery: its layers as discover=False gives them)
    if isinstance(corpus, AnnotatedCorpus):
        doc = corpus._without_discovery().build()
    else:
        doc = annotate(corpus, lexicon, aliases, warn=False, discover=False, engine=engine).build()
    given, corpus = doc.source, doc.corpus
    meta = given[[c for c in given.columns if c not in SPAN_COLUMNS]].set_index("article_id")

    read = readability_table(doc).set_index("article_id")
    terms = _terms_wide(term_table(doc))
    sources = sources_table(doc)
    # n_word_tokens: the same count as the terms' denominator (one tokeniser), shown once
    sources = sources.set_index("article_id").drop(columns=["outlet", "n_word_tokens"])
    actors = _actors_summary(actor_table(doc, discover=False))
    table = meta.join([read, terms, sources, actors])
    table[["n_actor_mentions", "n_actors"]] = (
        table[["n_actor_mentions", "n_actors"]].fillna(0).astype("int64")
    )
    table["actors"] = table["actors"].fillna("")
    table = table.reset_index()
    table.attrs = _provenance(corpus, lexicon, aliases, doc.engine)
    return table


def _provenance(corpus: pd.DataFrame, lexicon: Lexicon, aliases: AliasTable,
                engine: str = "rules") -> dict[str, Any]:  # fmt: skip
    """:func:`coverage_study.origin.origin`; ``cleaning_rules`` is None for a corpus whose
    ``attrs`` do not say which rules cleaned it (one not read by ``load_corpus``)."""
    from ..origin import origin

    rules = corpus.attrs.get("cleaning_rules")
    found = origin(rules or {"version": "", "sha256": ""}, lexicon, aliases, engine=engine)
    if not rules:
        found["cleaning_rules"] = None
    return found
