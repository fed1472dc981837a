"""The synthetic dataset on disk: a seed file (JSON), an SQLite store, the seed file that
``alliance-graph export`` writes from that store, and a manifest.

The generator's seed file lists relationships in the order they were generated, as a file
from elsewhere might; the exported one lists them in id order, as every file this project
writes does. Files are built once per (actors, relationships, seed, generator version) under
the cache directory and reused; a half-built set is never used (it is built aside, then
renamed). The manifest holds the counts, how long each step took, and the arguments the scale
benchmark asks about: typical actors (median degree), pairs with history, and routes between
actors.
"""

from __future__ import annotations

import json
import random
import shutil
import subprocess
import sys
import time
from collections import Counter
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from benchmarks.generate import GENERATOR_VERSION, Record, generate
from graph.dataset.parse import parse_dataset
from graph.persistence.opening import open_storage
from graph.persistence.sqlite.store import SQLiteStorage

__all__ = ["SyntheticFiles", "manifest_of", "prepare"]

SAMPLES = 64


@dataclass(frozen=True)
class SyntheticFiles:
    directory: Path

    @property
    def seed_file(self) -> Path:
        return self.directory / "dataset.json"

    @property
    def exported_seed_file(self) -> Path:
        return self.directory / "dataset-exported.json"

    @property
    def store(self) -> Path:
        return self.directory / "store.sqlite3"

    @property
    def manifest_file(self) -> Path:
        return self.directory / "manifest.json"

    def manifest(self) -> dict[str, Any]:
        loaded: dict[str, Any] = json.loads(self.manifest_file.read_text(encoding="utf-8"))
        return loaded


def manifest_of(plain: dict[str, list[Record]], seed: int) -> dict[str, Any]:
    """Counts, degrees and the sampled query arguments of a generated dataset."""
    rels = plain["relationships"]
    degree: Counter[str] = Counter()
    pairs: Counter[tuple[str, str]] = Counter()
    for r in rels:
        a, b = str(r["source"]), str(r["target"])
        degree[a] += 1
        degree[b] += 1
        pairs[(a, b) if a < b else (b, a)] += 1
    ranked = sorted(degree, key=lambda k: (degree[k], k))
    rng = random.Random(seed)
    typical = ranked[int(len(ranked) * 0.4) : int(len(ranked) * 0.6) + 1]
    typical = rng.sample(typical, min(SAMPLES, len(typical)))
    routes = [tuple(rng.sample(typical, 2)) for _ in range(SAMPLES)] if len(typical) > 1 else []
    pair_list = sorted(pairs)
    chosen = rng.sample(pair_list, min(SAMPLES, len(pair_list)))
    degrees = sorted(degree.values())
    return {
        "seed": seed,
        "generator": GENERATOR_VERSION,
        "sources": len(plain["sources"]),
        "actors": len(plain["actors"]),
        "relationships": len(rels),
        "actors_with_relationships": len(degree),
        "distinct_pairs": len(pairs),
        "degree": {
            "median": degrees[len(degrees) // 2],
            "p90": degrees[int(len(degrees) * 0.9)],
            "max": degrees[-1],
        },
        "relationships_per_pair": {"mean": len(rels) / len(pairs), "max": max(pairs.values())},
        "typical_actors": typical,
        "typical_degree": sorted(degree[k] for k in typical)[len(typical) // 2],
        "pairs": [list(p) for p in chosen],
        "pair_relationships": sorted(pairs[p] for p in chosen)[len(chosen) // 2],
        "routes": [list(r) for r in routes],
        "hub": ranked[-1],
    }


def prepare(
    actors: int, relationships: int, seed: int, cache: Path, say: Callable[[str], None]
) -> SyntheticFiles:
    """The files for this dataset, built now unless the cache already holds them."""
    name = f"synthetic-a{actors}-r{relationships}-s{seed}-v{GENERATOR_VERSION}"
    files = SyntheticFiles(cache / name)
    if files.manifest_file.is_file():
        say(f"using cached dataset {files.directory}")
        SQLiteStorage(files.store).close()  # a store in an older layout is converted, untimed
        if not files.exported_seed_file.is_file():  # (cached before there was one)
            _export(files, say)
        return files
    building = SyntheticFiles(cache / f"{name}.building")
    shutil.rmtree(building.directory, ignore_errors=True)
    building.directory.mkdir(parents=True)
    steps: dict[str, float] = {}

    def step(label: str, start: float) -> float:
        now = time.perf_counter()
        steps[label] = round(now - start, 2)
        say(f"  {label}: {now - start:.1f} s")
        return now

    say(f"generating {actors:,} actors and {relationships:,} relationships (seed {seed})")
    t = time.perf_counter()
    plain = generate(actors, relationships, seed=seed)
    t = step("generate_s", t)
    with building.seed_file.open("w", encoding="utf-8") as handle:
        json.dump(plain, handle, ensure_ascii=False, separators=(",", ":"))
    t = step("write_seed_file_s", t)
    manifest = manifest_of(plain, seed)
    dataset = parse_dataset(plain)
    del plain
    t = step("validate_s", t)
    open_storage(building.store, dataset).close()
    t = step("write_store_s", t)
    _export(building, say)
    step("export_seed_file_s", t)
    manifest["build"] = steps
    manifest["seed_file_mb"] = round(building.seed_file.stat().st_size / 2**20, 1)
    manifest["store_mb"] = round(building.store.stat().st_size / 2**20, 1)
    manifest["exported_seed_file_mb"] = round(building.exported_seed_file.stat().st_size / 2**20, 1)
    building.manifest_file.write_text(json.dumps(manifest, indent=1), encoding="utf-8")
    shutil.rmtree(files.directory, ignore_errors=True)
    building.directory.rename(files.directory)
    return files


def _export(files: SyntheticFiles, say: Callable[[str], None]) -> None:
    """Write ``files.exported_seed_file`` with the real ``alliance-graph export`` command."""
    say(f"exporting the store to {files.exported_seed_file.name} (alliance-graph export)")
    partial = files.exported_seed_file.with_suffix(".partial.json")
    command = ["-m", "schema.cli", "export", "--data", str(files.store), "--format", "seed"]
    done = subprocess.run([sys.executable, *command, str(partial)], capture_output=True, text=True)
    if done.returncode != 0:
        raise RuntimeError(f"alliance-graph export failed: {done.stderr.strip()}")
    partial.rename(files.exported_seed_file)
