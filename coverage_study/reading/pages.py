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

- ``outlet``, found in this order: the page's site name (``og:site_name``, JSON-LD publisher,
  ...); the domain of its own URL (``og:url`` or ``link rel="canonical"``); the folder the page
  was saved in (the first folder under the pages folder: ``pages/<outlet>/...``); the ``outlet``
  argument (``--outlet``); failing all four, ``unknown``, and one
  :class:`~coverage_study.reading.corpus.CorpusWarning` names every such page. ``outlet_evidence``
  says where each came from, and ``import_report.csv`` has the source's kind (``outlet_from``).
- ``published``: the ISO date htmldate found; ``published_evidence`` names the tag (``meta
  property="article:published_time"``, ``time datetime``, JSON-LD ``datePublished``) or pattern
  (the URL, ``inferred:`` a date in the page text) it matches.
- ``headline``, ``url`` (canonical), ``language`` (the page's ``lang`` declaration, primary
  subtag), ``author``, ``source_file`` (the path relative to the pages folder).

Pages that give no article (empty, binary, undecodable, not HTML, nothing extractable: under
``MIN_ARTICLE_CHARS``, 100 characters, of main text) and pages over the size limit
(``max_page_bytes``, ``MAX_PAGE_BYTES`` = 50 MiB by default; for a ``.gz`` page its decompressed
size, found by decompressing at most one byte past the limit, so that a small file which expands
to gigabytes is never held in memory) are not imported: each is listed with its reason in
``import_report.csv`` and in one :class:`~coverage_study.reading.corpus.CorpusWarning` at the end;
when no page gives an article, :class:`~coverage_study.reading.corpus.CorpusError` lists them all
and nothing is written.

Reading a page safely (which files are pages, the size limit, the charset) is
:mod:`coverage_study.reading.saved_pages`; this module extracts the article and writes the corpus.
"""

from __future__ import annotations

import csv
import io
import json
import logging
import re
import warnings
from collections.abc import Callable, Iterable, Iterator
from contextlib import contextmanager
from copy import deepcopy
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from ..errors import CorpusError, CorpusWarning, Problem
from .saved_pages import MAX_PAGE_BYTES as MAX_PAGE_BYTES
from .saved_pages import _bounded, _decode, _not_read, _page_files, _read_page, _stem, _too_large

__all__ = ["import_pages", "extract_page", "PageArticle", "METADATA_COLUMNS"]

METADATA_COLUMNS = (
    "article_id", "outlet", "outlet_evidence", "published", "published_evidence", "headline",
    "url", "language", "author", "source_file",
)  # fmt: skip
REPORT_COLUMNS = ("source_file", "article_id", "status", "outlet_from", "reason")
# where the outlet of an imported page came from (import_report.csv's outlet_from), in the order
# they are tried
OUTLET_FROM = ("site name", "page URL", "folder", "--outlet", "unknown")
UNKNOWN_OUTLET = "unknown"
# trafilatura's MIN_OUTPUT_SIZE (default 1 character): below this, its output is no article but
# what a page without one leaves (a menu's "Home", a cookie notice); about one short sentence
MIN_ARTICLE_CHARS = 100


@dataclass
class PageArticle:
    """One page's article: the text to store and its metadata row (without ``article_id``)."""

    text: str
    headline: str | None
    body: str
    meta: dict[str, str] = field(default_factory=dict)
    outlet_from: str = ""  # one of OUTLET_FROM


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


def _url_source(tree: Any) -> str:
    """Which tag gave trafilatura the page's URL: its og:url, else its canonical link."""
    for meta in tree.iterfind(".//meta[@content]"):
        if meta.get("property") == "og:url" or meta.get("name") == "og:url":
            return "og:url"
    return "canonical URL"


def _outlet(doc: Any, tree: Any, folder: str | None, default: str | None) -> tuple[str, str, str]:
    """The outlet, its evidence and its kind (one of ``OUTLET_FROM``), in the documented order."""
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
        evidence = f"site name ({where or 'page metadata, found by trafilatura'})"
        return sitename, evidence, "site name"
    if hostname:
        return hostname, f"domain of the {_url_source(tree)} {doc.url}", "page URL"
    missing = "the page names no site and has no og:url or canonical URL"
    if folder:
        return folder, f"the folder it was saved in, {folder}/ ({missing})", "folder"
    if default:
        return default, f"--outlet ({missing}, and is not saved in a folder)", "--outlet"
    evidence = f"unknown: {missing}, is not saved in a folder, and no --outlet was given"
    return UNKNOWN_OUTLET, evidence, "unknown"


