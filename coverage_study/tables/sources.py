"""Who is given voice: per-article source counts, and the evaluation of attributions.

:func:`sources_table` sums, per article or per outlet, the quotations
(:func:`coverage_study.quotes`) and attributions
(:func:`coverage_study.components.attribution.attributions`): how many, by whom, through which cue
category and medium, and the share of body words inside quotation marks. :func:`evaluate`
scores attributions against a hand-annotated gold table (precision, recall, F1 of cue, speaker
and content).
"""

from __future__ import annotations

import re
from collections.abc import Callable
from typing import Any, Literal

import numpy as np
import pandas as pd

from ..components.article import unpack
from ..components.attribution import attributions, load_media, load_reporting_verbs
from ..components.attribution.lexicons import _aliases
from ..components.quotations import quotation_parts
from ..components.words import word_counts
from ..reading.corpus import reraise_for

__all__ = ["evaluate", "sources_table"]


# --- evaluation ----------------------------------------------------------------------------------
_WORD = re.compile(r"\w+")


def _tokens(text: str) -> list[str]:
    return [w.lower() for w in _WORD.findall(text)]


def _overlap_f1(a: str, b: str) -> float:
    ta, tb = _tokens(a), _tokens(b)
    if not ta or not tb:
        return 0.0
    common = sum(min(ta.count(w), tb.count(w)) for w in set(ta))
    if not common:
        return 0.0
    p, r = common / len(ta), common / len(tb)
    return 2 * p * r / (p + r)


def evaluate(
    pred: pd.DataFrame, gold: pd.DataFrame, corpus: pd.DataFrame, *, threshold: float = 0.5
) -> pd.DataFrame:
    """Precision, recall and F1 of cue, speaker and content against a hand-annotated gold table.

    ``gold`` has ``article_id, speaker, cue, content`` (content as text; cue the cue's words or
    None for a continuing quotation). A predicted and a gold attribution *match* when their
    contents, as word tokens, overlap with token F1 >= ``threshold`` (default 0.5; the lenient
    overlap measure of the BBC Citron and PARC evaluations); pairs are matched one-to-one, best
    overlap first. Then: **content** counts every matched pair; **cue** a matched pair whose cue
    words are equal (case-insensitive; pairs where gold has no cue are left out of cue counts);
    **speaker** a matched pair with the same speaker (both through the alias table, so "Wang I"
    and "Wang Yi" are one). Precision divides by the predicted rows (with a cue, for cue),
    recall by the gold rows. Returns one row per measure: ``measure, tp, n_pred, n_gold,
    precision, recall, f1``.
    """
    texts = corpus.set_index("article_id")["text"]
    aliases = _aliases()

    def norm(s: object) -> str:
        if s is None or (isinstance(s, float) and pd.isna(s)):
            return ""
        parts = [aliases.resolve(p.strip()) or p.strip() for p in str(s).split(";")]
        return "; ".join(sorted(p.lower() for p in parts))

    pairs = []
    for article_id, g in gold.groupby("article_id"):
        p = pred[pred["article_id"] == article_id]
        text = texts[article_id]
        pc = [text[int(r.content_start) : int(r.content_end)] for r in p.itertuples()]
        cand = []
        for gi, gr in enumerate(g.itertuples()):
            for pi, c in enumerate(pc):
                f = _overlap_f1(gr.content, c)
                if f >= threshold:
                    cand.append((f, gi, pi))
        used_g, used_p = set(), set()
        for _f, gi, pi in sorted(cand, reverse=True):
            if gi in used_g or pi in used_p:
                continue
            used_g.add(gi)
            used_p.add(pi)
            pairs.append((g.iloc[gi], p.iloc[pi]))
    cue: Callable[[object], str] = lambda x: (  # noqa: E731
        ""
        if x is None or (isinstance(x, float) and pd.isna(x))
        else " ".join(str(x).lower().split())
    )
    n_pred, n_gold = len(pred), len(gold)
    n_pred_cue = int(pred["cue"].map(bool_cue := (lambda x: cue(x) != "")).sum()) if n_pred else 0
    n_gold_cue = int(gold["cue"].map(bool_cue).sum()) if len(gold) else 0
    tp_content = len(pairs)
    tp_cue = sum(1 for g, p in pairs if cue(g["cue"]) and cue(g["cue"]) == cue(p["cue"]))
    tp_speaker = sum(1 for g, p in pairs if norm(g["speaker"]) == norm(p["speaker"]))
    rows = []
    for measure, tp, npred, ngold in (
        ("cue", tp_cue, n_pred_cue, n_gold_cue),
        ("speaker", tp_speaker, n_pred, n_gold),
        ("content", tp_content, n_pred, n_gold),
    ):
        prec = tp / npred if npred else 0.0
        rec = tp / ngold if ngold else 0.0
        f1 = 2 * prec * rec / (prec + rec) if prec + rec else 0.0
        rows.append({"measure": measure, "tp": tp, "n_pred": npred, "n_gold": ngold,
                     "precision": round(prec, 3), "recall": round(rec, 3),
                     "f1": round(f1, 3)})  # fmt: skip
    return pd.DataFrame(rows)


