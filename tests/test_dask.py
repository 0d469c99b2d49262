"""metrics_table on a dask DataFrame, on a LocalCluster of two worker processes: the numbers
equal the pandas path's."""

from __future__ import annotations

import warnings

import pandas as pd
import pytest

import coverage_study as cs
import coverage_study.tables.metrics

from .conftest import SEEDS

dd = pytest.importorskip("dask.dataframe")
distributed = pytest.importorskip("distributed")


@pytest.fixture(scope="module")
def client():
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")  # cluster start-up chatter (ports, versions)
        cluster = distributed.LocalCluster(n_workers=2, threads_per_worker=1, processes=True,
                                           dashboard_address=None)  # fmt: skip
        client = distributed.Client(cluster)
    yield client
    client.close()
    cluster.close()


def _raw() -> pd.DataFrame:
    raw = pd.read_csv(SEEDS / "metadata.csv", dtype=str, keep_default_na=False)
    raw.insert(
        1,
        "text",
        [(SEEDS / f"{a}.txt").read_bytes().decode("utf-8-sig") for a in raw["article_id"]],
    )
    return pd.concat(
        [raw.assign(article_id=raw["article_id"] + f"_{i}") for i in range(2)], ignore_index=True
    )


def test_loaded_corpus_on_dask_equals_pandas(client, seeds):
    expected = cs.metrics_table(seeds)
    result = cs.metrics_table(dd.from_pandas(seeds, npartitions=2))
    assert isinstance(result, dd.DataFrame)
    assert result.npartitions == 2
    got = result.compute()
    pd.testing.assert_frame_equal(got, expected, check_dtype=False)


def test_raw_parquet_on_dask_equals_pandas(client, tmp_path):
    _raw().to_parquet(tmp_path / "c.parquet")
    expected = cs.metrics_table(cs.load_corpus(tmp_path / "c.parquet"))
    ddf = dd.read_parquet(tmp_path / "c.parquet").repartition(npartitions=3)
    got = cs.metrics_table(ddf).compute().reset_index(drop=True)
    pd.testing.assert_frame_equal(got, expected, check_dtype=False)


def test_metrics_file_on_a_running_scheduler(client, tmp_path):
    _raw().to_parquet(tmp_path / "c.parquet")
    expected = cs.metrics_table(cs.load_corpus(tmp_path / "c.parquet"))
    out = cs.metrics_file(tmp_path / "c.parquet", tmp_path / "m.parquet", engine="dask",
                                  scheduler=client.scheduler.address, chunksize=4)  # fmt: skip
    got = pd.read_parquet(out)
    numbers = [c for c in expected.columns if pd.api.types.is_numeric_dtype(expected[c])]
    assert got["article_id"].tolist() == expected["article_id"].tolist()
    pd.testing.assert_frame_equal(got[numbers], expected[numbers], check_dtype=False)


def test_the_lexicon_and_alias_table_are_one_node_each_of_the_graph(seeds):
    """Shipped once per worker, not with every partition's task: exactly one task of the graph
    holds the alias table and one the lexicon (each found in a task's pickle by its compiled
    regex, a string no text or result holds)."""
    import cloudpickle

    result = cs.metrics_table(dd.from_pandas(seeds, npartitions=5))
    graph = dict(result.__dask_graph__())
    lexicon, aliases = cs.load_lexicon(), cs.load_aliases()
    pickles = [cloudpickle.dumps(task) for task in graph.values()]
    assert len(pickles) >= 5
    assert aliases._pattern is not None
    assert sum(aliases._pattern.pattern.encode() in p for p in pickles) == 1
    assert sum(lexicon._candidates.pattern.encode() in p for p in pickles) == 1


def test_metrics_file_on_dask_reissues_the_workers_warnings_merged(client, tmp_path):
    """Two articles too short to score, in two partitions: one warning in the caller's process
    names both (as the process pool's merged warnings do), and the numbers are the pandas
    path's."""
    short = pd.DataFrame({
        "article_id": ["short_a", "short_b"],
        "outlet": ["X", "Y"],
        "text": ["Headline\n\nA short body.", "Headline\n\nAnother short one."],
    })
    raw = _raw()
    table = pd.concat([raw.iloc[:5], short.iloc[:1], raw.iloc[5:], short.iloc[1:]],
                      ignore_index=True).fillna("")  # fmt: skip
    table.to_parquet(tmp_path / "c.parquet")
    with pytest.warns(cs.CorpusWarning) as expected_warnings:
        expected = cs.metrics_table(cs.load_corpus(tmp_path / "c.parquet"))
    with pytest.warns(cs.CorpusWarning, match="fewer than 100 words") as caught:
        out = cs.metrics_file(tmp_path / "c.parquet", tmp_path / "m.parquet",
                                      engine="dask", scheduler=client.scheduler.address,
                                      chunksize=6)  # fmt: skip
    short_words = [str(w.message) for w in caught if "fewer than 100 words" in str(w.message)]
    assert len(short_words) == 1
    assert "short_a" in short_words[0] and "short_b" in short_words[0]
    assert len(caught) == len(expected_warnings)
    got = pd.read_parquet(out)
    numbers = [c for c in expected.columns if pd.api.types.is_numeric_dtype(expected[c])]
    pd.testing.assert_frame_equal(got[numbers], expected[numbers], check_dtype=False)


def test_metrics_file_on_dask_cleans_with_the_rules_it_is_given(client, tmp_path):
    """A rule of the caller's own (it removes every line starting "DROP") is the one the workers
    clean a Parquet corpus with: the numbers equal the pandas path's with the same rules and
    differ from the packaged rules'."""
    rules = tmp_path / "rules.toml"
    rules.write_text('version = "t1"\n\n[[rule]]\nname = "drop"\nreason = "a test rule"\n'
                     "match = '^DROP'\n", encoding="utf-8")  # fmt: skip
    raw = _raw()
    raw["text"] = raw["text"] + "\n\nDROP " + " ".join(["padding"] * 300) + "."
    raw.to_parquet(tmp_path / "c.parquet")
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", cs.CorpusWarning)
        expected = cs.metrics_table(cs.load_corpus(tmp_path / "c.parquet", rules))
        packaged = cs.metrics_table(cs.load_corpus(tmp_path / "c.parquet"))
        out = cs.metrics_file(tmp_path / "c.parquet", tmp_path / "m.parquet",
                                      engine="dask", scheduler=client.scheduler.address,
                                      chunksize=4, rules=rules)  # fmt: skip
    got = pd.read_parquet(out)
    assert not got["n_words"].equals(packaged["n_words"])
    numbers = [c for c in expected.columns if pd.api.types.is_numeric_dtype(expected[c])]
    pd.testing.assert_frame_equal(got[numbers], expected[numbers], check_dtype=False)


def test_parse_engine_on_dask_equals_pandas(client, seeds):
    """engine="parse" on two dask worker processes (each loads the spaCy model once) gives the
    pandas path's table, and not the rules engine's (the seeds' attribution counts differ
    between the engines: 82 cues against 67, see docs/guide/attribution.md)."""
    pytest.importorskip("spacy", reason="the parse engine needs the [parse] extra")
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", cs.CorpusWarning)  # 003's unbalanced quotation mark
        expected = cs.metrics_table(seeds, engine="parse")
        rules = cs.metrics_table(seeds)
        result = cs.metrics_table(dd.from_pandas(seeds, npartitions=2), engine="parse")
        got = result.compute()
    pd.testing.assert_frame_equal(got, expected, check_dtype=False)
    assert (got["n_attributions"] != rules["n_attributions"]).any()
