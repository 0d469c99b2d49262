"""coverage-study: compare how news outlets cover the same event.

Every span anywhere in the package is given as character offsets into the article's stored
``text`` (``text[start:end]`` is the span), so each number can be traced back to the words.

Nouns build objects (``load_corpus``, ``load_lexicon``, ``load_aliases``); functions ending in
``_table`` return one row per article or group; span functions (``term_hits``, ``quotes``,
``attributions``, ``actor_mentions``, ``removed_table``, ``kwic``) return one row per span with
``article_id, start, end``; ``plot_*`` draw a table; ``save_figure`` writes a figure.
"""

import importlib
from typing import TYPE_CHECKING, Any

from ._version import __version__

# The public names are imported when first used (PEP 562), not with the package: a worker
# process or the command line that needs the metrics does not import matplotlib (figures) or
# scipy (keyness intervals), which took seconds and about 100 MB per process.
_SUBMODULE = {  # public name -> the module that defines it
    "AnnotatedCorpus": "document",
    "annotate": "annotation",
    "AnnotationWarning": "saved_annotation",
    "ArticleError": "reading.corpus",
    "actor_mentions": "tables.actors",
    "actor_table": "tables.actors",
    "AliasTable": "components.aliases",
    "attributions": "components.attribution",
    "check_corpus": "reading.corpus",
    "cite": "provenance",
    "cleaning_table": "reading.corpus",
    "corpus_fingerprint": "provenance",
    "coverage_table": "tables.timeline",
    "CorpusError": "reading.corpus",
    "CorpusWarning": "reading.corpus",
    "contrast_table": "tables.compare",
    "cue_table": "tables.compare",
    "Document": "document",
    "evaluate": "tables.sources",
    "import_pages": "reading.pages",
    "iter_corpus": "reading.corpus",
    "keyness_table": "tables.keyness",
    "kwic": "tables.terms",
    "Lexicon": "components.lexicon",
    "LexiconWarning": "components.lexicon",
    "load_aliases": "components.aliases",
    "load_corpus": "reading.corpus",
    "load_lexicon": "components.lexicon",
    "load_media": "components.attribution",
    "load_reporting_verbs": "components.attribution",
    "load_rules": "reading.clean",
    "media_table": "tables.compare",
    "metrics_file": "tables.metrics",
    "metrics_table": "tables.metrics",
    "outlet_order": "figures",
    "plot_actor_mentions": "figures",
    "plot_body_vs_removed": "figures",
    "plot_coverage_over_time": "figures",
    "plot_cue_stance": "figures",
    "plot_heatmap": "figures",
    "plot_keyness": "figures",
    "plot_media_cited": "figures",
    "plot_rate_heatmap": "figures",
    "plot_readability": "figures",
    "plot_sentence_vs_word_difficulty": "figures",
    "plot_speakers": "figures",
    "plot_term_rates_by_voice": "figures",
    "quote_problems": "components.quotations",
    "quotes": "tables.quotes",
    "readability_counts": "components.readability",
    "readability_table": "tables.readability",
    "removed_table": "reading.corpus",
    "repair_corpus": "reading.corpus",
    "save_figure": "figures",
    "sentence_table": "tables.readability",
    "sources_table": "tables.sources",
    "speaker_table": "tables.compare",
    "term_hits": "tables.terms",
    "term_table": "tables.terms",
    "tokenize": "text.spans",
    "voice_spans": "components.voice",
    "zone_spans": "reading.corpus",
}


def _warn_if_stale() -> None:
    """Warn where a compiled module (``coverage-study compile``) is older than its source."""
    import sys

    if sys.argv[1:2] == ["compile"] and sys.argv[0].endswith("coverage-study"):
        return  # the command that rebuilds them
    from ._native import stale

    old = stale()
    if old:
        import warnings

        warnings.warn(
            f"coverage_study: the compiled {', '.join(old)} are older than their sources and "
            "run the old code: run `coverage-study compile` (or `coverage-study compile "
            "--remove` for pure Python)",
            stacklevel=2,
        )


