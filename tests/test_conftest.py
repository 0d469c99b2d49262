"""The test suite's own contract with its data (``tests/conftest.py``): the tests on real news
skip where PolNeAR is missing, and say so in one line; where ``.ci/run`` requires the data
(``COVERAGE_STUDY_EXPECT_POLNEAR=1``), they fail instead.

Each case runs pytest in a fresh process on two tests of ``tests/test_real_articles.py`` that
read PolNeAR, with ``COVERAGE_STUDY_POLNEAR`` naming a file that does not exist.
"""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

from .conftest import EXPECT_POLNEAR, POLNEAR_PATH

ROOT = Path(__file__).resolve().parents[1]


def _pytest_without_polnear(tmp_path: Path, **env: str) -> subprocess.CompletedProcess[str]:
    missing = tmp_path / "no-polnear.jsonl"
    environ = {k: v for k, v in os.environ.items() if k != EXPECT_POLNEAR}
    environ.update({POLNEAR_PATH: str(missing), **env})
    tests = [f"tests/test_real_articles.py::test_real_articles_{name}"
             for name in ("each_quotation_once", "one_count_everywhere")]
    args = [sys.executable, "-m", "pytest", "-p", "no:cacheprovider", "-q", *tests]  # fmt: skip
    return subprocess.run(
        args, cwd=ROOT, env=environ, capture_output=True, text=True, timeout=600, check=False
    )


def test_missing_polnear_skips_and_says_so_once(tmp_path: Path) -> None:
    run = _pytest_without_polnear(tmp_path)
    assert run.returncode == 0, run.stdout + run.stderr
    assert "2 skipped" in run.stdout and "passed" not in run.stdout
    lines = [line for line in run.stdout.splitlines() if "PolNeAR is not here" in line]
    assert len(lines) == 1, run.stdout
    assert lines[0].startswith("SKIPPED [2] ") and EXPECT_POLNEAR in lines[0]


def test_missing_polnear_fails_where_required(tmp_path: Path) -> None:
    run = _pytest_without_polnear(tmp_path, **{EXPECT_POLNEAR: "1"})
    assert run.returncode == 1, run.stdout + run.stderr
    assert "2 errors" in run.stdout and "skipped" not in run.stdout
    assert f"{EXPECT_POLNEAR}=1 requires it" in run.stdout


def test_ci_requires_polnear() -> None:
    """``.ci/run`` sets the variable before any test runs (its first command after ``cd``)."""
    script = (ROOT / ".ci" / "run").read_text(encoding="utf-8")
    assert f"\nexport {EXPECT_POLNEAR}=1\n" in script
    assert script.index(f"export {EXPECT_POLNEAR}=1") < script.index("make figures\n")
