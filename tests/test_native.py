"""The optional compiled build (``coverage-study compile``, :mod:`coverage_study._native`): the
compiled and the pure-Python modules give identical tables, and a stale build is found."""

from __future__ import annotations

import importlib.machinery
import importlib.util
import os
import pickle
import shutil
import subprocess
import sys
from pathlib import Path

import pandas as pd
import pytest

import coverage_study as cs
from coverage_study import _native

from .conftest import polnear_present

ROOT = Path(__file__).resolve().parents[1]
EXT = importlib.machinery.EXTENSION_SUFFIXES[0]


def _tables(out: Path, synthetic: Path, pythonpath: Path | None = None) -> dict:
    """Run ``native_tables.py`` in a fresh process (the package at ``pythonpath`` first)."""
    env = dict(os.environ)
    if pythonpath is not None:
        env["PYTHONPATH"] = str(pythonpath)
    args = [sys.executable, str(ROOT / "tests" / "native_tables.py"), str(out), str(synthetic)]
    if polnear_present():  # fails here where CI requires PolNeAR and it is missing
        args.append("polnear")
    subprocess.run(args, check=True, env=env, cwd=out.parent)
    with out.open("rb") as fh:
        return pickle.load(fh)


@pytest.mark.skipif(
    not _native.compiled(),
    reason="the pure-Python build is in use: `coverage-study compile` builds the compiled one",
)
def test_compiled_and_pure_python_give_identical_tables(tmp_path: Path) -> None:
    """Every layer of the pass and every table built from it (the actor mentions and the
    attributions also outside the pass, where each has a discovery of its own), on the seeds,
    the three outlets of tests/data, 200 synthetic articles and the 924 PolNeAR articles (where
    present): the compiled modules against a copy of the package that holds only its Python
    sources."""
    spec = importlib.util.spec_from_file_location("bench_run", ROOT / "benchmarks" / "run.py")
    assert spec and spec.loader
    bench = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(bench)
    synthetic = bench.build_corpus(200, tmp_path / "synthetic.parquet")
    pure = tmp_path / "pure"
    shutil.copytree(Path(cs.__file__).parent, pure / "coverage_study",
                    ignore=shutil.ignore_patterns("*.so", "*.pyd", "__pycache__"))  # fmt: skip
    native = _tables(tmp_path / "native.pickle", synthetic)
    python = _tables(tmp_path / "python.pickle", synthetic, pythonpath=pure)
    assert native["compiled"] == list(_native.MODULES)
    assert python["compiled"] == [] and python["package"].startswith(str(pure))
    assert native["tables"].keys() == python["tables"].keys()
    for corpus, tables in native["tables"].items():
        assert tables.keys() == python["tables"][corpus].keys()
        for name, table in tables.items():
            # the three outlets have no stray quotation mark and no "war"
            empty = corpus == "seeds" or (corpus, name) in {
                ("three-outlets", "quote_problems"), ("three-outlets", "kwic")}  # fmt: skip
            assert len(table) > 0 or empty, (corpus, name)
            other = python["tables"][corpus][name]
            if isinstance(table, pd.DataFrame):
                pd.testing.assert_frame_equal(table, other, obj=f"{corpus} {name}")
            else:  # the counts and words layers: one tuple of plain values per article
                assert table == other, (corpus, name)


@pytest.mark.skipif(
    os.environ.get("COVERAGE_STUDY_EXPECT_COMPILED") != "1",
    reason="only where the compiled build must be in use (CI sets COVERAGE_STUDY_EXPECT_COMPILED)",
)
def test_the_compiled_build_is_in_use_where_expected() -> None:
    """`make native` falls back to pure Python where the build fails: CI, which has a C
    compiler, says it expects the compiled build, so that a failing build is seen."""
    assert _native.compiled() == list(_native.MODULES) and _native.stale() == []


def test_compiled_modules_lower_case_as_python_does() -> None:
    """mypyc compiles ``s.lower()`` on a ``str`` to its own loop, which lower-cases each
    character alone and so misses CPython's final-sigma rule ('aΣ' gives 'aσ', not 'aς':
    found by tests/test_terms.py's property test on the compiled build). The compiled modules
    write ``str.lower(s)``, which mypyc leaves to CPython; nothing may write the method form."""
    import re

    method = re.compile(r"\.(?:lower|upper)\(\)")
    package = Path(cs.__file__).parent
    found = [
        f"{m}:{n}"
        for m in _native.MODULES
        for n, line in enumerate((package / m).read_text(encoding="utf-8").splitlines(), 1)
        if method.search(line.split("#", 1)[0])
    ]
    assert found == []
    assert str.lower("aΣ") == "aς"  # what the compiled modules get from str.lower(s)


def _fake_package(tmp_path: Path) -> Path:
    package = tmp_path / "coverage_study"
    for m in _native.MODULES:
        (package / m).parent.mkdir(parents=True, exist_ok=True)
        (package / m).write_text("")
    return package


def test_a_fake_build_is_found_compiled_then_stale_then_removed(tmp_path: Path) -> None:
    package = _fake_package(tmp_path)
    assert _native.compiled(package) == [] and _native.stale(package) == []
    for m in _native.MODULES:
        ext = (package / m).with_suffix(EXT)
        ext.write_bytes(b"")
        os.utime(ext, (2_000_000_000, 2_000_000_000))  # built after the sources
    (package / "_native__mypyc").with_suffix(EXT).write_bytes(b"")
    assert _native.compiled(package) == list(_native.MODULES)
    assert _native.stale(package) == []
    os.utime(package / "components/quotations.py", (2_100_000_000, 2_100_000_000))  # edited since
    assert _native.stale(package) == ["components/quotations.py"]
    gone = _native.remove(package)
    assert len(gone) == len(_native.MODULES) + 1
    assert _native.compiled(package) == [] and list(package.rglob(f"*{EXT}")) == []


@pytest.mark.filterwarnings("ignore::coverage_study.CorpusWarning")  # the seeds' stray marks
def test_what_goes_to_a_worker_pickles_in_either_build(seeds: pd.DataFrame) -> None:
    """The cleaning rules, the alias table, a lexicon, the quotation finder's records and the
    actor discovery's word lists and names come back from a pickle equal to themselves, their
    compiled parts too (``_frozen`` says why this is written out); after the round trip they
    still find the same things."""
    from coverage_study.components.discover import Discovery, load_words
    from coverage_study.components.quotations import find_quotations
    from coverage_study.reading.clean import load_rules

    rules, aliases, lexicon = load_rules(), cs.load_aliases(), cs.load_lexicon()
    quotations, problems = find_quotations("He said \u201cyes\u201d and \u201cno.")
    # one article's names (by hand: the titled full name, then its surname alone)
    text = "Sen. Ted Cruz spoke. Cruz left."
    names = Discovery().article(text, [("body", 0, len(text))])
    found = [(f.start, f.end, f.actor) for f in names.all()]
    assert found == [(5, 13, "Ted Cruz"), (21, 25, "Ted Cruz")]
    for obj in (rules, aliases, lexicon, *quotations, *problems, load_words(), names):
        back = pickle.loads(pickle.dumps(obj))
        assert type(back) is type(obj) and back == obj
    words = pickle.loads(pickle.dumps(load_words()))
    assert Discovery(words).article(text + " ", [("body", 0, len(text))]) == names
    again = pickle.loads(pickle.dumps((aliases, lexicon)))
    pd.testing.assert_frame_equal(cs.term_table(seeds, again[1]), cs.term_table(seeds, lexicon))
    pd.testing.assert_frame_equal(cs.actor_table(seeds, again[0]), cs.actor_table(seeds, aliases))
