"""The ``persisted_queries`` table of the SQLite and PostgreSQL stores: texts found by their
sha256, bounded in rows and bytes (least recently registered out), never a graph change; the
in-memory store has none."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest

from graph.dataset.parse import Dataset
from graph.persistence.opening import open_storage
from graph.persistence.persisted_queries import PersistedQueryTable, sha256_of
from graph.persistence.storage import Storage

EMPTY = Dataset((), (), ())


@pytest.fixture(params=["sqlite", "postgresql"])
def storage(request: pytest.FixtureRequest, tmp_path: Path) -> Iterator[Storage]:
    location = (
        str(tmp_path / "g.sqlite3")
        if request.param == "sqlite"
        else str(request.getfixturevalue("postgres_url"))
    )
    store = open_storage(location, EMPTY)
    try:
        yield store
    finally:
        store.close()


def table_of(storage: Storage) -> PersistedQueryTable:
    table = storage.persisted_queries()
    assert table is not None
    return table


def held(table: PersistedQueryTable, *texts: str) -> list[bool]:
    return [table.find(sha256_of(text)) == text for text in texts]


def test_a_kept_text_is_found_by_its_sha256_and_an_unknown_one_is_none(storage: Storage) -> None:
    table = table_of(storage)
    table.keep("{ a }", max_count=10, max_bytes=1000)
    assert table.find(sha256_of("{ a }")) == "{ a }"
    assert table.find("0" * 64) is None


def test_keeping_a_text_again_makes_it_the_newest(storage: Storage) -> None:
    table = table_of(storage)
    for text in ("{ a }", "{ b }", "{ a }", "{ c }"):
        table.keep(text, max_count=2, max_bytes=1000)
    assert held(table, "{ a }", "{ b }", "{ c }") == [True, False, True]


def test_the_oldest_go_past_the_bytes_and_a_text_too_long_alone_is_not_kept(
    storage: Storage,
) -> None:
    table = table_of(storage)
    for text in ("{ a }", "{ b }", "{ c }"):  # five bytes each
        table.keep(text, max_count=10, max_bytes=12)
    assert held(table, "{ a }", "{ b }", "{ c }") == [False, True, True]
    table.keep("{ longer than twelve }", max_count=10, max_bytes=12)
    assert held(table, "{ b }", "{ c }", "{ longer than twelve }") == [True, True, False]


def test_keeping_a_text_is_no_change_of_the_graph(storage: Storage) -> None:
    version, count = storage.version(), storage.history_count()
    table_of(storage).keep("{ a }", max_count=10, max_bytes=1000)
    assert (storage.version(), storage.history_count()) == (version, count)
    assert storage.changes_after(version) == []


def test_the_in_memory_store_shares_no_texts() -> None:
    store = open_storage(None, EMPTY)
    assert store.persisted_queries() is None
    store.close()
