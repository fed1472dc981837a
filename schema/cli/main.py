"""``alliance-graph``: serve the API, validate, import and export datasets, propose
relationships from an article, print the schema.

Every option falls back to an environment variable (shown in ``--help``).
"""

from __future__ import annotations

import argparse
import os
import sys
from collections.abc import Sequence
from pathlib import Path

from graph.export.formats import ExportFormat
from schema.cli.merge import run_merge
from schema.cli.propose import add_propose_parser, run_propose
from schema.cli.serve import ENV_CORS, ENV_WORKERS, run_serve
from schema.cli.serve_logs import (
    ENV_ACCESS_LOG,
    ENV_LOG_FORMAT,
    ENV_LOG_LEVEL,
    log_format,
    log_level,
)
from schema.cli.tokens import add_token_options
from schema.cli.transfer import ENV_DATA, data_location, run_export, run_import
from schema.cli.validate import run_validate
from schema.http.limits import Limits
from schema.version import package_version

__all__ = ["build_parser", "main"]

ENV_HOST = "ALLIANCE_GRAPH_HOST"
ENV_PORT = "ALLIANCE_GRAPH_PORT"
ENV_SEED = "ALLIANCE_GRAPH_SEED"
_LIMIT_HELP = {
    "max_depth": "deepest nesting of selections in a query",
    "max_aliases": "aliases in one document, counted through fragments",
    "max_tokens": "lexical tokens in one document",
    "max_body_bytes": "largest request body; beyond it, 413",
    "max_page": "largest `first` on every connection",
    "max_list": "longest plain list in an answer (an actor's relationships, a timeline, "
    "a neighbourhood's full lists, stanceMatrix cells); longer ones are LIST_TOO_LONG",
    "max_cost": "largest estimated cost of one operation (about one per object answered, "
    "plus analytics' weights); costlier ones are QUERY_TOO_COSTLY",
    "max_hops": "largest `maxHops` of path",
    "max_neighborhood_depth": "largest `depth` of neighborhood",
    "max_ws_message_bytes": "largest WebSocket message",
    "max_subscriptions": "subscriptions at once on one WebSocket",
    "analytics_seconds": "time one analytics computation may take",
    "max_version_wait": "seconds a request may wait for the version in X-Min-Graph-Version",
    "heavy_relationships": "work reading more relationships than this (analytics, long "
    "timelines, wide neighbourhoods, layouts) is done in a forked process, off the event loop",
    "heavy_operations": "forked processes doing heavy work at once; more wait",
    "max_layout_actors": "most actors the spring and kamada-kawai layouts lay out (in /export "
    "and Actor.position); an export with no layout is circular above it",
    "idempotency_hours": "hours a mutation's Idempotency-Key is remembered: a retry within "
    "them gets the first answer, and expired keys are deleted as new ones are answered",
    "max_batch": "operations in one batched request (a JSON array POSTed to /graphql); a "
    "larger batch is a 400 naming its size and this limit",
    "persisted_queries": "automatic persisted queries (Apollo's, by sha256) kept by each "
    "process (least recently used out) and by the --data store (least recently registered out)",
    "response_cache_mb": "megabytes of answers the whole-response cache keeps (least recently "
    "stored out first; also at most 2,048 answers)",
    "max_get_cost": "largest estimated cost of a query sent with GET; costlier ones get USE_POST "
    "(send them with POST), so another site's page cannot make browsers run them",
    "persisted_queries_bytes": "bytes of text those persisted queries may hold, in each process "
    "and in the store",
}


def _port(text: str) -> int:
    try:
        port = int(text)
    except ValueError:
        raise argparse.ArgumentTypeError(f"port must be a number, got {text!r}") from None
    if not 0 <= port < 65536:
        raise argparse.ArgumentTypeError(f"port must be between 0 and 65535, got {port}")
    return port


def _workers(text: str) -> int:
    try:
        workers = int(text)
    except ValueError:
        raise argparse.ArgumentTypeError(f"workers must be a number, got {text!r}") from None
    if not 1 <= workers <= 64:
        raise argparse.ArgumentTypeError(f"workers must be between 1 and 64, got {workers}")
    return workers


def _data_option(parser: argparse.ArgumentParser, required: bool = False) -> None:
    parser.add_argument(
        "--data",
        type=data_location,
        default=os.environ.get(ENV_DATA),
        metavar="FILE|URL",
        help=f"where the graph and its history are kept (env {ENV_DATA}): an SQLite file, or "
        "a PostgreSQL database as postgresql://USER[:PASSWORD]@HOST[:PORT]/DB; created and "
        "seeded on first use" + ("" if required else "; without it, nothing is kept"),
    )