def extract_page(
    raw: bytes,
    gzipped: bool = False,
    outlet: str | None = None,
    folder: str | None = None,
    max_page_bytes: int = MAX_PAGE_BYTES,
) -> PageArticle:
    """Extract the article of one saved page (its bytes); ValueError says why there is none.

    ``meta`` holds the metadata columns known for the page (``outlet``, ``outlet_evidence``,
    ``published``, ``published_evidence``, ``headline``, ``url``, ``language``, ``author``):
    a column not found is an empty string. The outlet is the page's site name, else its URL's
    domain, else ``folder`` (the folder it was saved in), else ``outlet``, else ``"unknown"``;
    ``outlet_from`` says which. A gzipped page is decompressed to at most ``max_page_bytes``
    (one byte more is a ValueError).
    """
    from trafilatura import bare_extraction
    from trafilatura.settings import DEFAULT_CONFIG, Document
    from trafilatura.utils import load_html

    config = deepcopy(DEFAULT_CONFIG)
    config.set("DEFAULT", "MIN_OUTPUT_SIZE", str(MIN_ARTICLE_CHARS))

    if gzipped:
        raw = _bounded(io.BytesIO(raw), max_page_bytes, gzipped=True)
    elif len(raw) > max_page_bytes:
        raise _too_large(max_page_bytes, gzipped=False)
    html = _decode(raw)
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
    name, outlet_evidence, outlet_from = _outlet(doc, tree, folder, outlet)
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
    return PageArticle(text=text, headline=headline, body=body, meta=meta, outlet_from=outlet_from)


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
    max_page_bytes: int = MAX_PAGE_BYTES,
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
        ``pages``: ``source_file, article_id, status, outlet_from, reason``; status
        ``imported``, ``skipped`` (a page that gave no article, or over the size limit) or
        ``not_read`` (not named as a page); ``outlet_from`` of an imported page is one of
        ``OUTLET_FROM``: ``site name``, ``page URL``, ``folder``, ``--outlet``, ``unknown``).
        Created if missing.
    outlet : str, optional
        The outlet of pages that name neither a site nor their URL and are not saved in a
        folder under ``pages`` (a page in ``pages/<folder>/...`` takes ``<folder>``).
    force : bool
        Overwrite files of an earlier import in ``out``.
    progress : callable, optional
        Wraps the list of page files (the command line's progress bar).
    max_page_bytes : int
        The size limit of a page, in bytes (decompressed, for a ``.gz`` page): a page past it
        is skipped with its reason, and no more than ``max_page_bytes + 1`` bytes of it are
        ever read or decompressed. ``MAX_PAGE_BYTES`` (50 MiB) by default.

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
        looks like an HTML page but is not named as one; and once, listing every page imported
        with outlet ``unknown`` (no site name, page URL, folder or ``outlet``).
    """
    if max_page_bytes < 1:
        raise ValueError(f"max_page_bytes must be at least 1, not {max_page_bytes}")
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
        relative = path.relative_to(pages)
        source, article_id = relative.as_posix(), by_path[path]
        folder = relative.parts[0] if len(relative.parts) > 1 else None
        try:
            raw = _read_page(path, max_page_bytes)  # decompressed: gzipped=False below
            article = extract_page(raw, False, outlet, folder, max_page_bytes)
        except ValueError as exc:
            report.append({"source_file": source, "article_id": "", "status": "skipped",
                           "outlet_from": "", "reason": str(exc)})  # fmt: skip
            problems.append(Problem("error", source, str(exc)))
            continue
        articles[article_id] = article
        article.meta["source_file"] = source
        report.append({"source_file": source, "article_id": article_id, "status": "imported",
                       "outlet_from": article.outlet_from, "reason": ""})  # fmt: skip
    for path in others:
        source = path.relative_to(pages).as_posix()
        reason, looks_like_a_page = _not_read(path, pages)
        report.append({"source_file": source, "article_id": "", "status": "not_read",
                       "outlet_from": "", "reason": reason})  # fmt: skip
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
    unknown = [a.meta["source_file"] for a in articles.values() if a.outlet_from == "unknown"]
    if unknown:
        message = (f"{len(unknown)} of {len(articles)} imported pages have outlet "
                   f"'{UNKNOWN_OUTLET}' (no site name, no og:url or canonical URL, not saved in "
                   "a folder under the pages folder, no --outlet): "
                   f"{', '.join(sorted(unknown))}; give --outlet or save them as "
                   "pages/<outlet>/..., or edit metadata.csv")  # fmt: skip
        warnings.warn(message, CorpusWarning, stacklevel=2)
    return report
