"""Tests for coverage_study.pages (``coverage-study import``): saved web pages to a corpus.

The pages in tests/data/pages/ were written for these tests (their own words, invented outlets
on ``.example`` domains). Every expected value below was read by hand from those pages.
"""

from __future__ import annotations

import csv
import gzip
import hashlib
import shutil
import socket
from pathlib import Path

import pandas as pd
import pytest

import coverage_study as cs
from coverage_study.cli import main
from coverage_study.pages import extract_page, import_pages

PAGES = Path(__file__).resolve().parent / "data" / "pages"
BROKEN = ("empty.html", "latin1-mislabelled.html", "not-a-page.html")

# world/harbour-bridge-reopens.html, read by hand: the five <p> of <article> after the byline
HARBOUR_BODY = [
    "The old harbour bridge opened to traffic again on Thursday morning, two years after "
    "engineers closed it when cracks were found in three of its steel supports.",
    "Around four hundred cyclists crossed in the first hour, according to the town council, "
    "which paid for most of the work with a loan it expects to repay within a decade.",
    '"We were told it would take six months, and it took twenty-four," said Ottilie Brann, who '
    "runs a bakery on the eastern bank and lost a third of her customers while the bridge was "
    "shut.",
    "The council's engineer, Pieter Van Hoorn, said the new supports were designed to last "
    "another eighty years and that the deck would be inspected every spring.",
    "Buses will return to the bridge from Monday, and the ferry that replaced them will keep "
    "running at weekends until the end of the summer.",
]


def _metadata(folder: Path) -> dict[str, dict[str, str]]:
    with (folder / "metadata.csv").open(encoding="utf-8", newline="") as fh:
        return {row["article_id"]: row for row in csv.DictReader(fh)}


def _import(out: Path, pages: Path = PAGES, **kwargs) -> list[dict[str, str]]:
    with pytest.warns(cs.CorpusWarning, match="3 of 6 pages not imported") as record:
        report = import_pages(pages, out, **kwargs)
    assert len(record) == 1  # one warning for all the pages left out
    return report


@pytest.fixture(scope="module")
def imported(tmp_path_factory) -> Path:
    out = tmp_path_factory.mktemp("imported") / "corpus"
    _import(out)
    return out


def test_news_page_keeps_the_article_and_drops_the_furniture(imported):
    text = (imported / "harbour-bridge-reopens.txt").read_text(encoding="utf-8")
    headline = "Harbour bridge reopens after two years of repairs"
    assert text == "\n\n".join([headline, *HARBOUR_BODY]) + "\n"
    # cookie banner, navigation, byline, related-links box, comments and footer: none is kept
    for furniture in ("cookies", "Subscribe now", "transport correspondent", "Related stories",
                      "Ferry timetable", "riverwatcher", "scandal", "Advertise"):  # fmt: skip
        assert furniture not in text


def test_metadata_with_its_evidence(imported):
    meta = _metadata(imported)
    assert list(meta) == ["harbour-bridge-reopens", "library-night-hours", "night-buses"]
    harbour = meta["harbour-bridge-reopens"]
    assert harbour == {
        "article_id": "harbour-bridge-reopens",
        "outlet": "The Lakeside Courier",
        "outlet_evidence": 'site name (meta property="og:site_name")',
        "published": "2024-03-14",
        "published_evidence": 'meta property="article:published_time"',
        "headline": "Harbour bridge reopens after two years of repairs",
        "url": "https://www.lakeside-courier.example/world/harbour-bridge-reopens",
        "language": "en",  # <html lang="en-GB">
        "author": "Mara Quillfeather",
        "source_file": "world/harbour-bridge-reopens.html",
    }
    buses = meta["night-buses"]  # gzipped; no site name, a dated canonical URL
    assert buses["source_file"] == "night-buses.html.gz"
    assert buses["outlet"] == "valleypost.example"
    assert buses["outlet_evidence"].startswith("domain of the canonical URL https://valleypost")
    assert buses["published"] == "2024-11-05"
    assert buses["published_evidence"].startswith("URL pattern 2024/11/05")
    assert buses["author"] == ""


def test_page_without_a_date_is_imported_with_published_missing(imported):
    library = _metadata(imported)["library-night-hours"]
    assert library["source_file"] == "library-night-hours.htm"
    assert library["published"] == library["published_evidence"] == ""
    assert library["language"] == ""  # the page declares none
    assert library["outlet"] == "thecrier.example"


def test_import_report_lists_every_page(imported):
    with (imported / "import_report.csv").open(encoding="utf-8", newline="") as fh:
        report = {row["source_file"]: row for row in csv.DictReader(fh)}
    assert len(report) == 6
    assert report["empty.html"]["reason"] == "empty file (no HTML)"
    assert report["not-a-page.html"]["reason"] == "binary file (NUL byte at byte 4), not HTML"
    assert report["latin1-mislabelled.html"]["reason"].startswith(
        "undecodable: not valid utf-8 (declared): byte 0xe9"
    )
    assert {r["status"] for n, r in report.items() if n in BROKEN} == {"skipped"}
    assert {r["status"] for n, r in report.items() if n not in BROKEN} == {"imported"}


