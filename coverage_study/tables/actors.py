"""The actor tables: one row per mention (:func:`actor_mentions`) and the mentions per article
and actor (:func:`actor_table`), views over the mentions that
:class:`~coverage_study.components.actors.MentionFinder` finds (what counts as a mention: see
:mod:`coverage_study.components.actors`)."""

from __future__ import annotations

from collections.abc import Iterable, Iterator
from pathlib import Path

import numpy as np
import pandas as pd

from ..components.actors import (
    FOUND,
    TABLE,
    MentionFinder,
    _article_rows,
    _zone_mentions,
    mentions_frame,
)
from ..components.aliases import AliasTable, _table
from ..components.article import unpack

__all__ = ["actor_mentions", "actor_table"]


def actor_mentions(
    corpus: pd.DataFrame, aliases: AliasTable | str | Path | None = None, discover: bool = True
) -> pd.DataFrame:
    """One row per actor mention in the headline and body zones.

    Parameters
    ----------
    corpus : DataFrame
        From :func:`coverage_study.load_corpus` (uses ``text``, the zones, and ``published``
        for the periods of role descriptions).
    aliases : AliasTable or path, optional
        Default: the packaged ``actors.toml``.
    discover : bool
        Also find the actors the table does not list (default); ``False``: the table's only.

    Returns
    -------
    DataFrame
        ``article_id, start, end, text, actor, zone, via, kind, found_by``: ``text`` is
        ``corpus.text[start:end]``; ``zone`` is ``headline`` or ``body``; ``via`` tells what
        matched: ``name`` (names and surnames), ``role``, or ``name+role`` for a role and name
        of the same actor side by side ("Russian President Vladimir Putin"), one mention;
        ``kind``: ``person``, ``organisation``, ``media`` (table actors), ``place`` or
        ``unknown`` (found names the text says nothing more about); ``found_by``: ``alias
        table`` or ``found``. See the module docstring for what counts.

    ``corpus`` may be an :class:`~coverage_study.document.AnnotatedCorpus`: its mentions
    (found once, with its alias table) are returned, or found anew for another ``aliases``.
    """
    corpus, annotated = unpack(corpus)
    if annotated is not None and aliases is None:
        m = annotated.mentions
        return (m if discover else m[m["found_by"] == TABLE].reset_index(drop=True)).copy()
    find = MentionFinder(_table(aliases), discover)
    return mentions_frame(list(_article_rows(corpus, find)), find)


def actor_table(
    corpus: pd.DataFrame, aliases: AliasTable | str | Path | None = None, discover: bool = True
) -> pd.DataFrame:
    """Mentions per article and actor: one row per ``(article_id, actor)``.

    Returns
    -------
    DataFrame
        ``article_id, actor, kind, n_mentions, n_headline`` (``n_headline``: how many of the
        mentions are in the headline). Every article crossed with every actor of the alias
        table, zeros included, in corpus and table order; then (``discover``, the default) the
        actors found in the text (:mod:`coverage_study.discover`, places too, ``kind``
        ``place``) where an article mentions them, after the table's rows of that article, by
        name. ``corpus`` may be an :class:`~coverage_study.document.AnnotatedCorpus` (its alias
        table is the default).
    """
    corpus, annotated = unpack(corpus)
    own = annotated is not None and aliases is None  # count the annotated mentions
    table = _table(annotated.aliases if own else aliases)  # type: ignore[union-attr]
    mentions: pd.DataFrame | None = None
    if own:
        mentions = annotated.mentions  # type: ignore[union-attr]
    elif discover:
        mentions = actor_mentions(corpus, table, discover=True)
    listed = _listed_table(corpus, table, mentions)
    if not discover or mentions is None:
        return listed
    # the found rows of the columns read (a row filter takes every column it is given)
    found = mentions.loc[(mentions["found_by"] == FOUND).to_numpy(),
                         ["article_id", "actor", "kind", "zone"]]  # fmt: skip
    return _with_found(corpus, listed, found, len(table.actors))


