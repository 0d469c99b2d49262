"""``annotate``: a corpus (a table, or a folder or table file loaded here) in, an
:class:`~coverage_study.document.AnnotatedCorpus` out; read from a saved annotation
(:mod:`coverage_study.saved_annotation`) when ``cache`` names one whose key holds, else made
and saved there.
"""

from __future__ import annotations

import contextlib
import warnings
from pathlib import Path
from typing import TYPE_CHECKING, Any

import pandas as pd

from .document import AnnotatedCorpus

if TYPE_CHECKING:
    from .components.aliases import AliasTable
    from .components.lexicon import Lexicon

__all__ = ["annotate"]


def annotate(
    corpus: pd.DataFrame | AnnotatedCorpus,
    lexicon: Lexicon | str | Path | None = None,
    aliases: AliasTable | str | Path | None = None,
    *,
    warn: bool = True,
    discover: bool = True,
    engine: str = "rules",
    cache: str | Path | None = None,
    n_jobs: int = 1,
) -> AnnotatedCorpus:
    """The corpus with its layers, each computed once when first read (see the module
    docstring).

    Parameters
    ----------
    corpus : DataFrame, str or Path
        A loaded corpus (:func:`~coverage_study.load_corpus`), or a corpus folder or table file,
        loaded here with the packaged cleaning rules (with ``cache``, only when the saved
        annotation does not hold it already). An ``AnnotatedCorpus`` is returned as it is.
    lexicon, aliases
        As for :func:`~coverage_study.term_table` and :func:`~coverage_study.actor_table`
        (default the packaged ones).
    warn : bool
        A :class:`~coverage_study.CorpusWarning` per unbalanced quotation mark, once, when the
        quotations are first found (with ``cache``: when the annotation is read or made).
    discover : bool
        The mentions and speakers include the actors found in the text
        (:mod:`coverage_study.components.discover`; ``False``: the alias table's only).
    engine : str
        The attribution engine, ``"rules"`` (the default) or ``"parse"`` (a spaCy parse: the
        ``[parse]`` extra; :mod:`coverage_study.components.attribution.engines`). An
        ``AnnotatedCorpus`` given with another engine than its own is a ValueError.
    cache : str or Path, optional
        A folder for the saved annotation (:mod:`coverage_study.saved_annotation`). When it
        holds an annotation whose key (corpus, package code and version, data files, lexicon,
        alias table, engine, ``discover``) equals this call's, its layers (and, for a corpus
        folder, the loaded corpus) are read from it; otherwise every layer is found now and
        the folder is written, atomically, replacing what was there. None (default): nothing
        is read or written and each layer is found on first use. Never inside the corpus
        folder.
    n_jobs : int
        Processes of the pass (default 1). With 2 or more and at least
        :data:`~coverage_study.passes.CHUNKED_MIN` articles, the articles are read in
        chunks on that many worker processes, and the actors found in the text named over the
        whole corpus after (:mod:`coverage_study.passes`): the same layers and warnings,
        sooner. As with ``metrics_table(n_jobs=)``, a script that uses it needs the ``if
        __name__ == "__main__":`` guard of :mod:`multiprocessing`.

    Returns
    -------
    AnnotatedCorpus
        The same tables with or without ``cache``.

    Raises
    ------
    ValueError
        An unknown ``engine`` (the message names the engines), or a ``cache`` that is a file,
        a folder with other files, or inside the corpus folder.

    Warns
    -----
    AnnotationWarning
        A saved annotation that cannot be read whole (a file missing, truncated or changed):
        it is made again and replaced.
    """
    if isinstance(corpus, AnnotatedCorpus):
        if engine != "rules" and corpus.engine != engine:
            raise ValueError(
                f"annotate: the corpus was annotated with engine={corpus.engine!r}, not "
                f"{engine!r}: annotate the corpus table anew"
            )
        return corpus
    from .components.aliases import AliasTable, load_aliases
    from .components.attribution.engines import check_engine
    from .components.lexicon import load_lexicon

    check_engine(engine)
    table = aliases if isinstance(aliases, AliasTable) else load_aliases(aliases)
    if cache is not None:
        return _cached(corpus, load_lexicon(lexicon), table, warn, discover, engine, cache,
                       n_jobs)
    if isinstance(corpus, str | Path):
        from .reading.corpus import load_corpus

        corpus = load_corpus(corpus)
    annotated = AnnotatedCorpus(corpus, load_lexicon(lexicon), table, warn, discover, engine)
    annotated.n_jobs = n_jobs
    return annotated


