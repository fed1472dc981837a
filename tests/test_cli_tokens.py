"""``serve --token-file``: write tokens from a private file, kept off the command line; a file
other users may read, or one that is not ``NAME=SECRET`` lines, is refused without a secret
in the message."""

from __future__ import annotations

import os
from pathlib import Path

import httpx2
import pytest

from schema.cli import main
from tests.servers import running_server

MUTATION = 'mutation { updateActor(key: "us", input: {name: "US"}) { name } }'
HISTORY = "{ history(first: 1) { edges { node { author } } } }"


def private(path: Path, text: str) -> Path:
    path.write_text(text, encoding="utf-8")
    path.chmod(0o600)
    return path


def refusal(args: list[str], capsys: pytest.CaptureFixture[str]) -> str:
    """The message ``serve ARGS`` stops with, before it listens."""
    with pytest.raises(SystemExit) as stopped:
        main(["serve", "--port", "0", *args])
    assert capsys.readouterr().out == ""
    message = str(stopped.value.code)
    assert message.startswith("alliance-graph: ")
    return message


def test_a_token_file_allows_writes_recorded_under_its_names(tmp_path: Path) -> None:
    tokens = private(
        tmp_path / "tokens",
        "# who may write\n\nann=first-secret\n  bob = second-secret  \n# retired: cy=old\n",
    )
    store = str(tmp_path / "g.db")
    # Under --workers each worker reads the file: every answer below may come from either.
    with running_server("--token-file", str(tokens), "--data", store, "--workers", "2") as base:
        # A commented-out token and a token's name are no secrets.
        for secret, allowed in (("second-secret", True), ("old", False), ("ann", False)):
            body = httpx2.post(
                f"{base}/graphql",
                json={"query": MUTATION},
                headers={"authorization": f"Bearer {secret}"},
            ).json()
            codes = [error["extensions"]["code"] for error in body.get("errors", [])]
            assert codes == ([] if allowed else ["UNAUTHENTICATED"]), secret
        history = httpx2.post(
            f"{base}/graphql", json={"query": HISTORY}, headers={"x-min-graph-version": "2"}
        ).json()
        assert history == {"data": {"history": {"edges": [{"node": {"author": "bob"}}]}}}
        assert httpx2.get(f"{base}/healthz").json()["writable"] is True


def test_the_token_file_comes_from_the_environment_too(tmp_path: Path) -> None:
    tokens = private(tmp_path / "tokens", "ann=from-file\n")
    with running_server(env={"ALLIANCE_GRAPH_TOKEN_FILE": str(tokens)}) as base:
        body = httpx2.post(
            f"{base}/graphql",
            json={"query": MUTATION},
            headers={"authorization": "Bearer from-file"},
        ).json()
        assert body == {"data": {"updateActor": {"name": "US"}}}


@pytest.mark.parametrize("mode", [0o644, 0o640, 0o604, 0o620, 0o602, 0o660])
def test_a_token_file_other_users_may_read_or_write_is_refused(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], mode: int
) -> None:
    tokens = private(tmp_path / "tokens", "ann=a-secret\n")
    tokens.chmod(mode)
    message = refusal(["--token-file", str(tokens)], capsys)
    assert message == (
        f"alliance-graph: --token-file {tokens}: other users may read or write it "
        f"(mode {mode:04o}); make it private with: chmod 600 {tokens}"
    )
    assert "a-secret" not in message


def test_a_private_token_file_may_be_readable_by_its_owner_only_or_executable(
    tmp_path: Path,
) -> None:
    from schema.cli.tokens import read_token_file

    for mode in (0o400, 0o600, 0o700, 0o711):
        tokens = private(tmp_path / "tokens", "ann=a-secret\n")
        tokens.chmod(mode)
        assert read_token_file(tokens) == ["ann=a-secret"]


@pytest.mark.parametrize(
    ("text", "problem"),
    [
        ("ann=ok-secret\nbob-secret\n", " line 2: must be NAME=SECRET, both non-empty"),
        ("=no-name-secret\n", " line 1: must be NAME=SECRET, both non-empty"),
        ("# a comment\nann=\n", " line 2: must be NAME=SECRET, both non-empty"),
        ("# nothing but comments\n\n", ": holds no NAME=SECRET line"),
        ("", ": holds no NAME=SECRET line"),
    ],
)
def test_a_malformed_token_file_is_refused_naming_the_line_not_the_secret(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], text: str, problem: str
) -> None:
    tokens = private(tmp_path / "tokens", text)
    message = refusal(["--token-file", str(tokens)], capsys)
    assert message == f"alliance-graph: --token-file {tokens}{problem}"
    assert "secret" not in message.lower().replace("name=secret", "")


def test_a_missing_or_unusable_token_file_is_refused(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    missing, folder, binary = tmp_path / "missing", tmp_path / "folder", tmp_path / "binary"
    folder.mkdir(mode=0o700)
    fifo = tmp_path / "fifo"
    os.mkfifo(fifo, 0o600)  # refused, not waited on for a writer
    private(binary, "").write_bytes(b"ann=\xff\xfe\n")
    for path, problem in (
        (missing, "cannot read: No such file or directory"),
        (folder, "cannot read: Is a directory"),
        (fifo, "is not a regular file"),
        (binary, "is not UTF-8 text"),
    ):
        message = refusal(["--token-file", str(path)], capsys)
        assert message == f"alliance-graph: --token-file {path}: {problem}"


def test_a_name_in_the_file_and_on_the_command_line_is_refused_as_given_twice(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    tokens = private(tmp_path / "tokens", "ann=from-file\n")
    message = refusal(["--token-file", str(tokens), "--token", "ann=from-flag"], capsys)
    assert message == "alliance-graph: token name 'ann' is given twice"


def test_serve_help_says_token_is_for_tests_and_recommends_the_file(
    capsys: pytest.CaptureFixture[str],
) -> None:
    with pytest.raises(SystemExit):
        main(["serve", "--help"])
    out = " ".join(capsys.readouterr().out.split())
    assert "for tests and local use only: `ps` shows it to every user" in out
    assert "--token-file FILE allow writes with the tokens in FILE" in out
    assert "The recommended way (env ALLIANCE_GRAPH_TOKEN_FILE)" in out


def test_the_process_list_shows_the_token_file_not_the_secret(tmp_path: Path) -> None:
    tokens = private(tmp_path / "tokens", "ann=never-in-ps\n")
    with running_server("--token-file", str(tokens)):
        shown = [_command_line(proc) for proc in Path("/proc").iterdir() if proc.name.isdigit()]
        assert any(str(tokens).encode() in line for line in shown)
        assert not any(b"never-in-ps" in line for line in shown)


def _command_line(proc: Path) -> bytes:
    """What ``ps`` shows of the process ``proc``: its command line (empty once it is gone)."""
    try:
        return (proc / "cmdline").read_bytes()
    except OSError:
        return b""
