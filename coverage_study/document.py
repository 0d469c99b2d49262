"""A corpus annotated in one pass: each article read once by every component, each layer found
once, by the module that owns it, and read by every table.

spaCy parses a text once into a ``Doc`` that later components read; here
:func:`~coverage_study.annotation.annotate` takes a loaded corpus and gives an
:class:`AnnotatedCorpus`, and
:meth:`AnnotatedCorpus.build` reads the articles one after the other, each (an
:class:`Article`) with every component in turn, in the order of :data:`PASS`:

====================  ==============================================  ======================
layer                 what                                            component (module)
====================  ==============================================  ======================
``quotation_parts``   quotation marks, one row per paragraph part     ``article_parts``
                                                                      (quotations)
``attributions``      source, cue, content (direct, mixed, reported)  ``Reader`` (attribution)
``voices``            direct-quote and indirect spans                 ``article_voices`` (voice)
``hits``              term-family hits with their voice               ``Scanner`` (term_scan),
                                                                      ``article_hits`` (terms)
``mentions``          actor mentions                                  ``MentionFinder`` (actors)
``counts``            readability counts of the cleaned body          ``article_counts``
                                                                      (readability)
``words``             word tokens in the zones, quotations, parts     ``word_counts`` (sources)
====================  ==============================================  ======================

A component reads what the components before it found in the same article (attributions read
its outer quotations, voices read both, hits read the voices), so two tables that need the
quotations read the same ones and their counts cannot drift apart. After the pass each layer's
rows become its table (``quotes``, each quotation once with its attribution, is then a view of
the parts and attributions). A layer read before :meth:`~AnnotatedCorpus.build` is found then,
in a pass of its own with the layers it reads. The public table and span functions take an
``AnnotatedCorpus`` wherever they take a corpus (``quotes``, ``attributions``,
``voice_spans``, ``sources_table``, ``term_hits``, ``term_table``, ``kwic``,
``actor_mentions``, ``actor_table``, ``readability_table``, ``metrics_table``) and then read
its layers instead of starting again from the text; ``metrics_table`` builds every layer in
one pass.

``annotated[article_id]`` is one article's :class:`Document`: its text, zones and the rows of
every layer for it, offsets into its ``text``, to read a number back from the words.

``annotate(..., cache=FOLDER)`` and :meth:`AnnotatedCorpus.save` keep the layers on disk, read
back only while everything that decided them is unchanged (:mod:`coverage_study.saved_annotation`).
"""

from __future__ import annotations

import functools
import warnings
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING, Any

import pandas as pd

# the per-article input, below the components; importable from here as before
from .components.article import Article, Layers, articles
from .components.article import unpack as unpack

if TYPE_CHECKING:
    from .components.aliases import AliasTable
    from .components.lexicon import Lexicon
    from .saved_annotation import SavedLayers

__all__ = ["AnnotatedCorpus", "Article", "Document", "articles"]

LAYERS = (
    "quotation_parts", "attributions", "voices", "quotes", "hits", "mentions", "counts", "words"
)  # fmt: skip
PASS = ("quotation_parts", "attributions", "voices", "hits", "mentions", "counts", "words")
"""The layers found in the one pass over the articles, in the order each article is read."""
_READS: dict[str, tuple[str, ...]] = {
    "quotation_parts": (),
    "attributions": ("quotation_parts",),
    "voices": ("quotation_parts", "attributions"),
    "hits": ("voices",),
    "mentions": (),
    "counts": (),
    "words": ("quotation_parts",),
}


@dataclass(frozen=True)
class Document:
    """One article and its layers: each a DataFrame of this article's rows of the corpus-wide
    layer (same columns), offsets into ``text``."""

    article_id: str
    text: str
    zones: tuple[tuple[str, int, int], ...]
    """``(zone, start, end)``: the headline, then the body paragraphs, in text order."""
    quotes: pd.DataFrame
    attributions: pd.DataFrame
    voices: pd.DataFrame
    hits: pd.DataFrame
    mentions: pd.DataFrame

    def show(self, start: int, end: int) -> str:
        """``text[start:end]``: a span of any layer, read back."""
        return self.text[start:end]


