"""One row per article with every metric: the table a study analyses and ``metrics`` writes.

:func:`metrics_table` annotates the corpus once (:func:`coverage_study.annotate`: quotations,
attributions, voices, actor mentions, each found once) and joins the per-article summaries of
the tables that read it with the metadata. Column groups:

* metadata: every corpus column except the text and span columns;
* readability (:func:`coverage_study.readability_table`): ``n_words, n_sentences, ...`` and the
  seven indices;
* terms (:func:`coverage_study.term_table`): for each family ``f``: ``n_<f>``,
  ``per_1000_<f>``, ``n_<f>_narrator``, ``n_<f>_direct_quote``, ``n_<f>_indirect``, with the
  word-token denominator ``n_word_tokens``;
* sources (:func:`coverage_study.sources_table`): ``n_quotes, n_quoted_words,
  share_quoted_words, n_attributions, n_speakers, n_named, n_anonymous, n_<cue category>,
  media_cited`` (its ``n_word_tokens`` is the terms' one);
* actors of the alias table (:func:`coverage_study.actor_table` with ``discover=False``: the
  actors found in the text are named over the whole corpus, and a row here depends on its
  article alone; speakers likewise as the alias table and the rules name them):
  ``n_actor_mentions``, ``n_actors`` (distinct)
  and ``actors`` (``actor (n); ...`` by decreasing mentions).

``DataFrame.attrs`` carries the provenance (:func:`coverage_study.origin.origin`): package
version, code sha256 and git revision, attribution engine, and the version and sha256 of the
cleaning rules, reporting verbs, media list, alias table and lexicon. :func:`metrics_file`
writes it into a Parquet file's metadata too (pandas keeps ``attrs`` as JSON under the key
``PANDAS_ATTRS``; ``pandas.read_parquet`` restores them); a CSV file has no place for it.

**Scaling.** Every metric is a function of one article, so a corpus can be cut anywhere:
``metrics_table(corpus, n_jobs=...)`` cuts it into chunks measured on worker processes;
:func:`metrics_file` streams a Parquet or CSV corpus chunk by chunk (memory: a few chunks of
text plus the result table); a ``dask.dataframe.DataFrame`` is measured partition by partition
on a Dask cluster. The only step across articles is the final concatenation of the per-chunk
tables (rows in corpus order), so results are identical to one process. Worker processes
start from a fork server: a script that calls ``metrics_table(..., n_jobs>1)`` needs the usual
``if __name__ == "__main__":`` guard.
"""

from __future__ import annotations

import os
import warnings
from collections.abc import Callable, Iterable, Iterator
from concurrent.futures import Future, ProcessPoolExecutor
from pathlib import Path
from typing import TYPE_CHECKING, Any, TypeAlias

import pandas as pd

from .actors import AliasTable, actor_table, load_aliases
from .corpus import ArticlesWarning, merge_warnings
from .document import AnnotatedCorpus, annotate
from .readability import readability_table
from .sources import sources_table
from .terms import Lexicon, load_lexicon, term_table

if TYPE_CHECKING:
    from .clean import RuleSet

__all__ = ["SPAN_COLUMNS", "metrics_file", "metrics_table"]

SPAN_COLUMNS = ("text", "body", "headline_span", "body_spans", "removed_spans")
"""Corpus columns that hold text or spans, not per-article variables."""

_VOICES = ("narrator", "direct_quote", "indirect")

# cleaning rules: a RuleSet, or where to load one from (None: the packaged rules)
_Rules: TypeAlias = "RuleSet | str | Path | None"
_Chunk = tuple[pd.DataFrame, list[tuple[object, type[Warning]]]]  # a worker's table, warnings


