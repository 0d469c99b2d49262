"""Execute the versioned notebooks so that every stored output and figure is reproduced.

The notebooks in ``notebooks/`` are executed with papermill (its ``parameters`` cell convention)
and written back with every volatile field removed: no execution timestamps or durations, no
papermill run metadata, a fixed kernel name and display name, no interpreter patch version.
Executing twice on the same library versions gives the same bytes, so ``git status`` stays
clean after ``make figures``.
"""

from __future__ import annotations

import json
import os
import tempfile
from collections.abc import Mapping
from pathlib import Path

__all__ = ["KERNEL_NAME", "find_notebooks", "normalise_notebook", "run_notebook"]

KERNEL_NAME = "python3"
KERNEL_DISPLAY_NAME = "Python 3 (coverage-study)"


def find_notebooks(folder: str | Path) -> list[Path]:
    """The notebooks of ``folder`` in reading order (``NN-name.ipynb``, sorted by name)."""
    return sorted(p for p in Path(folder).glob("[0-9][0-9]-*.ipynb"))


def normalise_notebook(nb: dict) -> dict:
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


def run_notebook(
    path: str | Path,
    output: str | Path | None = None,
    parameters: Mapping[str, object] | None = None,
) -> Path:
    """Execute one notebook (cwd = its folder) and write it, normalised, to ``output``.

    ``output`` defaults to ``path`` (execute in place). ``parameters`` are injected after the
    cell tagged ``parameters``, as papermill does; without them the notebook runs as stored.
    The result is written to a temporary file and renamed, so an interrupted run leaves the
    previous notebook intact. Raises papermill's ``PapermillExecutionError`` if a cell fails.
    """
    import papermill

    path = Path(path).resolve()
    output = Path(output).resolve() if output is not None else path
    output.parent.mkdir(parents=True, exist_ok=True)
    fd, tmp = tempfile.mkstemp(dir=output.parent, prefix=f".{output.stem}.", suffix=".tmp.ipynb")
    os.close(fd)
    try:
        papermill.execute_notebook(
            str(path),
            tmp,
            parameters=dict(parameters) if parameters else None,
            cwd=str(path.parent),
            kernel_name=KERNEL_NAME,
            progress_bar=False,
            log_output=False,
            report_mode=False,
        )
        with open(tmp, encoding="utf-8") as fh:
            nb = normalise_notebook(json.load(fh))
        with open(tmp, "w", encoding="utf-8", newline="\n") as fh:
            json.dump(nb, fh, indent=1, ensure_ascii=False, sort_keys=True)
            fh.write("\n")
        os.replace(tmp, output)
    finally:
        if os.path.exists(tmp):
            os.unlink(tmp)
    return output
