"""Direct quotations: the words between quotation marks, one row per quotation.

What counts
-----------
A **quotation** is a pair of matching quotation marks inside one zone span (the headline, or one
body paragraph), and the text between them. The marks recognised, by family:

* double: curly ``“ ”``, straight ``"``, low-high ``„ “`` (German) and ``‟``, and the
  typewriter pairs of wire and NYT copy: two apostrophes ``''`` (opening and closing, read as a
  straight ``"``) and two backticks opening (`````` ... ''``);
* guillemets: ``« »`` (and the Danish/German ``» «`` order);
* single: curly ``‘ ’``, straight ``'`` and low ``‚``, only where they work as quotation marks;
* single guillemets ``‹ ›``.

A closing mark closes the nearest open mark *of its family*, so ``“he said ‘no’ today”`` gives
an outer quotation and a nested one (``depth`` 1). Within a family the glyphs mix freely
(``“word"`` pairs), because machine-processed copy often mixes them.

What does not count
-------------------
* **Apostrophes.** A single mark between two letters or digits (``Russia’s``, ``don't``,
  ``That's``) is an apostrophe. ``’`` or ``'`` that does not close an open single quotation
  (``countries’ interests``, ``’90s``) is an apostrophe too. A straight ``'`` opens a quotation
  only where it stands at a word's start (after space, punctuation or an opening mark).
* **Marks outside the zones** (photo captions, teasers, furniture removed by cleaning).
* **Unbalanced marks.** A closing mark with no open mark of its family, or an opening mark
  still open at the end of its paragraph (and not continued, see below), is reported as a
  :class:`~coverage_study.reading.corpus.CorpusWarning` naming the article and the character
  position, and otherwise ignored; the balanced quotations around it are still found. A straight
  ``'`` left open is taken as an elision (``'em``) without a warning. (textacy raises on an odd
  number of marks; this module never raises on text.)

Across paragraphs
-----------------
Newspapers open each paragraph of a long quotation with a mark and close only the last one. So a
quotation left open at the end of a body paragraph *continues* if, and only if, the next body
paragraph opens with a mark of the same family. Each paragraph's part is its own row (offsets
never leave a paragraph); the parts share a ``quote_id``. Headlines never continue into the body.

Offsets
-------
``start, end`` is the *content*: the characters inside the marks, trimmed of white space, so
``text[start:end]`` is what was quoted. ``mark_start, mark_end`` includes the marks (where a part
of a multi-paragraph quotation has no closing mark, ``mark_end`` is the paragraph's end).

``kind``
--------
``full``: the quotation is a whole sentence or utterance of its own: it opens its paragraph, or
follows sentence-final punctuation or a colon (or a comma, if it starts with a capital), and it
ends with punctuation inside the marks or is followed by punctuation or the paragraph end
(``“We need ...,” Wang said``). ``partial``: a fragment embedded in the narrator's sentence
(``as a “genuine desire of ...”``, ``stressed that “cooperation ...”``); scare quotes and titles
(``a “normal” trade relationship``) are partial too. Whether a partial quotation is someone's
words is for :mod:`coverage_study.components.attribution` (its ``speaker``);
:func:`coverage_study.quotes` returns this module's table with the speaker filled in.

The marks of one text are paired by :mod:`coverage_study.text.quote_marks`; this module reads a
corpus with it and builds the tables.
"""

from __future__ import annotations

import warnings
from collections.abc import Iterable
from typing import TYPE_CHECKING, Any

import pandas as pd

from ..reading.corpus import CorpusWarning, reraise_for
from ..text.quote_marks import Quotation, QuoteProblem, _find, find_quotations

if TYPE_CHECKING:
    from .article import Article

__all__ = [
    "QUOTE_COLUMNS",
    "QuoteProblem",
    "Quotation",
    "find_quotations",
    "quotation_parts",
    "quote_problems",
    "unattributed_quotes",
]

QUOTE_COLUMNS = [
    "article_id",
    "quote_id",
    "zone",
    "start",
    "end",
    "mark_start",
    "mark_end",
    "text",
    "depth",
    "kind",
    "speaker",
    "cue",
    "via",
]


def _zones(corpus: pd.DataFrame) -> Iterable[tuple[str, str, str, list[tuple[int, int]]]]:
    columns = ("article_id", "text", "headline_span", "body_spans")
    for article_id, text, headline_span, body_spans in zip(
        *(corpus[c].tolist() for c in columns), strict=True
    ):
        if headline_span is not None:
            yield article_id, text, "headline", [tuple(headline_span)]
        yield article_id, text, "body", [tuple(s) for s in body_spans]


_UNBALANCED = ": unbalanced quotation mark "  # after the article id, in article_parts' warning


def _problem_articles(corpus: pd.DataFrame, annotated: Any) -> pd.DataFrame:
    """The articles of ``corpus`` that the annotation's quotation warnings name (those of its
    pass, kept or read from a saved annotation): the only ones with a problem, since the pass
    warned of each. All of ``corpus`` where the annotation kept none or names an article the
    corpus lacks."""
    said = None if annotated is None else annotated.__dict__.get("_quotation_warnings")
    if said is None:
        return corpus
    named: set[str] = set()
    for record in said:
        article_id, found, _ = str(record["message"]).partition(_UNBALANCED)
        if not found:
            return corpus
        named.add(article_id)
    keep = corpus["article_id"].astype(str).isin(named)
    if int(keep.sum()) < len(named):
        return corpus
    return corpus[keep]


