"""Property-based tests: random, mostly bad, datasets and mutations never corrupt anything.

The seed validator either builds a dataset or lists problems that each name a record and a
field; any other exception is a bug. Through the real app on a real SQLite file, no random
mutation answers 5xx or INTERNAL_SERVER_ERROR, a refused one leaves memory and disk as they
were, and an accepted one adds exactly one version.

Inputs that once crashed have a test of their own below: lone surrogates, integers beyond
float range, non-text field names, and U+0085 in YAML exports.
"""

from __future__ import annotations

import datetime as dt
import io
import json
import re
import shutil
import tempfile
from collections.abc import Iterator, Mapping
from contextlib import contextmanager, redirect_stderr, redirect_stdout
from pathlib import Path
from typing import Any

import pytest
import yaml
from hypothesis import Phase, event, example, given, note, settings
from hypothesis import strategies as st
from hypothesis.strategies import DrawFn, SearchStrategy
from starlette.testclient import TestClient

from graph.dataset.files import load_dataset
from graph.dataset.parse import Dataset, dump_dataset, parse_dataset
from graph.dataset.records import ACTOR_FIELDS, RELATIONSHIP_FIELDS, SOURCE_FIELDS, plain, record_of
from graph.model.errors import DatasetProblem, InvalidDataset
from graph.model.records import Actor, Evidence, Relationship, Source
from graph.model.rules import SUPPORT_RELATIONS
from graph.model.vocabulary import ActorKind, DatePrecision, Relation, Stance, SupportKind
from graph.persistence.editor import Editor
from schema.cli import main
from tests.writes import ANN, open_editor, stored_rows, writable_app

# No explain phase: it reruns a failure hundreds of times to annotate lines, for a minute.
# No example database: it would leave a .hypothesis/ folder in the work tree.
BOUNDED = settings(
    max_examples=200,
    deadline=None,
    database=None,
    phases=[Phase.explicit, Phase.reuse, Phase.generate, Phase.target, Phase.shrink],
)

# -- Values: good ones, and the junk that replaces them -------------------------------------

TEXT = st.text(st.characters(codec="utf-8"), max_size=12)  # unicode junk, no lone surrogates
WORDS = TEXT.map(lambda s: "x" + s)  # never blank
BLANK = st.sampled_from(["", " ", "\t\n", "\u00a0", "\u2003", "\u200b"])
SCALARS = (
    st.none()
    | st.booleans()
    | st.integers(-(2**64), 2**64)
    | st.floats()
    | TEXT
    | BLANK
    | st.sampled_from(["0", "1.5", "null", "true", "[]", "{}"])
)
JUNK = st.recursive(
    SCALARS,
    lambda inner: st.lists(inner, max_size=3) | st.dictionaries(TEXT, inner, max_size=3),
    max_leaves=6,
)
SLUG = st.builds(  # a fresh key, id or slug: [a-z0-9][a-z0-9_.-]{0,15}
    str.__add__,
    st.sampled_from("abcxyz0189"),
    st.text(alphabet="abcxyz0189_.-", max_size=15),
)
BAD_KEYS = st.sampled_from(["Russia", "a b", "-x", "x" * 129, "é", "x/y", "Relationship:x"])
GOOD_DATES = st.dates(dt.date(1900, 1, 1), dt.date(2100, 12, 31))
BAD_DATES = st.sampled_from(
    ["2016-02-30", "2016-13-01", "16/08/2016", "2016-8-1", "yesterday", "2016-08-16T10:00"]
)
CONFIDENCE = st.floats(0, 1)
BAD_CONFIDENCE = (
    st.floats(min_value=1, exclude_min=True)
    | st.floats(max_value=0, exclude_max=True)
    | st.sampled_from([float("nan"), float("inf"), -float("inf")])
    | st.integers(2, 2**64)
    | st.sampled_from(["0.5", True])
)


def enum_values(
    kind: type[ActorKind | Relation | Stance | SupportKind | DatePrecision],
) -> SearchStrategy[str]:
    return st.sampled_from([m.value for m in kind])


BAD_ENUM = st.sampled_from(["", "state", "PLANET", "LOVES", "Relation.ATTACKS"]) | TEXT


