"""No import cycle anywhere in ``src/fhcheck`` (issue 15), lazy imports included.

A lazy (function-level) import only postpones a cycle: the modules still cannot be
understood, tested or moved apart. So the graph counts every ``import`` statement in a
module, at the top, inside functions and under ``TYPE_CHECKING`` alike, read with ``ast``
(nothing is imported). Packages (``report/``, ``load/``, ``oruk/``...) are modules of their
own (their ``__init__``), and relative imports are resolved. Importing a submodule is not
counted as importing its package's ``__init__``: only what a module names.
"""

from __future__ import annotations

import ast
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
PACKAGE = ROOT / "src" / "fhcheck"


def modules(package: Path) -> dict[str, Path]:
    """Every module of the package by its dotted name (a package by its own name)."""
    found = {}
    for path in sorted(package.rglob("*.py")):
        parts = list(path.relative_to(package.parent).with_suffix("").parts)
        if parts[-1] == "__init__":
            parts.pop()
        found[".".join(parts)] = path
    return found


def _known(name: str, known: dict[str, Path]) -> str | None:
    """The module ``name`` is, or lies in (``fhcheck.load.Document`` -> ``fhcheck.load``)."""
    while name and name not in known:
        name = name.rpartition(".")[0]
    return name or None


def imports_of(name: str, path: Path, known: dict[str, Path]) -> set[str]:
    """The package's modules that ``name`` imports anywhere in its text."""
    package = name if path.name == "__init__.py" else name.rpartition(".")[0]
    found: set[str] = set()
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"), str(path))):
        if isinstance(node, ast.Import):
            found.update(filter(None, (_known(alias.name, known) for alias in node.names)))
        elif isinstance(node, ast.ImportFrom):
            if node.level:
                base = package.split(".")[: len(package.split(".")) - node.level + 1]
                source = ".".join(base + ([node.module] if node.module else []))
            else:
                source = node.module or ""
            for alias in node.names:  # ``from fhcheck.report import markdown`` names a module
                target = f"{source}.{alias.name}" if f"{source}.{alias.name}" in known else _known(source, known)
                if target:
                    found.add(target)
    found.discard(name)
    return found


def import_graph(package: Path) -> dict[str, set[str]]:
    known = modules(package)
    return {name: imports_of(name, path, known) for name, path in known.items()}


def cycles(graph: dict[str, set[str]]) -> list[list[str]]:
    """One cycle, as a path ``a -> b -> ... -> a``, for each group of modules that import each other."""
    return [_path_through(group, graph) for group in knots(graph)]


def knots(graph: dict[str, set[str]]) -> list[set[str]]:
    """The groups of modules that import each other (strongly connected components of two or more)."""
    index: dict[str, int] = {}
    low: dict[str, int] = {}
    stack: list[str] = []
    on_stack: set[str] = set()
    groups: list[set[str]] = []

    def connect(node: str) -> None:  # Tarjan's strongly connected components
        index[node] = low[node] = len(index)
        stack.append(node)
        on_stack.add(node)
        for other in sorted(graph[node]):
            if other not in index:
                connect(other)
                low[node] = min(low[node], low[other])
            elif other in on_stack:
                low[node] = min(low[node], index[other])
        if low[node] == index[node]:
            group = set()
            while True:
                member = stack.pop()
                on_stack.discard(member)
                group.add(member)
                if member == node:
                    break
            if len(group) > 1:
                groups.append(group)

    for node in sorted(graph):
        if node not in index:
            connect(node)
    return groups


def _path_through(group: set[str], graph: dict[str, set[str]]) -> list[str]:
    """The shortest cycle from the group's first module back to itself (breadth first)."""
    start = min(group)
    came_from: dict[str, str] = {}
    frontier = [start]
    while frontier:
        following = []
        for node in frontier:
            for other in sorted(graph[node] & group):
                if other == start:
                    path = [node]
                    while path[-1] != start:
                        path.append(came_from[path[-1]])
                    return [start, *reversed(path[:-1]), start] if node != start else [start, start]
                if other not in came_from:
                    came_from[other] = node
                    following.append(other)
        frontier = following
    raise AssertionError(f"no cycle through {sorted(group)}")  # pragma: no cover - a component has one


def test_src_fhcheck_has_no_import_cycle() -> None:
    graph = import_graph(PACKAGE)
    unexpected = [
        f"{' -> '.join(_path_through(group, graph))} (modules that import each other: {', '.join(sorted(group))})"
        for group in knots(graph)
    ]
    assert unexpected == [], "import cycles in src/fhcheck (lazy and TYPE_CHECKING imports count):\n" + "\n".join(
        unexpected
    )


def write(root: Path, files: dict[str, str]) -> Path:
    for name, text in files.items():
        (root / name).parent.mkdir(parents=True, exist_ok=True)
        (root / name).write_text(text, encoding="utf-8")
    return root / "pkg"


def test_a_cycle_through_a_function_level_import_is_named(tmp_path: Path) -> None:
    package = write(tmp_path, {
        "pkg/__init__.py": "",
        "pkg/a.py": "from pkg.b import thing\n",
        "pkg/b.py": "def thing():\n    from pkg.c import other\n",
        "pkg/c.py": "def other():\n    import pkg.a\n",
        "pkg/d.py": "import pkg.a\n",  # imports into the cycle, but is not part of it
    })
    assert cycles(import_graph(package)) == [["pkg.a", "pkg.b", "pkg.c", "pkg.a"]]


def test_type_checking_and_relative_imports_count_in_packages(tmp_path: Path) -> None:
    package = write(tmp_path, {
        "pkg/__init__.py": "",
        "pkg/load/__init__.py": "from .reader import read\n",
        "pkg/load/reader.py": "from typing import TYPE_CHECKING\nif TYPE_CHECKING:\n    from pkg.evaluate import X\n",
        "pkg/evaluate.py": "from pkg.load import Document\n",
        "pkg/report/__init__.py": "from . import text\n",
        "pkg/report/text.py": "from ..evaluate import Y\n",
    })
    graph = import_graph(package)
    assert graph["pkg.report"] == {"pkg.report.text"} and graph["pkg.report.text"] == {"pkg.evaluate"}
    assert cycles(graph) == [["pkg.evaluate", "pkg.load", "pkg.load.reader", "pkg.evaluate"]]


def test_no_cycle_in_a_layered_package(tmp_path: Path) -> None:
    package = write(tmp_path, {
        "pkg/__init__.py": "",
        "pkg/a.py": "import pkg.b\nfrom pkg import c\n",
        "pkg/b.py": "from pkg.c import x\n",
        "pkg/c.py": "import json\n",
    })
    assert import_graph(package)["pkg.a"] == {"pkg.b", "pkg.c"}
    assert cycles(import_graph(package)) == []
