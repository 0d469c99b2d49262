"""Execute the versioned notebooks so that every stored output and figure is reproduced.

The notebooks in ``notebooks/`` are executed with papermill (its ``parameters`` cell convention)
and written back with every volatile field removed: no execution timestamps or durations, no
papermill run metadata, a fixed kernel name and display name, no interpreter patch version.
Executing twice on the same library versions gives the same bytes, so ``git status`` stays
clean after ``make figures``.
"""

from __future__ import annotations

import json
import logging
import os
import tempfile
from collections.abc import Mapping
from pathlib import Path
from typing import IO, TYPE_CHECKING, Any

if TYPE_CHECKING:
    from jupyter_client.manager import AsyncKernelManager

__all__ = [
    "KERNEL_NAME", "SEED_READING_NOTE", "SEED_READING_TAG", "declared_parameters",
    "find_notebooks", "normalise_notebook", "run_notebook", "without_seed_readings",
]

_log = logging.getLogger(__name__)

KERNEL_NAME = "python3"
KERNEL_DISPLAY_NAME = "Python 3 (coverage-study)"


def find_notebooks(folder: str | Path) -> list[Path]:
    """The notebooks of ``folder`` in reading order (``NN-name.ipynb``, sorted by name)."""
    return sorted(p for p in Path(folder).glob("[0-9][0-9]-*.ipynb"))


def normalise_notebook(nb: dict[str, Any]) -> dict[str, Any]:
    """Remove what changes from run to run or machine to machine (in place; returns ``nb``)."""
    meta = nb.setdefault("metadata", {})
    meta.pop("papermill", None)
    meta["kernelspec"] = {
        "display_name": KERNEL_DISPLAY_NAME,
        "language": "python",
        "name": KERNEL_NAME,
    }
    info = meta.get("language_info", {})
    meta["language_info"] = {k: v for k, v in info.items() if k not in ("version",)}
    for cell in nb.get("cells", []):
        cmeta = cell.get("metadata", {})
        for key in ("papermill", "execution", "ExecuteTime", "collapsed", "scrolled"):
            cmeta.pop(key, None)
        if cell.get("cell_type") == "code":
            for out in cell.get("outputs", []):
                out.get("metadata", {}).pop("papermill", None)
    return nb


def declared_parameters(path: str | Path) -> set[str]:
    """The names the cell tagged ``parameters`` of the notebook at ``path`` assigns (papermill's
    convention); empty if it has none."""
    import ast

    with open(path, encoding="utf-8") as fh:
        nb = json.load(fh)
    names: set[str] = set()
    for cell in nb.get("cells", []):
        if cell.get("cell_type") == "code" and "parameters" in cell.get("metadata", {}).get(
            "tags", []
        ):
            source = "".join(cell.get("source", []))
            for node in ast.walk(ast.parse(source)):
                if isinstance(node, ast.Name) and isinstance(node.ctx, ast.Store):
                    names.add(node.id)
    return names


def _ipc_kernel_manager(kernel_log: IO[bytes] | None = None) -> type[AsyncKernelManager]:
    """A kernel manager whose kernel talks over local IPC sockets, not TCP on loopback (the
    kernel then prints no transport warning on stderr, and no port is opened), and that is not
    interrupted when it is shut down. Each kernel's sockets get their own path in the
    temporary folder (the default, ``kernel-ipc`` in the working directory, would be shared by
    two runs at once).

    With ``kernel_log``, the kernel process writes its own stderr there instead of ours. That
    stream is the kernel's housekeeping, not the notebook's output (a cell's stderr reaches
    the notebook over the kernel's sockets): under load libzmq and tornado sometimes report
    a race at shutdown there ("Assertion failed: pfd.revents & POLLIN", "Uncaught exception
    in ZMQStream callback") after every cell has run, which would otherwise land in the
    user's terminal.
    """
    import uuid

    from jupyter_client.manager import AsyncKernelManager
    from traitlets import default

    class IPCKernelManager(AsyncKernelManager):
        @default("transport")
        def _transport_default(self) -> str:
            return "ipc"

        @default("ip")
        def _ip_default(self) -> str:
            name = f"coverage-study-kernel-{uuid.uuid4().hex[:16]}"
            return os.path.join(tempfile.gettempdir(), name)

        async def _async_interrupt_kernel(self) -> None:
            # jupyter_client interrupts (SIGINT) the kernel before every shutdown request; an
            # idle kernel then logs "KeyboardInterrupt caught in kernel" to stderr, now and
            # then. Every cell has finished when the notebook is shut down: nothing to
            # interrupt, the shutdown request (then SIGTERM, SIGKILL) stops the kernel.
            if self.shutting_down:
                return
            await super()._async_interrupt_kernel()

        async def _async_launch_kernel(self, kernel_cmd: list[str], **kw: Any) -> None:
            if kernel_log is not None:
                kw["stderr"] = kernel_log
            await super()._async_launch_kernel(kernel_cmd, **kw)

    return IPCKernelManager


