"""``alliance-graph``: serve the API, validate a dataset, print the schema.

Every option of ``serve`` falls back to an environment variable (shown in ``--help``).
"""

from __future__ import annotations

import argparse
import os
import sys
from collections.abc import Sequence
from pathlib import Path

from graph import InvalidDataset, build_graph, load_dataset, seed_path

__all__ = ["build_parser", "main"]

ENV_HOST = "ALLIANCE_GRAPH_HOST"
ENV_PORT = "ALLIANCE_GRAPH_PORT"
ENV_SEED = "ALLIANCE_GRAPH_SEED"


def _port(text: str) -> int:
    try:
        port = int(text)
    except ValueError:
        raise argparse.ArgumentTypeError(f"port must be a number, got {text!r}") from None
    if not 0 < port < 65536:
        raise argparse.ArgumentTypeError(f"port must be between 1 and 65535, got {port}")
    return port


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="alliance-graph",
        description="An evidence-backed alliance-relationship graph served over GraphQL.",
    )
    commands = parser.add_subparsers(dest="command", required=True, metavar="COMMAND")

    serve = commands.add_parser("serve", help="serve the GraphQL API")
    serve.add_argument(
        "--host",
        default=os.environ.get(ENV_HOST, "127.0.0.1"),
        help=f"interface to listen on (env {ENV_HOST}; default 127.0.0.1)",
    )
    serve.add_argument(
        "--port",
        type=_port,
        default=os.environ.get(ENV_PORT, "8000"),
        help=f"port to listen on (env {ENV_PORT}; default 8000)",
    )
    serve.add_argument(
        "--seed",
        type=Path,
        default=os.environ.get(ENV_SEED),
        help=f"dataset file (JSON or YAML) to serve (env {ENV_SEED}; default: the shipped seed)",
    )

    validate = commands.add_parser("validate", help="check a dataset file and report every fault")
    validate.add_argument("file", type=Path, help="dataset file (JSON or YAML)")

    commands.add_parser("schema", help="print the GraphQL schema (SDL)")
    return parser


def _load(path: Path) -> object:
    try:
        return build_graph(load_dataset(path))
    except OSError as err:
        raise SystemExit(f"alliance-graph: cannot read {path}: {err.strerror}") from None
    except InvalidDataset as err:
        raise SystemExit(f"alliance-graph: {path}: {err}") from None


def _serve(args: argparse.Namespace) -> int:
    import uvicorn

    from schema.app import create_app

    path = args.seed or seed_path()
    graph = _load(path)
    from graph import AllianceGraph

    assert isinstance(graph, AllianceGraph)
    print(
        f"alliance-graph: {graph.nx.number_of_nodes()} actors, {len(graph)} relationships "
        f"from {path}; GraphQL at http://{args.host}:{args.port}/graphql",
        file=sys.stderr,
    )
    uvicorn.run(create_app(graph), host=args.host, port=args.port, log_level="info")
    return 0


def _validate(args: argparse.Namespace) -> int:
    try:
        dataset = load_dataset(args.file)
    except OSError as err:
        print(f"{args.file}: cannot read: {err.strerror}", file=sys.stderr)
        return 2
    except InvalidDataset as err:
        print(f"{args.file}: {err}", file=sys.stderr)
        return 1
    print(
        f"{args.file}: ok: {len(dataset.sources)} sources, {len(dataset.actors)} actors, "
        f"{len(dataset.relationships)} relationships"
    )
    return 0


def _schema(args: argparse.Namespace) -> int:
    from schema.schema import schema

    print(schema.as_str())
    return 0


def main(argv: Sequence[str] | None = None) -> int:
    args = build_parser().parse_args(argv)
    handlers = {"serve": _serve, "validate": _validate, "schema": _schema}
    return handlers[args.command](args)


if __name__ == "__main__":
    sys.exit(main())
