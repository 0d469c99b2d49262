"""The hits of each article and family by voice, and each article's word tokens: what
:func:`~coverage_study.tables.terms.term_table` counts, from one scan of the corpus
(:mod:`coverage_study.components.term_scan`), kept for an annotated corpus so that its tables by
article and by outlet scan it once. An annotated corpus that already holds its hits and word
counts (a saved annotation, or one whose pass found them) is not scanned again: its hits layer
is the scan's hits, voiced by its voices, and its words layer counts the same word tokens."""

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

def _held(annotated: Any, name: str) -> bool:
    """Whether ``annotated`` has the layer ``name`` without a pass: found, or saved."""
    saved = getattr(annotated, "_saved", None)
    return name in annotated.__dict__ or (saved is not None and name in saved.kinds)


def _from_layers(
    corpus: pd.DataFrame, annotated: Any, lexicon: Lexicon
) -> tuple[dict[str, int], dict[tuple[str, str], list[int]]]:
    """:func:`voiced_counts` from the annotated corpus's hits and words layers: the hits of the
    pass's scan with this lexicon, voiced as :func:`_ranks` voices them (the pass ranks each hit
    by the same voice spans), and the word count of each article's zones, the scanner's count
    (:func:`~coverage_study.components.term_scan._uncut` says why they are one)."""
    slot = {v: VOICES.index(v) for v in VOICES}
    counts: dict[tuple[str, str], list[int]] = {}
    hits = annotated.hits
    for key in zip(hits["article_id"].tolist(), hits["family"].tolist(), hits["voice"].tolist(),
                   strict=True):  # fmt: skip
        c = counts.get(key[:2])
        if c is None:
            c = counts[key[:2]] = [0, 0, 0]
        c[slot[key[2]]] += 1
    n_words = {counted[0]: counted[1] for counted in annotated.words}
    return n_words, counts


def voiced_counts(
    corpus: pd.DataFrame, annotated: Any, lexicon: Lexicon, voices: Any
) -> tuple[dict[str, int], dict[tuple[str, str], list[int]]]:
    """Each article's word tokens in its zones (``article_id -> n``), and its hits by
    ``(article_id, family)``, counted in :data:`VOICES` order, as :func:`term_table` reads them.

    ``annotated``: the annotated corpus whose own lexicon and voices these are (None for
    others); its counts are kept while it lives and given again to the next call with the same
    corpus table, lexicon and voices objects; read from its layers where it holds them. Do not
    modify what is returned."""
    if annotated is not None:
        kept = _SCANNED.get(annotated)
        if kept is not None and kept[0] is corpus and kept[1] is lexicon and kept[2] is voices:
            return kept[3], kept[4]
    if (annotated is not None and lexicon is annotated.lexicon and corpus is annotated.corpus
            and _held(annotated, "hits") and _held(annotated, "words")):  # fmt: skip
        held = _from_layers(corpus, annotated, lexicon)
        _SCANNED[annotated] = (corpus, lexicon, voices, *held)
        return held
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
