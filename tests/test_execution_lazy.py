"""A relationship's evidence is made for the answers that ask for it, and only for them."""

from __future__ import annotations

from graph import load_seed
from schema.types.relationship import Relationship
from schema.types.source import Evidence
from schema.types.views import Views

RID = "russia-attacks-isis-2016-08-16"


def test_evidence_is_made_when_first_read_and_then_kept() -> None:
    graph = load_seed()
    record = graph.relationship(RID)
    assert record is not None
    views = Views(graph)

    view = Relationship.from_domain(record, views)
    assert "evidence" not in vars(view)  # a neighbourhood's keys and ends never make it

    made = view.evidence
    assert [(e.quote, e.source.key) for e in made] == [(e.quote, e.source) for e in record.evidence]
    assert made[0].source is views.source(record.evidence[0].source)
    assert view.evidence is made  # kept: read twice, made once


def test_evidence_given_to_the_constructor_is_kept_as_given() -> None:
    graph = load_seed()
    record = graph.relationship(RID)
    assert record is not None
    views = Views(graph)
    own = [Evidence(quote="as given", source=views.source(record.evidence[0].source))]
    made = Relationship.from_domain(record, views)
    fields = {name: getattr(made, name) for name in vars(made) if name != "evidence"}

    view = Relationship(**fields, evidence=own)

    assert view.evidence is own
