"""Who is mentioned: actor mentions found in the text (:mod:`coverage_study.components.discover`)
and with an alias table (``data/actors.toml``).

Two sources of mentions, told apart by ``found_by``
    * ``found``: the people, organisations and places the corpus names, found without a table
      (names with titles, initials, particles, possessives; merged within an article and
      across the corpus): :mod:`coverage_study.components.discover` says what is found and how;
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
from collections.abc import Iterator
from datetime import date
from typing import TYPE_CHECKING, Any

import pandas as pd

from ..reading.corpus import reraise_for
from .aliases import KINDS, Actor, AliasTable, Role, _as_date, load_aliases
from .article import Article, articles

if TYPE_CHECKING:
    from .discover import Discovery

__all__ = [
    "KINDS",
    "Actor",
    "AliasTable",
    "MentionFinder",
    "Role",
    "article_mentions",
    "load_aliases",
    "mentions_frame",
]

MENTION_COLUMNS = [
    "article_id", "start", "end", "text", "actor", "zone", "via", "kind", "found_by"
]  # fmt: skip
TABLE, FOUND = "alias table", "found"

# ---------------------------------------------------------------------------------------------
# Mentions


def article_mentions(article: Article, find: MentionFinder) -> list[tuple[Any, ...]]:
    """One article's rows of :func:`~coverage_study.actor_mentions` (a found actor under the
    article's name for it: :func:`mentions_frame` gives the corpus's)."""
    text, article_id = article.text, article.article_id
    return [
        (article_id, start, end, text[start:end], actor, zone, via, kind, found_by)
        for zone, found in find(article)
        for start, end, actor, via, kind, found_by in found
    ]


def mentions_frame(
    rows: list[list[tuple[Any, ...]]], find: MentionFinder | None = None
) -> pd.DataFrame:
    """The :func:`~coverage_study.actor_mentions` table of the articles' rows
    (:func:`article_mentions`): each found actor under its canonical name over the corpus ``find``
    has read (a single word that refers to no actor dropped;
    :mod:`coverage_study.components.discover`)."""
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
    :class:`~coverage_study.components.discover.Discovery` to share with the speakers of the same
    pass."""

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
