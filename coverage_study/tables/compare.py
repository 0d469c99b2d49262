"""Cross-outlet tables: who speaks, with which verbs, through which media; and contrasts.

Each table function takes the span tables (``attributions``, ``quotes``) of one corpus and
returns a tidy table with one row per group and category, zeros included, so that a notebook
only plots. Groups are ``outlet`` by default (any metadata column of the corpus works); articles
without a value in that column form a group of their own, whose value is missing (NaN), as in
:func:`coverage_study.term_table`: no row is left out of a count.

Shares carry an interval whose sampling unit is the article (the quasi-binomial interval of
:mod:`coverage_study.stats`: the dispersion between a group's articles; a group of one article
borrows the category's dispersion pooled over the groups; no interval when no group has two
articles), and the number of articles behind them. :func:`contrast_table` compares groups: rate
ratios of term families, differences of shares, with p-values adjusted for the number of
comparisons.
"""

from __future__ import annotations

from typing import Any, Literal

import numpy as np
import pandas as pd

from ..components.article import unpack
from ..stats import Interval, RateSums, contrasts, contrasts_from_sums, shares_from_sums

__all__ = ["contrast_table", "cue_table", "media_table", "speaker_table"]

SHARE_COLUMNS = ["n_articles", "share", "share_ci_low", "share_ci_high", "interval"]


def _articles(corpus: pd.DataFrame, by: str) -> pd.DataFrame:
    if by not in corpus:
        raise ValueError(f"by={by!r}: the corpus has no such column")
    return corpus[["article_id", by]].drop_duplicates("article_id")


def _with_group(table: pd.DataFrame, corpus: pd.DataFrame, by: str) -> pd.DataFrame:
    return table.merge(_articles(corpus, by), on="article_id", how="left")


def _groups(corpus: pd.DataFrame, by: str, *tables: pd.DataFrame) -> list[Any]:
    """The groups in sorted order, the missing-value group last where an article has none."""
    values = pd.concat([corpus[by], *(t[by] for t in tables)], ignore_index=True)
    groups: list[Any] = sorted(values.dropna().unique())
    return [*groups, np.nan] if values.isna().any() else groups


def _complete(
    table: pd.DataFrame, by: str, key: str, groups: list[Any], keys: list[Any]
) -> pd.DataFrame:
    full = pd.MultiIndex.from_product([groups, keys], names=[by, key])
    return table.set_index([by, key]).reindex(full, fill_value=0).reset_index()


def _share_sums(
    corpus: pd.DataFrame,
    by: str,
    rows: pd.DataFrame,
    key: str,
    a: str,
    groups: list[Any],
    keys: list[Any],
) -> RateSums:
    """The sums of cells ``key x group`` (key-major) for shares: ``rows`` holds one row per
    article and category with the numerator ``a``; an article's denominator is the sum of its
    rows' ``a`` (every category of the article)."""
    art = _articles(corpus, by)
    n_g, n_k = len(groups), len(keys)
    g = pd.Index(groups, dtype=object).get_indexer(art[by].astype(object))
    per = rows.groupby(["article_id", key], sort=False, dropna=False)[a].sum().reset_index()
    b_of = per.groupby("article_id", sort=False)[a].sum()
    b = art["article_id"].map(b_of).fillna(0).to_numpy(dtype=float)

    def tile(v: np.ndarray) -> np.ndarray:
        return np.tile(v, n_k)

    group_sums = [np.bincount(g, minlength=n_g).astype(float),
                  np.bincount(g[b > 0], minlength=n_g).astype(float),
                  np.bincount(g, weights=b, minlength=n_g),
                  np.bincount(g, weights=b * b, minlength=n_g)]  # fmt: skip
    where = pd.Series(np.arange(len(art)), index=art["article_id"].to_numpy())
    pos = per["article_id"].map(where)
    per = per[pos.notna().to_numpy()]  # rows of articles the corpus has
    pos = pos.dropna().to_numpy(dtype=np.intp)
    cell = pd.Index(keys, dtype=object).get_indexer(per[key].astype(object)) * n_g + g[pos]
    av = per[a].to_numpy(dtype=float)
    size = n_g * n_k
    return RateSums(
        tile(group_sums[0]),
        tile(group_sums[1]),
        np.bincount(cell, weights=av, minlength=size),
        tile(group_sums[2]),
        np.bincount(cell, weights=av * av, minlength=size),
        np.bincount(cell, weights=av * b[pos], minlength=size),
        tile(group_sums[3]),
    )


