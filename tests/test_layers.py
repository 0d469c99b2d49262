"""The package's import graph, read from its source: no import cycle, and the per-article
components import nothing of the document that runs them (STYLE.md, "Layers").

What counts as an edge ``a -> b``: every ``import coverage_study.b`` and ``from .b import ...``
(relative or absolute) anywhere in ``a``: at module level, inside a function (a lazy import)
and under ``if TYPE_CHECKING:``. A lazy import still runs, so a cycle through it is a cycle
that merely waits for the call; and an annotation that names a module above still ties the
layers together. ``from . import name`` is an edge to the submodule ``name`` where there is
one, else to the package (its ``__init__``). Not an edge: the import of a package's
``__init__`` that Python makes before any of its submodules (a package's ``__init__`` may
re-export its children, as ``coverage_study/__init__.py`` does; nothing below may import a
name back from it).
"""

from __future__ import annotations

import ast
import graphlib
from pathlib import Path

import pytest

import coverage_study

PACKAGE = Path(coverage_study.__file__).resolve().parent

# the per-article components and what they read (STYLE.md's third layer and below): none of
# them may reach the document (the one pass, :mod:`coverage_study.document`) through imports
COMPONENTS = (
    "coverage_study.article", "coverage_study.actors", "coverage_study.quotations",
    "coverage_study.quotes", "coverage_study.voice", "coverage_study.sources",
    "coverage_study.readability", "coverage_study.term_scan", "coverage_study.term_patterns",
    "coverage_study.lexicon", "coverage_study.aliases", "coverage_study.alias_match",
    "coverage_study.attribution", "coverage_study.attribution.article",
    "coverage_study.attribution.rules", "coverage_study.attribution.speakers",
    "coverage_study.attribution.table", "coverage_study.attribution.cues",
    "coverage_study.attribution.source_span", "coverage_study.attribution.punctuation_cues",
    "coverage_study.sentence_split", "coverage_study.readability_formulas",
    "coverage_study.quote_marks", "coverage_study.term_voice", "coverage_study.name_scan",
)  # fmt: skip


def _module_name(path: Path, root: Path) -> str:
    parts = list(path.relative_to(root.parent).with_suffix("").parts)
    return ".".join(parts[:-1] if parts[-1] == "__init__" else parts)


def import_graph(root: Path) -> dict[str, dict[str, int]]:
    """``module -> {imported module: line of the first such import}`` for the package whose
    folder is ``root``, every import counted (see the module docstring)."""
    files = {_module_name(p, root): p for p in sorted(root.rglob("*.py"))}
    top = root.name

    def known(target: str) -> str:
        while target not in files and "." in target:  # a name in a module: the module
            target = target.rsplit(".", 1)[0]
        return target

    graph: dict[str, dict[str, int]] = {}
    for name, path in files.items():
        edges = graph.setdefault(name, {})
        package = name if path.name == "__init__.py" else name.rsplit(".", 1)[0]
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"), str(path))):
            targets: list[str] = []
            if isinstance(node, ast.ImportFrom):
                if node.level:
                    base = package.split(".")[: len(package.split(".")) - node.level + 1]
                    module = ".".join(base + ([node.module] if node.module else []))
                else:
                    module = node.module or ""
                if module == top or module.startswith(top + "."):
                    targets = [known(f"{module}.{a.name}") for a in node.names]
            elif isinstance(node, ast.Import):
                targets = [known(a.name) for a in node.names if a.name.split(".")[0] == top]
            for target in targets:
                if target != name:
                    edges.setdefault(target, node.lineno)
    return graph


def cycle(graph: dict[str, dict[str, int]]) -> list[str] | None:
    """One import cycle of ``graph`` (``[a, b, ..., a]``, each importing the next), or None."""
    try:
        graphlib.TopologicalSorter({m: set(e) for m, e in graph.items()}).prepare()
    except graphlib.CycleError as exc:
        found: list[str] = exc.args[1]  # graphlib gives it as [a, ..., a], each a predecessor
        return found[::-1]
    return None


