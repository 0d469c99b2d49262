"""The same quantity has the same value in every table that shows it.

``assert_one_count`` holds the invariants on one corpus; it runs here on the seeds and on 200
synthetic articles (the seeds' paragraphs and sentences shuffled, as ``make bench`` builds
them), and in ``tests/test_real_articles.py`` on the 924 PolNeAR articles:

* ``quotes()`` lists each quotation once;
* per article, the quotations counted by ``quotes()``, ``sources_table`` and ``metrics_table``
  agree, and so do their quoted words and the words inside the direct-quote voice spans;
* the attributions counted by ``attributions()``, ``sources_table`` and ``metrics_table``;
* the word tokens of ``sources_table``, ``term_table``, ``cleaning_table`` and
  ``metrics_table``;
* ``term_table`` sums equal ``term_hits`` counts (per family and per voice);
* ``actor_table`` equals ``actor_mentions``, and ``metrics_table``'s actor counts.
"""

from __future__ import annotations

import importlib.util
import warnings
from pathlib import Path

import pandas as pd
import pytest

import coverage_study as cs
from coverage_study.text.spans import count_words


def _per_article(corpus: pd.DataFrame, values: pd.Series) -> pd.Series:
    """``values`` (indexed by article_id) for every article of the corpus, 0 where absent."""
    return values.reindex(corpus["article_id"], fill_value=0).astype("int64")


def assert_one_count(corpus: pd.DataFrame, tables: dict[str, pd.DataFrame]) -> None:
    q, att, voices = tables["quotes"], tables["attributions"], tables["voices"]
    sources = tables["sources"].set_index("article_id").reindex(corpus["article_id"])
    metrics = tables["metrics"].set_index("article_id").reindex(corpus["article_id"])
    ids = corpus["article_id"]
    # each quotation once; its count and its words in every table
    assert not q.duplicated(["article_id", "quote_id"]).any()
    outer = q[q["depth"] == 0]
    n_quotes = _per_article(corpus, outer.groupby("article_id").size())
    n_quoted = _per_article(corpus, outer.groupby("article_id")["n_words"].sum())
    for name, table in (("sources_table", sources), ("metrics_table", metrics)):
        assert table["n_quotes"].tolist() == n_quotes.tolist(), name
        assert table["n_quoted_words"].tolist() == n_quoted.tolist(), name
        n_att = _per_article(corpus, att.groupby("article_id").size())
        assert table["n_attributions"].tolist() == n_att.tolist(), name
    texts = dict(zip(ids, corpus["text"], strict=True))
    direct = voices[voices["voice"] == "direct_quote"]
    words_in_direct = pd.Series(
        [count_words(texts[a][s:e]) for a, s, e in
         zip(direct["article_id"], direct["start"], direct["end"], strict=True)],
        index=direct["article_id"], dtype="int64",
    ).groupby(level=0).sum()  # fmt: skip
    assert _per_article(corpus, words_in_direct).tolist() == n_quoted.tolist()
    # word tokens: one tokeniser
    terms = cs.term_table(corpus, voices=voices)
    term_words = terms.groupby("article_id", sort=False)["n_words"].first()
    clean = cs.cleaning_table(corpus).set_index("article_id")
    zone_words = clean["n_words_headline"] + clean["n_words_body"]
    assert sources["n_word_tokens"].tolist() == _per_article(corpus, term_words).tolist()
    assert metrics["n_word_tokens"].tolist() == sources["n_word_tokens"].tolist()
    assert zone_words.reindex(ids).tolist() == sources["n_word_tokens"].tolist()
    # term_table sums are term_hits counts
    hits = cs.term_hits(corpus, voices=voices)
    counted = hits.groupby(["article_id", "family"]).size()
    summed = terms.set_index(["article_id", "family"])["n"]
    assert summed[summed > 0].sort_index().tolist() == counted.sort_index().tolist()
    by_voice = hits.groupby(["article_id", "family", "voice"]).size().unstack(fill_value=0)
    for voice in ("narrator", "direct_quote", "indirect"):
        expected = by_voice[voice] if voice in by_voice else 0 * counted
        got = terms.set_index(["article_id", "family"])[f"n_{voice}"]
        assert got.reindex(expected.index).tolist() == expected.tolist(), voice
    assert (terms["n"] == terms["n_narrator"] + terms["n_direct_quote"] + terms["n_indirect"]).all()
    # actor_table is actor_mentions, and metrics_table shows the same
    mentions = cs.actor_mentions(corpus)
    actors = cs.actor_table(corpus)
    counted = mentions.groupby(["article_id", "actor"]).size().sort_index()
    shown = actors.set_index(["article_id", "actor"])["n_mentions"]
    assert shown[shown > 0].sort_index().tolist() == counted.tolist()
    listed = mentions[mentions["found_by"] == "alias table"]  # metrics: the table's actors
    per_article = _per_article(corpus, listed.groupby("article_id").size())
    assert metrics["n_actor_mentions"].tolist() == per_article.tolist()


def tables_of(corpus: pd.DataFrame, engine: str = "rules") -> dict[str, pd.DataFrame]:
    """Each table from the corpus table with the attribution ``engine`` (each function finds
    its own attributions)."""
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", cs.CorpusWarning)  # unbalanced marks, short bodies
        return {
            "quotes": cs.quotes(corpus, warn=False, engine=engine),
            "attributions": cs.attributions(corpus, warn=False, engine=engine),
            "voices": cs.voice_spans(corpus, warn=False, engine=engine),
            "sources": cs.sources_table(corpus, warn=False, engine=engine),
            "metrics": cs.metrics_table(corpus, engine=engine),
        }


def _engine(engine: str) -> str:
    if engine == "parse":
        pytest.importorskip("spacy", reason="the parse engine needs the [parse] extra")
    return engine


ENGINES = ["rules", "parse"]


@pytest.mark.parametrize("engine", ENGINES)
def test_one_count_on_the_seeds(seeds: pd.DataFrame, engine: str) -> None:
    assert_one_count(seeds, tables_of(seeds, _engine(engine)))


@pytest.fixture(scope="module")
def synthetic(tmp_path_factory: pytest.TempPathFactory) -> pd.DataFrame:
    path = Path(__file__).resolve().parents[1] / "benchmarks" / "run.py"
    spec = importlib.util.spec_from_file_location("bench_run", path)
    assert spec and spec.loader
    bench = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(bench)
    corpus_file = bench.build_corpus(200, tmp_path_factory.mktemp("synthetic") / "c.parquet")
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", cs.CorpusWarning)
        return cs.load_corpus(corpus_file)


def test_one_count_on_synthetic_articles(synthetic: pd.DataFrame) -> None:
    assert_one_count(synthetic, tables_of(synthetic))


def test_one_count_on_synthetic_articles_parse_engine(synthetic: pd.DataFrame) -> None:
    """The parse engine's tables of one annotated corpus (parsed once: each table function
    on the corpus table would parse the 200 articles again)."""
    doc = cs.annotate(synthetic, warn=False, engine=_engine("parse"))
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", cs.CorpusWarning)
        tables = {
            "quotes": cs.quotes(doc), "attributions": cs.attributions(doc),
            "voices": cs.voice_spans(doc), "sources": cs.sources_table(doc),
            "metrics": cs.metrics_table(doc),
        }  # fmt: skip
    # the parse engine keeps every rules row and adds its own
    assert len(tables["attributions"]) >= len(cs.attributions(synthetic, warn=False))
    assert_one_count(synthetic, tables)