def _shares(
    corpus: pd.DataFrame,
    by: str,
    rows: pd.DataFrame,
    key: str,
    a: str,
    groups: list[Any],
    keys: list[Any],
    level: float,
    interval: Interval,
) -> pd.DataFrame:
    """:data:`SHARE_COLUMNS` for every group x key (group-major, as :func:`_complete`)."""
    sums = _share_sums(corpus, by, rows, key, a, groups, keys)
    r = shares_from_sums(sums, np.repeat(np.arange(len(keys)), len(groups)), level, interval)
    order = (np.arange(len(keys))[None, :] * len(groups) + np.arange(len(groups))[:, None]).ravel()
    return pd.DataFrame({
        "n_articles": r["n_articles"][order], "share": r["share"][order],
        "share_ci_low": r["ci_low"][order], "share_ci_high": r["ci_high"][order],
        "interval": r["interval"][order],
    })  # fmt: skip


def _each_speaker(rows: pd.DataFrame, fill: str) -> pd.DataFrame:
    """``rows`` with one row per speaker of its ``speaker`` column ("A; B": two rows, in order;
    missing: ``fill``), as ``str.split("; ")`` and ``explode`` give it (an object column of
    ``str``, the index repeated); where every speaker is a ``str``, only the rows that name
    several speakers are split and repeated."""
    filled = rows["speaker"].fillna(fill)
    speakers = filled.to_numpy(dtype=object)
    if isinstance(filled.dtype, pd.StringDtype):
        several = np.flatnonzero(filled.str.contains("; ", regex=False).to_numpy(dtype=bool))
    elif all(type(x) is str for x in speakers):
        several = np.array([i for i, x in enumerate(speakers) if "; " in x], dtype=np.intp)
    else:  # other values than str: pandas' split makes them missing
        return rows.assign(speaker=filled.str.split("; ")).explode("speaker")
    if len(several):
        parts = [str(speakers[i]).split("; ") for i in several]
        counts = np.ones(len(rows), dtype=np.intp)
        counts[several] = [len(p) for p in parts]
        rows = rows.iloc[np.repeat(np.arange(len(rows)), counts)]
        speakers = np.repeat(speakers, counts)
        starts = np.cumsum(counts) - counts
        for i, p in zip(several.tolist(), parts, strict=True):
            speakers[starts[i] : starts[i] + len(p)] = p
    return rows.assign(speaker=speakers)


def _speaker_rows(
    corpus: pd.DataFrame, attributions: pd.DataFrame, quotes: pd.DataFrame, by: str
) -> tuple[pd.DataFrame, pd.DataFrame]:
    """One row per attribution and speaker (``n_attributions`` 1), and per outer quotation and
    speaker (``n_quoted_words``), with the group ``by``: the columns the speaker tables read."""
    a = attributions[[c for c in attributions.columns if c in ("article_id", "speaker", by)]]
    a = _each_speaker(_with_group(a, corpus, by), "unknown")
    outer = (quotes["depth"] == 0).to_numpy()
    read = [c for c in quotes.columns if c in ("article_id", "speaker", "n_words", by)]
    q = quotes.loc[outer, read]
    q = _each_speaker(_with_group(q, corpus, by), "(no speaker)")
    return a.assign(n_attributions=1), q.rename(columns={"n_words": "n_quoted_words"})