def _listed_table(
    corpus: pd.DataFrame, table: AliasTable, mentions: pd.DataFrame | None
) -> pd.DataFrame:
    """The rows of the table's actors (the whole of :func:`actor_table` without discovery),
    from ``mentions`` (its ``alias table`` rows) or, if None, found anew."""
    if mentions is not None:  # the table's rows, of the columns read below
        mentions = mentions.loc[(mentions["found_by"] == TABLE).to_numpy(),
                                ["article_id", "actor", "zone"]]  # fmt: skip
    ids = corpus["article_id"].tolist()
    if ids and all(type(a) is str for a in ids):
        found: Iterable[tuple[str, str, str]]
        if mentions is not None:
            m = mentions
            found = zip(m["article_id"].tolist(), m["zone"].tolist(), m["actor"].tolist(),
                        strict=True)  # fmt: skip
        else:
            found = _found(corpus, table)
        return _counts_table(table, ids, found)
    if mentions is None:
        mentions = actor_mentions(corpus, table, discover=False)
    grid = pd.MultiIndex.from_product(
        [list(corpus["article_id"]), [a.name for a in table.actors]], names=["article_id", "actor"]
    )
    n = mentions.groupby(["article_id", "actor"]).size()
    n_head = mentions[mentions["zone"] == "headline"].groupby(["article_id", "actor"]).size()
    out = pd.DataFrame(
        {
            "n_mentions": n.reindex(grid, fill_value=0).astype("int64"),
            "n_headline": n_head.reindex(grid, fill_value=0).astype("int64"),
        },
        index=grid,
    ).reset_index()
    out.insert(2, "kind", out["actor"].map(table.kinds))
    return out


def _with_found(
    corpus: pd.DataFrame, listed: pd.DataFrame, found: pd.DataFrame, n_actors: int
) -> pd.DataFrame:
    """``listed`` (``n_actors`` rows per corpus row, in corpus order) with a row per article and
    found actor it mentions, after the table rows of the article's first corpus row, by actor
    name."""
    if found.empty:
        return listed
    head = found["zone"] == "headline"
    counts = (
        found.assign(n_headline=head.astype("int64"))
        .groupby(["article_id", "actor", "kind"], sort=True)
        .agg(n_mentions=("zone", "size"), n_headline=("n_headline", "sum"))
        .reset_index()
        .astype({"n_mentions": "int64", "n_headline": "int64"})
    )
    position = {a: i for i, a in reversed(list(enumerate(corpus["article_id"].tolist())))}
    out = pd.concat([listed, counts], ignore_index=True)
    at = np.concatenate([
        np.arange(len(listed), dtype="int64") // max(n_actors, 1),
        np.array([position[a] for a in counts["article_id"].tolist()], dtype="int64"),
    ])  # fmt: skip
    block = np.repeat(np.array([0, 1]), [len(listed), len(counts)])
    order = np.lexsort((np.arange(len(out)), block, at))
    return out.iloc[order].reset_index(drop=True)


def _found(corpus: pd.DataFrame, table: AliasTable) -> Iterator[tuple[str, str, str]]:
    """``(article_id, zone, actor)`` of every mention."""
    for article_id, _, zone, found in _zone_mentions(corpus, table):
        for _, _, actor, *_ in found:
            yield article_id, zone, actor


def _counts_table(
    table: AliasTable, ids: list[str], found: Iterable[tuple[str, str, str]]
) -> pd.DataFrame:
    """:func:`actor_table` for string article ids, counted in one pass and built from columns
    (the rows, values and dtypes of the groupby and reindex above)."""
    actors = [a.name for a in table.actors]
    n_actors, n_ids = len(actors), len(ids)
    row = {a: i * n_actors for i, a in enumerate(ids)}  # a duplicated id: its last row...
    col = {a: j for j, a in enumerate(actors)}
    # the cell of every mention (and of every headline mention), counted by bincount
    cells: list[int] = []
    head_cells: list[int] = []
    for article_id, zone, actor in found:
        k = row[article_id] + col[actor]
        cells.append(k)
        if zone == "headline":
            head_cells.append(k)
    size = n_ids * n_actors
    n_mentions = np.bincount(np.array(cells, dtype="int64"), minlength=size).astype("int64")
    n_headline = np.bincount(np.array(head_cells, dtype="int64"), minlength=size).astype("int64")
    if len(row) < n_ids:  # ...and every row of an id gets the id's counts
        first = np.array([row[a] for a in ids]).repeat(n_actors) + np.tile(
            np.arange(n_actors), n_ids
        )
        n_mentions, n_headline = n_mentions[first], n_headline[first]
    # string columns as pandas infers them from lists, repeated by index (no list per row)
    by_row, by_col = np.arange(n_ids).repeat(n_actors), np.tile(np.arange(n_actors), n_ids)
    return pd.DataFrame(
        {
            "article_id": pd.Series(ids).array.take(by_row),
            "actor": pd.Series(actors).array.take(by_col),
            "kind": pd.Series([table.kinds[a] for a in actors]).array.take(by_col),
            "n_mentions": n_mentions,
            "n_headline": n_headline,
        }
    )