def test_imported_corpus_loads_cleans_and_validates(imported):
    corpus = cs.load_corpus(imported)
    assert corpus["article_id"].tolist() == [
        "harbour-bridge-reopens", "library-night-hours", "night-buses",
    ]  # fmt: skip
    harbour = corpus.iloc[0]
    assert harbour["headline"] == "Harbour bridge reopens after two years of repairs"
    assert harbour["headline_span"] == (0, len(harbour["headline"]))
    assert harbour["body"] == "\n\n".join(HARBOUR_BODY)  # cleaning finds no furniture left
    assert harbour["published"] == pd.Timestamp("2024-03-14")
    assert pd.isna(corpus.iloc[1]["published"])
    assert corpus["source_file"].tolist()[0] == "world/harbour-bridge-reopens.html"
    assert not [p for p in cs.check_corpus(imported)[0]]
    assert main(["validate", str(imported)]) == 0


def test_pages_are_never_changed(tmp_path):
    before = {p: hashlib.sha256(p.read_bytes()).hexdigest() for p in PAGES.rglob("*.*")}
    _import(tmp_path / "corpus")
    assert {p: hashlib.sha256(p.read_bytes()).hexdigest() for p in PAGES.rglob("*.*")} == before


def test_existing_files_are_not_overwritten_without_force(tmp_path):
    out = tmp_path / "corpus"
    _import(out)
    (out / "night-buses.txt").write_text("edited by hand\n", encoding="utf-8")
    with pytest.raises(cs.CorpusError, match=r"would overwrite .*night-buses.txt.*--force"):
        import_pages(PAGES, out)
    assert (out / "night-buses.txt").read_text(encoding="utf-8") == "edited by hand\n"
    _import(out, force=True)
    assert (out / "night-buses.txt").read_text(encoding="utf-8").startswith("Night buses")


def test_other_txt_files_in_the_corpus_folder_are_an_error(tmp_path):
    out = tmp_path / "corpus"
    out.mkdir()
    (out / "mine.txt").write_text("an article of my own\n", encoding="utf-8")
    with pytest.raises(cs.CorpusError, match=r"holds \.txt files .*mine\.txt"):
        import_pages(PAGES, out, force=True)


def test_colliding_ids_are_an_error_naming_both_files(tmp_path):
    pages = tmp_path / "pages"
    for folder in ("a", "b"):
        (pages / folder).mkdir(parents=True)
        shutil.copy(PAGES / "library-night-hours.htm", pages / folder / "index.html")
    with pytest.raises(cs.CorpusError) as info:
        import_pages(pages, tmp_path / "corpus")
    assert str(info.value) == (
        "b/index.html: article_id 'index' is also the id of a/index.html; rename one of them"
    )
    assert not (tmp_path / "corpus").exists()


def test_ids_are_made_safe(tmp_path):
    pages = tmp_path / "pages"
    pages.mkdir()
    shutil.copy(PAGES / "library-night-hours.htm", pages / "Library hours (2).HTML")
    import_pages(pages, tmp_path / "corpus")
    assert (tmp_path / "corpus" / "Library_hours_2.txt").is_file()


def test_no_importable_page_is_an_error_and_writes_nothing(tmp_path, capsys):
    pages = tmp_path / "pages"
    pages.mkdir()
    for name in BROKEN:
        shutil.copy(PAGES / name, pages / name)
    (pages / "notes.html").write_text("Just a note, no markup at all.\n", encoding="utf-8")
    with gzip.open(pages / "truncated.html.gz", "wb") as fh:
        fh.write(b"<html>" * 100)
    (pages / "truncated.html.gz").write_bytes((pages / "truncated.html.gz").read_bytes()[:20])
    assert main(["import", str(pages), "--out", str(tmp_path / "corpus")]) == 1
    err = capsys.readouterr().err
    assert "notes.html: not HTML (no <html>, <body>, <p> or similar tag)" in err
    assert "truncated.html.gz: not a readable gzip file" in err
    assert "empty.html: empty file (no HTML)" in err
    assert not (tmp_path / "corpus").exists()


@pytest.mark.parametrize("body", [
    "<nav><a href='/'>Home</a></nav>",
    "<nav><a href='/'>Home</a></nav><div class='cookie-banner'>We use cookies.</div>",
])  # fmt: skip
def test_page_with_markup_but_no_article_is_listed(body):
    page = f"<html><head><title>Menu</title></head><body>{body}</body></html>".encode()
    with pytest.raises(ValueError, match="no extractable article"):
        extract_page(page, outlet="X")


def test_outlet_option_when_the_page_names_no_site(tmp_path):
    pages = tmp_path / "pages"
    pages.mkdir()
    html = (PAGES / "library-night-hours.htm").read_text(encoding="utf-8")
    html = "\n".join(line for line in html.splitlines() if "canonical" not in line)
    (pages / "library.html").write_text(html, encoding="utf-8")
    with pytest.raises(cs.CorpusError, match="library.html: no outlet: .* give --outlet"):
        import_pages(pages, tmp_path / "corpus")
    import_pages(pages, tmp_path / "corpus", outlet="The Town Crier")
    row = _metadata(tmp_path / "corpus")["library"]
    assert row["outlet"] == "The Town Crier"
    assert row["outlet_evidence"].startswith("--outlet")


