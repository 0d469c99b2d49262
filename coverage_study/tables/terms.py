"""Term families: count how an outlet names things, by zone and by voice, and show every hit.

A **lexicon** is a YAML file in quanteda's dictionary format: each key is a *family* holding a
list of glob patterns (see :func:`load_lexicon`). :func:`term_hits` lists every hit with its
offsets into ``text``, :func:`term_table` counts hits per article (or outlet) and family, and
:func:`kwic` shows each hit in context so a count can always be read back.

Rules
-----
Zones
    Only the headline and body zones (:func:`coverage_study.zone_spans`) are read; captions,
    teasers and other removed spans are not. A hit never crosses a zone span.
Tokens
    A word token is a run of letters or digits (``\\w+``) that may go on through a hyphen or an
    apostrophe between two word characters: "neo-Nazi", "multi-polarization", "Russia’s" and
    "over-two-year-old" are one token each (quanteda's default tokeniser keeps such words whole
    too). Punctuation is not a token. Matching is case-insensitive; the typographic apostrophe
    (’) matches ``'`` and the Unicode hyphens (U+2010, U+2011) match ``-``.
Patterns
    A glob (``*`` any characters, ``?`` exactly one) matches a whole token: ``war`` does not
    match "warfare" nor "Russia's"; ``russia*`` matches both "Russia" and "Russia's". A
    multi-word pattern matches consecutive tokens of one zone span separated only by white
    space or brackets ("North Atlantic Treaty Organization (NATO) expansion" matches
    ``nato expansion``); any other punctuation between them (. , ; : ! ? dashes quotation
    marks) breaks the phrase, so a hit never straddles a quotation boundary.
Overlaps
    Within a family a token counts at most once: matching runs left to right and, at each
    token, the pattern with the most tokens wins (leftmost-longest; quanteda's
    ``nested_scope = "key"``). "special military operation" is one ``military_operation``
    hit. Across families a token may count once in each family that matches it.
Exclusions
    ``_meta.exclude`` lists, per family, patterns whose tokens that family never counts; they
    compete in the same leftmost-longest scan. In the default lexicon "Cold War" is a
    ``cold_war`` hit and never a ``war`` hit: it names a historical era, not this war.
Voice
    ``narrator`` (the outlet's own words), ``direct_quote`` (inside quotation marks) or
    ``indirect`` (reported speech without quotation marks). A hit takes the voice of a voice
    span that contains it entirely; ``direct_quote`` wins over ``indirect`` where both do;
    otherwise it is ``narrator``.
Rates
    ``per_1000_words`` divides by the number of word tokens (same tokeniser) in the same zones
    (headline + body) of the group, times 1000. The interval is Garwood's exact Poisson
    interval on the count, scaled the same way.
"""

from __future__ import annotations

import bisect
from pathlib import Path
from typing import Any, Literal

import numpy as np
import pandas as pd

from ..components.lexicon import DEFAULT_LEXICON, META_KEY, Lexicon, LexiconWarning, load_lexicon
from ..components.term_scan import _scan
from ..components.term_voice import (
    VOICES,
    _attrs,
    _spans_of,
    _voice,
    _voice_index,
    article_hits,
    hits_frame,
)
from ..text.spans import tokenize
from .term_counts import voiced_counts

__all__ = [
    "DEFAULT_LEXICON",
    "META_KEY",
    "VOICES",
    "Lexicon",
    "LexiconWarning",
    "kwic",
    "load_lexicon",
    "per_1000",
    "term_hits",
    "term_table",
    "tokenize",
]

KWIC_COLUMNS = [
    "article_id",
    "zone",
    "voice",
    "start",
    "end",
    "pre",
    "keyword",
    "post",
    "family",
    "pattern",
]


def _unpack(corpus: Any, lexicon: Any, voices: Any, engine: str | None = None
            ) -> tuple[pd.DataFrame, Any, tuple[Any, Any]]:  # fmt: skip
    """``(the corpus table, the annotated corpus or None, (lexicon, voices) as given)``; for a
    corpus table, no ``voices`` and an attribution ``engine`` other than the rules, the voices
    are :func:`~coverage_study.components.voice.voice_spans` with that engine."""
    from ..components.article import unpack

    table, annotated = unpack(corpus)
    if annotated is not None:
        from ..components.attribution.engines import check_annotated

        check_annotated(annotated, engine)
    elif voices is None and engine not in (None, "rules"):
        from ..components.voice import voice_spans  # imported late, as term_voice does

        voices = voice_spans(table, engine=engine)
    return table, annotated, (lexicon, voices)


