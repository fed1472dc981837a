from __future__ import annotations

import dataclasses
import datetime as dt
import json
import sqlite3
from collections.abc import Iterator
from contextlib import closing, contextmanager
from pathlib import Path

import msgspec
import pytest

from graph import AllianceGraph
from graph.dataset.parse import Dataset, parse_dataset
from graph.dataset.records import record_of
from graph.model.errors import InvalidDataset
from graph.model.records import Actor, Relationship, Source
from graph.model.vocabulary import ActorKind
from graph.persistence.changes import (
    Change,
    ChangeCounts,
    ChangeOperation,
    RecordCounts,
    fragment,
)
from graph.persistence.memory import MemoryStorage
from graph.persistence.opening import open_storage
from graph.persistence.sqlite.old_rows import COLUMNS
from graph.persistence.sqlite.store import SQLiteStorage
from graph.persistence.storage import (
    SEED_AUTHOR,
    Storage,
    StorageError,
    dataset_fragment,
    import_change,
)


def tiny() -> Dataset:
    return parse_dataset(
        {
            "sources": [{"id": "nbc", "publisher": "NBC News"}],
            "actors": [
                {"key": "isis", "name": "ISIS", "kind": "ARMED_GROUP"},
                {"key": "russia", "name": "Russia", "kind": "STATE"},
            ],
            "relationships": [
                {
                    "id": "r1",
                    "relation": "ATTACKS",
                    "source": "russia",
                    "target": "isis",
                    "date": "2016-08-16",
                    "evidence": [{"source": "nbc", "quote": "airstrikes against ISIS"}],
                }
            ],
        }
    )


def actor_change(version: int, actor: Actor, before: Actor | None = None) -> Change:
    return Change(
        version=version,
        at=dt.datetime(2016, 8, 16, 12, 0, tzinfo=dt.UTC),
        author="ann",
        operation=ChangeOperation.CREATE_ACTOR if before is None else ChangeOperation.UPDATE_ACTOR,
        actor_keys=(actor.key,),
        relationship_id=None,
        before=None if before is None else fragment(actors=[before]),
        after=fragment(actors=[actor]),
    )


IRAN = Actor("iran", "Iran", ActorKind.STATE)


@contextmanager
def write_locked(path: Path) -> Iterator[None]:
    """Another connection holds the file's write lock meanwhile."""
    with closing(sqlite3.connect(path, isolation_level=None)) as other:
        other.execute("BEGIN IMMEDIATE")
        yield
        other.execute("ROLLBACK")


def test_new_file_is_seeded_once_as_an_import_by_seed(tmp_path: Path) -> None:
    path = tmp_path / "graph.sqlite"
    open_storage(path, tiny()).close()
    with SQLiteStorage(path) as store:
        store.commit(actor_change(2, IRAN))
    reused = open_storage(path, tiny())
    try:
        (seeded,) = reused.history(1, before_version=2)
        assert (seeded.operation, seeded.author, seeded.version) == (
            ChangeOperation.IMPORT,
            SEED_AUTHOR,
            1,
        )
        assert reused.version() == 2
        assert reused.load()[0].actors[0] == IRAN
    finally:
        reused.close()


def test_journal_mode_is_wal_and_integrity_check_is_ok(tmp_path: Path) -> None:
    path = tmp_path / "graph.sqlite"
    with SQLiteStorage(path) as store:
        store.replace_all(tiny(), import_change(1, "seed", tiny()))
        assert store.journal_mode() == "wal"
        assert store.integrity_check() == "ok"
    with closing(sqlite3.connect(path)) as db:
        assert db.execute("PRAGMA journal_mode").fetchone() == ("wal",)
        assert db.execute("PRAGMA integrity_check").fetchone() == ("ok",)


def test_committed_rows_and_history_survive_reopening(tmp_path: Path) -> None:
    path = tmp_path / "graph.sqlite"
    renamed = Actor("iran", "Islamic Republic of Iran", ActorKind.STATE, iso3="IRN")
    with SQLiteStorage(path) as store:
        store.replace_all(tiny(), import_change(1, "seed", tiny()))
        store.commit(actor_change(2, IRAN))
        store.commit(actor_change(3, renamed, before=IRAN))
    with SQLiteStorage(path) as store:
        dataset, version = store.load()
        assert version == 3
        assert dataset.actors == (renamed, *tiny().actors)
        assert [c.version for c in store.history(10)] == [3, 2, 1]
        assert store.history(1)[0] == actor_change(3, renamed, before=IRAN)


