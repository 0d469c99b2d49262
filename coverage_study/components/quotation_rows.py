"""The quotation parts of each paragraph as one row per quotation: the rows of
:func:`coverage_study.quotes`, made once by the document's pass
(:class:`~coverage_study.document.AnnotatedCorpus`) and by :func:`coverage_study.quotes`."""

from __future__ import annotations

import pandas as pd

from ..text.spans import count_words_in, word_bytes

__all__ = ["one_row_per_quotation"]


def one_row_per_quotation(
    corpus: pd.DataFrame, parts: pd.DataFrame, part_words: list[int] | None = None
) -> pd.DataFrame:
    """The per-paragraph ``parts`` (an
    :func:`~coverage_study.components.quotations.unattributed_quotes` table, attributed or not) as
    one row per quotation, with ``n_parts`` and ``n_words`` (see :func:`~coverage_study.quotes`).
    ``part_words``: the word count of each part, if already counted (the words layer of an annotated
    corpus)."""
    text_of = dict(zip(corpus["article_id"].tolist(), corpus["text"].tolist(), strict=True))
    ids, starts, ends = (parts[c].tolist() for c in ("article_id", "start", "end"))
    words: list[int] = []
    if part_words is not None:
        words = part_words
    last, wb = None, None
    for a, s, e in zip(ids, starts, ends, strict=True) if part_words is None else ():
        if a != last:  # the parts of an article are together: its bytes made once
            last, wb = a, word_bytes(text_of[a])
        words.append(count_words_in(text_of[a], wb, s, e))
    table = parts.assign(n_parts=1, n_words=words)
    key = ["article_id", "quote_id"]
    several = table.duplicated(key, keep=False).to_numpy()
    if not several.any():
        return table.reset_index(drop=True)
    multi = table[several]
    first = multi.groupby(key, sort=False).head(1).set_index(key)
    grouped = multi.groupby(key, sort=False)
    last = grouped.tail(1).set_index(key)
    first["end"] = last["end"]
    first["mark_end"] = last["mark_end"]
    first["n_parts"] = grouped.size()
    first["n_words"] = grouped["n_words"].sum()
    for column in ("speaker", "cue", "via"):  # the first attributed part's
        attributed = multi.dropna(subset=["speaker"]).groupby(key, sort=False)[column].first()
        first[column] = attributed.reindex(first.index).where(
            attributed.reindex(first.index).notna(), None
        )
    text = [text_of[a][s:e] for (a, _), s, e in zip(first.index, first["start"], first["end"],
                                                     strict=True)]  # fmt: skip
    first["text"] = text
    merged = pd.concat([table[~several], first.reset_index()[table.columns]])
    return merged.sort_values(key, kind="stable").reset_index(drop=True)
