"""The one function that writes figures to disk, byte for byte reproducibly (:func:`save_figure`).

Agg backend, matplotlib's bundled DejaVu Sans (no system fonts), text as paths, a fixed
``svg.hashsalt``, no dates or software versions in the file's metadata, written to a temporary
file and renamed so that an interrupted run leaves the previous figure intact.
"""

from __future__ import annotations

import os
import tempfile
from pathlib import Path

import matplotlib.pyplot as plt
from matplotlib.figure import Figure

from .style import FIGURE_STYLE

_METADATA = {
    "svg": {"Date": None},
    "pdf": {"CreationDate": None, "ModDate": None, "Producer": None},
    "png": {"Software": None},
}


def save_figure(fig: Figure, path: str | Path) -> Path:
    """Write ``fig`` to ``path`` (``.svg``, ``.pdf`` or ``.png``) deterministically, then close it.

    The same figure on the same library versions gives the same bytes: no dates, no software
    string, a fixed SVG hash salt, text drawn as paths. The file is written to a temporary file
    in the same folder and renamed into place.
    """
    path = Path(path)
    fmt = path.suffix.lstrip(".").lower()
    if fmt not in _METADATA:
        raise ValueError(f"{path}: figure format must be one of {sorted(_METADATA)}, not {fmt!r}")
    path.parent.mkdir(parents=True, exist_ok=True)
    fd, tmp = tempfile.mkstemp(dir=path.parent, prefix=f".{path.name}.", suffix=".tmp")
    os.close(fd)
    try:
        with plt.rc_context(FIGURE_STYLE):
            fig.savefig(tmp, format=fmt, metadata=_METADATA[fmt])
        os.replace(tmp, path)
    finally:
        if os.path.exists(tmp):
            os.unlink(tmp)
        plt.close(fig)
    return path