# --- per-article table ---------------------------------------------------------------------------
def _quoted_share_intervals(
    table: pd.DataFrame, level: float, interval: Literal["article", "binomial"]
) -> dict[str, np.ndarray]:
    """Per outlet (sorted, missing last, as ``groupby("outlet", dropna=False)``): the articles
    and the interval of the share of quoted words, from the per-article ``table``."""
    from ..stats import share_intervals

    codes, groups = pd.factorize(table["outlet"], sort=True, use_na_sentinel=False)
    r = share_intervals(table["n_quoted_words"].to_numpy(), table["n_word_tokens"].to_numpy(),
                        codes, len(groups), None, level, interval)  # fmt: skip
    return {"n_articles": r["n_articles"], "share_quoted_words_ci_low": r["ci_low"],
            "share_quoted_words_ci_high": r["ci_high"], "interval": r["interval"]}  # fmt: skip


def sources_table(
    corpus: pd.DataFrame,
    by: str = "article_id",
    *,
    warn: bool = True,
    quotes_table: pd.DataFrame | None = None,
    attributions_table: pd.DataFrame | None = None,
    level: float = 0.95,
    interval: Literal["article", "binomial"] = "article",
    engine: str | None = None,
) -> pd.DataFrame:
    """Who is given voice, per article (``by="article_id"``) or per outlet (``by="outlet"``).

    Columns: ``n_quotes`` (direct quotations in the headline and body, a multi-paragraph one
    counted once, nested ones not: the outer rows of :func:`coverage_study.quotes`),
    ``n_word_tokens`` (word tokens of the headline and body: the denominator of the term rates),
    ``n_quoted_words`` (those inside quotation marks: the ``n_words`` of the outer quotations)
    and ``share_quoted_words`` (``n_quoted_words / n_word_tokens``; higher = more of the
    article in others' words), ``n_attributions``, ``n_speakers``
    (distinct resolved speakers, ``unknown`` not counted), ``n_named`` and ``n_anonymous``
    attributions, ``n_<category>`` attributions per cue category, and ``media_cited`` (the
    media named as ``via`` or as speaker, ``; ``-joined, sorted). By outlet also
    ``n_articles`` and the interval of ``share_quoted_words`` at ``level``:
    ``share_quoted_words_ci_low, share_quoted_words_ci_high`` and ``interval``, its method
    (:data:`coverage_study.stats.METHODS`): the quasi-binomial interval whose sampling unit is
    the article (default), or ``interval="binomial"``, Clopper-Pearson on the pooled words as
    if every word were drawn alone (too narrow: for comparison only). Articles without an
    outlet form the outlet NaN. ``quotes_table`` and
    ``attributions_table`` take tables already computed for this corpus, to avoid recomputing;
    an :class:`~coverage_study.document.AnnotatedCorpus` gives its own. ``engine``: the
    attribution engine, ``"rules"`` (the default) or ``"parse"``
    (:mod:`coverage_study.components.attribution.engines`) where no tables are given.
    """
    corpus, annotated = unpack(corpus)
    if annotated is not None:
        from ..components.attribution.engines import check_annotated

        check_annotated(annotated, engine)
        if quotes_table is not None or attributions_table is not None:
            raise ValueError("sources_table: an annotated corpus has its quotes and attributions")
        quotes_table = annotated.layer("quotation_parts")
        attributions_table = annotated.layer("attributions")
    if by not in ("article_id", "outlet"):
        raise ValueError(f"sources_table: by must be 'article_id' or 'outlet', not {by!r}")
    q = quotation_parts(corpus, quotes_table, warn=warn)
    att = (
        attributions_table
        if attributions_table is not None
        else attributions(corpus, quotes_table=q, warn=False, engine=engine)
    )
    cats = list(load_reporting_verbs().categories)  # read once per process
    media_names = set(load_media().by_alias.values())
    outer = q[q["depth"] == 0]
    # one pass over each table, grouped by article (filtering per article is quadratic)
    spans_of: dict[str, list[tuple[int, int]]] = {}
    quote_ids: dict[str, set[str]] = {}
    for aid, qs, qe, qid in zip(outer["article_id"], outer["mark_start"], outer["mark_end"],
                                outer["quote_id"], strict=True):  # fmt: skip
        spans_of.setdefault(aid, []).append((int(qs), int(qe)))
        quote_ids.setdefault(aid, set()).add(qid)
    att_of: dict[str, list[tuple[Any, ...]]] = {}
    for row in zip(att["article_id"], att["speaker"], att["anonymous"], att["cue_category"],
                   att["via"], strict=True):  # fmt: skip
        att_of.setdefault(row[0], []).append(row[1:])
    names = ["article_id", "outlet", "n_quotes", "n_word_tokens", "n_quoted_words",
             "n_attributions", "speakers", "n_named", "n_anonymous", "media",
             *(f"n_{c}" for c in cats)]  # fmt: skip
    ids, outlets, texts, headlines, bodies = (
        corpus[c].tolist() for c in ("article_id", "outlet", "text", "headline_span", "body_spans")
    )
    # the word counts: the annotated corpus's words layer, or counted here the same way
    counted = iter(annotated.words) if annotated is not None else None
    # the table is built from columns, one list per column, filled article by article
    n_quotes, n_words, n_quoted, n_att, speakers, n_named, n_anon, media = ([] for _ in range(8))
    by_cat: dict[str, list[int]] = {c: [] for c in cats}
    article_id = None  # named in an internal error
    try:
        for article_id, text, headline, body in zip(ids, texts, headlines, bodies, strict=True):
            if counted is not None:
                _, n_in_zones, n_in_quotes, _ = next(counted)
            else:
                n_in_zones, n_in_quotes, _ = word_counts(
                    text, headline, body, spans_of.get(article_id, []), []
                )
            n_words.append(n_in_zones)
            n_quoted.append(n_in_quotes)
            n_quotes.append(len(quote_ids.get(article_id, ())))
            a = att_of.get(article_id, [])
            n_att.append(len(a))
            # one pass over the article's attributions
            named = anonymous = 0
            heard, vias, per_cat = set(), set(), dict.fromkeys(cats, 0)
            for sp, anon, cat, via in a:
                if sp != "unknown":
                    heard.add(sp)
                    if not anon:
                        named += 1
                if anon:
                    anonymous += 1
                if cat in per_cat:  # a category that is not in cats is counted in none
                    per_cat[cat] += 1
                if type(via) is str or not pd.isna(via):  # not None, NaN, NA
                    vias.add(via)
            speakers.append(heard)
            n_named.append(named)
            n_anon.append(anonymous)
            # the media named as via, or as speaker ("unknown" is no medium)
            media.append(vias | ({sp for sp, _, _, _ in a} & media_names))
            for c in cats:
                by_cat[c].append(per_cat[c])
    except Exception as exc:
        reraise_for(article_id, "sources", exc)
    if ids:
        values = [ids, outlets, n_quotes, n_words, n_quoted, n_att, speakers, n_named, n_anon,
                  media, *by_cat.values()]  # fmt: skip
        table = pd.DataFrame(dict(zip(names, values, strict=True)))
    else:  # an empty corpus: an empty table with the usual columns and dtypes
        table = pd.DataFrame([], columns=names)
        table = table.astype({c: "int64" for c in names if c.startswith("n_")})
    shares = None
    if by == "outlet":
        agg: dict[str, str | Callable[[pd.Series], set[str]]]
        agg = {c: "sum" for c in table.columns if c.startswith("n_")}
        agg.update(speakers=lambda s: set().union(*s), media=lambda s: set().union(*s))
        shares = _quoted_share_intervals(table, level, interval)
        table = table.groupby("outlet", sort=True, dropna=False).agg(agg).reset_index()
    table["share_quoted_words"] = (
        table["n_quoted_words"] / table["n_word_tokens"].where(table["n_word_tokens"] > 0)
    ).round(3)
    if shares is not None:
        for name, column in shares.items():
            table[name] = column
    table["n_speakers"] = table["speakers"].map(len)
    table["media_cited"] = table["media"].map(lambda s: "; ".join(sorted(s)))
    return table.drop(columns=["speakers", "media"])
