"""The one pass over the articles (:meth:`AnnotatedCorpus.build
<coverage_study.document.AnnotatedCorpus.build>`): every component reads each article in turn,
on this process (:func:`pass_rows`) or, with ``annotate(..., n_jobs=2)`` and a corpus of at least
:data:`CHUNKED_MIN` articles, in chunks on worker processes (:func:`chunked`).

Every layer's rows are a function of one article, except the names of the actors found in the
text (:mod:`coverage_study.components.discover`), which are merged over the whole corpus. So
the corpus is cut into chunks of :data:`CHUNK` articles, in order; a worker process reads each
chunk with :func:`pass_rows`, as one process does, and gives back the rows, what later layers
read of the earlier ones, what its discovery counted and the warnings it caught. The parent
joins the rows in corpus order, merges the counts into one discovery
(:meth:`~coverage_study.components.discover.Discovery.merge`), which then names every actor over
the corpus when the rows become tables, and gives the warnings again in order: the layers and
the warnings equal one process's (``tests/test_document.py``). A worker of the parse engine
loads its model once.
"""

from __future__ import annotations

import warnings
from typing import TYPE_CHECKING, Any

import pandas as pd

from .components.article import articles

if TYPE_CHECKING:
    from .components.aliases import AliasTable
    from .components.discover import Discovery, DiscoveryCounts
    from .components.lexicon import Lexicon

__all__ = ["CHUNK", "CHUNKED_MIN", "chunked", "pass_in_chunks", "pass_rows"]

CHUNKED_MIN = 1000
"""With ``n_jobs`` of 2 or more, the pass runs on worker processes for a corpus of at least this
many articles (below, starting the workers costs more than it saves)."""
CHUNK = 250
"""Articles per chunk a worker reads at a time."""

State = tuple[list[Any], list[Any], list[Any], list[Any]]
"""What later layers read of the earlier ones, one item per article: the outer quotations' mark
spans, the reported contents, the voice spans as ranks, the quotation parts' spans."""
_Chunk = tuple[dict[str, list[Any]], State, "DiscoveryCounts | None", list[dict[str, Any]]]


def pass_rows(
    corpus: pd.DataFrame, todo: list[str], state: State, warn: bool, discover: bool,
    engine: str, lexicon: Lexicon, aliases: AliasTable,
) -> tuple[dict[str, list[Any]], Any, Any]:  # fmt: skip
    """The rows of the layers ``todo`` (in :data:`~coverage_study.document.PASS` order) of
    ``corpus``'s articles, article by article, before they become tables, with the attribution
    and mention components that read them (their discovery has counted every article's
    names). ``state`` (:data:`State`) receives what later layers read of the earlier ones, and
    is read by a later pass that finds the layers after them."""
    from .components.actors import MentionFinder, article_mentions
    from .components.attribution.table import make_reader
    from .components.discover import Discovery
    from .components.quotations import article_parts
    from .components.readability import article_counts
    from .components.term_scan import Scanner
    from .components.term_voice import article_hits, voice_ranks
    from .components.voice import article_voices, reported_spans
    from .components.words import word_counts
    from .reading.corpus import reraise_for

    out: dict[str, list[Any]] = {name: [] for name in todo}
    direct, reported, ranks, part_spans = state
    # one discovery for the speakers and the mentions: each article's names found and counted
    # once, the corpus's names given once
    shared = Discovery() if discover else None
    read = None
    if "attributions" in out:  # the component of the engine (the parse's loads its model)
        read = make_reader(engine, aliases, discover, shared)
    scan = Scanner(lexicon) if "hits" in out else None
    find = MentionFinder(aliases, discover, shared) if "mentions" in out else None
    step, article_id = "reading", None  # named in an internal error
    try:
        for i, article in enumerate(articles(corpus)):
            article_id = article.article_id
            if "quotation_parts" in out:
                step = "quotations"
                parts = article_parts(article, warn=warn)
                out["quotation_parts"].append(parts)
                part_spans.append([(r[3], r[4]) for r in parts])
                direct.append([(r[5], r[6]) for r in parts if r[8] == 0])
            if read is not None:
                step = "attribution"
                rows = read(article, direct[i])
                out["attributions"].append(rows)
                reported.append(reported_spans(rows))
            if "voices" in out:
                step = "voice spans"
                spans = article_voices(direct[i], reported[i])
                out["voices"].append((article_id, spans))
                ranks.append(voice_ranks(spans))
            if scan is not None:
                step = "term families"
                scanned = scan(article_id, article.text, article.headline_span,
                               article.body_spans)  # fmt: skip
                out["hits"].append(article_hits(scanned, ranks[i]))
            if find is not None:
                step = "actors"
                out["mentions"].append(article_mentions(article, find))
            if "counts" in out:
                step = "readability"
                out["counts"].append(article_counts(article_id, article.body))
            if "words" in out:
                step = "word counts"
                counted = word_counts(article.text, article.headline_span, article.body_spans,
                                      direct[i], part_spans[i])  # fmt: skip
                out["words"].append((article_id, *counted))
    except Exception as exc:
        reraise_for(article_id, step, exc)
    return out, read, find