def _terms_wide(terms: pd.DataFrame) -> pd.DataFrame:
    # fast route: a term table by article as term_table makes it (one block of rows per
    # article, the families in the same order in each, distinct string ids) is reshaped
    families = terms["family"].tolist()
    ids = terms["article_id"].tolist()
    order = list(dict.fromkeys(families))
    n_fam = len(order)
    articles = ids[::n_fam] if n_fam else []
    if (
        n_fam
        and len(ids) == n_fam * len(articles)
        and all(type(f) is str for f in order)
        and families == order * len(articles)
        and ids == [a for a in articles for _ in range(n_fam)]
        and all(type(a) is str for a in articles)
        and len(set(articles)) == len(articles)
    ):
        columns = {}
        for j, family in enumerate(order):
            columns[f"n_{family}"] = terms["n"].to_numpy()[j::n_fam]
            columns[f"per_1000_{family}"] = terms["per_1000_words"].to_numpy()[j::n_fam]
            for voice in _VOICES:
                columns[f"n_{family}_{voice}"] = terms[f"n_{voice}"].to_numpy()[j::n_fam]
        index = pd.Index(articles, dtype=terms["article_id"].dtype, name="article_id")
        wide = pd.DataFrame(columns, index=index)
        wide.insert(0, "n_word_tokens", terms["n_words"].to_numpy()[::n_fam])
        return wide
    parts = {}
    for family, t in terms.groupby("family", sort=False):
        t = t.set_index("article_id")
        parts[f"n_{family}"] = t["n"]
        parts[f"per_1000_{family}"] = t["per_1000_words"]
        for voice in _VOICES:
            parts[f"n_{family}_{voice}"] = t[f"n_{voice}"]
    wide = pd.DataFrame(parts)
    n_words = terms.drop_duplicates("article_id").set_index("article_id")["n_words"]
    wide.insert(0, "n_word_tokens", n_words)
    return wide


def _actors_summary(table: pd.DataFrame) -> pd.DataFrame:
    columns = ("article_id", "actor", "n_mentions")
    if all(isinstance(table[c].dtype, pd.StringDtype) for c in columns[:2]) and (
        table["n_mentions"].dtype == "int64"
    ):
        mentioned = table[table["n_mentions"] > 0]
        ids, actors, counts = (mentioned[c].tolist() for c in columns)
        groups: dict[str, list[tuple[int, str]]] = {}
        for article_id, actor, n in zip(ids, actors, counts, strict=True):
            groups.setdefault(article_id, []).append((-n, actor))
        if groups and all(type(a) is str for a in (*groups, *actors)):
            # as below: articles in order, actors by decreasing mentions, then by name
            ids = sorted(groups)
            listed = [sorted(groups[a]) for a in ids]
            return pd.DataFrame(
                {
                    "n_actor_mentions": pd.array([-sum(n for n, _ in g) for g in listed], "int64"),
                    "n_actors": pd.array([len(g) for g in listed], "int64"),
                    "actors": ["; ".join(f"{a} ({-n})" for n, a in g) for g in listed],
                },
                index=pd.Index(ids, dtype=table["article_id"].dtype, name="article_id"),
            )
    t = table[table["n_mentions"] > 0].sort_values(["article_id", "n_mentions", "actor"],
                                                   ascending=[True, False, True])  # fmt: skip
    summary = t.groupby("article_id").agg(
        n_actor_mentions=("n_mentions", "sum"),
        n_actors=("actor", "size"),
        actors=("actor", lambda s: "; ".join(f"{a} ({n})" for a, n in zip(
            s, t.loc[s.index, "n_mentions"], strict=True))),
    )  # fmt: skip
    return summary


def metrics_table(
    corpus: Any,
    lexicon: Lexicon | str | Path | None = None,
    aliases: AliasTable | str | Path | None = None,
    *,
    n_jobs: int | None = 1,
    chunksize: int = 500,
) -> Any:
    """One row per article: metadata, readability, term families by voice, sources, actors.

    Unbalanced quotation marks are not warned about here (``quote_problems`` lists them);
    readability still warns about bodies it cannot score.

    Parameters
    ----------
    corpus : DataFrame or dask DataFrame
        A loaded corpus (:func:`coverage_study.load_corpus`). A ``dask.dataframe.DataFrame``
        is computed partition by partition and a dask DataFrame is returned; its partitions
        may also be raw corpus tables (``article_id, text, outlet, ...`` as in a Parquet
        corpus), which are cleaned on the workers.
    n_jobs : int or None
        Processes for a pandas corpus: 1 (default) computes here; ``None`` or ``-1`` uses every
        core. The articles are cut into chunks of ``chunksize``; every metric is per article,
        so the result is identical to ``n_jobs=1`` (rows in corpus order, same dtypes).
    """
    if _is_dask(corpus):
        return _metrics_dask(corpus, lexicon, aliases)
    if isinstance(corpus, AnnotatedCorpus):
        if lexicon is not None or aliases is not None:
            raise ValueError(
                "metrics_table: an annotated corpus has its lexicon and alias table already "
                "(give them to annotate)"
            )
        if not len(corpus):
            raise ValueError("metrics_table: the corpus has no articles (nothing to measure)")
        return _metrics_one(corpus, corpus.lexicon, corpus.aliases)
    if not len(corpus):
        raise ValueError("metrics_table: the corpus has no articles (nothing to measure)")
    lexicon = load_lexicon(lexicon)
    aliases = aliases if isinstance(aliases, AliasTable) else load_aliases(aliases)
    jobs = _jobs(n_jobs)
    if jobs > 1 and len(corpus) > chunksize:
        chunks = (corpus.iloc[i : i + chunksize] for i in range(0, len(corpus), chunksize))
        results = list(_parallel(_chunk_metrics, ((c,) for c in chunks), jobs, (lexicon, aliases)))
        table = _concat(_unpack(results))
        table.attrs = _provenance(corpus, lexicon, aliases)
        return table
    return _metrics_one(corpus, lexicon, aliases)


