"""The ``coverage-study`` command line.

Commands: ``import``, ``figures``, ``metrics``, ``kwic``, ``validate``, ``repair``, ``cite``,
``compile``.
Output meant for other programs goes to stdout; progress (only when stderr is a terminal) and
messages go to stderr.

Exit codes: 0 success; 1 the data has an error (corpus, figure, manifest: the message names the
file); 2 wrong usage.
"""

from __future__ import annotations

import argparse
import os
import sys
import warnings
from collections.abc import Iterable
from pathlib import Path
from typing import TypeVar

__all__ = ["main"]

EXIT_OK, EXIT_DATA, EXIT_USAGE = 0, 1, 2

T = TypeVar("T")


def _progress(items: Iterable[T], desc: str) -> Iterable[T]:
    """Items with a progress bar on stderr when it is a terminal, plain items otherwise."""
    if not sys.stderr.isatty():
        return items
    from tqdm import tqdm

    return tqdm(items, desc=desc, file=sys.stderr, leave=False)


def _checkout_root() -> Path | None:
    """The checkout this package runs from (an editable install), or None for an installed
    package (whose wheel carries the notebooks and the seeds, see :func:`_study_folders`)."""
    root = Path(__file__).resolve().parent.parent
    return root if (root / "notebooks").is_dir() and (root / "seeds").is_dir() else None


def _study_folders() -> tuple[Path | None, Path, Path]:
    """``(checkout, notebooks, seeds)``: a checkout's own folders, else the installed copies."""
    root = _checkout_root()
    if root is not None:
        return root, root / "notebooks", root / "seeds"
    here = Path(__file__).resolve().parent
    notebooks, seeds = here / "_notebooks", here / "_seeds"
    if not notebooks.is_dir() or not seeds.is_dir():
        raise SystemExit(
            f"coverage-study figures: the notebooks are not installed ({notebooks}); "
            "reinstall the package (pip install coverage-study) or run from a checkout"
        )
    return None, notebooks, seeds


def _cmd_figures(args: argparse.Namespace) -> int:
    from . import annotate, load_corpus
    from .provenance import _figure_sources, write_manifest
    from .reproduce import find_notebooks, run_notebook

    root, notebook_dir, seeds = _study_folders()
    notebooks = find_notebooks(notebook_dir)
    corpus_dir = Path(args.corpus).resolve() if args.corpus else seeds
    params: dict[str, object] = {}
    if args.corpus:
        params["CORPUS_DIR"] = str(corpus_dir)
    if args.lexicon:
        params["LEXICON"] = str(Path(args.lexicon).resolve())
    if args.engine != "rules":
        params["ENGINE"] = args.engine
    out_dir = Path(args.out).resolve() if args.out else None
    if args.annotation_dir and out_dir is None:
        print("coverage-study figures: --annotation-dir needs --out", file=sys.stderr)
        return EXIT_USAGE
    if out_dir is None and (params or root is None):
        why = ("the committed figures are the seeds'" if root is not None
               else "an installed package has no figures/ folder of its own")  # fmt: skip
        print(f"coverage-study figures: give --out ({why})", file=sys.stderr)
        return EXIT_USAGE
    if out_dir is None:
        assert root is not None  # (checked above)
        figures_dir = root / "figures"
    else:
        figures_dir = out_dir / "figures"
        params["CORPUS_DIR"] = str(corpus_dir)
        params["FIGURES_DIR"] = str(figures_dir)
        figures_dir.mkdir(parents=True, exist_ok=True)
        for name in _figure_sources(notebooks):  # none left from an earlier run into --out
            (figures_dir / name).unlink(missing_ok=True)
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", UserWarning)  # the notebooks show the corpus warnings
        if out_dir is None:  # the seeds in place: each notebook annotates them (as committed)
            corpus = load_corpus(corpus_dir)  # fail early, before running any notebook
            fingerprint = None
        else:  # annotated once, here; every notebook reads the saved annotation
            annotation_dir = (Path(args.annotation_dir).resolve() if args.annotation_dir
                              else out_dir / "annotation")  # fmt: skip
            annotated = annotate(corpus_dir, args.lexicon, warn=False, engine=args.engine,
                                 cache=annotation_dir, n_jobs=args.jobs or os.cpu_count() or 1)
            corpus = annotated.source
            fingerprint = annotated.fingerprint  # from the annotation's key: not computed again
            del annotated  # its layers are on disk; the notebooks read them
            params["ENGINE"] = args.engine
            params["ANNOTATION_DIR"] = str(annotation_dir)
    runs = [(nb, None if out_dir is None else out_dir / "notebooks" / nb.name) for nb in notebooks]
    jobs = max(1, min(args.jobs or os.cpu_count() or 1, len(runs)))
    if jobs == 1:
        for nb, target in _progress(runs, "notebooks"):
            run_notebook(nb, target, params or None, seed_readings=corpus_dir == seeds)
    else:  # each notebook in its own kernel, `jobs` at a time; each writes its own files
        import multiprocessing
        from concurrent.futures import ProcessPoolExecutor

        with ProcessPoolExecutor(jobs, mp_context=multiprocessing.get_context("spawn")) as pool:
            seed = corpus_dir == seeds
            done = [pool.submit(run_notebook, nb, target, params or None, seed_readings=seed)
                    for nb, target in runs]  # fmt: skip
            for future in _progress(done, "notebooks"):
                future.result()  # the first notebook (in reading order) that failed raises
    write_manifest(figures_dir, notebooks, corpus, lexicon=args.lexicon, engine=args.engine,
                   fingerprint=fingerprint)
    print(f"wrote {len(list(figures_dir.glob('*.svg')))} figures and MANIFEST.csv to {figures_dir}",
          file=sys.stderr)  # fmt: skip
    return EXIT_OK


