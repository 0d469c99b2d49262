"""Tests for :mod:`coverage_study.tables.sources`: the per-article source counts."""

from __future__ import annotations

import pandas as pd
import pytest

from coverage_study.reading.corpus import CorpusWarning
from coverage_study.tables.sources import sources_table


def test_sources_table(seeds: pd.DataFrame) -> None:
    corpus = seeds
    with pytest.warns(CorpusWarning):
        t = sources_table(corpus)
    assert t["n_quotes"].tolist() == [3, 10, 7, 10, 3]
    assert {
        "n_neutral", "n_distancing", "n_endorsing", "n_directive", "share_quoted_words"
    } <= set(t.columns)
    with pytest.warns(CorpusWarning):
        o = sources_table(corpus, by="outlet")
    assert o["n_quotes"].sum() == 33
    with pytest.raises(ValueError, match="by must be"):
        sources_table(corpus, by="published")


def test_empty_corpus_gives_an_empty_table(seeds: pd.DataFrame) -> None:
    with pytest.warns(CorpusWarning):
        full = sources_table(seeds)
    empty = sources_table(seeds.iloc[:0])
    assert len(empty) == 0 and list(empty.columns) == list(full.columns)
    assert len(sources_table(seeds.iloc[:0], by="outlet")) == 0


# --- the fast paths against the plain definitions ------------------------------------------------
from hypothesis import given, settings  # noqa: E402
from hypothesis import strategies as st  # noqa: E402

from coverage_study.components.attribution import load_media  # noqa: E402
from coverage_study.components.attribution.lexicons import _read_toml  # noqa: E402
from coverage_study.text.spans import count_words  # noqa: E402

# ASCII word and other characters, joiners, non-ASCII letters and digits, combining marks,
# white space and punctuation outside ASCII, astral letters and marks
_ALPHABET = (
    "ab Z9_?-'.,\n" + "éýÁ٣ß\u0301\u0327\u20dd’“”\xa0\u2009•…" + "\U0001d400\U0001f600\U0001d167"
)


# the interval columns of a table by outlet (tests/test_stats.py tests them): the reference
# table predates them
INTERVALS = ["n_articles", "share_quoted_words_ci_low", "share_quoted_words_ci_high", "interval"]


def _reference_table(corpus, q, att, by="article_id"):
    """sources_table as first written: row by row, words counted on slices of the text (the
    word tokens of coverage_study.text.spans), a record per article."""
    cats = sorted(_read_toml("reporting_verbs.toml")["category"])
    media_names = set(load_media().by_alias.values())
    outer = q[q["depth"] == 0]
    spans_of, quote_ids, att_of = {}, {}, {}
    for aid, qs, qe, qid in zip(outer["article_id"], outer["mark_start"], outer["mark_end"],
                                outer["quote_id"], strict=True):  # fmt: skip
        spans_of.setdefault(aid, []).append((int(qs), int(qe)))
        quote_ids.setdefault(aid, set()).add(qid)
    for row in zip(att["article_id"], att["speaker"], att["anonymous"], att["cue_category"],
                   att["via"], strict=True):  # fmt: skip
        att_of.setdefault(row[0], []).append(row[1:])

    def count_quoted(text, zones, quoted):
        merged = []
        for s, e in sorted(quoted):
            if e <= s:
                continue
            if merged and s <= merged[-1][1]:
                merged[-1][1] = max(merged[-1][1], e)
            else:
                merged.append([s, e])
        n = 0
        for qs, qe in merged:
            for zs, ze in zones:
                a, b = max(zs, qs), min(ze, qe)
                if a < b:
                    n += count_words(text[a:b])
        return n

    recs = []
    columns = ("article_id", "outlet", "text", "headline_span", "body_spans")
    for article_id, outlet, text, headline, body in zip(*(corpus[c] for c in columns), strict=True):
        zones = ([headline] if headline is not None else []) + list(body)
        a = att_of.get(article_id, [])
        rec = {
            "article_id": article_id,
            "outlet": outlet,
            "n_quotes": len(quote_ids.get(article_id, ())),
            "n_word_tokens": sum(count_words(text[s:e]) for s, e in zones),
            "n_quoted_words": count_quoted(text, zones, spans_of.get(article_id, [])),
            "n_attributions": len(a),
            "speakers": {sp for sp, _, _, _ in a if sp != "unknown"},
            "n_named": sum(1 for sp, anon, _, _ in a if sp != "unknown" and not anon),
            "n_anonymous": sum(1 for _, anon, _, _ in a if anon),
            "media": {via for _, _, _, via in a if not pd.isna(via)}
            | ({sp for sp, _, _, _ in a} & media_names),
        }
        for c in cats:
            rec[f"n_{c}"] = sum(1 for _, _, cat, _ in a if cat == c)
        recs.append(rec)
    names = ["article_id", "outlet", "n_quotes", "n_word_tokens", "n_quoted_words",
             "n_attributions", "speakers", "n_named", "n_anonymous", "media",
             *(f"n_{c}" for c in cats)]  # fmt: skip
    table = pd.DataFrame(recs, columns=names)
    if by == "outlet":
        agg = {c: "sum" for c in table.columns if c.startswith("n_")}
        agg.update(speakers=lambda s: set().union(*s), media=lambda s: set().union(*s))
        # an article without an outlet is a group of its own, not dropped (issue 24, item 6)
        table = table.groupby("outlet", sort=True, dropna=False).agg(agg).reset_index()
    words = table["n_word_tokens"]
    table["share_quoted_words"] = (table["n_quoted_words"] / words.where(words > 0)).round(3)
    table["n_speakers"] = table["speakers"].map(len)
    table["media_cited"] = table["media"].map(lambda s: "; ".join(sorted(s)))
    return table.drop(columns=["speakers", "media"])


