"""Every GraphQL example in README.md and docs/ runs against the seed, and answers what it shows.

An example is a fenced ``graphql`` block. When a ``json`` block follows it (nothing but blank
lines between), that is the answer the example promises, compared as parsed JSON; without one,
the example must answer with no errors. The line right before the block may say
``<!-- docs-test: variables {...} -->`` (the variables, as JSON) or
``<!-- docs-test: skip — why -->`` (not run: a subscription, say) or
``<!-- docs-test: continues -->`` (see below). Queries run against one server over the seed; a
mutation runs against a fresh one, with the token ``ann=s3cret``, as the docs' own ``serve
--token ann=s3cret`` would. An example marked ``continues`` goes on from the one before it on
the page: a fresh server with the token runs the examples of the chain before it first (a
proposal filed, then accepted), then this one. The Python examples in the docs run as
doctests, in a scratch directory.
"""

from __future__ import annotations

import doctest
import json
import re
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import pytest
from graphql import OperationDefinitionNode, OperationType, parse
from starlette.testclient import TestClient

from graph import load_dataset, seed_path
from graph.persistence.editor import Editor
from graph.persistence.opening import open_storage
from schema.http.app import create_app
from schema.http.auth import Tokens

ROOT = Path(__file__).resolve().parent.parent
PAGES = [ROOT / "README.md", *sorted((ROOT / "docs").glob("*.md"))]
MARK = re.compile(r"<!--\s*docs-test:\s*(skip|variables|continues)\b(.*?)-->")
FENCE = re.compile(r"^```(\w*)\s*$")
TOKEN = "ann=s3cret"


@dataclass(frozen=True)
class Example:
    page: Path
    line: int
    query: str
    variables: dict[str, Any] | None
    expected: Any | None
    skipped: str | None
    continues: bool = False

    @property
    def name(self) -> str:
        return f"{self.page.relative_to(ROOT)}:{self.line}"

    @property
    def operations(self) -> list[OperationDefinitionNode]:
        document = parse(self.query)
        return [d for d in document.definitions if isinstance(d, OperationDefinitionNode)]


def blocks(text: str) -> Iterator[tuple[int, str, str, str]]:
    """``(line, language, body, the line before)`` of each fenced block of a Markdown text."""
    lines = text.splitlines()
    i = 0
    while i < len(lines):
        opened = FENCE.match(lines[i])
        if opened is None:
            i += 1
            continue
        start = i
        i += 1
        while i < len(lines) and not lines[i].startswith("```"):
            i += 1
        before = lines[start - 1] if start else ""
        yield start + 1, opened.group(1), "\n".join(lines[start + 1 : i]), before
        i += 1


def examples_of(page: Path) -> list[Example]:
    text = page.read_text(encoding="utf-8")
    found: list[Example] = []
    fenced = list(blocks(text))
    lines = text.splitlines()
    for n, (line, language, body, before) in enumerate(fenced):
        if language != "graphql":
            continue
        variables = None
        skipped = None
        continues = False
        if mark := MARK.search(before):
            if mark.group(1) == "skip":
                skipped = mark.group(2).strip(" —-") or "marked skip"
            elif mark.group(1) == "continues":
                continues = True
            else:
                variables = json.loads(mark.group(2))
        expected = None
        if n + 1 < len(fenced):
            next_line, next_language, next_body, _ = fenced[n + 1]
            closing = line + body.count("\n") + 2  # the line of this block's closing fence
            between = lines[closing : next_line - 1]
            if next_language == "json" and all(not gap.strip() for gap in between):
                expected = json.loads(next_body)
        found.append(Example(page, line, body, variables, expected, skipped, continues))
    return found


EXAMPLES = [example for page in PAGES for example in examples_of(page)]


def chain_before(example: Example) -> list[Example]:
    """The examples an example marked ``continues`` goes on from, oldest first."""
    on_page = [e for e in EXAMPLES if e.page == example.page and e.line < example.line]
    chain: list[Example] = []
    current = example
    while current.continues and on_page:
        current = on_page.pop()
        chain.insert(0, current)
    return chain


def body_of(example: Example) -> dict[str, Any]:
    body: dict[str, Any] = {"query": example.query}
    if example.variables is not None:
        body["variables"] = example.variables
    return body