def _logging_options(serve: argparse.ArgumentParser) -> None:
    logs = serve.add_argument_group("logging (each also from an environment variable)")
    logs.add_argument(
        "--access-log",
        action=argparse.BooleanOptionalAction,
        default=os.environ.get(ENV_ACCESS_LOG, "off"),
        help=f"a line per request, with its status, time and request id (env {ENV_ACCESS_LOG}"
        "=on|off; default off: it costs a cached read about a third of its throughput, and a "
        "proxy in front usually logs requests already)",
    )
    logs.add_argument(
        "--log-level",
        type=log_level,
        default=os.environ.get(ENV_LOG_LEVEL, "info"),
        metavar="LEVEL",
        help=f"debug, info, warning or error: lines below it are not written; access lines "
        f"are info (env {ENV_LOG_LEVEL}; default info)",
    )
    logs.add_argument(
        "--log-format",
        type=log_format,
        default=os.environ.get(ENV_LOG_FORMAT, "text"),
        metavar="FORMAT",
        help=f"text, or json: one JSON object per line for a log shipper (env "
        f"{ENV_LOG_FORMAT}; default text)",
    )


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="alliance-graph",
        description="An evidence-backed alliance-relationship graph served over GraphQL.",
    )
    parser.add_argument(
        "--version",
        action="version",
        version=f"%(prog)s {package_version()}",
        help="print the version",
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
        help=f"port to listen on; 0 takes any free one (env {ENV_PORT}; default 8000)",
    )
    serve.add_argument(
        "--seed",
        type=Path,
        default=os.environ.get(ENV_SEED),
        help=f"dataset file (JSON or YAML) to start from (env {ENV_SEED}; default: the shipped "
        "seed); with --data, used only when the data file is new",
    )
    _data_option(serve)
    add_token_options(serve)

    serve.add_argument(
        "--workers",
        type=_workers,
        default=os.environ.get(ENV_WORKERS, "1"),
        metavar="N",
        help=f"serving processes on the one port, over the one --data store (env "
        f"{ENV_WORKERS}; default 1)",
    )
    serve.add_argument("--listen-fd", type=int, default=None, help=argparse.SUPPRESS)
    serve.add_argument(
        "--cors-origin",
        action="append",
        metavar="ORIGIN",
        help=f"an origin (https://host[:port]) whose pages may call the API and open WebSockets; "
        f"repeatable (env {ENV_CORS}: comma-separated). Default: same origin only",
    )
    _logging_options(serve)
    limits = serve.add_argument_group("limits (each also from an environment variable)")
    defaults = Limits()
    for name in Limits.names():
        default = getattr(defaults, name)
        env = f"ALLIANCE_GRAPH_{name.upper()}"
        limits.add_argument(
            f"--{name.replace('_', '-')}",
            dest=name,
            type=type(default),
            default=os.environ.get(env, default),
            metavar="N",
            help=f"{_LIMIT_HELP[name]} (env {env}; default {default})",
        )

    validate = commands.add_parser(
        "validate",
        help="check a dataset file and report every fault: exit 0 when valid, 1 listing every "
        "problem, 2 when the file cannot be read as a dataset",
    )
    validate.add_argument("file", type=Path, help="dataset file (JSON or YAML)")

    imp = commands.add_parser(
        "import",
        help="replace the whole graph in --data with a dataset file (or, with --merge, add "
        "to it), all or nothing",
    )
    imp.add_argument("file", type=Path, help="dataset file (JSON or YAML)")
    _data_option(imp, required=True)
    imp.add_argument("--author", default="cli", help="name recorded in the history (default cli)")
    imp.add_argument(
        "--merge",
        action="store_true",
        help="add the file's new sources, actors and relationships to the stored graph in one "
        "MERGE change instead of replacing it: records stored as they are are skipped, and a "
        "record stored otherwise refuses the whole merge (exit 1, every conflict listed)",
    )

    exp = commands.add_parser(
        "export", help="write the graph as a dataset file or for a visualization front end"
    )
    exp.add_argument(
        "file", type=Path, help="where to write (with --format seed: .json for JSON, else YAML)"
    )
    _data_option(exp)
    exp.add_argument(
        "--format",
        default="seed",
        choices=["seed", *(f.value for f in ExportFormat)],
        help="seed (the dataset format; default), or a front end's format",
    )
    for flag, name, text in (
        ("--as-of", "asOf", "as the graph stood on this date (YYYY-MM-DD)"),
        ("--valence", "valence", "only COOPERATIVE, HOSTILE or NEUTRAL relationships"),
        ("--min-confidence", "minConfidence", "leave out relationships below this confidence"),
        ("--include-claims", "includeClaims", "false: only REPORTED relationships"),
        ("--around", "around", "only the neighbourhood of this actor key"),
        ("--depth", "depth", "with --around: how many hops (1 to 3; default 1)"),
        (
            "--layout",
            "layout",
            "spring, kamada-kawai, circular or shell (default: spring up to "
            "--max-layout-actors actors, circular above)",
        ),
        ("--seed", "seed", "the layout's random seed (default 42)"),
    ):
        exp.add_argument(flag, dest=name, metavar=name.upper(), help=text)
    exp.add_argument(
        "--relation", dest="relation", action="append", metavar="RELATION", help="repeatable"
    )
    env = "ALLIANCE_GRAPH_MAX_LAYOUT_ACTORS"
    exp.add_argument(
        "--max-layout-actors",
        type=int,
        default=os.environ.get(env, Limits().max_layout_actors),
        metavar="N",
        help=f"{_LIMIT_HELP['max_layout_actors']} (env {env}; default "
        f"{Limits().max_layout_actors})",
    )

    add_propose_parser(commands)
    commands.add_parser("schema", help="print the GraphQL schema (SDL)")
    return parser


def _schema(args: argparse.Namespace) -> int:
    from schema.schema import schema

    print(schema.as_str())
    return 0


def main(argv: Sequence[str] | None = None) -> int:
    args = build_parser().parse_args(argv)
    args.argv = list(sys.argv[1:] if argv is None else argv)  # what a worker is started with
    handlers = {
        "serve": run_serve,
        "validate": run_validate,
        "propose": run_propose,
        "import": run_merge if getattr(args, "merge", False) else run_import,
        "export": run_export,
        "schema": _schema,
    }
    return handlers[args.command](args)