def _read_log(fh: IO[bytes]) -> str:
    fh.flush()
    fh.seek(0)
    return fh.read().decode("utf-8", "replace").strip()


SEED_READING_TAG = "seed-reading"
"""Tag of the markdown cells that interpret the seed corpus's figures."""
SEED_READING_NOTE = (
    "*The reading that stands here in the published notebook describes the seed corpus "
    "(`seeds/`), not this one; it is left out.*"
)


def without_seed_readings(nb: dict[str, Any]) -> dict[str, Any]:
    """``nb`` with the source of every cell tagged ``seed-reading`` replaced by
    :data:`SEED_READING_NOTE` (in place; returns ``nb``)."""
    for cell in nb.get("cells", []):
        if SEED_READING_TAG in cell.get("metadata", {}).get("tags", []):
            cell["source"] = SEED_READING_NOTE
    return nb


def run_notebook(
    path: str | Path,
    output: str | Path | None = None,
    parameters: Mapping[str, object] | None = None,
    *,
    seed_readings: bool = True,
) -> Path:
    """Execute one notebook (cwd = its folder) and write it, normalised, to ``output``.

    ``output`` defaults to ``path`` (execute in place). ``parameters`` are injected after the
    cell tagged ``parameters``, as papermill does, those that the cell declares only (see
    :func:`declared_parameters`); without them the notebook runs as stored. The kernel runs
    over IPC sockets (no TCP port, and no transport warning on stderr). ``seed_readings=False``
    (a corpus other than the seeds) replaces the markdown cells that interpret the seed corpus
    (tagged ``seed-reading``) by a line saying so, so that no figure of another corpus stands
    beside the seeds' interpretation.
    The result is written to a temporary file and renamed, so an interrupted run leaves the
    previous notebook intact. Raises papermill's ``PapermillExecutionError`` if a cell fails.

    The kernel process's own stderr (its housekeeping: see :func:`_ipc_kernel_manager`) is kept
    in a temporary file. If the run fails, it is logged as an error on the
    ``coverage_study.reproduce`` logger and added to the exception as a note; if the run
    succeeds, it is logged at debug level.
    """
    import nbformat
    import papermill

    path = Path(path).resolve()
    declared = declared_parameters(path)
    given = {k: v for k, v in (parameters or {}).items() if k in declared}
    output = Path(output).resolve() if output is not None else path
    output.parent.mkdir(parents=True, exist_ok=True)
    fd, tmp = tempfile.mkstemp(dir=output.parent, prefix=f".{output.stem}.", suffix=".tmp.ipynb")
    os.close(fd)
    source = str(path)
    try:
        if not seed_readings:
            with open(path, encoding="utf-8") as fh:
                nb = without_seed_readings(json.load(fh))
            with open(tmp, "w", encoding="utf-8") as fh:
                json.dump(nb, fh)
            source = tmp
        with tempfile.TemporaryFile() as kernel_log:
            try:
                # no output path: papermill would write and validate the whole notebook twice
                # for every cell (0.35 s a notebook of CPU); it is written once, below
                done = papermill.execute_notebook(
                    source,
                    None,
                    parameters=given or None,
                    cwd=str(path.parent),
                    kernel_name=KERNEL_NAME,
                    kernel_manager_class=_ipc_kernel_manager(kernel_log),
                    progress_bar=False,
                    log_output=False,
                    report_mode=False,
                )
            except BaseException as exc:
                said = _read_log(kernel_log)
                if said:
                    _log.error("the kernel of %s wrote on its stderr:\n%s", path.name, said)
                    exc.add_note(f"the kernel of {path.name} wrote on its stderr:\n{said}")
                raise
            said = _read_log(kernel_log)
            if said:
                _log.debug("the kernel of %s wrote on its stderr:\n%s", path.name, said)
        # as papermill would write it (nbformat's writer, not typed)
        nb = normalise_notebook(json.loads(nbformat.writes(done)))  # type: ignore[no-untyped-call]
        with open(tmp, "w", encoding="utf-8", newline="\n") as fh:
            json.dump(nb, fh, indent=1, ensure_ascii=False, sort_keys=True)
            fh.write("\n")
        os.replace(tmp, output)
    finally:
        if os.path.exists(tmp):
            os.unlink(tmp)
    return output
