"""Relations a sentence states by how it names its actors rather than by a verb.

- a title: "Russian President Vladimir Putin" (Putin LEADS Russia), "Foreign Minister
  Sergei Lavrov" (MEMBER_OF), "Hezbollah leader Hassan Nasrallah"; "his Iranian
  counterpart Hassan Rouhani" takes the title of the person before. A head's title with no
  state named ("President Bashar Assad") leads the state of the person's CAMEO code, when the
  graph gives one;
- an apposition: "Ali Shamkhani, the secretary of Iran’s Supreme National Security Council",
  "Bashar Jaafari, Damascus’s chief negotiator";
- an owner: "Iran’s Supreme National Security Council", "Russian Defense Ministry", "Iran’s
  state-run news agency" are PART_OF their state;
- a seat: "a joint center in Baghdad": Iraq HOSTS it (TERRITORY_ACCESS);
- a role by possessive: "Russia, Syria’s closest ally" (ALLIED_WITH), "Iran, Hezbollah’s
  main sponsor" (SUPPORTS);
- a compound: "U.S.-backed rebels" (SUPPORTS), "Saudi-led coalition" (LEADS).

Examples
--------
>>> from graph import load_seed
>>> from graph.ingest.mentions import mentions_in
>>> from graph.ingest.names import Gazetteer
>>> from graph.ingest.text import tokenize
>>> names = Gazetteer.from_graph(load_seed())
>>> text = "Russian President Vladimir Putin met his Iranian counterpart Hassan Rouhani."
>>> tokens = tokenize(text)
>>> [(f.source.key, f.relation.value, f.target.key, f.cue)
...  for f in described(text, tokens, mentions_in(text, tokens, names), names)]
[('putin', 'LEADS', 'russia', 'President'), ('rouhani', 'LEADS', 'iran', 'counterpart')]
"""

from __future__ import annotations

from collections.abc import Sequence

from graph.ingest.discovery import title_at
from graph.ingest.events import Finding
from graph.ingest.mentions import Mention
from graph.ingest.names import Gazetteer
from graph.ingest.records import Candidate
from graph.ingest.text import Token, tokenize
from graph.model.vocabulary import ActorKind, Relation, SupportKind

__all__ = ["HEADS", "described", "owner_of"]

HEADS = frozenset(
    {
        "president",
        "prime minister",
        "king",
        "emir",
        "supreme leader",
        "leader",
        "chief",
        "head",
        "chairman",
        "commander",
        "secretary-general",
        "crown prince",
        "founder",
    }
)
"""Titles whose holder LEADS what the title is of; any other makes them a MEMBER_OF it."""

_HOLDERS = frozenset(
    {ActorKind.STATE, ActorKind.STATE_BODY, ActorKind.ARMED_GROUP, ActorKind.ORGANIZATION}
)
_ROLES = {
    "ally": Relation.ALLIED_WITH, "allies": Relation.ALLIED_WITH, "partner": Relation.ALLIED_WITH,
    "sponsor": Relation.SUPPORTS, "backer": Relation.SUPPORTS, "patron": Relation.SUPPORTS,
    "supporter": Relation.SUPPORTS, "protector": Relation.SUPPORTS,
    "enemy": Relation.OPPOSES, "foe": Relation.OPPOSES, "rival": Relation.OPPOSES,
}  # fmt: skip
_COMPOUNDS = {"backed": Relation.SUPPORTS, "supported": Relation.SUPPORTS,
              "allied": Relation.ALLIED_WITH, "led": Relation.LEADS}  # fmt: skip


def owner_of(cand: Candidate, names: Gazetteer) -> Candidate | None:
    """The state of a body or person: from the first word of its name ("Russia’s defense
    ministry", "Iranian …"), else from its CAMEO code."""
    tokens = tokenize(cand.name)
    hit = names.match(tokens, 0) if tokens else None
    if hit is not None and hit[1].kind is ActorKind.STATE and hit[1].key != cand.key:
        return hit[1]
    cameo = names.cameo_of.get(cand.key)
    return names.cameo_states.get(cameo[:3]) if cameo else None


def _ending_at(mentions: Sequence[Mention], i: int) -> Mention | None:
    return next((m for m in mentions if m.last == i), None)


def _finding(rel: Relation, a: Candidate, b: Candidate, cue: str, at: int, strength: float,
             described: bool = True) -> Finding:  # fmt: skip
    kinds = (SupportKind.TERRITORY_ACCESS,) if rel is Relation.HOSTS else ()
    return Finding(rel, a, b, cue, at, strength, kinds, described=described)


