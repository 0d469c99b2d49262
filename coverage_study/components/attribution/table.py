"""The public functions: :func:`attributions` (one row per attribution) and
:func:`attach_to_quotes`."""

from __future__ import annotations

import unicodedata
from pathlib import Path
from typing import TYPE_CHECKING, Any

import pandas as pd

from ...reading.corpus import reraise_for
from ...text.spans import nfc_offsets
from ..article import Article, articles, unpack
from ..quotations import quotation_parts
from .article import rows_to_original
from .lexicons import _aliases, _Dated, load_media, load_reporting_verbs
from .rules import _article_rows

if TYPE_CHECKING:
    from spacy.tokens import Doc

    from ..aliases import AliasTable
    from ..discover import Discovery
    from .article import _Article
    from .lexicons import Media, Verbs
    from .parse_engine import ParseReader

ATTRIBUTION_COLUMNS = [
    "article_id", "speaker", "speaker_mention", "speaker_start", "speaker_end", "cue",
    "cue_start", "cue_end", "cue_category", "content_start", "content_end", "direct", "mode",
    "anonymous", "via", "kind",
]  # fmt: skip
AS_WRITTEN = "_speaker_as_written"
"""The column of an annotated corpus's attributions layer (with discovery) that keeps each
speaker as the rules and the alias table name it, before it is named over the corpus: what
``metrics_table`` counts, whose rows depend on their article alone. Not in :func:`attributions`."""


def _rows_on_nfc(
    article_id: str,
    text: str,
    zones: list[tuple[str, int, int]],
    quoted: list[tuple[int, int]],
    verbs: Verbs,
    media: Media,
    dated: _Dated,
) -> list[dict[str, Any]]:
    """:func:`_article_rows` on the NFC form of ``text``, offsets and strings of the stored text."""
    nfc, back, forth = nfc_offsets(text)
    rows = _article_rows(
        article_id, nfc, [(z, forth[s], forth[e]) for z, s, e in zones],
        [(forth[s], forth[e]) for s, e in quoted], verbs, media, dated,
    )  # fmt: skip
    return rows_to_original(rows, text, back)


def attributions(
    corpus: pd.DataFrame,
    *,
    quotes_table: pd.DataFrame | None = None,
    warn: bool = True,
    aliases: AliasTable | str | Path | None = None,
    engine: str | None = None,
) -> pd.DataFrame:
    """One row per attribution (direct, mixed or reported) in the headline and body zones.

    Returns
    -------
    DataFrame
        ``article_id, speaker, speaker_mention, speaker_start, speaker_end, cue, cue_start,
        cue_end, cue_category, content_start, content_end, direct, mode, anonymous, via, kind``.
        Offsets into ``text``; ``speaker_start/end`` missing where the speaker carries over from
        another sentence (a continuing quotation paragraph, a cue with no subject in its
        sentence); a participle clause has its clause's source span. ``cue*`` missing for a
        continuing quotation paragraph. ``mode``: ``direct`` (the content is all inside quotation
        marks), ``mixed`` (partly), ``reported`` (no marks); ``direct`` is ``mode == 'direct'``.
        ``cue_category`` is a category of ``data/reporting_verbs.toml`` (neutral, distancing,
        endorsing, directive), missing for a cue with none (``[uncategorised]``, a colon, a
        dash). ``kind``: ``speech``, ``thought`` (belief, intention, wish) or ``evidence``
        (findings of a poll, study, report). ``speaker`` is a canonical actor, a medium, a name
        as written, or ``unknown``.

    ``aliases``: the alias table that resolves speakers (an ``AliasTable`` or a path; default
    the packaged one), as in :func:`coverage_study.actor_table`.

    ``engine``: ``"rules"`` (the default: regular expressions, no model) or ``"parse"`` (the
    rules' cues with source and content read from a spaCy parse, plus the cues only the parse
    finds; needs the ``[parse]`` extra): :mod:`~coverage_study.components.attribution.engines`.
    Both give these columns. None: an annotated corpus's own engine, else ``"rules"``.

    ``corpus`` may be an :class:`~coverage_study.document.AnnotatedCorpus`: its attributions
    (found once, with its alias table and engine) are returned.
    """
    from .engines import check_engine

    corpus, annotated = unpack(corpus)
    if annotated is not None:
        used = getattr(annotated, "engine", "rules")
        if engine is not None and check_engine(engine) != used:
            raise ValueError(
                f"attributions: the corpus was annotated with engine={used!r}, not {engine!r} "
                "(annotate(corpus, engine=...) anew)"
            )
        if quotes_table is not None or aliases is not None:
            raise ValueError(
                "attributions: an annotated corpus has its quotations and alias table already "
                "(give annotate(corpus, aliases=...) instead)"
            )
        return annotated.attributions.copy()

    reader = make_reader(engine or "rules", aliases)
    q = quotation_parts(corpus, quotes_table, warn=warn)
    by_article: dict[str, list[tuple[int, int]]] = {}
    d0 = q[q["depth"] == 0]
    for aid, ms, me in zip(d0["article_id"], d0["mark_start"], d0["mark_end"], strict=True):
        by_article.setdefault(aid, []).append((int(ms), int(me)))
    rows: list[list[dict[str, Any]]] = []
    article_id = None  # named in an internal error
    try:
        for article in articles(corpus):
            article_id = article.article_id
            rows.append(reader(article, by_article.get(article_id, [])))
    except Exception as exc:
        reraise_for(article_id, "attribution", exc)
    return attributions_frame(rows, reader)


