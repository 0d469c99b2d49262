"""Read a saved web page safely: which files are pages, their bytes within a limit, their text.

A page is a ``.html``/``.htm`` file, or gzipped ``.html.gz``/``.htm.gz``, under the pages
folder (:func:`_page_files`); any other file is listed with the reason it is not read
(:func:`_not_read`). A page is read within ``MAX_PAGE_BYTES`` (50 MiB by default): a plain file
by its size on disk, a ``.gz`` by decompressing at most one byte past the limit, so that a small
file which expands to gigabytes is never held in memory (:func:`_read_page`). Its bytes are
decoded by the declared charset (UTF-8 when none is declared, a BOM wins) and must look like
HTML (:func:`_decode`). Each refusal is a ``ValueError`` whose message is the reason
:mod:`coverage_study.reading.pages` lists in ``import_report.csv``. Nothing here extracts or writes.
"""

from __future__ import annotations

import gzip
import re
import zlib
from pathlib import Path
from typing import BinaryIO

__all__ = ["MAX_PAGE_BYTES"]

# far above any article: the largest pages of news sites, with inline scripts and styles, are a
# few MB; a page past it is listed with its reason, never read whole
MAX_PAGE_BYTES = 50 * 2**20
_SUFFIXES = (".html", ".htm", ".html.gz", ".htm.gz")
_UNSAFE = re.compile(r"[^A-Za-z0-9_.-]+")
_CHARSET = re.compile(rb"""<meta[^>]+charset\s*=\s*["']?\s*([A-Za-z0-9_.:-]+)""", re.I)
_TAG = re.compile(r"<\s*(html|head|body|p|div|article|title|h1|meta)\b", re.I)


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


def _too_large(limit: int, gzipped: bool) -> ValueError:
    what = "decompresses to more than" if gzipped else "is larger than"
    return ValueError(f"{what} the size limit of {limit:,} bytes (--max-page-bytes, "
                      "max_page_bytes): not read")  # fmt: skip


def _bounded(fh: BinaryIO, limit: int, gzipped: bool) -> bytes:
    """At most ``limit`` bytes of the page in ``fh`` (decompressed when ``gzipped``), reading
    ``limit + 1`` at most; ValueError when there is more, or when the gzip stream is damaged."""
    try:
        if gzipped:
            # GzipFile decompresses in bounded steps (zlib's max_length): read(n) holds about
            # twice n bytes at its peak (the result and one copy), however far the stream expands
            with gzip.GzipFile(fileobj=fh, mode="rb") as gz:
                raw = gz.read(limit + 1)
        else:
            raw = fh.read(limit + 1)
    except (OSError, EOFError, zlib.error) as exc:
        raise ValueError(f"not a readable gzip file ({exc})") from None
    if len(raw) > limit:
        raise _too_large(limit, gzipped)
    return raw


def _read_page(path: Path, limit: int) -> bytes:
    """The page's bytes (decompressed for ``.gz``), never more than ``limit`` + 1 read."""
    gzipped = path.name.lower().endswith(".gz")
    if not gzipped and path.stat().st_size > limit:
        raise _too_large(limit, gzipped)
    with path.open("rb") as fh:
        return _bounded(fh, limit, gzipped)


def _decode(raw: bytes) -> str:
    """The page as text; ValueError with the reason when it is not a readable HTML page."""
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
