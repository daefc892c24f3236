"""`make lint`: no import cycles between the project's modules, nor between its packages at any
depth. grimp reads every import statement, including those inside functions, so a cycle hidden
in a function-level import is found too. Exit status 1, with each cycle, when there is one.

import-linter's `acyclic_siblings` contract (pyproject.toml) checks the packages as well; this
script adds the module level (two modules of one package that import each other).
"""

from __future__ import annotations

import sys
from collections.abc import Iterable, Mapping
from pathlib import Path

import grimp

ROOT = Path(__file__).resolve().parent.parent
PACKAGES = ("core", "records", "pipeline", "actions", "addons", "web", "tools", "tests")


def cycles(edges: Mapping[str, Iterable[str]]) -> list[list[str]]:
    """Strongly connected components of more than one node, or with a self-import (Tarjan's
    algorithm, iterative so that deep graphs don't hit the recursion limit)."""
    index: dict[str, int] = {}
    low: dict[str, int] = {}
    on_stack: set[str] = set()
    stack: list[str] = []
    found: list[list[str]] = []
    counter = 0
    for start in sorted(edges):
        if start in index:
            continue
        work = [(start, iter(sorted(edges.get(start, ()))))]
        index[start] = low[start] = counter
        counter += 1
        stack.append(start)
        on_stack.add(start)
        while work:
            node, children = work[-1]
            child = next(children, None)
            if child is not None:
                if child not in index:
                    index[child] = low[child] = counter
                    counter += 1
                    stack.append(child)
                    on_stack.add(child)
                    work.append((child, iter(sorted(edges.get(child, ())))))
                elif child in on_stack:
                    low[node] = min(low[node], index[child])
                continue
            work.pop()
            if work:
                parent = work[-1][0]
                low[parent] = min(low[parent], low[node])
            if low[node] == index[node]:
                component = []
                while True:
                    member = stack.pop()
                    on_stack.discard(member)
                    component.append(member)
                    if member == node:
                        break
                if len(component) > 1 or node in edges.get(node, ()):
                    found.append(sorted(component))
    return found


def module_edges(graph: grimp.ImportGraph) -> dict[str, set[str]]:
    return {m: set(graph.find_modules_directly_imported_by(m)) for m in graph.modules}


def package_edges(graph: grimp.ImportGraph, package: str, modules: dict[str, set[str]]) -> dict[str, set[str]]:
    """Imports between the children of `package`, each child standing for itself and everything
    inside it (the package's own __init__ is not a child)."""

    def child_of(module: str) -> str | None:
        if not module.startswith(package + "."):
            return None
        return package + "." + module[len(package) + 1:].split(".")[0]

    children = {child for m in modules if (child := child_of(m))}
    edges: dict[str, set[str]] = {child: set() for child in children}
    for importer, imported in ((a, b) for a, targets in modules.items() for b in targets):
        source, target = child_of(importer), child_of(imported)
        if source and target and source != target:
            edges[source].add(target)
    return edges


def main() -> int:
    sys.path.insert(0, str(ROOT))
    graph = grimp.build_graph(*PACKAGES, include_external_packages=False)
    modules = module_edges(graph)
    problems = [("modules", c) for c in cycles(modules)]
    tops: dict[str, set[str]] = {package: set() for package in PACKAGES}
    for importer, targets in modules.items():
        top = importer.split(".")[0]
        tops[top] |= {t.split(".")[0] for t in targets} - {top}
    problems += [("top-level packages", c) for c in cycles(tops)]
    packages = sorted({m.rsplit(".", 1)[0] for m in modules if "." in m})
    for package in packages:
        problems += [(f"the packages in {package}", c) for c in cycles(package_edges(graph, package, modules))]
    for level, cycle in problems:
        print(f"Import cycle between {level}: {', '.join(cycle)} import each other in a circle", file=sys.stderr)
    if problems:
        return 1
    print(f"No import cycles: {len(modules)} modules in {len(packages)} packages (function-level imports included).")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
