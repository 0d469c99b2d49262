"""Tests for the coverage-study command line: outputs, messages and exit codes."""

from __future__ import annotations

import shutil

import pytest

from coverage_study.cli import main

from .conftest import ROOT, SEEDS


def test_validate_reports_every_problem_at_once_with_exit_1(make_corpus, capsys):
    rows = [
        {"article_id": "ok", "outlet": "X", "published": "2023-02-22"},
        {"article_id": "bad_date", "outlet": "X", "published": "22.02.2023"},
        {"article_id": "dup", "outlet": "X"},
        {"article_id": "dup", "outlet": "Y"},
        {"article_id": "ghost", "outlet": "X"},
    ]
    texts = {"ok": "Fine text.", "bad_date": "Also fine.", "dup": "Twice.", "empty": "",
             "latin": "Caf\xe9".encode("latin-1")}  # fmt: skip
    folder = make_corpus(texts, rows)
    assert main(["validate", str(folder)]) == 1
    out = capsys.readouterr().out.splitlines()
    assert "error: metadata.csv: duplicate article_id 'dup' on lines 4, 5" in out
    assert "error: metadata.csv: row 'ghost' has no file ghost.txt" in out
    assert "error: empty.txt: empty file (no text)" in out
    assert any(line.startswith("error: latin.txt:1: not valid UTF-8") for line in out)
    assert any("malformed date in 'published' for bad_date" in line for line in out)


def test_validate_seeds_warns_about_the_stray_quote_and_exits_0(capsys):
    assert main(["validate", str(SEEDS)]) == 0
    out = capsys.readouterr().out.splitlines()
    # 003, line 9 of the stored file: "... stop fomenting confrontation.” ”, reiterating ..."
    assert out == [line for line in out if line.startswith("warning: 003_f888ac50807c3bfa.txt:9:")]
    assert len(out) == 1


def test_validate_flags_furniture_left_in_a_body(make_corpus, capsys):
    folder = make_corpus({"a": "The minister spoke.\nShare this article on social media\nEnd."})
    assert main(["validate", str(folder)]) == 0
    assert "warning: a.txt:2: body line looks like page furniture" in capsys.readouterr().out


def test_validate_counts_embed_and_credit_furniture_left_per_article(make_corpus, capsys):
    # written for this test: an embed field and a credit glued inside prose, which no cleaning
    # rule takes (they stand neither alone nor at a line's edge); counted by hand: lines 2 and 3
    text = ("The minister spoke.\nHer aide posted it (tweet-id: 42) at noon.\n"
            "The picture (Getty) ran on the front page.\nEnd.")  # fmt: skip
    folder = make_corpus({"a": text})
    assert main(["validate", str(folder)]) == 0
    out = capsys.readouterr().out
    assert "warning: a.txt:2: 2 body line(s) hold what looks like page furniture" in out
    assert "on line(s) 2, 3; first: 'Her aide posted it (tweet-id: 42) at noon.'" in out


def test_validate_takes_a_censored_word_for_prose_not_a_separator(make_corpus, capsys):
    # written for this test: a word censored with dashes (as news prints slurs) is prose; a run
    # of dashes between words is a separator glued to prose
    folder = make_corpus({"a": 'He said he would "shoot any n------" who came.\nEnd.',
                          "b": "The vote was close. ------ Read more below.\nEnd."})  # fmt: skip
    assert main(["validate", str(folder)]) == 0
    out = capsys.readouterr().out.splitlines()
    assert [line.split(":")[0] for line in out] == ["warning"]
    assert out[0].startswith("warning: b.txt:1:")


def test_validate_names_the_lines_with_encoding_damage(make_corpus, capsys):
    folder = make_corpus({"a": "Fine.\nAt GuantÃ¡namo Bay.\n", "b": "Déjà vu, São Paulo.\n"})
    assert main(["validate", str(folder)]) == 0
    out = capsys.readouterr().out.splitlines()
    assert len(out) == 1
    assert out[0].startswith("warning: a.txt:2: encoding damage (mojibake) on line 2, e.g. ")