def quote_problems(corpus: Any) -> pd.DataFrame:
    """One row per unbalanced quotation mark: ``article_id, start, end, text, mark, message,
    context``.

    The same problems :func:`quotes` warns about, as a table (``text[start:end]`` is the mark),
    so a notebook or ``validate`` can show them once and then call the metrics with
    ``warn=False``. ``corpus`` may be an :class:`~coverage_study.document.AnnotatedCorpus`
    (the same table): where its pass kept its quotation warnings (a saved annotation, or
    ``annotate(..., cache=)``), only the articles they name are read again.
    """
    from .article import unpack

    table, annotated = unpack(corpus)
    corpus = _problem_articles(table, annotated)
    records = []
    article_id = None  # named in an internal error
    try:
        for article_id, text, zone, spans in _zones(corpus):
            for p in _find(text, spans, 0)[1]:
                records.append(
                    {
                        "article_id": article_id,
                        "start": p.position,
                        "end": p.position + len(p.mark),
                        "zone": zone,
                        "mark": p.mark,
                        "message": p.message,
                        "context": text[max(0, p.position - 30) : p.position + 30],
                    }
                )
    except Exception as exc:
        reraise_for(article_id, "quotations", exc)
    columns = ["article_id", "start", "end", "zone", "mark", "message", "context"]
    return pd.DataFrame(records, columns=columns)


def quotation_parts(
    corpus: pd.DataFrame, quotes_table: pd.DataFrame | None, *, warn: bool = True
) -> pd.DataFrame:
    """The per-paragraph quotations that attribution, voices and sources read: ``quotes_table``
    if given (an :func:`unattributed_quotes` table of this corpus), else computed. A
    :func:`coverage_study.quotes` table is refused where it has joined a quotation's
    paragraphs into one row (its spans would cross the paragraph break)."""
    if quotes_table is None:
        return unattributed_quotes(corpus, warn=warn)
    if "n_parts" in quotes_table and (quotes_table["n_parts"] > 1).any():
        raise ValueError(
            "quotes_table: give unattributed_quotes(corpus) (one row per paragraph), not "
            "quotes(corpus), whose quotations over several paragraphs are one row each"
        )
    return quotes_table


def unattributed_quotes(corpus: pd.DataFrame, *, warn: bool = True) -> pd.DataFrame:
    """The quotes table of :func:`coverage_study.quotes` with ``speaker, cue, via`` left None:
    the quotation marks alone, before attribution (which reads this table).

    ``warn``: emit a :class:`CorpusWarning` for each unbalanced quotation mark (default True).
    """
    from .article import articles

    parts: list[list[_Part]] = []
    article_id = None  # named in an internal error
    try:
        for article in articles(corpus):
            article_id = article.article_id
            parts.append(article_parts(article, warn=warn))
    except Exception as exc:
        reraise_for(article_id, "quotations", exc)
    return parts_frame(parts)


# article_id, quote_id, zone, start, end, mark_start, mark_end, text, depth, kind, and the three
# attribution columns (None here): one row of unattributed_quotes
_Part = tuple[str, int, str, int, int, int, int, str, int, str, None, None, None]


def article_parts(article: Article, *, warn: bool = True) -> list[_Part]:
    """One article's rows of :func:`unattributed_quotes` (the headline's quotations, then the
    body's; ``quote_id`` counts on from one zone to the next), warning as it does."""
    records: list[_Part] = []
    article_id, text = article.article_id, article.text
    zones: list[tuple[str, list[tuple[int, int]]]] = [
        ("body", [(int(s), int(e)) for s, e in article.body_spans])
    ]
    if article.headline_span is not None:
        hs, he = article.headline_span
        zones.insert(0, ("headline", [(int(hs), int(he))]))
    for zone, spans in zones:
        first = records[-1][1] + 1 if records else 0
        found, problems = _find(text, spans, first)
        if warn:
            for p in problems:
                warnings.warn(
                    f"{article_id}: unbalanced quotation mark '{p.mark}' at character "
                    f"{p.position} ({p.message}): "
                    f"{text[max(0, p.position - 30) : p.position + 30]!r}",
                    CorpusWarning,
                    stacklevel=3,
                )
        for quote_id, start, end, mark_start, mark_end, depth, kind in found:
            records.append(
                (article_id, quote_id, zone, start, end, mark_start, mark_end, text[start:end],
                 depth, kind, None, None, None)
            )  # fmt: skip
    return records


def parts_frame(parts: list[list[_Part]]) -> pd.DataFrame:
    """The :func:`unattributed_quotes` table of the articles' rows (:func:`article_parts`)."""
    records = [r for rows in parts for r in rows]
    if records:  # built from columns: the same dtypes as from rows, faster
        table = pd.DataFrame(
            dict(zip(QUOTE_COLUMNS, map(list, zip(*records, strict=True)), strict=True))
        )
    else:
        table = pd.DataFrame(records, columns=QUOTE_COLUMNS)
    table = table.astype(
        {c: "int64" for c in ("quote_id", "start", "end", "mark_start", "mark_end", "depth")}
    )
    return table
