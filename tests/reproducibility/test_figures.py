"""Rerunning every notebook reproduces every committed figure byte for byte.

Run by ``make test`` after the unit tests and nbval (it executes all notebooks, so it is kept out
of the quick unit run: ``pytest`` collects only ``tests/`` minus this folder).
"""

from __future__ import annotations

from pathlib import Path

from coverage_study.reproduce import find_notebooks, run_notebook

ROOT = Path(__file__).resolve().parents[2]


def test_notebooks_regenerate_committed_figures_byte_for_byte(tmp_path):
    out = tmp_path / "figures"
    params = {"CORPUS_DIR": str(ROOT / "seeds"), "FIGURES_DIR": str(out)}
    notebooks = find_notebooks(ROOT / "notebooks")
    assert notebooks, "no notebooks found"
    for nb in notebooks:
        run_notebook(nb, tmp_path / "notebooks" / nb.name, params)
    produced = {p.name: p.read_bytes() for p in sorted(out.iterdir())}
    committed = {
        p.name: p.read_bytes()
        for p in sorted((ROOT / "figures").iterdir())
        if p.suffix in {".svg", ".png", ".pdf"}
    }
    assert sorted(produced) == sorted(committed), "figures/ and the notebooks disagree on the set"
    changed = [name for name in produced if produced[name] != committed[name]]
    assert changed == [], f"regenerated figures differ from the committed ones: {changed}"