def _describe(graph: dict[str, dict[str, int]], loop: list[str]) -> str:
    return "; ".join(
        f"{a} imports {b} (line {graph[a][b]})" for a, b in zip(loop, loop[1:], strict=False)
    )


@pytest.fixture(scope="module")
def graph() -> dict[str, dict[str, int]]:
    return import_graph(PACKAGE)


def test_the_package_has_no_import_cycle(graph: dict[str, dict[str, int]]) -> None:
    # the graph is read, not empty: a few edges known from the source
    assert "coverage_study.article" in graph["coverage_study.document"]
    assert "coverage_study.term_patterns" in graph["coverage_study.lexicon"]
    assert "coverage_study.lexicon" in graph["coverage_study.term_scan"]  # TYPE_CHECKING
    assert "coverage_study.document" in graph["coverage_study"]
    loop = cycle(graph)
    assert loop is None, f"import cycle: {_describe(graph, loop)}"


@pytest.mark.parametrize("component", COMPONENTS)
def test_a_component_does_not_reach_the_document(
    graph: dict[str, dict[str, int]], component: str
) -> None:
    path, seen, todo = {component: [component]}, {component}, [component]
    while todo:
        module = todo.pop()
        for target in graph[module]:
            if target not in seen:
                seen.add(target)
                path[target] = [*path[module], target]
                todo.append(target)
    for above in ("coverage_study.document", "coverage_study"):
        assert above not in seen, f"{component} imports {above}: {' -> '.join(path[above])}"


def _write(root: Path, files: dict[str, str]) -> Path:
    for name, source in files.items():
        (root / name).parent.mkdir(parents=True, exist_ok=True)
        (root / name).write_text(source, encoding="utf-8")
    return root


def test_a_cycle_through_a_lazy_or_typing_import_is_found(tmp_path: Path) -> None:
    """A made-up package: ``a`` imports ``b`` at module level, ``b`` imports ``a`` inside a
    function; then the same through ``if TYPE_CHECKING``, then through the package's own
    ``__init__`` (``from . import VERSION``)."""
    lazy = _write(tmp_path / "one" / "pkg", {
        "__init__.py": "",
        "a.py": "from .b import f\n",
        "b.py": "def f():\n    from .a import g\n",
        "c.py": "from . import a\n",  # a submodule: an edge to pkg.a, not to pkg
    })  # fmt: skip
    graph = import_graph(lazy)
    assert graph["pkg.c"] == {"pkg.a": 1}
    assert cycle(graph) in (["pkg.a", "pkg.b", "pkg.a"], ["pkg.b", "pkg.a", "pkg.b"])
    typing_only = _write(tmp_path / "two" / "pkg", {
        "__init__.py": "",
        "sub/__init__.py": "",
        "sub/a.py": "from typing import TYPE_CHECKING\nif TYPE_CHECKING:\n"
                    "    from pkg.b import B\n",
        "b.py": "import pkg.sub.a\n",
    })  # fmt: skip
    graph = import_graph(typing_only)
    assert graph["pkg.sub.a"] == {"pkg.b": 3} and graph["pkg.b"] == {"pkg.sub.a": 1}
    assert cycle(graph) is not None
    facade = _write(tmp_path / "three" / "pkg", {
        "__init__.py": "VERSION = '1'\nfrom .a import f\n",
        "a.py": "def f():\n    from . import VERSION\n",
    })  # fmt: skip
    graph = import_graph(facade)
    loop = cycle(graph)
    assert loop is not None and set(loop) == {"pkg", "pkg.a"}
    assert "pkg.a imports pkg (line 2)" in _describe(graph, loop)


def test_a_package_without_cycles_passes(tmp_path: Path) -> None:
    root = _write(tmp_path / "pkg", {
        "__init__.py": "from .b import g\n",
        "a.py": "X = 1\n",
        "b.py": "from .a import X\ndef g():\n    from . import a\n",
    })  # fmt: skip
    graph = import_graph(root)
    assert graph == {"pkg": {"pkg.b": 1}, "pkg.a": {}, "pkg.b": {"pkg.a": 1}}
    assert cycle(graph) is None