def test_deleting_rows_removes_them(tmp_path: Path) -> None:
    with SQLiteStorage(tmp_path / "graph.sqlite") as store:
        store.replace_all(tiny(), import_change(1, "seed", tiny()))
        rel = tiny().relationships[0]
        store.commit(
            Change(
                2,
                dt.datetime.now(dt.UTC),
                "ann",
                ChangeOperation.REMOVE_RELATIONSHIP,
                ("isis", "russia"),
                rel.id,
                fragment(relationships=[rel]),
                None,
            )
        )
        assert store.load() == (Dataset(tiny().sources, tiny().actors, ()), 2)


@pytest.mark.parametrize("version", [1, 3])
def test_a_change_that_does_not_follow_the_stored_version_is_refused(
    tmp_path: Path, version: int
) -> None:
    with SQLiteStorage(tmp_path / "graph.sqlite") as store:
        store.replace_all(tiny(), import_change(1, "seed", tiny()))
        with pytest.raises(StorageError, match="does not follow 1"):
            store.commit(actor_change(version, IRAN))
        assert store.load() == (tiny(), 1)
        assert store.history_count() == 1


def test_replace_all_replaces_every_row(tmp_path: Path) -> None:
    other = Dataset((Source("ap", "AP"),), (IRAN,), ())
    with SQLiteStorage(tmp_path / "graph.sqlite") as store:
        store.replace_all(tiny(), import_change(1, "seed", tiny()))
        store.replace_all(other, import_change(2, "ann", other, RecordCounts.of(tiny())))
        assert store.load() == (other, 2)
        (entry,) = store.history(1)
        assert (entry.before, entry.after) == (None, None)
        assert entry.counts == ChangeCounts(
            RecordCounts.of(other), replaced=RecordCounts.of(tiny())
        )


def test_history_pages_newest_first_before_a_version(tmp_path: Path) -> None:
    with SQLiteStorage(tmp_path / "graph.sqlite") as store:
        store.replace_all(tiny(), import_change(1, "seed", tiny()))
        for version in range(2, 7):
            store.commit(actor_change(version, Actor(f"a{version}", "A", ActorKind.PERSON)))
        assert [c.version for c in store.history(2)] == [6, 5]
        assert [c.version for c in store.history(2, before_version=5)] == [4, 3]
        assert [c.version for c in store.history(5, before_version=3)] == [2, 1]
        assert store.history(0) == store.history(-1) == []
        assert store.history_count() == 6


def test_a_write_fails_cleanly_while_another_connection_holds_the_lock(tmp_path: Path) -> None:
    path = tmp_path / "graph.sqlite"
    with SQLiteStorage(path, timeout=0.05) as store:
        store.replace_all(tiny(), import_change(1, "seed", tiny()))
        with write_locked(path), pytest.raises(StorageError, match="locked"):
            store.commit(actor_change(2, IRAN))
        assert store.load() == (tiny(), 1)
        store.commit(actor_change(2, IRAN))
        assert store.version() == 2


def test_a_closed_store_raises_storage_error(tmp_path: Path) -> None:
    store = SQLiteStorage(tmp_path / "graph.sqlite")
    store.close()
    with pytest.raises(StorageError, match="closed"):
        store.commit(actor_change(1, IRAN))


def test_loading_a_corrupted_row_reports_the_field(tmp_path: Path) -> None:
    path = tmp_path / "graph.sqlite"
    open_storage(path, tiny()).close()
    with closing(sqlite3.connect(path)) as db, db:
        db.execute("""UPDATE actors SET record = '{"key": "isis", "kind": "X"}'""")
    with SQLiteStorage(path) as store, pytest.raises(InvalidDataset, match="name: is required"):
        store.load()


def test_open_storage_without_a_path_is_in_memory_and_seeded() -> None:
    store = open_storage(None, tiny())
    assert isinstance(store, MemoryStorage)
    assert store.load() == (Dataset(tiny().sources, tiny().actors, tiny().relationships), 1)
    store.close()
    with pytest.raises(StorageError):
        store.version()


def test_memory_and_sqlite_storage_agree(tmp_path: Path) -> None:
    stores: list[Storage] = [MemoryStorage(), SQLiteStorage(tmp_path / "graph.sqlite")]
    seeded = import_change(1, "seed", tiny())
    for store in stores:
        store.replace_all(tiny(), seeded)
        store.commit(actor_change(2, IRAN))
        with pytest.raises(StorageError):
            store.commit(actor_change(2, IRAN))
    memory, sqlite = stores
    assert memory.load() == sqlite.load()
    assert memory.history(10) == sqlite.history(10)
    assert memory.history(1, before_version=2) == sqlite.history(1, before_version=2)
    for store in stores:
        store.close()


