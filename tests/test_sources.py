"""Tests for :mod:`coverage_study.sources`: the per-article source counts."""

from __future__ import annotations

import re

import pandas as pd
import pytest

from coverage_study.corpus import CorpusWarning
from coverage_study.sources import sources_table


def test_sources_table(seeds: pd.DataFrame) -> None:
    corpus = seeds
    with pytest.warns(CorpusWarning):
        t = sources_table(corpus)
    assert t["n_quotes"].tolist() == [3, 10, 7, 10, 3]
    assert {"n_neutral", "n_distancing", "n_endorsing", "n_directive", "share_quoted_words"} <= set(t.columns)
    with pytest.warns(CorpusWarning):
        o = sources_table(corpus, by="outlet")
    assert o["n_quotes"].sum() == 33
    with pytest.raises(ValueError, match="by must be"):
        sources_table(corpus, by="published")


def test_every_combining_mark_is_a_maybe_mark() -> None:
    """``sources_table`` counts words with ``\\w+`` when ``_MAYBE_MARK`` finds nothing: that
    is right only if every combining mark of ``spans.MARKS`` is caught by it."""
    import sys

    from coverage_study.sources import _MAYBE_MARK
    from coverage_study.spans import MARKS

    mark = re.compile(f"[{MARKS}]")
    missed = [hex(c) for c in range(sys.maxunicode + 1) if mark.match(chr(c)) and not _MAYBE_MARK.match(chr(c))]
    assert missed == []


def test_empty_corpus_gives_an_empty_table(seeds: pd.DataFrame) -> None:
    with pytest.warns(CorpusWarning):
        full = sources_table(seeds)
    empty = sources_table(seeds.iloc[:0])
    assert len(empty) == 0 and list(empty.columns) == list(full.columns)
    assert len(sources_table(seeds.iloc[:0], by="outlet")) == 0
