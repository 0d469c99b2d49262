"""Runs at once on one saved annotation's folder: the first makes it, the others wait and read it
(coverage_study._lock, annotate(cache=))."""

from __future__ import annotations

import csv
import multiprocessing
import time
from pathlib import Path

import pytest

from coverage_study._lock import lock_file, locked

from .conftest import SEEDS


def _hold(folder: str, log: str, held: object, other: object, exclusive: bool) -> None:
    """Take the lock, say so, keep it until the other process is about to ask for it (or has
    it, for shared locks) and 0.5 s more, then say it lets go."""
    with locked(folder, exclusive=exclusive):
        with open(log, "a", encoding="utf-8") as fh:
            fh.write("first took it\n")
        held.set()  # type: ignore[attr-defined]
        other.wait(60)  # type: ignore[attr-defined]
        time.sleep(0.5)
        with open(log, "a", encoding="utf-8") as fh:
            fh.write("first let go\n")


def _wait(folder: str, log: str, other: object, exclusive: bool, signal_after: bool) -> None:
    """Ask for the lock (saying so before, or after taking it), and say when it has it."""
    if not signal_after:
        other.set()  # type: ignore[attr-defined]
    with locked(folder, exclusive=exclusive):
        with open(log, "a", encoding="utf-8") as fh:
            fh.write("second took it\n")
        if signal_after:
            other.set()  # type: ignore[attr-defined]


def _two(tmp_path: Path, first: bool, second: bool, signal_after: bool) -> list[str]:
    ctx = multiprocessing.get_context("spawn")
    folder, log = str(tmp_path / "annotation"), str(tmp_path / "log.txt")
    held, other = ctx.Event(), ctx.Event()
    a = ctx.Process(target=_hold, args=(folder, log, held, other, first))
    a.start()
    assert held.wait(60)
    b = ctx.Process(target=_wait, args=(folder, log, other, second, signal_after))
    b.start()
    a.join(120)
    b.join(120)
    assert a.exitcode == 0 and b.exitcode == 0
    return Path(log).read_text(encoding="utf-8").splitlines()


@pytest.mark.parametrize(("first", "second"), [(True, False), (False, True), (True, True)])
def test_a_lock_held_by_one_process_makes_another_wait(tmp_path, first, second):
    """Exclusive then shared, shared then exclusive, exclusive then exclusive: the second
    process asks while the first holds the lock (the first keeps it 0.5 s after that), and
    takes it only after the first let it go (the log's order, not a time)."""
    lines = _two(tmp_path, first, second, signal_after=False)
    assert lines == ["first took it", "first let go", "second took it"]


def test_two_shared_holders_do_not_wait_for_each_other(tmp_path):
    """Readers share the lock: a second shared holder takes it while the first holds it (the
    first lets go only once the second has it, or after 60 s)."""
    lines = _two(tmp_path, False, False, signal_after=True)
    assert lines == ["first took it", "second took it", "first let go"]


def test_a_thread_that_holds_the_lock_takes_it_again(tmp_path):
    """Re-entrant in the holding thread (what figures does: it holds the lock around annotate,
    which takes it again); shared then exclusive in one thread is an error, not a wait."""
    folder = tmp_path / "annotation"
    with locked(folder, True), locked(folder, False), locked(folder, True):
        pass
    with (
        locked(folder, exclusive=False),
        pytest.raises(RuntimeError, match="would wait on itself"),
        locked(folder, exclusive=True),
    ):
        pass
    assert lock_file(folder) == tmp_path / ".annotation.lock"
    assert not folder.exists()  # the lock makes its file beside the folder, not the folder


def _annotate(corpus: str, cache: str, ready: object, out: str) -> None:
    import warnings

    import coverage_study as cs

    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        ready.wait()  # type: ignore[attr-defined]
        annotated = cs.annotate(corpus, cache=cache)
        n = len(annotated.attributions)
    with open(out, "a", encoding="utf-8") as fh:
        fh.write(f"{'read' if annotated._saved is not None else 'made'} {n}\n")


def test_two_runs_at_once_annotate_a_corpus_once(tmp_path):
    """Two processes annotate the same corpus folder into the same cache at the same moment (a
    barrier): one makes the annotation, the other waits for it and reads it, and both have the
    same attributions. (Without the lock both find no annotation, and both make one.)"""
    corpus = tmp_path / "corpus"
    corpus.mkdir()
    with open(SEEDS / "metadata.csv", encoding="utf-8", newline="") as fh:
        rows = list(csv.DictReader(fh))
    out_rows = []
    for k in range(24):  # 120 articles: long enough to annotate that both would miss
        for row in rows:
            text = (SEEDS / f"{row['article_id']}.txt").read_text(encoding="utf-8")
            new = dict(row, article_id=f"{row['article_id']}-{k}")
            (corpus / f"{new['article_id']}.txt").write_text(text, encoding="utf-8")
            out_rows.append(new)
    with open(corpus / "metadata.csv", "w", encoding="utf-8", newline="") as fh:
        writer = csv.DictWriter(fh, fieldnames=list(rows[0]))
        writer.writeheader()
        writer.writerows(out_rows)
    ctx = multiprocessing.get_context("spawn")
    ready = ctx.Barrier(2)
    out = str(tmp_path / "said.txt")
    runs = [ctx.Process(target=_annotate, args=(str(corpus), str(tmp_path / "annotation"),
                                                ready, out)) for _ in range(2)]  # fmt: skip
    for p in runs:
        p.start()
    for p in runs:
        p.join(300)
    assert [p.exitcode for p in runs] == [0, 0]
    said = sorted(Path(out).read_text(encoding="utf-8").splitlines())
    made, read = said
    assert made.startswith("made ") and read.startswith("read ")
    assert made.split()[1] == read.split()[1]


def test_a_folder_where_no_lock_file_can_be_made_is_read_without_a_lock(tmp_path, monkeypatch):
    """A saved annotation on a read-only share is still read: the lock file cannot be made there,
    so annotate reads it without a lock (opening the lock file raises PermissionError here; the
    tests may run as root, for whom a read-only folder is writable)."""
    import os
    import warnings

    import coverage_study as cs

    corpus = SEEDS.parent / "tests" / "data" / "three-outlets"
    cache = tmp_path / "annotation"
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        made = cs.annotate(corpus, cache=cache)
        real_open = os.open

        def no_lock_files(path, *args, **kwargs):
            if str(path).endswith(".lock"):
                raise PermissionError(13, "Permission denied", str(path))
            return real_open(path, *args, **kwargs)

        monkeypatch.setattr(os, "open", no_lock_files)
        read = cs.annotate(corpus, cache=cache)
    assert read._saved is not None  # read, not made again
    assert read.attributions.equals(made.attributions)
