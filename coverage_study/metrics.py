"""One row per article with every metric: the table a study analyses and ``metrics`` writes.

:func:`metrics_table` computes each span table once (quotations, attributions, voices, term
hits, actor mentions) and joins the per-article summaries with the metadata. Column groups:

* metadata: every corpus column except the text and span columns;
* readability (:func:`coverage_study.readability_table`): ``n_words, n_sentences, ...`` and the
  seven indices;
* terms (:func:`coverage_study.term_table`): for each family ``f``: ``n_<f>``,
  ``per_1000_<f>``, ``n_<f>_narrator``, ``n_<f>_direct_quote``, ``n_<f>_indirect``, with the
  word-token denominator ``n_word_tokens``;
* sources (:func:`coverage_study.sources_table`): ``n_quotes, share_quoted_words,
  n_attributions, n_speakers, n_named, n_anonymous, n_<cue category>, media_cited``;
* actors (:func:`coverage_study.actor_table`): ``n_actor_mentions``, ``n_actors`` (distinct)
  and ``actors`` (``actor (n); ...`` by decreasing mentions).

``DataFrame.attrs`` carries the provenance: package version, cleaning rules, lexicon and alias
table (version and sha256).
"""

from __future__ import annotations

from pathlib import Path

import pandas as pd

from .actors import AliasTable, actor_table, load_aliases
from .attribution import attributions, sources_table
from .quotes import quotes
from .readability import readability_table
from .terms import Lexicon, load_lexicon, term_table
from .voice import voice_spans

__all__ = ["SPAN_COLUMNS", "metrics_table"]

SPAN_COLUMNS = ("text", "body", "headline_span", "body_spans", "removed_spans")
"""Corpus columns that hold text or spans, not per-article variables."""

_VOICES = ("narrator", "direct_quote", "indirect")


def _terms_wide(terms: pd.DataFrame) -> pd.DataFrame:
    parts = {}
    for family, t in terms.groupby("family", sort=False):
        t = t.set_index("article_id")
        parts[f"n_{family}"] = t["n"]
        parts[f"per_1000_{family}"] = t["per_1000_words"]
        for voice in _VOICES:
            parts[f"n_{family}_{voice}"] = t[f"n_{voice}"]
    wide = pd.DataFrame(parts)
    wide.insert(0, "n_word_tokens", terms.drop_duplicates("article_id").set_index("article_id")["n_words"])
    return wide


def _actors_summary(table: pd.DataFrame) -> pd.DataFrame:
    t = table[table["n_mentions"] > 0].sort_values(["article_id", "n_mentions", "actor"],
                                                   ascending=[True, False, True])  # fmt: skip
    summary = t.groupby("article_id").agg(
        n_actor_mentions=("n_mentions", "sum"),
        n_actors=("actor", "size"),
        actors=("actor", lambda s: "; ".join(f"{a} ({n})" for a, n in zip(
            s, t.loc[s.index, "n_mentions"], strict=True))),
    )  # fmt: skip
    return summary


def metrics_table(
    corpus: pd.DataFrame,
    lexicon: Lexicon | str | Path | None = None,
    aliases: AliasTable | str | Path | None = None,
) -> pd.DataFrame:
    """One row per article: metadata, readability, term families by voice, sources, actors.

    Unbalanced quotation marks are not warned about here (``quote_problems`` lists them);
    readability still warns about bodies it cannot score.
    """
    lexicon = load_lexicon(lexicon)
    aliases = aliases if isinstance(aliases, AliasTable) else load_aliases(aliases)
    q = quotes(corpus, warn=False, attribute=False)
    att = attributions(corpus, quotes_table=q, warn=False)
    voices = voice_spans(corpus, quotes_table=q, attributions_table=att, warn=False)

    meta = corpus[[c for c in corpus.columns if c not in SPAN_COLUMNS]].set_index("article_id")
    read = readability_table(corpus).set_index("article_id")
    terms = _terms_wide(term_table(corpus, lexicon, voices=voices))
    sources = sources_table(corpus, quotes_table=q, attributions_table=att).set_index("article_id")
    sources = sources.drop(columns=["outlet"], errors="ignore")
    actors = _actors_summary(actor_table(corpus, aliases))
    table = meta.join([read, terms, sources, actors])
    table[["n_actor_mentions", "n_actors"]] = (
        table[["n_actor_mentions", "n_actors"]].fillna(0).astype("int64")
    )
    table["actors"] = table["actors"].fillna("")
    table = table.reset_index()
    from . import __version__

    table.attrs = {
        "coverage_study": __version__,
        "cleaning_rules": corpus.attrs.get("cleaning_rules"),
        "lexicon": lexicon.provenance,
        "aliases": {"version": aliases.version, "sha256": aliases.sha256},
    }
    return table
