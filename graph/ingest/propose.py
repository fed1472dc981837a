"""``propose``: an article's text in, proposed relationships out, for a person to review.

How a proposal is made, sentence by sentence (each step has its own module):

1. the article is cut into sentences (:mod:`~graph.ingest.text`), and the names of actors the
   graph does not hold are gathered over the whole of it (:mod:`~graph.ingest.discovery`);
2. each sentence's actors are found by name, alias, demonym or capital
   (:mod:`~graph.ingest.names`), its stance and claimant read (:mod:`~graph.ingest.stance`);
3. relations come from the cues of :mod:`~graph.ingest.cues` with their ends around them
   (:mod:`~graph.ingest.events`), and from how actors are named (titles, owners, seats:
   :mod:`~graph.ingest.structure`); of several cues relating the same two actors in one
   sentence, the strongest is kept;
4. the date nearest the cue is resolved against the publication date (:mod:`~graph.ingest.dates`);
5. the quote is the sentence, exactly as written in the text.

The confidence starts at the cue's strength (0.5 for "welcomed" to 0.9 for a title), then
loses 0.05 when the sentence is CLAIMED, 0.3 when it is UNCERTAIN, 0.1 for each end that is a
new candidate, 0.15 when an end was inferred from the claimant, and 0.02 for each word past
the sixth between the cue and its farther end (at most 0.2); it stays between 0.05 and 0.99.

Examples
--------
>>> import datetime as dt
>>> from graph import Source, load_seed
>>> text = "Turkish jets shot down a Russian warplane on Tuesday, Ankara said."
>>> batch = propose(text, Source("wire", "Wire"), load_seed(), published=dt.date(2015, 11, 26))
>>> p = batch.proposals[0]
>>> p.source.key, p.relation.value, p.target.key, p.stance.value, p.claimed_by.key, str(p.date)
('turkey', 'ATTACKS', 'russia', 'CLAIMED', 'turkey', '2015-11-24')
>>> p.cue, p.confidence, text[p.quote_start : p.quote_end] == p.quote, batch.new_actors[0].key
('shot down', 0.7, True, 'turkey')
"""

from __future__ import annotations

import datetime as dt

from graph.ingest.dates import dates_in, nearest
from graph.ingest.discovery import discover
from graph.ingest.events import Finding, findings
from graph.ingest.mentions import mentions_in
from graph.ingest.names import Gazetteer
from graph.ingest.records import MAX_TEXT_CHARS, Candidate, Proposal, Proposals, fingerprint
from graph.ingest.stance import Attribution, attribution
from graph.ingest.structure import described, owner_of
from graph.ingest.text import sentence_spans, tokenize
from graph.model.errors import InvalidInput
from graph.model.records import Source
from graph.model.rules import source_problems, text_problem
from graph.model.vocabulary import DatePrecision, Stance
from graph.store.alliance_graph import AllianceGraph

__all__ = ["check_text", "confidence", "propose"]


def check_text(text: object) -> str:
    """``text`` when it is an article the extractor reads; :class:`InvalidInput` naming the
    problem otherwise (not text, empty, over :data:`MAX_TEXT_CHARS`, not valid Unicode).

    >>> check_text("  ")
    Traceback (most recent call last):
    ...
    graph.model.errors.InvalidInput: the article text is empty
    """
    if not isinstance(text, str):
        raise InvalidInput(
            f"the article text must be a string, got {type(text).__name__}", field="text"
        )
    if not text.strip():
        raise InvalidInput("the article text is empty", field="text")
    if len(text) > MAX_TEXT_CHARS:
        raise InvalidInput(
            f"the article text has {len(text):,} characters; at most {MAX_TEXT_CHARS:,} are read",
            field="text",
        )
    if (problem := text_problem(text)) is not None:
        raise InvalidInput(f"the article text {problem}", field="text")
    return text