@pytest.mark.parametrize("kind", ["memory", "sqlite"])
def test_several_changes_commit_together_or_not_at_all(tmp_path: Path, kind: str) -> None:
    store: Storage = MemoryStorage() if kind == "memory" else SQLiteStorage(tmp_path / "g.sqlite")
    store.replace_all(tiny(), import_change(1, "seed", tiny()))
    renamed = dataclasses.replace(IRAN, name="Islamic Republic of Iran")
    with pytest.raises(StorageError, match="does not follow 3"):  # the third one is off
        store.commit(
            actor_change(2, IRAN), actor_change(3, renamed, IRAN), actor_change(5, IRAN, renamed)
        )
    assert store.load() == (tiny(), 1)
    assert store.history_count() == 1
    store.commit(actor_change(2, IRAN), actor_change(3, renamed, IRAN))
    assert store.load()[1] == store.version() == 3
    assert renamed in store.load()[0].actors
    assert [c.version for c in store.history(5)] == [3, 2, 1]
    store.close()


def test_trusted_load_gives_the_same_records_as_the_checked_one(tmp_path: Path) -> None:
    from graph import load_dataset, seed_path
    from graph.persistence.opening import open_storage

    open_storage(tmp_path / "g.sqlite3", load_dataset(seed_path())).close()
    with SQLiteStorage(tmp_path / "g.sqlite3") as store:
        checked, version = store.load()
        fast, fast_version = store.load(trusted=True)
    assert fast_version == version
    for section in ("sources", "actors", "relationships"):
        assert sorted(map(repr, getattr(fast, section))) == sorted(
            map(repr, getattr(checked, section))
        )


def every_field() -> Dataset:
    """Relationships that use every column: several quotes, one that looks like JSON, dates."""
    return parse_dataset(
        {
            "sources": [{"id": "nbc", "publisher": "NBC News"}, {"id": "ap", "publisher": "AP"}],
            "actors": [
                {"key": "iran", "name": "Iran", "kind": "STATE"},
                {"key": "russia", "name": "Russia", "kind": "STATE"},
            ],
            "relationships": [
                {
                    "id": "hosts",
                    "relation": "HOSTS",
                    "source": "iran",
                    "target": "russia",
                    "date": "2016-08-16",
                    "date_precision": "DAY",
                    "valid_from": "2016-08-16",
                    "valid_until": "2016-08-22",
                    "support_kinds": ["TERRITORY_ACCESS", "AIR_POWER"],
                    "location": "Hamadan",
                    "claimed_by": "russia",
                    "stance": "CLAIMED",
                    "confidence": 0.75,
                    "evidence": [
                        {"source": "nbc", "quote": "took off from the Hamadan airbase"},
                        {"source": "ap", "quote": '["not", "a list"] \u2014 and "quotes"'},
                    ],
                },
                {
                    "id": "talks",
                    "relation": "MEETS",
                    "source": "russia",
                    "target": "iran",
                    "evidence": [{"source": "ap", "quote": '["looks like JSON"]'}],
                },
            ],
        }
    )


@pytest.mark.parametrize("trusted", [True, False])
def test_every_relationship_field_survives_packing(tmp_path: Path, trusted: bool) -> None:
    path = tmp_path / "graph.sqlite"
    with SQLiteStorage(path) as store:
        store.replace_all(every_field(), import_change(1, "seed", every_field()))
    with SQLiteStorage(path) as store:
        loaded, _ = store.load(trusted=trusted)
    assert loaded.relationships == every_field().relationships


def test_a_committed_relationship_replaces_its_row(tmp_path: Path) -> None:
    path = tmp_path / "graph.sqlite"
    data = every_field()
    hosts = data.relationships[0]
    changed = Change(
        version=2,
        at=dt.datetime(2016, 8, 17, tzinfo=dt.UTC),
        author="ann",
        operation=ChangeOperation.UPDATE_RELATIONSHIP,
        actor_keys=("iran", "russia"),
        relationship_id="hosts",
        before=fragment(relationships=[hosts]),
        after=fragment(relationships=[msgspec.structs.replace(hosts, confidence=0.5)]),
    )
    with SQLiteStorage(path) as store:
        store.replace_all(data, import_change(1, "seed", data))
        store.commit(changed)
        loaded, version = store.load()
    assert version == 2
    assert [r.confidence for r in loaded.relationships] == [0.5, 1.0]