_warn_if_stale()


def __getattr__(name: str) -> Any:
    module = _SUBMODULE.get(name)
    if module is None:
        raise AttributeError(f"module 'coverage_study' has no attribute {name!r}")
    value = getattr(importlib.import_module(f".{module}", __name__), name)
    globals()[name] = value  # found directly the next time
    return value


def __dir__() -> list[str]:
    return sorted({*globals(), *_SUBMODULE})


if TYPE_CHECKING:  # static checkers and editors see the names where they are defined
    from .annotation import annotate
    from .components.aliases import AliasTable, load_aliases
    from .components.attribution import attributions, load_media, load_reporting_verbs
    from .components.lexicon import Lexicon, LexiconWarning, load_lexicon
    from .components.quotations import quote_problems
    from .components.readability import readability_counts
    from .components.voice import voice_spans
    from .document import AnnotatedCorpus, Document
    from .figures import (
        outlet_order,
        plot_actor_mentions,
        plot_body_vs_removed,
        plot_coverage_over_time,
        plot_cue_stance,
        plot_heatmap,
        plot_keyness,
        plot_media_cited,
        plot_rate_heatmap,
        plot_readability,
        plot_sentence_vs_word_difficulty,
        plot_speakers,
        plot_term_rates_by_voice,
        save_figure,
    )
    from .provenance import cite, corpus_fingerprint
    from .reading.clean import load_rules
    from .reading.corpus import (
        ArticleError,
        CorpusError,
        CorpusWarning,
        check_corpus,
        cleaning_table,
        iter_corpus,
        load_corpus,
        removed_table,
        repair_corpus,
        zone_spans,
    )
    from .reading.pages import import_pages
    from .saved_annotation import AnnotationWarning
    from .tables.actors import actor_mentions, actor_table
    from .tables.compare import contrast_table, cue_table, media_table, speaker_table
    from .tables.keyness import keyness_table
    from .tables.metrics import metrics_file, metrics_table
    from .tables.quotes import quotes
    from .tables.readability import readability_table, sentence_table
    from .tables.sources import evaluate, sources_table
    from .tables.terms import kwic, term_hits, term_table
    from .tables.timeline import coverage_table
    from .text.spans import tokenize


__all__ = [
    "AliasTable",
    "AnnotatedCorpus",
    "AnnotationWarning",
    "ArticleError",
    "CorpusError",
    "CorpusWarning",
    "Document",
    "Lexicon",
    "LexiconWarning",
    "__version__",
    "actor_mentions",
    "actor_table",
    "annotate",
    "attributions",
    "check_corpus",
    "cite",
    "cleaning_table",
    "contrast_table",
    "corpus_fingerprint",
    "coverage_table",
    "cue_table",
    "evaluate",
    "import_pages",
    "keyness_table",
    "iter_corpus",
    "kwic",
    "load_aliases",
    "load_corpus",
    "load_lexicon",
    "load_media",
    "load_reporting_verbs",
    "load_rules",
    "media_table",
    "metrics_file",
    "metrics_table",
    "outlet_order",
    "plot_actor_mentions",
    "plot_body_vs_removed",
    "plot_coverage_over_time",
    "plot_cue_stance",
    "plot_heatmap",
    "plot_keyness",
    "plot_media_cited",
    "plot_rate_heatmap",
    "plot_readability",
    "plot_sentence_vs_word_difficulty",
    "plot_speakers",
    "plot_term_rates_by_voice",
    "quote_problems",
    "quotes",
    "readability_counts",
    "readability_table",
    "removed_table",
    "repair_corpus",
    "save_figure",
    "sentence_table",
    "sources_table",
    "speaker_table",
    "term_hits",
    "term_table",
    "tokenize",
    "voice_spans",
    "zone_spans",
]
