"""A deterministic synthetic alliance graph in the seed format, for the scale benchmarks.

The shape follows event data (who did what to whom, as reported): actors live in regional
theatres around states and belong to camps; each actor has a handful of counterparts (states,
major powers above all, have many), and the relationships fall on those pairs with a heavy
tail, so a few pairs are reported hundreds of times and most a few times. A pair has a mood
from the camps (cooperative within a camp, hostile across, some neutral) that decides most of
its relations, with noise; bodies are PART_OF their state, people LEAD or are MEMBERs. Dates
spread over 2010-2024 with a precision, a share are undated; a quarter are claims, with a
claimant and lower confidence; each has one or two quotes of realistic length.

>>> plain = generate(40, 300, seed=7)
>>> len(plain["actors"]), len(plain["relationships"])
(40, 300)
>>> generate(40, 300, seed=7) == plain
True
"""

from __future__ import annotations

import bisect
import datetime as dt
import itertools
import random
import re
from collections.abc import Sequence

from benchmarks.texts import PLACES, PUBLISHERS, actor_name, quote
from graph.dataset.parse import Dataset, parse_dataset
from graph.model.vocabulary import ActorKind, DatePrecision, Relation, Stance, SupportKind

__all__ = ["GENERATOR_VERSION", "generate", "generate_dataset"]

GENERATOR_VERSION = 1
"""Bump when the output for a given seed changes, so cached files are rebuilt."""

Record = dict[str, object]
K = ActorKind
R = Relation

KIND_SHARES = (
    (K.STATE, 0.03), (K.STATE_BODY, 0.14), (K.PERSON, 0.36), (K.ARMED_GROUP, 0.17),
    (K.ORGANIZATION, 0.14), (K.MEDIA, 0.08), (K.CIVILIANS, 0.08),
)  # fmt: skip
PARTNERS = {
    K.STATE: (25, 70), K.STATE_BODY: (5, 16), K.PERSON: (3, 9), K.ARMED_GROUP: (5, 20),
    K.ORGANIZATION: (4, 14), K.MEDIA: (1, 3), K.CIVILIANS: (2, 6),
}  # fmt: skip
"""How many counterparts an actor of each kind seeks (major powers seek many more)."""
MOODS: dict[str, tuple[tuple[Relation, int], ...]] = {
    "cooperative": (
        (R.SUPPORTS, 30), (R.COOPERATES_WITH, 25), (R.ALLIED_WITH, 10), (R.HOSTS, 10),
        (R.MEETS, 15), (R.NEGOTIATES_WITH, 5), (R.OPPOSES, 2),
    ),
    "hostile": ((R.ATTACKS, 45), (R.OPPOSES, 40), (R.NEGOTIATES_WITH, 10), (R.MEETS, 5)),
    "neutral": ((R.MEETS, 45), (R.NEGOTIATES_WITH, 40), (R.COOPERATES_WITH, 10), (R.OPPOSES, 5)),
}  # fmt: skip
NOISE = (R.SUPPORTS, R.ATTACKS, R.OPPOSES, R.MEETS, R.COOPERATES_WITH)
STANDING = frozenset({R.ALLIED_WITH, R.HOSTS, R.MEMBER_OF, R.LEADS, R.PART_OF})
"""Relations that often carry a validity period."""
FIRST_DAY, LAST_DAY = dt.date(2010, 1, 1).toordinal(), dt.date(2024, 12, 31).toordinal()


class _Actor:
    __slots__ = ("camp", "home", "index", "key", "kind", "name", "theatre")

    def __init__(self, index: int, kind: ActorKind, theatre: int, camp: int) -> None:
        self.index, self.kind, self.theatre, self.camp = index, kind, theatre, camp
        self.key = self.name = ""
        self.home: _Actor | None = None


class _Dyad:
    """A pair of actors that interact: ``a`` leads directed relations, ``b`` receives them."""

    __slots__ = ("a", "b", "first", "fixed", "last", "mood")

    def __init__(
        self, a: _Actor, b: _Actor, mood: str, fixed: Relation | None, first: int, last: int
    ) -> None:
        self.a, self.b, self.mood, self.fixed = a, b, mood, fixed
        self.first, self.last = first, last