def _metrics_one(
    corpus: pd.DataFrame | AnnotatedCorpus, lexicon: Lexicon, aliases: AliasTable
) -> pd.DataFrame:
    # annotated once: every table below reads the same quotations, attributions and voices
    # each article read once by every component (build: the one pass), then the tables
    # without discovery: found actors and speakers are named over the whole corpus, and a
    # metrics row depends on its article alone (chunks, dask partitions give the same rows)
    doc = annotate(corpus, lexicon, aliases, warn=False, discover=False).build()
    given, corpus = doc.source, doc.corpus
    meta = given[[c for c in given.columns if c not in SPAN_COLUMNS]].set_index("article_id")

    read = readability_table(doc).set_index("article_id")
    terms = _terms_wide(term_table(doc))
    sources = sources_table(doc)
    # n_word_tokens: the same count as the terms' denominator (one tokeniser), shown once
    sources = sources.set_index("article_id").drop(columns=["outlet", "n_word_tokens"])
    actors = _actors_summary(actor_table(doc, discover=False))
    table = meta.join([read, terms, sources, actors])
    table[["n_actor_mentions", "n_actors"]] = (
        table[["n_actor_mentions", "n_actors"]].fillna(0).astype("int64")
    )
    table["actors"] = table["actors"].fillna("")
    table = table.reset_index()
    table.attrs = _provenance(corpus, lexicon, aliases)
    return table


def _provenance(corpus: pd.DataFrame, lexicon: Lexicon, aliases: AliasTable) -> dict[str, Any]:
    """:func:`coverage_study.origin.origin`; ``cleaning_rules`` is None for a corpus whose
    ``attrs`` do not say which rules cleaned it (one not read by ``load_corpus``)."""
    from .origin import origin

    rules = corpus.attrs.get("cleaning_rules")
    found = origin(rules or {"version": "", "sha256": ""}, lexicon, aliases)
    if not rules:
        found["cleaning_rules"] = None
    return found


# --- in chunks, on every core --------------------------------------------------------------------
def _jobs(n_jobs: int | None) -> int:
    if hasattr(os, "sched_getaffinity"):
        cores = len(os.sched_getaffinity(0))
    else:
        cores = os.cpu_count() or 1
    return cores if n_jobs is None or n_jobs < 1 else n_jobs


def _chunk_metrics(corpus: pd.DataFrame, lexicon: Lexicon, aliases: AliasTable) -> _Chunk:
    """Worker: the metrics of one chunk, with the warnings it raised (re-raised by the parent)."""
    with warnings.catch_warnings(record=True) as caught:
        warnings.simplefilter("always")
        table = _metrics_one(corpus, lexicon, aliases)
    return table, _caught(caught)


def _caught(caught: list[warnings.WarningMessage]) -> list[tuple[object, type[Warning]]]:
    """A worker's warnings, to re-issue in the parent: a warning about a set of articles as
    itself (merged there with the other chunks'), any other as its text."""
    return [
        (w.message if isinstance(w.message, ArticlesWarning) else str(w.message), w.category)
        for w in caught
    ]


def _raw_chunk_metrics(
    raw: pd.DataFrame, name: str, rules: _Rules, lexicon: Lexicon, aliases: AliasTable
) -> _Chunk:
    """Worker: clean one chunk of a corpus table, then its metrics (warnings returned)."""
    from .clean import RuleSet, load_rules
    from .corpus import _table_corpus

    with warnings.catch_warnings(record=True) as caught:
        warnings.simplefilter("always")
        ruleset = rules if isinstance(rules, RuleSet) else load_rules(rules)
        corpus = _table_corpus(raw, name, ruleset, {})
        table = _metrics_one(corpus, lexicon, aliases)
    return table, _caught(caught)