def either(good: SearchStrategy[Any], bad: SearchStrategy[Any]) -> SearchStrategy[Any]:
    """Mostly ``good``, sometimes ``bad``, sometimes any junk at all."""
    return st.one_of(good, good, good, good, good, bad, JUNK)


# -- Random datasets in the seed format -------------------------------------------------------

SOURCE_IDS, ACTOR_KEYS, REL_IDS = ["nbc", "ap"], ["russia", "isis", "iran"], ["r1", "r2", "r3"]


def evidence(source_ids: list[str]) -> tuple[SearchStrategy[Any], SearchStrategy[Any]]:
    """Good evidence lists, and bad ones: empty, unknown sources, blank quotes, junk items."""
    good_item = st.fixed_dictionaries({"source": st.sampled_from(source_ids), "quote": WORDS})
    bad_item = st.one_of(
        st.fixed_dictionaries({"source": TEXT | BAD_KEYS, "quote": WORDS}),
        st.fixed_dictionaries({"source": st.sampled_from(source_ids), "quote": BLANK}),
        st.dictionaries(st.sampled_from(["source", "quote", "url"]) | TEXT, JUNK, max_size=3),
    )
    bad: SearchStrategy[Any] = st.just([]) | st.tuples(
        st.lists(good_item, max_size=1), bad_item
    ).map(lambda t: [*t[0], t[1]])
    return st.lists(good_item, min_size=1, max_size=2), bad


RECORD_FIELDS: dict[str, dict[str, tuple[SearchStrategy[Any], SearchStrategy[Any]]]] = {
    "sources": {
        "id": (st.sampled_from(SOURCE_IDS), BAD_KEYS | BLANK),
        "publisher": (WORDS, BLANK),
        "title": (TEXT, st.lists(TEXT, max_size=1)),
        "authors": (st.lists(TEXT, max_size=2), TEXT),
        "published": (GOOD_DATES | GOOD_DATES.map(dt.date.isoformat), BAD_DATES),
        "url": (TEXT, st.integers()),
    },
    "actors": {
        "key": (st.sampled_from(ACTOR_KEYS), BAD_KEYS | BLANK),
        "name": (WORDS, BLANK),
        "kind": (enum_values(ActorKind), BAD_ENUM),
        "aliases": (st.lists(TEXT, max_size=2), st.lists(st.integers(), min_size=1)),
        "iso3": (TEXT, st.booleans()),
        "cameo": (TEXT, st.floats()),
        "description": (TEXT, st.lists(TEXT, min_size=1)),
    },
    "relationships": {
        "id": (st.sampled_from(REL_IDS), BAD_KEYS | BLANK),
        "relation": (enum_values(Relation), BAD_ENUM),
        "source": (st.sampled_from(ACTOR_KEYS), TEXT),
        "target": (st.sampled_from(ACTOR_KEYS), TEXT),
        "date": (GOOD_DATES.map(dt.date.isoformat), BAD_DATES),
        "date_precision": (enum_values(DatePrecision), BAD_ENUM),
        "valid_from": (GOOD_DATES, BAD_DATES),
        "valid_until": (GOOD_DATES, BAD_DATES),
        "support_kinds": (st.lists(enum_values(SupportKind), max_size=2), BAD_ENUM),
        "location": (TEXT, st.integers()),
        "claimed_by": (st.sampled_from(ACTOR_KEYS), TEXT),
        "stance": (enum_values(Stance), BAD_ENUM),
        "confidence": (CONFIDENCE, BAD_CONFIDENCE),
        "evidence": evidence(SOURCE_IDS),
    },
}
REQUIRED = frozenset(
    {"id", "key", "publisher", "name", "kind", "relation", "source", "target", "evidence"}
)
ALLOWED = {"sources": SOURCE_FIELDS, "actors": ACTOR_FIELDS, "relationships": RELATIONSHIP_FIELDS}


