"""Optional dependencies: what needs an extra says which, in one line."""

from __future__ import annotations

import importlib
from types import ModuleType

__all__ = ["MissingExtra", "require"]


class MissingExtra(ImportError):
    """An optional dependency is not installed; the message names the extra that brings it."""


def require(module: str, extra: str, what: str) -> ModuleType:
    """Import ``module``, or raise :class:`MissingExtra`: "``what`` needs the [``extra``] extra:
    pip install 'coverage-study[extra]' (no module named ...)"."""
    try:
        return importlib.import_module(module)
    except ImportError as exc:
        raise MissingExtra(
            f"{what} needs the [{extra}] extra: pip install 'coverage-study[{extra}]' "
            f"(no module named {exc.name or module!r})"
        ) from exc
