"""Idempotency keys in every store: a key is stored with its change, in one transaction, so an
edit retried with its key is applied once, in one batch, across editors and across restarts."""

from __future__ import annotations

import asyncio
import datetime as dt
import sqlite3
from contextlib import closing
from pathlib import Path

import pytest
from msgspec.structs import replace

from graph import load_dataset, load_seed, seed_path
from graph.model.errors import DuplicateKey
from graph.model.records import Actor, Source
from graph.model.vocabulary import ActorKind
from graph.persistence import edits
from graph.persistence.editor import Editor
from graph.persistence.idempotency import AlreadyApplied, Claim, answer, recall, recommitted
from graph.persistence.opening import open_storage
from graph.persistence.storage import StorageError

HEZBOLLAH = Actor("hezbollah", "Hezbollah", ActorKind.ARMED_GROUP)
A_DAY = dt.timedelta(hours=24)
SOME_RELATIONSHIP = "iran-hosts-russia-2016-08-16"


def claim(key: str = "k1", request: str = "h1", keep: dt.timedelta = A_DAY) -> Claim:
    return Claim("ann", key, request, dt.datetime.now(dt.UTC) - keep)


@pytest.fixture(params=["memory", "sqlite", "postgresql"])
def location(request: pytest.FixtureRequest, tmp_path: Path) -> str | None:
    if request.param == "memory":
        return None
    if request.param == "sqlite":
        return str(tmp_path / "g.sqlite3")
    return str(request.getfixturevalue("postgres_url"))


@pytest.fixture(params=["sqlite", "postgresql"])
def durable(request: pytest.FixtureRequest, tmp_path: Path) -> str:
    if request.param == "sqlite":
        return str(tmp_path / "g.sqlite3")
    return str(request.getfixturevalue("postgres_url"))


def opened(location: str | None) -> Editor:
    return Editor.open(open_storage(location, load_dataset(seed_path())))


def test_an_edit_retried_with_its_key_is_applied_once(location: str | None) -> None:
    with closing(opened(location)) as editor:
        first = editor.commit(edits.create_actor(HEZBOLLAH), "ann", key=claim())
        with pytest.raises(AlreadyApplied) as again:
            editor.commit(edits.create_actor(HEZBOLLAH), "ann", key=claim())
        assert again.value.code == "IDEMPOTENCY_KEY_IN_USE"
        assert again.value.remembered.version == first.change.version == 2
        assert again.value.remembered.request_hash == "h1"
        assert editor.graph.version == editor.storage.version() == 2


def test_keys_belong_to_their_author(location: str | None) -> None:
    with closing(opened(location)) as editor:
        editor.commit(edits.add_source(Source("bbc", "BBC")), "ann", key=claim())
        bobs = Claim("bob", "k1", "h1", claim().since)
        done = editor.commit(edits.add_source(Source("ap", "AP")), "bob", key=bobs)
        assert done.change.version == 3


def test_one_key_twice_in_one_batch_is_applied_once(location: str | None) -> None:
    async def both() -> list[object]:
        with closing(opened(location)) as editor:
            writes = [
                editor.commit_async(edits.create_actor(HEZBOLLAH), "ann", key=claim())
                for _ in range(2)
            ]
            return await asyncio.gather(*writes, return_exceptions=True)

    first, second = asyncio.run(both())
    assert not isinstance(first, BaseException)
    assert isinstance(second, AlreadyApplied)
    assert second.remembered.version == 2


def test_an_edit_the_rules_refuse_leaves_its_key_free(location: str | None) -> None:
    with closing(opened(location)) as editor:
        with pytest.raises(DuplicateKey):
            editor.commit(edits.add_source(Source("nbc-2016-08-16", "NBC")), "ann", key=claim())
        assert recall(editor.storage, claim()) is None
        done = editor.commit(edits.add_source(Source("bbc", "BBC")), "ann", key=claim())
        assert done.change.version == 2