@st.composite
def mappings(
    draw: DrawFn,
    fields: Mapping[str, tuple[SearchStrategy[Any], SearchStrategy[Any]]],
    required: frozenset[str] = frozenset(),
    clean: bool = False,
) -> object:
    """A mapping of good, bad, null, missing and unknown fields; now and then not a mapping.

    Unless ``clean``: two in five are clean, two have one faulty field, one is chaos.
    """
    mode = "clean" if clean else draw(st.sampled_from(["clean", "clean", "one", "one", "chaos"]))
    if mode == "chaos" and draw(st.integers(0, 9)) == 0:
        return draw(JUNK)
    faulty = draw(st.sampled_from(sorted(fields))) if mode == "one" else None
    out: dict[str, object] = {}
    for name, (good, bad) in fields.items():
        if mode == "chaos" or name == faulty:
            how = draw(st.sampled_from(["good", "omit", "bad", "bad", "null"]))
        else:
            how = "good"
        if how == "omit" or (how == "good" and name not in required and draw(st.booleans())):
            continue
        if how == "null":
            out[name] = None
        else:
            out[name] = draw(good if how == "good" else st.one_of(bad, bad, JUNK))
    if mode == "chaos" and draw(st.booleans()):
        out[draw(TEXT)] = draw(JUNK)  # an unknown field, or a known one clobbered
    return out


def raw_records(section: str, clean: bool) -> SearchStrategy[object]:
    return mappings(RECORD_FIELDS[section], REQUIRED, clean)


@st.composite
def raw_datasets(draw: DrawFn) -> object:
    """A whole dataset in the seed format; about half are clean of bad values."""
    if draw(st.integers(0, 29)) == 0:
        return draw(JUNK)
    clean = draw(st.booleans())
    data: dict[str, object] = {}
    for section in ALLOWED:
        how = "list" if clean else draw(st.sampled_from(["list"] * 8 + ["omit", "junk"]))
        if how == "list":
            data[section] = draw(st.lists(raw_records(section, clean), max_size=4))
        elif how == "junk":
            data[section] = draw(JUNK)
    if not clean and draw(st.integers(0, 9)) == 0:
        data[draw(TEXT)] = draw(JUNK)
    return data


@st.composite
def valid_datasets(draw: DrawFn) -> Dataset:
    """A dataset that obeys every rule, built from model objects."""
    source_ids = draw(st.lists(SLUG, min_size=1, max_size=3, unique=True))
    actor_keys = draw(st.lists(SLUG, min_size=2, max_size=4, unique=True))
    rel_ids = draw(st.lists(SLUG, max_size=4, unique=True))
    optional = st.none() | TEXT
    sources = tuple(
        Source(
            i,
            draw(WORDS),
            draw(optional),
            tuple(draw(st.lists(TEXT, max_size=2))),
            draw(st.none() | GOOD_DATES),
            draw(optional),
        )
        for i in source_ids
    )
    actors = tuple(
        Actor(
            k,
            draw(WORDS),
            draw(st.sampled_from(ActorKind)),
            tuple(draw(st.lists(TEXT, max_size=2))),
            draw(optional),
            draw(optional),
            draw(optional),
        )
        for k in actor_keys
    )
    rels = []
    for rel_id in rel_ids:
        source, target = draw(st.permutations(actor_keys))[:2]
        relation = draw(st.sampled_from(Relation))
        date = draw(st.none() | GOOD_DATES)
        start, end = sorted(draw(st.lists(GOOD_DATES, min_size=2, max_size=2)))
        rels.append(
            Relationship(
                rel_id,
                relation,
                source,
                target,
                tuple(
                    Evidence(draw(st.sampled_from(source_ids)), draw(WORDS))
                    for _ in range(draw(st.integers(1, 2)))
                ),
                date=date,
                date_precision=None
                if date is None
                else draw(st.none() | st.sampled_from(DatePrecision)),
                valid_from=draw(st.none() | st.just(start)),
                valid_until=draw(st.none() | st.just(end)),
                support_kinds=tuple(draw(st.lists(st.sampled_from(SupportKind), max_size=2)))
                if relation in SUPPORT_RELATIONS
                else (),
                location=draw(optional),
                claimed_by=draw(st.none() | st.sampled_from(actor_keys)),
                stance=draw(st.sampled_from(Stance)),
                confidence=draw(CONFIDENCE),
            )
        )
    return Dataset(sources, actors, tuple(rels))


