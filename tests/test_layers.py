"""The package's import graph, read from its source: no import cycle, and no module imports a
layer above its own (STYLE.md, "Layers"; README, "Architecture").

What counts as an edge ``a -> b``: every ``import coverage_study.b`` and ``from .b import ...``
(relative or absolute) anywhere in ``a``: at module level, inside a function (a lazy import)
and under ``if TYPE_CHECKING:``. A lazy import still runs, so a cycle through it is a cycle
that merely waits for the call; and an annotation that names a module above still ties the
layers together. ``from . import name`` is an edge to the submodule ``name`` where there is
one, else to the package (its ``__init__``). Not an edge: the import of a package's
``__init__`` that Python makes before any of its submodules (a package's ``__init__`` may
re-export its children, as ``coverage_study/__init__.py`` does; nothing below may import a
name back from it).

The layers, bottom to top (:data:`LAYERS`): each module belongs to the layer of its folder (or,
at the top level, of its name), and may import its own layer and those below, never one above.
"""

from __future__ import annotations

import ast
import graphlib
from pathlib import Path

import pytest

import coverage_study

PACKAGE = Path(coverage_study.__file__).resolve().parent

# bottom to top: (layer, the modules and subpackages it holds); a module is in the layer of the
# longest name here that is it or a package above it
LAYERS: tuple[tuple[str, tuple[str, ...]], ...] = (
    ("infrastructure", ("coverage_study._version", "coverage_study._frozen",
                        "coverage_study._native", "coverage_study._extras", "coverage_study._regex",
                        "coverage_study.errors", "coverage_study.datafiles",
                        "coverage_study._pool", "coverage_study._lock")),
    ("text primitives", ("coverage_study.text",)),
    ("reading and cleaning", ("coverage_study.reading",)),
    ("per-article components", ("coverage_study.components",)),
    ("document", ("coverage_study.document", "coverage_study.annotation", "coverage_study.origin",
                  "coverage_study.layer_codec", "coverage_study.passes",
                  "coverage_study.saved_annotation")),
    ("tables", ("coverage_study.tables", "coverage_study.stats")),
    ("figures and provenance", ("coverage_study.figures", "coverage_study.provenance",
                                "coverage_study.reproduce", "coverage_study.validate")),
    ("public names", ("coverage_study",)),  # __init__.py: re-exports every layer, lazily
    ("command line", ("coverage_study.cli",)),
)  # fmt: skip


def layer_of(
    module: str, layers: tuple[tuple[str, tuple[str, ...]], ...] = LAYERS
) -> tuple[int, str] | None:
    """``(position from the bottom, name)`` of ``module``'s layer, or None if none holds it."""
    best: tuple[int, int, str] | None = None
    for i, (name, members) in enumerate(layers):
        for member in members:
            if (module == member or module.startswith(member + ".")) and (
                best is None or len(member) > best[0]
            ):
                best = (len(member), i, name)
    return None if best is None else (best[1], best[2])


def upward_imports(
    graph: dict[str, dict[str, int]], layers: tuple[tuple[str, tuple[str, ...]], ...] = LAYERS
) -> list[str]:
    """Every edge of ``graph`` from a module to one in a layer above its own, described."""
    found = []
    for module, edges in sorted(graph.items()):
        own = layer_of(module, layers)
        for target, line in sorted(edges.items()):
            theirs = layer_of(target, layers)
            if own is not None and theirs is not None and theirs[0] > own[0]:
                found.append(f"{module} (line {line}) imports {target}: layer '{own[1]}' "
                             f"imports layer '{theirs[1]}' above it")  # fmt: skip
    return found


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
    assert "coverage_study.components.article" in graph["coverage_study.document"]
    assert "coverage_study.text.term_patterns" in graph["coverage_study.components.lexicon"]
    lexicon = "coverage_study.components.lexicon"
    assert lexicon in graph["coverage_study.components.term_scan"]  # TYPE_CHECKING
    assert "coverage_study.document" in graph["coverage_study"]
    loop = cycle(graph)
    assert loop is None, f"import cycle: {_describe(graph, loop)}"


def test_every_module_has_a_layer(graph: dict[str, dict[str, int]]) -> None:
    # a new top-level module or subpackage is given its layer here (and in the README)
    assert [m for m in graph if layer_of(m) is None] == []
    # the layers hold what their folders say: a few modules known from the source
    assert layer_of("coverage_study.text.spans") == (1, "text primitives")
    assert layer_of("coverage_study.components.attribution.rules") == (3, "per-article components")
    assert layer_of("coverage_study.tables.terms") == (5, "tables")
    assert layer_of("coverage_study.figures.terms") == (6, "figures and provenance")
    assert layer_of("coverage_study") == (7, "public names")


def test_no_module_imports_a_layer_above_its_own(graph: dict[str, dict[str, int]]) -> None:
    upward = upward_imports(graph)
    assert upward == [], "\n".join(upward)


def test_a_component_does_not_reach_the_document(graph: dict[str, dict[str, int]]) -> None:
    """Through any chain of imports, not only one edge: no module below the document reaches
    it, the tables or the package's ``__init__``."""
    document = layer_of("coverage_study.document")
    assert document is not None
    below = sorted(m for m in graph if (layer_of(m) or (99, ""))[0] < document[0])
    assert "coverage_study.components.attribution.table" in below
    for component in below:
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


def test_an_import_from_a_layer_above_is_found(tmp_path: Path) -> None:
    """A made-up package of three layers: ``low`` imports ``high`` inside a function, ``mid.b``
    under ``if TYPE_CHECKING``; ``high`` imports both below it and ``mid.a`` imports ``mid.b``
    (its own layer): only the two upward imports are reported, with their lines and layers."""
    root = _write(tmp_path / "pkg", {
        "__init__.py": "",
        "low.py": "X = 1\ndef f():\n    from .high import g\n",
        "mid/__init__.py": "",
        "mid/a.py": "from .b import Y\n",
        "mid/b.py": "from typing import TYPE_CHECKING\nfrom ..low import X\nY = X\n"
                    "if TYPE_CHECKING:\n    from pkg.high import g\n",
        "high.py": "from .low import X\nfrom .mid.a import Y\ndef g():\n    pass\n",
    })  # fmt: skip
    layers = (("low", ("pkg.low",)), ("mid", ("pkg.mid",)), ("high", ("pkg.high", "pkg")))
    graph = import_graph(root)
    assert layer_of("pkg.mid.b", layers) == (1, "mid") and layer_of("pkg", layers) == (2, "high")
    assert layer_of("other.low", layers) is None
    assert upward_imports(graph, layers) == [
        "pkg.low (line 3) imports pkg.high: layer 'low' imports layer 'high' above it",
        "pkg.mid.b (line 5) imports pkg.high: layer 'mid' imports layer 'high' above it",
    ]
    assert upward_imports({"pkg.high": graph["pkg.high"], "pkg.mid.a": graph["pkg.mid.a"]},
                          layers) == []  # fmt: skip


MAX_LINES = 500  # issue 25: STYLE.md's "a few hundred lines at most", as a number


def test_no_module_is_over_500_lines():
    # a module that outgrows this holds two things: split it by what it holds (see
    # docs/developers.md), not by line count alone
    long = {
        str(p.relative_to(PACKAGE.parent)): n
        for p in sorted(PACKAGE.rglob("*.py"))
        if (n := len(p.read_text(encoding="utf-8").splitlines())) > MAX_LINES
    }
    assert not long, f"modules over {MAX_LINES} lines: {long}"
