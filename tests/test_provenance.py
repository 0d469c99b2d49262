"""write_manifest: every figure needs a notebook that shows it, and every figure a notebook
shows must be there, unless the notebook marks it optional (drawn only under a condition).
The manifest, the cite line and metrics_table's attrs name everything behind a number: version,
code, git revision (and uncommitted code), engine, and every data file's version and sha256."""

from __future__ import annotations

import hashlib
import json
import shutil
import subprocess
import tomllib
import warnings
from pathlib import Path

import pandas as pd
import pytest
import yaml

import coverage_study as cs
from coverage_study import origin
from coverage_study.cli import main
from coverage_study.provenance import (
    IN_PLACE,
    ProvenanceWarning,
    cite,
    notebook_code_sha256,
    write_manifest,
)

from .conftest import ROOT


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


# --- everything behind a number: version, code, revision, engine, data files (issue 27) ----------




DATA = ROOT / "coverage_study" / "data"
# role in the manifest -> the packaged file, read here with tomllib/hashlib, not the package
PACKAGED = {
    "cleaning": DATA / "cleaning.toml",
    "reporting_verbs": DATA / "reporting_verbs.toml",
    "media": DATA / "media.toml",
    "nationalities": DATA / "nationalities.toml",
    "discover": DATA / "discover.toml",
    "places": DATA / "places.toml",
    "aliases": DATA / "actors.toml",
}


def _declared(path: Path) -> tuple[str, str]:
    """(version, sha256) of a TOML data file, read directly."""
    raw = path.read_bytes()
    return str(tomllib.loads(raw.decode("utf-8"))["version"]), hashlib.sha256(raw).hexdigest()


def _figures(tmp_path: Path) -> tuple[Path, Path]:
    figures = tmp_path / "figures"
    figures.mkdir()
    (figures / "01-a.svg").write_text("<svg/>", encoding="utf-8")
    return figures, _notebook(tmp_path / "01-x.ipynb", SHOWN)


def test_the_citation_file_states_the_package_version():
    """CFF cannot read pyproject.toml: the version is written twice and must agree."""
    cff = yaml.safe_load((ROOT / "CITATION.cff").read_text(encoding="utf-8"))
    project = tomllib.loads((ROOT / "pyproject.toml").read_text(encoding="utf-8"))["project"]
    assert str(cff["version"]) == project["version"] == cs.__version__


def test_every_data_file_is_in_the_manifest_and_the_cite_line(tmp_path, seeds):
    figures, nb = _figures(tmp_path)
    row = write_manifest(figures, [nb], seeds, revision="0" * 40).iloc[0]
    lexicon = ROOT / "coverage_study" / "data" / "lexicons" / "russia_ukraine.yml"
    lex_raw = lexicon.read_bytes()
    expected = {role: _declared(path) for role, path in PACKAGED.items()}
    expected["lexicon"] = (
        str(yaml.safe_load(lex_raw)["_meta"]["version"]), hashlib.sha256(lex_raw).hexdigest()
    )
    line = cite(figures / "01-a.svg")
    for role, (version, sha) in expected.items():
        assert (row[f"{role}_version"], row[f"{role}_sha256"]) == (version, sha), role
        assert f"{version} (sha256:{sha[:12]})" in line, role
    assert row["engine"] == "rules" and "attribution engine rules" in line
    assert row["coverage_study_version"] == cs.__version__
    assert f"coverage-study {cs.__version__} " in line
    assert row["code_sha256"] == origin.code_sha256()
    assert f"code sha256:{row['code_sha256'][:12]}" in line
    assert row["git_revision"] == "0" * 40 and "git revision 000000000000," in line
    assert row["notebook_code_sha256"] == notebook_code_sha256(nb)
    assert f"notebooks/01-x.ipynb code sha256:{row['notebook_code_sha256'][:12]}" in line
    for label in ("lexicon russia_ukraine", "alias table", "cleaning rules", "reporting verbs",
                  "media list"):  # fmt: skip
        assert label in line


