"""``alliance-graph propose``: relationships proposed from an article, as a dataset fragment
to edit and validate, or filed in a store's review queue.

Without ``--data`` it proposes against the shipped seed's actors and prints YAML (sources, new
actors and the graph's actors the relationships name, relationships) that ``validate``
accepts. With ``--data`` it proposes against that store's graph and files the proposals in its
review queue, as ``proposeRelationships`` does, recorded as ``--author``; the same source id
and text filed again is found, not filed twice.
"""

from __future__ import annotations

import argparse
import datetime as dt
import sys
from pathlib import Path

from graph import GraphError, Source
from graph.dataset.files import yaml_text
from graph.ingest import MAX_TEXT_CHARS, fragment, propose
from graph.persistence.review.queue import check_article, file_article
from graph.persistence.storage import StorageError
from schema.cli.transfer import data_location, describe, fail, open_editor

__all__ = ["add_propose_parser", "run_propose"]


def _day(text: str) -> dt.date:
    try:
        return dt.date.fromisoformat(text)
    except ValueError:
        raise argparse.ArgumentTypeError(f"expected a date as YYYY-MM-DD, got {text!r}") from None


def add_propose_parser(commands: argparse._SubParsersAction[argparse.ArgumentParser]) -> None:
    """Add the ``propose`` command to the CLI's ``commands``."""
    cmd = commands.add_parser(
        "propose",
        help="propose relationships from a news article: print them as a dataset fragment, "
        "or with --data file them in the store's review queue",
    )
    cmd.add_argument(
        "file", type=Path, help=f"the article as UTF-8 text (at most {MAX_TEXT_CHARS:,} chars)"
    )
    cmd.add_argument("--source-id", required=True, metavar="ID", help="the article's source id")
    cmd.add_argument("--publisher", required=True, metavar="NAME", help="who published it")
    cmd.add_argument(
        "--published",
        required=True,
        type=_day,
        metavar="YYYY-MM-DD",
        help="when: resolves relative dates (“on Tuesday”, “last week”)",
    )
    cmd.add_argument("--title", metavar="T", help="the article's title")
    cmd.add_argument("--url", metavar="U", help="where it is published")
    cmd.add_argument(
        "--data",
        type=data_location,
        metavar="FILE|URL",
        help="file the proposals in this store's review queue (an SQLite file or "
        "postgresql:// URL) instead of printing them; proposed against its graph",
    )
    cmd.add_argument(
        "--author",
        default="cli",
        help="with --data: the name recorded as who proposed them (default cli)",
    )


def _text(path: Path) -> str:
    try:
        return path.read_text(encoding="utf-8")
    except OSError as err:
        raise fail(f"cannot read {path}: {err.strerror or err}") from None
    except UnicodeDecodeError as err:
        raise fail(f"{path} is not UTF-8 text: {err.reason} at byte {err.start}") from None


def run_propose(args: argparse.Namespace) -> int:
    text = _text(args.file)
    source = Source(
        args.source_id, args.publisher, title=args.title, published=args.published, url=args.url
    )
    editor = open_editor(args.data, None)
    try:
        graph = editor.graph
        if args.data is None:
            check_article(text, source, graph)
            data = fragment(propose(text, source, graph), graph)
            sys.stdout.write(yaml_text(data))
            return 0
        batch, proposals, new = file_article(editor.storage, graph, text, source, args.author)
    except GraphError as err:
        raise fail(f"{err.field}: {err}" if err.field else str(err)) from None
    except StorageError as err:
        raise fail(f"nothing was filed: {err}") from None
    finally:
        editor.close()
    pending = sum(q.status.value == "PENDING" for q in proposals)
    said = "filed" if new else f"already filed by {batch.author}, as"
    print(
        f"{said} batch {batch.id} in {describe(args.data)}: {len(proposals)} proposals "
        f"({pending} pending), {len(batch.new_actors)} new actors, from source {source.id}"
    )
    return 0