def pass_in_chunks(n_articles: int, n_jobs: int, todo: list[str]) -> bool:
    """Whether a pass of the layers ``todo`` over ``n_articles`` with ``n_jobs`` processes runs
    in chunks on workers: not a later pass that reads an earlier one's per-article state (one
    without the quotations)."""
    return n_jobs >= 2 and n_articles >= CHUNKED_MIN and "quotation_parts" in todo


def chunked(
    corpus: pd.DataFrame, todo: list[str], state: State, n_jobs: int, warn: bool,
    discover: bool, engine: str, lexicon: Lexicon, aliases: AliasTable,
) -> tuple[dict[str, list[Any]], Discovery | None]:  # fmt: skip
    """:func:`pass_rows` of ``corpus`` read in chunks on ``n_jobs`` worker processes: the rows
    of the layers ``todo``, in corpus order, and one discovery that counted every article's
    names (None without ``discover``). ``state`` receives the chunks' per-article state, in
    order. The workers' warnings are given again here, in order."""
    from ._pool import parallel
    from .components.discover import Discovery
    from .saved_annotation import replay

    if "quotation_parts" not in todo:
        # a later pass reads the state of the articles' earlier layers: one process
        raise ValueError("chunked: a pass in chunks starts with the quotations")
    chunks = ((corpus.iloc[i : i + CHUNK],) for i in range(0, len(corpus), CHUNK))
    shared = (todo, warn, discover, engine, lexicon, aliases)
    out: dict[str, list[Any]] = {name: [] for name in todo}
    discovery = Discovery() if discover else None
    for rows, chunk_state, counts, said in parallel(_chunk_pass, chunks, n_jobs, shared):
        for name, layer_rows in rows.items():
            out[name].extend(layer_rows)
        for kept, more in zip(state, chunk_state, strict=True):
            kept.extend(more)
        if discovery is not None and counts is not None:
            discovery.merge(counts)
        replay(said, stacklevel=6)
    return out, discovery


def _chunk_pass(chunk: pd.DataFrame, todo: list[str], warn: bool, discover: bool, engine: str,
                lexicon: Lexicon, aliases: AliasTable) -> _Chunk:  # fmt: skip
    """Worker: one chunk's rows of the layers ``todo``, its per-article state, what its
    discovery counted, and the warnings it caught (as records, given again by the parent)."""
    from .saved_annotation import records

    state: State = ([], [], [], [])
    with warnings.catch_warnings(record=True) as caught:
        warnings.simplefilter("always")
        rows, read, find = pass_rows(chunk, todo, state, warn, discover, engine, lexicon, aliases)
    component = read if read is not None else find
    discovery = component.discovery if component is not None else None
    return rows, state, None if discovery is None else discovery.counts(), records(caught)