# Each (data file, version) is one set of bytes: the sha256 of every packaged data file as of
# its current version, recorded when the version was set. An entry changed without a version bump
# fails below; bump the version (CHANGELOG.md says why) and record the new pair here.
RELEASED_DATA_FILES = {
    "cleaning.toml": ("1.2", "f3c347e25ffc2ab23f778e7d65140accc6024dbb24e6c82bb8b6e141e178d831"),
    "reporting_verbs.toml": (
        "2.2", "9d6ebb4ddd1d752f53d8552f9599af17b46652b5b783a2190d0810a7addd8e71"),
    "nationalities.toml": (
        "1.0", "9ff21b52646adf7cdf7d7829478b730ff92f4f83838268e0c6ddf26cd6e7b475"),
    "media.toml": ("1.0", "a5b29067dc4ca6e352f904ffa55493c3bb80c88ea00a87ed3e754b63c7f1f9d3"),
    "actors.toml": ("1.2", "4ccb3c94bde4622094dba6e980c0442dbd8e5595597f14e81902cd422a335bee"),
    "discover.toml": ("1.0", "cf4bceb059306c65f20384092ec44386e6e592228a3fadad2e4e6e076fe2c170"),
    "places.toml": ("1.0", "e10cf7baf887bca7cc0f454c65b5d552a97c50af63960f62d834cf90ae61619f"),
    "parse_cues.toml": (
        "1.2", "46405bd9eb0e0d820b99f28b4d077902428d06319f1d7430c0908ea0a2236ebe"),
    "lexicons/russia_ukraine.yml": (
        "1.0", "80807dde7ec4e17f214e5e8b4269b80736fd5069702009d8225727d339bc4440"),
}  # fmt: skip


def test_a_data_file_changes_only_with_its_version():
    found = sorted(p.relative_to(DATA).as_posix() for p in DATA.rglob("*")
                   if p.suffix in (".toml", ".yml"))  # fmt: skip
    assert found == sorted(RELEASED_DATA_FILES), "a data file without its recorded version"
    for name, (version, sha) in RELEASED_DATA_FILES.items():
        raw = (DATA / name).read_bytes()
        if name.endswith(".yml"):
            declared = str(yaml.safe_load(raw)["_meta"]["version"])
        else:
            declared = str(tomllib.loads(raw.decode("utf-8"))["version"])
        now = hashlib.sha256(raw).hexdigest()
        assert declared == version, (
            f"coverage_study/data/{name}: version {declared}, recorded {version}: record "
            f"({declared!r}, {now!r}) in RELEASED_DATA_FILES"
        )
        assert now == sha, (
            f"coverage_study/data/{name} changed (sha256 {now}) but its version is still "
            f"{version}: bump the version, say why in CHANGELOG.md, record the new pair here"
        )


def test_a_manifest_written_twice_is_byte_identical(tmp_path, seeds):
    figures, nb = _figures(tmp_path)
    write_manifest(figures, [nb], seeds)
    first = (figures / "MANIFEST.csv").read_bytes()
    write_manifest(figures, [nb], seeds)
    assert (figures / "MANIFEST.csv").read_bytes() == first


