"""write_manifest: every figure needs a notebook that shows it, and every figure a notebook
shows must be there, unless the notebook marks it optional (drawn only under a condition)."""

from __future__ import annotations

import json

import pytest

from coverage_study.provenance import write_manifest


def _notebook(path, *markdown):
    cells = [{"cell_type": "markdown", "metadata": {}, "source": m} for m in markdown]
    path.write_text(json.dumps({"cells": cells, "metadata": {}}), encoding="utf-8")
    return path


SHOWN = "![a](../figures/01-a.svg)\n\n*Figure 1. A.*"
OPTIONAL = (
    "![b](../figures/11-b.svg)\n\n<!-- optional figure: drawn only when dates span a week -->"
    "\n\n*Figure 11. B.*"
)


def test_an_optional_figure_may_be_absent(tmp_path, seeds):
    figures = tmp_path / "figures"
    figures.mkdir()
    (figures / "01-a.svg").write_text("<svg/>", encoding="utf-8")
    nb = _notebook(tmp_path / "01-x.ipynb", SHOWN, OPTIONAL)
    table = write_manifest(figures, [nb], seeds)
    assert table["file"].tolist() == ["01-a.svg"]
    # once drawn, it is in the manifest with its caption like any other
    (figures / "11-b.svg").write_text("<svg/>", encoding="utf-8")
    table = write_manifest(figures, [nb], seeds)
    assert table.set_index("file").loc["11-b.svg", "caption"] == "Figure 11. B."


def test_a_shown_figure_that_is_not_optional_must_be_there(tmp_path, seeds):
    figures = tmp_path / "figures"
    figures.mkdir()
    nb = _notebook(tmp_path / "01-x.ipynb", SHOWN, OPTIONAL)
    with pytest.raises(ValueError, match="the notebooks show 01-a.svg, not written"):
        write_manifest(figures, [nb], seeds)
