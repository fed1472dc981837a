"""``alliance-graph validate FILE``: check a dataset file and report every fault."""

from __future__ import annotations

import argparse
import sys

from graph import InvalidDataset, load_dataset
from graph.dataset.files import UnreadableDataset

__all__ = ["run_validate"]


def run_validate(args: argparse.Namespace) -> int:
    """0 when the file is a valid dataset; 1 listing every problem in its records; 2 when it
    cannot be read as a dataset at all."""
    try:
        dataset = load_dataset(args.file)
    except OSError as err:
        print(f"{args.file}: cannot read: {err.strerror or err}", file=sys.stderr)
        return 2
    except UnreadableDataset as err:
        print(err, file=sys.stderr)
        return 2
    except InvalidDataset as err:
        print(f"{args.file}: {err}", file=sys.stderr)
        return 1
    print(
        f"{args.file}: ok: {len(dataset.sources)} sources, {len(dataset.actors)} actors, "
        f"{len(dataset.relationships)} relationships"
    )
    return 0
