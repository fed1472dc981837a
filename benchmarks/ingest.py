"""Ingest quality: proposals from article text scored against curated relationships.

Not a timed test: precision, recall and the share of verbatim quotes of
:func:`graph.ingest.propose` on the seed article (``../shared/seeds/…`` beside the checkout;
the package does not ship it), proposed against a graph that holds the seed's actors but none
of its relationships, and on the articles of ``tests/fixtures/articles/`` against their
expected relationships. Targets on the seed article: recall >= 0.8, precision >= 0.7,
verbatim quotes 100 %.
"""

from __future__ import annotations

import time
from collections.abc import Callable
from pathlib import Path
from typing import Any

import yaml

from graph import Dataset, Source, build_graph, load_seed
from graph.ingest.propose import propose
from graph.ingest.scoring import Score, score, triples, verbatim_share
from graph.model.vocabulary import Relation

__all__ = ["FIXTURES", "SEED_ARTICLE", "ingest_lines", "run_ingest"]

ROOT = Path(__file__).resolve().parent.parent
SEED_ARTICLE = ROOT.parent / "shared" / "seeds" / "000_bb4b938b64fd18fe.txt"
FIXTURES = ROOT / "tests" / "fixtures" / "articles"
TARGETS = {"recall": 0.8, "precision": 0.7, "verbatim": 1.0}


def _row(s: Score, verbatim: float, seconds: float) -> dict[str, Any]:
    return {
        "precision": s.precision,
        "recall": s.recall,
        "correct": s.correct,
        "proposed": s.proposed,
        "matched": s.matched,
        "expected": s.expected,
        "verbatim": round(verbatim, 3),
        "ms": round(seconds * 1000, 1),
        "missed": [f"{a} -> {b} {v.value}" for a, b, v, _ in s.missed],
        "wrong": [f"{a} -> {b} {v.value}" for a, b, v, _ in s.wrong],
    }


def run_ingest(article: Path, fixtures: Path, say: Callable[[str], None]) -> dict[str, Any]:
    """Scores on the seed article (when it is there) and on every fixture article."""
    seed = load_seed()
    actors_only = build_graph(Dataset(tuple(seed.sources()), tuple(seed.actors()), ()))
    out: dict[str, Any] = {"article": str(article), "articles": {}}
    if article.is_file():
        text = article.read_text(encoding="utf-8")
        source = seed.sources()[0]
        start = time.perf_counter()
        batch = propose(text, source, actors_only)
        took = time.perf_counter() - start
        truth = [(r.relation, r.source, r.target) for r in seed.relationships()]
        out["seed"] = _row(score(triples(batch), truth), verbatim_share(batch, text), took)
    else:
        say(f"ingest: {article} is not there; only the fixture articles are scored")
    for path in sorted(fixtures.glob("*.txt")):
        expected = yaml.safe_load(path.with_suffix(".yaml").read_text(encoding="utf-8"))
        text = path.read_text(encoding="utf-8")
        raw = expected["source"]
        source = Source(raw["id"], raw["publisher"], published=raw["published"])
        start = time.perf_counter()
        batch = propose(text, source, actors_only)
        took = time.perf_counter() - start
        truth = [
            (Relation[r["relation"]], r["source"], r["target"]) for r in expected["relationships"]
        ]
        out["articles"][path.stem] = _row(
            score(triples(batch), truth), verbatim_share(batch, text), took
        )
    rows = out["articles"].values()
    correct, proposed = sum(r["correct"] for r in rows), sum(r["proposed"] for r in rows)
    matched, wanted = sum(r["matched"] for r in rows), sum(r["expected"] for r in rows)
    out["articles_total"] = {
        "precision": round(correct / proposed, 3) if proposed else 1.0,
        "recall": round(matched / wanted, 3) if wanted else 1.0,
        "correct": correct, "proposed": proposed, "matched": matched, "expected": wanted,
        "verbatim": min((r["verbatim"] for r in rows), default=1.0),
    }  # fmt: skip
    return out


def ingest_lines(ingest: dict[str, Any]) -> list[str]:
    """The ingest part of the report table."""

    def ok(row: dict[str, Any]) -> str:
        good = all(row[k] >= v for k, v in TARGETS.items())
        return "ok" if good else "MISS"

    def line(name: str, row: dict[str, Any], mark: str = "") -> str:
        return (
            f"  {name:22} {row['precision']:>9.3f} {row['recall']:>7.3f}"
            f" {row['correct']:>4}/{row['proposed']:<4} {row['matched']:>4}/{row['expected']:<4}"
            f" {row['verbatim'] * 100:>8.0f} %  {mark}"
        )

    out = [
        "INGEST QUALITY (proposals against curated relationships; seed targets P >= 0.7, "
        "R >= 0.8, quotes 100 % verbatim)",
        f"  {'article':22} {'precision':>9} {'recall':>7} {'right/prop':>9}"
        f" {'found/exp':>9} {'verbatim':>10}",
    ]
    if "seed" in ingest:
        out.append(line("seed (NBC 2016-08-16)", ingest["seed"], ok(ingest["seed"])))
    for name, row in ingest["articles"].items():
        out.append(line(name, row))
    out.append(line("all test articles", ingest["articles_total"]))
    return out