def _titles(
    text: str, tokens: Sequence[Token], mentions: Sequence[Mention], names: Gazetteer
) -> list[Finding]:
    found: list[Finding] = []
    last_rel = Relation.LEADS
    for m in mentions:
        if m.candidate.kind is not ActorKind.PERSON:
            continue
        start = size = 0
        if (inner := title_at(tokens, m.first)) and inner < m.last - m.first:
            start, size = m.first, inner
        elif m.first and tokens[m.first - 1].norm == "counterpart":
            start, size = m.first - 1, 1
        else:
            for k in range(max(0, m.first - 4), m.first):
                if (length := title_at(tokens, k)) and k + length == m.first:
                    start, size = k, length
                    break
        found.extend(_apposition(text, tokens, mentions, m))
        if not size:
            continue
        title = " ".join(t.norm for t in tokens[start : start + size])
        cue = text[tokens[start].start : tokens[start + size - 1].end]
        rel = (
            last_rel
            if title == "counterpart"
            else (Relation.LEADS if title in HEADS else Relation.MEMBER_OF)
        )
        holder = _ending_at(mentions, start)
        if holder is not None and holder.candidate.kind in _HOLDERS:
            found.append(
                _finding(rel, m.candidate, holder.candidate, cue, tokens[start].start, 0.9)
            )
        elif (
            rel is Relation.LEADS
            and m.candidate.existing
            and (state := owner_of(m.candidate, names))
        ):
            found.append(_finding(rel, m.candidate, state, cue, tokens[start].start, 0.8))
        last_rel = rel
    return found


def _apposition(
    text: str, tokens: Sequence[Token], mentions: Sequence[Mention], m: Mention
) -> list[Finding]:
    """ "X, the secretary of Y" and "X, Y’s chief negotiator"."""
    if m.last >= len(tokens) or "," not in text[tokens[m.last - 1].end : tokens[m.last].start]:
        return []
    for k in range(m.last, min(len(tokens), m.last + 5)):
        if not (size := title_at(tokens, k)):
            continue
        title = " ".join(t.norm for t in tokens[k : k + size])
        rel = Relation.LEADS if title in HEADS else Relation.MEMBER_OF
        cue = text[tokens[k].start : tokens[k + size - 1].end]
        holder = _ending_at(mentions, k)
        if holder is None and k + size < len(tokens) and tokens[k + size].norm == "of":
            holder = next((o for o in mentions if o.first == k + size + 1), None)
        if holder is not None and holder.candidate.kind in _HOLDERS and holder.key != m.key:
            return [_finding(rel, m.candidate, holder.candidate, cue, tokens[k].start, 0.85)]
        return []
    return []


def _owners(
    text: str, tokens: Sequence[Token], mentions: Sequence[Mention], names: Gazetteer
) -> list[Finding]:
    found = []
    for m in mentions:
        kind = m.candidate.kind
        words = {t.norm for t in tokens[max(0, m.first - 2) : m.last]}
        state_run = kind in {ActorKind.MEDIA, ActorKind.ORGANIZATION} and words & {
            "state-run",
            "state",
            "state-owned",
        }
        if kind is ActorKind.STATE_BODY or state_run:
            inner = names.match([tokens[m.first]], 0) if m.last - m.first > 1 else None
            if inner is not None and inner[1].kind is ActorKind.STATE:
                cue = text[m.start : m.end]
                found.append(_finding(Relation.PART_OF, m.candidate, inner[1], cue, m.start, 0.9))
        if kind is ActorKind.ORGANIZATION:
            for k in range(m.first, min(len(tokens) - 1, m.last + 1)):
                hit = names.match(tokens, k + 1) if tokens[k].norm == "in" else None
                if hit is not None and hit[1].kind is ActorKind.STATE and hit[1].key != m.key:
                    cue = text[tokens[k].start : tokens[k + hit[0]].end]
                    found.append(
                        _finding(Relation.HOSTS, hit[1], m.candidate, cue, tokens[k].start, 0.75)
                    )
                    break
    return found


def _roles(text: str, tokens: Sequence[Token], mentions: Sequence[Mention]) -> list[Finding]:
    found = []
    for i, m in enumerate(mentions):
        if m.suffix in _COMPOUNDS and i + 1 < len(mentions) and mentions[i + 1].first - m.last <= 1:
            rel, cue = _COMPOUNDS[m.suffix], f"{text[m.start : m.end]}-{m.suffix}"
            found.append(
                _finding(rel, m.candidate, mentions[i + 1].candidate, cue, m.start, 0.75, False)
            )
        if not m.possessive or i == 0:
            continue
        role = next(
            (
                tokens[k]
                for k in range(m.last, min(len(tokens), m.last + 3))
                if tokens[k].norm in _ROLES
            ),
            None,
        )
        head = mentions[i - 1]
        if role is not None and text[head.end : m.start].strip() == ",":
            found.append(
                _finding(
                    _ROLES[role.norm],
                    head.candidate,
                    m.candidate,
                    role.text,
                    role.start,
                    0.75,
                    False,
                )
            )
    return found


def described(
    text: str, tokens: Sequence[Token], mentions: Sequence[Mention], names: Gazetteer
) -> list[Finding]:
    """The relations one sentence states by how it names its actors; see the module docstring."""
    return [
        f
        for f in (
            *_titles(text, tokens, mentions, names),
            *_owners(text, tokens, mentions, names),
            *_roles(text, tokens, mentions),
        )
        if f.source.key != f.target.key
    ]
