"""Worker processes for work cut into chunks of articles: the metrics of a large corpus
(:mod:`coverage_study.tables.metrics_scale`) and the annotation pass
(:mod:`coverage_study.document`) share this one pool.

Workers start from a fork server (not ``fork``: the parent may run threads, pyarrow's or
dask's) that has imported the per-article components once; ``spawn`` where there is no fork
server. Results come back in the order the chunks were given, at most ``2 * n_jobs`` chunks in
flight, so memory does not grow with the corpus.
"""

from __future__ import annotations

import os
from collections.abc import Callable, Iterable, Iterator
from concurrent.futures import Future, ProcessPoolExecutor
from typing import Any, TypeVar

__all__ = ["cores", "parallel"]

T = TypeVar("T")

_SHARED: tuple[Any, ...] = ()  # in a worker process: the arguments every chunk shares


def cores(n_jobs: int | None) -> int:
    """``n_jobs``, or the cores this process may use when it is None or below 1."""
    if n_jobs is not None and n_jobs >= 1:
        return n_jobs
    if hasattr(os, "sched_getaffinity"):
        return len(os.sched_getaffinity(0))
    return os.cpu_count() or 1


def _set_shared(shared: tuple[Any, ...]) -> None:
    global _SHARED
    _SHARED = shared


def _with_shared(func: Callable[..., T], *args: Any) -> T:
    return func(*args, *_SHARED)


def parallel(func: Callable[..., T], jobs_args: Iterable[tuple[Any, ...]], n_jobs: int,
             shared: tuple[Any, ...] = ()) -> Iterator[T]:  # fmt: skip
    """``func(*args, *shared)`` for each ``args`` of ``jobs_args`` on ``n_jobs`` processes,
    the results in order. ``shared`` (a lexicon, an alias table, cleaning rules) goes to each
    worker once, when it starts, not with every chunk: unpickling them took about 25 ms a chunk,
    and their memos (alias resolution) last the whole run. ``func`` must be importable by name
    (a module-level function). The first chunk that raised re-raises its error here."""
    import multiprocessing as mp

    ctx: mp.context.BaseContext
    if "forkserver" in mp.get_all_start_methods():
        ctx = mp.get_context("forkserver")
        ctx.set_forkserver_preload(["coverage_study.components._warm"])
    else:
        ctx = mp.get_context("spawn")
    pool = ProcessPoolExecutor(n_jobs, mp_context=ctx, initializer=_set_shared, initargs=(shared,))
    with pool:
        pending: list[Future[T]] = []
        try:
            for args in jobs_args:
                pending.append(pool.submit(_with_shared, func, *args))
                if len(pending) >= 2 * n_jobs:
                    yield pending.pop(0).result()
            while pending:
                yield pending.pop(0).result()
        finally:  # also when the caller stops early (an error): the chunks not started are dropped
            for future in pending:
                future.cancel()
