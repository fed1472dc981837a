"""Relations reported by a sentence's cues, with their ends found around each cue.

For each cue of :mod:`graph.ingest.cues` in the words that report (not the attribution):

- the acting end is the nearest actor before the cue that can act (not "in Iran"), with those
  listed with it ("Russia, Iran, Iraq and Syria"); when that actor is the organisation an
  earlier cue of the sentence set up ("set up a joint center … coordinating the campaign
  against ISIS"), the sentence's subject acts instead. With none, a state or state body that
  claims the sentence acts (its state): "Russia’s defense ministry said bombers took off on
  raids targeting ISIS" is Russia attacking ISIS;
- the end acted on is the first actor after the cue, within twelve words, not after a place
  preposition, with those listed with it;
- after *was*, *were*, *been* …, the cue is passive: the actor before it is acted on, and the
  actor after *by* acts, or, with none, the one the sentence holds "responsible";
- a negation just before the cue ("not", "never", "unable to") drops it.

Examples
--------
>>> from graph import load_seed
>>> from graph.ingest.mentions import mentions_in
>>> from graph.ingest.names import Gazetteer
>>> from graph.ingest.stance import attribution
>>> from graph.ingest.text import tokenize
>>> names = Gazetteer.from_graph(load_seed())
>>> text = "Iraq was bombed by Russia and Iran; Syria never met ISIS."
>>> tokens = tokenize(text)
>>> found = mentions_in(text, tokens, names)
>>> said = attribution(text, tokens, found, None)
>>> [(f.relation.value, f.source.key, f.target.key) for f in findings(text, tokens, found, said)]
[('ATTACKS', 'russia', 'iraq'), ('ATTACKS', 'iran', 'iraq')]
"""

from __future__ import annotations

import re
from collections.abc import Callable, Sequence
from dataclasses import dataclass

from graph.ingest.arguments import can_act, can_undergo, listed_with
from graph.ingest.cues import Cue, find_cues, support_kinds_in
from graph.ingest.mentions import Mention
from graph.ingest.records import Candidate
from graph.ingest.stance import Attribution
from graph.ingest.text import Token
from graph.model.rules import SUPPORT_RELATIONS
from graph.model.vocabulary import RELATIONS, ActorKind, Relation, SupportKind

__all__ = ["Finding", "findings"]

_PASSIVE = frozenset("was were been being is are be get got gets".split())
_ADVERBS = frozenset("also reportedly allegedly directly later then already first".split())
_NEGATIONS = frozenset("not never no neither nor unable refused denied deny denies".split())
_BLAME = re.compile(r"\b(?:were|was|are|is) (?:responsible|to blame|behind)\b", re.I)
_GUESTS = frozenset({ActorKind.STATE, ActorKind.STATE_BODY, ActorKind.ARMED_GROUP, ActorKind.ORGANIZATION})
_REACH_BEFORE, _REACH_AFTER = 15, 12


@dataclass(frozen=True, slots=True)
class Finding:
    """A relation read from one sentence, before its stance, date and confidence are set."""

    relation: Relation
    source: Candidate
    target: Candidate
    cue: str
    cue_start: int
    strength: float
    support_kinds: tuple[SupportKind, ...] = ()
    inferred: bool = False
    """Whether an end was inferred (from the claimant) rather than read."""
    spread: int = 0
    """Words between the cue and its farther end."""
    described: bool = False
    """Whether it is how the text describes an actor ("Russian President Vladimir Putin"):
    the outlet's own words, REPORTED whoever speaks in the sentence."""


def _span(tokens: Sequence[Token], start: int, end: int) -> tuple[int, int]:
    first = next(i for i, t in enumerate(tokens) if t.end > start)
    last = max(i for i, t in enumerate(tokens) if t.start < end) + 1
    return first, last


def _passive(tokens: Sequence[Token], first: int) -> bool:
    j = first - 1
    while j >= 0 and tokens[j].norm in _ADVERBS:
        j -= 1
    return j >= 0 and tokens[j].norm in _PASSIVE