def _defaults(annotated: Any, lexicon: Any, voices: Any) -> tuple[Any, Any]:
    """An annotated corpus's lexicon and voices where none are given."""
    if annotated is None:
        return lexicon, voices
    return (annotated.lexicon if lexicon is None else lexicon,
            annotated.layer("voices") if voices is None else voices)  # fmt: skip


# --------------------------------------------------------------------------- public API


def term_hits(
    corpus: pd.DataFrame,
    lexicon: Lexicon | str | Path | None = None,
    voices: pd.DataFrame | None = None,
    *,
    engine: str | None = None,
) -> pd.DataFrame:
    """One row per term hit: ``article_id, start, end, text, family, pattern, zone, voice``.

    Parameters
    ----------
    corpus : DataFrame
        As returned by :func:`coverage_study.load_corpus`.
    lexicon : Lexicon, name or path, optional
        Default: the packaged ``russia_ukraine`` lexicon.
    voices : DataFrame, optional
        Voice spans ``article_id, start, end, voice``; default
        :func:`coverage_study.components.voice.voice_spans` of the corpus. Pass an empty frame with
        those columns to treat every word as the narrator's.
    engine : str, optional
        The attribution engine of the default voices: ``"rules"`` (the default) or ``"parse"``
        (:mod:`coverage_study.components.attribution.engines`). The same keyword in
        :func:`term_table` and :func:`kwic`.

    Returns
    -------
    DataFrame
        ``text`` is ``corpus.text[start:end]`` (a phrase keeps the punctuation between its
        words, e.g. "NATO) expansion"); ``pattern`` is the lexicon pattern that matched;
        ``zone`` is ``headline`` or ``body``. Rows are in corpus order, then by ``start``.
        ``attrs["lexicon"]`` holds the lexicon's name, version and sha256. What counts as a
        hit is set out in the module docstring.

    ``corpus`` may be an :class:`~coverage_study.document.AnnotatedCorpus`: its hits (found
    once, with its lexicon and voices) are returned, or found with its voices for another
    ``lexicon``.
    """
    corpus, annotated, given = _unpack(corpus, lexicon, voices, engine)
    if annotated is not None and given == (None, None):
        return annotated.hits.copy()
    lexicon, voices = _defaults(annotated, lexicon, voices)
    lexicon = load_lexicon(lexicon)
    voice_index = _voice_index(corpus, voices)
    records = [
        article_hits(art, voice_index.get(art.article_id, [])) for art in _scan(corpus, lexicon)
    ]
    return hits_frame(records, _attrs(corpus, lexicon))


def _garwood(n: np.ndarray, level: float) -> tuple[np.ndarray, np.ndarray]:
    from ..stats import garwood

    return garwood(n, level)


def per_1000(
    n: np.ndarray, n_words: np.ndarray, level: float
) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """Hits per 1,000 words and the exact (Garwood) Poisson interval of ``n`` scaled alike:
    ``(rate, low, high)``, NaN where ``n_words`` is 0: words as independent draws, the
    ``interval="poisson"`` of the tables (and the interval of one article). The article-level
    intervals of groups are :func:`coverage_study.stats.rate_table`'s."""
    w = np.asarray(n_words).astype(float)
    scale = np.divide(1000.0, w, out=np.full_like(w, np.nan), where=w > 0)
    low, high = _garwood(n, level)
    return n * scale, low * scale, high * scale


def _plain_ids(ids: list[Any]) -> bool:
    """Whether article ids are distinct strings (then a group is an article: no pandas groupby)."""
    return bool(ids) and all(type(a) is str for a in ids) and len(set(ids)) == len(ids)


def _per_article_table(
    ids: list[str],
    families: list[str],
    counts: dict[tuple[str, str], list[int]],
    n_words: dict[str, int],
    level: float,
) -> pd.DataFrame:
    """:func:`term_table` by article, built from columns: the rows, values and dtypes that the
    general route (merge and groupby) gives when the article ids are distinct strings."""
    n_fam = len(families)
    row = {a: i for i, a in enumerate(ids)}
    col = {f: j for j, f in enumerate(families)}
    by_cell = np.zeros((len(ids), n_fam, len(VOICES)), dtype="int64")
    for (a, f), c in counts.items():
        by_cell[row[a], col[f]] = c
    by_voice = by_cell.reshape(len(ids) * n_fam, len(VOICES))  # one row per (article, family)
    n = by_voice.sum(axis=1)
    words = np.repeat(np.array([n_words[a] for a in ids], dtype="int64"), n_fam)
    rate, low, high = per_1000(n, words, level)
    # string columns as pandas infers them from lists, repeated by index (no list per row)
    columns: dict[str, Any] = {
        "article_id": pd.Series(ids).array.take(np.arange(len(ids)).repeat(n_fam)),
        "family": pd.Series(families).array.take(np.tile(np.arange(n_fam), len(ids))),
        "n": n,
        "n_words": words,
        "per_1000_words": rate,
        "per_1000_ci_low": low,
        "per_1000_ci_high": high,
        "interval": np.full(len(n), "poisson", dtype=object),
    }
    for i, v in enumerate(VOICES):
        columns[f"n_{v}"] = by_voice[:, i].copy()
    return pd.DataFrame(columns)


