"""How well proposals match relationships a person curated: precision, recall, verbatim quotes.

A proposal and a curated relationship match when their valences are equal and their ends
are the same actors: in the same order when both relations have a direction, in either order
when one of them is symmetric. Proposals and relationships are counted once per
(source, target, valence, direction) key, so a tie reported in three sentences counts once.

Examples
--------
>>> from graph.model.vocabulary import Relation
>>> truth = [(Relation.ATTACKS, "russia", "isis"), (Relation.MEETS, "putin", "rouhani")]
>>> got = [(Relation.OPPOSES, "russia", "isis"), (Relation.MEETS, "rouhani", "putin"),
...        (Relation.ATTACKS, "isis", "russia")]
>>> s = score(got, truth)
>>> s.matched, s.proposed, s.expected, s.precision, s.recall
(2, 3, 2, 0.667, 1.0)
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass

from graph.ingest.records import Proposals
from graph.model.vocabulary import RELATIONS, Relation, Valence

__all__ = ["Score", "Triple", "key_of", "score", "triples", "verbatim_share"]

Triple = tuple[Relation, str, str]
"""A relation and its two ends, as a proposal or a curated relationship gives them."""
_Key = tuple[str, str, Valence, bool]


@dataclass(frozen=True, slots=True)
class Score:
    """What matched, out of what was proposed and what was expected."""

    matched: int
    """Expected relationships some proposal matches."""
    proposed: int
    expected: int
    precision: float
    recall: float
    correct: int = 0
    """Proposals that match some expected relationship."""
    missed: tuple[_Key, ...] = ()
    wrong: tuple[_Key, ...] = ()


def key_of(triple: Triple) -> _Key:
    """``(source, target, valence, directed)``; a symmetric relation's ends sorted."""
    relation, a, b = triple
    directed = not RELATIONS[relation].symmetric
    if not directed:
        a, b = sorted((a, b))
    return a, b, RELATIONS[relation].valence, directed


def _matches(p: _Key, t: _Key) -> bool:
    if p[2] is not t[2]:
        return False
    if p[3] and t[3]:
        return p[:2] == t[:2]
    return sorted(p[:2]) == sorted(t[:2])


def score(proposed: Iterable[Triple], expected: Iterable[Triple]) -> Score:
    """Precision and recall of ``proposed`` against ``expected`` (rounded to 3 places)."""
    got, truth = {key_of(t) for t in proposed}, {key_of(t) for t in expected}
    right = {p for p in got if any(_matches(p, t) for t in truth)}
    found = {t for t in truth if any(_matches(p, t) for p in got)}
    precision = len(right) / len(got) if got else 1.0
    recall = len(found) / len(truth) if truth else 1.0
    return Score(
        len(found), len(got), len(truth), round(precision, 3), round(recall, 3), len(right),
        tuple(sorted(truth - found, key=str)), tuple(sorted(got - right, key=str)),
    )  # fmt: skip


def triples(batch: Proposals) -> list[Triple]:
    """The relation and ends of each proposal of ``batch``."""
    return [(p.relation, p.source.key, p.target.key) for p in batch.proposals]


def verbatim_share(batch: Proposals, text: str) -> float:
    """The share of quotes that are exactly the text at their offsets (1.0 with none)."""
    quotes = batch.proposals
    if not quotes:
        return 1.0
    return sum(
        text[p.quote_start : p.quote_end] == p.quote and p.quote in text for p in quotes
    ) / len(quotes)
