"""The CLI's data moves: reading dataset files with progress, ``import`` and ``export``."""

from __future__ import annotations

import argparse
from pathlib import Path

from graph import Dataset, GraphError, InvalidDataset, load_dataset, parse_dataset, seed_path
from graph.dataset.files import UnreadableDataset, decode_dataset, yaml_text
from graph.dataset.parse import dump_dataset
from graph.dataset.typed_json import typed_dataset
from graph.export.formats import open_export
from graph.persistence.editor import Editor
from graph.persistence.opening import open_storage
from graph.persistence.postgres.layout import is_database_url, shown
from graph.persistence.storage import StorageError, replace_stored
from schema.cli.progress import Progress

__all__ = [
    "ENV_DATA",
    "data_location",
    "describe",
    "fail",
    "open_editor",
    "run_export",
    "run_import",
    "start_dataset",
]

ENV_DATA = "ALLIANCE_GRAPH_DATA"
READ_CHUNK = 1 << 20


def fail(message: str) -> SystemExit:
    return SystemExit(f"alliance-graph: {message}")


def _read(path: Path, progress: Progress | None = None) -> Dataset:
    """Read and validate a dataset file, reporting progress for large ones."""
    try:
        size = path.stat().st_size
        # One buffer, grown in place: a list of chunks joined at the end held the file twice
        # (900 MB for the million) just before the records were built beside it.
        buffer = bytearray()
        with path.open("rb") as handle:
            if progress:
                progress.phase("reading")
            while chunk := handle.read(READ_CHUNK):
                buffer += chunk
                if progress:
                    progress.update(len(buffer), size)
    except OSError as err:
        raise fail(f"cannot read {path}: {err.strerror or err}") from None
    data = bytes(buffer)  # the copy is made before any record is, and the buffer let go
    del buffer
    if progress:
        progress.phase("parsing")
    if path.suffix.lower() == ".json":
        typed = typed_dataset(data)  # a file that is right, decoded straight into records
        if typed is not None:
            return typed
    try:
        raw = decode_dataset(path, data)
        if progress:
            progress.phase("validating")
        return parse_dataset(raw)
    except UnreadableDataset as err:
        raise fail(str(err)) from None
    except InvalidDataset as err:
        raise fail(f"{path}: {err}") from None


def data_location(text: str) -> Path | str:
    """What ``--data`` names: a PostgreSQL URL as it is, anything else as an SQLite path."""
    return text if is_database_url(text) else Path(text)


def describe(data: Path | str | None) -> str:
    """``--data`` as start-up and messages say it (never with a password)."""
    if data is None:
        return "memory: edits will NOT be kept"
    if is_database_url(data):
        return f"PostgreSQL {shown(str(data))}"
    return f"SQLite file {data}"


def start_dataset(seed: Path | None) -> Dataset:
    """The dataset a new store is seeded with: ``seed``, or the shipped seed."""
    return _read(seed) if seed else load_dataset(seed_path())


def open_editor(data: Path | str | None, seed: Path | None) -> Editor:
    start = start_dataset(seed)
    try:
        return Editor.open(open_storage(data, start))
    except (StorageError, InvalidDataset) as err:
        raise fail(f"cannot open {describe(data)}: {err}") from None


def run_import(args: argparse.Namespace) -> int:
    if args.data is None:
        raise fail(f"import needs --data FILE (or {ENV_DATA}): the store to replace")
    progress = Progress()
    dataset = _read(args.file, progress)  # checked: it is written as it is, with no graph
    try:
        storage = open_storage(args.data, start_dataset(None))
    except (StorageError, InvalidDataset) as err:
        raise fail(f"cannot open {describe(args.data)}: {err}") from None
    try:
        progress.phase("writing")
        change = replace_stored(storage, dataset, args.author)
    except (StorageError, GraphError) as err:
        raise fail(f"import failed, nothing changed: {err}") from None
    finally:
        storage.close()
    progress.done(
        f"imported {len(dataset.actors)} actors and {len(dataset.relationships)} relationships "
        f"into {describe(args.data)} as version {change.version}"
    )
    return 0


def run_export(args: argparse.Namespace) -> int:
    if args.format != "seed":
        return _export_for_front_end(args)
    import json

    editor = open_editor(args.data, None)
    try:
        plain = dump_dataset(editor.export_dataset())
    finally:
        editor.close()
    if args.file.suffix.lower() == ".json":
        text = json.dumps(plain, ensure_ascii=False, indent=1)
    else:
        text = yaml_text(plain)
    try:
        args.file.write_text(text, encoding="utf-8")
    except OSError as err:
        raise fail(f"cannot write {args.file}: {err.strerror}") from None
    print(
        f"exported {len(plain['actors'])} actors and {len(plain['relationships'])} "
        f"relationships to {args.file}"
    )
    return 0


def _export_for_front_end(args: argparse.Namespace) -> int:
    from schema.http.exports import PARAMETERS, parse_export_options, parse_format

    given = {name: getattr(args, name) for name in PARAMETERS}
    params = {name: value for name, value in given.items() if value is not None}
    editor = open_editor(args.data, None)
    try:
        fmt = parse_format(args.format)
        options = parse_export_options(params, max_layout_actors=args.max_layout_actors)
        export = open_export(editor.graph, fmt, options)
    except GraphError as err:
        raise fail(f"{err.field}: {err}" if err.field else str(err)) from None
    finally:
        editor.close()
    written = 0
    try:
        with args.file.open("wb") as out:
            for chunk in export.chunks:  # written as it is made: never the whole file in memory
                written += out.write(chunk)
    except OSError as err:
        raise fail(f"cannot write {args.file}: {err.strerror}") from None
    print(f"exported {fmt.value} ({written:,} bytes) to {args.file}")
    return 0
