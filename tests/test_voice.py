"""Tests for coverage_study.voice: direct, indirect and narrator voice spans."""

from __future__ import annotations

from pathlib import Path

import pandas as pd
import pytest

from coverage_study import load_corpus
from coverage_study.corpus import CorpusWarning
from coverage_study.voice import label_voice, voice_at, voice_spans

from .test_quotes import corpus_of

SEEDS = Path(__file__).resolve().parents[1] / "seeds"


def test_direct_quote_spans_include_the_marks() -> None:
    text = "“We are ready,” he said. Later he called it ‘fine’."
    v = voice_spans(corpus_of(text), indirect=False)
    assert [text[s:e] for s, e in zip(v["start"], v["end"], strict=True)] == ["“We are ready,”", "‘fine’"]
    assert set(v["voice"]) == {"direct_quote"}


def test_nested_quotation_is_one_span() -> None:
    text = "“They called it ‘a farce’ again,” she said."
    v = voice_spans(corpus_of(text), indirect=False)
    assert list(zip(v["start"], v["end"], strict=True)) == [(0, text.index(" she"))]


def test_indirect_content_is_cut_around_quotations() -> None:
    text = "Putin said that relations are “very good” and growing."
    corpus = corpus_of(text)
    start = text.index("relations")
    attributions = pd.DataFrame(
        {"article_id": ["t0"], "direct": [False], "content_start": [start], "content_end": [len(text) - 1]}
    )
    v = voice_spans(corpus, attributions_table=attributions)
    assert [(text[s:e], voice) for s, e, voice in zip(v["start"], v["end"], v["voice"], strict=True)] == [
        ("relations are ", "indirect"),
        ("“very good”", "direct_quote"),
        (" and growing", "indirect"),
    ]


def test_voice_at_and_label_voice_agree() -> None:
    text = "Putin said that relations are “very good” and growing."
    corpus = corpus_of(text)
    attributions = pd.DataFrame(
        {"article_id": ["t0"], "direct": [False], "content_start": [16], "content_end": [len(text) - 1]}
    )
    v = voice_spans(corpus, attributions_table=attributions)
    spans = pd.DataFrame(
        {
            "article_id": ["t0", "t0", "t0", "t0", "t1"],
            "start": [0, text.index("very"), text.index("relations"), text.index("good”"), 0],
            "end": [5, text.index("very") + 4, text.index("relations") + 9, text.index(" and"), 3],
        },
        index=[10, 11, 12, 13, 14],
    )
    labels = label_voice(spans, v)
    assert labels.tolist() == ["narrator", "direct_quote", "indirect", "direct_quote", "narrator"]
    assert labels.index.tolist() == [10, 11, 12, 13, 14]
    assert [voice_at(v, r.article_id, r.start, r.end) for r in spans.itertuples()] == labels.tolist()


def test_span_across_a_mark_is_narrator() -> None:
    text = "He called it “fine” today."
    v = voice_spans(corpus_of(text), indirect=False)
    assert voice_at(v, "t0", text.index("it"), text.index("fine") + 4) == "narrator"


def test_seed_direct_voice_matches_the_quotes() -> None:
    corpus = load_corpus(SEEDS)
    with pytest.warns(CorpusWarning, match="003_f888ac50807c3bfa"):
        v = voice_spans(corpus)
    direct = v[v["voice"] == "direct_quote"]
    assert len(direct) == 33  # the hand-counted quotations of tests/test_quotes.py::GOLD
    for _, g in v.groupby("article_id"):
        assert (g["start"].to_numpy()[1:] >= g["end"].to_numpy()[:-1]).all()  # no overlap