# -- The seed validator -----------------------------------------------------------------------

INDEXED = re.compile(r"(sources|actors|relationships)\[(\d+)\]( \((id|key) .*\))?", re.DOTALL)


def assert_problems_name_their_place(data: object, problems: list[DatasetProblem]) -> None:
    """Every problem names a record that exists and a field of it (or ``-``: not a mapping)."""
    assert problems
    for problem in problems:
        assert isinstance(problem.record, str), problem
        assert isinstance(problem.field, str), problem
        assert problem.message, problem
        if problem.field == "-":
            assert problem.message == "must be a mapping", problem
            continue
        assert isinstance(data, Mapping)
        if problem.record == "dataset":  # an unknown section
            assert problem.field in data, problem
            continue
        if problem.record in ALLOWED:  # a section that is not a list
            assert problem.field == problem.record, problem
            continue
        named = INDEXED.fullmatch(problem.record)
        assert named is not None, problem
        section, index = named[1], int(named[2])
        raw = data[section][index]
        assert isinstance(raw, Mapping), problem
        root = re.split(r"[\[.]", problem.field)[0]
        assert problem.field in raw or root in ALLOWED[section], problem
        if item := re.match(r"evidence\[(\d+)\]", problem.field):
            assert int(item[1]) < len(raw["evidence"]), problem


@BOUNDED
@given(raw_datasets())
def test_parse_dataset_builds_a_dataset_or_names_every_problem(data: object) -> None:
    before = repr(data)
    try:
        dataset = parse_dataset(data)
    except InvalidDataset as invalid:
        event("refused")
        assert_problems_name_their_place(data, invalid.problems)
    else:
        event("accepted")
        assert parse_dataset(dump_dataset(dataset)) == dataset
    assert repr(data) == before, "parse_dataset changed its input"


@settings(BOUNDED, max_examples=100)
@given(valid_datasets())
def test_a_relationship_is_written_as_the_record_its_fields_make(dataset: Dataset) -> None:
    # record_of writes relationships field by field (graph.dataset.relationship_record); the record
    # of the generic walk over the fields, keys in the same order, is the reference.
    for rel in dataset.relationships:
        values = [(field, getattr(rel, field)) for field in RELATIONSHIP_FIELDS]
        walked = [(f, plain(v)) for f, v in values if v is not None and v != ()]
        assert list(record_of(rel).items()) == walked


@settings(BOUNDED, max_examples=100)
@given(valid_datasets())
def test_valid_dataset_round_trips_through_dump_and_json(dataset: Dataset) -> None:
    plain = dump_dataset(dataset)
    assert parse_dataset(plain) == dataset
    assert parse_dataset(json.loads(json.dumps(plain, ensure_ascii=False))) == dataset


def stored_then_exported(dataset: Dataset, suffix: str) -> Dataset:
    """``dataset`` imported into a SQLite file, then read back from ``alliance-graph export``."""
    with tempfile.TemporaryDirectory() as tmp:
        data, out = Path(tmp) / "g.sqlite3", Path(tmp) / f"out{suffix}"
        editor = open_editor(data)
        try:
            editor.import_dataset(dataset, author="ann")
        finally:
            editor.close()
        with redirect_stdout(io.StringIO()):  # its one-line summary
            assert main(["export", str(out), "--data", str(data)]) == 0
        return load_dataset(out)


def in_id_order(dataset: Dataset) -> Dataset:
    """``dataset`` with each section in id order, as storage gives it back."""
    return Dataset(
        tuple(sorted(dataset.sources, key=lambda s: s.id)),
        tuple(sorted(dataset.actors, key=lambda a: a.key)),
        tuple(sorted(dataset.relationships, key=lambda r: r.id)),
    )


@settings(BOUNDED, max_examples=25)
@given(valid_datasets())
def test_valid_dataset_survives_storage_and_export_to_json(dataset: Dataset) -> None:
    assert stored_then_exported(dataset, ".json") == in_id_order(dataset)