def test_repair_writes_a_copy_and_reports_every_change(make_corpus, tmp_path, capsys):
    folder = make_corpus({"a": "Fine.\nAt GuantÃ¡namo Bay.\n", "b": "Déjà vu.\n"})
    before = {p.name: p.read_bytes() for p in folder.iterdir()}
    out = tmp_path / "fixed"
    assert main(["repair", str(folder), "--out", str(out)]) == 0
    assert "repaired 1 line(s) in 1 file(s)" in capsys.readouterr().err
    assert {p.name: p.read_bytes() for p in folder.iterdir()} == before
    assert (out / "a.txt").read_text(encoding="utf-8") == "Fine.\nAt Guantánamo Bay.\n"
    assert (out / "b.txt").read_bytes() == before["b.txt"]
    assert (out / "repair_report.csv").read_text(encoding="utf-8") == (
        "file,line,before,after\na.txt,2,At GuantÃ¡namo Bay.,At Guantánamo Bay.\n"
    )


def test_repair_in_place_is_refused_with_exit_1(make_corpus, capsys):
    folder = make_corpus({"a": "At GuantÃ¡namo Bay.\n"})
    before = (folder / "a.txt").read_bytes()
    assert main(["repair", str(folder), "--out", str(folder)]) == 1
    assert "never edited in place" in capsys.readouterr().err
    assert (folder / "a.txt").read_bytes() == before


@pytest.mark.filterwarnings("default::coverage_study.CorpusWarning")
def test_kwic_prints_tab_separated_hits(capsys):
    assert main(["kwic", str(SEEDS), "invasion", "--window", "3"]) == 0
    captured = capsys.readouterr()
    # warnings reach stderr as one line each: the stray ” of 003
    assert captured.err.startswith("warning: 003_f888ac50807c3bfa: unbalanced quotation mark")
    lines = captured.out.splitlines()
    assert lines[0].split("\t")[:3] == ["article_id", "zone", "voice"]
    assert len(lines) == 1 + 4  # counted by hand: "invasion" once each in 001, 002, 003, 004


def test_missing_corpus_is_a_data_error(tmp_path, capsys):
    assert main(["kwic", str(tmp_path / "nope"), "war"]) == 1
    assert "corpus folder does not exist" in capsys.readouterr().err


def test_usage_error_exits_2():
    with pytest.raises(SystemExit) as info:
        main(["metrics"])
    assert info.value.code == 2


def test_cite_names_version_corpus_and_hash(capsys):
    assert main(["cite", str(ROOT / "figures" / "04-war-terms-by-voice.svg")]) == 0
    line = capsys.readouterr().out
    assert line.startswith("Figure 4.")
    assert "coverage-study" in line and "fingerprint sha256:" in line and "russia_ukraine" in line


def test_cite_refuses_a_changed_figure(tmp_path, capsys):
    for name in ("MANIFEST.csv", "04-war-terms-by-voice.svg"):
        shutil.copy(ROOT / "figures" / name, tmp_path / name)
    with open(tmp_path / "04-war-terms-by-voice.svg", "a", encoding="utf-8") as fh:
        fh.write("<!-- edited -->")
    assert main(["cite", str(tmp_path / "04-war-terms-by-voice.svg")]) == 1
    assert "sha256 differs" in capsys.readouterr().err