def server(tokens: Tokens) -> TestClient:
    """A server over the seed as ``alliance-graph serve`` runs it without ``--data``."""
    editor = Editor.open(open_storage(None, load_dataset(seed_path())))
    return TestClient(create_app(editor, tokens=tokens))


@pytest.fixture(scope="module")
def reader() -> Iterator[TestClient]:
    with server(Tokens()) as client:
        yield client


def test_the_docs_hold_examples_with_answers() -> None:
    # A guard against a parser that quietly finds nothing: the pages show dozens of examples.
    assert len(EXAMPLES) >= 20
    assert sum(e.expected is not None for e in EXAMPLES) >= 15
    assert {e.page.name for e in EXAMPLES} >= {"README.md", "api.md", "analysis.md"}


@pytest.mark.parametrize("example", EXAMPLES, ids=lambda e: e.name)
def test_each_example_holds_one_operation(example: Example) -> None:
    assert len(example.operations) == 1, "one operation per block, so it can be pasted as is"


@pytest.mark.parametrize("example", EXAMPLES, ids=lambda e: e.name)
def test_each_example_answers_what_the_docs_show(example: Example, reader: TestClient) -> None:
    if example.skipped:
        pytest.skip(example.skipped)
    body = body_of(example)
    if example.continues or example.operations[0].operation is OperationType.MUTATION:
        with server(Tokens.parse([TOKEN])) as writer:
            headers = {"authorization": f"Bearer {TOKEN.split('=', 1)[1]}"}
            for earlier in chain_before(example):
                done = writer.post("/graphql", json=body_of(earlier), headers=headers).json()
                assert "errors" not in done, (earlier.name, done)
            answer = writer.post("/graphql", json=body, headers=headers)
    else:
        answer = reader.post("/graphql", json=body)
    assert answer.status_code == 200, answer.text
    got = answer.json()
    if example.expected is None:
        assert "errors" not in got, got
    else:
        assert got == example.expected


def test_a_shown_answer_that_differs_fails(reader: TestClient) -> None:
    query = '{ actor(key: "iran") { name } }'
    answer = reader.post("/graphql", json={"query": query}).json()
    assert answer == {"data": {"actor": {"name": "Iran"}}}
    assert answer != {"data": {"actor": {"name": "Iraq"}}}


def test_the_parser_pairs_a_query_with_the_answer_right_after_it(tmp_path: Path) -> None:
    page = tmp_path / "page.md"
    page.write_text(
        '<!-- docs-test: variables {"k": "iran"} -->\n```graphql\nquery ($k: String!) '
        '{ actor(key: $k) { name } }\n```\n\n```json\n{"data": 1}\n```\n\n'
        "```graphql\n{ sources { id } }\n```\nprose\n```json\n{}\n```\n"
        "<!-- docs-test: skip — streams -->\n```graphql\nsubscription { x }\n```\n"
        "<!-- docs-test: continues -->\n```graphql\n{ graphVersion }\n```\n",
        encoding="utf-8",
    )
    first, second, third, fourth = examples_of(page)
    assert fourth.continues
    assert not third.continues
    assert (first.variables, first.expected, first.skipped) == ({"k": "iran"}, {"data": 1}, None)
    assert second.expected is None  # prose stands between it and the JSON
    assert third.skipped == "streams"


def python_examples(page: Path) -> list[tuple[int, str]]:
    text = page.read_text(encoding="utf-8")
    return [(line, body) for line, language, body, _ in blocks(text) if ">>> " in body]


@pytest.mark.parametrize(
    "page", [p for p in PAGES if python_examples(p)], ids=lambda p: str(p.relative_to(ROOT))
)
def test_the_python_examples_in_the_docs_run(
    page: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.chdir(tmp_path)  # an example may create a store file
    runner = doctest.DocTestRunner(optionflags=doctest.ELLIPSIS | doctest.NORMALIZE_WHITESPACE)
    names: dict[str, Any] = {}  # one page's examples build on each other, in order
    for line, body in python_examples(page):
        test = doctest.DocTestParser().get_doctest(body, names, page.name, str(page), line)
        runner.run(test)
    assert runner.tries > 0
    assert runner.failures == 0
