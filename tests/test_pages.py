"""Tests for coverage_study.reading.pages (``coverage-study import``): saved web pages to a corpus.

The pages in tests/data/pages/ were written for these tests (their own words, invented outlets
on ``.example`` domains). Every expected value below was read by hand from those pages.
"""

from __future__ import annotations

import csv
import gzip
import hashlib
import shutil
import socket
import warnings
from pathlib import Path

import pandas as pd
import pytest

import coverage_study as cs
from coverage_study.cli import main
from coverage_study.reading.pages import extract_page, import_pages

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
    with pytest.warns(cs.CorpusWarning, match="3 of 7 pages not imported") as record:
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
    assert list(meta) == [
        "ferry-fares", "harbour-bridge-reopens", "library-night-hours", "night-buses",
    ]  # fmt: skip
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
    assert len(report) == 7
    assert report["empty.html"]["reason"] == "empty file (no HTML)"
    assert report["not-a-page.html"]["reason"] == "binary file (NUL byte at byte 4), not HTML"
    assert report["latin1-mislabelled.html"]["reason"].startswith(
        "undecodable: not valid utf-8 (declared): byte 0xe9"
    )
    assert {r["status"] for n, r in report.items() if n in BROKEN} == {"skipped"}
    assert {r["status"] for n, r in report.items() if n not in BROKEN} == {"imported"}
    # where each outlet came from, read from the pages: harbour has og:site_name, library a
    # canonical link, night-buses (gzipped) a canonical link, ferry-fares none of them but it is
    # saved in riverside-herald/
    assert {n: r["outlet_from"] for n, r in report.items() if n not in BROKEN} == {
        "world/harbour-bridge-reopens.html": "site name",
        "library-night-hours.htm": "page URL",
        "night-buses.html.gz": "page URL",
        "riverside-herald/ferry-fares.html": "folder",
    }
    assert {r["outlet_from"] for n, r in report.items() if n in BROKEN} == {""}


def test_imported_corpus_loads_cleans_and_validates(imported):
    corpus = cs.load_corpus(imported)
    assert corpus["article_id"].tolist() == [
        "ferry-fares", "harbour-bridge-reopens", "library-night-hours", "night-buses",
    ]  # fmt: skip
    harbour = corpus.iloc[1]
    assert harbour["headline"] == "Harbour bridge reopens after two years of repairs"
    assert harbour["headline_span"] == (0, len(harbour["headline"]))
    assert harbour["body"] == "\n\n".join(HARBOUR_BODY)  # cleaning finds no furniture left
    assert harbour["published"] == pd.Timestamp("2024-03-14")
    assert pd.isna(corpus.iloc[2]["published"])
    assert corpus["source_file"].tolist()[1] == "world/harbour-bridge-reopens.html"
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
    overwrite = r"would overwrite ferry-fares.txt, .* and 1 more; .*--force"
    with pytest.raises(cs.CorpusError, match=overwrite):
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


# riverside-herald/ferry-fares.html, read by hand: no og:site_name, no og:url, no canonical link,
# a title without a domain in it; the three <p> of <main>
FERRY_TEXT = (
    "Ferry fares to rise in the spring\n\n"
    "A single crossing on the river ferry will cost two coins more from the first of April, the "
    "harbour board announced on Tuesday, the first rise in six years.\n\n"
    "The board said fuel and the repair of the landing stage at the northern pier had cost far "
    "more than it had planned, and that season tickets would keep their present price.\n\n"
    "Passengers who use the ferry to reach the market on Saturdays said they would walk over the "
    "new bridge instead when the weather allowed.\n"
)


def test_page_naming_no_site_takes_the_folder_it_was_saved_in(imported):
    assert (imported / "ferry-fares.txt").read_text(encoding="utf-8") == FERRY_TEXT
    ferry = _metadata(imported)["ferry-fares"]
    assert ferry["outlet"] == "riverside-herald"
    assert ferry["outlet_evidence"].startswith("the folder it was saved in, riverside-herald/ (")
    assert ferry["url"] == ""


def _pages_with(tmp_path: Path, files: dict[str, str]) -> Path:
    pages = tmp_path / "pages"
    for name, html in files.items():
        (pages / name).parent.mkdir(parents=True, exist_ok=True)
        (pages / name).write_text(html, encoding="utf-8")
    return pages


FERRY = (PAGES / "riverside-herald" / "ferry-fares.html").read_text(encoding="utf-8")
OG_URL = '<meta property="og:url" content="https://www.harbour-news.example/2024/ferry">\n</head>'


