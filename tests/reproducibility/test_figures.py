"""Rerunning every notebook reproduces every committed figure byte for byte, and the whole figure
set can be made for another corpus and lexicon without touching the committed one.

Run by ``make test`` after the unit tests and nbval (these execute all notebooks, so they are
kept out of the quick unit run: ``pytest`` collects only ``tests/`` minus this folder).
"""

from __future__ import annotations

import csv
import hashlib
import shutil
import subprocess
import sys
from pathlib import Path

from coverage_study.reproduce import find_notebooks, run_notebook

ROOT = Path(__file__).resolve().parents[2]
FIGURE_SUFFIXES = {".svg", ".png", ".pdf"}


def _figures(folder: Path) -> dict[str, bytes]:
    return {p.name: p.read_bytes() for p in sorted(folder.iterdir()) if p.suffix in FIGURE_SUFFIXES}


def _sha(path: Path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


def _manifest(folder: Path) -> dict[str, dict[str, str]]:
    with open(folder / "MANIFEST.csv", encoding="utf-8", newline="") as fh:
        return {r["file"]: r for r in csv.DictReader(fh)}


def test_notebooks_regenerate_committed_figures_byte_for_byte(tmp_path):
    out = tmp_path / "figures"
    params = {"CORPUS_DIR": str(ROOT / "seeds"), "FIGURES_DIR": str(out)}
    notebooks = find_notebooks(ROOT / "notebooks")
    assert notebooks, "no notebooks found"
    for nb in notebooks:
        run_notebook(nb, tmp_path / "notebooks" / nb.name, params)
    produced, committed = _figures(out), _figures(ROOT / "figures")
    assert sorted(produced) == sorted(committed), "figures/ and the notebooks disagree on the set"
    changed = [name for name in produced if produced[name] != committed[name]]
    assert changed == [], f"regenerated figures differ from the committed ones: {changed}"


def test_committed_manifest_matches_the_files():
    manifest = _manifest(ROOT / "figures")
    assert sorted(manifest) == sorted(_figures(ROOT / "figures"))
    for name, row in manifest.items():
        assert row["sha256"] == _sha(ROOT / "figures" / name), name
        assert row["caption"].startswith("Figure "), name
        assert (ROOT / row["notebook"]).is_file(), name


LEXICON = """\
# a researcher's own lexicon, quanteda format, no _meta: version is its sha256 prefix
invasion:
  - invasion
  - invad*
war:
  - war
  - wars
"""


def test_figures_for_another_corpus_and_lexicon_while_another_run_writes_elsewhere(tmp_path):
    """Two ``figures --out`` runs at the same time, into different folders: the seeds' run
    reproduces the committed figures, the other corpus's run gets its own lexicon and corpus in
    its manifest, and neither touches the committed notebooks and figures."""
    corpus = tmp_path / "my-corpus"
    shutil.copytree(ROOT / "seeds", corpus)
    meta = (corpus / "metadata.csv").read_text(encoding="utf-8")
    (corpus / "metadata.csv").write_text(
        meta.replace("(inferred)", "(relabelled)"), encoding="utf-8"
    )
    lexicon = tmp_path / "mine.yml"
    lexicon.write_text(LEXICON, encoding="utf-8")
    committed = {
        p: _sha(p) for p in [*(ROOT / "figures").iterdir(), *(ROOT / "notebooks").glob("*.ipynb")]
    }

    cli = [sys.executable, "-m", "coverage_study.cli", "figures"]
    mine, seeds = tmp_path / "out-mine", tmp_path / "out-seeds"
    runs = [
        subprocess.Popen([*cli, "--corpus", str(corpus), "--lexicon", str(lexicon),
                          "--out", str(mine)],
                         stdout=subprocess.PIPE, stderr=subprocess.STDOUT),
        subprocess.Popen([*cli, "--corpus", str(ROOT / "seeds"), "--out", str(seeds)],
                         stdout=subprocess.PIPE, stderr=subprocess.STDOUT),
    ]  # fmt: skip
    for run in runs:
        output = run.communicate(timeout=600)[0].decode(errors="replace")
        assert run.returncode == 0, output

    assert {p: _sha(p) for p in committed} == committed, (
        "the committed notebooks or figures changed"
    )
    assert _figures(seeds / "figures") == _figures(ROOT / "figures")
    assert sorted(_figures(mine / "figures")) == sorted(_figures(ROOT / "figures"))
    manifest = _manifest(mine / "figures")
    for name, row in manifest.items():
        assert row["sha256"] == _sha(mine / "figures" / name)
        assert row["lexicon"] == "mine"
        assert row["corpus_fingerprint"] != _manifest(ROOT / "figures")[name]["corpus_fingerprint"]
    executed = (mine / "notebooks" / "03-framing-terms.ipynb").read_text(encoding="utf-8")
    assert "(relabelled)" in executed and "injected-parameters" in executed