class Reader:
    """Reads one article's attributions (``reader(article, quoted)``) with the reporting verbs,
    media and alias table loaded once (``aliases`` as for :func:`attributions`).

    With ``discover`` (the default) a speaker the alias table and the media do not know is
    mapped to the actor found in the article's text (:mod:`coverage_study.components.discover`),
    named as :func:`~coverage_study.actor_mentions` names it over the corpus
    (:func:`attributions_frame`): "PMDonald Trump", "Neither Donald J. Trump" and a headline
    "Trump Says He Never Pledged ..." are all "Donald Trump"."""

    def __init__(
        self,
        aliases: AliasTable | str | Path | None = None,
        discover: bool = True,
        discovery: Discovery | None = None,
    ):
        from ..discover import Discovery

        self.discovery = (discovery or Discovery()) if discover else None
        self.verbs, self.media = load_reporting_verbs(), load_media()
        if aliases is None:
            self.aliases = _aliases()
        else:
            from ..actors import AliasTable, load_aliases

            self.aliases = aliases if isinstance(aliases, AliasTable) else load_aliases(aliases)
        self._dated_on: dict[object, _Dated] = {}
        self._known: set[str] | None = None

    def __call__(self, article: Article, quoted: list[tuple[int, int]]) -> list[dict[str, Any]]:
        """The article's rows of :func:`attributions`: ``quoted`` is its outer quotations'
        ``(mark_start, mark_end)`` (depth 0, in order)."""
        rows = self._rows(article, quoted)
        if self.discovery is not None:
            self._found_speakers(article, rows)
        return rows

    def _rows(self, article: Article, quoted: list[tuple[int, int]],
              state: list[_Article] | None = None) -> list[dict[str, Any]]:  # fmt: skip
        """The rules' rows of the article; ``state`` receives the rules' reading of it (not for
        an article that is not in NFC: the rules read its NFC form)."""
        day = article.published
        key = None if pd.isna(day) else day
        dated = self._dated_on.get(key)
        if dated is None:
            dated = self._dated_on[key] = _Dated(
                self.aliases, None if key is None else pd.Timestamp(key).date()
            )
        text, zones = article.text, article.zones
        if unicodedata.is_normalized("NFC", text):
            return _article_rows(
                article.article_id, text, zones, quoted, self.verbs, self.media, dated, state
            )
        # the rules read composed letters; offsets are mapped back to the stored text
        return _rows_on_nfc(article.article_id, text, zones, quoted, self.verbs, self.media, dated)

    def _found_speakers(self, article: Article, rows: list[dict[str, Any]]) -> None:
        """Each row's speakers that are neither table actors, media nor ``unknown``, with the
        article's key of the actor found for each (``_keys``: ``(speaker, key or None)``; the
        corpus's name for it is given by :func:`attributions_frame`)."""
        assert self.discovery is not None
        got = self.discovery.article(article.text, article.zones)
        known = self._known
        if known is None:
            known = self._known = {*self.aliases.kinds, *self.media.by_alias.values(), "unknown"}
        for row in rows:
            speaker = row.get("speaker")
            if not isinstance(speaker, str) or speaker in known:
                continue
            parts = speaker.split("; ")
            keys = [[] if p in known else self.discovery.speaker(got, p) for p in parts]
            mention = row.get("speaker_mention")
            if len(parts) == 1 and not keys[0] and isinstance(mention, str):
                # no name in what the rules kept ("What Mr"): the names of the source span
                keys = [self.discovery.speaker(got, mention)]
            if any(keys):
                row["_keys"] = list(zip(parts, keys, strict=True))


