"""Tests for coverage_study.components.voice: direct, indirect and narrator voice spans."""

from __future__ import annotations

from pathlib import Path

import pandas as pd
import pytest

from coverage_study import load_corpus
from coverage_study.components.voice import label_voice, voice_at, voice_spans
from coverage_study.reading.corpus import CorpusWarning

from .test_quotations import corpus_of

SEEDS = Path(__file__).resolve().parents[1] / "seeds"


def test_direct_quote_spans_include_the_marks() -> None:
    text = "“We are ready,” he said. Later he called it ‘fine’."
    v = voice_spans(corpus_of(text), indirect=False)
    assert [text[s:e] for s, e in zip(v["start"], v["end"], strict=True)] == [
        "“We are ready,”", "‘fine’"
    ]
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
        {
            "article_id": ["t0"],
            "direct": [False],
            "content_start": [start],
            "content_end": [len(text) - 1],
        }
    )
    v = voice_spans(corpus, attributions_table=attributions)
    assert [
        (text[s:e], voice) for s, e, voice in zip(v["start"], v["end"], v["voice"], strict=True)
    ] == [
        ("relations are ", "indirect"),
        ("“very good”", "direct_quote"),
        (" and growing", "indirect"),
    ]


def test_reported_content_with_a_missing_offset_gives_no_span() -> None:
    """An attributions table (Int64 offsets, as ``attributions`` returns) with a reported row
    whose content offsets are missing: that row gives no indirect span, the other one does
    (its text, "relations are good", read off the sentence by hand)."""
    text = "Putin said that relations are good. Wang said so."
    attributions = pd.DataFrame({
        "article_id": ["t0", "t0"], "direct": [False, False],
        "content_start": pd.array([text.index("relations"), None], "Int64"),
        "content_end": pd.array([text.index(". Wang"), None], "Int64"),
    })  # fmt: skip
    v = voice_spans(corpus_of(text), attributions_table=attributions)
    indirect = v[v["voice"] == "indirect"]
    assert [text[s:e] for s, e in zip(indirect["start"], indirect["end"], strict=True)] == [
        "relations are good"
    ]


