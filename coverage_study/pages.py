"""Saved web pages to a corpus folder: ``import_pages`` (``coverage-study import``).

Every ``.html``/``.htm`` file under the pages folder (recursively, also gzipped ``.html.gz``/
``.htm.gz``) is read, never changed, and its article is extracted with trafilatura
(``bare_extraction``, metadata on, comments off; publication dates by htmldate, which
trafilatura calls). Nothing is fetched: trafilatura and htmldate get the parsed page, never a URL,
even when the page links elsewhere.

What is counted as the article: what trafilatura keeps as the main text (its headline line, then
its paragraphs, written one per paragraph with blank lines between). What is not: navigation,
cookie banners, bylines, related-links boxes, reader comments, footers: whatever trafilatura
judges boilerplate. Cleaning (``cleaning.toml``) then runs on the stored text as on any corpus.

Metadata per article, with where it came from:

- ``outlet``: the page's site name (``og:site_name``, JSON-LD publisher, ...), else the domain of
  its canonical URL, else the ``outlet`` argument (``--outlet``); ``outlet_evidence`` says which.
- ``published``: the ISO date htmldate found; ``published_evidence`` names the tag (``meta
  property="article:published_time"``, ``time datetime``, JSON-LD ``datePublished``) or pattern
  (the URL, ``inferred:`` a date in the page text) it matches.
- ``headline``, ``url`` (canonical), ``language`` (the page's ``lang`` declaration, primary
  subtag), ``author``, ``source_file`` (the path relative to the pages folder).

Pages that give no article (empty, binary, undecodable, not HTML, nothing extractable: under
``MIN_ARTICLE_CHARS``, 100 characters, of main text) are not
imported: each is listed with its reason in ``import_report.csv`` and in one
:class:`~coverage_study.corpus.CorpusWarning` at the end; when no page gives an article,
:class:`~coverage_study.corpus.CorpusError` lists them all and nothing is written.
"""

from __future__ import annotations

import csv
import gzip
import json
import logging
import re
import warnings
import zlib
from collections.abc import Callable, Iterable, Iterator
from contextlib import contextmanager
from copy import deepcopy
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from .corpus import CorpusError, CorpusWarning, Problem

__all__ = ["import_pages", "extract_page", "PageArticle", "METADATA_COLUMNS"]

METADATA_COLUMNS = (
    "article_id", "outlet", "outlet_evidence", "published", "published_evidence", "headline",
    "url", "language", "author", "source_file",
)  # fmt: skip
REPORT_COLUMNS = ("source_file", "article_id", "status", "reason")
_SUFFIXES = (".html", ".htm", ".html.gz", ".htm.gz")
_UNSAFE = re.compile(r"[^A-Za-z0-9_.-]+")
_CHARSET = re.compile(rb"""<meta[^>]+charset\s*=\s*["']?\s*([A-Za-z0-9_.:-]+)""", re.I)
# trafilatura's MIN_OUTPUT_SIZE (default 1 character): below this, its output is no article but
# what a page without one leaves (a menu's "Home", a cookie notice); about one short sentence
MIN_ARTICLE_CHARS = 100
_TAG = re.compile(r"<\s*(html|head|body|p|div|article|title|h1|meta)\b", re.I)


@dataclass
class PageArticle:
    """One page's article: the text to store and its metadata row (without ``article_id``)."""

    text: str
    headline: str | None
    body: str
    meta: dict[str, str] = field(default_factory=dict)


def _page_files(pages: Path) -> tuple[list[Path], list[Path]]:
    """The page files under ``pages`` and the other files (each sorted)."""
    found: list[Path] = []
    others: list[Path] = []
    for path in sorted(p for p in pages.rglob("*") if p.is_file()):
        (found if path.name.lower().endswith(_SUFFIXES) else others).append(path)
    return found, others


_HTML_START = re.compile(rb"\s*(?:<!doctype\s+html|<html[\s>])", re.IGNORECASE)


def _not_read(path: Path, pages: Path) -> tuple[str, bool]:
    """Why a file that is not named as a page is not read, and whether it looks like a page
    all the same (an HTML document outside a browser's ``*_files`` folder of page assets)."""
    in_assets = any(part.endswith("_files") for part in path.relative_to(pages).parts[:-1])
    with path.open("rb") as fh:
        head = fh.read(1024).removeprefix(b"\xef\xbb\xbf")
    if not in_assets and _HTML_START.match(head):
        return (f"an HTML page not named .html/.htm ({path.suffix or 'no extension'}): "
                "rename it to import it"), True  # fmt: skip
    what = "a page asset" if in_assets else f"not a saved page ({path.suffix or 'no extension'})"
    return f"{what}: only .html, .htm, .html.gz and .htm.gz files are read", False