def make_reader(
    engine: str = "rules",
    aliases: AliasTable | str | Path | None = None,
    discover: bool = True,
    discovery: Discovery | None = None,
    parses: dict[str, list[Doc]] | None = None,
) -> Reader | ParseReader:
    """The per-article attribution component of ``engine``
    (:mod:`~coverage_study.components.attribution.engines`). For ``"parse"`` the model is
    loaded here (once per process), so that a missing ``[parse]`` extra is reported before the first
    article is read; ``parses``: parsed zones at hand (``ParseReader``)."""
    from .engines import check_engine

    reader = Reader(aliases, discover, discovery)
    if check_engine(engine) == "rules":
        return reader
    from .parse_engine import ParseReader
    from .parse_model import load_model

    load_model()
    return ParseReader(reader, parses)


def attributions_frame(
    rows: list[list[dict[str, Any]]], reader: Reader | ParseReader | None = None,
    as_written: bool = False,
) -> pd.DataFrame:  # fmt: skip
    """The :func:`attributions` table of the articles' rows (a :class:`Reader`'s): a speaker
    mapped to a found actor is named as :func:`~coverage_study.actor_mentions` names it over
    every article ``reader`` has read (a speaker whose name refers to no actor stays as the
    rules wrote it). With ``as_written`` (an annotated corpus's layer) and discovery, the name
    as the rules wrote it is kept too, in the column :data:`AS_WRITTEN`."""
    flat = [r for article in rows for r in article]
    discovery = reader.discovery if reader is not None else None
    columns = ATTRIBUTION_COLUMNS
    if discovery is not None:
        canon = discovery.canonical()
        for r in flat:
            if as_written:
                r[AS_WRITTEN] = r["speaker"]
            keys = r.get("_keys")
            if keys:
                names = [next((canon[k][0] for k in ks if k in canon and canon[k][1] != "place"),
                              p) for p, ks in keys]  # fmt: skip
                r["speaker"] = "; ".join(dict.fromkeys(names))
        if as_written:
            columns = [*ATTRIBUTION_COLUMNS, AS_WRITTEN]
    table = pd.DataFrame(flat, columns=columns)
    offsets = ("speaker_start", "speaker_end", "cue_start", "cue_end", "content_start",
               "content_end")  # fmt: skip
    for c in offsets:
        table[c] = table[c].astype("Int64")
    table["direct"] = table["direct"].astype(bool)
    table["anonymous"] = table["anonymous"].astype(bool)
    return table


def attach_to_quotes(
    corpus: pd.DataFrame, table: pd.DataFrame, *, attributions_table: pd.DataFrame | None = None,
    engine: str | None = None,
) -> pd.DataFrame:
    """Fill ``speaker``, ``cue``, ``via`` of a quotes table from the attribution whose content
    contains the quotation (the first such row of :func:`attributions` with ``engine``, or of
    ``attributions_table`` if given; None where none does)."""
    att = (
        attributions_table
        if attributions_table is not None
        else attributions(corpus, quotes_table=table, warn=False, engine=engine)
    )
    by_article: dict[object, list[tuple[Any, ...]]] = {}
    for row in zip(*(att[c].tolist() for c in ("article_id", "content_start", "content_end",
                                               "speaker", "cue", "via")), strict=True):  # fmt: skip
        if not (pd.isna(row[1]) or pd.isna(row[2])):
            by_article.setdefault(row[0], []).append(row[1:])
    filled: dict[str, list[Any]] = {"speaker": [], "cue": [], "via": []}
    for article_id, ms, me, *old in zip(
        *(table[c].tolist() for c in ("article_id", "mark_start", "mark_end", "speaker", "cue",
                                      "via")), strict=True):  # fmt: skip
        hit = next((a for a in by_article.get(article_id, ()) if a[0] <= ms and a[1] >= me), None)
        values = old if hit is None else hit[2:]
        for column, value in zip(("speaker", "cue", "via"), values, strict=True):
            filled[column].append(value)
    table = table.copy()
    for column, values in filled.items():
        table[column] = pd.Series(values, index=table.index, dtype=object)
    return table