_ATTRIBUTION_ENGINES = ("rules", "parse")
_COMPUTE_ENGINES = ("pandas", "dask")


def _engines(given: list[str] | None) -> tuple[str, str]:
    """(attribution engine, compute engine) of ``metrics --engine`` given once or twice:
    ``rules``/``parse`` name the attribution engine, ``pandas``/``dask`` how the work is
    spread (``--engine parse --engine dask``)."""
    given = given or []
    att = [e for e in given if e in _ATTRIBUTION_ENGINES]
    run = [e for e in given if e in _COMPUTE_ENGINES]
    if len(att) > 1 or len(run) > 1:
        raise SystemExit(
            "coverage-study metrics: --engine names one attribution engine (rules, parse) and "
            f"at most one of pandas, dask; got {', '.join(given)}"
        )
    return (att or ["rules"])[0], (run or ["pandas"])[0]


def _cmd_metrics(args: argparse.Namespace) -> int:
    from .tables.metrics import metrics_file

    attribution, compute = _engines(args.engine)
    metrics_file(
        args.corpus, args.out, lexicon=args.lexicon, aliases=args.aliases, engine=compute,
        scheduler=args.scheduler, n_jobs=args.jobs, attribution_engine=attribution,
    )  # fmt: skip
    return EXIT_OK


def _cmd_kwic(args: argparse.Namespace) -> int:
    from . import kwic, load_corpus

    corpus = load_corpus(args.corpus)
    table = kwic(corpus, args.pattern, window=args.window, lexicon=args.lexicon)
    columns = ["article_id", "zone", "voice", "start", "end", "pre", "keyword", "post", "family"]
    table[columns].to_csv(sys.stdout, sep="\t", index=False, lineterminator="\n")
    return EXIT_OK


def _cmd_validate(args: argparse.Namespace) -> int:
    from .validate import validate_corpus

    problems = validate_corpus(args.corpus)
    for p in problems:
        print(f"{p.severity}: {p}")
    n_errors = sum(p.severity == "error" for p in problems)
    print(f"{args.corpus}: {n_errors} error(s), {len(problems) - n_errors} warning(s)",
          file=sys.stderr)  # fmt: skip
    return EXIT_DATA if n_errors else EXIT_OK


def _page_bytes(value: str) -> int:
    """``--max-page-bytes``: a whole number of bytes, at least 1."""
    try:
        n = int(value)
    except ValueError:
        n = 0
    if n < 1:
        raise argparse.ArgumentTypeError(f"a whole number of bytes, at least 1, not {value!r}")
    return n


def _cmd_repair(args: argparse.Namespace) -> int:
    from .reading.corpus import REPAIR_REPORT, repair_corpus

    report = repair_corpus(args.corpus, args.out)
    n_files = report["file"].nunique()
    print(f"repaired {len(report)} line(s) in {n_files} file(s); copy of {args.corpus} in "
          f"{args.out} (every change in {Path(args.out) / REPAIR_REPORT})",
          file=sys.stderr)  # fmt: skip
    return EXIT_OK


