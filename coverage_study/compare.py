"""Cross-outlet tables: who speaks, with which verbs, through which media.

Each function takes the span tables (``attributions``, ``quotes``) of one corpus and returns a
tidy table with one row per group and category, zeros included, so that a notebook only plots.
Groups are ``outlet`` by default (any metadata column of the corpus works).
"""

from __future__ import annotations

from typing import Any

import pandas as pd

__all__ = ["cue_table", "media_table", "speaker_table"]


def _with_group(table: pd.DataFrame, corpus: pd.DataFrame, by: str) -> pd.DataFrame:
    if by not in corpus:
        raise ValueError(f"by={by!r}: the corpus has no such column")
    groups = corpus[["article_id", by]].drop_duplicates("article_id")
    return table.merge(groups, on="article_id", how="left")


def _complete(
    table: pd.DataFrame, by: str, key: str, groups: list[Any], keys: list[Any]
) -> pd.DataFrame:
    full = pd.MultiIndex.from_product([groups, keys], names=[by, key])
    return table.set_index([by, key]).reindex(full, fill_value=0).reset_index()


def speaker_table(
    corpus: pd.DataFrame, attributions: pd.DataFrame, quotes: pd.DataFrame, by: str = "outlet"
) -> pd.DataFrame:
    """Per group and speaker: ``n_attributions``, ``n_quotes``, ``n_quoted_words``.

    ``quotes`` is the :func:`coverage_study.quotes` table (one row per quotation). Speakers are
    the resolved actors of :func:`coverage_study.attribution.attributions` (``unknown`` where
    unresolved). Quoted words are the ``n_words`` of the outer quotations attributed to the
    speaker (nested quotations are inside their outer one and not counted again);
    unattributed quotations count under ``(no speaker)``. An attribution or quotation given to
    several speakers ("A; B") counts for each, so the sums over speakers can exceed the
    corpus's ``n_attributions`` and ``n_quotes``; with one speaker each they are equal.
    """
    a = _with_group(attributions, corpus, by)
    a = a.assign(speaker=a["speaker"].fillna("unknown").str.split("; ")).explode("speaker")
    n_attr = a.groupby([by, "speaker"]).size().rename("n_attributions")
    q = _with_group(quotes[quotes["depth"] == 0], corpus, by)
    q = q.assign(speaker=q["speaker"].fillna("(no speaker)").str.split("; ")).explode("speaker")
    n_q = q.groupby([by, "speaker"]).agg(
        n_quotes=("text", "size"), n_quoted_words=("n_words", "sum")
    )
    table = pd.concat([n_attr, n_q], axis=1).fillna(0).astype("int64").reset_index()
    groups = sorted(corpus[by].dropna().unique())
    return _complete(table, by, "speaker", groups, sorted(table["speaker"].unique()))


def cue_table(corpus: pd.DataFrame, attributions: pd.DataFrame, by: str = "outlet") -> pd.DataFrame:
    """Per group and reporting-verb category: ``n`` attributions and ``share`` of the group's.

    Categories come from ``data/reporting_verbs.toml`` (neutral, distancing, endorsing,
    directive); an attribution without a cue word (a continued quotation) is ``none``.
    """
    a = _with_group(attributions, corpus, by)
    a = a.assign(cue_category=a["cue_category"].fillna("none"))
    table = a.groupby([by, "cue_category"]).size().rename("n").reset_index()
    groups = sorted(corpus[by].dropna().unique())
    categories = sorted(set(table["cue_category"]) | {"neutral", "distancing", "endorsing"})
    table = _complete(table, by, "cue_category", groups, categories)
    totals = table.groupby(by)["n"].transform("sum")
    return table.assign(share=(table["n"] / totals.where(totals > 0)).fillna(0.0))


def media_table(
    corpus: pd.DataFrame, attributions: pd.DataFrame, by: str = "outlet"
) -> pd.DataFrame:
    """Per group and medium: ``n`` attributions whose words reach the reader through it
    (``via``)."""
    a = _with_group(attributions, corpus, by).dropna(subset=["via"])
    table = a.groupby([by, "via"]).size().rename("n").reset_index()
    groups = sorted(corpus[by].dropna().unique())
    return _complete(table, by, "via", groups, sorted(table["via"].unique()))
