"""``alliance-graph propose``: a fragment that ``validate`` accepts, or proposals filed in a
store's review queue that the API then lists."""

from __future__ import annotations

from pathlib import Path

import pytest
import yaml

from schema.cli.main import main
from tests.ingest_articles import ARTICLES, SEED_ARTICLE
from tests.writes import gql, writable_app

ARTICLE = ARTICLES / "shayrat-2017.txt"
SOURCE = ["--source-id", "wire-2017-04-07", "--publisher", "Test Wire", "--published", "2017-04-07"]


def test_propose_prints_a_fragment_that_validate_accepts(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    assert (
        main(
            ["propose", str(ARTICLE), *SOURCE, "--title", "Strike", "--url", "https://x.example/a"]
        )
        == 0
    )
    printed = capsys.readouterr().out
    data = yaml.safe_load(printed)
    assert data["sources"] == [
        {
            "id": "wire-2017-04-07", "publisher": "Test Wire", "title": "Strike",
            "published": "2017-04-07", "url": "https://x.example/a",
        }
    ]  # fmt: skip
    assert data["relationships"]
    text = ARTICLE.read_text(encoding="utf-8")
    assert all(e["quote"] in text for r in data["relationships"] for e in r["evidence"])
    fragment = tmp_path / "fragment.yaml"
    fragment.write_text(printed, encoding="utf-8")
    assert main(["validate", str(fragment)]) == 0
    assert "ok:" in capsys.readouterr().out


def test_the_seed_article_proposes_a_fragment_that_validates(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    if not SEED_ARTICLE.exists():
        pytest.skip(f"the seed article is not here: {SEED_ARTICLE}")
    argv = ["--source-id", "nbc-2016-08-16", "--publisher", "NBC News", "--published", "2016-08-16"]
    # The seed's own source is proposed with other fields than the graph holds: refused.
    with pytest.raises(SystemExit, match=r"source\.id: source id 'nbc-2016-08-16' is in the graph"):
        main(["propose", str(SEED_ARTICLE), *argv])
    argv[1] = "nbc-copy"
    assert main(["propose", str(SEED_ARTICLE), *argv]) == 0
    fragment = tmp_path / "fragment.yaml"
    fragment.write_text(capsys.readouterr().out, encoding="utf-8")
    assert main(["validate", str(fragment)]) == 0


def test_propose_with_data_files_the_queue_that_the_api_lists(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    store = tmp_path / "g.sqlite3"
    assert main(["propose", str(ARTICLE), *SOURCE, "--data", str(store), "--author", "carol"]) == 0
    said = capsys.readouterr().out
    assert said.startswith("filed batch b-")
    assert main(["propose", str(ARTICLE), *SOURCE, "--data", str(store)]) == 0
    assert "already filed by carol, as batch b-" in capsys.readouterr().out
    with writable_app(store) as (client, _):
        answer = gql(
            client,
            "{ proposalBatches { totalCount edges { node { id proposedBy pendingCount "
            "proposals { status quote } } } } proposals { totalCount } }",
        )["data"]
    (batch,) = [e["node"] for e in answer["proposalBatches"]["edges"]]
    assert batch["id"] in said
    assert batch["proposedBy"] == "carol"
    assert batch["pendingCount"] == len(batch["proposals"]) == answer["proposals"]["totalCount"] > 0
    assert f"{len(batch['proposals'])} proposals" in said


def test_propose_refuses_bad_input_with_a_message(tmp_path: Path) -> None:
    empty = tmp_path / "empty.txt"
    empty.write_text("  \n", encoding="utf-8")
    with pytest.raises(SystemExit, match="text: the article text is empty"):
        main(["propose", str(empty), *SOURCE])
    with pytest.raises(SystemExit, match="cannot read"):
        main(["propose", str(tmp_path / "missing.txt"), *SOURCE])
    latin = tmp_path / "latin.txt"
    latin.write_bytes("Ankara said caf\xe9".encode("latin-1"))
    with pytest.raises(SystemExit, match="is not UTF-8 text"):
        main(["propose", str(latin), *SOURCE])
    with pytest.raises(SystemExit, match=r"source\.id"):
        main(["propose", str(ARTICLE), "--source-id", "Bad Id", *SOURCE[2:]])
    with pytest.raises(SystemExit):  # argparse: exit 2 with the reason on stderr
        main(["propose", str(ARTICLE), *SOURCE[:5], "16/08/2016"])