def test_a_file_with_json_relationship_records_is_converted_on_opening(tmp_path: Path) -> None:
    path = tmp_path / "old.sqlite"
    records = dataset_fragment(every_field()) or {}
    with SQLiteStorage(path) as store:
        store.replace_all(every_field(), import_change(1, "seed", every_field()))
    with closing(sqlite3.connect(path)) as db, db:  # back to the layout of earlier versions
        db.execute("DROP TABLE relationships")
        db.execute("CREATE TABLE relationships (id TEXT PRIMARY KEY, record TEXT NOT NULL)")
        db.executemany(
            "INSERT INTO relationships VALUES (?, ?)",
            [(r["id"], json.dumps(r)) for r in records["relationships"]],
        )
    with SQLiteStorage(path) as store:
        loaded = store.load()[0].relationships
        assert store.integrity_check() == "ok"
    assert loaded == every_field().relationships
    with closing(sqlite3.connect(path)) as db:
        tables = {name for (name,) in db.execute("SELECT name FROM sqlite_master")}
    assert "relationship_records" not in tables


def test_loading_a_corrupted_packed_relationship_reports_the_field(tmp_path: Path) -> None:
    path = tmp_path / "graph.sqlite"
    open_storage(path, tiny()).close()
    with closing(sqlite3.connect(path)) as db, db:
        (packed,) = db.execute("SELECT packed FROM relationships").fetchone()
        fields = msgspec.msgpack.decode(packed)
        fields[1] = "BEFRIENDS"
        db.execute("UPDATE relationships SET packed = ?", (msgspec.msgpack.encode(fields),))
    with SQLiteStorage(path) as store:
        with pytest.raises(InvalidDataset, match="relation"):
            store.load()
        with pytest.raises(StorageError, match=r"relationship 'r1' cannot be unpacked.*BEFRIENDS"):
            store.load(trusted=True)


@pytest.mark.parametrize("trusted", [True, False])
@pytest.mark.parametrize("packed", [b"\xc1", msgspec.msgpack.encode("r08500")])
def test_a_row_that_is_not_packed_names_its_relationship(
    tmp_path: Path, trusted: bool, packed: bytes
) -> None:
    """Not MessagePack, or not an array: also past the first batch a store is read in, the
    error names the very row."""
    rel = tiny().relationships[0]
    many = [msgspec.structs.replace(rel, id=f"r{i:05}") for i in range(9000)]
    data = Dataset(tiny().sources, tiny().actors, tuple(many))
    path = tmp_path / "graph.sqlite"
    open_storage(path, data).close()
    with closing(sqlite3.connect(path)) as db, db:
        db.execute("UPDATE relationships SET packed = ? WHERE id = 'r08500'", (packed,))
    with SQLiteStorage(path) as store, pytest.raises(StorageError, match="'r08500' cannot be"):
        store.load(trusted=trusted)


def old_row(rel: Relationship) -> tuple[object, ...]:
    """``rel`` as a row of the column layout files had before relationships were packed."""
    quotes = [e.quote for e in rel.evidence]
    plain = record_of(rel)
    return (
        *(plain.get(name) for name in ("id", "relation", "source", "target", "date")),
        *(plain.get(name) for name in ("date_precision", "valid_from", "valid_until")),
        " ".join(k.value for k in rel.support_kinds) or None,
        rel.location,
        rel.claimed_by,
        rel.stance.value,
        rel.confidence,
        " ".join(e.source for e in rel.evidence),
        quotes[0] if len(quotes) == 1 else json.dumps(quotes),
    )


def with_old_columns(path: Path, rows: list[tuple[object, ...]]) -> None:
    with closing(sqlite3.connect(path)) as db, db:
        db.execute("DROP TABLE relationships")
        db.execute(f"CREATE TABLE relationships ({', '.join(COLUMNS)}, PRIMARY KEY (id))")
        db.executemany(f"INSERT INTO relationships VALUES ({', '.join('?' * len(COLUMNS))})", rows)


def test_a_file_with_a_column_per_field_is_converted_on_opening(tmp_path: Path) -> None:
    path = tmp_path / "old.sqlite"
    open_storage(path, every_field()).close()
    with_old_columns(path, [old_row(r) for r in every_field().relationships])
    with SQLiteStorage(path) as store:
        assert store.load(trusted=True)[0].relationships == every_field().relationships
        assert store.load()[0].relationships == every_field().relationships
        assert store.integrity_check() == "ok"
    with closing(sqlite3.connect(path)) as db:
        tables = {name for (name,) in db.execute("SELECT name FROM sqlite_master")}
        columns = [row[1] for row in db.execute("PRAGMA table_info(relationships)")]
    assert "relationship_records" not in tables
    assert columns == ["id", "packed"]