def _as_objects(table: pd.DataFrame, also: tuple[str, ...] = ()) -> pd.DataFrame:
    """``table`` with its pandas string columns (and ``also``) as object columns of ``str``:
    every span function reads them row by row, and pandas' Arrow-backed strings build a new
    ``str`` at every access."""
    columns = {
        c: object
        for c, dtype in table.dtypes.items()
        if c in also or isinstance(dtype, pd.StringDtype)
    }
    return table.astype(columns) if columns else table


class AnnotatedCorpus(Layers):
    """A loaded corpus with its layers, each computed once on first use (see the module
    docstring). Build it with :func:`~coverage_study.annotation.annotate`; ``len()``,
    iteration (one :class:`Document` per article, in corpus order) and ``[article_id]`` give
    the documents."""

    def __init__(
        self,
        corpus: pd.DataFrame,
        lexicon: Lexicon,
        aliases: AliasTable,
        warn: bool,
        discover: bool = True,
        engine: str = "rules",
    ):
        from .components.attribution.engines import check_engine

        self.engine = check_engine(engine)
        """The attribution engine (``"rules"`` or ``"parse"``) that finds the attributions."""
        attrs = corpus.attrs
        self.source = corpus
        """The corpus as given."""
        self.corpus = _as_objects(corpus, ("text", "body"))
        """The same, its string columns as Python strings (what every layer reads)."""
        self.corpus.attrs = attrs
        self.lexicon = lexicon
        self.aliases = aliases
        self.warn = warn
        self.discover = discover
        """Whether the mentions and speakers include the actors found in the text."""
        self.n_jobs = 1
        """Processes of the pass (:func:`~coverage_study.annotation.annotate`'s ``n_jobs``):
        with 2 or more, a large corpus is read in chunks of articles on that many worker
        processes (:mod:`~coverage_study.passes`); the layers are the same."""
        # per article, what later layers read of the earlier ones (filled by the pass): the
        # outer quotations' mark spans, the reported contents, the voice spans as ranks, the
        # quotation parts' spans
        self._direct: list[list[tuple[int, int]]] = []
        self._reported: list[list[tuple[int, int]]] = []
        self._ranks: list[list[tuple[int, int, int]]] = []
        self._part_spans: list[list[tuple[int, int]]] = []  # each quotation part's start, end
        self._saved: SavedLayers | None = None
        """The layers of a saved annotation, each read on first use (set by ``annotate``)."""
        self.fingerprint: str | None = None
        """:func:`~coverage_study.corpus_fingerprint` of the corpus, when ``annotate(...,
        cache=)`` knows it from the annotation's key (None otherwise)."""

    def __repr__(self) -> str:
        done = [name for name in LAYERS if name in self.__dict__]
        return (
            f"<AnnotatedCorpus: {len(self)} articles, lexicon {self.lexicon.name} "
            f"{self.lexicon.version}, layers computed: {', '.join(done) or 'none yet'}>"
        )

    def __len__(self) -> int:
        return len(self.corpus)

    # --- the layers ---------------------------------------------------------------------
    # Each layer is kept as its function returns it (the public functions hand out copies);
    # the layers that later layers read are also kept with Python-string columns (:meth:`layer`).
    def build(self, *layers: str) -> AnnotatedCorpus:
        """Find ``layers`` (default every layer of the pass: :data:`PASS`) and the layers they
        read, those not found yet, in one pass over the articles: each article is read by each
        component in turn (quotations, attributions, voices, term hits, actor mentions,
        readability counts) before the next article is. Returns the annotated corpus."""
        todo: list[str] = []

        def need(name: str) -> None:
            if name not in self.__dict__ and name not in todo and not self._read_saved(name):
                for first in _READS[name]:
                    need(first)
                todo.append(name)

        for name in layers or PASS:
            if name not in _READS:
                raise ValueError(f"no layer {name!r} in the pass (the layers: {', '.join(PASS)})")
            need(name)
        if todo:
            self._pass([name for name in PASS if name in todo])
        return self

    def _pass(self, todo: list[str]) -> None:
        """Find the layers ``todo`` (in :data:`PASS` order) in one pass over the articles: on
        this process, or with :attr:`n_jobs` of 2 or more and a large corpus, in chunks of
        articles on worker processes (:mod:`coverage_study.passes`); the same tables."""
        from .components.actors import MentionFinder, mentions_frame
        from .components.attribution.table import Reader, attributions_frame
        from .components.quotations import parts_frame
        from .components.term_voice import _attrs, hits_frame
        from .components.voice import voices_frame
        from .passes import chunked, pass_in_chunks, pass_rows

        state = (self._direct, self._reported, self._ranks, self._part_spans)
        settings = (self.warn, self.discover, self.engine, self.lexicon, self.aliases)
        if pass_in_chunks(len(self.corpus), self.n_jobs, todo):
            out, discovery = chunked(self.corpus, todo, state, self.n_jobs, *settings)
            # the workers' readers counted the names; here they are named over the corpus
            read = Reader(self.aliases, self.discover, discovery)
            find = MentionFinder(self.aliases, self.discover, discovery)
        else:
            out, read, find = pass_rows(self.corpus, todo, state, *settings)
        frames: dict[str, Callable[[list[Any]], Any]] = {
            "quotation_parts": parts_frame,
            "attributions": lambda rows: attributions_frame(rows, read, as_written=True),
            "voices": voices_frame,
            "hits": lambda rows: hits_frame(rows, _attrs(self.corpus, self.lexicon)),
            "mentions": lambda rows: mentions_frame(rows, find),
            "counts": lambda counted: counted,
            "words": lambda counted: counted,
        }
        for name, rows in out.items():
            self.__dict__[name] = frames[name](rows)

    @property
    def quotation_parts(self) -> pd.DataFrame:
        """:func:`~coverage_study.components.quotations.unattributed_quotes`: one row per paragraph
        part (warns once about unbalanced marks if the corpus was annotated with ``warn=True``)."""
        return self._get("quotation_parts")

    @property
    def attributions(self) -> pd.DataFrame:
        """:func:`~coverage_study.components.attribution.attributions`, read from the quotation
        parts."""
        if "_public_attributions" not in self.__dict__:
            layer = self._get("attributions")  # with the speakers as written, if discovered
            self.__dict__["_public_attributions"] = layer.drop(
                columns=[c for c in layer.columns if c.startswith("_")]
            )
        table: pd.DataFrame = self.__dict__["_public_attributions"]
        return table

    def _without_discovery(self) -> AnnotatedCorpus:
        """This corpus as ``annotate(..., discover=False)`` annotates it, from these layers (no
        article read again): speakers as the rules and the alias table name them, mentions of
        the alias table's actors only. Every other layer is shared (discovery changes none).
        ``metrics_table`` reads it: its rows depend on their article alone."""
        from .components.actors import TABLE
        from .components.attribution.table import AS_WRITTEN

        if not self.discover:
            return self
        self.build()
        view = AnnotatedCorpus(self.source, self.lexicon, self.aliases, self.warn, False,
                               self.engine)  # fmt: skip
        for name in ("quotation_parts", "voices", "hits", "counts", "words"):
            view.__dict__[name] = self._get(name)
        found = self._get("attributions")
        view.__dict__["attributions"] = found.drop(columns="speaker").rename(
            columns={AS_WRITTEN: "speaker"})[list(self.attributions.columns)]  # fmt: skip
        mentions = self._get("mentions")
        view.__dict__["mentions"] = mentions[mentions["found_by"] == TABLE].reset_index(drop=True)
        if "_quotation_warnings" in self.__dict__:
            view.__dict__["_quotation_warnings"] = self.__dict__["_quotation_warnings"]
        view.n_jobs, view.fingerprint = self.n_jobs, self.fingerprint
        return view

    @property
    def voices(self) -> pd.DataFrame:
        """:func:`~coverage_study.components.voice.voice_spans`, read from the quotation parts and
        the attributions."""
        return self._get("voices")

    @property
    def hits(self) -> pd.DataFrame:
        """:func:`~coverage_study.term_hits` with this corpus's lexicon, voiced by the voices."""
        return self._get("hits")

    @property
    def mentions(self) -> pd.DataFrame:
        """:func:`~coverage_study.actor_mentions` with this corpus's alias table."""
        return self._get("mentions")

    @property
    def counts(self) -> list[tuple[str, dict[str, int], bool]]:
        """Each article's readability counts, ``(article_id, counts, punctuated)``
        (:func:`~coverage_study.components.readability.article_counts`), that
        :func:`~coverage_study.readability_table` computes the indices from."""
        counted: list[tuple[str, dict[str, int], bool]] = self._get("counts")
        return counted

    @property
    def words(self) -> list[tuple[str, int, int, list[int]]]:
        """Each article's word tokens (:data:`~coverage_study.text.spans.WORD`), counted once:
        ``(article_id, in the headline and body, inside its outer quotations, in each of its
        quotation parts)`` (:func:`~coverage_study.components.words.word_counts`), read by
        :func:`~coverage_study.sources_table` and :func:`~coverage_study.quotes`."""
        counted: list[tuple[str, int, int, list[int]]] = self._get("words")
        return counted

    @property
    def part_words(self) -> list[int]:
        """The word count of each row of :attr:`quotation_parts`, in order."""
        return [n for _, _, _, parts in self.words for n in parts]

    def _get(self, name: str) -> Any:
        if name not in self.__dict__ and not self._read_saved(name):
            self.build(name)
        return self.__dict__[name]

    def _read_saved(self, name: str) -> bool:
        """Read the layer ``name`` from the saved annotation, if there is one; a layer whose file
        is damaged (an AnnotationWarning) is found again from the text, in a pass of its own
        over a fresh annotation of the same corpus (the pass's per-article state of the layers it
        reads is not saved), and its file replaced. Whether the layer is now here."""
        if self._saved is None or name not in self._saved.kinds:
            return False
        layer = self._saved.load(name)
        if layer is None:
            fresh = AnnotatedCorpus(self.source, self.lexicon, self.aliases, False, self.discover,
                                    self.engine)  # fmt: skip
            layer = fresh.build(name).__dict__[name]
            from . import saved_annotation as saved

            try:
                saved.replace_layer(self._saved.folder, name, layer)
            except (OSError, ValueError, KeyError) as exc:
                warnings.warn(f"the layer {name} could not be saved again to "
                              f"{self._saved.folder} ({exc})", saved.AnnotationWarning,
                              stacklevel=4)  # fmt: skip
        elif name == "hits":  # the attrs of the pass: this corpus's and lexicon's
            from .components.term_voice import _attrs

            layer.attrs = _attrs(self.corpus, self.lexicon)
        self.__dict__[name] = layer
        return True

    @functools.cached_property
    def quotes(self) -> pd.DataFrame:
        """:func:`~coverage_study.quotes`: each quotation once, with its attribution."""
        from .components.attribution import attach_to_quotes
        from .components.quotation_rows import one_row_per_quotation

        parts = self.quotation_parts
        if len(parts):
            parts = attach_to_quotes(self.corpus, parts, attributions_table=self.attributions)
        return one_row_per_quotation(self.corpus, parts, self.part_words)

    def layer(self, layer: str) -> pd.DataFrame:
        """The layer with Python-string columns, for the functions that read it row by row."""
        key = f"_read_{layer}"
        if key not in self.__dict__:
            self.__dict__[key] = _as_objects(getattr(self, layer))
        table: pd.DataFrame = self.__dict__[key]
        return table

    def save(self, path: str | Path) -> Path:
        """Write every layer of the pass (found now if not yet) to the folder ``path`` with the
        key of what decided them, atomically; ``annotate(corpus, ..., cache=path)`` reads it back
        while the key holds (:mod:`coverage_study.saved_annotation`). The corpus table is not
        written (the caller has it). A saved annotation already at ``path`` is replaced.

        Returns
        -------
        Path
            ``path``.

        Raises
        ------
        ValueError
            If ``path`` is a file, or a folder that holds other files than a saved annotation.
        """
        from . import saved_annotation as saved

        saved.check_target(path)
        if "quotation_parts" in self.__dict__ and "_quotation_warnings" not in self.__dict__:
            self.__dict__["_quotation_warnings"] = _quotation_warnings(self.corpus)
        self._build_recording()
        key = saved.annotation_key(self.source, self.lexicon, self.aliases, engine=self.engine,
                                   discover=self.discover)  # fmt: skip
        return saved.write(path, key, self._pass_layers(),
                           saved_warnings={"quotations": self.__dict__["_quotation_warnings"]})

    def _build_recording(self) -> None:
        """Build every layer, keeping (not showing) the quotation warnings of the pass."""
        from . import saved_annotation as saved

        if "quotation_parts" in self.__dict__:
            self.build()
            return
        warn, self.warn = self.warn, True
        try:
            with warnings.catch_warnings(record=True) as caught:
                warnings.simplefilter("always")
                self.build()
        finally:
            self.warn = warn
        self.__dict__["_quotation_warnings"] = saved.records(caught)

    def _pass_layers(self) -> dict[str, Any]:
        return {name: self.__dict__[name] for name in PASS}

    # --- the documents ------------------------------------------------------------------
    @functools.cached_property
    def _rows(self) -> dict[str, dict[str, list[int]]]:
        """layer -> article_id -> the positions of its rows (one pass per layer)."""
        index: dict[str, dict[str, list[int]]] = {}
        for name in ("quotes", "attributions", "voices", "hits", "mentions"):
            rows: dict[str, list[int]] = {}
            for i, article_id in enumerate(getattr(self, name)["article_id"].tolist()):
                rows.setdefault(article_id, []).append(i)
            index[name] = rows
        return index

    @functools.cached_property
    def _position(self) -> dict[str, int]:
        ids = self.corpus["article_id"].tolist()
        position = {a: i for i, a in reversed(list(enumerate(ids)))}
        if len(position) < len(ids):
            raise ValueError("the corpus has duplicated article ids: no document per article")
        return position

    def __getitem__(self, article_id: str) -> Document:
        at = self._position.get(article_id)
        if at is None:
            raise KeyError(f"no article {article_id!r} in this corpus")
        row = self.corpus.iloc[at]
        zones = [] if row["headline_span"] is None else [("headline", *row["headline_span"])]
        zones += [("body", s, e) for s, e in row["body_spans"]]
        layers = {
            name: getattr(self, name).iloc[rows.get(article_id, [])].reset_index(drop=True)
            for name, rows in self._rows.items()
        }
        zones_t = tuple((z, int(s), int(e)) for z, s, e in sorted(zones, key=lambda z: z[1]))
        return Document(article_id, row["text"], zones_t, **layers)

    def __iter__(self) -> Iterator[Document]:
        for article_id in self.corpus["article_id"].tolist():
            yield self[article_id]


def _quotation_warnings(corpus: pd.DataFrame) -> list[dict[str, Any]]:
    """The quotation warnings of a pass over ``corpus`` (found again, for a corpus whose
    quotations were found before it was saved)."""
    from . import saved_annotation as saved
    from .components.quotations import article_parts

    with warnings.catch_warnings(record=True) as caught:
        warnings.simplefilter("always")
        for article in articles(corpus):
            article_parts(article, warn=True)
    return saved.records(caught)