NEL = Dataset((Source("nbc", "NBC News"),), (Actor("smith", "Mr\x85Smith", ActorKind.PERSON),), ())


@settings(BOUNDED, max_examples=25)
@example(NEL)
@given(valid_datasets())
def test_valid_dataset_survives_storage_and_export_to_yaml(dataset: Dataset) -> None:
    assert stored_then_exported(dataset, ".yaml") == in_id_order(dataset)


# -- Mutations through the real app, on a real SQLite file ------------------------------------

SEED_ACTORS = ["iran", "isis", "nusra", "putin", "rouhani", "russia", "us", "ap"]
KNOWN_ACTOR = st.sampled_from(SEED_ACTORS)
ACTOR = st.one_of(KNOWN_ACTOR, KNOWN_ACTOR, KNOWN_ACTOR, st.just("atlantis"), SLUG)
BAD_ACTOR = BAD_KEYS | TEXT
RELATIONSHIP_ID = (
    st.sampled_from(
        [
            "putin-leads-russia",
            "nusra-allied-with-isis-2016-08-16",
            "Relationship:iran-hosts-russia-2016-08-16",
            "Actor:iran",
            "nope",
        ]
    )
    | SLUG
)
GQL_DATE = (GOOD_DATES.map(dt.date.isoformat), BAD_DATES)
RELATIONSHIP_FIELDS_GQL: dict[str, tuple[SearchStrategy[Any], SearchStrategy[Any]]] = {
    "relation": (enum_values(Relation), BAD_ENUM),
    "source": (ACTOR, BAD_ACTOR),
    "target": (ACTOR, BAD_ACTOR),
    "evidence": evidence(["nbc-2016-08-16"]),
    "date": GQL_DATE,
    "datePrecision": (enum_values(DatePrecision), BAD_ENUM),
    "validFrom": GQL_DATE,
    "validUntil": GQL_DATE,
    "supportKinds": (
        st.lists(enum_values(SupportKind), max_size=2),
        st.lists(BAD_ENUM, min_size=1),
    ),
    "location": (TEXT, st.integers()),
    "claimedBy": (ACTOR, BAD_ACTOR),
    "stance": (enum_values(Stance), BAD_ENUM),
    "confidence": (CONFIDENCE, BAD_CONFIDENCE),
}
ACTOR_FIELDS_GQL: dict[str, tuple[SearchStrategy[Any], SearchStrategy[Any]]] = {
    "name": (WORDS, BLANK),
    "kind": (enum_values(ActorKind), BAD_ENUM),
    "aliases": (st.lists(TEXT, max_size=2), st.lists(st.integers(), min_size=1)),
    "iso3": (TEXT, st.booleans()),
    "cameo": (TEXT, st.floats()),
    "description": (TEXT, st.lists(TEXT, min_size=1)),
}
SOURCE_FIELDS_GQL: dict[str, tuple[SearchStrategy[Any], SearchStrategy[Any]]] = {
    "id": (SLUG | st.just("nbc-2016-08-16"), BAD_KEYS | BLANK),
    "publisher": (WORDS, BLANK),
    "title": (TEXT, st.lists(TEXT, min_size=1)),
    "authors": (st.lists(TEXT, max_size=2), TEXT),
    "published": GQL_DATE,
    "url": (TEXT, st.integers()),
}
Call = tuple[str, dict[str, object]]


def call(query: str, **variables: SearchStrategy[Any]) -> SearchStrategy[Call]:
    """``query`` with random variables; now and then some are left out."""
    every, some = st.fixed_dictionaries(variables), st.fixed_dictionaries({}, optional=variables)
    return st.tuples(st.just(query), st.one_of(*[every] * 7, some))


