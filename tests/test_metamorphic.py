"""Metamorphic tests on the seeds (issue 7, part 2): changes that must not change a metric.

* appending a "More news" block, a comment widget or a photo caption (page furniture that the
  cleaner removes, here full of terms, names, quotations and reporting verbs that would count if it
  were read) changes no metric of ``metrics_table`` and no count of any span table;
* duplicating every article under another id doubles every corpus total (``n_*`` columns, span
  table rows, outlet word counts and hits) and changes no per-article value nor per-outlet rate;
* the CRLF and the lone-CR form of the seeds give the same counts as the LF form;
* the NFD form of the seeds gives the same counts as the NFC form (stored form): offsets differ,
  counts do not (see ``test_properties.test_nfc_and_nfd_give_the_same_counts`` for the decision).
"""

from __future__ import annotations

import csv
import unicodedata
import warnings
from pathlib import Path

import pandas as pd
import pytest

import coverage_study as cs

from .test_properties import LEXICON, assert_same_counts, load_quietly, metrics, span_counts

SEEDS = Path(__file__).resolve().parent.parent / "seeds"

MORE_NEWS = (
    "\n\nMore news\n\n"
    "Putin says the war in Ukraine is a “special military operation”, according to TASS\n\n"
    "“We want peace,” Zelensky told Reuters.\n\n"
    "Wang Yi stressed that China respects the sovereignty of Ukraine.\n"
)
COMMENT_WIDGET = "\n\nComment\n0\nComments\nPost with no comments.\n"
CAPTION = (
    "\n\nVladimir Putin (R) and Wang Yi (L) discuss the war, Moscow, Feb. 22, 2023. "
    "| Photo: Twitter/ @KremlinRussia\n"
)


def _seed_files() -> tuple[dict[str, str], list[dict[str, str]]]:
    texts = {p.stem: p.read_text("utf-8-sig") for p in sorted(SEEDS.glob("*.txt"))}
    with open(SEEDS / "metadata.csv", newline="", encoding="utf-8") as fh:
        rows = list(csv.DictReader(fh))
    return texts, rows


def _load(folder: Path, texts: dict[str, str], rows: list[dict[str, str]]) -> pd.DataFrame:
    folder.mkdir()
    for article_id, text in texts.items():
        (folder / f"{article_id}.txt").write_text(text, "utf-8", newline="")
    with open(folder / "metadata.csv", "w", newline="", encoding="utf-8") as fh:
        writer = csv.DictWriter(fh, fieldnames=list(rows[0]))
        writer.writeheader()
        writer.writerows(rows)
    return load_quietly(folder)


@pytest.fixture(scope="module")
def seeds() -> pd.DataFrame:
    return load_quietly(SEEDS)


@pytest.mark.parametrize(
    ("name", "furniture"),
    [("more_news", MORE_NEWS), ("comment_widget", COMMENT_WIDGET), ("photo_caption", CAPTION)],
)
def test_appended_furniture_changes_no_metric(tmp_path: Path, seeds: pd.DataFrame, name: str,
                                              furniture: str) -> None:  # fmt: skip
    texts, rows = _seed_files()
    changed = _load(tmp_path / name, {a: t + furniture for a, t in texts.items()}, rows)
    assert (changed["body"] == seeds["body"]).all()
    assert_same_counts(seeds, changed, skip=("removed",))
    assert len(cs.removed_table(changed)) > len(cs.removed_table(seeds))


def test_caption_between_paragraphs_changes_no_metric(tmp_path: Path, seeds: pd.DataFrame) -> None:
    texts, rows = _seed_files()
    moved = {}
    for article_id, text in texts.items():
        paragraphs = text.split("\n\n")
        k = len(paragraphs) // 2
        while paragraphs[k - 1].strip().endswith(":"):  # not between "RELATED:" and its title,
            k += 1  # which the label's rule removes as "the next line" (documented)
        moved[article_id] = "\n\n".join([*paragraphs[:k], CAPTION.strip(), *paragraphs[k:]])
    assert_same_counts(seeds, _load(tmp_path / "c", moved, rows), skip=("removed",))


def test_duplicated_articles_double_totals_and_keep_per_article_values(
    tmp_path: Path, seeds: pd.DataFrame
) -> None:
    texts, rows = _seed_files()
    copies = {f"zz_{a}": t for a, t in texts.items()}
    copy_rows = [{**r, "article_id": f"zz_{r['article_id']}"} for r in rows]
    doubled = _load(tmp_path / "d", {**texts, **copies}, rows + copy_rows)

    base, both = metrics(seeds), metrics(doubled)
    originals = both[~both["article_id"].str.startswith("zz_")].reset_index(drop=True)
    dupes = both[both["article_id"].str.startswith("zz_")].reset_index(drop=True)
    pd.testing.assert_frame_equal(originals, base)
    pd.testing.assert_frame_equal(dupes.drop(columns="article_id"), base.drop(columns="article_id"))
    totals = [c for c in base if c.startswith("n_")]
    pd.testing.assert_series_equal(both[totals].sum(), 2 * base[totals].sum())

    for name, count in span_counts(doubled).items():
        assert sum(count.values()) == 2 * sum(span_counts(seeds)[name].values()), name
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", cs.CorpusWarning)  # seed 003's stray ” (documented)
        by_outlet, by_outlet2 = (cs.term_table(c, LEXICON, by="outlet") for c in (seeds, doubled))
    for col in ("n", "n_words", "n_narrator", "n_direct_quote", "n_indirect"):
        assert (by_outlet2[col] == 2 * by_outlet[col]).all(), col
    pd.testing.assert_series_equal(by_outlet2["per_1000_words"], by_outlet["per_1000_words"])


@pytest.mark.parametrize("ending", ["\r\n", "\r"])
def test_seed_line_endings_change_no_count(
    tmp_path: Path, seeds: pd.DataFrame, ending: str
) -> None:
    texts, rows = _seed_files()
    converted = {a: t.replace("\r\n", "\n").replace("\n", ending) for a, t in texts.items()}
    assert_same_counts(seeds, _load(tmp_path / "e", converted, rows))


def test_seeds_in_nfd_give_the_same_counts(tmp_path: Path, seeds: pd.DataFrame) -> None:
    texts, rows = _seed_files()
    nfd = {a: unicodedata.normalize("NFD", t) for a, t in texts.items()}
    assert nfd != texts  # the seeds have accents ("Pátrushev", "Lipavský")
    nfd_rows = [{**r, "headline": unicodedata.normalize("NFD", r["headline"])} for r in rows]
    assert nfd_rows == rows  # no accent in a headline: metadata columns compare as they are
    decomposed = _load(tmp_path / "n", nfd, nfd_rows)
    assert_same_counts(seeds, decomposed)
