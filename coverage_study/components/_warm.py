"""Imported once by the worker processes' fork server: loads every cached data file.

:func:`coverage_study.tables.metrics.metrics_table` with ``n_jobs > 1`` starts its workers from a
fork server that imports this module first, so each worker begins with the package imported,
the pronouncing dictionary read and the packaged tables parsed (about 5 s per process
otherwise).
"""

from __future__ import annotations

from . import readability
from .attribution import load_media, load_reporting_verbs

readability._cmu()
readability._pyphen()
readability._easy_words()
load_reporting_verbs()
load_media()
