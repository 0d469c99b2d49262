"""The hits of each article and family by voice, and each article's word tokens: what
:func:`~coverage_study.tables.terms.term_table` counts, from one scan of the corpus
(:mod:`coverage_study.components.term_scan`), kept for an annotated corpus so that its tables by
article and by outlet scan it once."""

from __future__ import annotations

import weakref
from typing import Any

import pandas as pd

from ..components.lexicon import Lexicon
from ..components.term_scan import _scan
from ..components.term_voice import _PRECEDENCE, VOICES, _ranks, _voice_index

__all__ = ["voiced_counts"]

# the scan of an annotated corpus with its own lexicon and voices, kept while the corpus lives:
# term_table by outlet and by article (notebook 03) read the same counts, scanned once
_SCANNED: weakref.WeakKeyDictionary[Any, tuple[Any, ...]] = weakref.WeakKeyDictionary()


def voiced_counts(
    corpus: pd.DataFrame, annotated: Any, lexicon: Lexicon, voices: Any
) -> tuple[dict[str, int], dict[tuple[str, str], list[int]]]:
    """Each article's word tokens in its zones (``article_id -> n``), and its hits by
    ``(article_id, family)``, counted in :data:`VOICES` order, as :func:`term_table` reads them.

    ``annotated``: the annotated corpus whose own lexicon and voices these are (None for
    others); its counts are kept while it lives and given again to the next call with the same
    corpus table, lexicon and voices objects. Do not modify what is returned."""
    if annotated is not None:
        kept = _SCANNED.get(annotated)
        if kept is not None and kept[0] is corpus and kept[1] is lexicon and kept[2] is voices:
            return kept[3], kept[4]
    voice_index = _voice_index(corpus, voices)
    n_words: dict[str, int] = {}
    counts: dict[tuple[str, str], list[int]] = {}  # (article, family) -> counts in VOICES order
    slot = {_PRECEDENCE[v]: i for i, v in enumerate(VOICES)}
    for art in _scan(corpus, lexicon):
        n_words[art.article_id] = art.n_words
        if not art.hits:
            continue
        ranks = _ranks(voice_index.get(art.article_id, []), art.hits)
        for (_, _, family, _, _), rank in zip(art.hits, ranks, strict=True):
            key = (art.article_id, family)
            c = counts.get(key)
            if c is None:
                c = counts[key] = [0, 0, 0]
            c[slot[rank]] += 1
    if annotated is not None:
        _SCANNED[annotated] = (corpus, lexicon, voices, n_words, counts)
    return n_words, counts
