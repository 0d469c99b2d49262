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
from pathlib import Path
from typing import Any

from .._pool import cores, parallel
from ..components.actors import AliasTable, load_aliases
from ..document import AnnotatedCorpus
from .metrics_join import SPAN_COLUMNS, _metrics_one, _provenance
from .metrics_scale import (
    _chunk_metrics,
    _concat,
    _dask_file,
    _is_dask,
    _metrics_dask,
    _Rules,
    _stream_file,
    _unpack,
)
from .terms import Lexicon, load_lexicon

__all__ = ["SPAN_COLUMNS", "metrics_file", "metrics_table"]


def metrics_table(
    corpus: Any,
    lexicon: Lexicon | str | Path | None = None,
    aliases: AliasTable | str | Path | None = None,
    *,
    n_jobs: int | None = 1,
    chunksize: int = 500,
    engine: str = "rules",
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
    engine : str
        The attribution engine (:mod:`coverage_study.components.attribution.engines`):
        ``"rules"`` (the default) or ``"parse"`` (the ``[parse]`` extra; each worker process
        loads the model once). An annotated corpus keeps the engine it was annotated with.
    """
    from ..components.attribution.engines import check_engine

    if check_engine(engine) == "parse":
        from ..components.attribution.parse_model import check_installed

        check_installed()  # before any worker starts: a missing extra is one line here
    if _is_dask(corpus):
        return _metrics_dask(corpus, lexicon, aliases, engine=engine)
    if isinstance(corpus, AnnotatedCorpus):
        if lexicon is not None or aliases is not None:
            raise ValueError(
                "metrics_table: an annotated corpus has its lexicon and alias table already "
                "(give them to annotate)"
            )
        if not len(corpus):
            raise ValueError("metrics_table: the corpus has no articles (nothing to measure)")
        if engine != "rules" and engine != corpus.engine:
            raise ValueError(
                f"metrics_table: the corpus was annotated with engine={corpus.engine!r}, not "
                f"{engine!r} (annotate(corpus, engine=...) anew)"
            )
        return _metrics_one(corpus, corpus.lexicon, corpus.aliases, corpus.engine)
    if not len(corpus):
        raise ValueError("metrics_table: the corpus has no articles (nothing to measure)")
    lexicon = load_lexicon(lexicon)
    aliases = aliases if isinstance(aliases, AliasTable) else load_aliases(aliases)
    jobs = cores(n_jobs)
    if jobs > 1 and len(corpus) > chunksize:
        chunks = (corpus.iloc[i : i + chunksize] for i in range(0, len(corpus), chunksize))
        shared = (lexicon, aliases, engine)
        results = list(parallel(_chunk_metrics, ((c,) for c in chunks), jobs, shared))
        table = _concat(_unpack(results))
        table.attrs = _provenance(corpus, lexicon, aliases, engine)
        return table
    return _metrics_one(corpus, lexicon, aliases, engine)


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
    attribution_engine: str = "rules",
) -> Path:
    """Read a corpus, compute :func:`metrics_table`, write it (``.parquet`` or ``.csv``).

    ``in_path`` is a corpus folder or a corpus table (``.parquet``/``.csv``, see
    :func:`coverage_study.load_corpus`); a table is streamed in chunks of ``chunksize``
    articles, cleaned and measured on ``n_jobs`` processes (default every core), so memory
    holds a few chunks of text plus the result table. ``engine="dask"`` computes on a Dask
    cluster: the one at ``scheduler`` (an address such as ``tcp://host:8786``) or a local one.
    The output is written to a temporary file next to ``out_path`` and renamed, so a failed run
    leaves no half-written table. A Parquet file carries the table's provenance
    (``attrs``, see the module docstring) in its metadata. ``attribution_engine`` is
    :func:`metrics_table`'s ``engine`` (``"rules"`` or ``"parse"``; ``engine`` here says how
    the work is spread, as before). Returns ``out_path``.
    """
    from ..components.attribution.engines import check_engine

    if check_engine(attribution_engine) == "parse":
        from ..components.attribution.parse_model import check_installed

        check_installed()
    in_path, out_path = Path(in_path), Path(out_path)
    suffix = out_path.suffix.lower()
    if suffix not in (".parquet", ".csv"):
        raise ValueError(f"{out_path}: the output must end in .parquet or .csv")
    if engine not in ("pandas", "dask"):
        raise ValueError(f"engine must be 'pandas' or 'dask', not {engine!r}")
    lexicon = load_lexicon(lexicon)
    aliases = aliases if isinstance(aliases, AliasTable) else load_aliases(aliases)
    if engine == "dask":
        table = _dask_file(in_path, lexicon, aliases, scheduler, n_jobs, chunksize, rules,
                           attribution_engine)  # fmt: skip
    elif in_path.is_dir():
        from ..reading.corpus import load_corpus

        corpus = load_corpus(in_path, rules)
        table = metrics_table(corpus, lexicon, aliases, n_jobs=n_jobs, chunksize=chunksize,
                              engine=attribution_engine)  # fmt: skip
    else:
        table = _stream_file(in_path, lexicon, aliases, cores(n_jobs), chunksize, rules,
                             attribution_engine)  # fmt: skip
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
