"""What ``propose`` reads from a sentence: actors, relations and their direction, stance,
claimant, dates, new candidates, stable ids, and the errors bad input gets."""

from __future__ import annotations

import datetime as dt

import pytest

from graph import InvalidInput, Relation, Source, Stance, load_seed
from graph.ingest import MAX_TEXT_CHARS, Proposals, propose
from graph.model.vocabulary import ActorKind, DatePrecision, SupportKind

SOURCE = Source("wire-1", "Test Wire")
TUESDAY = dt.date(2016, 8, 16)


def _propose(text: str, published: dt.date | None = TUESDAY) -> Proposals:
    return propose(text, SOURCE, load_seed(), published=published)


def _ties(batch: Proposals) -> set[tuple[str, str, str]]:
    return {(p.source.key, p.relation.value, p.target.key) for p in batch.proposals}


def test_demonyms_capitals_and_possessives_name_the_graphs_actors() -> None:
    batch = _propose(
        "Iranian troops attacked ISIS. Tehran’s ally Moscow condemned the Syrian government."
    )
    assert ("iran", "ATTACKS", "isis") in _ties(batch)
    assert ("russia", "OPPOSES", "syria") in _ties(batch)
    assert batch.new_actors == ()


def test_a_short_capital_alias_is_not_read_in_lower_case() -> None:
    batch = _propose("Russia said the deal would allow us to fight ISIS.")
    assert all("us" not in (p.source.key, p.target.key) for p in batch.proposals)


def test_a_speaker_makes_the_sentence_a_claim_with_its_claimant() -> None:
    batch = _propose("Russian bombers struck ISIS in Aleppo, the Russian Defense Ministry said.")
    (p,) = [p for p in batch.proposals if p.relation is Relation.ATTACKS]
    assert (p.source.key, p.target.key, p.stance) == ("russia", "isis", Stance.CLAIMED)
    assert p.claimed_by is not None
    assert p.claimed_by.key == "russia-defense-ministry"


def test_one_quoted_as_saying_is_the_claimant_not_the_agency() -> None:
    text = "IRNA quoted Ali Shamkhani as saying that Tehran and Moscow will share bases."
    (p,) = [p for p in _propose(text).proposals if p.relation is Relation.COOPERATES_WITH]
    assert {p.source.key, p.target.key} == {"iran", "russia"}
    assert p.claimed_by is not None
    assert p.claimed_by.key == "shamkhani"


def test_according_to_names_the_claimant_and_the_claimant_is_no_end() -> None:
    batch = _propose("Syrian jets bombed ISIS on Monday, according to the Associated Press.")
    assert _ties(batch) == {("syria", "ATTACKS", "isis")}
    assert batch.proposals[0].claimed_by is not None
    assert batch.proposals[0].claimed_by.key == "ap"


@pytest.mark.parametrize(
    "hedge",
    ["it was not clear if Russian planes were responsible", "Russian planes reportedly struck ISIS",
     "Russian planes allegedly struck ISIS", "unconfirmed reports say Russian planes struck ISIS"],
)  # fmt: skip
def test_a_hedge_makes_the_sentence_uncertain(hedge: str) -> None:
    batch = _propose(f"Civilians of Aleppo were killed in airstrikes, and {hedge}.")
    assert batch.proposals
    assert {p.stance for p in batch.proposals} == {Stance.UNCERTAIN}


def test_the_outlets_own_voice_is_reported() -> None:
    (p,) = _propose("Russia bombed ISIS.").proposals
    assert (p.stance, p.claimed_by) == (Stance.REPORTED, None)


@pytest.mark.parametrize(
    ("words", "day", "precision"),
    [
        ("on Tuesday", dt.date(2016, 8, 16), DatePrecision.DAY),
        ("on Sunday", dt.date(2016, 8, 14), DatePrecision.DAY),
        ("yesterday", dt.date(2016, 8, 15), DatePrecision.DAY),
        ("a day earlier", dt.date(2016, 8, 15), DatePrecision.DAY),
        ("last week", dt.date(2016, 8, 8), DatePrecision.WEEK),
        ("last month", dt.date(2016, 7, 1), DatePrecision.MONTH),
        ("on August 3", dt.date(2016, 8, 3), DatePrecision.DAY),
        ("on 3 Aug. 2015", dt.date(2015, 8, 3), DatePrecision.DAY),
        ("in March", dt.date(2016, 3, 1), DatePrecision.MONTH),
        ("", dt.date(2016, 8, 16), DatePrecision.DAY),
    ],
)
def test_dates_resolve_against_the_publication_date(
    words: str, day: dt.date, precision: DatePrecision
) -> None:
    (p,) = _propose(f"Putin met Rouhani {words}.").proposals
    assert (p.date, p.date_precision) == (day, precision)


