"""The parse engine: the rules engine's attributions, with source and content read from a
syntactic parse, plus the cues only the parse finds.

For each article (its headline and body zones parsed by
:func:`~coverage_study.components.attribution.parse_model.parse_zones`):

1. **The rules' rows** (:mod:`~coverage_study.components.attribution.rules`): their cues, quotation
   pairing, media and speakers are kept.
2. **Source and content from the parse.** For each rules cue, its head token (the verb) is
   found in the parse; the source span is the subtree of its subject (``nsubj``; a passive's
   agent; the subject of the verb it hangs from, for ``..., saying``, a conjoined verb or
   ``wants to say``; the object of ``according to``), and the content span the subtree of its
   clausal complement (``ccomp``), widened to the quotation marks it cuts. Where the parse gives
   neither, the rules' span stays. A speaker whose new source span does not overlap the rules'
   one is resolved again on the new mention (the rules' resolution: alias table, pronouns,
   roles).
3. **Cues the parse adds** (:mod:`~coverage_study.components.attribution.parse_cues`): a verb of a
   general-knowledge list with a subject and a clausal or quoted complement (or an object, an
   infinitive or a prepositional complement for the verbs that take one; for a passive, its
   subject, the agent its source: ``the plan was rejected by the council``), a quotation next
   to a verb the parse left without a complement (``“...” The captain sighed.``), ``according
   to X`` where the rules have no cue, ``In a new poll, ...`` (an evidence source opening a
   clause), a noun cue with a source (a possessor, ``her view that``; its ``from`` or ``by``;
   the subject of the verb it is object of, ``X made the argument that``), a stance adjective
   after a copula (``X is confident that``), a colon after a name before a quotation (``the
   pollster Ann Cole: “...”``), where no rules cue overlaps it and it is not inside another
   attribution's content (PolNeAR and PARC mark the outermost attribution only; a sentence's
   root verb is kept where the content's own cue hangs below it in the parse).

Measured on PolNeAR (``benchmarks/attribution_eval.py --engine parse``): see the README's
"Choosing an attribution engine" and ``docs/guide/attribution.md``.
"""

from __future__ import annotations

import unicodedata
from bisect import bisect_right
from typing import TYPE_CHECKING, Any, Protocol

from ...text.spans import nfc_offsets
from .article import _Article, rows_to_original
from .parse_cues import CueFinder, content_of
from .parse_spans import Tokens, source_of
from .speakers import _speaker

if TYPE_CHECKING:
    from spacy.tokens import Doc

    from ..article import Article
    from ..discover import Discovery
    from .lexicons import Verbs


class RulesReader(Protocol):
    """What the parse engine reads of the rules' component
    (:class:`~coverage_study.components.attribution.table.Reader`, not imported: it sits above)."""

    discovery: Discovery | None
    verbs: Verbs

    def _rows(self, article: Article, quoted: list[tuple[int, int]],
              state: list[_Article] | None = None) -> list[dict[str, Any]]: ...  # fmt: skip

    def _found_speakers(self, article: Article, rows: list[dict[str, Any]]) -> None: ...

__all__ = ["ParseReader"]


def _mode(text: str, quoted: list[tuple[int, int]], c0: int, c1: int) -> str:
    """``direct``, ``mixed`` or ``reported``: how much of ``[c0, c1)`` is inside quotations."""
    inside = sum(max(0, min(c1, me) - max(c0, ms)) for ms, me in quoted)
    return "direct" if inside >= c1 - c0 else "mixed" if inside else "reported"


