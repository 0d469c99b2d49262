"""Tests for coverage_study.metrics: the joined table equals its parts, row by row."""

from __future__ import annotations

import pandas as pd

import coverage_study as cs


def test_metrics_table_joins_every_part(seeds):
    table = cs.metrics_table(seeds).set_index("article_id")
    assert list(table.index) == list(seeds["article_id"])
    read = cs.readability_table(seeds).set_index("article_id")
    pd.testing.assert_series_equal(table["flesch_reading_ease"], read["flesch_reading_ease"])
    terms = cs.term_table(seeds, voices=cs.voice_spans(seeds, warn=False))
    war = terms[terms["family"] == "war"].set_index("article_id")
    assert table["n_war"].tolist() == war["n"].tolist()
    assert table["n_war_indirect"].tolist() == war["n_indirect"].tolist()
    sources = cs.sources_table(seeds, warn=False).set_index("article_id")
    assert table["n_quotes"].tolist() == sources["n_quotes"].tolist()
    actors = cs.actor_table(seeds).groupby("article_id")["n_mentions"].sum()
    assert table["n_actor_mentions"].tolist() == actors.tolist()
    assert "text" not in table and "body_spans" not in table
    assert table["outlet"].tolist() == seeds["outlet"].tolist()


def test_metrics_table_carries_provenance(seeds):
    attrs = cs.metrics_table(seeds).attrs
    assert attrs["lexicon"] == cs.load_lexicon().provenance
    assert attrs["aliases"]["version"] == cs.load_aliases().version
    assert attrs["cleaning_rules"] == seeds.attrs["cleaning_rules"]
    assert attrs["coverage_study"] == cs.__version__
