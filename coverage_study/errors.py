"""The problems of a corpus, and how they are reported: errors, warnings and where they are.

Every module that reads or measures articles reports through these: :class:`CorpusError` (a
``ValueError``) for what cannot be used, listing every :class:`Problem` found at once;
:class:`CorpusWarning` for what can be used with care, and :class:`ArticlesWarning` for a set of
articles with one reason (merged across chunks and processes by :func:`merge_warnings`);
:class:`ArticleError` for a bug inside the package while one article was measured
(:func:`reraise_for`). Each message starts with the file (and line, or column) or the article at
fault. The reading modules (:mod:`coverage_study.reading.corpus`) re-export these names.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from typing import Any, NoReturn

__all__ = [
    "ArticleError",
    "ArticlesWarning",
    "CorpusError",
    "CorpusWarning",
    "Problem",
    "merge_warnings",
    "reraise_for",
]


class CorpusError(ValueError):
    """A corpus that cannot be loaded. ``problems`` lists every error found."""

    def __init__(self, problems: list[Problem] | str):
        if isinstance(problems, str):
            problems = [Problem("error", "", problems)]
        self.problems = problems
        super().__init__("\n".join(str(p) for p in problems))


class CorpusWarning(UserWarning):
    """Data that loads, but should be used with care (the message says why)."""


class ArticlesWarning(CorpusWarning):
    """A :class:`CorpusWarning` about a set of articles for one reason: "``source``: n
    article(s) ``why``; ``consequence``: id, id, ...". A run in chunks or on several processes
    gathers those of the same ``source``, ``why`` and ``consequence`` into one (every article
    once, sorted: see :func:`merge_warnings`), so the warning does not depend on the chunking."""

    def __init__(self, source: str, why: str, consequence: str, article_ids: Iterable[Any]) -> None:
        self.source, self.why, self.consequence = source, why, consequence
        self.article_ids = tuple(sorted(set(article_ids)))
        n, ids = len(self.article_ids), ", ".join(map(str, self.article_ids))
        super().__init__(f"{source}: {n} article(s) {why}; {consequence}: {ids}")

    def __reduce__(self) -> tuple[type[ArticlesWarning], tuple[str, str, str, tuple[Any, ...]]]:
        # rebuilt from its parts in the process that re-issues it
        return (type(self), (self.source, self.why, self.consequence, self.article_ids))


def merge_warnings(caught: list[tuple[object, type[Warning]]]) -> list[tuple[object, type]]:
    """``(message, category)`` pairs in order, with the :class:`ArticlesWarning` of the same
    kind merged into one, where the first of them stood."""
    out: list[tuple[object, type]] = []
    merged: dict[tuple[object, ...], int] = {}
    for message, category in caught:
        if not isinstance(message, ArticlesWarning):
            out.append((message, category))
            continue
        key = (category, message.source, message.why, message.consequence)
        if key in merged:
            i = merged[key]
            first = out[i][0]
            assert isinstance(first, ArticlesWarning)
            ids = first.article_ids + message.article_ids
            out[i] = (type(message)(message.source, message.why, message.consequence, ids),
                      category)  # fmt: skip
        else:
            merged[key] = len(out)
            out.append((message, category))
    return out


class ArticleError(CorpusError):
    """An unexpected error inside the package while one article was measured: a bug, not a
    problem of the data. The message names the article and the step; the original exception
    is its ``__cause__`` (shown in the traceback). A ``CorpusError``, so that no text raises
    anything else."""

    def __init__(self, article_id: object, step: str, exc: BaseException | str):
        self.article_id, self.step = article_id, step
        self.cause = exc if isinstance(exc, str) else f"{type(exc).__name__}: {exc}"
        """The original exception, described (its type and message)."""
        where = str(article_id) if article_id is not None else "(before the first article)"
        message = (
            f"internal error in {step} ({self.cause}); this is a bug in coverage-study, "
            "please report it with this article"
        )
        super().__init__([Problem("error", where, message)])

    def __reduce__(self) -> tuple[type[ArticleError], tuple[object, str, str]]:
        # raised on a worker process (n_jobs, dask): rebuilt in the parent with the same message
        return (ArticleError, (self.article_id, self.step, self.cause))


def reraise_for(article_id: object, step: str, exc: Exception) -> NoReturn:
    """Re-raise ``exc``, raised while ``step`` measured ``article_id``: a ``CorpusError`` or a
    warning turned into an error stays as it is; anything else becomes an :class:`ArticleError`
    naming the article and the step."""
    if isinstance(exc, (CorpusError, Warning)):
        raise exc
    raise ArticleError(article_id, step, exc) from exc


@dataclass(frozen=True)
class Problem:
    """One problem in a corpus folder: ``severity`` is ``error`` or ``warning``."""

    severity: str
    where: str
    message: str

    def __str__(self) -> str:
        return f"{self.where}: {self.message}" if self.where else self.message