ADD = "mutation($input: RelationshipInput!) { addRelationship(input: $input) { key } }"
CREATE = "mutation($input: ActorInput!) { createActor(input: $input) { key } }"
UPDATE_ACTOR = """
mutation($key: String!, $input: ActorPatch!) { updateActor(key: $key, input: $input) { key } }
"""
UPDATE_RELATIONSHIP = """
mutation($id: ID!, $input: RelationshipPatch!) {
  updateRelationship(id: $id, input: $input) { key }
}
"""
DELETE_ACTOR = """
mutation($key: String!, $cascade: Boolean!) {
  deleteActor(key: $key, cascade: $cascade) { version }
}
"""
REMOVE = "mutation($id: ID!) { removeRelationship(id: $id) { version } }"
ADD_SOURCE = "mutation($input: SourceInput!) { addSource(input: $input) { id } }"
MUTATIONS: SearchStrategy[Call] = st.one_of(
    call(
        ADD,
        input=mappings(
            {**RELATIONSHIP_FIELDS_GQL, "id": (RELATIONSHIP_ID, BAD_KEYS)},
            frozenset({"relation", "source", "target", "evidence"}),
        ),
    ),
    call(
        CREATE,
        input=mappings(
            {"key": (ACTOR, BAD_ACTOR), **ACTOR_FIELDS_GQL}, frozenset({"key", "name", "kind"})
        ),
    ),
    call(UPDATE_ACTOR, key=either(ACTOR, BAD_ACTOR), input=mappings(ACTOR_FIELDS_GQL)),
    call(
        UPDATE_RELATIONSHIP,
        id=either(RELATIONSHIP_ID, BAD_KEYS),
        input=mappings(RELATIONSHIP_FIELDS_GQL),
    ),
    call(
        DELETE_ACTOR,
        key=either(ACTOR, BAD_ACTOR),
        cascade=either(st.booleans(), st.sampled_from(["true", 1, "yes"])),
    ),
    call(REMOVE, id=either(RELATIONSHIP_ID, BAD_KEYS)),
    call(ADD_SOURCE, input=mappings(SOURCE_FIELDS_GQL, frozenset({"id", "publisher"}))),
)
EVIDENCE = [{"source": "nbc-2016-08-16", "quote": "striking extremists in Syria"}]
ACCEPTED: list[Call] = [  # every mutation once, each accepted: an explicit example
    (
        ADD,
        {"input": {"relation": "OPPOSES", "source": "us", "target": "isis", "evidence": EVIDENCE}},
    ),
    (CREATE, {"input": {"key": "hezbollah", "name": "Hezbollah", "kind": "ARMED_GROUP"}}),
    (UPDATE_ACTOR, {"key": "hezbollah", "input": {"aliases": ["Hizbullah"], "iso3": None}}),
    (UPDATE_RELATIONSHIP, {"id": "Relationship:putin-leads-russia", "input": {"confidence": 0.5}}),
    (DELETE_ACTOR, {"key": "nusra", "cascade": True}),
    (REMOVE, {"id": "iran-hosts-russia-2016-08-16"}),
    (ADD_SOURCE, {"input": {"id": "reuters", "publisher": "Reuters", "published": "2016-08-17"}}),
]