def test_a_changed_data_file_changes_its_sha256(tmp_path, seeds, monkeypatch):
    """A researcher's copy of a data file with one rule more (cleaning, aliases, lexicon: given
    as paths), and a changed packaged file (reporting verbs, media: the package reads no other)
    each change their sha256 in the manifest, to that of the bytes used."""
    from coverage_study import datafiles

    changed = tmp_path / "data"
    shutil.copytree(DATA, changed)
    for name in ("cleaning.toml", "actors.toml", "reporting_verbs.toml", "media.toml"):
        with open(changed / name, "a", encoding="utf-8") as fh:
            fh.write("\n# one line more\n")
    lexicon = changed / "lexicons" / "russia_ukraine.yml"
    lexicon.write_text(lexicon.read_text(encoding="utf-8") + "\n# one line more\n",
                       encoding="utf-8")  # fmt: skip
    figures, nb = _figures(tmp_path)
    before = write_manifest(figures, [nb], seeds).iloc[0]

    class Files:  # datafiles.read_toml reads the packaged files through importlib.resources
        @staticmethod
        def files(package):
            assert package == "coverage_study"
            return tmp_path

    monkeypatch.setattr(datafiles, "resources", Files)
    origin._packaged.cache_clear()
    try:
        corpus = seeds.copy()
        rules = cs.load_rules(changed / "cleaning.toml")
        corpus.attrs = {**seeds.attrs, "cleaning_rules": {"version": rules.version,
                                                           "sha256": rules.sha256}}  # fmt: skip
        after = write_manifest(figures, [nb], corpus, lexicon=lexicon,
                               aliases=changed / "actors.toml").iloc[0]  # fmt: skip
    finally:
        origin._packaged.cache_clear()
    names = {"cleaning": "cleaning.toml", "aliases": "actors.toml",
             "reporting_verbs": "reporting_verbs.toml", "media": "media.toml"}  # fmt: skip
    for role, name in names.items():
        assert after[f"{role}_sha256"] != before[f"{role}_sha256"], role
        assert after[f"{role}_sha256"] == hashlib.sha256((changed / name).read_bytes()).hexdigest()
        assert after[f"{role}_version"] == before[f"{role}_version"], role  # not bumped here
    assert after["lexicon_sha256"] == hashlib.sha256(lexicon.read_bytes()).hexdigest()
    assert after["lexicon_sha256"] != before["lexicon_sha256"]


# --- the git revision and the dirty marker --------------------------------------------------------
def _git(repo: Path, *args: str) -> str:
    run = subprocess.run(
        ["git", "-C", str(repo), "-c", "user.name=t", "-c", "user.email=t@example.org",
         "-c", "commit.gpgsign=false", *args],
        capture_output=True, text=True, check=True,
    )  # fmt: skip
    return run.stdout.strip()


def _checkout(tmp_path: Path, package: Path | None = None) -> Path:
    """A git checkout laid out as this project: coverage_study/ (a copy of ``package``'s Python
    files, or one module), notebooks/, a README; one commit."""
    repo = tmp_path / "repo"
    if package is None:
        (repo / "coverage_study").mkdir(parents=True)
        (repo / "coverage_study" / "rules.py").write_text("X = 1\n", encoding="utf-8")
    else:
        skip = shutil.ignore_patterns("__pycache__", "*.so", "*.toml", "*.yml")
        shutil.copytree(package, repo / "coverage_study", ignore=skip)
    (repo / "notebooks").mkdir()
    (repo / "notebooks" / "01-a.ipynb").write_text("{}", encoding="utf-8")
    (repo / "README.md").write_text("# r\n", encoding="utf-8")
    (repo / ".gitignore").write_text("*.so\n__pycache__/\n", encoding="utf-8")
    _git(repo, "init", "-q")
    _git(repo, "add", "-A")
    _git(repo, "commit", "-qm", "first")
    return repo


@pytest.mark.skipif(shutil.which("git") is None, reason="needs git")
def test_the_dirty_marker_names_uncommitted_code(tmp_path):
    repo = _checkout(tmp_path)
    head = _git(repo, "rev-parse", "HEAD")
    paths = ("coverage_study", "notebooks")
    assert origin.git_revision(repo, paths) == head
    # not code: another file, an ignored file (a compiled extension) -> still clean
    (repo / "README.md").write_text("# changed\n", encoding="utf-8")
    (repo / "coverage_study" / "rules.cpython-311-x86_64-linux-gnu.so").write_bytes(b"\0")
    assert origin.git_revision(repo, paths) == head
    # a tracked module changed, a staged change, a new module, a changed notebook -> dirty
    module = repo / "coverage_study" / "rules.py"
    module.write_text("X = 2\n", encoding="utf-8")
    assert origin.git_revision(repo, paths) == head + "+dirty"
    _git(repo, "add", "coverage_study/rules.py")
    assert origin.git_revision(repo, paths) == head + "+dirty"
    _git(repo, "commit", "-qm", "second")
    head = _git(repo, "rev-parse", "HEAD")
    assert origin.git_revision(repo, paths) == head
    (repo / "coverage_study" / "new.py").write_text("Y = 1\n", encoding="utf-8")
    assert origin.git_revision(repo, paths) == head + "+dirty"
    (repo / "coverage_study" / "new.py").unlink()
    (repo / "notebooks" / "01-a.ipynb").write_text('{"cells": []}', encoding="utf-8")
    assert origin.git_revision(repo, paths) == head + "+dirty"
    assert origin.git_revision(repo, ("coverage_study",)) == head  # metrics: code only