def test_missing_pages_folder(tmp_path):
    with pytest.raises(cs.CorpusError, match="pages folder does not exist"):
        import_pages(tmp_path / "nope", tmp_path / "corpus")
    (tmp_path / "empty").mkdir()
    with pytest.raises(cs.CorpusError, match=r"no \.html, \.htm or \.html\.gz file"):
        import_pages(tmp_path / "empty", tmp_path / "corpus")


def test_works_offline_and_never_fetches(monkeypatch, tmp_path):
    def refuse(*args, **kwargs):
        raise AssertionError("network access attempted")

    monkeypatch.setattr(socket.socket, "connect", refuse)
    monkeypatch.setattr(socket.socket, "connect_ex", refuse)
    monkeypatch.setattr(socket, "create_connection", refuse)
    import htmldate.utils
    import trafilatura.downloads

    monkeypatch.setattr(trafilatura.downloads, "fetch_url", refuse)
    monkeypatch.setattr(htmldate.utils, "fetch_url", refuse)
    # the news page links a stylesheet and other stories on its site; nothing is fetched
    _import(tmp_path / "corpus")
    assert (tmp_path / "corpus" / "harbour-bridge-reopens.txt").is_file()


@pytest.mark.filterwarnings("default::coverage_study.CorpusWarning")
def test_cli_import_prints_one_warning_line_and_a_summary(tmp_path, capsys):
    out = tmp_path / "corpus"
    assert main(["import", str(PAGES), "--out", str(out)]) == 0
    err = capsys.readouterr().err.splitlines()
    assert err[0].startswith("warning: 3 of 6 pages not imported (listed in ")
    assert err[1] == f"imported 3 of 6 pages to {out} (every page in {out / 'import_report.csv'})"
    assert len(err) == 2  # no progress bar: stderr is not a terminal here


def test_import_pages_is_a_public_name():
    import coverage_study.pages

    assert cs.import_pages is coverage_study.pages.import_pages
    assert "import_pages" in cs.__all__


@pytest.mark.slow
def test_figures_run_on_an_imported_corpus(tmp_path):
    """The usual path after import: every notebook and figure for the imported corpus (its
    metadata has no 'translated' column: notebook 01 failed on that before load_corpus gave
    every optional column), with a clean stderr."""
    import subprocess
    import sys
    import warnings

    corpus = tmp_path / "corpus"
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", cs.CorpusWarning)  # the broken pages, reported
        import_pages(PAGES, corpus)
    out = tmp_path / "out"
    run = subprocess.run(
        [sys.executable, "-m", "coverage_study.cli", "figures", "--corpus", str(corpus),
         "--out", str(out)],
        capture_output=True, text=True, check=False,
    )  # fmt: skip
    assert run.returncode == 0, run.stderr
    assert run.stderr.splitlines()[-1].startswith("wrote ")
    assert len(run.stderr.splitlines()) == 1, run.stderr


def test_a_corpus_without_optional_columns_has_them_all_missing(make_corpus):
    corpus = cs.load_corpus(make_corpus({"a": "One short text."}))
    for column in ("published", "language", "translated", "headline", "url"):
        assert corpus[column].isna().all(), column


def test_every_other_file_is_in_the_report_and_a_page_by_another_name_is_warned_about(tmp_path):
    """Nothing under the pages folder is passed over in silence: a browser's asset folder, a
    stylesheet and an HTML page saved as .php each get a report row (not_read, with the reason),
    and the .php page, which may be an article lost, is also in the warning."""
    import shutil

    pages = tmp_path / "pages"
    shutil.copytree(PAGES, pages)
    (pages / "style.css").write_text("body { color: black }", encoding="utf-8")
    (pages / "world" / "story_files").mkdir()
    (pages / "world" / "story_files" / "frame.htm.txt").write_text("<html><body>x</body></html>")
    (pages / "story.php").write_bytes(b"\xef\xbb\xbf\n  <!DOCTYPE html><html><body>A</body></html>")
    with pytest.warns(cs.CorpusWarning, match="4 of 7 pages not imported") as record:
        report = import_pages(pages, tmp_path / "out")
    assert len(record) == 1 and "story.php: an HTML page not named .html/.htm (.php)" in str(
        record[0].message
    )
    rows = {r["source_file"]: r for r in report}
    assert len(rows) == 9  # the 6 page files and the 3 others
    assert {n for n, r in rows.items() if r["status"] == "not_read"} == {
        "style.css", "world/story_files/frame.htm.txt", "story.php"
    }  # fmt: skip
    assert rows["style.css"]["reason"].startswith("not a saved page (.css): only .html")
    assert rows["world/story_files/frame.htm.txt"]["reason"].startswith("a page asset: ")
    assert rows["story.php"]["reason"].endswith("rename it to import it")