_SHARED: tuple[Any, ...] = ()  # in a worker process: the arguments every chunk shares (_parallel)


def _set_shared(shared: tuple[Any, ...]) -> None:
    global _SHARED
    _SHARED = shared


def _with_shared(func: Callable[..., _Chunk], *args: Any) -> _Chunk:
    return func(*args, *_SHARED)


def _parallel(func: Callable[..., _Chunk], jobs_args: Iterable[tuple[Any, ...]], n_jobs: int,
              shared: tuple[Any, ...] = ()) -> Iterator[_Chunk]:  # fmt: skip
    """``func(*args, *shared)`` for each args on ``n_jobs`` processes, results in order, at
    most ``2 * n_jobs`` chunks in flight (memory does not grow with the corpus); the workers'
    warnings are re-issued here, in order. ``shared`` (the lexicon, the alias table, the
    cleaning rules) goes to each worker once, when it starts, not with every chunk: unpickling
    them took about 25 ms a chunk, and their memos (alias resolution) now last the whole run."""
    import multiprocessing as mp

    ctx: mp.context.BaseContext
    if "forkserver" in mp.get_all_start_methods():
        ctx = mp.get_context("forkserver")  # not fork: the parent may run threads (pyarrow, dask)
        ctx.set_forkserver_preload(["coverage_study._warm"])
    else:
        ctx = mp.get_context("spawn")
    pool = ProcessPoolExecutor(n_jobs, mp_context=ctx, initializer=_set_shared, initargs=(shared,))
    with pool:
        pending: list[Future[_Chunk]] = []
        for args in jobs_args:
            pending.append(pool.submit(_with_shared, func, *args))
            if len(pending) >= 2 * n_jobs:
                yield _result(pending.pop(0))
        while pending:
            yield _result(pending.pop(0))


def _result(future: Future[_Chunk]) -> _Chunk:
    return future.result()


def _concat(parts: list[pd.DataFrame]) -> pd.DataFrame:
    """Chunks' tables as one, with the dtypes a single run would give."""
    if len(parts) == 1:
        return parts[0]
    table = pd.concat(parts, ignore_index=True)
    for col in table.columns:
        if len({str(p[col].dtype) for p in parts}) > 1 and table[col].dtype == object:
            # e.g. a column all missing in one chunk (object) and text in another (str):
            # infer once over all rows, as the single run does
            table[col] = pd.Series(table[col].tolist(), index=table.index)
    return table


# --- dask ----------------------------------------------------------------------------------------
def _is_dask(obj: object) -> bool:
    return type(obj).__module__.startswith("dask.") and hasattr(obj, "map_partitions")


def _partition_metrics(
    part: pd.DataFrame, lexicon: Lexicon, aliases: AliasTable, rules: _Rules
) -> pd.DataFrame:
    if not len(part):
        return part.iloc[:0]
    if "body_spans" not in part or not isinstance(part["body_spans"].iloc[0], tuple):
        # a raw corpus table, or a loaded one whose span columns dask turned into strings
        # (dataframe.convert-string): clean here; cleaning is deterministic, so same spans
        from .clean import RuleSet, load_rules
        from .corpus import _table_corpus

        derived = ("headline_span", "body_spans", "body", "removed_spans", "dateline", "wire")
        raw, index = part.drop(columns=[c for c in derived if c in part]), part.index
        raw.index = pd.RangeIndex(len(raw))
        ruleset = rules if isinstance(rules, RuleSet) else load_rules(rules)
        part = _table_corpus(raw, "partition", ruleset, {}).set_axis(index)
    table = _metrics_one(part, lexicon, aliases)
    return table.set_axis(part.index)  # the partition's index: divisions stay valid


def _partition_chunk(
    part: pd.DataFrame, lexicon: Lexicon, aliases: AliasTable, rules: _Rules
) -> _Chunk:
    """Dask task: the metrics of one partition, with the warnings it raised (re-issued and
    merged by :func:`_dask_file`, as the process pool's are)."""
    with warnings.catch_warnings(record=True) as caught:
        warnings.simplefilter("always")
        table = _partition_metrics(part, lexicon, aliases, rules)
    return table, _caught(caught)


