"""Pickling of the frozen dataclasses, written out: their state is their fields, restored past
the frozen ``__setattr__``.

Python pickles a frozen dataclass by its ``__dict__``; the compiled build (mypyc,
:mod:`coverage_study._native`) has no ``__dict__`` and sets each attribute, which a frozen
dataclass refuses. The cleaning rules, the alias table and a lexicon's families go to every
worker process (``n_jobs``, Dask), so each frozen dataclass of a compiled module defines
``__getstate__``/``__setstate__`` with these two, in both builds.
"""

from __future__ import annotations

from dataclasses import fields
from typing import Any


def state(obj: Any) -> dict[str, Any]:
    """The fields of a dataclass instance, by name."""
    return {f.name: getattr(obj, f.name) for f in fields(obj)}


def restore(obj: Any, values: dict[str, Any]) -> None:
    """Set the fields of a (frozen) dataclass instance from :func:`state`."""
    for name, value in values.items():
        object.__setattr__(obj, name, value)
