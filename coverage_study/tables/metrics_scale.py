"""The metrics of a large corpus, cut into chunks: worker processes, Dask partitions, and a
corpus table streamed from a file.

Every metric is a function of one article (:mod:`coverage_study.tables.metrics_join`), so a corpus
can be cut anywhere and the chunks' tables concatenated in corpus order: the result equals one
process's. The workers' warnings come back with their tables and are re-issued in the parent,
those about sets of articles merged across chunks (:func:`_unpack`).
"""

from __future__ import annotations

import warnings
from collections.abc import Iterator
from pathlib import Path
from typing import TYPE_CHECKING, Any, TypeAlias

import pandas as pd

from .._pool import cores, parallel
from ..components.actors import AliasTable, load_aliases
from ..reading.corpus import ArticlesWarning, merge_warnings
from .metrics_join import _metrics_one, _provenance
from .terms import Lexicon, load_lexicon

if TYPE_CHECKING:
    from ..reading.clean import RuleSet

__all__: list[str] = []

# cleaning rules: a RuleSet, or where to load one from (None: the packaged rules)
_Rules: TypeAlias = "RuleSet | str | Path | None"
_Chunk = tuple[pd.DataFrame, list[tuple[object, type[Warning]]]]  # a worker's table, warnings


# --- in chunks, on every core --------------------------------------------------------------------
def _chunk_metrics(corpus: pd.DataFrame, lexicon: Lexicon, aliases: AliasTable,
                   engine: str = "rules") -> _Chunk:  # fmt: skip
    """Worker: the metrics of one chunk, with the warnings it raised (re-raised by the parent).
    A worker of the parse engine loads the model once, on its first chunk."""
    with warnings.catch_warnings(record=True) as caught:
        warnings.simplefilter("always")
        table = _metrics_one(corpus, lexicon, aliases, engine)
    return table, _caught(caught)


def _caught(caught: list[warnings.WarningMessage]) -> list[tuple[object, type[Warning]]]:
    """A worker's warnings, to re-issue in the parent: a warning about a set of articles as
    itself (merged there with the other chunks'), any other as its text."""
    return [
        (w.message if isinstance(w.message, ArticlesWarning) else str(w.message), w.category)
        for w in caught
    ]


def _raw_chunk_metrics(
    raw: pd.DataFrame, name: str, rules: _Rules, lexicon: Lexicon, aliases: AliasTable,
    engine: str = "rules",
) -> _Chunk:
    """Worker: clean one chunk of a corpus table, then its metrics (warnings returned)."""
    from ..reading.clean import RuleSet, load_rules
    from ..reading.corpus import _table_corpus

    with warnings.catch_warnings(record=True) as caught:
        warnings.simplefilter("always")
        ruleset = rules if isinstance(rules, RuleSet) else load_rules(rules)
        corpus = _table_corpus(raw, name, ruleset, {})
        table = _metrics_one(corpus, lexicon, aliases, engine)
    return table, _caught(caught)


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
    part: pd.DataFrame, lexicon: Lexicon, aliases: AliasTable, rules: _Rules,
    engine: str = "rules",
) -> pd.DataFrame:
    if not len(part):
        return part.iloc[:0]
    if "body_spans" not in part or not isinstance(part["body_spans"].iloc[0], tuple):
        # a raw corpus table, or a loaded one whose span columns dask turned into strings
        # (dataframe.convert-string): clean here; cleaning is deterministic, so same spans
        from ..reading.clean import RuleSet, load_rules
        from ..reading.corpus import _table_corpus

        derived = ("headline_span", "body_spans", "body", "removed_spans", "dateline", "wire")
        raw, index = part.drop(columns=[c for c in derived if c in part]), part.index
        raw.index = pd.RangeIndex(len(raw))
        ruleset = rules if isinstance(rules, RuleSet) else load_rules(rules)
        part = _table_corpus(raw, "partition", ruleset, {}).set_axis(index)
    table = _metrics_one(part, lexicon, aliases, engine)
    return table.set_axis(part.index)  # the partition's index: divisions stay valid


def _partition_chunk(
    part: pd.DataFrame, lexicon: Lexicon, aliases: AliasTable, rules: _Rules,
    engine: str = "rules",
) -> _Chunk:
    """Dask task: the metrics of one partition, with the warnings it raised (re-issued and
    merged by :func:`_dask_file`, as the process pool's are)."""
    with warnings.catch_warnings(record=True) as caught:
        warnings.simplefilter("always")
        table = _partition_metrics(part, lexicon, aliases, rules, engine)
    return table, _caught(caught)


def _metrics_dask(
    ddf: Any,
    lexicon: Lexicon | str | Path | None,
    aliases: AliasTable | str | Path | None,
    rules: str | Path | None = None,
    engine: str = "rules",
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
        meta = _partition_metrics(sample, lexicon, aliases, rules, engine).iloc[:0]
    shared = (delayed(lexicon, pure=True), delayed(aliases, pure=True))
    return ddf.map_partitions(_partition_metrics, *shared, rules, engine, meta=meta)


def _dask_file(
    path: Path,
    lexicon: Lexicon,
    aliases: AliasTable,
    scheduler: str | None,
    n_jobs: int | None,
    chunksize: int,
    rules: _Rules,
    engine: str = "rules",
) -> pd.DataFrame:
    import math

    from .._extras import require

    dd = require("dask.dataframe", "dask", "engine='dask'")
    distributed = require("distributed", "dask", "engine='dask'")
    Client, LocalCluster = distributed.Client, distributed.LocalCluster

    from ..reading.clean import RuleSet, load_rules
    from ..reading.corpus import CorpusError, Problem, _check_table_columns, load_corpus

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
        ddf = ddf.repartition(npartitions=max(1, cores(n_jobs)))
    else:
        problem = Problem("error", path.name, "a corpus must be a folder, .parquet or .csv")
        raise CorpusError([problem])
    if scheduler:
        client, cluster = Client(scheduler), None
    else:
        cluster = LocalCluster(n_workers=cores(n_jobs), threads_per_worker=1, processes=True,
                               dashboard_address=None)  # fmt: skip
        client = Client(cluster)
    try:
        # one task per partition that returns its table and its warnings (the lazy
        # metrics_table(ddf) leaves a worker's warnings on that worker); the lexicon, the alias
        # table and the cleaning rules are one graph node each
        from dask.base import compute
        from dask.delayed import delayed

        shared = [delayed(x, pure=True) for x in (lexicon, aliases, ruleset)]
        tasks = [delayed(_partition_chunk)(p, *shared, engine) for p in ddf.to_delayed()]
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
    table.attrs = _provenance(pd.DataFrame(), lexicon, aliases, engine)
    table.attrs["cleaning_rules"] = {"version": ruleset.version, "sha256": ruleset.sha256}
    return table


def _stream_file(
    path: Path, lexicon: Lexicon, aliases: AliasTable, n_jobs: int, chunksize: int, rules: _Rules,
    engine: str = "rules",
) -> pd.DataFrame:
    from ..reading.clean import RuleSet, load_rules
    from ..reading.corpus import CorpusError, Problem, _iter_raw

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

    shared = (ruleset, lexicon, aliases, engine)
    if n_jobs > 1:
        results = list(parallel(_raw_chunk_metrics, raws(), n_jobs, shared))
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
