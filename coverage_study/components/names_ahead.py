"""The articles' names (actor discovery) found on a second process while the one pass
(:mod:`coverage_study.document`) reads the articles: ``annotate(..., n_jobs=2)``.

Each article's names are what the pass's attribution and mentions would find themselves
(:func:`~coverage_study.components.name_scan.scan_articles`: each article on its own, the
packaged words), found in chunks by one worker and given back in corpus order, so the layers
are the same as on one process, only sooner.
"""

from __future__ import annotations

from collections.abc import Generator
from typing import Any

import pandas as pd

from .article import articles

__all__ = ["AHEAD_MIN", "names_ahead"]

AHEAD_MIN = 1000
"""With ``n_jobs`` of 2 or more, the pass finds the articles' names (actor discovery) on another
process, ahead of the articles it reads, for a corpus of at least this many articles (below,
starting the process costs more than it saves)."""
_AHEAD_CHUNK = 200


def names_ahead(corpus: pd.DataFrame, n_jobs: int) -> Generator[Any, None, None] | None:
    """Each article's names (:func:`~coverage_study.components.name_scan.scan_articles`), in
    corpus order, found by one worker process while this one reads the articles: what the pass's
    attribution and mentions would find themselves (each article on its own, the packaged
    words), so the layers are the same. None for ``n_jobs`` below 2 or a small corpus
    (:data:`AHEAD_MIN`)."""
    if n_jobs < 2 or len(corpus) < AHEAD_MIN:
        return None
    return _ahead(corpus)


def _ahead(corpus: pd.DataFrame) -> Generator[Any, None, None]:
    import multiprocessing as mp
    from concurrent.futures import Future, ProcessPoolExecutor

    from .name_scan import scan_articles

    methods = mp.get_all_start_methods()
    ctx = mp.get_context("forkserver" if "forkserver" in methods else "spawn")
    items = [(a.text, tuple(a.zones)) for a in articles(corpus)]
    pool = ProcessPoolExecutor(1, mp_context=ctx)
    try:
        pending: list[Future[list[Any]]] = [
            pool.submit(scan_articles, items[i : i + _AHEAD_CHUNK])
            for i in range(0, len(items), _AHEAD_CHUNK)
        ]
        for future in pending:
            yield from future.result()
    finally:  # also when the pass stops early (an error): the chunks not started are dropped
        pool.shutdown(wait=True, cancel_futures=True)
