"""Shared fixtures: the seed corpus (loaded once) and a builder for small corpus folders."""

from __future__ import annotations

import csv
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


POLNEAR = ROOT.parent / "shared" / "polnear" / "polnear_train_dev.jsonl"
"""PolNeAR train + dev (real US political news, hand-annotated attributions): read from beside
the checkout, never copied into the repository (its README says why)."""


def polnear_records() -> list[dict]:
    """One annotator file per PolNeAR article (the first in the file), train and dev."""
    import json

    if not POLNEAR.is_file():
        pytest.skip(f"{POLNEAR} is not here (PolNeAR train/dev, shared beside the checkout)")
    records: dict[str, dict] = {}
    with POLNEAR.open(encoding="utf-8") as fh:
        for line in fh:
            record = json.loads(line)
            records.setdefault(record["filename"], record)
    return list(records.values())


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
