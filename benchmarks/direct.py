"""A clean process that loads the graph, reports the time and memory it took, and times the
scale operations called directly on the graph. It prints one JSON object per line.

``python -m benchmarks.direct seed-file DATASET.json`` loads a seed file
(:func:`graph.load_dataset` then :func:`graph.build_graph`).
``python -m benchmarks.direct store STORE.sqlite3 SPEC.json`` loads the SQLite store as
:meth:`graph.persistence.editor.Editor.open` does (read and validate the rows, build the graph),
then runs the operations in ``SPEC.json`` (``args``, ``requests``, ``budget``) and prints each
result: the ``graph.*`` call the API makes, then the stock networkx calls of
:mod:`benchmarks.stock`.
"""

from __future__ import annotations

import argparse
import json
import sys
import time
from functools import partial
from pathlib import Path
from typing import Any

from benchmarks.operations import OPERATIONS
from benchmarks.processes import memory_mb
from benchmarks.sampling import passes
from benchmarks.stock import STOCK
from graph import load_seed
from graph.persistence.editor import Editor
from graph.persistence.sqlite.store import SQLiteStorage

__all__ = ["main"]


def _emit(record: dict[str, Any]) -> None:
    sys.stdout.write(json.dumps(record) + "\n")
    sys.stdout.flush()


def _load_seed_file(path: Path) -> None:
    baseline = memory_mb()
    start = time.perf_counter()
    graph = load_seed(path)  # read and validate every record, then build the graph
    built = time.perf_counter()
    _emit(
        {
            "load": {
                "source": "seed file (JSON)",
                "seconds": round(built - start, 2),
                "baseline_rss_mb": baseline["rss_mb"],
                **memory_mb(),
                "relationships": len(graph),
            }
        }
    )


def _load_store(path: Path) -> Editor:
    baseline = memory_mb()
    start = time.perf_counter()
    editor = Editor.open(SQLiteStorage(path))  # exactly what alliance-graph serve --data does
    built = time.perf_counter()
    _emit(
        {
            "load": {
                "source": "SQLite store (Editor.open)",
                "seconds": round(built - start, 2),
                "baseline_rss_mb": baseline["rss_mb"],
                **memory_mb(),
                "relationships": len(editor.graph),
            }
        }
    )
    return editor


def _operations(editor: Editor, spec: dict[str, Any]) -> None:
    graph = editor.graph
    for op in OPERATIONS:
        args = spec["args"][op.name]
        for kind, call in (("operation", op.direct), ("stock", STOCK.get(op.name))):
            if call is None:
                continue
            _emit({"start": op.name, "kind": kind})
            found = passes(
                partial(call, graph),
                args,
                requests=spec["requests"],
                budget=spec["budget"],
                cached=False,
                warm=len(args) > 1,
            )
            _emit({kind: op.name, **found})


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    sub = parser.add_subparsers(dest="what", required=True)
    seed = sub.add_parser("seed-file")
    seed.add_argument("path", type=Path)
    store = sub.add_parser("store")
    store.add_argument("path", type=Path)
    store.add_argument("spec", type=Path)
    args = parser.parse_args()
    if args.what == "seed-file":
        _load_seed_file(args.path)
    else:
        editor = _load_store(args.path)
        _operations(editor, json.loads(args.spec.read_text(encoding="utf-8")))
        editor.close()


if __name__ == "__main__":
    main()
