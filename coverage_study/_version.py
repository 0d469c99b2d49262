"""The package's version, ``coverage_study.__version__``: one module below every other, so
that a module that records the version (:mod:`coverage_study.origin`,
:mod:`coverage_study.provenance`) reads it from here, not from the package that imports it."""

from importlib.metadata import PackageNotFoundError, version


def _version() -> str:
    """The version in ``pyproject.toml`` (the one place it is set). From a checkout, the file
    itself: an editable install's metadata keeps the version of the last ``pip install -e``,
    so after a bump it would name the old one. Installed: the package metadata."""
    import tomllib
    from pathlib import Path

    pyproject = Path(__file__).resolve().parent.parent / "pyproject.toml"
    try:
        project = tomllib.loads(pyproject.read_text(encoding="utf-8"))["project"]
        if project["name"] == "coverage-study":
            return str(project["version"])
    except (OSError, KeyError, tomllib.TOMLDecodeError):
        pass
    try:
        return version("coverage-study")
    except PackageNotFoundError:  # pragma: no cover - a source tree without install
        return "0+unknown"


__version__ = _version()
