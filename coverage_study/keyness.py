"""Distinctive words between groups (outlets): weighted log-odds with an informative prior.

For each group ``g`` and word ``w`` (lower-cased word tokens of headline and body, the package's
one token definition), with ``y`` the counts in ``g`` and ``y'`` in all other groups, ``n`` and
``n'`` their token totals, and the prior ``a_w`` = the word's count in the whole corpus
(``a0`` = all tokens), the log-odds ratio with an informative Dirichlet prior
(Monroe, Colaresi & Quinn 2008, "Fightin' Words", eq. 16; the empirical-Bayes prior of the
tidylo package) is::

    delta = log((y + a) / (n + a0 - y - a)) - log((y' + a) / (n' + a0 - y' - a))
    var   = 1 / (y + a) + 1 / (y' + a)
    z     = delta / sqrt(var)

``z`` > 0: the word is more typical of ``g`` than of the other groups (higher = more
distinctive); the prior shrinks rare words towards 0, so a word used once is not "distinctive".
Every group is compared with the rest, so more than two groups work. ``kwic(corpus, word)``
shows every use of a word behind its score.
"""

from __future__ import annotations

from collections import Counter

import numpy as np
import pandas as pd

from .corpus import zone_spans
from .spans import WORD

__all__ = ["keyness_table"]


def _counts(corpus: pd.DataFrame, by: str) -> dict[str, Counter[str]]:
    zones = zone_spans(corpus).merge(corpus[["article_id", by]], on="article_id")
    texts = corpus.set_index("article_id")["text"]
    counts: dict[str, Counter[str]] = {}
    for r in zones.itertuples(index=False):
        group = getattr(r, by)
        words = (
            m.group().lower().replace("’", "'")
            for m in WORD.finditer(texts[r.article_id], r.start, r.end)
        )
        counts.setdefault(group, Counter()).update(words)
    return counts


def keyness_table(corpus: pd.DataFrame, by: str = "outlet", min_count: int = 1) -> pd.DataFrame:
    """Distinctive words of each group: one row per group and word.

    Parameters
    ----------
    corpus : DataFrame
        As returned by :func:`coverage_study.load_corpus`.
    by : str
        The grouping column (default ``outlet``); at least two groups.
    min_count : int
        Leave out words used fewer times in the whole corpus.

    Returns
    -------
    DataFrame
        ``<by>, word, n, n_other, log_odds, se, z, rank`` (``rank`` 1 = most distinctive of its
        group by ``z``), sorted by group then rank.
    """
    if by not in corpus:
        raise ValueError(f"keyness_table: by={by!r} is not a column of the corpus")
    counts = _counts(corpus, by)
    if len(counts) < 2:
        raise ValueError(f"keyness_table: needs at least two groups in {by!r}, found {len(counts)}")
    total: Counter[str] = Counter()
    for c in counts.values():
        total.update(c)
    words = sorted(w for w, n in total.items() if n >= min_count)
    a = np.array([total[w] for w in words], dtype=float)
    a0 = float(sum(total.values()))
    frames = []
    for group in sorted(counts):
        y = np.array([counts[group][w] for w in words], dtype=float)
        y_other = a - y
        n = float(sum(counts[group].values()))
        n_other = a0 - n
        delta = np.log((y + a) / (n + a0 - y - a)) - np.log(
            (y_other + a) / (n_other + a0 - y_other - a)
        )
        se = np.sqrt(1 / (y + a) + 1 / (y_other + a))
        frame = pd.DataFrame(
            {by: group, "word": words, "n": y.astype("int64"), "n_other": y_other.astype("int64"),
             "log_odds": delta, "se": se, "z": delta / se}
        )  # fmt: skip
        frame = frame.sort_values(["z", "word"], ascending=[False, True], kind="mergesort")
        frame["rank"] = np.arange(1, len(frame) + 1)
        frames.append(frame)
    return pd.concat(frames, ignore_index=True)