class ParseReader:
    """The parse engine's component: the rules'
    :class:`~coverage_study.components.attribution.table.Reader` ``rules``, its rows refined
    and added to by the parse (see the module docstring); ``reader(article, quoted)`` as the
    rules' reader is called. ``parses``: the articles'
    parsed zones already at hand (``article_id -> one Doc per zone``, as
    :func:`~coverage_study.components.attribution.parse_model.parse_zones` gives them), read
    instead of parsing again."""

    def __init__(self, rules: RulesReader, parses: dict[str, list[Doc]] | None = None,
                 keep: bool = False):  # fmt: skip
        self.rules = rules
        self.parses = parses
        self.cues = CueFinder(rules.verbs)
        self.parsed: dict[str, list[Doc]] | None = {} if keep else None
        """With ``keep``: every article's parsed zones, by article id, to save with the
        annotation (:func:`~coverage_study.components.attribution.parse_model.dump_parses`)."""

    @property
    def discovery(self) -> Discovery | None:
        """The rules reader's actor discovery (speakers named over the corpus)."""
        return self.rules.discovery

    def __call__(self, article: Article, quoted: list[tuple[int, int]]) -> list[dict[str, Any]]:
        """The article's rows: the rules', refined, and the parse's own."""
        rows = self._rows(article, quoted)
        if self.rules.discovery is not None:
            self.rules._found_speakers(article, rows)
        return rows

    def docs(self, article: Article) -> list[Doc]:
        """The article's parsed zones: from :attr:`parses` when they are of its zones' texts,
        else parsed now."""
        kept = self.parses.get(article.article_id) if self.parses is not None else None
        text, zones = article.text, article.zones
        if kept is not None and [d.text for d in kept] == [text[s:e] for _, s, e in zones]:
            return kept
        from .parse_model import parse_zones

        docs = parse_zones(article.text, article.zones)
        if self.parsed is not None:
            self.parsed[article.article_id] = docs
        return docs

    def _rows(self, article: Article, quoted: list[tuple[int, int]]) -> list[dict[str, Any]]:
        if unicodedata.is_normalized("NFC", article.text):
            return self._rows_nfc(article, quoted)
        # the rules read composed letters: the whole engine reads the NFC form of the text, and
        # its offsets are mapped back to the stored text (as the rules' own are)
        text = article.text
        nfc, back, forth = nfc_offsets(text)
        head = article.headline_span
        moved = article._replace(
            text=nfc, headline_span=None if head is None else (forth[head[0]], forth[head[1]]),
            body_spans=tuple((forth[s], forth[e]) for s, e in article.body_spans),
        )  # fmt: skip
        rows = self._rows_nfc(moved, [(forth[s], forth[e]) for s, e in quoted])
        return rows_to_original(rows, text, back)

    def _rows_nfc(self, article: Article, quoted: list[tuple[int, int]]) -> list[dict[str, Any]]:
        """:meth:`_rows` of an article whose text is in NFC."""
        state: list[_Article] = []
        rows = self.rules._rows(article, quoted, state)
        if not state:
            return rows
        docs = self.docs(article)
        zones = article.zones
        tokens = Tokens(docs, [s for _, s, _ in zones])
        art = state[0]
        quoted = sorted(quoted)
        self._refine(article.text, zones, quoted, rows, tokens, art)
        added = self.cues.find(article.text, quoted, rows, tokens)
        for row in added:
            self._resolve(row, zones, art)
            row["article_id"] = article.article_id
        rows = sorted(rows + added, key=_order) if added else rows
        return rows

    def _refine(self, text: str, zones: list[tuple[str, int, int]], quoted: list[tuple[int, int]],
                rows: list[dict[str, Any]], tokens: Tokens, art: _Article) -> None:  # fmt: skip
        """Source and content of the rules' rows read from the parse, where it gives them."""
        for row in rows:
            cs, ce = row["cue_start"], row["cue_end"]
            if cs is None:
                continue
            head = tokens.head_in(cs, ce)
            if head is None:
                continue
            src = source_of(head, tokens, text)
            if src is not None and not (src[0] < ce and cs < src[1]):
                old = (row["speaker_start"], row["speaker_end"])
                row["speaker_start"], row["speaker_end"] = src
                row["speaker_mention"] = text[src[0] : src[1]]
                if old[0] is None or not (old[0] < src[1] and src[0] < old[1]):
                    self._resolve(row, zones, art)
            content = content_of(head, tokens, text, quoted)
            if content is None or content[0] < ce and cs < content[1]:
                content = (row["content_start"], row["content_end"])
                if content[0] >= ce + 5 and str.lower(text[content[0] - 5 : content[0]]) == "that ":
                    content = (content[0] - 5, content[1])  # PolNeAR's content has its "that"
            content = _continued(text, zones, quoted, rows, row, content)
            row["content_start"], row["content_end"] = content
            row["mode"] = _mode(text, quoted, *content)
            row["direct"] = row["mode"] == "direct"

    def _resolve(self, row: dict[str, Any], zones: list[tuple[str, int, int]], art: _Article
                 ) -> None:  # fmt: skip
        """The row's speaker, anonymity and medium from its ``speaker_mention`` as the rules
        resolve a mention (``unknown`` where there is none)."""
        mention, start = row["speaker_mention"], row["speaker_start"]
        if mention is None or start is None:
            row["speaker"], row["anonymous"] = "unknown", False
            return
        para = max(0, bisect_right([s for _, s, _ in zones], start) - 1)
        verbs, media, aliases = art.context
        speaker, anonymous, med = _speaker(mention, start, para, art, verbs, media, aliases)
        row["speaker"], row["anonymous"] = speaker, anonymous
        if med is not None:
            row["via"] = med
        if mention and str.lower(mention.rsplit(None, 1)[-1]) in verbs.evidence_sources:
            row["kind"] = "evidence"


def _continued(text: str, zones: list[tuple[str, int, int]], quoted: list[tuple[int, int]],
               rows: list[dict[str, Any]], row: dict[str, Any], content: tuple[int, int]
               ) -> tuple[int, int]:  # fmt: skip
    """``content`` joined with the quotations that continue it in its paragraph: a content
    that ends with a quotation, its cue after it (``“A,” she said. “B.” “C.”``), runs on to
    each quotation that follows, up to one with a cue of its own or that ends the paragraph."""
    c0, c1 = content
    k = bisect_right(quoted, (c1, 1 << 62)) - 1
    if k < 0 or quoted[k][1] != c1 and quoted[k][1] != c1 + 1:
        return content
    cue_end = row["cue_end"]
    if cue_end is None or cue_end < c1:
        return content
    para_end = next((e for _, s, e in zones if s <= c0 < e), None)
    if para_end is None:
        return content
    cues = sorted(r["cue_start"] for r in rows if r["cue_start"] is not None)
    at = max(cue_end, row["speaker_end"] or 0)
    dot = text.find(".", at, para_end)  # the end of the cue's sentence
    if dot < 0:
        return content
    k += 1
    while k < len(quoted) and quoted[k][1] <= para_end:
        qs, qe = quoted[k]
        if text[dot + 1 : qs].strip():
            break
        # the end of the quotation's sentence: its own final stop, or the next one after it
        nd = qe if text[qe - 2 : qe - 1] in ".!?" else text.find(".", qe, para_end)
        nd = para_end if nd < 0 else nd
        if any(dot < c < nd for c in cues):
            break  # the quotation has a cue of its own ("“B,” he added.")
        c1 = qe
        if text[qe:nd].strip(" .\n"):
            break
        dot, k = nd, k + 1
    return c0, c1


def _order(row: dict[str, Any]) -> tuple[int, int]:
    """Rows in text order: by cue (a cue-less continuation by its content)."""
    at = row["cue_start"] if row["cue_start"] is not None else row["content_start"]
    return int(at), 0 if row["cue_start"] is not None else 1