def speaker_table(
    corpus: pd.DataFrame,
    attributions: pd.DataFrame,
    quotes: pd.DataFrame,
    by: str = "outlet",
    *,
    share_of: Literal["n_quoted_words", "n_attributions"] = "n_quoted_words",
    level: float = 0.95,
    interval: Interval = "article",
) -> pd.DataFrame:
    """Per group and speaker: ``n_attributions``, ``n_quotes``, ``n_quoted_words``, and the
    speaker's share of the group's quoted words with its interval.

    ``quotes`` is the :func:`coverage_study.quotes` table (one row per quotation). Speakers are
    the resolved actors of :func:`coverage_study.components.attribution.attributions` (``unknown``
    where unresolved). Quoted words are the ``n_words`` of the outer quotations attributed to the
    speaker (nested quotations are inside their outer one and not counted again);
    unattributed quotations count under ``(no speaker)``. An attribution or quotation given to
    several speakers ("A; B") counts for each, so the sums over speakers can exceed the
    corpus's ``n_attributions`` and ``n_quotes``; with one speaker each they are equal.

    ``share`` is the speaker's ``share_of`` (quoted words by default, or attributions) over the
    sum of that column over the group's speakers (so a group's shares add up to 1; NaN where
    the group has none); higher = the speaker is given more of the group's voice.
    ``share_ci_low, share_ci_high`` are its interval at ``level``, ``interval`` the method
    (:data:`coverage_study.stats.METHODS`; ``interval="binomial"`` treats every word as
    independent), ``n_articles`` the articles of the group. Articles with no value in ``by``
    form the group NaN.
    """
    if share_of not in ("n_quoted_words", "n_attributions"):
        raise ValueError(f"share_of={share_of!r}: use 'n_quoted_words' or 'n_attributions'")
    a, q = _speaker_rows(corpus, attributions, quotes, by)
    n_attr = a.groupby([by, "speaker"], dropna=False).size().rename("n_attributions")
    n_q = q.groupby([by, "speaker"], dropna=False).agg(
        n_quotes=("n_quoted_words", "size"), n_quoted_words=("n_quoted_words", "sum")
    )
    table = pd.concat([n_attr, n_q], axis=1).fillna(0).astype("int64").reset_index()
    groups = _groups(corpus, by, a, q)
    speakers = sorted(table["speaker"].unique())
    table = _complete(table, by, "speaker", groups, speakers)
    rows = a if share_of == "n_attributions" else q
    shares = _shares(corpus, by, rows, "speaker", share_of, groups, speakers, level, interval)
    return pd.concat([table, shares], axis=1)


def cue_table(
    corpus: pd.DataFrame,
    attributions: pd.DataFrame,
    by: str = "outlet",
    *,
    level: float = 0.95,
    interval: Interval = "article",
) -> pd.DataFrame:
    """Per group and reporting-verb category: ``n`` attributions and ``share`` of the group's,
    with its interval.

    Categories come from ``data/reporting_verbs.toml`` (neutral, distancing, endorsing,
    directive); an attribution without a cue word (a continued quotation) is ``none``.
    ``share = n / (the group's attributions)`` (0 where the group has none); ``share_ci_low,
    share_ci_high, interval, n_articles`` as for :func:`speaker_table` (the interval is NaN
    where the group has no attribution). Articles with no value in ``by`` form the group NaN.
    """
    a = _with_group(attributions, corpus, by)
    a = a.assign(cue_category=a["cue_category"].fillna("none"), n=1)
    table = a.groupby([by, "cue_category"], dropna=False).size().rename("n").reset_index()
    groups = _groups(corpus, by, a)
    categories = sorted(set(table["cue_category"]) | {"neutral", "distancing", "endorsing"})
    table = _complete(table, by, "cue_category", groups, categories)
    totals = table.groupby(by, dropna=False)["n"].transform("sum")
    table = table.assign(share=(table["n"] / totals.where(totals > 0)).fillna(0.0))
    shares = _shares(corpus, by, a, "cue_category", "n", groups, categories, level, interval)
    return pd.concat([table, shares.drop(columns="share")], axis=1)