def _cmd_import(args: argparse.Namespace) -> int:
    from .reading.pages import MAX_PAGE_BYTES, import_pages

    report = import_pages(args.pages, args.out, outlet=args.outlet, force=args.force,
                          progress=lambda files: _progress(files, "pages"),
                          max_page_bytes=args.max_page_bytes or MAX_PAGE_BYTES)  # fmt: skip
    n = sum(r["status"] == "imported" for r in report)
    n_pages = sum(r["status"] != "not_read" for r in report)
    others = len(report) - n_pages
    also = f", {others} other files not read" if others else ""
    print(f"imported {n} of {n_pages} pages to {args.out} (every page{also} in "
          f"{Path(args.out) / 'import_report.csv'})", file=sys.stderr)  # fmt: skip
    return EXIT_OK


def _cmd_cite(args: argparse.Namespace) -> int:
    """The citation line on stdout; a figure made from uncommitted code (or named by a manifest
    older than 0.2.0) adds a ``warning:`` line on stderr, and the exit code stays 0."""
    from .provenance import ProvenanceWarning, cite

    with warnings.catch_warnings(record=True) as caught:
        warnings.simplefilter("always", ProvenanceWarning)
        line = cite(args.figure)
    print(line)
    for w in caught:
        print(f"warning: {w.message}", file=sys.stderr)
    return EXIT_OK


def _cmd_compile(args: argparse.Namespace) -> int:
    from . import _native

    if args.remove:
        gone = _native.remove()
        print(f"removed {len(gone)} compiled files: the pure-Python modules are used",
              file=sys.stderr)  # fmt: skip
        return EXIT_OK
    done, old = _native.compiled(), _native.stale()
    if args.status:
        for m in _native.MODULES:
            state = "stale" if m in old else "compiled" if m in done else "pure Python"
            print(f"{m}\t{state}")
        return EXIT_OK
    if len(done) == len(_native.MODULES) and not old and not args.force:
        print(f"the {len(done)} compiled modules are up to date", file=sys.stderr)
        return EXIT_OK
    try:
        built = _native.build(verbose=args.verbose)
    except _native.NativeUnavailable as exc:
        print(f"coverage-study compile: {exc}; the pure-Python modules are used", file=sys.stderr)
        return EXIT_OK if args.if_possible else EXIT_DATA
    except Exception as exc:  # a compiler that fails: the pure-Python modules still work
        if not args.if_possible:
            raise
        print(f"coverage-study compile: the build failed ({type(exc).__name__}: {exc}); the "
              "pure-Python modules are used (--verbose shows the compiler's output)",
              file=sys.stderr)  # fmt: skip
        return EXIT_OK
    print(f"compiled {len(_native.compiled())} modules with mypyc ({len(built)} files)",
          file=sys.stderr)  # fmt: skip
    return EXIT_OK


