"""Tests for coverage_study.tables.metrics: the joined table equals its parts, row by row."""

from __future__ import annotations

import pandas as pd
import pytest

import coverage_study as cs
import coverage_study.tables.metrics

from .conftest import SEEDS as SEEDS_DIR


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
    actors = cs.actor_table(seeds, discover=False).groupby("article_id")["n_mentions"].sum()
    assert table["n_actor_mentions"].tolist() == actors.tolist()
    assert "text" not in table and "body_spans" not in table
    assert table["outlet"].tolist() == seeds["outlet"].tolist()


def test_metrics_table_carries_provenance(seeds):
    attrs = cs.metrics_table(seeds).attrs
    assert attrs["lexicon"] == cs.load_lexicon().provenance
    assert attrs["aliases"]["version"] == cs.load_aliases().version
    assert attrs["cleaning_rules"] == seeds.attrs["cleaning_rules"]
    assert attrs["coverage_study"] == cs.__version__


# --- in chunks, on several processes, from and to files ------------------------------------------
def _many(seeds: pd.DataFrame, copies: int) -> pd.DataFrame:
    """The seeds repeated under new ids: every metric is per article, so rows repeat too."""
    corpus = pd.concat([seeds.assign(article_id=seeds["article_id"] + f"_{i}")
                        for i in range(copies)],
                       ignore_index=True)  # fmt: skip
    corpus.attrs = seeds.attrs
    return corpus


def _seed_table() -> pd.DataFrame:
    from .conftest import SEEDS

    raw = pd.read_csv(SEEDS / "metadata.csv", dtype=str, keep_default_na=False)
    raw.insert(
        1,
        "text",
        [(SEEDS / f"{a}.txt").read_bytes().decode("utf-8-sig") for a in raw["article_id"]],
    )
    return raw


def test_parallel_equals_single_process(seeds):
    corpus = _many(seeds, 4)
    single = cs.metrics_table(corpus)
    parallel = cs.metrics_table(corpus, n_jobs=2, chunksize=3)
    pd.testing.assert_frame_equal(parallel, single)
    assert parallel.attrs == single.attrs
    # the repeated articles have the seeds' numbers
    first = single.iloc[:5].drop(columns="article_id").reset_index(drop=True)
    again = single.iloc[15:].drop(columns="article_id").reset_index(drop=True)
    pd.testing.assert_frame_equal(first, again)


@pytest.mark.parametrize(("suffix", "out"), [(".parquet", ".parquet"), (".csv", ".csv")])
def test_metrics_file_streams_a_table(seeds, tmp_path, suffix, out):
    raw = pd.concat([_seed_table().assign(article_id=lambda t, i=i: t["article_id"] + f"_{i}")
                     for i in range(3)],
                    ignore_index=True)  # fmt: skip
    path = tmp_path / f"corpus{suffix}"
    raw.to_parquet(path) if suffix == ".parquet" else raw.to_csv(path, index=False)
    expected = cs.metrics_table(cs.load_corpus(path))
    for n_jobs in (1, 2):
        written = cs.metrics_file(
            path, tmp_path / f"m{n_jobs}{out}", n_jobs=n_jobs, chunksize=4
        )
        got = pd.read_parquet(written) if out == ".parquet" else pd.read_csv(written)
        assert list(got.columns) == list(expected.columns)
        assert got["article_id"].tolist() == expected["article_id"].tolist()
        numbers = [c for c in expected.columns if pd.api.types.is_numeric_dtype(expected[c])]
        pd.testing.assert_frame_equal(got[numbers], expected[numbers], check_dtype=False)
        assert got["actors"].fillna("").tolist() == expected["actors"].tolist()
    assert sorted(p.name for p in tmp_path.iterdir()) == sorted(
        [f"corpus{suffix}", f"m1{out}", f"m2{out}"]
    )


def test_metrics_file_parquet_equals_in_memory_table(seeds, tmp_path):
    written = cs.metrics_file(SEEDS_DIR, tmp_path / "m.parquet", n_jobs=1)
    got, expected = pd.read_parquet(written), cs.metrics_table(seeds)
    # missing text (None) comes back from Parquet as NaN: compare with missing made equal
    pd.testing.assert_frame_equal(got.astype(object).fillna(-1), expected.astype(object).fillna(-1),
                                  check_dtype=False)  # fmt: skip


def test_metrics_file_rejects_other_suffixes(tmp_path):
    with pytest.raises(ValueError, match=r"must end in \.parquet or \.csv"):
        cs.metrics_file(SEEDS_DIR, tmp_path / "m.xlsx")


def test_empty_corpus_is_a_clear_error(seeds) -> None:
    with pytest.raises(ValueError, match="the corpus has no articles"):
        cs.metrics_table(seeds.iloc[:0])


def test_the_metrics_import_neither_matplotlib_nor_scipy() -> None:
    """Worker processes import ``coverage_study.tables.metrics``: the package's public names load on
    first use, so figures (matplotlib) and keyness intervals (scipy) stay out of them; every
    public name still resolves and is listed by ``dir``."""
    import importlib
    import subprocess
    import sys

    code = (
        "import sys, coverage_study.components._warm, coverage_study.tables.metrics\n"
        "print(sorted(m for m in ('matplotlib', 'scipy') if m in sys.modules))"
    )
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert out.stdout.strip() == "[]"
    names = set(cs.__all__) - {"__version__"}
    assert names <= set(dir(cs))
    for name, module in cs._SUBMODULE.items():  # also a name that is a submodule's (quotes)
        defined = importlib.import_module(f"coverage_study.{module}")
        assert getattr(cs, name) is getattr(defined, name)
    with pytest.raises(AttributeError, match="no attribute 'nope'"):
        cs.nope  # noqa: B018


def _readability_warnings(run) -> list[str]:
    import warnings

    with warnings.catch_warnings(record=True) as caught:
        warnings.simplefilter("always")
        run()
    return [str(w.message) for w in caught if str(w.message).startswith("readability:")]


def test_a_chunked_run_names_every_short_article_once_in_one_warning(seeds):
    """Seven short bodies (written for this test: under 100 words each) spread over chunks of
    3 on two processes: one warning, each article once, as in one process."""
    short = seeds.iloc[[0] * 7].assign(
        article_id=[f"short_{i}" for i in range(7)], body="A short body. Only a few words here."
    )
    corpus = pd.concat([_many(seeds, 2), short], ignore_index=True)
    corpus.attrs = seeds.attrs
    single = _readability_warnings(lambda: cs.metrics_table(corpus))
    chunked = _readability_warnings(lambda: cs.metrics_table(corpus, n_jobs=2, chunksize=3))
    ids = ", ".join(f"short_{i}" for i in range(7))
    expected = [f"readability: 7 article(s) have fewer than 100 words in the body; their "
                f"indices are NaN: {ids}"]  # fmt: skip
    assert single == expected and chunked == expected


def test_merge_warnings_keeps_other_warnings_in_order():
    from coverage_study.reading.corpus import ArticlesWarning, CorpusWarning, merge_warnings

    a = ArticlesWarning("readability", "are short", "NaN", ["b", "a"])
    b = ArticlesWarning("readability", "are short", "NaN", ["c", "a"])
    merged = merge_warnings([(a, CorpusWarning), ("x: other", CorpusWarning), (b, CorpusWarning)])
    assert [str(m) for m, _ in merged] == ["readability: 3 article(s) are short; NaN: a, b, c",
                                           "x: other"]  # fmt: skip
