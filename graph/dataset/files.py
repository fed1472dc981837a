"""Dataset files: JSON (``.json``) or YAML (anything else), read and validated whole.

Examples
--------
>>> from graph.dataset.seed import seed_path
>>> len(load_dataset(seed_path()).relationships) > 0
True
"""

from __future__ import annotations

import json
from pathlib import Path

import yaml

from graph.dataset.parse import Dataset, parse_dataset
from graph.dataset.typed_json import typed_dataset
from graph.model.errors import DatasetProblem, InvalidDataset
from graph.store.bulk import collector_paused

__all__ = ["load_dataset", "read_dataset"]


def read_dataset(path: str | Path) -> object:
    """Read the raw data of a JSON (``.json``) or YAML (anything else) dataset file."""
    path = Path(path)
    return _decoded(path, path.read_bytes())


def _decoded(path: Path, data: bytes) -> object:
    text = data.decode("utf-8")
    try:
        if path.suffix.lower() == ".json":
            return json.loads(text)
        return yaml.safe_load(text)
    except (json.JSONDecodeError, yaml.YAMLError) as err:
        raise InvalidDataset([DatasetProblem(str(path), "-", f"cannot be parsed: {err}")]) from None


def load_dataset(path: str | Path) -> Dataset:
    """Read and validate a dataset file.

    A JSON file is first decoded straight into typed records (:mod:`graph.dataset.typed_json`); one
    that is not entirely right is then read by the full reader, which names every problem.
    """
    path = Path(path)
    with collector_paused():
        if path.suffix.lower() == ".json" and (typed := typed_dataset(path)) is not None:
            return typed
        return parse_dataset(_decoded(path, path.read_bytes()))
