"""Signed analytics, exact or not: frustration and blocs on small and very large graphs.

``--only signed``: synthetic graphs of 200 actors and 1,000 relationships
(:mod:`benchmarks.generate`, seeds 2016 on), each analysed in the server's default analytics
budget of 2 s, as a request would be; and, to show where proof ends, two graphs of 200 actors
with 1,000 ties of random sign between random pairs (no camps at all). For each: the signed
ties, the largest block, frustration with its lower bound and whether it is proved, the blocs'
frustration and whether it is proved, and the seconds each took. Target: every block of the
synthetic graphs proved within the 2 s.

``--only signed-scale``: the same for the ``--actors``/``--relationships`` graph (1,000,000
relationships by default), with ``--balance-timeout`` as the budget; heavy, run it alone.
"""

from __future__ import annotations

import random
import time
from collections.abc import Callable
from typing import Any

import networkx as nx

from benchmarks.files import SyntheticFiles
from benchmarks.generate import generate_dataset
from graph.analysis.balance import balance_report
from graph.analysis.blocs import bloc_report
from graph.analysis.budget import AnalysisTimeout, time_budget
from graph.analysis.frustration import signed_ties
from graph.analysis.signed import signed_view
from graph.dataset.seed import build_graph, load_seed
from graph.model.records import Actor, Evidence, Relationship, Source
from graph.model.vocabulary import ActorKind, Relation
from graph.store.alliance_graph import AllianceGraph

__all__ = ["run_signed", "run_signed_scale", "signed_lines"]

SYNTHETIC_SEEDS = range(2016, 2026)
BUDGET_SECONDS = 2.0


def run_signed(say: Callable[[str], None]) -> dict[str, Any]:
    graphs: list[dict[str, Any]] = []
    for seed in SYNTHETIC_SEEDS:
        graph = build_graph(generate_dataset(200, 1_000, seed=seed), checked=False)
        graphs.append(_measure(f"synthetic {seed}", graph, BUDGET_SECONDS, say))
    for seed in (1, 2):
        graphs.append(_measure(f"random signs {seed}", _random_signs(seed), BUDGET_SECONDS, say))
    synthetic = [g for g in graphs if g["name"].startswith("synthetic")]
    return {
        "budget_s": BUDGET_SECONDS,
        "graphs": graphs,
        "synthetic_all_proved": all(g.get("frustration_exact") for g in synthetic),
    }


def run_signed_scale(
    files: SyntheticFiles, budget: float, say: Callable[[str], None]
) -> dict[str, Any]:
    """Only the generator's seed file is read (not the store, which :func:`prepare` opens)."""
    started = time.perf_counter()
    graph = load_seed(files.seed_file)
    say(f"  loaded in {time.perf_counter() - started:.1f} s")
    return {"budget_s": budget, "graphs": [_measure("scale", graph, budget, say)]}


def _measure(
    name: str, graph: AllianceGraph, budget: float, say: Callable[[str], None]
) -> dict[str, Any]:
    ties = signed_ties(signed_view(graph))
    blocks = [len(b) for b in nx.biconnected_components(ties)]
    row: dict[str, Any] = {
        "name": name,
        "actors": len(graph.nx),
        "signed_ties": ties.number_of_edges(),
        "largest_block": max(blocks, default=0),
        "blocks_over_2": sum(size > 2 for size in blocks),
    }
    try:
        started = time.perf_counter()
        with time_budget(budget):
            report = balance_report(graph)
        row["balance_s"] = round(time.perf_counter() - started, 3)
        row["frustration"] = report.frustration
        row["frustration_lower_bound"] = report.frustration_lower_bound
        row["frustration_exact"] = report.frustration_exact
    except AnalysisTimeout:
        row["balance_s"] = None
    try:
        started = time.perf_counter()
        with time_budget(budget):
            blocs = bloc_report(graph)
        row["blocs_s"] = round(time.perf_counter() - started, 3)
        row["blocs"] = len(blocs.blocs)
        row["blocs_frustration"] = blocs.frustration
        row["blocs_exact"] = blocs.exact
    except AnalysisTimeout:
        row["blocs_s"] = None
    say("  " + _line(row))
    return row


def _random_signs(seed: int) -> AllianceGraph:
    """200 actors, 1,000 ties of random sign between random pairs."""
    rng = random.Random(seed)
    graph = AllianceGraph()
    graph.add_source(Source("bench", "Benchmark"))
    keys = [f"a{i:03d}" for i in range(200)]
    for key in keys:
        graph.add_actor(Actor(key, key, ActorKind.STATE))
    pairs: set[tuple[str, str]] = set()
    while len(pairs) < 1_000:
        a, b = sorted(rng.sample(keys, 2))
        pairs.add((a, b))
    for n, (a, b) in enumerate(sorted(pairs)):
        relation = rng.choice((Relation.ALLIED_WITH, Relation.ATTACKS))
        graph.add_relationship(Relationship(f"r{n}", relation, a, b, (Evidence("bench", "q"),)))
    return graph


def _line(row: dict[str, Any]) -> str:
    def proved(flag: object) -> str:
        return "proved" if flag else "NOT proved"

    text = (
        f"{row['name']:18} {row['signed_ties']:>7,} signed ties, largest block "
        f"{row['largest_block']:>6,}: "
    )
    if row.get("balance_s") is None:
        text += "balance over its budget; "
    else:
        text += (
            f"frustration {row['frustration']:,} (>= {row['frustration_lower_bound']:,}, "
            f"{proved(row['frustration_exact'])}) in {row['balance_s']:.2f} s; "
        )
    if row.get("blocs_s") is None:
        return text + "blocs over their budget"
    return text + (
        f"{row['blocs']:,} blocs frustrating {row['blocs_frustration']:,} "
        f"({proved(row['blocs_exact'])}) in {row['blocs_s']:.2f} s"
    )


def signed_lines(signed: dict[str, Any]) -> list[str]:
    """The report's lines for the signed parts."""
    out = [f"SIGNED ANALYTICS (each in a {signed['budget_s']:g} s budget)"]
    out += ["  " + _line(row) for row in signed["graphs"]]
    if "synthetic_all_proved" in signed:
        verdict = "ok" if signed["synthetic_all_proved"] else "MISS"
        out.append(f"  every synthetic graph's frustration proved in the budget: {verdict}")
    return out