def media_table(
    corpus: pd.DataFrame,
    attributions: pd.DataFrame,
    by: str = "outlet",
    *,
    level: float = 0.95,
    interval: Interval = "article",
) -> pd.DataFrame:
    """Per group and medium: ``n`` attributions whose words reach the reader through it
    (``via``), and ``share``: ``n`` over all the group's attributions (with a medium or not;
    NaN where the group has none), with ``share_ci_low, share_ci_high, interval, n_articles``
    as for :func:`speaker_table`. Articles with no value in ``by`` form the group NaN."""
    every = _with_group(attributions, corpus, by).assign(n=1)
    a = every.dropna(subset=["via"])
    table = a.groupby([by, "via"], dropna=False).size().rename("n").reset_index()
    groups = _groups(corpus, by, every)
    media = sorted(table["via"].unique())
    table = _complete(table, by, "via", groups, media)
    # the denominator is every attribution of the article: those without a medium count
    # under a key of their own, left out of the table
    rows = every.assign(via=every["via"].astype(object).where(every["via"].notna(), "\0none"))
    shares = _shares(corpus, by, rows, "via", "n", groups, [*media, "\0none"], level, interval)
    kept = np.tile(np.r_[np.ones(len(media), dtype=bool), False], len(groups))
    return pd.concat([table, shares[kept].reset_index(drop=True)], axis=1)


def _terms_per_article(
    corpus: Any, terms: pd.DataFrame | None, by: str, lexicon: Any, voices: Any
) -> pd.DataFrame:
    """A term table by article with the ``by`` column: given, or computed."""
    from .terms import term_table

    if isinstance(corpus, pd.DataFrame) and {"family", "n_words"} <= set(corpus.columns):
        terms, table = corpus, None  # a term table by article was passed as the corpus
    else:
        table, _ = unpack(corpus)
        if terms is None:
            terms = term_table(corpus, lexicon, voices=voices)
    if not {"article_id", "family", "n_words"} <= set(terms.columns) or terms.duplicated(
        ["article_id", "family"]
    ).any():
        raise ValueError("contrast_table: terms must be a term_table by article_id")
    if by in terms:
        return terms
    if table is None or by not in table:
        raise ValueError(f"contrast_table: by={by!r} is neither a column of the terms nor of "
                         "the corpus")  # fmt: skip
    return terms.merge(_articles(table, by), on="article_id", how="left")


