"""``alliance-graph``: serve the API, validate, import and export datasets, print the schema.

Every option falls back to an environment variable (shown in ``--help``).
"""

from __future__ import annotations

import argparse
import os
import sys
from collections.abc import Sequence
from pathlib import Path

from graph import Dataset, InvalidDataset, load_dataset, parse_dataset, seed_path
from graph.dataset import dump_dataset
from graph.editor import Editor
from graph.storage import StorageError, open_storage
from schema.auth import Tokens
from schema.progress import Progress

__all__ = ["build_parser", "main"]

ENV_HOST = "ALLIANCE_GRAPH_HOST"
ENV_PORT = "ALLIANCE_GRAPH_PORT"
ENV_SEED = "ALLIANCE_GRAPH_SEED"
ENV_DATA = "ALLIANCE_GRAPH_DATA"
ENV_TOKENS = "ALLIANCE_GRAPH_TOKENS"
READ_CHUNK = 1 << 20


def _port(text: str) -> int:
    try:
        port = int(text)
    except ValueError:
        raise argparse.ArgumentTypeError(f"port must be a number, got {text!r}") from None
    if not 0 < port < 65536:
        raise argparse.ArgumentTypeError(f"port must be between 1 and 65535, got {port}")
    return port


def _data_option(parser: argparse.ArgumentParser, required: bool = False) -> None:
    parser.add_argument(
        "--data",
        type=Path,
        default=os.environ.get(ENV_DATA),
        help=f"SQLite file holding the graph and its history (env {ENV_DATA}); created and "
        "seeded on first use" + ("" if required else "; without it, nothing is kept"),
    )


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="alliance-graph",
        description="An evidence-backed alliance-relationship graph served over GraphQL.",
    )
    commands = parser.add_subparsers(dest="command", required=True, metavar="COMMAND")

    serve = commands.add_parser("serve", help="serve the GraphQL API and the explorer")
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
        help=f"dataset file (JSON or YAML) to start from (env {ENV_SEED}; default: the shipped "
        "seed); with --data, used only when the data file is new",
    )
    _data_option(serve)
    serve.add_argument(
        "--token",
        action="append",
        metavar="NAME=SECRET",
        help=f"allow writes with 'Authorization: Bearer SECRET', recorded as NAME; repeatable "
        f"(env {ENV_TOKENS}: NAME=SECRET,NAME=SECRET). Without any, the API is read-only",
    )

    validate = commands.add_parser("validate", help="check a dataset file and report every fault")
    validate.add_argument("file", type=Path, help="dataset file (JSON or YAML)")

    imp = commands.add_parser(
        "import", help="replace the whole graph in --data with a dataset file, all or nothing"
    )
    imp.add_argument("file", type=Path, help="dataset file (JSON or YAML)")
    _data_option(imp, required=True)
    imp.add_argument("--author", default="cli", help="name recorded in the history (default cli)")

    exp = commands.add_parser("export", help="write the graph as a dataset file")
    exp.add_argument("file", type=Path, help="where to write (.json for JSON, else YAML)")
    _data_option(exp)

    commands.add_parser("schema", help="print the GraphQL schema (SDL)")
    return parser


def _fail(message: str) -> SystemExit:
    return SystemExit(f"alliance-graph: {message}")


def _read(path: Path, progress: Progress | None = None) -> Dataset:
    """Read and validate a dataset file, reporting progress for large ones."""
    import json

    import yaml

    try:
        size = path.stat().st_size
        chunks: list[bytes] = []
        with path.open("rb") as handle:
            if progress:
                progress.phase("reading")
            while chunk := handle.read(READ_CHUNK):
                chunks.append(chunk)
                if progress:
                    progress.update(sum(map(len, chunks)), size)
        text = b"".join(chunks).decode("utf-8")
    except OSError as err:
        raise _fail(f"cannot read {path}: {err.strerror}") from None
    except UnicodeDecodeError as err:
        raise _fail(f"{path} is not UTF-8 text: {err.reason}") from None
    if progress:
        progress.phase("parsing")
    try:
        raw = json.loads(text) if path.suffix.lower() == ".json" else yaml.safe_load(text)
        if progress:
            progress.phase("validating")
        return parse_dataset(raw)
    except (json.JSONDecodeError, yaml.YAMLError) as err:
        raise _fail(f"{path} cannot be parsed: {err}") from None
    except InvalidDataset as err:
        raise _fail(f"{path}: {err}") from None


def _open(data: Path | None, seed: Path | None) -> Editor:
    start = _read(seed) if seed else load_dataset(seed_path())
    try:
        return Editor.open(open_storage(data, start))
    except (StorageError, InvalidDataset) as err:
        raise _fail(f"cannot open {data}: {err}") from None


def _serve(args: argparse.Namespace) -> int:
    import uvicorn

    from schema.app import create_app

    try:
        tokens = Tokens.parse(args.token) if args.token else Tokens.from_env(os.getenv(ENV_TOKENS))
    except ValueError as err:
        raise _fail(str(err)) from None
    editor = _open(args.data, args.seed)
    graph = editor.graph
    where = f"SQLite file {args.data}" if args.data else "memory: edits will NOT be kept"
    who = ", ".join(name for name, _ in tokens.pairs) or "nobody (read-only; see --token)"
    say = sys.stderr.write
    say(f"alliance-graph: {graph.nx.number_of_nodes()} actors, {len(graph)} relationships, ")
    say(f"version {graph.version}, in {where}\nalliance-graph: writes allowed for: {who}\n")
    say(f"alliance-graph: GraphQL at http://{args.host}:{args.port}/graphql\n")
    try:
        uvicorn.run(create_app(editor, tokens=tokens), host=args.host, port=args.port)
    finally:
        editor.close()
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


def _import(args: argparse.Namespace) -> int:
    if args.data is None:
        raise _fail(f"import needs --data FILE (or {ENV_DATA}): the store to replace")
    progress = Progress()
    dataset = _read(args.file, progress)
    editor = _open(args.data, None)
    try:
        progress.phase("writing")
        change = editor.import_dataset(dataset, args.author)
    except (StorageError, InvalidDataset) as err:
        raise _fail(f"import failed, nothing changed: {err}") from None
    finally:
        editor.close()
    progress.done(
        f"imported {len(dataset.actors)} actors and {len(dataset.relationships)} relationships "
        f"into {args.data} as version {change.version}"
    )
    return 0


def _export(args: argparse.Namespace) -> int:
    import json

    import yaml

    editor = _open(args.data, None)
    try:
        plain = dump_dataset(editor.export_dataset())
    finally:
        editor.close()
    if args.file.suffix.lower() == ".json":
        text = json.dumps(plain, ensure_ascii=False, indent=1)
    else:
        text = yaml.safe_dump(plain, allow_unicode=True, sort_keys=False)
    try:
        args.file.write_text(text, encoding="utf-8")
    except OSError as err:
        raise _fail(f"cannot write {args.file}: {err.strerror}") from None
    print(
        f"exported {len(plain['actors'])} actors and {len(plain['relationships'])} "
        f"relationships to {args.file}"
    )
    return 0


def _schema(args: argparse.Namespace) -> int:
    from schema.schema import schema

    print(schema.as_str())
    return 0


def main(argv: Sequence[str] | None = None) -> int:
    args = build_parser().parse_args(argv)
    handlers = {
        "serve": _serve,
        "validate": _validate,
        "import": _import,
        "export": _export,
        "schema": _schema,
    }
    return handlers[args.command](args)


if __name__ == "__main__":
    sys.exit(main())