def _group_rates(
    table: pd.DataFrame,
    per_article: pd.DataFrame,
    words: pd.DataFrame,
    by: str,
    level: float,
    interval: Literal["article", "poisson"],
) -> pd.DataFrame:
    """The rates and intervals of :func:`term_table`'s groups (rows of ``table``, in the order
    of ``groupby([by, "family"], sort=False)``), total and per voice, from the per-article
    counts (:func:`coverage_study.stats.rate_intervals`)."""
    from ..stats import rate_intervals

    grouped = per_article.groupby([by, "family"], sort=False, dropna=False)
    cell = grouped.ngroup().to_numpy()
    w = per_article["article_id"].map(words.set_index("article_id")["n_words"])
    w = w.fillna(0).to_numpy(dtype=float)
    pool = pd.factorize(table["family"], use_na_sentinel=False)[0]
    voice_cols = [f"n_{v}" for v in VOICES]
    n_voice = per_article[voice_cols].to_numpy()
    out = rate_intervals(n_voice.sum(axis=1), w, cell, len(table), pool, level, interval)
    table = table.assign(per_1000_words=out["rate"], per_1000_ci_low=out["ci_low"],
                         per_1000_ci_high=out["ci_high"], interval=out["interval"],
                         n_articles=out["n_articles"])  # fmt: skip
    for i, v in enumerate(VOICES):
        r = rate_intervals(n_voice[:, i], w, cell, len(table), pool, level, interval)
        table[f"per_1000_{v}"] = r["rate"]
        table[f"per_1000_{v}_ci_low"] = r["ci_low"]
        table[f"per_1000_{v}_ci_high"] = r["ci_high"]
    return table


