"""``alliance-graph serve``: one process, or a supervisor of ``--workers`` processes that
share the listening socket and the ``--data`` store (:mod:`schema.cli.workers`)."""

from __future__ import annotations

import argparse
import logging
import os
import socket

from graph.persistence.opening import open_storage
from schema.cli.listen import PortUnavailable, listen, url_of
from schema.cli.serve_logs import access_log_on
from schema.cli.tokens import tokens_of
from schema.cli.transfer import describe, fail, open_editor, start_dataset
from schema.http.auth import Tokens
from schema.http.limits import Limits
from schema.http.logs.lines import configure

log = logging.getLogger("alliance_graph")

__all__ = ["ENV_CORS", "ENV_WORKERS", "run_serve"]

ENV_CORS = "ALLIANCE_GRAPH_CORS_ORIGINS"
ENV_WORKERS = "ALLIANCE_GRAPH_WORKERS"


def run_serve(args: argparse.Namespace) -> int:
    """Serve until stopped; with ``--workers N`` above 1, supervise N serving processes."""
    try:
        access_log = access_log_on(args.access_log)
    except ValueError as err:
        raise fail(str(err)) from None
    configure(args.log_level, args.log_format)  # the workers do the same with the same options
    try:
        tokens = tokens_of(args)
    except ValueError as err:
        raise fail(str(err)) from None
    try:
        limits = Limits(**{name: getattr(args, name) for name in Limits.names()})
        cors = args.cors_origin or [o for o in os.getenv(ENV_CORS, "").split(",") if o.strip()]
    except (ValueError, TypeError) as err:
        raise fail(str(err)) from None
    if args.workers > 1 and args.data is None:
        raise fail(
            f"--workers {args.workers} needs --data FILE: the workers share one store, and "
            "without one there is nothing to share"
        )
    if args.listen_fd is not None:  # a worker of a supervisor, which bound the socket
        sock = socket.socket(fileno=args.listen_fd)
    else:
        try:
            sock = listen(args.host, args.port)  # before the graph loads: fail fast
        except PortUnavailable as err:
            raise fail(str(err)) from None
    if args.workers > 1:
        from schema.cli.workers import supervise

        try:
            # Created and seeded here, once, so that the workers do not race to seed it.
            open_storage(args.data, start_dataset(args.seed)).close()
        except Exception as err:
            sock.close()
            raise fail(f"cannot open {describe(args.data)}: {err}") from None
        base = url_of(sock)
        log.info("%d workers over %s", args.workers, describe(args.data))
        log.info("explorer at %s/ and GraphQL at %s/graphql", base, base)
        return supervise(args.workers, sock, args.argv)
    return _serve_one(args, sock, tokens, limits, cors, access_log)


def _serve_one(
    args: argparse.Namespace,
    sock: socket.socket,
    tokens: Tokens,
    limits: Limits,
    cors: list[str],
    access_log: bool,
) -> int:
    import uvicorn

    from schema.http.app import create_app

    try:
        editor = open_editor(args.data, args.seed)
    except BaseException:
        sock.close()
        raise
    graph = editor.graph
    where = describe(args.data)
    who = ", ".join(name for name, _ in tokens.pairs) or "nobody (read-only; see --token-file)"
    log.info(
        "%d actors, %d relationships, version %d, in %s",
        graph.nx.number_of_nodes(), len(graph), graph.version, where,
    )  # fmt: skip
    if args.listen_fd is None:
        base = url_of(sock)
        log.info("writes allowed for: %s", who)
        log.info("access log %s", "on" if access_log else "off (--access-log turns it on)")
        log.info("explorer at %s/ and GraphQL at %s/graphql", base, base)
    try:
        app = create_app(
            editor, tokens=tokens, limits=limits, cors_origins=cors, access_log=access_log
        )
        config = uvicorn.Config(
            app,
            ws_max_size=limits.max_ws_message_bytes,
            h11_max_incomplete_event_size=limits.max_body_bytes,
            log_config=None,  # configured above, for uvicorn's loggers too
            log_level=args.log_level,
            access_log=False,  # ours (schema.http.logs.access) carries request ids and times
        )
        uvicorn.Server(config).run(sockets=[sock])
    finally:
        sock.close()
        editor.close()
    return 0