def _cached(
    corpus: pd.DataFrame | str | Path,
    lexicon: Lexicon,
    aliases: AliasTable,
    warn: bool,
    discover: bool,
    engine: str,
    cache: str | Path,
    n_jobs: int = 1,
) -> AnnotatedCorpus:
    """:func:`annotate` with a saved annotation: read it if its key holds, else make and save it.
    It is read under a shared lock and made under an exclusive one (:mod:`coverage_study._lock`):
    runs at once on the same folder annotate once, the others read what the first wrote."""
    from . import saved_annotation as saved
    from ._lock import locked

    folder = None
    if isinstance(corpus, str | Path):
        saved.check_target(cache, corpus)
        folder = saved.folder_sha256(corpus)
        table = None
    else:
        saved.check_target(cache)
        table = corpus
    key = saved.annotation_key(table, lexicon, aliases, engine=engine, discover=discover,
                               folder=folder)  # fmt: skip

    def attempt() -> tuple[Any, list[warnings.WarningMessage]]:
        with warnings.catch_warnings(record=True) as caught:
            warnings.simplefilter("always")
            found = saved.read(cache, key, corpus=table is None)
        if found is not None and (table is not None or found[0] is not None):
            return found, caught
        return None, caught

    with locked(cache, exclusive=False):
        found, said_first = attempt()
    said_again: list[warnings.WarningMessage] = []
    with contextlib.ExitStack() as stack:
        if found is None:  # made here, unless another run made it since
            stack.enter_context(locked(cache, exclusive=True))
            found, said_again = attempt()
        given = {(w.category, str(w.message)) for w in said_first}
        again = [w for w in said_again if (w.category, str(w.message)) not in given]
        for w in [*said_first, *again]:  # each once, though the folder was read twice
            warnings.warn(w.message, w.category, stacklevel=3)
        if found is not None:
            annotated = _from_saved(found, table, corpus, lexicon, aliases, warn, discover, engine)
        else:
            annotated = _annotate_and_save(corpus, table, folder, lexicon, aliases, warn, discover,
                                           engine, cache, n_jobs)  # fmt: skip
    if warn:
        saved.replay(annotated.__dict__["_quotation_warnings"], stacklevel=4)
    return annotated


def _from_saved(found: Any, table: pd.DataFrame | None, corpus: pd.DataFrame | str | Path,
                lexicon: Lexicon, aliases: AliasTable, warn: bool, discover: bool, engine: str,
                ) -> AnnotatedCorpus:  # fmt: skip
    """The annotated corpus of a saved annotation (``found``: :func:`saved_annotation.read
    <coverage_study.saved_annotation.read>`'s), its layers read when first asked for."""
    from . import saved_annotation as saved

    stored, layers, said = found
    if table is None:
        assert stored is not None
        table = stored
        table.attrs["path"] = str(corpus)  # as load_corpus gives it
    annotated = AnnotatedCorpus(table, lexicon, aliases, warn, discover, engine)
    annotated._saved = layers  # each layer read from its file when first asked for
    annotated.fingerprint = layers.key.get("corpus", {}).get("fingerprint")
    annotated.__dict__["_quotation_warnings"] = said.get("quotations", [])
    saved.replay(said.get("load", []), stacklevel=5)
    return annotated


def _annotate_and_save(corpus: pd.DataFrame | str | Path, table: pd.DataFrame | None,
                       folder: str | None, lexicon: Lexicon, aliases: AliasTable, warn: bool,
                       discover: bool, engine: str, cache: str | Path, n_jobs: int,
                       ) -> AnnotatedCorpus:  # fmt: skip
    """Load (a corpus folder), annotate and save to ``cache``; an annotation that cannot be
    saved is used unsaved, with a warning."""
    from . import saved_annotation as saved

    with warnings.catch_warnings(record=True) as loading:
        warnings.simplefilter("always")
        if table is None:
            from .reading.corpus import load_corpus

            table = load_corpus(corpus)
    annotated = AnnotatedCorpus(table, lexicon, aliases, warn, discover, engine)
    annotated.n_jobs = n_jobs
    annotated._build_recording()
    said = {"load": saved.records(loading),
            "quotations": annotated.__dict__["_quotation_warnings"]}  # fmt: skip
    key = saved.annotation_key(table, lexicon, aliases, engine=engine, discover=discover,
                               folder=folder)  # fmt: skip
    annotated.fingerprint = key["corpus"]["fingerprint"]
    try:
        kept = table if folder is not None else None  # a corpus folder's loading is kept
        saved.write(cache, key, annotated._pass_layers(), corpus=kept, saved_warnings=said)
    except OSError as exc:
        warnings.warn(f"the annotation could not be saved to {cache} ({exc}); it is used "
                      "unsaved", saved.AnnotationWarning, stacklevel=4)  # fmt: skip
    saved.replay(said["load"], stacklevel=5)
    return annotated