def _stem(path: Path) -> str:
    name = path.name
    for suffix in _SUFFIXES[::-1]:  # the longest first: .html.gz before .html
        if name.lower().endswith(suffix):
            name = name[: -len(suffix)]
            break
    return _UNSAFE.sub("_", name).strip("._") or "page"


def _decode(raw: bytes, gzipped: bool) -> str:
    """The page as text; ValueError with the reason when it is not a readable HTML page."""
    if gzipped:
        try:
            raw = gzip.decompress(raw)
        except (OSError, EOFError, zlib.error) as exc:
            raise ValueError(f"not a readable gzip file ({exc})") from None
    if not raw.strip():
        raise ValueError("empty file (no HTML)")
    if b"\x00" in raw:
        nul = raw.index(b"\x00")
        raise ValueError(f"binary file (NUL byte at byte {nul}), not HTML")
    declared = _CHARSET.search(raw[:4096])
    encoding = declared.group(1).decode("ascii").lower() if declared else "utf-8"
    if raw.startswith(b"\xef\xbb\xbf"):
        encoding = "utf-8-sig"
    try:
        text = raw.decode(encoding)
    except LookupError:
        raise ValueError(f"undecodable: unknown charset {encoding!r} declared") from None
    except UnicodeDecodeError as exc:
        how = "declared" if declared else "assumed, no charset declared"
        raise ValueError(
            f"undecodable: not valid {encoding} ({how}): byte 0x{raw[exc.start]:02x} "
            f"at byte {exc.start}"
        ) from None
    if not _TAG.search(text[:65536]):
        raise ValueError("not HTML (no <html>, <body>, <p> or similar tag)")
    return text


@contextmanager
def _library_log() -> Iterator[list[str]]:
    """Collect trafilatura's and htmldate's log messages (warnings and errors) instead of letting
    Python print them to stderr: they become the reason a page is listed."""
    messages: list[str] = []

    class Collect(logging.Handler):
        def emit(self, record: logging.LogRecord) -> None:
            messages.append(record.getMessage())

    handler = Collect(logging.WARNING)
    loggers = [logging.getLogger(n) for n in ("trafilatura", "htmldate", "courlan")]
    saved = [(lg.propagate, lg.level) for lg in loggers]
    for lg in loggers:
        lg.addHandler(handler)
        lg.propagate = False
        if lg.level == logging.NOTSET or lg.level > logging.WARNING:
            lg.setLevel(logging.WARNING)
    try:
        yield messages
    finally:
        for lg, (propagate, level) in zip(loggers, saved, strict=True):
            lg.removeHandler(handler)
            lg.propagate, lg.level = propagate, level


def _language(tree: Any) -> str | None:
    value = tree.get("lang") or tree.get("{http://www.w3.org/XML/1998/namespace}lang")
    if not value:
        for meta in tree.iterfind(".//meta[@http-equiv]"):
            if meta.get("http-equiv", "").lower() == "content-language":
                value = meta.get("content")
    if not value:
        return None
    primary = re.split(r"[-_,\s]", value.strip())[0].lower()
    return primary if re.fullmatch(r"[a-z]{2,3}", primary) else None


def _meta_naming(tree: Any, value: str, match: Callable[[str, str], bool]) -> str | None:
    """``meta property="..."`` (or name/itemprop) of the first meta tag whose content matches."""
    for meta in tree.iterfind(".//meta[@content]"):
        if match(meta.get("content", ""), value):
            for attr in ("property", "name", "itemprop", "http-equiv"):
                if meta.get(attr):
                    return f'meta {attr}="{meta.get(attr)}"'
    return None


def _json_ld(tree: Any) -> list[Any]:
    found = []
    for script in tree.iterfind(".//script[@type]"):
        if script.get("type", "").lower() == "application/ld+json" and script.text:
            try:
                found.append(json.loads(script.text))
            except ValueError:
                continue
    return found


def _json_ld_key(data: Any, value: str, keys: tuple[str, ...]) -> str | None:
    """The first of ``keys`` found anywhere in JSON-LD ``data`` whose value contains ``value``."""
    if isinstance(data, dict):
        for key, item in data.items():
            if key in keys and value.lower() in json.dumps(item, ensure_ascii=False).lower():
                return str(key)
            inner = _json_ld_key(item, value, keys)
            if inner:
                return inner
    elif isinstance(data, list):
        for item in data:
            inner = _json_ld_key(item, value, keys)
            if inner:
                return inner
    return None


