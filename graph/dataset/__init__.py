"""The seed format: datasets read, checked and written, and the seed shipped in the package."""

from __future__ import annotations

from graph.dataset.files import load_dataset, read_dataset
from graph.dataset.parse import Dataset, dump_dataset, parse_dataset
from graph.dataset.seed import build_graph, load_seed, seed_path

__all__ = [
    "Dataset",
    "build_graph",
    "dump_dataset",
    "load_dataset",
    "load_seed",
    "parse_dataset",
    "read_dataset",
    "seed_path",
]
