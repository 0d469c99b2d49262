"""Every problem of a corpus folder at once, with file and line: what ``coverage-study validate``
prints.

Three kinds of check, all reported in one run:

* the loading checks of :func:`coverage_study.check_corpus` (missing or malformed metadata,
  empty, binary or non-UTF-8 files, rows without files and files without rows, duplicate ids,
  malformed dates): errors, except dates and ``translated`` values (warnings);
* unbalanced quotation marks (:func:`coverage_study.quote_problems`): warnings, with the line;
* suspicious boilerplate left in a body after cleaning (``SUSPICIOUS``: share prompts,
  newsletter and cookie notices, copyright lines): warnings, with the line, so that a researcher
  can add a cleaning rule;
* furniture of scraped pages left anywhere inside a body line (``FURNITURE_LEFT``: embed
  markup and field names, embedded-post links and signatures, photo credits, separators): one
  warning per article, counting its lines and naming them;
* encoding damage (mojibake), from :func:`coverage_study.check_corpus`: one warning per file,
  naming its lines.
"""

from __future__ import annotations

import re
import warnings
from pathlib import Path

from .components.quotations import quote_problems
from .reading.clean import split_lines
from .reading.corpus import CorpusWarning, Problem, check_corpus, load_corpus

__all__ = ["FURNITURE_LEFT", "SUSPICIOUS", "validate_corpus"]

SUSPICIOUS = re.compile(
    r"^\s*(share (this|on)\b|subscribe\b|sign up\b|newsletter\b|cookies?\b|accept (all )?cookies"
    r"|all rights reserved|©|copyright\b|click here\b|read more\b|follow us\b|advertisement\b"
    r"|related articles?\b|most read\b|tags?:)",
    re.IGNORECASE,
)
"""Body lines that look like page furniture the cleaning rules did not catch."""

FURNITURE_LEFT = re.compile(
    r"\b(?:tweet|embed|post|status|instagram|video|image|media)[-_](?:id|author|date|url|src)\b"
    r"|</?[A-Za-z][\w:-]*(?:\s+[\w:-]+\s*=\s*[\"\x27]|\s*/?>)"  # markup: <tweet id="..."> </p>
    r"|\bpic\.twitter\.com/|\(@\w{1,30}\)\s+[A-Z][a-z]+\.?\s+\d{1,2},\s+\d{4}"
    r"|\bGetty\b|\bAP Photo\b|\bREUTERS/|\b(?:Photo|Image|Picture)(?: credit)?:"
    r"|_{3,}|(?<![^\W\d_])(?<!-)-{5,}|\*\s\*\s\*"  # dashes after a letter: a censored word, n-----
)
"""Traces of page furniture anywhere in a body line: embed markup and field names, links and
signatures of embedded posts, photo credits, separators. Each is a shape that the generic
cleaning rules remove where it stands alone or at a line's edge; one left in the body is
furniture glued to prose, or a new shape a rule should take."""


def _line(text: str, pos: int) -> int:
    """1-based line of character ``pos`` (LF, CRLF or CR line endings)."""
    return sum(1 for start, _ in split_lines(text) if start <= pos)


def validate_corpus(path: str | Path) -> list[Problem]:
    """Every problem of the corpus folder ``path``, errors first, then warnings in file order."""
    problems, meta, texts = check_corpus(path)
    if any(p.severity == "error" for p in problems) or meta is None:
        return sorted(problems, key=lambda p: p.severity != "error")
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", CorpusWarning)  # the same problems are listed above
        corpus = load_corpus(path)
    texts = corpus.set_index("article_id")["text"]
    for r in quote_problems(corpus).itertuples(index=False):
        where = f"{r.article_id}.txt:{_line(texts[r.article_id], r.start)}"
        problems.append(
            Problem("warning", where, f"unbalanced quotation mark {r.mark!r} at character "
                    f"{r.start} ({r.message}): {r.context!r}")
        )  # fmt: skip
    for r in corpus.itertuples(index=False):
        left: list[tuple[int, str]] = []  # (line, what) of the furniture left in the body
        for s, e in r.body_spans:
            if SUSPICIOUS.match(r.text[s:e]):
                problems.append(
                    Problem("warning", f"{r.article_id}.txt:{_line(r.text, s)}",
                            f"body line looks like page furniture: {r.text[s:e][:60]!r}")
                )  # fmt: skip
            m = FURNITURE_LEFT.search(r.text, s, e)
            if m is not None:
                near = r.text[max(s, m.start() - 20) : min(e, m.end() + 20)]
                left.append((_line(r.text, s), near))
        if left:
            lines = sorted({n for n, _ in left})
            problems.append(
                Problem("warning", f"{r.article_id}.txt:{lines[0]}",
                        f"{len(lines)} body line(s) hold what looks like page furniture the "
                        "cleaning rules left (embed markup or fields, photo credits, separators)"
                        f", on line(s) {', '.join(map(str, lines))}; first: {left[0][1]!r}")
            )  # fmt: skip
    return problems
