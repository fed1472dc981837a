"""``import --merge``: a dataset file added to the stored graph in one MERGE change.

The file's relationships may name the stored actors and cite the stored sources. Records stored
as they are are skipped; a record stored otherwise (a conflict) or one that breaks a rule
refuses the whole merge, every one listed, with nothing changed (exit 1).
"""

from __future__ import annotations

import argparse

from graph import GraphError, InvalidDataset, parse_dataset
from graph.dataset.files import UnreadableDataset, decode_dataset
from graph.persistence.bulk.merge import MergeConflict, Merged, NothingToMerge, merge
from graph.persistence.storage import StorageError
from schema.cli.transfer import ENV_DATA, describe, fail, open_editor

__all__ = ["run_merge"]


def run_merge(args: argparse.Namespace) -> int:
    """Merge ``args.file`` into ``args.data`` as ``args.author``; 0 when done."""
    if args.data is None:
        raise fail(f"import --merge needs --data FILE (or {ENV_DATA}): the store to add to")
    try:
        raw = decode_dataset(args.file, args.file.read_bytes())
    except OSError as err:
        raise fail(f"cannot read {args.file}: {err.strerror or err}") from None
    except UnreadableDataset as err:
        raise fail(str(err)) from None
    editor = open_editor(args.data, None)
    try:
        graph = editor.graph
        dataset = parse_dataset(
            raw, known_actors=graph.nx, known_sources=(s.id for s in graph.sources())
        )
        done = editor.commit(merge(dataset), args.author)
    except NothingToMerge as nothing:
        print(
            f"nothing to merge: every record of {args.file} is stored already "
            f"({_counted(nothing.merged.skipped)} skipped); {describe(args.data)} stays at "
            f"version {editor.graph.version}"
        )
        return 0
    except MergeConflict as err:  # the message says nothing was changed
        raise fail(f"{args.file}: merge refused: {err}") from None
    except InvalidDataset as err:
        raise fail(f"{args.file}: merge refused, nothing changed: {err}") from None
    except (StorageError, GraphError) as err:
        raise fail(f"merge failed, nothing changed: {err}") from None
    finally:
        editor.close()
    merged: Merged = done.value
    print(
        f"merged {args.file} into {describe(args.data)} as version {done.change.version}: "
        f"added {_counted(merged.added)}; skipped {_counted(merged.skipped)} stored as they are"
    )
    return 0


def _counted(counts: object) -> str:
    sources, actors, relationships = (getattr(counts, f) for f in _SECTIONS)
    return f"{sources} sources, {actors} actors, {relationships} relationships"


_SECTIONS = ("sources", "actors", "relationships")