def _metrics_dask(
    ddf: Any,
    lexicon: Lexicon | str | Path | None,
    aliases: AliasTable | str | Path | None,
    rules: str | Path | None = None,
) -> Any:
    """``metrics_table`` per partition of a dask DataFrame (returns a dask DataFrame).

    The lexicon and the alias table are each one node of the task graph (``dask.delayed``), on
    which every partition's task depends: a worker receives each once and keeps it for all its
    partitions, rather than with every task."""
    from dask.delayed import delayed

    lexicon = load_lexicon(lexicon)
    aliases = aliases if isinstance(aliases, AliasTable) else load_aliases(aliases)
    sample = ddf.head(1, npartitions=-1)
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        meta = _partition_metrics(sample, lexicon, aliases, rules).iloc[:0]
    shared = (delayed(lexicon, pure=True), delayed(aliases, pure=True))
    return ddf.map_partitions(_partition_metrics, *shared, rules, meta=meta)


def _dask_file(
    path: Path,
    lexicon: Lexicon,
    aliases: AliasTable,
    scheduler: str | None,
    n_jobs: int | None,
    chunksize: int,
    rules: _Rules,
) -> pd.DataFrame:
    import math

    from ._extras import require

    dd = require("dask.dataframe", "dask", "engine='dask'")
    distributed = require("distributed", "dask", "engine='dask'")
    Client, LocalCluster = distributed.Client, distributed.LocalCluster

    from .clean import RuleSet, load_rules
    from .corpus import CorpusError, Problem, _check_table_columns, load_corpus

    ruleset = rules if isinstance(rules, RuleSet) else load_rules(rules)
    if path.is_dir():
        ddf = dd.from_pandas(load_corpus(path, ruleset), chunksize=chunksize)
    elif path.suffix.lower() == ".parquet":
        import pyarrow.parquet as pq

        info = pq.ParquetFile(path)
        _check_table_columns(path.name, info.schema_arrow.names)
        ddf = dd.read_parquet(path)
        wanted = max(1, math.ceil(info.metadata.num_rows / chunksize))
        if ddf.npartitions < wanted:
            ddf = ddf.repartition(npartitions=wanted)
    elif path.suffix.lower() == ".csv":
        # one block: quoted texts hold newlines, so a CSV cannot be split at byte offsets
        ddf = dd.read_csv(path, dtype=str, keep_default_na=False, blocksize=None,
                          encoding="utf-8-sig")  # fmt: skip
        _check_table_columns(path.name, list(ddf.columns))
        ddf = ddf.repartition(npartitions=max(1, _jobs(n_jobs)))
    else:
        problem = Problem("error", path.name, "a corpus must be a folder, .parquet or .csv")
        raise CorpusError([problem])
    if scheduler:
        client, cluster = Client(scheduler), None
    else:
        cluster = LocalCluster(n_workers=_jobs(n_jobs), threads_per_worker=1, processes=True,
                               dashboard_address=None)  # fmt: skip
        client = Client(cluster)
    try:
        # one task per partition that returns its table and its warnings (the lazy
        # metrics_table(ddf) leaves a worker's warnings on that worker); the lexicon, the alias
        # table and the cleaning rules are one graph node each
        from dask.base import compute
        from dask.delayed import delayed

        shared = [delayed(x, pure=True) for x in (lexicon, aliases, ruleset)]
        tasks = [delayed(_partition_chunk)(p, *shared) for p in ddf.to_delayed()]
        results = list(compute(*tasks))  # type: ignore[no-untyped-call]
        parts = [t for t in _unpack(results) if len(t)] or [results[0][0]]
        table = _concat([t.reset_index(drop=True) for t in parts]).reset_index(drop=True)
    finally:
        client.close()
        if cluster is not None:
            cluster.close()
    dupes = table["article_id"].value_counts()
    dupes = dupes[dupes > 1]
    if len(dupes):
        raise CorpusError([Problem("error", path.name, f"duplicate article_id '{a}' ({n} rows)")
                           for a, n in dupes.items()])  # fmt: skip
    table.attrs = _provenance(pd.DataFrame(), lexicon, aliases)
    table.attrs["cleaning_rules"] = {"version": ruleset.version, "sha256": ruleset.sha256}
    return table


