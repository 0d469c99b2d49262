"""The ``coverage-study`` command line.

Exit codes: 0 success; 1 the corpus or a notebook has an error (the message says which);
2 wrong usage (argparse).
"""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

from .reproduce import find_notebooks, run_notebook

__all__ = ["main"]


def _project_root() -> Path:
    """The checkout this package is installed from (editable install), holding notebooks/."""
    root = Path(__file__).resolve().parent.parent
    if not (root / "notebooks").is_dir():
        raise SystemExit(
            "coverage-study figures: no notebooks/ folder beside the package; "
            "run it from an editable install of the repository"
        )
    return root


def _cmd_figures(args: argparse.Namespace) -> int:
    root = _project_root()
    notebooks = find_notebooks(root / "notebooks")
    params: dict[str, object] = {}
    if args.corpus:
        params["CORPUS_DIR"] = str(Path(args.corpus).resolve())
    out_dir = Path(args.out).resolve() if args.out else None
    if out_dir is not None:
        params["FIGURES_DIR"] = str(out_dir / "figures")
    elif params:
        print("coverage-study figures: --corpus needs --out (the committed figures stay the seeds')",
              file=sys.stderr)
        return 2
    for nb in notebooks:
        target = None if out_dir is None else out_dir / "notebooks" / nb.name
        print(f"executing {nb.relative_to(root)}", file=sys.stderr)
        run_notebook(nb, target, params or None)
    return 0


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="coverage-study", description=__doc__)
    sub = parser.add_subparsers(dest="command", required=True)
    p = sub.add_parser("figures", help="execute every notebook and write every figure")
    p.add_argument("--corpus", help="corpus folder (default: the seeds, in place)")
    p.add_argument("--out", help="write notebooks and figures here instead of in place")
    p.set_defaults(func=_cmd_figures)
    args = parser.parse_args(argv)
    return int(args.func(args))


if __name__ == "__main__":  # pragma: no cover
    sys.exit(main())