def contrast_table(
    corpus: Any,
    terms: pd.DataFrame | None = None,
    by: str = "outlet",
    *,
    of: Literal["terms", "cues", "speakers", "media"] = "terms",
    voice: str | None = None,
    lexicon: Any = None,
    voices: pd.DataFrame | None = None,
    attributions: pd.DataFrame | None = None,
    quotes: pd.DataFrame | None = None,
    pairs: Literal["all", "rest"] = "all",
    level: float = 0.95,
    adjust: Literal["holm", "bh"] = "holm",
) -> pd.DataFrame:
    """Contrasts between groups: per term family (or share category), each pair of groups or
    each group against the rest, with an interval and an adjusted p-value.

    Parameters
    ----------
    corpus
        A corpus (table or :class:`~coverage_study.document.AnnotatedCorpus`), or for
        ``of="terms"`` a :func:`coverage_study.term_table` by article that holds the ``by``
        column (the cheapest route: the counts are not made again).
    terms : DataFrame, optional
        The corpus's term table by article (``of="terms"``); computed from ``lexicon`` and
        ``voices`` when not given.
    by : str
        The grouping column (``outlet``); articles without a value form the group NaN.
    of : {"terms", "cues", "speakers", "media"}
        Rates of the term families per 1,000 words (``terms``), or shares: of the reporting-
        verb categories among attributions (:func:`cue_table`), of the speakers among quoted
        words (:func:`speaker_table`), of the media among attributions (:func:`media_table`).
        Shares need ``attributions`` (and ``quotes`` for speakers); computed when not given.
    voice : str, optional
        ``of="terms"`` only: count the hits of one voice (``narrator``: the outlet's own words;
        ``direct_quote``, ``indirect``) over all the group's words; default every hit.
    pairs : {"all", "rest"}
        Each pair of groups ``group_a < group_b`` (sorted), or each group against all the
        others together (``group_b`` = ``"(rest)"``).
    level : float
        Confidence level of the intervals; a difference ``holds`` where ``p_adjusted < 1 -
        level``.
    adjust : {"holm", "bh"}
        Adjustment over all rows of the table: Holm (family-wise error rate, default) or
        Benjamini-Hochberg (false discovery rate): :func:`coverage_study.stats.adjust_p`.

    Returns
    -------
    DataFrame
        Rates: ``group_a, group_b, family, rate_a, rate_b`` (per 1,000 words), ``ratio``
        (``rate_a / rate_b``; above 1 = ``group_a`` uses the family more), ``ratio_ci_low,
        ratio_ci_high, p_value, p_adjusted, holds, method, n_a, n_b`` (hits) ``, n_articles_a,
        n_articles_b``. Shares: the category column (``cue_category``, ``speaker``, ``via``)
        instead of ``family`` and ``share_a, share_b, difference`` (``share_a - share_b``),
        ``difference_ci_low, difference_ci_high`` instead of the rates and ratio; ``n_a, n_b``
        the numerators. ``method`` names the test of each row
        (:data:`coverage_study.stats.CONTRAST_METHODS`): Wald's t test on the log ratio (the
        difference) with the groups' quasi-Poisson (quasi-binomial) variances and
        Welch-Satterthwaite df; a score test where a group has no hit (a share of 0 or 1),
        without an interval; no p-value (NaN, ``holds`` False) where no group has two articles.
        ``attrs``: ``by``, ``of``, ``voice``, ``pairs``, ``adjust``, ``level``.
    """
    if of not in ("terms", "cues", "speakers", "media"):
        raise ValueError(f"contrast_table: of={of!r}: use 'terms', 'cues', 'speakers' or 'media'")
    if of == "terms":
        per_article = _terms_per_article(corpus, terms, by, lexicon, voices)
        count = "n" if voice in (None, "all") else f"n_{voice}"
        if count not in per_article:
            raise ValueError(f"contrast_table: voice={voice!r} is not a voice of the term table")
        out = contrasts(per_article, by, "family", kind="rate", n=count, w="n_words",
                        pairs=pairs, level=level, adjust=adjust)  # fmt: skip
    else:
        if voice is not None:
            raise ValueError("contrast_table: voice= applies to of='terms' only")

        table, annotated = unpack(corpus)
        if attributions is None:
            if annotated is not None:
                attributions = annotated.layer("attributions")
            else:
                from ..components.attribution import attributions as find_attributions

                attributions = find_attributions(table)
        if of == "speakers":
            if quotes is None:
                from .quotes import quotes as find_quotes

                quotes = find_quotes(corpus)
            a, rows = _speaker_rows(table, attributions, quotes, by)
            key, num = "speaker", "n_quoted_words"
        else:
            rows = _with_group(attributions, table, by).assign(n=1)
            key, num = ("cue_category", "n") if of == "cues" else ("via", "n")
            fill = "none" if of == "cues" else "\0none"
            rows = rows.assign(**{key: rows[key].astype(object).where(rows[key].notna(), fill)})
        groups = _groups(table, by, rows)
        keys = sorted(rows[key].unique())
        sums = _share_sums(table, by, rows, key, num, groups, keys)
        out = contrasts_from_sums(sums, groups, keys, key, kind="share", pairs=pairs,
                                  level=level, adjust=adjust)  # fmt: skip
        if of == "media":  # attributions without a medium: the denominator only
            out = out[out[key] != "\0none"].reset_index(drop=True)
            out["p_adjusted"] = _readjust(out["p_value"].to_numpy(), adjust)
            out["holds"] = np.nan_to_num(out["p_adjusted"].to_numpy(), nan=1.0) < 1 - level
    out.attrs.update(by=by, of=of, voice=voice)
    return out


def _readjust(p: np.ndarray, adjust: Literal["holm", "bh"]) -> np.ndarray:
    from ..stats import adjust_p

    return adjust_p(p, adjust) if len(p) else p