def test_outlet_sources_in_order_site_name_url_folder_option(tmp_path):
    """Site name, then the page's URL (og:url here), then the folder, then --outlet: each page
    below lacks what comes before its source, and --outlet is given to all of them."""
    pages = _pages_with(tmp_path, {
        "desk/site.html": FERRY.replace("</head>", '<meta property="og:site_name" '
                                        'content="The Harbour News">\n</head>'),
        "desk/og-url.html": FERRY.replace("</head>", OG_URL),
        "desk/folder.html": FERRY,
        "option.html": FERRY,
    })  # fmt: skip
    report = import_pages(pages, tmp_path / "corpus", outlet="The Town Crier")
    meta = _metadata(tmp_path / "corpus")
    assert {i: row["outlet"] for i, row in meta.items()} == {
        "site": "The Harbour News", "og-url": "harbour-news.example", "folder": "desk",
        "option": "The Town Crier",
    }  # fmt: skip
    assert {r["article_id"]: r["outlet_from"] for r in report} == {
        "site": "site name", "og-url": "page URL", "folder": "folder", "option": "--outlet",
    }  # fmt: skip
    assert meta["site"]["outlet_evidence"] == 'site name (meta property="og:site_name")'
    assert meta["og-url"]["outlet_evidence"] == (
        "domain of the og:url https://www.harbour-news.example/2024/ferry"
    )
    assert meta["option"]["outlet_evidence"].startswith("--outlet (the page names no site")


def test_page_with_no_outlet_anywhere_is_imported_as_unknown_with_one_warning(tmp_path):
    """Never skipped: two such pages, one warning naming both; the page with a URL is not in it."""
    pages = _pages_with(tmp_path, {
        "ferry.html": FERRY, "ferry-again.html": FERRY,
        "with-url.html": FERRY.replace("</head>", OG_URL),
    })  # fmt: skip
    with pytest.warns(cs.CorpusWarning) as record:
        report = import_pages(pages, tmp_path / "corpus")
    assert len(record) == 1
    assert str(record[0].message).startswith(
        "2 of 3 imported pages have outlet 'unknown' (no site name, no og:url or canonical URL, "
        "not saved in a folder under the pages folder, no --outlet): ferry-again.html, ferry.html;"
    )
    assert [r["status"] for r in report] == ["imported"] * 3
    meta = _metadata(tmp_path / "corpus")
    assert [meta[i]["outlet"] for i in ("ferry", "ferry-again", "with-url")] == [
        "unknown", "unknown", "harbour-news.example",
    ]  # fmt: skip
    assert meta["ferry"]["outlet_evidence"].startswith("unknown: the page names no site")
    assert cs.load_corpus(tmp_path / "corpus")["outlet"].tolist().count("unknown") == 2


@pytest.mark.filterwarnings("default::coverage_study.CorpusWarning")
def test_cli_import_warns_once_about_unknown_outlets(tmp_path, capsys):
    pages = _pages_with(tmp_path, {"ferry.html": FERRY})
    assert main(["import", str(pages), "--out", str(tmp_path / "corpus")]) == 0
    err = capsys.readouterr().err.splitlines()
    assert err[0].startswith("warning: 1 of 1 imported pages have outlet 'unknown' ")
    assert err[0].count("ferry.html") == 1
    assert err[1].startswith("imported 1 of 1 pages to ")
    assert len(err) == 2


def _gzip_bomb(path: Path, megabytes: int) -> None:
    """A small .html.gz that expands to ``megabytes`` MiB: a page start, then zeros."""
    with gzip.open(path, "wb", compresslevel=9) as fh:
        fh.write(b"<html><body><p>")
        zeros = bytes(2**20)
        for _ in range(megabytes):
            fh.write(zeros)


def test_a_gzip_bomb_is_listed_and_never_read_whole(tmp_path):
    """100 MiB decompressed from about 100 KB, with a 1 MiB limit: listed with its reason, and
    the import's memory peak stays near the limit (reading it whole would take over 100 MiB)."""
    import tracemalloc

    import trafilatura  # noqa: F401  # imported before the measure: its import is not the page

    pages = tmp_path / "pages"
    pages.mkdir()
    shutil.copy(PAGES / "library-night-hours.htm", pages / "library.htm")
    _gzip_bomb(pages / "bomb.html.gz", 100)
    assert (pages / "bomb.html.gz").stat().st_size < 2**20
    tracemalloc.start()
    try:
        with pytest.warns(cs.CorpusWarning, match="1 of 2 pages not imported") as record:
            report = import_pages(pages, tmp_path / "corpus", max_page_bytes=2**20)
        _, peak = tracemalloc.get_traced_memory()
    finally:
        tracemalloc.stop()
    reason = "decompresses to more than the size limit of 1,048,576 bytes"
    assert reason in str(record[0].message)
    rows = {r["source_file"]: r for r in report}
    assert rows["bomb.html.gz"]["status"] == "skipped"
    assert rows["bomb.html.gz"]["reason"].startswith(reason)
    assert rows["library.htm"]["status"] == "imported"
    assert peak < 8 * 2**20, f"peak {peak:,} bytes"


