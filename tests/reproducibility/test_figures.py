"""Rerunning every notebook reproduces every committed figure byte for byte, and the whole figure
set can be made for another corpus and lexicon without touching the committed one.

Run by ``make test`` after the unit tests and nbval (these execute all notebooks, so they are
kept out of the quick unit run: ``pytest`` collects only ``tests/`` minus this folder).
"""

from __future__ import annotations

import csv
import hashlib
import shutil
from pathlib import Path

from coverage_study.cli import main
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


def test_figures_for_another_corpus_and_lexicon(tmp_path):
    corpus = tmp_path / "my-corpus"
    shutil.copytree(ROOT / "seeds", corpus)
    meta = (corpus / "metadata.csv").read_text(encoding="utf-8")
    (corpus / "metadata.csv").write_text(meta.replace("(inferred)", "(relabelled)"), encoding="utf-8")
    lexicon = tmp_path / "mine.yml"
    lexicon.write_text(LEXICON, encoding="utf-8")
    committed = {p: _sha(p) for p in [*(ROOT / "figures").iterdir(), *(ROOT / "notebooks").glob("*.ipynb")]}

    out = tmp_path / "out"
    assert main(["figures", "--corpus", str(corpus), "--lexicon", str(lexicon), "--out", str(out)]) == 0

    assert {p: _sha(p) for p in committed} == committed, "the committed notebooks or figures changed"
    assert sorted(_figures(out / "figures")) == sorted(_figures(ROOT / "figures"))
    manifest = _manifest(out / "figures")
    for name, row in manifest.items():
        assert row["sha256"] == _sha(out / "figures" / name)
        assert row["lexicon"] == "mine"
        assert row["corpus_fingerprint"] != _manifest(ROOT / "figures")[name]["corpus_fingerprint"]
    executed = (out / "notebooks" / "03-framing-terms.ipynb").read_text(encoding="utf-8")
    assert "(relabelled)" in executed and "injected-parameters" in executed