@st.composite
def _tables(draw):
    n = draw(st.integers(1, 3))
    rows, quotes_rows, att_rows = [], [], []
    for i in range(n):
        text = draw(st.text(alphabet=_ALPHABET, min_size=1, max_size=30))
        cuts = sorted(draw(st.lists(st.integers(0, len(text)), max_size=6)))
        spans = [(s, e) for s, e in zip(cuts[::2], cuts[1::2], strict=False)]
        headline = spans.pop(0) if spans and draw(st.booleans()) else None
        aid = f"a{i}"
        rows.append({"article_id": aid, "outlet": draw(st.sampled_from(["o1", "o2", None])),
                     "text": text, "headline_span": headline,
                     "body_spans": tuple(spans)})  # fmt: skip
        for k in range(draw(st.integers(0, 3))):
            s, e = sorted(draw(st.lists(st.integers(0, len(text)), min_size=2, max_size=2)))
            quotes_rows.append((aid, k, draw(st.integers(0, 1)), s, e))
        for _ in range(draw(st.integers(0, 4))):
            att_rows.append((
                aid,
                draw(st.sampled_from(["unknown", "Wang Yi", "TASS", "Reuters", None])),
                draw(st.sampled_from([True, False])),
                draw(st.sampled_from(["neutral", "directive", "distancing", "other", None])),
                draw(st.sampled_from([None, float("nan"), "TASS", "BBC"])),
            ))  # fmt: skip
    corpus = pd.DataFrame(rows)
    q = pd.DataFrame(
        quotes_rows, columns=["article_id", "quote_id", "depth", "mark_start", "mark_end"]
    )
    att = pd.DataFrame(
        att_rows, columns=["article_id", "speaker", "anonymous", "cue_category", "via"]
    )
    return corpus, q, att


@settings(max_examples=150, deadline=None)
@given(_tables(), st.sampled_from(["article_id", "outlet"]))
def test_sources_table_is_the_row_by_row_table(tables, by: str) -> None:
    corpus, q, att = tables
    got = sources_table(corpus, by=by, quotes_table=q, attributions_table=att)
    pd.testing.assert_frame_equal(got.drop(columns=INTERVALS, errors="ignore"),
                                  _reference_table(corpus, q, att, by))  # fmt: skip


def test_sources_table_on_the_seeds_is_the_row_by_row_table(seeds: pd.DataFrame) -> None:
    from coverage_study.components.attribution import attributions
    from coverage_study.components.quotations import unattributed_quotes

    q = unattributed_quotes(seeds, warn=False)
    att = attributions(seeds, quotes_table=q, warn=False)
    for by in ("article_id", "outlet"):
        got = sources_table(seeds, by=by, quotes_table=q, attributions_table=att)
        pd.testing.assert_frame_equal(got.drop(columns=INTERVALS, errors="ignore"),
                                      _reference_table(seeds, q, att, by))  # fmt: skip
