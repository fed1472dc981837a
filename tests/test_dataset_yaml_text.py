"""Datasets written as YAML keep their text as it is: UTF-8, no ``\\u`` escapes, and read back
identically, by ``alliance-graph export`` and by :func:`graph.dataset.files.yaml_text`."""

from __future__ import annotations

from pathlib import Path

from hypothesis import given, settings
from hypothesis import strategies as st

from graph import dump_dataset, load_dataset, parse_dataset, seed_path
from graph.dataset.files import decode_dataset, yaml_text
from schema.cli import main


def test_export_to_yaml_keeps_the_seeds_apostrophes_as_they_are(tmp_path: Path) -> None:
    out = tmp_path / "out.yaml"
    assert main(["export", str(out)]) == 0
    text = out.read_text(encoding="utf-8")
    assert "Iran’s" in text
    assert "\\u2019" not in text
    assert "\\u" not in text
    assert "\\x" not in text
    exported, seed = load_dataset(out), load_dataset(seed_path())
    # The export lists records in key order; the records themselves read back identically.
    assert {s.id: s for s in exported.sources} == {s.id: s for s in seed.sources}
    assert {a.key: a for a in exported.actors} == {a.key: a for a in seed.actors}
    assert {r.id: r for r in exported.relationships} == {r.id: r for r in seed.relationships}


def test_a_yaml_export_exported_again_is_the_same_text(tmp_path: Path) -> None:
    first, second, data = tmp_path / "a.yaml", tmp_path / "b.yaml", tmp_path / "g.sqlite3"
    assert main(["export", str(first)]) == 0
    assert main(["import", str(first), "--data", str(data)]) == 0
    assert main(["export", str(second), "--data", str(data)]) == 0
    assert second.read_text(encoding="utf-8") == first.read_text(encoding="utf-8")


def test_the_seed_dumped_as_yaml_parses_back_to_the_same_dataset() -> None:
    seed = load_dataset(seed_path())
    text = yaml_text(dump_dataset(seed))
    assert parse_dataset(decode_dataset(Path("seed.yaml"), text.encode("utf-8"))) == seed


# Any text a record may hold: every code point but the surrogates, which are no Unicode text.
TEXT = st.text(st.characters(exclude_categories=["Cs"]), max_size=40)


@settings(max_examples=300, deadline=None)
@given(TEXT)
def test_any_text_reads_back_from_yaml_identically(quote: str) -> None:
    data = {"relationships": [{"id": "r1", "evidence": [{"source": "s", "quote": quote}]}]}
    text = yaml_text(data)
    assert decode_dataset(Path("d.yaml"), text.encode("utf-8")) == data


def test_line_breaks_yaml_would_fold_are_escaped_and_everything_else_is_raw() -> None:
    text = yaml_text({"a": "Ḥamadān – Iran’s", "b": "one\u2028two\x85three\u2029"})
    assert text == 'a: Ḥamadān – Iran’s\nb: "one\\Ltwo\\Nthree\\P"\n'
