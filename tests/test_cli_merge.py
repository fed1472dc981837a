from __future__ import annotations

import json
from pathlib import Path

import pytest
import yaml

from graph import load_dataset, seed_path
from graph.persistence.changes import RecordCounts
from graph.persistence.editor import Editor
from graph.persistence.opening import open_storage
from schema.cli import main
from tests.merges import second_article
from tests.writes import open_editor


@pytest.fixture(params=["sqlite", "postgres"])
def data(request: pytest.FixtureRequest, tmp_path: Path) -> str:
    """Where the graph is stored: an SQLite file, or a PostgreSQL database."""
    if request.param == "sqlite":
        location = str(tmp_path / "g.sqlite3")
    else:
        location = request.getfixturevalue("postgres_url")
    open_editor(location).close()  # seeded
    return location


def reopened(data: str) -> Editor:
    return Editor.open(open_storage(data, load_dataset(seed_path())))


def written(path: Path, plain: object) -> Path:
    path.write_text(yaml.safe_dump(plain, allow_unicode=True), encoding="utf-8")
    return path


def test_import_merge_adds_a_second_article_in_one_change(
    data: str, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    article = written(tmp_path / "second.yaml", second_article())
    assert main(["import", str(article), "--data", data, "--merge", "--author", "ann"]) == 0
    assert "added 1 sources, 1 actors, 1 relationships" in capsys.readouterr().out
    editor = reopened(data)
    try:
        assert editor.graph.version == 2
        assert editor.graph.actor("hezbollah") is not None
        assert editor.graph.relationship("hezbollah-supports-iran-2016-08-17") is not None
        assert editor.graph.actor("isis") is not None  # nothing stored was replaced
        [change] = editor.history(1)
        assert (change.operation.value, change.author, change.after) == ("MERGE", "ann", None)
        assert [r.id for r in editor.storage.change_records(2, -1, 10)] == [
            "wire-2016-08-17",
            "hezbollah",
            "hezbollah-supports-iran-2016-08-17",
        ]
    finally:
        editor.close()


def test_import_merge_of_stored_records_changes_nothing(
    data: str, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    article = written(tmp_path / "second.json", second_article())
    article.write_text(json.dumps(second_article()), encoding="utf-8")
    assert main(["import", str(article), "--data", data, "--merge"]) == 0
    assert main(["import", str(article), "--data", data, "--merge"]) == 0
    assert "nothing to merge" in capsys.readouterr().out
    editor = reopened(data)
    try:
        assert editor.graph.version == 2
    finally:
        editor.close()


def test_import_merge_lists_every_conflict_and_changes_nothing(data: str, tmp_path: Path) -> None:
    plain = second_article(with_isis=True)
    plain["sources"][0]["publisher"] = "Wire"
    plain["sources"].append({"id": "nbc-2016-08-16", "publisher": "NBC"})  # stored otherwise
    article = written(tmp_path / "second.yaml", plain)
    with pytest.raises(SystemExit) as caught:
        main(["import", str(article), "--data", data, "--merge"])
    message = str(caught.value.code)
    assert "2 record(s) of the dataset differ from the stored ones; nothing was changed" in message
    assert "source 'nbc-2016-08-16': publisher differs (stored 'NBC News', merged 'NBC')" in (
        message
    )
    assert "actor 'isis': aliases differs" in message
    editor = reopened(data)
    try:
        assert editor.graph.version == 1
        assert editor.graph.actor("hezbollah") is None
        assert editor.graph.source("wire-2016-08-17") is None
    finally:
        editor.close()


def test_import_merge_names_each_record_that_breaks_a_rule(data: str, tmp_path: Path) -> None:
    plain = second_article()
    plain["relationships"][0]["target"] = "atlantis"
    article = written(tmp_path / "second.yaml", plain)
    with pytest.raises(SystemExit) as caught:
        main(["import", str(article), "--data", data, "--merge"])
    message = str(caught.value.code)
    assert "relationships[0] (id 'hezbollah-supports-iran-2016-08-17')" in message
    assert "atlantis" in message


def test_import_replaces_without_a_graph_and_counts_what_it_replaced(
    data: str, tmp_path: Path
) -> None:
    seed = load_dataset(seed_path())
    alone = second_article()
    alone["actors"].append({"key": "iran", "name": "Iran", "kind": "STATE"})
    article = written(tmp_path / "second.yaml", alone)
    assert main(["import", str(article), "--data", data]) == 0
    editor = reopened(data)
    try:
        [change] = editor.history(1)
        assert (change.operation.value, change.after) == ("IMPORT", None)
        assert change.counts is not None
        assert change.counts.replaced == RecordCounts.of(seed)
        assert change.counts.written == RecordCounts(1, 2, 1)
        assert editor.graph.actor("isis") is None
    finally:
        editor.close()