def _slug(text: str) -> str:
    return re.sub(r"[^a-z0-9]+", "-", text.lower()).strip("-")


def _kinds(n: int) -> list[ActorKind]:
    counts = [max(1, round(n * share)) for _, share in KIND_SHARES]
    counts[2] += n - sum(counts)  # people absorb the rounding
    return [kind for (kind, _), c in zip(KIND_SHARES, counts, strict=True) for _ in range(c)]


def _actors(rng: random.Random, n: int) -> list[_Actor]:
    kinds = _kinds(n)
    n_states = kinds.count(K.STATE)
    theatres = max(1, n // 200)
    states = [_Actor(i, K.STATE, i % theatres, rng.randrange(4)) for i in range(n_states)]
    actors = list(states)
    for i, kind in enumerate(kinds[n_states:], start=n_states):
        home = rng.choice(states)
        camp = home.camp if kind is not K.ARMED_GROUP or rng.random() < 0.5 else rng.randrange(4)
        actor = _Actor(i, kind, home.theatre, camp)
        actor.home = home
        actors.append(actor)
    taken: set[str] = set()
    for actor in actors:
        actor.name = actor_name(rng, actor.kind, actor.home.name if actor.home else None)
        key = _slug(actor.name)[:40].strip("-")
        actor.key = key if key not in taken else f"{key}-{actor.index}"
        taken.add(actor.key)
    return actors


def _actor_record(rng: random.Random, actor: _Actor, iso3: str) -> Record:
    record: Record = {"key": actor.key, "name": actor.name, "kind": actor.kind.value}
    if actor.kind is K.STATE:
        record.update(aliases=[rng.choice(PLACES), actor.name.upper()[:6]], iso3=iso3, cameo=iso3)
    elif rng.random() < 0.3:
        record["aliases"] = [
            actor.name.split()[0] + " " + rng.choice(("forces", "group", "office"))
        ]
    if actor.home is not None and rng.random() < 0.5:
        record["description"] = (
            f"A {actor.kind.value.lower().replace('_', ' ')} of {actor.home.name}."
        )
    return record


def _mood(rng: random.Random, a: _Actor, b: _Actor) -> str:
    if K.CIVILIANS in (a.kind, b.kind):
        return "hostile"
    draw = rng.random()
    if a.camp == b.camp:
        return "cooperative" if draw < 0.75 else "neutral" if draw < 0.95 else "hostile"
    return "hostile" if draw < 0.6 else "neutral" if draw < 0.9 else "cooperative"


def _structural(rng: random.Random, a: _Actor, b: _Actor) -> tuple[_Actor, _Actor, Relation] | None:
    """A standing structural tie between ``a`` and ``b``, leader first, when one fits."""
    for x, y in ((a, b), (b, a)):
        if x.kind is K.STATE_BODY and y is x.home:
            return x, y, R.PART_OF
        if x.kind is K.PERSON and y.kind is not K.PERSON and x.camp == y.camp:
            if y.kind is K.ORGANIZATION:
                return x, y, R.MEMBER_OF
            if y.kind in (K.STATE, K.STATE_BODY, K.ARMED_GROUP) and rng.random() < 0.3:
                return x, y, R.LEADS
        if y.kind is K.ORGANIZATION and x.kind in (K.STATE, K.ARMED_GROUP) and rng.random() < 0.4:
            return x, y, R.MEMBER_OF
    return None


def _dyads(rng: random.Random, actors: list[_Actor]) -> list[_Dyad]:
    by_theatre: dict[int, list[_Actor]] = {}
    for actor in actors:
        by_theatre.setdefault(actor.theatre, []).append(actor)
    states = [a for a in actors if a.kind is K.STATE]
    majors = states[: max(1, len(states) // 15)]
    major_keys = {a.index for a in majors}
    pairs: dict[tuple[int, int], _Dyad] = {}
    degree = [0] * len(actors)

    def link(x: _Actor, y: _Actor) -> None:
        if x is y or (min(x.index, y.index), max(x.index, y.index)) in pairs:
            return
        tie = _structural(rng, x, y)
        if tie is not None:
            x, y, fixed = tie
            mood = "cooperative"
        else:
            fixed, mood = None, _mood(rng, x, y)
            if y.kind is not K.CIVILIANS and (x.kind is K.CIVILIANS or rng.random() < 0.5):
                x, y = y, x  # the civilians are the target; otherwise either may lead
        start = rng.randint(FIRST_DAY, LAST_DAY)
        end = min(LAST_DAY, start + int(rng.expovariate(1 / 900)))
        pairs[(min(x.index, y.index), max(x.index, y.index))] = _Dyad(x, y, mood, fixed, start, end)
        degree[x.index] += 1
        degree[y.index] += 1

    for actor in actors:
        if actor.kind is K.STATE_BODY and actor.home is not None:
            link(actor, actor.home)
    limit = max(2, len(actors) // 3)
    for actor in actors:
        low, high = PARTNERS[actor.kind]
        want = rng.randint(low, high) * (5 if actor.index in major_keys else 1)
        local = by_theatre[actor.theatre]
        for _ in range(min(want, limit) - degree[actor.index]):
            draw = rng.random()
            other = (
                rng.choice(local) if draw < 0.8 else rng.choice(majors if draw < 0.9 else actors)
            )
            link(actor, other)
    return list(pairs.values())


def _dated(rng: random.Random, dyad: _Dyad, relation: Relation, record: Record) -> None:
    draw = rng.random()
    if draw < 0.06:
        if relation in STANDING and rng.random() < 0.5:
            record["valid_from"] = dt.date.fromordinal(dyad.first).isoformat()
        return
    day = dt.date.fromordinal(rng.randint(dyad.first, dyad.last))
    precision = DatePrecision.DAY
    if draw < 0.12:
        day, precision = day.replace(month=1, day=1), DatePrecision.YEAR
    elif draw < 0.3:
        day, precision = day.replace(day=1), DatePrecision.MONTH
    elif draw < 0.36:
        day, precision = day - dt.timedelta(days=day.weekday()), DatePrecision.WEEK
    record["date"], record["date_precision"] = day.isoformat(), precision.value
    if relation in STANDING and rng.random() < 0.5:
        record["valid_from"] = day.isoformat()
        if rng.random() < 0.6:
            until = day + dt.timedelta(days=rng.randint(30, 1500))
            record["valid_until"] = until.isoformat()


def _relation(rng: random.Random, dyad: _Dyad, choices: dict[str, list[Relation]]) -> Relation:
    if dyad.fixed is not None and rng.random() < 0.7:
        return dyad.fixed
    if rng.random() < 0.08:
        return rng.choice(NOISE if dyad.b.kind is not K.CIVILIANS else (R.ATTACKS,))
    if dyad.b.kind is K.CIVILIANS:
        return R.ATTACKS
    return rng.choice(choices[dyad.mood if dyad.fixed is None else "cooperative"])


def _relationship(
    rng: random.Random,
    dyad: _Dyad,
    relation: Relation,
    ids: dict[str, int],
    source_ids: Sequence[str],
    claimants: Sequence[_Actor],
) -> Record:
    src, tgt = (dyad.a, dyad.b) if relation in (R.PART_OF, R.LEADS, R.MEMBER_OF) else (
        (dyad.a, dyad.b) if rng.random() < 0.8 or dyad.b.kind is K.CIVILIANS else (dyad.b, dyad.a)
    )  # fmt: skip
    record: Record = {"id": "", "relation": relation.value, "source": src.key, "target": tgt.key}
    _dated(rng, dyad, relation, record)
    if relation in (R.SUPPORTS, R.HOSTS):
        kinds = rng.sample(list(SupportKind), rng.randint(1, 3))
        if relation is R.HOSTS and SupportKind.TERRITORY_ACCESS not in kinds:
            kinds[0] = SupportKind.TERRITORY_ACCESS
        record["support_kinds"] = [k.value for k in kinds]
    place = PLACES[(dyad.a.theatre * 7 + rng.randrange(5)) % len(PLACES)]
    if relation in (R.ATTACKS, R.HOSTS, R.MEETS) and rng.random() < 0.5:
        record["location"] = place
    draw = rng.random()
    if draw < 0.25:
        record["stance"] = Stance.CLAIMED.value
        claimant = src if rng.random() < 0.3 else rng.choice(claimants)
        record["claimed_by"] = claimant.key
        record["confidence"] = round(rng.uniform(0.4, 0.9), 2)
    elif draw < 0.35:
        record["stance"] = Stance.UNCERTAIN.value
        record["confidence"] = round(rng.uniform(0.2, 0.6), 2)
    elif rng.random() < 0.6:
        record["confidence"] = round(rng.uniform(0.7, 1.0), 2)
    record["evidence"] = [
        {"source": rng.choice(source_ids), "quote": quote(rng, relation, src.name, tgt.name, place)}
        for _ in range(1 if rng.random() < 0.7 else 2)
    ]
    slug = relation.value.lower().replace("_", "-")
    base = f"{src.key}-{slug}-{tgt.key}-{record.get('date', 'undated')}"
    seen = ids.get(base, 0)
    ids[base] = seen + 1
    record["id"] = base if not seen else f"{base}-{seen + 1}"
    return record


def _sources(rng: random.Random, n: int) -> list[Record]:
    sources = []
    for i in range(n):
        publisher = rng.choice(PUBLISHERS)
        day = dt.date.fromordinal(rng.randint(FIRST_DAY, LAST_DAY))
        record: Record = {
            "id": f"{_slug(publisher)}-{day.isoformat()}-{i}",
            "publisher": publisher,
            "title": f"{rng.choice(PLACES)}: fighting and talks continue",
            "authors": [actor_name(rng, K.PERSON, None) for _ in range(rng.randint(1, 2))],
            "published": day.isoformat(),
        }
        if rng.random() < 0.5:
            record["url"] = f"https://news.example/{record['id']}"
        sources.append(record)
    return sources


def generate(actors: int, relationships: int, *, seed: int = 2016) -> dict[str, list[Record]]:
    """A synthetic dataset of ``actors`` actors and ``relationships`` relationships as plain
    seed-format data (``parse_dataset`` accepts it); the same arguments give the same data."""
    if actors < 10 or relationships < 1:
        raise ValueError("need at least 10 actors and 1 relationship")
    rng = random.Random(seed)
    cast = _actors(rng, actors)
    letters = ("".join(p) for p in itertools.product("ABCDEFGHIJKLMNOPQRSTUVWXYZ", repeat=3))
    actor_records = [_actor_record(rng, a, next(letters)) for a in cast]
    sources = _sources(rng, max(5, relationships // 500))
    source_ids = [str(s["id"]) for s in sources]
    dyads = _dyads(rng, cast)
    weights = list(
        itertools.accumulate(
            min(150.0, rng.paretovariate(1.3)) * (3 if K.STATE in (d.a.kind, d.b.kind) else 1)
            for d in dyads
        )
    )
    claimants = [a for a in cast if a.kind in (K.STATE_BODY, K.MEDIA, K.STATE)]
    choices = {mood: [r for r, w in table for _ in range(w)] for mood, table in MOODS.items()}
    ids: dict[str, int] = {}
    rels = []
    for _ in range(relationships):
        dyad = dyads[bisect.bisect_right(weights, rng.random() * weights[-1])]
        relation = _relation(rng, dyad, choices)
        rels.append(_relationship(rng, dyad, relation, ids, source_ids, claimants))
    return {"sources": sources, "actors": actor_records, "relationships": rels}


def generate_dataset(actors: int, relationships: int, *, seed: int = 2016) -> Dataset:
    """:func:`generate`, parsed and validated into a :class:`~graph.dataset.parse.Dataset`."""
    return parse_dataset(generate(actors, relationships, seed=seed))