def test_no_checkout_is_said(tmp_path):
    (tmp_path / "coverage_study").mkdir()
    assert origin.git_revision(tmp_path) == "not a checkout"
    assert origin.checkout_root(tmp_path) is None


@pytest.mark.skipif(shutil.which("git") is None, reason="needs git")
def test_the_committed_code_hash_is_the_working_trees_when_clean(tmp_path):
    """code_sha256_at reads the commit from git; code_sha256 the files: equal on a clean
    checkout (of this package's modules), apart once a module changes on disk."""
    repo = _checkout(tmp_path, ROOT / "coverage_study")
    assert origin.code_sha256_at(repo) == origin.code_sha256(repo / "coverage_study")
    assert origin.code_sha256(repo / "coverage_study") == origin.code_sha256()
    with open(repo / "coverage_study" / "text" / "spans.py", "a", encoding="utf-8") as fh:
        fh.write("# a comment\n")
    assert origin.code_sha256_at(repo) != origin.code_sha256(repo / "coverage_study")
    assert origin.code_sha256_at(repo) == origin.code_sha256()


def test_cite_warns_about_uncommitted_code_and_still_succeeds(tmp_path, seeds, capsys):
    figures, nb = _figures(tmp_path)
    write_manifest(figures, [nb], seeds, revision="a" * 40 + "+dirty")
    with pytest.warns(ProvenanceWarning, match="made from uncommitted code"):
        line = cite(figures / "01-a.svg")
    assert "git revision aaaaaaaaaaaa+dirty (uncommitted changes)" in line
    assert main(["cite", str(figures / "01-a.svg")]) == 0
    out, err = capsys.readouterr()
    assert out == line + "\n"
    assert err.startswith("warning: ") and "01-a.svg was made from uncommitted code" in err
    # a clean revision: no warning
    write_manifest(figures, [nb], seeds, revision="b" * 40)
    with warnings.catch_warnings():
        warnings.simplefilter("error")
        assert "git revision bbbbbbbbbbbb," in cite(figures / "01-a.svg")
    assert main(["cite", str(figures / "01-a.svg")]) == 0
    assert capsys.readouterr().err == ""


@pytest.mark.skipif(shutil.which("git") is None, reason="needs git")
def test_figures_in_place_are_cited_with_the_commit_whose_code_made_them(tmp_path, seeds):
    """Figures written into a checkout's own figures/ record IN_PLACE (a revision there would
    change the committed manifest with every commit); cite resolves it to HEAD when HEAD's
    code is the code that made them, and warns when it is not."""
    repo = _checkout(tmp_path, ROOT / "coverage_study")
    figures, _ = _figures(repo)
    nb = _notebook(repo / "notebooks" / "01-x.ipynb", SHOWN)
    _git(repo, "add", "notebooks/01-x.ipynb")
    _git(repo, "commit", "-qm", "the notebook")
    write_manifest(figures, [nb], seeds, revision=IN_PLACE)
    head = _git(repo, "rev-parse", "HEAD")
    with warnings.catch_warnings():
        warnings.simplefilter("error")
        assert f"git revision {head[:12]}," in cite(figures / "01-a.svg")
    with open(repo / "coverage_study" / "text" / "spans.py", "a", encoding="utf-8") as fh:
        fh.write("# a comment\n")
    _git(repo, "commit", "-qam", "other code")
    with pytest.warns(ProvenanceWarning, match="not the code of this checkout's commit"):
        line = cite(figures / "01-a.svg")
    assert "uncommitted code (not that of git revision" in line
    # the package's code as it was; then the notebook's prose changed (no warning), then its
    # code cells (a warning)
    _git(repo, "revert", "--no-edit", "HEAD")
    nb_json = json.loads(nb.read_text(encoding="utf-8"))
    nb_json["cells"][0]["source"] = "![a](../figures/01-a.svg)\n\n*Figure 1. A, reworded.*"
    nb.write_text(json.dumps(nb_json), encoding="utf-8")
    _git(repo, "commit", "-qam", "prose")
    with warnings.catch_warnings():
        warnings.simplefilter("error")
        assert "git revision" in cite(figures / "01-a.svg")
    nb_json["cells"].append({"cell_type": "code", "metadata": {}, "source": "x = 1",
                             "outputs": [], "execution_count": None})  # fmt: skip
    nb.write_text(json.dumps(nb_json), encoding="utf-8")
    _git(repo, "commit", "-qam", "a code cell")
    with pytest.warns(ProvenanceWarning, match="01-x.ipynb code sha256"):
        cite(figures / "01-a.svg")