def _date_evidence(tree: Any, url: str | None, date: str) -> str:
    """Which tag or pattern of the page holds the date htmldate returned."""
    tag = _meta_naming(tree, date, lambda content, d: content.strip().startswith(d))
    if tag:
        return tag
    for data in _json_ld(tree):
        key = _json_ld_key(data, date, ("datePublished", "dateCreated", "dateModified"))
        if key:
            return f"JSON-LD {key}"
    for elem in tree.iterfind(".//time[@datetime]"):
        if elem.get("datetime", "").strip().startswith(date):
            return "time datetime"
    y, m, d = date.split("-")
    if url and re.search(rf"{y}[/_-]?{m}[/_-]?{d}", url):
        return f"URL pattern {y}/{m}/{d} in {url}"
    return "inferred: htmldate found it in the page text (no date tag)"


def _outlet(doc: Any, tree: Any, default: str | None) -> tuple[str | None, str]:
    sitename, hostname = doc.sitename, doc.hostname
    if sitename and hostname and sitename.lower().removeprefix("www.") == hostname.lower():
        sitename = None  # trafilatura's own fallback to the domain: say so below
    if sitename:
        where = _meta_naming(tree, sitename, lambda content, v: content.strip().lstrip("@") == v)
        if where is None:
            for data in _json_ld(tree):
                key = _json_ld_key(data, sitename, ("publisher", "sourceOrganization"))
                if key:
                    where = f"JSON-LD {key}"
                    break
        return sitename, f"site name ({where or 'page metadata, found by trafilatura'})"
    if hostname:
        return hostname, f"domain of the canonical URL {doc.url}"
    if default:
        return default, "--outlet (no site name or canonical URL in the page)"
    return None, ""


def extract_page(raw: bytes, gzipped: bool = False, outlet: str | None = None) -> PageArticle:
    """Extract the article of one saved page (its bytes); ValueError says why there is none.

    ``meta`` holds the metadata columns known for the page (``outlet``, ``outlet_evidence``,
    ``published``, ``published_evidence``, ``headline``, ``url``, ``language``, ``author``):
    a column not found is an empty string.
    """
    from trafilatura import bare_extraction
    from trafilatura.settings import DEFAULT_CONFIG, Document
    from trafilatura.utils import load_html

    config = deepcopy(DEFAULT_CONFIG)
    config.set("DEFAULT", "MIN_OUTPUT_SIZE", str(MIN_ARTICLE_CHARS))

    html = _decode(raw, gzipped)
    with _library_log() as messages:
        tree = load_html(html)
        doc = None if tree is None else bare_extraction(
            tree, with_metadata=True, include_comments=False, config=config
        )  # fmt: skip
    said = f" (trafilatura: {'; '.join(messages)})" if messages else ""
    if tree is None:
        raise ValueError(f"not HTML: no document could be parsed{said}")
    if not isinstance(doc, Document) or not doc.text or not doc.text.strip():
        raise ValueError(f"no extractable article{said}")
    lines = [line.strip() for line in doc.text.splitlines() if line.strip()]
    headline = (doc.title or "").strip() or None
    if headline and lines and lines[0] == headline:
        lines = lines[1:]
    if not lines:
        raise ValueError(f"no extractable article (only a headline){said}")
    body = "\n\n".join(lines)
    text = f"{headline}\n\n{body}\n" if headline else f"{body}\n"
    name, outlet_evidence = _outlet(doc, tree, outlet)
    if name is None:
        raise ValueError("no outlet: no site name or canonical URL in the page; give --outlet")
    meta = {
        "outlet": name,
        "outlet_evidence": outlet_evidence,
        "published": doc.date or "",
        "published_evidence": _date_evidence(tree, doc.url, doc.date) if doc.date else "",
        "headline": headline or "",
        "url": doc.url or "",
        "language": _language(tree) or "",
        "author": doc.author or "",
    }
    return PageArticle(text=text, headline=headline, body=body, meta=meta)


def _check_out(out: Path, ids: Iterable[str], force: bool) -> None:
    if out.exists() and not out.is_dir():
        raise CorpusError([Problem("error", str(out), "exists and is not a folder")])
    if not out.is_dir():
        return
    ours = {f"{i}.txt" for i in ids} | {"metadata.csv", "import_report.csv"}
    present = {p.name for p in out.iterdir()}
    if present & ours and not force:
        clash = sorted(present & ours)
        listed = ", ".join(clash[:5]) + (f" and {len(clash) - 5} more" if len(clash) > 5 else "")
        message = f"would overwrite {listed}; use --force (force=True) to overwrite"
        raise CorpusError([Problem("error", str(out), message)])
    stray = sorted(n for n in present - ours if n.endswith(".txt"))
    if stray:
        message = (f"holds .txt files this import does not write ({', '.join(stray[:5])}): the "
                   "corpus would not load; import into an empty folder")  # fmt: skip
        raise CorpusError([Problem("error", str(out), message)])


def _write_csv(path: Path, columns: tuple[str, ...], rows: list[dict[str, str]]) -> None:
    with path.open("w", encoding="utf-8", newline="") as fh:
        writer = csv.DictWriter(fh, fieldnames=columns, lineterminator="\n")
        writer.writeheader()
        writer.writerows(rows)


