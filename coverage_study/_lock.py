"""One process at a time annotates into a saved annotation's folder; readers wait for it.

:func:`coverage_study.annotate` with ``cache=FOLDER`` reads the folder under a shared lock and
annotates (then writes it) under an exclusive one, so that six notebooks run at once on a new
corpus (in JupyterLab, say) annotate it once: the first takes the exclusive lock, the others
wait, then read what it wrote (``coverage-study figures`` annotates before any notebook runs).
The lock is an advisory ``flock`` on a small file beside the folder, ``.<folder name>.lock``
(left there: removing it would race with the next process to open it). The system releases it
when its process ends, however it ends, so a crashed run never leaves the folder locked.

Where there is no ``fcntl`` (Windows) there is no lock: runs at once each annotate, as before,
and the folder is still written atomically (:mod:`coverage_study.saved_annotation`). Nor where
the lock file cannot be made (a saved annotation read from a folder that may not be written to).

A thread that holds the lock may take it again (the outer holder's mode: an exclusive holder
may also read); another thread of the same process waits as another process does.
"""

from __future__ import annotations

import contextlib
import os
import threading
from collections.abc import Iterator
from pathlib import Path

__all__ = ["locked"]

_HELD: dict[tuple[str, int], list[int]] = {}
"""``(lock file, thread id) -> [depth, exclusive]`` of the locks this process's threads hold."""


def lock_file(folder: str | Path) -> Path:
    """The lock file of the saved annotation ``folder``: beside it, hidden."""
    folder = Path(folder).absolute()
    return folder.parent / f".{folder.name}.lock"


@contextlib.contextmanager
def locked(folder: str | Path, exclusive: bool) -> Iterator[None]:
    """Hold the lock of ``folder`` (a saved annotation's, existing or not) while the block runs:
    ``exclusive`` to annotate and write it, shared to read it. Waits as long as another
    holder needs. A thread that holds it already goes on (a shared holder may not ask for it
    exclusive: that would wait on itself, so it is an error)."""
    try:
        import fcntl
    except ImportError:  # no POSIX locks here: see the module docstring
        yield
        return
    path = lock_file(folder)
    me = (str(path), threading.get_ident())
    held = _HELD.get(me)
    if held is not None:
        if exclusive and not held[1]:
            raise RuntimeError(f"{path}: held shared, asked for exclusive (would wait on itself)")
        held[0] += 1
        try:
            yield
        finally:
            held[0] -= 1
        return
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
        fd = os.open(path, os.O_RDWR | os.O_CREAT, 0o666)
    except OSError:  # a folder where nothing may be written (a saved annotation read from a
        yield  # read-only share): no lock; to make one, the writing fails on its own and says so
        return
    try:
        fcntl.flock(fd, fcntl.LOCK_EX if exclusive else fcntl.LOCK_SH)
        _HELD[me] = [1, int(exclusive)]
        try:
            yield
        finally:
            del _HELD[me]
    finally:
        os.close(fd)  # closing the file releases the lock