@pytest.mark.slow
def test_figures_on_another_corpus_with_a_clean_stderr(tmp_path):
    """``figures --corpus`` on a corpus of three outlets written for the tests (and its own
    lexicon): every notebook runs, every figure is written, nothing but the final line reaches
    stderr, no notebook output is a stream to stderr, and the seeds' readings are left out.
    The corpus is annotated once: an annotation saved beforehand where the command keeps it
    (``OUT/annotation``) is read by the command and by each of the six notebooks (each is given
    its folder) and rewritten by none: the folder and its key file are the same after; the
    manifest's corpus fingerprint (taken from the annotation's key) is the corpus's."""
    import json
    import subprocess
    import sys

    import pandas as pd

    import coverage_study as cs
    from coverage_study.reproduce import SEED_READING_NOTE

    data = ROOT / "tests" / "data"
    out = tmp_path / "out"
    cs.annotate(data / "three-outlets", data / "dam.yml", warn=False, cache=out / "annotation")
    key_file = out / "annotation" / "key.json"
    written = ((out / "annotation").stat().st_ino, key_file.stat().st_mtime_ns)
    run = subprocess.run(
        [sys.executable, "-m", "coverage_study.cli", "figures", "--corpus",
         str(data / "three-outlets"), "--lexicon", str(data / "dam.yml"), "--out", str(out)],
        capture_output=True, text=True, check=False,
    )  # fmt: skip
    assert run.returncode == 0, run.stderr
    # the final line only: no warning, no parameter note, no transport warning, and none of the
    # kernel's own housekeeping (run_notebook keeps the kernel process's stderr to itself)
    assert run.stderr.splitlines() == [f"wrote 11 figures and MANIFEST.csv to {out / 'figures'}"]
    figures = sorted(p.name for p in (out / "figures").glob("*.svg"))
    assert figures == sorted(p.name for p in (ROOT / "figures").glob("*.svg"))
    notes = 0
    for nb_path in sorted((out / "notebooks").glob("*.ipynb")):
        for cell in json.loads(nb_path.read_text(encoding="utf-8"))["cells"]:
            source = "".join(cell["source"])
            assert "**Reading" not in source, nb_path.name
            notes += source == SEED_READING_NOTE
            for o in cell.get("outputs", []):
                assert o.get("name") != "stderr", (nb_path.name, o)
    assert notes == 6  # one reading of the seeds in each of the six notebooks
    assert ((out / "annotation").stat().st_ino, key_file.stat().st_mtime_ns) == written
    for nb_path in sorted((out / "notebooks").glob("*.ipynb")):
        injected = [c for c in json.loads(nb_path.read_text(encoding="utf-8"))["cells"]
                    if "injected-parameters" in c["metadata"].get("tags", [])]  # fmt: skip
        assert f'ANNOTATION_DIR = "{out / "annotation"}"' in "".join(injected[0]["source"])
    manifest = pd.read_csv(out / "figures" / "MANIFEST.csv")  # its fingerprint from the key
    want = cs.corpus_fingerprint(cs.load_corpus(data / "three-outlets"))
    assert set(manifest["corpus_fingerprint"]) == {want}


def test_a_missing_extra_is_named_in_one_line():
    from coverage_study._extras import MissingExtra, require

    with pytest.raises(MissingExtra) as info:
        require("no_such_module_here", "dask", "engine='dask'")
    assert str(info.value) == (
        "engine='dask' needs the [dask] extra: pip install 'coverage-study[dask]' "
        "(no module named 'no_such_module_here')"
    )


def test_figures_for_another_corpus_needs_out(capsys):
    assert main(["figures", "--corpus", str(SEEDS)]) == 2
    assert "give --out" in capsys.readouterr().err


def test_figures_annotation_options_are_checked_before_any_notebook_runs(tmp_path, make_corpus,
                                                                         capsys):
    folder = make_corpus({"a1": "Headline\n\nA body of words.\n"})
    assert main(["figures", "--corpus", str(folder), "--annotation-dir", str(tmp_path)]) == 2
    assert "--annotation-dir needs --out" in capsys.readouterr().err
    inside = ["figures", "--corpus", str(folder), "--out", str(tmp_path / "out"),
              "--annotation-dir", str(folder / "annotation")]  # fmt: skip
    assert main(inside) == 1
    assert "inside the corpus folder" in capsys.readouterr().err
    assert not (folder / "annotation").exists() and not (tmp_path / "out" / "notebooks").exists()
    with pytest.raises(SystemExit) as info:  # argparse: the engines by name
        main(["figures", "--corpus", str(folder), "--out", str(tmp_path / "out"), "--engine",
              "nope"])  # fmt: skip
    assert info.value.code == 2
    assert "choose from 'rules', 'parse'" in capsys.readouterr().err
