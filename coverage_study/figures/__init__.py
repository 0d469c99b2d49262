"""Plots and the one function that writes figures to disk, byte for byte reproducibly.

Plot functions (``plot_*``) take a table and an optional ``ax``, return the figure and never
write to disk. :func:`save_figure` is the only writer: Agg backend, matplotlib's bundled DejaVu
Sans (no system fonts), text as paths, a fixed ``svg.hashsalt``, no dates or software versions
in the file's metadata, written to a temporary file and renamed so that an interrupted run
leaves the previous figure intact.

Style: outlets appear in the same order in every figure (:func:`outlet_order`); colours are
greys and hatches, which survive greyscale printing.

At scale (3 to 30 outlets, up to 100,000 articles) every figure keeps its font sizes and grows
instead: a figure's height (or width) grows with the number of outlets or rows it draws.
Labels follow one rule (:func:`short_label`): a long outlet name is wrapped at word boundaries
into at most two lines of 28 characters (one line in heatmaps and the timeline) and what does
not fit is cut with "…"; the full names stay in the tables. Heatmaps of speakers, actors and
media draw the ``top`` rows by total and sum the rest into one real row, ``others (k)``, so the
column totals are unchanged. Rates and their intervals are always computed from pooled counts
(the hits and words of all the articles of an outlet summed, then one Garwood interval), never
from averaged per-article intervals.

The modules, one per subject of the figures (this package re-exports their names):

- :mod:`.style`: rcParams, greys, outlet order, tick labels, top rows, new axes, notes;
- :mod:`.save`: :func:`save_figure`, the one writer;
- :mod:`.marks`: what a figure says about its uncertainty (notes and marks; draws nothing);
- :mod:`.heatmap`: the annotated heatmap the tables of counts and rates are drawn as;
- :mod:`.cleaning`: body against removed page furniture;
- :mod:`.readability`: the readability indices, long sentences against long words;
- :mod:`.terms`: term-family rates by voice, and as a heatmap;
- :mod:`.actors`: actor mentions;
- :mod:`.attribution`: speakers, media cited, reporting-verb stance;
- :mod:`.keyness`: distinctive words;
- :mod:`.timeline`: coverage over time.
"""

from __future__ import annotations

import matplotlib

matplotlib.use("Agg")  # before any submodule imports pyplot

# the names imported ``X as X`` are not public: re-exported for the code that imported them from
# the single module this package was
from ..tables.terms import VOICES as TERM_VOICES  # noqa: E402, F401
from .actors import plot_actor_mentions  # noqa: E402
from .attribution import plot_cue_stance, plot_media_cited, plot_speakers  # noqa: E402
from .cleaning import plot_body_vs_removed  # noqa: E402
from .heatmap import TOP as TOP  # noqa: E402
from .heatmap import _marked as _marked  # noqa: E402
from .heatmap import _tidy_heatmap as _tidy_heatmap  # noqa: E402
from .heatmap import plot_heatmap  # noqa: E402
from .keyness import _one_article_note as _one_article_note  # noqa: E402
from .keyness import plot_keyness  # noqa: E402
from .marks import MARK as MARK  # noqa: E402
from .marks import held as held  # noqa: E402
from .marks import interval_note as interval_note  # noqa: E402
from .readability import MARKERS as MARKERS  # noqa: E402
from .readability import READABILITY_GRADES as READABILITY_GRADES  # noqa: E402
from .readability import _ordered as _ordered  # noqa: E402
from .readability import plot_readability, plot_sentence_vs_word_difficulty  # noqa: E402
from .save import _METADATA as _METADATA  # noqa: E402
from .save import save_figure  # noqa: E402
from .style import FIGURE_STYLE, outlet_order, short_label, short_labels, top_rows  # noqa: E402
from .style import GREYS as GREYS  # noqa: E402
from .style import HATCHES as HATCHES  # noqa: E402
from .style import _figure_of as _figure_of  # noqa: E402
from .style import _new_axes as _new_axes  # noqa: E402
from .style import _note as _note  # noqa: E402
from .terms import VOICES as VOICES  # noqa: E402
from .terms import _pooled_rates as _pooled_rates  # noqa: E402
from .terms import plot_rate_heatmap, plot_term_rates_by_voice  # noqa: E402
from .timeline import plot_coverage_over_time  # noqa: E402

__all__ = [
    "FIGURE_STYLE",
    "outlet_order",
    "plot_actor_mentions",
    "plot_body_vs_removed",
    "plot_coverage_over_time",
    "plot_cue_stance",
    "plot_media_cited",
    "plot_rate_heatmap",
    "plot_speakers",
    "plot_heatmap",
    "plot_keyness",
    "plot_readability",
    "plot_sentence_vs_word_difficulty",
    "plot_term_rates_by_voice",
    "save_figure",
    "short_label",
    "short_labels",
    "top_rows",
]
