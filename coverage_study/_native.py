"""The optional compiled build: the per-article components compiled to C extensions by mypyc.

The pure-Python modules are the reference and stay in place; the compiled ones sit beside them
(``rules.py`` and ``rules.cpython-311-x86_64-linux-gnu.so``), and Python imports an extension
before its source. ``coverage-study compile`` builds them where a C compiler and mypyc (the
``[compiled]`` extra) are present, ``coverage-study compile --remove`` takes them away. Both
give the same tables (``tests/test_native.py`` compares them on the seeds, synthetic and real
news); the README's Scale section says what the compiled build buys.

A compiled module older than its source is stale: the package warns on import
(:func:`stale`), and ``coverage-study compile`` rebuilds it.

What the compiled modules write differently: ``str.lower(s)``, never ``s.lower()``, which
mypyc compiles to a loop that misses CPython's final-sigma rule ('aΣ'.lower() is 'aς');
frozen dataclasses with ``__getstate__``/``__setstate__`` (:mod:`coverage_study._frozen`);
types that are true at run time (mypyc checks them: a tuple where ``list`` is annotated is a
``TypeError``), abstract ones (``Sequence``) where a caller may pass either.
"""

from __future__ import annotations

import importlib.machinery
import shlex
import shutil
import sys
import sysconfig
import tempfile
from pathlib import Path

PACKAGE = Path(__file__).resolve().parent

# the modules whose per-article loops the pass runs (document.py): the attribution rules (and
# their cues, source spans and punctuation cues), the quotation finder, the tokens, syllables,
# sentences and formulas of readability, the term and alias scanners, the voices, the
# cleaning of each text and the actor discovery (the name scan of each article and its count
# over the corpus). The table-building modules (pandas) gain nothing.
MODULES = (
    "components/attribution/article.py", "components/attribution/speakers.py",
    "components/attribution/rules.py", "components/attribution/cues.py",
    "components/attribution/source_span.py", "components/attribution/punctuation_cues.py",
    "components/quotations.py", "text/quote_marks.py", "components/readability.py",
    "text/sentence_split.py", "components/readability_formulas.py", "components/term_scan.py",
    "text/term_patterns.py", "text/spans.py", "components/alias_match.py",
    "components/aliases.py", "components/voice.py", "reading/clean.py", "reading/cleaning_rules.py",
    "components/name_words.py", "components/name_scan.py", "components/discover.py",
)  # fmt: skip
# one shared library holds the compiled code of every module (each module's own extension is
# a small stub that loads it): coverage_study/_native__mypyc.*.so
GROUP = "coverage_study._native"


class NativeUnavailable(RuntimeError):
    """This machine cannot build the compiled modules (no C compiler, headers or mypyc)."""


def _extensions(source: Path) -> list[Path]:
    """The extension files beside ``source`` that Python would import instead of it."""
    stem = source.with_suffix("")
    return [p for s in importlib.machinery.EXTENSION_SUFFIXES if (p := Path(f"{stem}{s}")).exists()]


def _shared_libraries(package: Path) -> list[Path]:
    return sorted(package.glob(GROUP.rsplit(".", 1)[1] + "__mypyc*"))


def compiled(package: Path = PACKAGE) -> list[str]:
    """The modules of :data:`MODULES` that are compiled (their extension is beside them)."""
    return [m for m in MODULES if _extensions(package / m)]


def stale(package: Path = PACKAGE) -> list[str]:
    """The compiled modules whose source is newer than their extension (edited since the build,
    or checked out anew): their extension runs old code."""
    out = []
    for m in MODULES:
        source = package / m
        if any(ext.stat().st_mtime < source.stat().st_mtime for ext in _extensions(source)):
            out.append(m)
    return out


def _built(package: Path) -> list[Path]:
    """Every file of the compiled build in ``package``: the modules' extensions, the library."""
    return [ext for m in MODULES for ext in _extensions(package / m)] + _shared_libraries(package)


def remove(package: Path = PACKAGE) -> list[Path]:
    """Delete the compiled modules and their shared library; the pure-Python ones are used."""
    gone = _built(package)
    for path in gone:
        path.unlink()
    return gone


def _compiler() -> str | None:
    """The C compiler Python's own build used (``CC``) if it is on this machine, else None."""
    cc = shlex.split(sysconfig.get_config_var("CC") or "cc")
    return shutil.which(cc[0]) if cc else None


def build(package: Path = PACKAGE, *, verbose: bool = False) -> list[Path]:
    """Compile :data:`MODULES` with mypyc into ``package`` (in place; replaces an earlier build).

    Raises :class:`NativeUnavailable` where this machine has no C compiler, no Python headers
    or no mypyc (then nothing changes). A failed build leaves no compiled module behind: the
    pure-Python ones stay in use, and the error goes up.
    """
    if _compiler() is None:
        raise NativeUnavailable("no C compiler (the CC Python was built with is not on PATH)")
    headers = Path(sysconfig.get_paths()["include"]) / "Python.h"
    if not headers.is_file():
        raise NativeUnavailable(f"no Python headers ({headers}: a python3-dev package)")
    try:
        from mypyc.build import mypycify
        from setuptools import Distribution  # type: ignore[import-untyped]
    except ImportError as exc:
        raise NativeUnavailable(
            f"{exc.name} is not installed: pip install 'coverage-study[compiled]'"
        ) from exc
    import contextlib
    import io

    remove(package)
    with tempfile.TemporaryDirectory(prefix="coverage-study-native-") as tmp:
        # mypy reads the type configuration of the checkout (pyproject.toml) when there is
        # one; the options here also let an installed package, with none, be compiled
        options = ["--ignore-missing-imports", "--follow-imports=silent", "--cache-dir",
                   str(Path(tmp) / "mypy")]  # fmt: skip
        sources = [f"{package.name}/{m}" for m in MODULES]
        log = io.StringIO()
        try:
            with (
                contextlib.chdir(package.parent),
                contextlib.redirect_stdout(sys.stderr if verbose else log),
            ):
                extensions = mypycify(
                    options + sources, group_name=GROUP, target_dir=str(Path(tmp) / "c")
                )
                # a bare Distribution, so that setuptools does not read the checkout's
                # pyproject.toml (an older setuptools cannot): only the extensions are built
                dist = Distribution({"name": "coverage-study-native", "ext_modules": extensions})
                dist.script_args = ["build_ext", "--inplace", "--build-temp",
                                    str(Path(tmp) / "o")]  # fmt: skip
                dist.parse_command_line()
                dist.run_commands()
        except BaseException:
            remove(package)
            if not verbose:
                sys.stderr.write(log.getvalue())
            raise
    return _built(package)
