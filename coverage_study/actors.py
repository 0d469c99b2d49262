"""Who is mentioned: actor mentions found in the text (:mod:`coverage_study.discover`) and with
an alias table (``data/actors.toml``).

Two sources of mentions, told apart by ``found_by``
    * ``found``: the people, organisations and places the corpus names, found without a table
      (names with titles, initials, particles, possessives; merged within an article and
      across the corpus): :mod:`coverage_study.discover` says what is found and how;
    * ``alias table``: the actors of the alias table, by the rules below. The table comes on
      top of what is found: a found name that overlaps a table mention, or that the table
      resolves, is the table's (its spellings, transliterations and dated roles), so the
      table's actors have the same mentions with or without discovery.

What counts as a mention of a table actor
    * a **name** of the actor (full name, spelling, transliteration, acronym) or a **surname**
      the table lists for it: case-sensitive, whole words ("Xi" never matches inside "Xinhua");
    * a **role description** ("the Russian president", "Kremlin spokesman") only where the table
      binds it to an actor, and only in an article published in the role's period (or of
      unknown date); case-insensitive, whole words, matched without its article;
    * only in the **headline** and **body** zones (:func:`coverage_study.zone_spans`): a name in
      a photo caption, teaser or other page furniture does not count.

How mentions are delimited
    * The longest alias wins at a position: "Vladimir Putin" is one mention, not also "Putin".
    * A possessive counts and its span covers only the name: in "Putin’s", ``text`` is "Putin".
    * Aliases of the same actor that follow each other directly (separated only by white
      space, a comma or an opening parenthesis) are ONE mention spanning them all: "Russian
      President Vladimir Putin", "the head of Chinese diplomacy, Wang Yi", "North Atlantic
      Organization (NATO)" (the closing parenthesis is included).
    * White space inside an alias may be any white space (a non-breaking space included), and
      ' and ’ are the same apostrophe.

What the alias table does not count
    Countries, capitals and their metonyms ("China", "Moscow", "the Kremlin"), unbound roles
    ("the president", "a Chinese diplomat", "the alliance"), pronouns. See ``actors.toml``.
    Discovery keeps countries and cities apart as places (``kind`` "place", left out of figure
    6), but finds institutions named as such ("Kremlin", "White House", "Foreign Ministry") as
    organisations (``found_by`` "found"): filter on ``found_by`` to count the table's actors
    only.
"""

from __future__ import annotations

import contextlib
from bisect import bisect_left
from collections.abc import Iterable, Iterator
from datetime import date
from pathlib import Path
from typing import TYPE_CHECKING, Any

import numpy as np
import pandas as pd

from .aliases import KINDS, Actor, AliasTable, Role, _as_date, _table, load_aliases
from .article import Article, articles, unpack
from .corpus import reraise_for

if TYPE_CHECKING:
    from .discover import Discovery

__all__ = [
    "KINDS",
    "Actor",
    "AliasTable",
    "Role",
    "actor_mentions",
    "actor_table",
    "load_aliases",
]

MENTION_COLUMNS = [
    "article_id", "start", "end", "text", "actor", "zone", "via", "kind", "found_by"
]  # fmt: skip
TABLE, FOUND = "alias table", "found"

# ---------------------------------------------------------------------------------------------
# Mentions


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


def article_mentions(article: Article, find: MentionFinder) -> list[tuple[Any, ...]]:
    """One article's rows of :func:`actor_mentions` (a found actor under the article's name
    for it: :func:`mentions_frame` gives the corpus's)."""
    text, article_id = article.text, article.article_id
    return [
        (article_id, start, end, text[start:end], actor, zone, via, kind, found_by)
        for zone, found in find(article)
        for start, end, actor, via, kind, found_by in found
    ]


def mentions_frame(
    rows: list[list[tuple[Any, ...]]], find: MentionFinder | None = None
) -> pd.DataFrame:
    """The :func:`actor_mentions` table of the articles' rows (:func:`article_mentions`):
    each found actor under its canonical name over the corpus ``find`` has read (a single
    word that refers to no actor dropped; :mod:`coverage_study.discover`)."""
    flat = [r for article in rows for r in article]
    discovery = find.discovery if find is not None else None
    if find is not None and discovery is not None:
        canon = discovery.canonical()
        kept = []
        for r in flat:
            if r[8] == FOUND:
                hit = canon.get(r[4])
                # a word that refers to no actor, or a found actor whose name the table
                # resolves (the table's actor: it counts its own mentions, and leaves out on
                # purpose what it did not find, e.g. "Yi" in a glued "PutinWang Yi")
                if hit is None or find.table.resolve(hit[0]) is not None:
                    continue
                r = (*r[:4], hit[0], r[5], r[6], hit[1], r[8])
            kept.append(r)
        flat = kept
    out = pd.DataFrame(flat, columns=MENTION_COLUMNS)
    return out.astype({"start": "int64", "end": "int64"})