def test_voice_at_and_label_voice_agree() -> None:
    text = "Putin said that relations are “very good” and growing."
    corpus = corpus_of(text)
    attributions = pd.DataFrame(
        {
            "article_id": ["t0"],
            "direct": [False],
            "content_start": [16],
            "content_end": [len(text) - 1],
        }
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
    assert [
        voice_at(v, r.article_id, r.start, r.end) for r in spans.itertuples()
    ] == labels.tolist()


def test_span_across_a_mark_is_narrator() -> None:
    text = "He called it “fine” today."
    v = voice_spans(corpus_of(text), indirect=False)
    assert voice_at(v, "t0", text.index("it"), text.index("fine") + 4) == "narrator"


@pytest.mark.parametrize(
    ("text", "reported", "narrator"),
    [
        ("The council met on Monday. The plan calls for a ceasefire along the river.",
         "ceasefire", "plan"),
        ("The audit found that the mayor had spent the funds twice.", "mayor", "audit"),
        ("According to the memo, the depot will close in June.", "depot", "memo"),
        ("The letter warns that the bridge may fall.", "bridge", "letter"),
        ("The plan was printed on blue paper near the river.", None, "river"),
    ],
)  # fmt: skip
def test_what_a_document_says_is_reported(text: str, reported: str | None, narrator: str) -> None:
    """Issue 24 item 4, decided in the module docstring and the guide (Attribution): a
    document's content is ``indirect``, its name the narrator's, and a document named without a
    cue frames nothing.
    Sentences written for this test; each word's voice decided by reading them."""
    v = voice_spans(corpus_of(text), warn=False)

    def voice_of(word: str) -> str:
        return voice_at(v, "t0", text.index(word), text.index(word) + len(word))

    if reported is not None:
        assert voice_of(reported) == "indirect"
    assert voice_of(narrator) == "narrator"


def test_seed_direct_voice_matches_the_quotes() -> None:
    corpus = load_corpus(SEEDS)
    with pytest.warns(CorpusWarning, match="003_f888ac50807c3bfa"):
        v = voice_spans(corpus)
    direct = v[v["voice"] == "direct_quote"]
    assert len(direct) == 33  # the hand-counted quotations of tests/test_quotations.py::GOLD
    for _, g in v.groupby("article_id"):
        assert (g["start"].to_numpy()[1:] >= g["end"].to_numpy()[:-1]).all()  # no overlap


# --- the fast paths against the plain definitions ------------------------------------------------
from hypothesis import given, settings  # noqa: E402
from hypothesis import strategies as st  # noqa: E402

from coverage_study.text.spans import HoleIndex, subtract  # noqa: E402
from coverage_study.text.spans import merge as _merge  # noqa: E402
from coverage_study.text.spans import subtract_merged as _subtract_merged  # noqa: E402

_SPAN = st.tuples(st.integers(0, 40), st.integers(0, 12)).map(lambda p: (p[0], p[0] + p[1]))
_SPANS = st.lists(_SPAN, max_size=8)


@settings(max_examples=500, deadline=None)
@given(_SPANS, _SPANS)
def test_subtract_merged_is_subtract(parts, holes) -> None:
    parts, holes = _merge(parts), _merge(holes)
    expected = [p for s, e in parts for p in subtract(s, e, holes)]
    assert _subtract_merged(parts, holes) == expected


def _reference_voice_spans(corpus, q, a) -> pd.DataFrame:
    """voice_spans as first written: a HoleIndex per article, a tuple per row."""
    direct, reported = {}, {}
    for article_id, depth, s, e in zip(q["article_id"], q["depth"], q["mark_start"], q["mark_end"],
                                       strict=True):  # fmt: skip
        if depth == 0:
            direct.setdefault(article_id, []).append((s, e))
    for article_id, is_direct, s, e in zip(a["article_id"], a["direct"], a["content_start"],
                                           a["content_end"], strict=True):  # fmt: skip
        if not is_direct and s is not None and e > s:
            reported.setdefault(article_id, []).append((s, e))
    records = []
    for article_id in corpus["article_id"].tolist():
        d = _merge(direct.get(article_id, []))
        spans = [(s, e, "direct_quote") for s, e in d]
        holes = HoleIndex(d)
        for s, e in _merge(reported.get(article_id, [])):
            spans.extend((ps, pe, "indirect") for ps, pe in holes.subtract(s, e))
        records.extend((article_id, s, e, v) for s, e, v in sorted(spans))
    table = pd.DataFrame(records, columns=["article_id", "start", "end", "voice"])
    return table.astype({"start": "int64", "end": "int64"})


@settings(max_examples=200, deadline=None)
@given(
    st.lists(st.tuples(st.sampled_from(["a", "b", "c"]), st.integers(0, 1), _SPAN), max_size=8),
    st.lists(st.tuples(st.sampled_from(["a", "b", "c"]), st.booleans(), st.integers(0, 40),
                       st.integers(0, 50)), max_size=8),
)  # fmt: skip
def test_voice_spans_is_the_row_by_row_table(quote_rows, att_rows) -> None:
    corpus = pd.DataFrame({"article_id": ["a", "b", "c"]})
    q = pd.DataFrame([(a, d, s, e) for a, d, (s, e) in quote_rows],
                     columns=["article_id", "depth", "mark_start", "mark_end"])  # fmt: skip
    att = pd.DataFrame(att_rows, columns=["article_id", "direct", "content_start", "content_end"])
    got = voice_spans(corpus, quotes_table=q, attributions_table=att)
    pd.testing.assert_frame_equal(got, _reference_voice_spans(corpus, q, att))