def _parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="coverage-study", description=__doc__,
        formatter_class=argparse.RawDescriptionHelpFormatter)  # fmt: skip
    sub = parser.add_subparsers(dest="command", required=True)

    p = sub.add_parser("figures", help="execute every notebook and write every figure")
    p.add_argument("--corpus", help="corpus folder (default: the seeds, in place)")
    p.add_argument("--lexicon", help="quanteda YAML lexicon (default: russia_ukraine)")
    p.add_argument("--out", help="write notebooks/ and figures/ here instead of in place")
    p.add_argument("--engine", choices=("rules", "parse"), default="rules",
                   help="attribution engine (default: rules)")
    p.add_argument("--annotation-dir", metavar="DIR",
                   help="folder of the saved annotation that every notebook reads (default: "
                   "OUT/annotation; never inside the corpus folder): reused while the corpus, "
                   "the package and its data files, the lexicon and the engine are unchanged, "
                   "else made again")
    p.add_argument("--jobs", type=int, metavar="N",
                   help="notebooks run at once, each in its own kernel, and processes of the "
                   "annotation pass (default: the cores)")
    p.set_defaults(func=_cmd_figures)

    p = sub.add_parser("metrics", help="one row per article with every metric, to CSV or Parquet")
    p.add_argument(
        "corpus", help="corpus folder, or a .parquet/.csv file with article_id, text, outlet"
    )
    p.add_argument("--out", required=True, help="output file: .csv or .parquet")
    p.add_argument("--lexicon", help="quanteda YAML lexicon")
    p.add_argument("--aliases", help="actor alias table (TOML)")
    p.add_argument(
        "--engine", action="append", choices=_ATTRIBUTION_ENGINES + _COMPUTE_ENGINES,
        help="the attribution engine: rules (default) or parse (a spaCy parse, the [parse] "
        "extra); and/or how to compute: pandas (default) or dask. Give it twice for both: "
        "--engine parse --engine dask",
    )  # fmt: skip
    p.add_argument("--scheduler", help="address of a Dask scheduler (default: a local cluster)")
    p.add_argument("--jobs", type=int, help="processes for the pandas engine (default: all cores)")
    p.set_defaults(func=_cmd_metrics)

    p = sub.add_parser("kwic", help="keyword in context, as tab-separated values")
    p.add_argument("corpus", help="corpus folder")
    p.add_argument("pattern", help="a family of the lexicon, or a glob pattern such as 'invad*'")
    p.add_argument("--window", type=int, default=8, help="words of context each side")
    p.add_argument("--lexicon", help="quanteda YAML lexicon")
    p.set_defaults(func=_cmd_kwic)

    p = sub.add_parser("validate", help="every problem of a corpus folder, one line each")
    p.add_argument("corpus", help="corpus folder")
    p.set_defaults(func=_cmd_validate)

    p = sub.add_parser(
        "repair", help="a copy of a corpus folder with its encoding damage (mojibake) repaired")
    p.add_argument("corpus", help="corpus folder (never changed)")
    p.add_argument("--out", required=True,
                   help="folder to write (new or empty, outside the corpus); "
                        "repair_report.csv there lists every change")  # fmt: skip
    p.set_defaults(func=_cmd_repair)

    p = sub.add_parser("cite", help="a citation line for a figure, from its MANIFEST.csv")
    p.add_argument("figure", help="path to a figure file")
    p.set_defaults(func=_cmd_cite)

    p = sub.add_parser(
        "import", help="saved web pages (.html, .htm, .html.gz) to a corpus folder, offline")
    p.add_argument("pages", help="folder of saved pages, read recursively, never changed")
    p.add_argument("--out", required=True, help="corpus folder to write (created if missing)")
    p.add_argument("--outlet", help="outlet of pages that name neither a site nor their URL and "
                   "are not saved in a folder (pages/<outlet>/...); else 'unknown', with a warning")
    p.add_argument("--force", action="store_true", help="overwrite files of an earlier import")
    p.add_argument("--max-page-bytes", type=_page_bytes, metavar="N",
                   help="skip (and report) a page larger than N bytes, decompressed for .gz; "
                   "never read past it (default 52428800, 50 MiB)")
    p.set_defaults(func=_cmd_import)

    p = sub.add_parser(
        "compile", help="build the optional compiled modules with mypyc (needs a C compiler)")
    what = p.add_mutually_exclusive_group()
    what.add_argument("--remove", action="store_true", help="remove them: use pure Python")
    what.add_argument("--status", action="store_true", help="say which modules are compiled")
    p.add_argument("--force", action="store_true", help="rebuild even when up to date")
    p.add_argument("--if-possible", action="store_true",
                   help="succeed (pure Python) where there is no C compiler or no mypyc")
    p.add_argument("--verbose", action="store_true", help="show mypyc's and the compiler's output")
    p.set_defaults(func=_cmd_compile)
    return parser


def main(argv: list[str] | None = None) -> int:
    from ._extras import MissingExtra
    from .reading.corpus import CorpusError

    args = _parser().parse_args(argv)
    try:
        with warnings.catch_warnings():  # restores the caller's warning display on exit
            warnings.showwarning = lambda message, *rest, **kw: print(
                f"warning: {message}", file=sys.stderr
            )
            return int(args.func(args))
    except CorpusError as exc:
        print(f"coverage-study {args.command}: corpus error:\n{exc}", file=sys.stderr)
        return EXIT_DATA
    except MissingExtra as exc:
        print(f"coverage-study {args.command}: {exc}", file=sys.stderr)
        return EXIT_DATA
    except (ValueError, FileNotFoundError) as exc:
        print(f"coverage-study {args.command}: {exc}", file=sys.stderr)
        return EXIT_DATA


if __name__ == "__main__":  # pragma: no cover
    sys.exit(main())
