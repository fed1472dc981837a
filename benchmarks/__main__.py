"""``python -m benchmarks``: run the benchmark suite, print a table, write the JSON.

See :mod:`benchmarks` for what each part measures.
"""

from __future__ import annotations

import argparse
import datetime as dt
import json
import sys
import tempfile
import time
from pathlib import Path
from typing import Any

from benchmarks.files import SyntheticFiles, prepare
from benchmarks.generate import GENERATOR_VERSION
from benchmarks.machine import load_average, machine, revision, speed_probe
from benchmarks.report import table

__all__ = ["build_parser", "main"]

HERE = Path(__file__).resolve().parent


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="python -m benchmarks", description="alliance-graph benchmark suite"
    )
    parser.add_argument(
        "--only",
        choices=(
            "reads", "scale", "writes", "stalls", "replicas", "exports", "logging", "ingest",
            "quick", "hazards", "signed", "signed-scale",
        ),
        action="append",
        help="run only this part (repeatable; default: reads, scale and writes)",
    )  # fmt: skip
    parser.add_argument(
        "--actors",
        type=int,
        default=10_000,
        help="scale, stalls, replicas (the joining store), hazards: actors (10,000)",
    )
    parser.add_argument(
        "--relationships", type=int, default=1_000_000,
        help="scale, stalls, replicas (the joining store), hazards: relationships (1,000,000)",
    )  # fmt: skip
    parser.add_argument("--seed", type=int, default=2016, help="scale: generator seed (2016)")
    parser.add_argument(
        "--duration", type=float, default=3.0,
        help="seconds per wrk run (reads, logging, replicas' reads: per interleaved run; writes: "
        "x3 per run) (3)",
    )  # fmt: skip
    parser.add_argument(
        "--rounds",
        type=int,
        default=5,
        help="reads, logging, replicas' reads: interleaved rounds (5)",
    )
    parser.add_argument(
        "--connections", type=int, default=8, help="wrk connections for reads and writes (8)"
    )
    parser.add_argument(
        "--requests", type=int, default=200, help="scale: requests per operation and pass (200)"
    )
    parser.add_argument(
        "--budget", type=float, default=20.0,
        help="scale: seconds per operation and pass; ends a pass early (20)",
    )  # fmt: skip
    parser.add_argument(
        "--balance-timeout", type=float, default=300.0,
        help="scale: seconds to wait for the first balance computation; signed-scale: the "
        "analyses' budget (300)",
    )  # fmt: skip
    parser.add_argument(
        "--stall-seconds", type=float, default=20.0,
        help="stalls: seconds of cheap reads under two heavy clients (20)",
    )  # fmt: skip
    parser.add_argument(
        "--analytics-seconds", type=float, default=2.0,
        help="stalls: the server's --analytics-seconds (2.0)",
    )  # fmt: skip
    parser.add_argument(
        "--export-timeout", type=float, default=600.0,
        help="exports: seconds one whole-graph export may take (600)",
    )  # fmt: skip
    parser.add_argument(
        "--paced", type=int, default=200,
        help="writes and replicas: one-at-a-time mutations (200)",
    )  # fmt: skip
    parser.add_argument(
        "--article", type=Path, default=None,
        help="ingest: the seed article's text (../shared/seeds/000_bb4b938b64fd18fe.txt)",
    )  # fmt: skip
    parser.add_argument(
        "--cache", type=Path, default=HERE / ".cache", help="where generated datasets are kept"
    )
    parser.add_argument("--out", type=Path, default=HERE / "results.json", help="JSON results file")
    return parser


def _say(text: str) -> None:
    print(text, file=sys.stderr, flush=True)


