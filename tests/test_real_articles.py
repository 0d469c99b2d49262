"""Every public table and span function on real news that no rule was written from: the 924
PolNeAR train and dev articles (read from ``../shared/polnear/``; skipped where absent, failed
instead where ``COVERAGE_STUDY_EXPECT_POLNEAR=1``, as ``.ci/run`` sets it: see ``conftest.py``).

One article at a time, so that an exception names the article that raised it: no exception but
``CorpusError``, no warning but ``CorpusWarning``, and every span inside its article's text.
Then the counts that several tables show, on the whole corpus at once: each quotation listed
once, and the same number in every table (see also ``tests/test_invariants.py``).
"""

from __future__ import annotations

import warnings

import pandas as pd
import pytest

import coverage_study as cs

SPAN_FUNCTIONS = {
    "quotes": lambda c: cs.quotes(c, warn=True),
    "quote_problems": cs.quote_problems,
    "attributions": lambda c: cs.attributions(c, warn=True),
    "voice_spans": lambda c: cs.voice_spans(c, warn=True),
    "term_hits": cs.term_hits,
    "kwic": lambda c: cs.kwic(c, "war"),
    "actor_mentions": cs.actor_mentions,
    "sentence_table": cs.sentence_table,
    "removed_table": cs.removed_table,
    "zone_spans": cs.zone_spans,
}
TABLE_FUNCTIONS = {
    "readability_table": cs.readability_table,
    "term_table": cs.term_table,
    "actor_table": cs.actor_table,
    "sources_table": lambda c: cs.sources_table(c, warn=True),
    "cleaning_table": cs.cleaning_table,
    "metrics_table": cs.metrics_table,
    "annotate": lambda c: cs.annotate(c, warn=True).build(),
    "corpus_fingerprint": cs.corpus_fingerprint,
    "readability_counts": lambda c: cs.readability_counts(c["text"].iloc[0]),
    "tokenize": lambda c: cs.tokenize(c["text"].iloc[0]),
}
"""Run on each article alone. The tables grouped over articles (``cue_table``,
``speaker_table``, ``media_table``, ``coverage_table``, ``keyness_table``, which needs two
outlets) run on the whole corpus in :func:`test_grouped_tables_run_on_the_whole_corpus`."""


def _spans_inside(name: str, table: pd.DataFrame, text: str) -> None:
    for col_start, col_end in (
        ("start", "end"), ("mark_start", "mark_end"), ("speaker_start", "speaker_end"),
        ("cue_start", "cue_end"), ("content_start", "content_end"),
    ):  # fmt: skip
        if col_start not in table:
            continue
        spans = table[[col_start, col_end]].dropna()
        starts, ends = spans[col_start].astype(int), spans[col_end].astype(int)
        assert ((starts >= 0) & (starts <= ends) & (ends <= len(text))).all(), (name, col_start)
    if {"start", "end", "text"} <= set(table.columns) and name != "kwic":
        for s, e, t in zip(table["start"], table["end"], table["text"], strict=True):
            assert text[s:e] == t, (name, s, e)


@pytest.mark.slow
def test_every_function_runs_on_every_real_article(polnear: pd.DataFrame) -> None:
    # all of PolNeAR train and dev, one annotator file per article (its README: 840 + 84)
    assert polnear["split"].value_counts().to_dict() == {"train": 840, "dev": 84}
    failures = []
    for i in range(len(polnear)):
        article = polnear.iloc[[i]]
        article_id, text = article["article_id"].iloc[0], article["text"].iloc[0]
        for name, func in {**SPAN_FUNCTIONS, **TABLE_FUNCTIONS}.items():
            with warnings.catch_warnings(record=True) as caught:
                warnings.simplefilter("always")
                try:
                    table = func(article)
                except cs.CorpusError as exc:  # allowed, but none is expected of these texts
                    failures.append((article_id, name, f"CorpusError: {exc}"))
                    continue
                except Exception as exc:  # noqa: BLE001 - the test lists them all
                    failures.append((article_id, name, f"{type(exc).__name__}: {exc}"))
                    continue
            others = [w for w in caught if not issubclass(w.category, cs.CorpusWarning)]
            assert not others, (article_id, name, [str(w.message) for w in others])
            if name in SPAN_FUNCTIONS:
                _spans_inside(name, table, text)
    assert failures == []


@pytest.fixture(scope="module")
def tables(polnear: pd.DataFrame) -> dict[str, pd.DataFrame]:
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", cs.CorpusWarning)  # short bodies: readability's NaN
        return {
            "quotes": cs.quotes(polnear, warn=False),
            "attributions": cs.attributions(polnear, warn=False),
            "voices": cs.voice_spans(polnear, warn=False),
            "sources": cs.sources_table(polnear, warn=False),
            "metrics": cs.metrics_table(polnear, n_jobs=1),
        }


def test_real_articles_each_quotation_once(tables: dict[str, pd.DataFrame]) -> None:
    q = tables["quotes"]
    assert not q.duplicated(["article_id", "quote_id"]).any()
    assert (q["n_parts"] >= 1).all() and (q["n_parts"] > 1).any()  # PolNeAR has long ones


def test_real_articles_one_count_everywhere(polnear, tables: dict[str, pd.DataFrame]) -> None:
    from .test_invariants import assert_one_count

    assert_one_count(polnear, tables)


def test_grouped_tables_run_on_the_whole_corpus(polnear, tables: dict[str, pd.DataFrame]) -> None:
    """The tables grouped over articles, by outlet: no exception, and each of the 7 publishers
    a group (``keyness_table`` needs two)."""
    a, q = tables["attributions"], tables["quotes"]
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", cs.CorpusWarning)
        grouped = {
            "cue_table": cs.cue_table(polnear, a),
            "speaker_table": cs.speaker_table(polnear, a, q),
            "media_table": cs.media_table(polnear, a),
            "coverage_table": cs.coverage_table(polnear, voices=tables["voices"]),
            "keyness_table": cs.keyness_table(polnear),
        }
    assert polnear["outlet"].nunique() == 7
    for name, table in grouped.items():
        outlets = table["outlet"] if "outlet" in table else table.index.get_level_values("outlet")
        assert set(outlets) == set(polnear["outlet"]), name