def test_without_a_publication_date_relative_dates_stay_unknown() -> None:
    (p,) = _propose("Putin met Rouhani last week.", published=None).proposals
    assert (p.date, p.date_precision) == (None, None)


def test_passive_voice_puts_the_agent_first() -> None:
    assert _ties(_propose("ISIS was bombed by Russia and Iran.")) == {
        ("russia", "ATTACKS", "isis"), ("iran", "ATTACKS", "isis"),
    }  # fmt: skip
    assert _ties(_propose("Russia bombed ISIS.")) == {("russia", "ATTACKS", "isis")}


def test_a_negated_cue_proposes_nothing() -> None:
    assert _propose("Russia did not bomb ISIS, and Putin never met Rouhani.").proposals == ()


def test_support_kinds_come_from_the_clause() -> None:
    (p,) = _propose("Russia supports Assad with airstrikes and weapons.").proposals
    assert p.support_kinds == (SupportKind.AIR_POWER, SupportKind.WEAPONS)


def test_titles_and_owners_give_leads_and_part_of() -> None:
    ties = _ties(
        _propose(
            "Iran’s Supreme National Security Council backed Russian President Vladimir Putin."
        )
    )
    assert ("putin", "LEADS", "russia") in ties
    assert ("iran-supreme-national-security-council", "PART_OF", "iran") in ties


def test_names_the_graph_lacks_become_new_candidates_with_a_kind() -> None:
    text = (
        "Turkish President Recep Tayyip Erdogan condemned Hezbollah fighters, and the Free "
        "Syrian Army accused Lebanon of backing them. Erdogan met Sergei Lavrov."
    )
    batch = _propose(text)
    kinds = {c.key: c.kind for c in batch.new_actors}
    assert kinds["turkey"] is ActorKind.STATE
    assert kinds["recep-tayyip-erdogan"] is ActorKind.PERSON
    assert kinds["hezbollah"] is ActorKind.ARMED_GROUP
    assert kinds["free-syrian-army"] is ActorKind.ARMED_GROUP
    assert all(not c.existing for c in batch.new_actors)
    assert ("recep-tayyip-erdogan", "LEADS", "turkey") in _ties(batch)
    assert ("recep-tayyip-erdogan", "MEETS", "sergei-lavrov") in _ties(batch)


def test_the_same_article_gives_the_same_proposal_ids() -> None:
    text = "Russian bombers struck ISIS on Tuesday. Putin met Rouhani last week."
    first, again = _propose(text), _propose(text)
    assert [p.id for p in first.proposals] == [p.id for p in again.proposals]
    assert len({p.id for p in first.proposals}) == len(first.proposals)


def test_proposing_does_not_change_the_graph() -> None:
    graph = load_seed()
    before = (graph.version, len(graph), len(graph.actors()))
    propose("Turkey shot down a Russian jet.", SOURCE, graph, published=TUESDAY)
    assert (graph.version, len(graph), len(graph.actors())) == before


@pytest.mark.parametrize(
    ("text", "message"),
    [
        ("", "the article text is empty"),
        ("   \n\t", "the article text is empty"),
        ("x" * (MAX_TEXT_CHARS + 1), f"at most {MAX_TEXT_CHARS:,} are read"),
        ("Iran" + chr(0xD800), "lone surrogate"),
    ],
)
def test_bad_text_is_invalid_input_naming_the_problem(text: str, message: str) -> None:
    with pytest.raises(InvalidInput, match=message) as caught:
        _propose(text)
    assert caught.value.field == "text"
    assert caught.value.code == "INVALID_INPUT"


def test_a_bad_source_record_is_invalid_input() -> None:
    with pytest.raises(InvalidInput, match="slug") as caught:
        propose("Russia bombed ISIS.", Source("Not A Slug", "Wire"), load_seed())
    assert caught.value.field == "source.id"


def test_text_at_the_size_limit_is_read() -> None:
    sentence = "Russia bombed ISIS."
    text = sentence + " " * (MAX_TEXT_CHARS - len(sentence))
    assert _ties(_propose(text)) == {("russia", "ATTACKS", "isis")}