class _Sentence:
    def __init__(self, text: str, tokens: Sequence[Token], mentions: Sequence[Mention], said: Attribution) -> None:
        self.text, self.tokens, self.said = text, tokens, said
        lo, hi = said.content
        self.mentions = [
            m for m in mentions if lo <= m.first and m.last <= hi and m.first not in said.claimant_mentions
        ]
        self.set_up: set[str] = set()  # organisations an earlier cue set up

    def group(self, m: Mention, keep: Callable[[Mention], bool]) -> list[Mention]:
        return [o for o in listed_with(self.text, self.mentions, m) if keep(o)]

    def acting(self, first: int) -> list[Mention]:
        before = [m for m in self.mentions if m.last <= first and first - m.last <= _REACH_BEFORE]
        able = [m for m in before if can_act(self.tokens, m, first)]
        if not able:
            return []
        if able[-1].key in self.set_up:
            able = [m for m in able if m.key not in self.set_up] or able
            return self.group(able[0], lambda o: can_act(self.tokens, o, first) and o.key not in self.set_up)
        return self.group(able[-1], lambda o: o.last <= first and can_act(self.tokens, o, first))

    def undergoing(self, last: int, by: bool = False) -> list[Mention]:
        after = [m for m in self.mentions if m.first >= last and m.first - last <= _REACH_AFTER]
        for m in after:
            if by and "by" not in {t.norm for t in self.tokens[last : m.first]}:
                continue
            if by or can_undergo(self.tokens, m, last):
                return self.group(m, lambda o: o.first >= last and (by or can_undergo(self.tokens, o, last)))
        return []

    def blamed(self) -> list[Mention]:
        match = _BLAME.search(self.text, self.tokens[0].start, self.tokens[-1].end)
        if match is None:
            return []
        before = [m for m in self.mentions if m.end <= match.start()]
        return self.group(before[-1], lambda o: o.end <= match.start()) if before else []


def findings(
    text: str,
    tokens: Sequence[Token],
    mentions: Sequence[Mention],
    said: Attribution,
    owner: Callable[[Candidate], Candidate | None] = lambda c: None,
) -> list[Finding]:
    """The relations the cues of one sentence report; ``owner`` gives the state of a state
    body, for a claimant that acts through its forces."""
    if not tokens:
        return []
    s = _Sentence(text, tokens, mentions, said)
    lo, hi = said.content
    if lo >= hi:
        return []
    found: list[Finding] = []
    for cue, match in find_cues(text, tokens[lo].start, tokens[hi - 1].end):
        first, last = _span(tokens, *match.span())
        if any(t.norm in _NEGATIONS for t in tokens[max(lo, first - 4) : first]):
            continue
        found.extend(_read(s, cue, match, first, last, owner))
    return found


def _read(
    s: _Sentence, cue: Cue, match: re.Match[str], first: int, last: int,
    owner: Callable[[Candidate], Candidate | None],
) -> list[Finding]:  # fmt: skip
    symmetric = RELATIONS[cue.relation].symmetric
    inferred = False
    if cue.arguments == "host":
        hosts = s.undergoing(last)[:1]
        guests = [m for m in s.acting(first) if m.candidate.kind in _GUESTS]
        pairs = [(h, g) for h in hosts for g in guests]
    elif cue.arguments == "adjacent":
        before = [m for m in s.mentions if m.last <= first and first - m.last <= 2]
        after = [m for m in s.mentions if m.first >= last and m.first - last <= 1]
        pairs = [(after[0], before[-1])] if before and after else []
    elif _passive(s.tokens, first):
        sources = s.undergoing(last, by=True) or s.blamed()
        targets = s.acting(first)
        pairs = _pairs(sources, targets, symmetric)
    else:
        sources, targets = s.acting(first), s.undergoing(last)
        if cue.organizations_only:
            targets = [m for m in targets if m.candidate.kind is ActorKind.ORGANIZATION]
            s.set_up.update(m.key for m in targets)
        if not sources and not symmetric and targets and s.said.claimant is not None:
            acting = owner(s.said.claimant) or s.said.claimant
            if acting.kind is ActorKind.STATE:
                sources, inferred = [_standing(acting, first)], True
        pairs = _pairs(sources, targets, symmetric)
    kinds = support_kinds_in(s.text[s.tokens[first].start : s.tokens[-1].end])
    if cue.support_kinds:
        kinds = cue.support_kinds
    return [
        Finding(
            cue.relation,
            a.candidate,
            b.candidate,
            match.group(),
            match.start(),
            cue.strength,
            kinds if cue.relation in SUPPORT_RELATIONS else (),
            inferred,
            max(abs(m.first - first) for m in (a, b)),
        )
        for a, b in pairs
        if a.key != b.key
    ]


def _standing(cand: Candidate, at: int) -> Mention:
    return Mention(at, at, 0, 0, cand, "claimant")


def _pairs(sources: list[Mention], targets: list[Mention], symmetric: bool) -> list[tuple[Mention, Mention]]:
    if sources and targets:
        return [(a, b) for a in sources for b in targets]
    if symmetric:
        among = sources or targets
        return [(a, b) for i, a in enumerate(among) for b in among[i + 1 :]]
    return []
