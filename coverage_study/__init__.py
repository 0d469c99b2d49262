"""coverage-study: compare how news outlets cover the same event.

Every span anywhere in the package is given as character offsets into the article's stored
``text`` (``text[start:end]`` is the span), so each number can be traced back to the words.
"""

from importlib.metadata import PackageNotFoundError, version

from .clean import load_rules
from .figures import outlet_order, plot_body_vs_removed, save_figure
from .corpus import (
    CorpusError,
    CorpusWarning,
    check_corpus,
    cleaning_table,
    load_corpus,
    removed_table,
    zone_spans,
)

try:
    __version__ = version("coverage-study")
except PackageNotFoundError:  # pragma: no cover - running from a source tree without install
    __version__ = "0+unknown"

__all__ = [
    "CorpusError",
    "CorpusWarning",
    "__version__",
    "check_corpus",
    "cleaning_table",
    "load_corpus",
    "load_rules",
    "outlet_order",
    "plot_body_vs_removed",
    "removed_table",
    "save_figure",
    "zone_spans",
]