def _article_rows(corpus: pd.DataFrame, find: MentionFinder) -> Iterator[list[tuple[Any, ...]]]:
    """:func:`article_mentions` of each article, errors named by article."""
    article_id = None  # named in an internal error
    try:
        for article in articles(corpus):
            article_id = article.article_id
            yield article_mentions(article, find)
    except Exception as exc:
        reraise_for(article_id, "actors", exc)


def _zone_mentions(corpus: pd.DataFrame, table: AliasTable) -> Iterator[tuple[Any, ...]]:
    """``(article_id, text, zone, mentions)`` for each zone with mentions of the table's
    actors; each mention ``[start, end, actor, via, kind, found_by]``."""
    find = MentionFinder(table, discover=False)
    article_id = None  # named in an internal error
    try:
        for article in articles(corpus):
            article_id = article.article_id
            for zone, found in find(article):
                yield article_id, article.text, zone, found
    except Exception as exc:
        reraise_for(article_id, "actors", exc)


class MentionFinder:
    """Finds one article's actor mentions with an alias table and, with ``discover``, the
    actors found in the text (``find(article)``: a list of ``(zone, mentions)`` for each zone
    with mentions, zones as :func:`zone_spans` lists them, each mention ``[start, end, actor,
    via, kind, found_by]``, a found actor under the article's name for it). ``discovery``: the
    :class:`~coverage_study.discover.Discovery` to share with the speakers of the same pass."""

    def __init__(
        self, table: AliasTable, discover: bool = True, discovery: Discovery | None = None
    ):
        from .discover import Discovery

        self.table = table
        self.discovery = (discovery or Discovery()) if discover else None
        self._days: dict[object, date | None] = {}

    def __call__(self, article: Article) -> list[tuple[str, list[list[Any]]]]:
        kinds = self.table.kinds
        rows = [
            (z, [[*m, kinds[m[2]], TABLE] for m in found]) for z, found in self._listed(article)
        ]
        if self.discovery is not None and rows:
            got = self.discovery.article(article.text, article.zones)
            resolve = self.table.resolve
            for (_, mine), (_, names) in zip(rows, got.zones, strict=True):
                # a found name that overlaps a table mention or that the table resolves is
                # the table's (counted by it, or left out by it on purpose)
                extra = [[f.start, f.end, f.actor, "name", f.kind, FOUND] for f in names
                         if not any(f.start < m[1] and m[0] < f.end for m in mine)
                         and resolve(f.name) is None]  # fmt: skip
                if extra:
                    mine.extend(extra)
                    mine.sort(key=lambda m: m[0])
        return [(z, found) for z, found in rows if found]

    def _listed(self, article: Article) -> list[tuple[str, list[list[Any]]]]:
        """The table's mentions ``[start, end, actor, via]`` of each zone of
        ``article.zones`` (an empty list for a zone with none)."""
        # the zones of zone_spans: the headline, then the body paragraphs in order
        zones = article.zones
        if not zones:
            return []
        text, table = article.text, self.table
        key = article.published
        try:
            day = self._days[key]
        except (KeyError, TypeError):  # TypeError: an unhashable value
            day = _as_date(key)
            with contextlib.suppress(TypeError):
                self._days[key] = day
        starts = table._starts
        assert starts is not None
        spans = sorted(z[1:] for z in zones)
        if all(0 <= s0 <= e0 for s0, e0 in spans) and all(
            s1 >= e0 for (_, e0), (s1, _) in zip(spans, spans[1:], strict=False)
        ):
            # zones apart: the candidates of the whole text, read as if cut at each zone's end
            candidates = starts.candidates(text, spans)
        else:
            candidates = None
        find = table._find
        out = []
        for zone, zs, ze in zones:
            if candidates is None:
                chunk = text[zs:ze]
                at = starts.candidates(chunk)
                found = find(chunk, 0, len(chunk), at, day)
                found = [[zs + s, zs + e, actor, via] for s, e, actor, via in found]
            else:
                lo, hi = bisect_left(candidates, zs), bisect_left(candidates, ze)
                found = find(text, zs, ze, candidates[lo:hi], day) if lo < hi else []
            out.append((zone, found))
        return out


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
    return _with_found(corpus, listed, mentions[mentions["found_by"] == FOUND], len(table.actors))


def _listed_table(
    corpus: pd.DataFrame, table: AliasTable, mentions: pd.DataFrame | None
) -> pd.DataFrame:
    """The rows of the table's actors (the whole of :func:`actor_table` without discovery),
    from ``mentions`` (its ``alias table`` rows) or, if None, found anew."""
    if mentions is not None:
        mentions = mentions[mentions["found_by"] == TABLE]
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