def test_only_one_byte_past_the_limit_is_decompressed(monkeypatch, tmp_path):
    """The bounded read itself: every read of the decompressed stream asks for at most
    limit + 1 bytes, and a page of exactly the limit is read."""
    read_sizes: list[int] = []
    real_read = gzip.GzipFile.read

    def spy(self, size=-1):
        read_sizes.append(size)
        return real_read(self, size)

    monkeypatch.setattr(gzip.GzipFile, "read", spy)
    page = (PAGES / "library-night-hours.htm").read_bytes()
    for limit, expected in ((len(page), "imported"), (len(page) - 1, "skipped")):
        pages = tmp_path / f"pages-{limit}"
        pages.mkdir()
        with gzip.open(pages / "library.htm.gz", "wb") as fh:
            fh.write(page)
        with warnings.catch_warnings():
            warnings.simplefilter("ignore", cs.CorpusWarning)  # the skipped one, asserted below
            if expected == "imported":
                report = import_pages(pages, tmp_path / f"corpus-{limit}", max_page_bytes=limit)
            else:
                with pytest.raises(cs.CorpusError, match="decompresses to more than the size"):
                    import_pages(pages, tmp_path / f"corpus-{limit}", max_page_bytes=limit)
                report = None
        if report is not None:
            assert report[0]["status"] == expected
        assert read_sizes and all(0 <= n <= limit + 1 for n in read_sizes), read_sizes
        read_sizes.clear()


def test_a_plain_page_over_the_limit_is_listed_without_reading_it(tmp_path):
    pages = tmp_path / "pages"
    shutil.copytree(PAGES / "world", pages / "world")
    shutil.copy(PAGES / "library-night-hours.htm", pages / "library.htm")
    size = (pages / "world" / "harbour-bridge-reopens.html").stat().st_size
    limit = (pages / "library.htm").stat().st_size  # library fits, harbour (larger) does not
    assert size > limit
    with pytest.warns(cs.CorpusWarning, match="1 of 2 pages not imported"):
        report = import_pages(pages, tmp_path / "corpus", max_page_bytes=limit)
    rows = {r["source_file"]: r for r in report}
    assert rows["world/harbour-bridge-reopens.html"]["reason"].startswith(
        f"is larger than the size limit of {limit:,} bytes (--max-page-bytes"
    )
    assert rows["library.htm"]["status"] == "imported"


@pytest.mark.filterwarnings("default::coverage_study.CorpusWarning")
def test_cli_max_page_bytes(tmp_path, capsys):
    pages = tmp_path / "pages"
    pages.mkdir()
    shutil.copy(PAGES / "library-night-hours.htm", pages / "library.htm")
    _gzip_bomb(pages / "bomb.html.gz", 3)
    out = tmp_path / "corpus"
    assert main(["import", str(pages), "--out", str(out), "--max-page-bytes", "1000000"]) == 0
    err = capsys.readouterr().err
    assert "bomb.html.gz: decompresses to more than the size limit of 1,000,000 bytes" in err
    assert main(["import", str(pages), "--out", str(out), "--force"]) == 0  # 50 MiB: both read
    assert "bomb.html.gz: binary file (NUL byte at byte 15), not HTML" in capsys.readouterr().err
    for bad in ("0", "-5", "50MB"):
        with pytest.raises(SystemExit) as info:
            main(["import", str(pages), "--out", str(out), "--max-page-bytes", bad])
        assert info.value.code == 2
        assert f"a whole number of bytes, at least 1, not '{bad}'" in capsys.readouterr().err


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
    assert err[0].startswith("warning: 3 of 7 pages not imported (listed in ")
    assert err[1] == f"imported 4 of 7 pages to {out} (every page in {out / 'import_report.csv'})"
    assert len(err) == 2  # no progress bar: stderr is not a terminal here


def test_import_pages_is_a_public_name():
    import coverage_study.reading.pages

    assert cs.import_pages is coverage_study.reading.pages.import_pages
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
    with pytest.warns(cs.CorpusWarning, match="4 of 8 pages not imported") as record:
        report = import_pages(pages, tmp_path / "out")
    assert len(record) == 1 and "story.php: an HTML page not named .html/.htm (.php)" in str(
        record[0].message
    )
    rows = {r["source_file"]: r for r in report}
    assert len(rows) == 10  # the 7 page files and the 3 others
    assert {n for n, r in rows.items() if r["status"] == "not_read"} == {
        "style.css", "world/story_files/frame.htm.txt", "story.php"
    }  # fmt: skip
    assert rows["style.css"]["reason"].startswith("not a saved page (.css): only .html")
    assert rows["world/story_files/frame.htm.txt"]["reason"].startswith("a page asset: ")
    assert rows["story.php"]["reason"].endswith("rename it to import it")