def main(argv: list[str] | None = None) -> int:
    args = build_parser().parse_args(argv)
    parts = args.only or ["reads", "scale", "writes"]
    start = time.perf_counter()
    results: dict[str, Any] = {
        "date": dt.datetime.now(dt.UTC).isoformat(timespec="seconds"),
        "machine": machine(),
        "revision": revision(),
        "arguments": {k: str(v) if isinstance(v, Path) else v for k, v in vars(args).items()},
    }
    with tempfile.TemporaryDirectory(prefix="alliance-bench-") as tmp:
        work = Path(tmp)
        if "reads" in parts:
            from benchmarks.reads import run_reads

            _say("reads: /graphql against a bare route, interleaved")
            results["reads"] = run_reads(
                seconds=args.duration,
                rounds=args.rounds,
                connections=args.connections,
                work=work,
                say=_say,
            )
        if "logging" in parts:
            from benchmarks.logging_cost import run_logging

            _say("logging: cached reads from serve with the access log off, text and JSON")
            results["logging"] = run_logging(
                seconds=args.duration,
                rounds=args.rounds,
                connections=args.connections,
                work=work,
                say=_say,
            )
        if "scale" in parts:
            from benchmarks.scale import run_scale

            _say(f"scale: {args.actors:,} actors, {args.relationships:,} relationships")
            files = prepare(args.actors, args.relationships, args.seed, args.cache, _say)
            results["scale"] = run_scale(
                files,
                requests=args.requests,
                budget=args.budget,
                balance_timeout=args.balance_timeout,
                work=work,
                say=_say,
            )
        if "stalls" in parts:
            from benchmarks.stalls import run_stalls

            _say(f"stalls: {args.actors:,} actors, {args.relationships:,} relationships")
            files = prepare(args.actors, args.relationships, args.seed, args.cache, _say)
            results["stalls"] = run_stalls(
                files,
                seconds=args.stall_seconds,
                analytics_seconds=args.analytics_seconds,
                work=work,
                say=_say,
            )
        if "exports" in parts:
            from benchmarks.exports import run_exports

            _say(f"exports: {args.actors:,} actors, {args.relationships:,} relationships")
            files = prepare(args.actors, args.relationships, args.seed, args.cache, _say)
            results["exports"] = run_exports(
                files, timeout=args.export_timeout, work=work, say=_say
            )
        if "quick" in parts:
            from benchmarks.quick_path import run_quick_path

            _say("quick: cold requests with the quick execution path and without it")
            large = None
            if args.relationships:
                large = prepare(args.actors, args.relationships, args.seed, args.cache, _say)
            results["quick"] = run_quick_path(large, work=work, say=_say)
        if "hazards" in parts:
            from benchmarks.hazards import run_hazards

            _say(f"hazards: {args.actors:,} actors, {args.relationships:,} relationships")
            files = prepare(args.actors, args.relationships, args.seed, args.cache, _say)
            results["hazards"] = run_hazards(files, work=work, say=_say)
        if "writes" in parts:
            from benchmarks.writes import run_writes

            _say("writes: durable addRelationship over HTTP, with a subscriber")
            results["writes"] = run_writes(
                seconds=args.duration * 3,
                connections=args.connections,
                paced=args.paced,
                work=work,
                say=_say,
            )
        if "replicas" in parts:
            from benchmarks.replicas import run_replicas

            _say("replicas: serve --workers, and two replicas over SQLite and PostgreSQL")
            files = prepare(args.actors, args.relationships, args.seed, args.cache, _say)
            results["replicas"] = run_replicas(
                files,
                seconds=args.duration,
                rounds=args.rounds,
                visibility_writes=args.paced,
                work=work,
                say=_say,
            )
        if "signed-scale" in parts:
            from benchmarks.signed import run_signed_scale

            _say(f"signed-scale: {args.actors:,} actors, {args.relationships:,} relationships")
            name = (
                f"synthetic-a{args.actors}-r{args.relationships}-s{args.seed}-v{GENERATOR_VERSION}"
            )
            files = SyntheticFiles(args.cache / name)
            if not files.seed_file.is_file():
                files = prepare(args.actors, args.relationships, args.seed, args.cache, _say)
            results["signed-scale"] = run_signed_scale(files, args.balance_timeout, _say)
    if "signed" in parts:
        from benchmarks.signed import run_signed

        _say("signed: frustration and blocs on 200-actor graphs, in a 2 s budget")
        results["signed"] = run_signed(_say)
    if "ingest" in parts:
        from benchmarks.ingest import FIXTURES, SEED_ARTICLE, run_ingest

        _say("ingest: proposals from article text against curated relationships")
        results["ingest"] = run_ingest(args.article or SEED_ARTICLE, FIXTURES, _say)
    results["seconds"] = round(time.perf_counter() - start, 1)
    results["machine"]["load_average_at_end"] = load_average()
    results["machine"]["speed_probe_ms_at_end"] = speed_probe()
    args.out.parent.mkdir(parents=True, exist_ok=True)
    args.out.write_text(json.dumps(results, indent=1), encoding="utf-8")
    print(table(results))
    _say(f"wrote {args.out}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