def test_the_key_and_the_answer_outlive_the_editor(durable: str) -> None:
    with closing(opened(durable)) as editor:
        editor.commit(edits.create_actor(HEZBOLLAH), "ann", key=claim())
        assert answer(editor.storage, claim(), '{"data":1}') == '{"data":1}'
        assert answer(editor.storage, claim(), '{"data":2}') == '{"data":1}'  # the first stays
    with closing(opened(durable)) as again:
        found = recall(again.storage, claim())
        assert found is not None
        assert (found.version, found.response, found.request_hash) == (2, '{"data":1}', "h1")
        with pytest.raises(AlreadyApplied):
            again.commit(edits.create_actor(HEZBOLLAH), "ann", key=claim())


def test_an_expired_key_is_not_honoured_and_is_forgotten(location: str | None) -> None:
    with closing(opened(location)) as editor:
        editor.commit(edits.add_source(Source("bbc", "BBC")), "ann", key=claim("old"))
        editor.commit(edits.add_source(Source("ap", "AP")), "ann", key=claim("k1"))
        now = claim("k1", keep=dt.timedelta(0))  # every key made before now has expired
        assert recall(editor.storage, now) is None
        done = editor.commit(edits.add_source(Source("afp", "AFP")), "ann", key=now)
        assert done.change.version == 4  # the key is free again, and now names version 4
        assert answer(editor.storage, now, "{}") == "{}"  # and forgets the expired ones
        assert recall(editor.storage, claim("old")) is None
        found = recall(editor.storage, claim("k1"))
        assert found is not None
        assert found.version == 4


@pytest.mark.parametrize(
    "edit",
    [
        edits.add_source(Source("bbc", "BBC")),
        edits.create_actor(HEZBOLLAH),
        edits.update_actor("iran", {"iso3": "IRN"}),
        edits.delete_actor("aleppo-civilians", True),
        edits.add_relationship(replace(next(iter(load_seed().relationships())), id="")),
        edits.update_relationship(SOME_RELATIONSHIP, {"confidence": 0.5}),
        edits.remove_relationship(SOME_RELATIONSHIP),
    ],
)
def test_what_an_edit_returned_is_rebuilt_from_its_change_alone(
    location: str | None, edit: edits.Edit[object]
) -> None:
    with closing(opened(location)) as editor:
        done = editor.commit(edit, "ann", key=claim())
        assert recommitted(editor.storage, 2) == done


def test_no_edit_is_rebuilt_from_a_version_that_is_not_one(location: str | None) -> None:
    with closing(opened(location)) as editor, pytest.raises(StorageError, match="IMPORT"):
        recommitted(editor.storage, 1)


def test_a_key_the_file_cannot_store_takes_its_change_back(tmp_path: Path) -> None:
    path = tmp_path / "g.sqlite3"
    with closing(opened(str(path))) as editor:
        with closing(sqlite3.connect(path)) as other:
            other.execute(
                "CREATE TRIGGER refuse BEFORE INSERT ON idempotency "
                "BEGIN SELECT RAISE(ABORT, 'no room for keys'); END"
            )
            other.commit()
        with pytest.raises(StorageError, match="no room for keys"):
            editor.commit(edits.create_actor(HEZBOLLAH), "ann", key=claim())
        assert editor.graph.actor("hezbollah") is None
        assert editor.graph.version == editor.storage.version() == 1
        with closing(sqlite3.connect(path)) as other:
            other.execute("DROP TRIGGER refuse")
            other.commit()
        assert editor.commit(edits.create_actor(HEZBOLLAH), "ann", key=claim()).change.version == 2


def test_a_change_the_file_cannot_store_leaves_its_key_free(tmp_path: Path) -> None:
    path = tmp_path / "g.sqlite3"
    with closing(opened(str(path))) as editor:
        with closing(sqlite3.connect(path)) as other:
            other.execute(
                "CREATE TRIGGER refuse BEFORE INSERT ON changes "
                "BEGIN SELECT RAISE(ABORT, 'no room for changes'); END"
            )
            other.commit()
        with pytest.raises(StorageError, match="no room for changes"):
            editor.commit(edits.create_actor(HEZBOLLAH), "ann", key=claim())
        assert recall(editor.storage, claim()) is None