def import_pages(
    pages: str | Path,
    out: str | Path,
    outlet: str | None = None,
    force: bool = False,
    progress: Callable[[list[Path]], Iterable[Path]] | None = None,
) -> list[dict[str, str]]:
    """Extract the article of every saved page under ``pages`` into the corpus folder ``out``.

    Parameters
    ----------
    pages : str or Path
        Folder of saved pages: every ``.html``, ``.htm``, ``.html.gz``, ``.htm.gz`` under it is
        read (recursively); other files (a browser's ``_files`` folders) are not read, and each
        is listed in the report (status ``not_read``, with the reason).
    out : str or Path
        The corpus folder to write: ``<article_id>.txt`` per article, ``metadata.csv``
        (columns ``METADATA_COLUMNS``) and ``import_report.csv`` (one row per file under
        ``pages``: ``source_file, article_id, status, reason``; status ``imported``, ``skipped``
        (a page that gave no article) or ``not_read`` (not named as a page)). Created if
        missing.
    outlet : str, optional
        The outlet of pages that name neither a site nor a canonical URL.
    force : bool
        Overwrite files of an earlier import in ``out``.
    progress : callable, optional
        Wraps the list of page files (the command line's progress bar).

    Returns
    -------
    list of dict
        The rows of ``import_report.csv``.

    Raises
    ------
    CorpusError
        ``pages`` is not a folder or holds no page; two pages give the same ``article_id``
        (naming both files); ``out`` holds files that would be overwritten (without ``force``)
        or other ``.txt`` files; no page gave an article (every page with its reason).

    Warns
    -----
    CorpusWarning
        Once, listing every page that was not imported, with its reason, and every file that
        looks like an HTML page but is not named as one.
    """
    pages, out = Path(pages), Path(out)
    if not pages.is_dir():
        what = "is not a folder" if pages.exists() else "does not exist"
        raise CorpusError([Problem("error", str(pages), f"pages folder {what}")])
    files, others = _page_files(pages)
    if not files:
        message = "no .html, .htm or .html.gz file under it"
        raise CorpusError([Problem("error", str(pages), message)])
    ids: dict[str, Path] = {}
    collisions = []
    for path in files:
        article_id = _stem(path)
        key = article_id.casefold()  # unique also on a case-insensitive file system
        if key in ids:
            first, second = ids[key].relative_to(pages), path.relative_to(pages)
            collisions.append(Problem("error", str(second), f"article_id '{article_id}' is "
                                      f"also the id of {first}; rename one of them"))  # fmt: skip
        else:
            ids[key] = path
    if collisions:
        raise CorpusError(collisions)
    by_path = {path: _stem(path) for path in files}
    _check_out(out, by_path.values(), force)

    articles: dict[str, PageArticle] = {}
    report: list[dict[str, str]] = []
    problems: list[Problem] = []
    for path in progress(files) if progress else files:
        source, article_id = path.relative_to(pages).as_posix(), by_path[path]
        try:
            article = extract_page(path.read_bytes(), path.name.lower().endswith(".gz"), outlet)
        except ValueError as exc:
            report.append({"source_file": source, "article_id": "", "status": "skipped",
                           "reason": str(exc)})  # fmt: skip
            problems.append(Problem("error", source, str(exc)))
            continue
        articles[article_id] = article
        article.meta["source_file"] = source
        report.append({"source_file": source, "article_id": article_id, "status": "imported",
                       "reason": ""})  # fmt: skip
    for path in others:
        source = path.relative_to(pages).as_posix()
        reason, looks_like_a_page = _not_read(path, pages)
        report.append({"source_file": source, "article_id": "", "status": "not_read",
                       "reason": reason})  # fmt: skip
        if looks_like_a_page:
            problems.append(Problem("error", source, reason))
    if not articles:
        raise CorpusError(problems)
    out.mkdir(parents=True, exist_ok=True)
    for article_id, article in articles.items():
        (out / f"{article_id}.txt").write_text(article.text, encoding="utf-8", newline="\n")
    rows = [{"article_id": i, **a.meta} for i, a in sorted(articles.items())]
    _write_csv(out / "metadata.csv", METADATA_COLUMNS, rows)
    _write_csv(out / "import_report.csv", REPORT_COLUMNS, report)
    if problems:
        listed = "; ".join(str(p) for p in problems)
        n_pages = len(articles) + len(problems)  # page files, and files that look like pages
        message = (f"{len(problems)} of {n_pages} pages not imported (listed in "
                   f"{out / 'import_report.csv'}): {listed}")  # fmt: skip
        warnings.warn(message, CorpusWarning, stacklevel=2)
    return report
