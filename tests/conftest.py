"""Shared fixtures: the seed corpus (loaded once) and a builder for small corpus folders."""

from __future__ import annotations

import csv
import os
from collections.abc import Callable
from pathlib import Path

import pandas as pd
import pytest

import coverage_study as cs

ROOT = Path(__file__).resolve().parent.parent
SEEDS = ROOT / "seeds"


@pytest.fixture(scope="session")
def seeds() -> pd.DataFrame:
    """The five seed articles, loaded and cleaned (do not modify in tests)."""
    return cs.load_corpus(SEEDS)


@pytest.fixture
def make_corpus(tmp_path: Path) -> Callable[..., Path]:
    """Write a corpus folder: ``make_corpus({"a": "text"}, rows=[{...}])`` returns its path.

    Texts given as ``bytes`` are written as they are; ``str`` as UTF-8. Without ``rows``, each
    article gets a metadata row with outlet ``Outlet <id>``.
    """

    def build(
        texts: dict[str, str | bytes],
        rows: list[dict[str, str]] | None = None,
        columns: list[str] | None = None,
    ) -> Path:
        folder = tmp_path / "corpus"
        folder.mkdir(exist_ok=True)
        for article_id, text in texts.items():
            data = text if isinstance(text, bytes) else text.encode("utf-8")
            (folder / f"{article_id}.txt").write_bytes(data)
        if rows is None:
            rows = [{"article_id": a, "outlet": f"Outlet {a}"} for a in texts]
        columns = columns or list(dict.fromkeys(k for r in rows for k in r))
        with open(folder / "metadata.csv", "w", newline="", encoding="utf-8") as fh:
            writer = csv.DictWriter(fh, fieldnames=columns, extrasaction="ignore")
            writer.writeheader()
            writer.writerows(rows)
        return folder

    return build


POLNEAR_PATH = "COVERAGE_STUDY_POLNEAR"
"""Environment variable: the PolNeAR file elsewhere than beside the checkout."""
EXPECT_POLNEAR = "COVERAGE_STUDY_EXPECT_POLNEAR"
"""Environment variable: ``1`` (set by ``.ci/run``) makes a missing PolNeAR file fail the tests
that read it, instead of skipping them."""
POLNEAR = Path(
    os.environ.get(POLNEAR_PATH)
    or ROOT.parent / "shared" / "polnear" / "polnear_train_dev.jsonl"
)
"""PolNeAR train + dev (real US political news, hand-annotated attributions): read from beside
the checkout, never copied into the repository (its README says why)."""
_ABSENT = f"PolNeAR is not here ({POLNEAR})"
_SKIPPED = f"{_ABSENT}: the tests on real news skip (CI sets {EXPECT_POLNEAR}=1: they fail)"


def polnear_required() -> bool:
    """Whether a missing PolNeAR file fails the tests: ``COVERAGE_STUDY_EXPECT_POLNEAR=1``."""
    return os.environ.get(EXPECT_POLNEAR) == "1"


def polnear_present() -> bool:
    """Whether the PolNeAR file is here. Where it is required (CI) and missing, the calling
    test fails here; elsewhere the caller skips (or leaves PolNeAR out)."""
    if POLNEAR.is_file():
        return True
    if polnear_required():
        pytest.fail(
            f"{_ABSENT}, and {EXPECT_POLNEAR}=1 requires it: put PolNeAR train/dev beside the "
            f"checkout (../shared/polnear/) or name the file in {POLNEAR_PATH}",
            pytrace=False,
        )
    return False


def polnear_records() -> list[dict]:
    """One annotator file per PolNeAR article (the first in the file), train and dev. Skips the
    calling test where the file is missing (the short test summary says so in one line, see
    :func:`pytest_runtest_makereport`), fails it where it is required (:func:`polnear_required`).
    """
    import json

    if not polnear_present():
        pytest.skip(_SKIPPED)
    records: dict[str, dict] = {}
    with POLNEAR.open(encoding="utf-8") as fh:
        for line in fh:
            record = json.loads(line)
            records.setdefault(record["filename"], record)
    return list(records.values())


@pytest.hookimpl(wrapper=True)
def pytest_runtest_makereport(item: pytest.Item, call: pytest.CallInfo[None]):
    """Every test skipped for a missing PolNeAR reports the same place (``polnear_records``), so
    that the short test summary (``-ra``) folds them into one line with their number, instead
    of a line per test."""
    report = yield
    if report.skipped and isinstance(report.longrepr, tuple) and _ABSENT in report.longrepr[2]:
        report.longrepr = (__file__, polnear_records.__code__.co_firstlineno, report.longrepr[2])
    return report


@pytest.fixture(scope="session")
def polnear(tmp_path_factory: pytest.TempPathFactory) -> pd.DataFrame:
    """The 924 PolNeAR train and dev articles as a loaded corpus (``outlet`` = publisher,
    ``published``, ``headline`` = title, ``split``), through ``load_corpus`` as a user's would
    be. Skipped where the data is absent."""
    import warnings

    rows = [
        {"article_id": r["filename"], "outlet": r["publisher"], "published": r["publication_date"],
         "headline": r["title"], "split": r["compartment"], "text": r["text"]}
        for r in polnear_records()
    ]  # fmt: skip
    path = tmp_path_factory.mktemp("polnear") / "polnear.parquet"
    pd.DataFrame(rows).to_parquet(path, index=False)
    with warnings.catch_warnings():  # headlines that PolNeAR's texts spell otherwise
        warnings.simplefilter("ignore", cs.CorpusWarning)
        return cs.load_corpus(path)