def confidence(finding: Finding, stance: Stance) -> float:
    """How much to trust a proposal; the module docstring says how it is made."""
    score = finding.strength
    score -= {Stance.REPORTED: 0.0, Stance.CLAIMED: 0.05, Stance.UNCERTAIN: 0.3}[stance]
    score -= 0.1 * sum(not end.existing for end in (finding.source, finding.target))
    score -= 0.15 if finding.inferred else 0.0
    score -= min(0.2, 0.02 * max(0, finding.spread - 6))
    return round(min(0.99, max(0.05, score)), 2)


def _strongest(found: list[Finding]) -> list[Finding]:
    """Of the cues that relate the same two actors, the strongest (the first of equals)."""
    best: dict[frozenset[str], Finding] = {}
    for f in found:
        pair = frozenset((f.source.key, f.target.key))
        if pair not in best or f.strength > best[pair].strength:
            best[pair] = f
    return [f for f in found if best[frozenset((f.source.key, f.target.key))] is f]


def propose(
    text: str, source: Source, graph: AllianceGraph, *, published: dt.date | None = None
) -> Proposals:
    """Relationships ``text`` reports, proposed against the actors of ``graph``.

    Parameters
    ----------
    text : str
        The article, as published; at most :data:`~graph.ingest.records.MAX_TEXT_CHARS`.
    source : Source
        Its source record; every quote is evidence from ``source.id``.
    graph : AllianceGraph
        Whose actors are recognised by their names and aliases; it is not changed.
    published : date, optional
        Resolves relative dates; ``source.published`` when not given. Without either,
        proposals are undated unless the text gives a full date.

    Returns
    -------
    Proposals
        The proposals in text order and the new actors they name.

    Raises
    ------
    InvalidInput
        For empty text, text over the limit or not valid Unicode, or a bad source record.
    """
    check_text(text)
    for problem in source_problems(source):
        raise InvalidInput(f"source {problem.field}: {problem}", field=f"source.{problem.field}")
    day = published or source.published
    names = Gazetteer.from_graph(graph)
    spans = sentence_spans(text)
    discover(text, spans, names)
    proposals: dict[str, Proposal] = {}
    previous: Candidate | None = None
    for start, end in spans:
        tokens = tokenize(text, start, end)
        if not tokens:
            continue
        mentions = mentions_in(text, tokens, names)
        said = attribution(text, tokens, mentions, previous)
        events = _strongest(findings(text, tokens, mentions, said, lambda c: owner_of(c, names)))
        dates = dates_in(text, day, start, end) if day is not None else []
        for f in [*described(text, tokens, mentions, names), *events]:
            p = _proposal(f, said, source, text[start:end], start, nearest(dates, f.cue_start, day))
            proposals.setdefault(p.id, p)
        if said.claimant is not None:
            previous = said.claimant
    ordered = sorted(proposals.values(), key=lambda p: p.quote_start)
    return Proposals(source, tuple(ordered), _new_actors(ordered))


def _proposal(
    f: Finding,
    said: Attribution,
    source: Source,
    quote: str,
    at: int,
    when: tuple[dt.date | None, DatePrecision | None],
) -> Proposal:  # fmt: skip
    stance = Stance.REPORTED if f.described else said.stance
    claimed_by = None if f.described else said.claimant
    date, precision = when
    return Proposal(
        id=fingerprint(source.id, f.relation, (f.source.key, f.target.key), quote, f.cue),
        relation=f.relation,
        source=f.source,
        target=f.target,
        quote=quote,
        quote_start=at,
        quote_end=at + len(quote),
        cue=f.cue,
        confidence=confidence(f, stance),
        stance=stance,
        claimed_by=claimed_by,
        date=date,
        date_precision=precision,
        support_kinds=f.support_kinds,
    )


def _new_actors(proposals: list[Proposal]) -> tuple[Candidate, ...]:
    seen: dict[str, Candidate] = {}
    for p in proposals:
        for cand in (p.source, p.target, p.claimed_by):
            if cand is not None and not cand.existing:
                seen.setdefault(cand.key, cand)
    return tuple(seen.values())
