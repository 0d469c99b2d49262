"""The notebooks keep the house conventions that make nbval and byte-stable reruns work.

Each notebook: opens with a title and its question, has a ``parameters`` cell, defines no
functions or classes (logic lives in the package), imports only ``coverage_study`` (plus
``pathlib`` and ``pandas`` for paths and display), has stored outputs for every code cell, no
stderr, warning or progress output, and no volatile metadata (timings, papermill records).
"""

from __future__ import annotations

import json
import re

import pytest

from coverage_study.reproduce import find_notebooks

from .conftest import ROOT

NOTEBOOKS = find_notebooks(ROOT / "notebooks")
ALLOWED_IMPORTS = {"coverage_study", "pathlib", "pandas"}


def test_there_are_notebooks_in_reading_order():
    names = [p.name for p in NOTEBOOKS]
    assert names[:5] == [
        "01-corpus-overview.ipynb", "02-readability.ipynb", "03-framing-terms.ipynb",
        "04-attribution.ipynb", "05-distinctive-words.ipynb",
    ]  # fmt: skip


@pytest.mark.parametrize("path", NOTEBOOKS, ids=lambda p: p.name)
def test_notebook_conventions(path):
    nb = json.loads(path.read_text(encoding="utf-8"))
    cells = nb["cells"]
    first = "".join(cells[0]["source"])
    assert cells[0]["cell_type"] == "markdown" and first.startswith("# ")
    assert "**Question.**" in first
    code = [c for c in cells if c["cell_type"] == "code"]
    assert "parameters" in code[0]["metadata"].get("tags", [])
    for cell in code:
        source = "".join(cell["source"])
        assert not re.search(r"^\s*(def|class)\s", source, re.M), source[:60]
        for m in re.finditer(r"^\s*(?:from|import)\s+([\w.]+)", source, re.M):
            assert m.group(1).split(".")[0] in ALLOWED_IMPORTS, m.group(0)
        assert cell["execution_count"] is not None, "code cell without stored output"
        for out in cell["outputs"]:
            assert out["output_type"] not in ("stream", "error"), (path.name, out)
        assert not set(cell["metadata"]) & {"execution", "papermill", "ExecuteTime"}
    assert "papermill" not in nb["metadata"]
    assert nb["metadata"]["kernelspec"]["name"] == "python3"
    assert "version" not in nb["metadata"].get("language_info", {})


@pytest.mark.parametrize("path", NOTEBOOKS, ids=lambda p: p.name)
def test_readings_of_the_seeds_are_their_own_tagged_cells(path):
    """An interpretation of the seed study stands in a markdown cell of its own, tagged
    ``seed-reading`` and saying so, which ``figures --corpus`` leaves out for other corpora."""
    from coverage_study.reproduce import SEED_READING_TAG

    for cell in json.loads(path.read_text(encoding="utf-8"))["cells"]:
        source = "".join(cell["source"])
        tagged = SEED_READING_TAG in cell["metadata"].get("tags", [])
        if "**Reading" in source:
            assert tagged and source.startswith("**Reading (seed corpus).**"), source[:60]
        else:
            assert not tagged


def test_declared_parameters_are_the_names_the_parameters_cell_assigns():
    from coverage_study.reproduce import declared_parameters

    assert declared_parameters(ROOT / "notebooks" / "01-corpus-overview.ipynb") == {
        "CORPUS_DIR", "FIGURES_DIR", "LEXICON", "ENGINE", "ANNOTATION_DIR",
    }  # fmt: skip
    assert "LEXICON" in declared_parameters(ROOT / "notebooks" / "03-framing-terms.ipynb")


def test_without_seed_readings_replaces_only_the_tagged_cells():
    from coverage_study.reproduce import SEED_READING_NOTE, without_seed_readings

    nb = json.loads((ROOT / "notebooks" / "04-attribution.ipynb").read_text(encoding="utf-8"))
    before = [c["source"] for c in nb["cells"]]
    after = [c["source"] for c in without_seed_readings(nb)["cells"]]
    changed = [a for b, a in zip(before, after, strict=True) if a != b]
    assert changed == [SEED_READING_NOTE]


def _one_cell_notebook(folder, source):
    nb = {
        "cells": [{"cell_type": "code", "execution_count": None, "id": "one", "metadata": {},
                   "outputs": [],
                   "source": source}],
        "metadata": {"kernelspec": {"display_name": "Python 3", "language": "python",
                                    "name": "python3"}},
        "nbformat": 4, "nbformat_minor": 5,
    }  # fmt: skip
    path = folder / "01-one.ipynb"
    path.write_text(json.dumps(nb), encoding="utf-8")
    return path


@pytest.mark.slow
def test_the_kernels_own_stderr_stays_out_of_ours(tmp_path, capfd, caplog):
    """What the kernel process writes on its stderr outside any cell (here at its exit, where
    libzmq once reported a shutdown race in CI) is kept from the user's stderr and logged at
    debug level; the cell's own output is in the notebook."""
    import logging

    from coverage_study.reproduce import run_notebook

    source = 'import atexit, os\natexit.register(os.write, 2, b"kernel housekeeping\\n")\nprint(1)'
    path = _one_cell_notebook(tmp_path, source)
    with caplog.at_level(logging.DEBUG, logger="coverage_study.reproduce"):
        run_notebook(path)
    assert "kernel housekeeping" not in capfd.readouterr().err
    logged = [r for r in caplog.records if r.name == "coverage_study.reproduce"]
    assert [r.levelno for r in logged] == [logging.DEBUG]
    assert "kernel housekeeping" in logged[0].getMessage()
    cell = json.loads(path.read_text(encoding="utf-8"))["cells"][0]
    assert cell["outputs"][0]["text"] == ["1\n"]


@pytest.mark.slow
def test_a_failing_notebook_carries_what_its_kernel_said(tmp_path, capfd):
    """If a cell fails, the kernel's own stderr is not lost: it is a note on the exception."""
    from coverage_study.reproduce import run_notebook

    source = 'import atexit, os\natexit.register(os.write, 2, b"kernel housekeeping\\n")\n1 / 0'
    path = _one_cell_notebook(tmp_path, source)
    with pytest.raises(Exception, match="ZeroDivisionError") as info:
        run_notebook(path, tmp_path / "out.ipynb")
    assert any("kernel housekeeping" in note for note in info.value.__notes__)
    assert not (tmp_path / "out.ipynb").exists()
    assert "kernel housekeeping" not in capfd.readouterr().err