@pytest.fixture(scope="module")
def seeded(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A seeded SQLite file that each example copies, so every example starts the same."""
    path = tmp_path_factory.mktemp("seeded") / "g.sqlite3"
    open_editor(path).close()
    return path


@contextmanager
def fresh_app(seeded: Path) -> Iterator[tuple[TestClient, Editor, Path]]:
    with tempfile.TemporaryDirectory() as tmp:
        path = Path(tmp) / "g.sqlite3"
        shutil.copyfile(seeded, path)
        with writable_app(path) as (client, editor):
            yield client, editor, path


def post(client: TestClient, query: str, variables: Mapping[str, object]) -> tuple[int, Any]:
    # Encoded here, not by the client: NaN and Infinity must reach the server as they are.
    body = json.dumps({"query": query, "variables": variables})
    response = client.post(
        "/graphql", content=body, headers={**ANN, "content-type": "application/json"}
    )
    try:
        return response.status_code, response.json()
    except ValueError:
        return response.status_code, response.text


def in_memory(editor: Editor) -> str:
    """The editor's graph in the form of ``stored_rows``, to compare memory with disk."""
    return json.dumps(dump_dataset(editor.export_dataset()), sort_keys=True)


@settings(BOUNDED, max_examples=100)
@example(calls=ACCEPTED)
@given(calls=st.lists(MUTATIONS, min_size=1, max_size=3))
def test_random_mutations_never_fail_inside_and_refusals_change_nothing(
    seeded: Path, calls: list[Call]
) -> None:
    with fresh_app(seeded) as (client, editor, path):
        for query, variables in calls:
            version, rows = stored_rows(path)
            status, body = post(client, query, variables)
            note(f"{status} {body}")
            assert status < 500
            errors = (body.get("errors") or []) if isinstance(body, dict) else []
            codes = [error.get("extensions", {}).get("code") for error in errors]
            assert "INTERNAL_SERVER_ERROR" not in codes, body
            assert None not in codes, body
            if status != 200 or errors:
                event(f"refused: {status} {','.join(sorted(set(codes)))}")
                assert stored_rows(path) == (version, rows), "a refused mutation changed the file"
                assert editor.graph.version == version
            else:
                event("accepted")
                assert stored_rows(path)[0] == editor.graph.version == version + 1
            assert in_memory(editor) == stored_rows(path)[1], "memory and disk disagree"


def test_lone_surrogate_in_a_name_is_refused_or_stored(seeded: Path) -> None:
    with fresh_app(seeded) as (client, editor, path):
        stored = stored_rows(path)
        query = "mutation($input: ActorInput!) { createActor(input: $input) { name } }"
        actor = {"key": "zz", "name": "Z\ud800", "kind": "STATE"}
        status, body = post(client, query, {"input": actor})
        assert status == 200
        if "errors" in body:
            [error] = body["errors"]
            assert error["extensions"]["code"] != "INTERNAL_SERVER_ERROR", body
            assert stored_rows(path) == stored
        else:
            assert stored_rows(path)[0] == stored[0] + 1
            assert editor.graph.actor("zz") is not None


def test_imported_lone_surrogate_is_refused_or_stored(tmp_path: Path) -> None:
    data, edited = tmp_path / "g.sqlite3", tmp_path / "edited.json"
    with redirect_stdout(io.StringIO()):
        main(["export", str(edited), "--data", str(data)])
    plain = json.loads(edited.read_text(encoding="utf-8"))
    plain["actors"][0]["name"] += "\ud800"
    edited.write_text(json.dumps(plain), encoding="utf-8")  # as the escape \ud800
    before = stored_rows(data)
    try:
        with redirect_stdout(io.StringIO()), redirect_stderr(io.StringIO()):
            done = main(["import", str(edited), "--data", str(data), "--author", "ann"])
    except SystemExit:
        assert stored_rows(data) == before
    else:
        assert done == 0
        assert stored_rows(data)[0] == before[0] + 1


# -- Known crashes of the seed validator: each a YAML file `alliance-graph validate` chokes on --

GOOD_YAML = """
sources: [{id: nbc, publisher: NBC News}]
actors: [{key: russia, name: Russia, kind: STATE}, {key: isis, name: ISIS, kind: ARMED_GROUP}]
relationships:
- {id: r1, relation: ATTACKS, source: russia, target: isis, confidence: CONFIDENCE,
   evidence: [{source: nbc, quote: airstrikes}]}
"""


def test_record_with_text_and_number_field_names_is_reported() -> None:
    data = yaml.safe_load("actors: [{key: x, name: X, kind: STATE, 1: one, zz: two}]")
    with pytest.raises(InvalidDataset) as caught:
        parse_dataset(data)
    found = caught.value.problems
    assert [p.field for p in found] == ["1", "zz"]
    assert all(p.message.startswith("unknown field") for p in found)


def test_number_field_name_is_reported_as_text() -> None:
    data = yaml.safe_load("actors: [{key: x, name: X, kind: STATE, 1: one}]\n2: []")
    with pytest.raises(InvalidDataset) as caught:
        parse_dataset(data)
    assert sorted(p.field for p in caught.value.problems) == ["1", "2"]


def test_confidence_beyond_float_range_is_reported() -> None:
    data = yaml.safe_load(GOOD_YAML.replace("CONFIDENCE", "1" + "0" * 400))
    with pytest.raises(InvalidDataset) as caught:
        parse_dataset(data)
    assert [p.field for p in caught.value.problems] == ["confidence"]