# --- file in, file out ---------------------------------------------------------------------------
def metrics_file(
    in_path: str | Path,
    out_path: str | Path,
    lexicon: Lexicon | str | Path | None = None,
    aliases: AliasTable | str | Path | None = None,
    engine: str = "pandas",
    scheduler: str | None = None,
    n_jobs: int | None = None,
    chunksize: int = 500,
    rules: _Rules = None,
) -> Path:
    """Read a corpus, compute :func:`metrics_table`, write it (``.parquet`` or ``.csv``).

    ``in_path`` is a corpus folder or a corpus table (``.parquet``/``.csv``, see
    :func:`coverage_study.load_corpus`); a table is streamed in chunks of ``chunksize``
    articles, cleaned and measured on ``n_jobs`` processes (default every core), so memory
    holds a few chunks of text plus the result table. ``engine="dask"`` computes on a Dask
    cluster: the one at ``scheduler`` (an address such as ``tcp://host:8786``) or a local one.
    The output is written to a temporary file next to ``out_path`` and renamed, so a failed run
    leaves no half-written table. A Parquet file carries the table's provenance
    (``attrs``, see the module docstring) in its metadata. Returns ``out_path``.
    """
    in_path, out_path = Path(in_path), Path(out_path)
    suffix = out_path.suffix.lower()
    if suffix not in (".parquet", ".csv"):
        raise ValueError(f"{out_path}: the output must end in .parquet or .csv")
    if engine not in ("pandas", "dask"):
        raise ValueError(f"engine must be 'pandas' or 'dask', not {engine!r}")
    lexicon = load_lexicon(lexicon)
    aliases = aliases if isinstance(aliases, AliasTable) else load_aliases(aliases)
    if engine == "dask":
        table = _dask_file(in_path, lexicon, aliases, scheduler, n_jobs, chunksize, rules)
    elif in_path.is_dir():
        from .corpus import load_corpus

        corpus = load_corpus(in_path, rules)
        table = metrics_table(corpus, lexicon, aliases, n_jobs=n_jobs, chunksize=chunksize)
    else:
        table = _stream_file(in_path, lexicon, aliases, _jobs(n_jobs), chunksize, rules)
    tmp = out_path.with_name(f".{out_path.name}.{os.getpid()}.tmp")
    try:
        if suffix == ".parquet":
            table.to_parquet(tmp, index=False)
        else:
            table.to_csv(tmp, index=False, lineterminator="\n")
        os.replace(tmp, out_path)
    finally:
        tmp.unlink(missing_ok=True)
    return out_path


def _stream_file(
    path: Path, lexicon: Lexicon, aliases: AliasTable, n_jobs: int, chunksize: int, rules: _Rules
) -> pd.DataFrame:
    from .clean import RuleSet, load_rules
    from .corpus import CorpusError, Problem, _iter_raw

    ruleset = rules if isinstance(rules, RuleSet) else load_rules(rules)
    seen: dict[str, int] = {}
    duplicates: list[Problem] = []

    def raws() -> Iterator[tuple[pd.DataFrame, str]]:
        for raw in _iter_raw(path, chunksize):
            for n, aid in zip(raw.index, raw["article_id"], strict=True):
                key = str(aid).strip()
                if key in seen:
                    where = f"on rows {seen[key]}, {n + 1}"
                    duplicates.append(
                        Problem("error", path.name, f"duplicate article_id '{key}' {where}")
                    )
                elif key:
                    seen[key] = n + 1
            if duplicates:
                raise CorpusError(duplicates)
            yield raw, path.name

    shared = (ruleset, lexicon, aliases)
    if n_jobs > 1:
        results = list(_parallel(_raw_chunk_metrics, raws(), n_jobs, shared))
    else:
        results = [_raw_chunk_metrics(raw, name, *shared) for raw, name in raws()]
    parts = _unpack(results)
    if not parts:
        raise CorpusError([Problem("error", path.name, "no articles (no rows)")])
    table = _concat(parts)
    table.attrs = parts[0].attrs
    return table


def _unpack(results: list[_Chunk]) -> list[pd.DataFrame]:
    """The chunks' tables; their warnings re-issued here, in order, those about sets of
    articles merged across chunks (one warning per kind, every article once)."""
    caught = [w for _, chunk_caught in results for w in chunk_caught]
    for message, category in merge_warnings(caught):
        if isinstance(message, Warning):
            warnings.warn(message, stacklevel=4)
        else:
            warnings.warn(str(message), category, stacklevel=4)
    return [table for table, _ in results]