def test_the_code_of_a_notebook_is_its_code_cells(tmp_path):
    nb = {"cells": [{"cell_type": "code", "source": ["a = 1\n", "b = 2"], "outputs": []},
                    {"cell_type": "markdown", "source": "*Figure 1. A.*"}],
          "metadata": {}}  # fmt: skip
    path = tmp_path / "n.ipynb"
    path.write_text(json.dumps(nb), encoding="utf-8")
    first = notebook_code_sha256(path)
    assert first == hashlib.sha256(b'["a = 1\\nb = 2"]').hexdigest()  # the cell's JSON string
    nb["cells"][0]["outputs"] = [{"output_type": "stream", "name": "stdout", "text": "1"}]
    nb["cells"][1]["source"] = "*Figure 1. B.*"
    nb["metadata"] = {"kernelspec": {"name": "python3"}}
    assert notebook_code_sha256(json.dumps(nb).encode()) == first
    nb["cells"][0]["source"] = "a = 2\nb = 2"
    assert notebook_code_sha256(json.dumps(nb).encode()) != first


def test_the_checkouts_own_figures_folder_is_in_place(tmp_path):
    from coverage_study.provenance import figures_revision

    if origin.checkout_root() is None:
        pytest.skip("not run from a checkout")
    assert figures_revision(ROOT / "figures") == IN_PLACE
    assert figures_revision(tmp_path).startswith(_git(ROOT, "rev-parse", "HEAD"))


def test_a_manifest_older_than_0_2_0_is_cited_with_a_warning(tmp_path, seeds):
    figures, nb = _figures(tmp_path)
    table = write_manifest(figures, [nb], seeds)
    old = table.iloc[:, :13]  # the columns of a 0.1.0 manifest
    old.to_csv(figures / "MANIFEST.csv", index=False, lineterminator="\n")
    with pytest.warns(ProvenanceWarning, match="written before coverage-study 0.2.0"):
        line = cite(figures / "01-a.svg")
    assert "code not recorded" in line and "alias table" in line


# --- metrics_table and the Parquet file ----------------------------------------------------------
def test_metrics_carry_the_same_provenance_in_attrs_and_parquet(tmp_path, seeds):
    import pyarrow.parquet as pq

    attrs = cs.metrics_table(seeds).attrs
    for role, path in PACKAGED.items():
        key = "cleaning_rules" if role == "cleaning" else role
        assert (attrs[key]["version"], attrs[key]["sha256"]) == _declared(path), role
    assert attrs["engine"] == "rules" and attrs["coverage_study"] == cs.__version__
    assert attrs["code_sha256"] == origin.code_sha256()
    assert attrs["git_revision"] == origin.git_revision()
    out = cs.metrics_file(ROOT / "seeds", tmp_path / "m.parquet", n_jobs=1)
    stored = json.loads(pq.read_schema(out).metadata[b"PANDAS_ATTRS"])
    assert stored == attrs
    assert pd.read_parquet(out).attrs == attrs
