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

from graph.ingest.arguments import can_act, can_undergo, listed_with, word_before
from graph.ingest.cues import Cue, find_cues, support_kinds_in
from graph.ingest.discovery import title_at
from graph.ingest.lexicon import word_set
from graph.ingest.mentions import Mention
from graph.ingest.records import Candidate
from graph.ingest.stance import Attribution
from graph.ingest.text import Token
from graph.model.rules import SUPPORT_RELATIONS
from graph.model.vocabulary import RELATIONS, ActorKind, Relation, SupportKind

__all__ = ["Finding", "findings"]

_PASSIVE = word_set("was were been being is are be get got gets")
_ADVERBS = word_set("also reportedly allegedly directly later then already first")
_NEGATIONS = word_set("not never no neither nor unable refused denied deny denies")
_BLAME = re.compile(r"\b(?:were|was|are|is) (?:responsible|to blame|behind)\b", re.I)
_OWN_FORCES = frozenset({ActorKind.STATE, ActorKind.STATE_BODY})
_GUESTS = frozenset(
    {ActorKind.STATE, ActorKind.STATE_BODY, ActorKind.ARMED_GROUP, ActorKind.ORGANIZATION}
)
_REACH_BEFORE, _REACH_AFTER = 15, 12
_NOUN_AFTER = word_set("the a an its this that their his her our")
_TOPIC = word_set("on of over about for to at in")
_CLAUSE = word_set(
    "although though while but whereas which who saying as because when after before"
)
_SPEECH = frozenset({"said", "saying", "says", "told"})


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
    def __init__(
        self, text: str, tokens: Sequence[Token], mentions: Sequence[Mention], said: Attribution
    ) -> None:
        self.text, self.tokens, self.said = text, tokens, said
        lo, hi = said.content
        self.mentions = [
            m
            for m in mentions
            if lo <= m.first and m.last <= hi and m.first not in said.claimant_mentions
        ]
        self.set_up: set[str] = set()  # organisations an earlier cue set up
        self.starts: dict[int, int] = {}
        self._qualifiers()
        span = text[tokens[0].start : tokens[-1].end]
        self.dashes = span.count(" —") + span.count(" –")
        self.bounds = [k for k in range(1, len(tokens)) if self._bound(k)]

    def _qualifiers(self) -> None:
        """Drop "Russian" of "Russian President Vladimir Putin": it tells whose president,
        and is no end of a relation; the person's mention is taken to start at it."""
        keep = []
        for i, m in enumerate(self.mentions):
            n = self.mentions[i + 1] if i + 1 < len(self.mentions) else None
            k = m.last + (m.last < len(self.tokens) and self.tokens[m.last].norm in {"his", "her"})
            size = title_at(self.tokens, k) if k < len(self.tokens) else 0
            if k < len(self.tokens) and self.tokens[k].norm == "counterpart":
                size = 1
            if (
                n is not None
                and n.candidate.kind is ActorKind.PERSON
                and size
                and k + size == n.first
            ):
                self.starts[n.first] = m.start
                continue
            if m.candidate.kind is ActorKind.PERSON and (t := max(0, m.first - 3)) < m.first:
                for j in range(t, m.first):
                    if title_at(self.tokens, j) + j == m.first:
                        self.starts.setdefault(m.first, self.tokens[j].start)
                        break
            keep.append(m)
        self.mentions = keep

    def _bound(self, k: int) -> bool:
        gap = self.text[self.tokens[k - 1].end : self.tokens[k].start]
        word = self.tokens[k].norm
        dash = (" —" in gap or " –" in gap) and self.dashes == 1  # a pair holds an aside
        return ";" in gap or dash or word in _SPEECH or ("," in gap and word in _CLAUSE)

    def group(self, m: Mention, keep: Callable[[Mention], bool]) -> list[Mention]:
        return [o for o in listed_with(self.text, self.mentions, m, self.starts) if keep(o)]

    def acting(self, first: int) -> list[Mention]:
        floor = max([b for b in self.bounds if b <= first], default=0)
        before = [
            m for m in self.mentions
            if floor <= m.first and m.last <= first and first - m.last <= _REACH_BEFORE
        ]  # fmt: skip
        able = [m for m in before if can_act(self.tokens, m, first)]
        if not able:
            return []
        if able[-1].key in self.set_up:  # the set-up body and those who set it up
            subject = self.group(able[0], lambda o: can_act(self.tokens, o, first))
            return [*subject, *(m for m in [able[-1]] if m not in subject)]
        return self.group(able[-1], lambda o: o.last <= first and can_act(self.tokens, o, first))

    def undergoing(self, last: int, by: bool = False, among: bool = False) -> list[Mention]:
        ceiling = min([b for b in self.bounds if b > last], default=len(self.tokens))
        after = [
            m for m in self.mentions
            if last <= m.first < ceiling and m.first - last <= _REACH_AFTER
        ]  # fmt: skip
        for m in after:
            if by and "by" not in {t.norm for t in self.tokens[last : m.first]}:
                continue
            j, word = word_before(self.tokens, m.first)
            if among and word in _TOPIC and j >= last:
                continue
            if by or can_undergo(self.tokens, m, last):
                return self.group(
                    m, lambda o: o.first >= last and (by or can_undergo(self.tokens, o, last))
                )
        return []

    def also(self, after: int) -> list[Mention]:
        """ ", and Iran with ground troops": another actor doing the same to the same."""
        return [
            m for m in self.mentions
            if after < m.first <= after + 8 and self.tokens[m.first - 1].norm == "and"
            and m.last < len(self.tokens) and self.tokens[m.last].norm == "with"
            and can_act(self.tokens, m)
        ]  # fmt: skip

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
        if any(t.norm in _NEGATIONS for t in tokens[max(lo, first - 6) : first]):
            continue
        single = " " not in match.group() and cue.arguments in {"verb", "among"}
        if single and first > 0 and tokens[first - 1].norm in _NOUN_AFTER:
            continue  # "the attack", "a deal": a noun, whose ends are not around it
        found.extend(_read(s, cue, match, first, last, owner))
    return found


def _read(
    s: _Sentence, cue: Cue, match: re.Match[str], first: int, last: int,
    owner: Callable[[Candidate], Candidate | None],
) -> list[Finding]:  # fmt: skip
    symmetric = RELATIONS[cue.relation].symmetric
    inferred = False
    if cue.arguments == "host":
        hosts = [m for m in s.undergoing(last)[:1] if m.candidate.kind is ActorKind.STATE]
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
        sources, targets = s.acting(first), s.undergoing(last, among=symmetric)
        if cue.organizations_only:
            targets = [m for m in targets if m.candidate.kind is ActorKind.ORGANIZATION]
            s.set_up.update(m.key for m in targets)
        claimant = s.said.claimant
        if not sources and not symmetric and targets and claimant is not None:
            acting = owner(claimant) or claimant
            if claimant.kind in _OWN_FORCES and acting.kind is ActorKind.STATE:
                sources, inferred = [_standing(acting, first)], True
        pairs = _pairs(sources, targets, symmetric)
        if targets and not symmetric:
            pairs += [(m, t) for m in s.also(targets[-1].last) for t in targets]
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


def _pairs(
    sources: list[Mention], targets: list[Mention], symmetric: bool
) -> list[tuple[Mention, Mention]]:
    if sources and targets:
        return [(a, b) for a in sources for b in targets]
    if symmetric:
        among = sources or targets
        return [(a, b) for i, a in enumerate(among) for b in among[i + 1 :]]
    return []