def term_table(
    corpus: pd.DataFrame,
    lexicon: Lexicon | str | Path | None = None,
    by: str = "article_id",
    voices: pd.DataFrame | None = None,
    level: float = 0.95,
    interval: Literal["article", "poisson"] = "article",
    *,
    engine: str | None = None,
) -> pd.DataFrame:
    """Hits per group and family, with a rate per 1000 words and its interval.

    Parameters
    ----------
    corpus, lexicon, voices
        As for :func:`term_hits`.
    by : str
        A corpus column to group by: ``article_id`` (default, one group per article),
        ``outlet``, or any metadata column (missing values form their own group).
    level : float
        Confidence level of the interval.
    interval : {"article", "poisson"}
        For groups of articles: ``article`` (default), the quasi-Poisson interval whose
        sampling unit is the article (:mod:`coverage_study.stats`: the group's dispersion
        between its articles; a group of one article borrows the family's dispersion pooled
        over the groups; no interval when no group has two articles); ``poisson``, Garwood's
        exact interval on the pooled count, which treats every word as an independent draw
        (too narrow for groups: for comparison only). By article (``by="article_id"``) the
        interval is always Garwood's: one article shows no variation between articles.

    Returns
    -------
    DataFrame
        One row for every group x family, zeros included: ``<by>, family, n, n_words,
        per_1000_words, per_1000_ci_low, per_1000_ci_high, interval, n_narrator,
        n_direct_quote, n_indirect``; grouped by another column than ``article_id`` also
        ``n_articles`` and, for each voice ``v``, ``per_1000_<v>, per_1000_<v>_ci_low,
        per_1000_<v>_ci_high`` (the rate of the hits in that voice per 1,000 words of the
        group, all words as denominator, with its interval by the same rules). ``n_words``
        counts word tokens in the headline and body zones of the group, zone by zone (the
        count of ``sources_table``'s ``n_word_tokens``); ``per_1000_words = 1000 * n /
        n_words`` (higher = the family is used more often); rates are missing where a group
        has no words. ``interval`` names the method of each row
        (:data:`coverage_study.stats.METHODS`). ``attrs["lexicon"]`` holds
        the lexicon's name, version and sha256.
    """
    corpus, annotated, _ = _unpack(corpus, lexicon, voices, engine)
    own = annotated if lexicon is None and voices is None else None  # its own hits
    lexicon, voices = _defaults(annotated, lexicon, voices)
    if by not in corpus.columns:
        raise ValueError(f"by={by!r} is not a corpus column")
    if interval not in ("article", "poisson"):
        raise ValueError(f"interval={interval!r}: use 'article' or 'poisson'")
    lexicon = load_lexicon(lexicon)
    families = list(lexicon.families)
    n_words, counts = voiced_counts(corpus, own, lexicon, voices)
    ids = corpus["article_id"].tolist()
    if by == "article_id" and _plain_ids(ids):
        table = _per_article_table(ids, families, counts, n_words, level)
        table.attrs = _attrs(corpus, lexicon)
        return table

    columns = ["article_id", "family", *(f"n_{v}" for v in VOICES)]
    if _plain_ids(ids) and families:  # by columns: the frame the records below give then
        cells = np.array([counts.get((a, f), (0, 0, 0)) for a in ids for f in families],
                         dtype="int64")  # fmt: skip
        per_article = pd.DataFrame(dict(zip(columns, (
            [a for a in ids for _ in families], families * len(ids), *cells.T), strict=True)))
    else:
        per_article = pd.DataFrame(
            [
                dict(zip(columns, (a, f, *counts.get((a, f), (0, 0, 0))), strict=True))
                for a in ids
                for f in families
            ],
            columns=columns,
        )
    words = pd.DataFrame({"article_id": pd.Series(list(n_words), dtype=corpus["article_id"].dtype),
                          "n_words": pd.Series(list(n_words.values()), dtype="int64")})  # fmt: skip
    group_of = corpus[["article_id", by]] if by != "article_id" else corpus[["article_id"]]
    per_article = per_article.merge(group_of, on="article_id", how="left")
    words = words.merge(group_of, on="article_id", how="left")
    voice_cols = [f"n_{v}" for v in VOICES]
    table = per_article.groupby([by, "family"], sort=False, dropna=False)[voice_cols].sum()
    table = table.reset_index()
    group_words = words.groupby(by, sort=False, dropna=False)["n_words"].sum()
    table["n_words"] = table[by].map(group_words).astype("int64")
    table["n"] = table[voice_cols].sum(axis=1).astype("int64")
    columns = [by, "family", "n", "n_words", "per_1000_words", "per_1000_ci_low",
               "per_1000_ci_high", "interval", *voice_cols]  # fmt: skip
    if by == "article_id":
        rates = per_1000(table["n"].to_numpy(), table["n_words"].to_numpy(), level)
        table["per_1000_words"], table["per_1000_ci_low"], table["per_1000_ci_high"] = rates
        table["interval"] = "poisson"
    else:
        table = _group_rates(table, per_article, words, by, level, interval)
        columns += ["n_articles", *(f"per_1000_{v}{x}" for v in VOICES
                                    for x in ("", "_ci_low", "_ci_high"))]  # fmt: skip
        table = table.sort_values(by, kind="stable", na_position="last")
    table = table[columns].reset_index(drop=True)
    table.attrs = _attrs(corpus, lexicon)
    return table