def test_an_old_column_row_that_cannot_be_read_leaves_the_file_as_it_was(tmp_path: Path) -> None:
    path = tmp_path / "old.sqlite"
    open_storage(path, every_field()).close()
    rows = [old_row(r) for r in every_field().relationships]
    rows[1] = (*rows[1][:1], "BEFRIENDS", *rows[1][2:])
    with_old_columns(path, rows)
    with pytest.raises(
        StorageError, match=r"cannot convert relationship 'talks'.*BEFRIENDS.*nothing was changed"
    ):
        SQLiteStorage(path)
    with closing(sqlite3.connect(path)) as db:
        assert db.execute("SELECT relation FROM relationships ORDER BY id").fetchall() == [
            ("HOSTS",),
            ("BEFRIENDS",),
        ]


def test_relationships_come_back_in_id_order_however_they_were_written(tmp_path: Path) -> None:
    data = every_field()  # "hosts" then "talks"
    reversed_data = Dataset(data.sources, data.actors, data.relationships[::-1])
    with SQLiteStorage(tmp_path / "graph.sqlite") as store:
        store.replace_all(reversed_data, import_change(1, "seed", reversed_data))
        loaded, _ = store.load(trusted=True)
    assert [r.id for r in loaded.relationships] == ["hosts", "talks"]


def test_an_old_file_with_an_unreadable_record_is_left_as_it_was(tmp_path: Path) -> None:
    path = tmp_path / "old.sqlite"
    with SQLiteStorage(path) as store:
        store.replace_all(tiny(), import_change(1, "seed", tiny()))
    with closing(sqlite3.connect(path)) as db, db:  # the old layout, one record broken
        db.execute("DROP TABLE relationships")
        db.execute("CREATE TABLE relationships (id TEXT PRIMARY KEY, record TEXT NOT NULL)")
        db.execute("""INSERT INTO relationships VALUES ('r1', '{"id": "r1"')""")
    with pytest.raises(
        StorageError, match=r"cannot convert relationship 'r1'.*nothing was changed"
    ):
        SQLiteStorage(path)
    with closing(sqlite3.connect(path)) as db:
        tables = {name for (name,) in db.execute("SELECT name FROM sqlite_master")}
        (record,) = db.execute("SELECT record FROM relationships").fetchone()
    assert "relationship_records" not in tables
    assert record == '{"id": "r1"'


def test_a_graph_of_unpacked_rows_files_each_pair_under_the_actors_own_keys(
    tmp_path: Path,
) -> None:
    """Unpacked relationships hold their own copies of the actor keys; the graph's pairs must
    not, or every search compares scattered copies instead of one string per actor."""
    path = tmp_path / "graph.sqlite"
    open_storage(path, every_field()).close()
    with SQLiteStorage(path) as store:
        data, _ = store.load(trusted=True)
    key = {a.key: a.key for a in data.actors}
    assert all(r.target is not key[r.target] for r in data.relationships)
    graph = AllianceGraph.trusted(data.sources, data.actors, data.relationships, 0)
    filed = [v for side in (graph.nx.succ, graph.nx.pred) for out in side.values() for v in out]
    assert len(filed) == 4
    assert all(v is key[v] for v in filed)


def test_records_and_history_are_stored_as_the_standard_librarys_compact_json(
    tmp_path: Path,
) -> None:
    odd = Actor(
        "odd",
        'Quote " backslash \\ tab \t line\u2028sep \U0001f600 caf\u00e9 \x7f',
        ActorKind.PERSON,
        aliases=("\u0085", "\x01"),
    )
    data = Dataset(tiny().sources, (*tiny().actors, odd), tiny().relationships)
    path = tmp_path / "g.sqlite3"
    open_storage(path, data).close()
    with closing(sqlite3.connect(path)) as db:
        (record,) = db.execute("SELECT record FROM actors WHERE id = 'odd'").fetchone()
        query = "SELECT record FROM change_records WHERE version = 1 AND id = 'odd'"
        (kept,) = db.execute(query).fetchone()

    def compact(value: object) -> str:
        return json.dumps(value, ensure_ascii=False, separators=(",", ":"))

    assert record == compact(record_of(odd))
    assert kept == compact(record_of(odd)).encode()
