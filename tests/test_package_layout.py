"""The house rules of the package layout: rooms along the seams, small files, no import circle.

An import circle here is two or more modules that import each other when Python runs them, at
the top of the module or inside a function. Imports under ``if TYPE_CHECKING:`` are left out:
they never run, and the GraphQL types that refer to each other (an actor's relationships, a
relationship's actors) name each other that way, through ``strawberry.lazy``.
"""

from __future__ import annotations

import ast
from collections.abc import Collection, Iterator
from pathlib import Path

import pytest

import graph

ROOT = Path(__file__).resolve().parent.parent
PACKAGES = ("graph", "schema")
MAX_MODULES_PER_FOLDER = 15
MAX_MODULE_LINES = 300


def modules() -> dict[str, Path]:
    found = {}
    for package in PACKAGES:
        for path in sorted((ROOT / package).rglob("*.py")):
            parts = path.relative_to(ROOT).with_suffix("").parts
            name = ".".join(parts[:-1] if parts[-1] == "__init__" else parts)
            found[name] = path
    return found


def _type_checking_only(tree: ast.Module) -> set[int]:
    hidden: set[int] = set()
    for node in ast.walk(tree):
        if isinstance(node, ast.If) and "TYPE_CHECKING" in ast.unparse(node.test):
            for inner in node.body:
                hidden.update(id(n) for n in ast.walk(inner))
    return hidden


def imported_names(path: Path, known: Collection[str] = ()) -> Iterator[str]:
    """Every module name ``path`` imports when it runs.

    ``from a.b import c`` gives ``a.b.c`` when that is one of the ``known`` modules, and
    ``a.b`` when anything it names is not a module (a name defined in ``a/b/__init__.py``).
    """
    tree = ast.parse(path.read_text(encoding="utf-8"))
    hidden = _type_checking_only(tree)
    for node in ast.walk(tree):
        if id(node) in hidden:
            continue
        if isinstance(node, ast.Import):
            yield from (alias.name for alias in node.names)
        elif isinstance(node, ast.ImportFrom) and node.module and node.level == 0:
            named = [f"{node.module}.{alias.name}" for alias in node.names]
            yield from (name for name in named if name in known)
            if any(name not in known for name in named):
                yield node.module


def import_graph() -> dict[str, set[str]]:
    known = modules()
    return {
        name: {other for other in imported_names(path, known) if other in known and other != name}
        for name, path in known.items()
    }


def circles(edges: dict[str, set[str]]) -> list[list[str]]:
    """The strongly connected groups of more than one module (Tarjan's algorithm)."""
    index: dict[str, int] = {}
    low: dict[str, int] = {}
    stack: list[str] = []
    on_stack: set[str] = set()
    found: list[list[str]] = []

    def visit(node: str) -> None:
        index[node] = low[node] = len(index)
        stack.append(node)
        on_stack.add(node)
        for other in edges[node]:
            if other not in index:
                visit(other)
                low[node] = min(low[node], low[other])
            elif other in on_stack:
                low[node] = min(low[node], index[other])
        if low[node] == index[node]:
            group = []
            while True:
                member = stack.pop()
                on_stack.discard(member)
                group.append(member)
                if member == node:
                    break
            if len(group) > 1:
                found.append(sorted(group))

    for node in sorted(edges):
        if node not in index:
            visit(node)
    return found


def test_a_module_imported_from_its_package_is_an_edge_to_the_module_alone() -> None:
    here = ROOT / "graph" / "persistence" / "editor.py"
    names = set(imported_names(here, modules()))
    assert "graph.persistence.edits" in names
    assert "graph.persistence" not in names


def test_the_circle_finder_finds_a_circle() -> None:
    assert circles({"a": {"b"}, "b": {"c"}, "c": {"a"}, "d": {"a"}}) == [["a", "b", "c"]]


def test_no_module_imports_itself_back_through_others() -> None:
    assert circles(import_graph()) == []


def test_the_domain_imports_no_graphql_or_http() -> None:
    offenders = {
        name: sorted(
            n
            for n in imported_names(path)
            if n.split(".")[0] in {"strawberry", "starlette", "schema", "graphql"}
        )
        for name, path in modules().items()
        if name.split(".")[0] == "graph"
    }
    assert {name: found for name, found in offenders.items() if found} == {}


def packages() -> list[Path]:
    return sorted(p.parent for p in modules().values() if p.name == "__init__.py")


@pytest.mark.parametrize("folder", packages(), ids=lambda p: str(p.relative_to(ROOT)))
def test_each_package_says_what_lives_there_and_lists_its_names(folder: Path) -> None:
    tree = ast.parse((folder / "__init__.py").read_text(encoding="utf-8"))
    doc = ast.get_docstring(tree)
    assert doc, f"{folder} has no docstring"
    first = doc.split("\n\n")[0]
    assert first.endswith("."), f"{folder}: the docstring should open with one sentence"
    declared = [
        n
        for n in tree.body
        if isinstance(n, ast.Assign) and any(getattr(t, "id", None) == "__all__" for t in n.targets)
    ]
    assert declared, f"{folder} has no __all__"


@pytest.mark.parametrize("folder", packages(), ids=lambda p: str(p.relative_to(ROOT)))
def test_no_folder_holds_more_than_fifteen_modules(folder: Path) -> None:
    count = len([p for p in folder.glob("*.py") if p.name not in {"__init__.py", "__main__.py"}])
    assert count <= MAX_MODULES_PER_FOLDER


def test_no_module_is_longer_than_three_hundred_lines() -> None:
    long = {
        str(path.relative_to(ROOT)): n
        for path in modules().values()
        if (n := len(path.read_text(encoding="utf-8").splitlines())) > MAX_MODULE_LINES
    }
    assert long == {}


def test_the_names_users_import_from_graph_are_all_still_there() -> None:
    # What `from graph import ...` offered before the subpackages; users' code relies on it.
    assert set(graph.__all__) >= {
        "RELATIONS", "Actor", "ActorInUse", "ActorKind", "AllianceGraph", "Dataset",
        "DatasetProblem", "DatePrecision", "Direction", "DuplicateKey", "Evidence",
        "GraphError", "InvalidDataset", "InvalidInput", "InvalidRelationship", "Relation",
        "RelationInfo", "Relationship", "RelationshipFilter", "Source", "Stance",
        "SupportKind", "UnknownActor", "UnknownRelationship", "UnknownSource", "Valence",
        "build_graph", "dump_dataset", "load_dataset", "load_seed", "parse_dataset",
        "read_dataset", "seed_path",
    }  # fmt: skip
    assert all(hasattr(graph, name) for name in graph.__all__)