def kwic(
    corpus: pd.DataFrame,
    pattern_or_family: str,
    window: int = 8,
    lexicon: Lexicon | str | Path | None = None,
    voices: pd.DataFrame | None = None,
    *,
    engine: str | None = None,
) -> pd.DataFrame:
    """Keyword in context: every hit of a family (or of a glob pattern) with the words around it.

    Parameters
    ----------
    corpus, lexicon, voices
        As for :func:`term_hits`.
    pattern_or_family : str
        A family name of the lexicon (a parent name such as ``peace`` also selects the nested
        families ``peace.*``), with the lexicon's exclusions; any other string is a glob
        pattern, possibly multi-word (``"peace talk*"``), matched with the same rules and
        reported under ``family`` = the pattern.
    window : int
        Number of word tokens shown on each side, within the same zone span (paragraph).

    Returns
    -------
    DataFrame
        ``article_id, zone, voice, start, end, pre, keyword, post, family, pattern``.
        ``keyword`` is ``text[start:end]``; ``pre`` and ``post`` are verbatim slices of
        ``text`` up to ``window`` tokens before and after, trimmed of white space at their
        outer edges.
    """
    if window < 0:
        raise ValueError(f"window must be >= 0, not {window}")
    corpus, annotated, given = _unpack(corpus, lexicon, voices, engine)
    lexicon, voices = _defaults(annotated, lexicon, voices)
    lexicon = load_lexicon(lexicon)
    selected = [
        f
        for f in lexicon.families
        if f == pattern_or_family or f.startswith(f"{pattern_or_family}.")
    ]
    if not selected:
        lexicon = Lexicon(
            {pattern_or_family: (pattern_or_family,)}, "adhoc", "", "<pattern>", "adhoc"
        )
        selected = [pattern_or_family]
    layer = _annotated_hits(corpus, annotated, given, lexicon, selected)
    memo: list[Any] = []  # the last zone read and its tokens
    if layer is not None:  # the annotation's hits: their voices, no scan of the texts
        records = [
            _in_context(text, zones, s, e, window, (article_id, zone, voice, family, pattern),
                        memo)
            for article_id, text, zones, s, e, family, pattern, zone, voice in layer
        ]
    else:
        voice_index = _voice_index(corpus, voices)
        records = []
        for art in _scan(corpus, lexicon, selected):
            if not art.hits:
                continue  # no voice spans to index
            spans = _spans_of(voice_index, art.article_id)
            for s, e, family, pattern, zone in art.hits:
                row = (art.article_id, zone, _voice(spans, s, e), family, pattern)
                records.append(_in_context(art.text, art.zones, s, e, window, row, memo))
    out = pd.DataFrame.from_records(records, columns=KWIC_COLUMNS)
    out = out.astype({"start": "int64", "end": "int64"})
    out.attrs = _attrs(corpus, lexicon)
    return out


def _in_context(
    text: str, zones: list[tuple[str, int, int]], s: int, e: int, window: int,
    row: tuple[Any, Any, Any, Any, Any], memo: list[Any],
) -> tuple[Any, ...]:
    """One :func:`kwic` row: the hit ``text[s:e]`` with up to ``window`` tokens each side, within
    its zone span (``zones`` sorted by start); ``row`` is ``(article_id, zone, voice, family,
    pattern)``; ``memo`` (one list per kwic call) keeps the last zone's ``[text, start, end,
    tokens]``."""
    article_id, zone, voice, family, pattern = row
    _, zs, ze = zones[bisect.bisect_right([z[1] for z in zones], s) - 1]
    if memo and memo[0] is text and memo[1] == zs and memo[2] == ze:
        tokens = memo[3]  # the hits of a zone come one after the other: its tokens found once
    else:
        tokens = tokenize(text, zs, ze)
        memo[:] = [text, zs, ze, tokens]
    first = bisect.bisect_left(tokens, (s, s))
    last = bisect.bisect_left(tokens, (e, e))  # tokens end at or before e
    before, after = tokens[max(0, first - window) : first], tokens[last : last + window]
    pre = text[before[0][0] : s].strip() if before else ""
    post = text[e : after[-1][1]].strip() if after else ""
    return (article_id, zone, voice, s, e, pre, text[s:e], post, family, pattern)


def _annotated_hits(
    corpus: pd.DataFrame, annotated: Any, given: tuple[Any, Any], lexicon: Lexicon,
    selected: list[str],
) -> list[tuple[Any, ...]] | None:
    """The hits of ``selected`` families from ``annotated``'s hits layer, each with its article's
    text and zones, in the layer's order (corpus order, then by start): what a scan of the texts
    with those families would find, since each family is matched on its own (one count per token
    and family, :class:`~coverage_study.components.term_scan.Scanner`). None where the layer
    does not hold them: no annotated corpus, a lexicon or voices given, a glob pattern, or
    repeated article ids."""
    if annotated is None or given != (None, None) or lexicon is not annotated.lexicon:
        return None
    ids = corpus["article_id"].tolist()
    if not _plain_ids(ids):
        return None
    from ..components.term_scan import _zones_of

    hits = annotated.hits
    hits = hits[hits["family"].isin(selected)]
    columns = ("article_id", "start", "end", "family", "pattern", "zone", "voice")
    rows = list(zip(*(hits[c].tolist() for c in columns), strict=True))
    # the text and zones of the articles with a hit only (the same for every hit of one)
    position = {a: i for i, a in enumerate(ids)}
    texts, heads, bodies = (corpus[c].tolist() for c in ("text", "headline_span", "body_spans"))
    articles = {}
    for a in dict.fromkeys(r[0] for r in rows):
        i = position[a]
        articles[a] = (texts[i], _zones_of(heads[i], bodies[i]))
    return [
        (a, *articles[a], s, e, family, pattern, zone, voice)
        for a, s, e, family, pattern, zone, voice in rows
    ]
