"""Words for the synthetic dataset: actor names, places, publishers and evidence quotes.

Quotes are built from templates per relation and padded with attribution clauses, so they
have the length and variety of real reporting (about 80 to 300 characters) and are mostly
unique strings, as real quotes are.
"""

from __future__ import annotations

import random

from graph.model.vocabulary import ActorKind, Relation

__all__ = ["PLACES", "PUBLISHERS", "actor_name", "quote"]

_SYLLABLES = (
    "al", "an", "ar", "ba", "da", "el", "fa", "ha", "ir", "ka", "kh", "la", "ma", "na", "or",
    "ra", "sa", "sh", "ta", "ul", "va", "ya", "za", "ni", "ro", "mi", "de", "ko", "ti", "su",
)  # fmt: skip
_GIVEN = (
    "Ahmad", "Ali", "Anna", "Boris", "Dmitri", "Elena", "Farid", "Hassan", "Ibrahim", "Karim",
    "Layla", "Mahmoud", "Maria", "Mohammed", "Nadia", "Omar", "Pavel", "Rania", "Salim", "Sergei",
    "Tariq", "Viktor", "Yusuf", "Zainab", "John", "Sarah", "Michael", "Fatima", "Hamid", "Olga",
)  # fmt: skip
_BODY = (
    "Defense Ministry", "Foreign Ministry", "Interior Ministry", "General Staff", "Air Force",
    "Navy", "Intelligence Service", "National Security Council", "Parliament", "Border Guard",
    "Revolutionary Guard", "Presidential Office", "Special Forces", "Central Bank",
)  # fmt: skip
_GROUP = (
    "Front", "Brigade", "Movement", "Army", "Battalion", "Liberation Front", "Militia",
    "Resistance", "Martyrs Brigade", "Popular Mobilization", "Legion", "Vanguard",
)  # fmt: skip
_ORG = (
    "Joint Coordination Center", "Relief Committee", "Council", "Monitoring Group", "Alliance",
    "Observatory", "Humanitarian Mission", "Union", "Contact Group", "Security Pact",
)  # fmt: skip
_MEDIA = ("News Agency", "Television", "Daily", "Radio", "Press", "Times", "Herald", "Post")
PLACES = (
    "Aleppo", "Idlib", "Deir el-Zor", "Raqqa", "Hamadan", "Mosul", "Baghdad", "Damascus",
    "Homs", "Latakia", "Tartus", "Palmyra", "Kirkuk", "Fallujah", "Ramadi", "Tikrit", "Hama",
    "Daraa", "Manbij", "Kobani", "Qamishli", "Erbil", "Basra", "Sanaa", "Aden", "Benghazi",
    "Tripoli", "Sirte", "Gaza", "Beirut", "Tehran", "Moscow", "Ankara", "Riyadh", "Doha",
)  # fmt: skip
PUBLISHERS = (
    "NBC News", "Reuters", "Associated Press", "Agence France-Presse", "BBC News", "Al Jazeera",
    "The New York Times", "The Washington Post", "The Guardian", "TASS", "IRNA", "Anadolu",
    "Al Arabiya", "Deutsche Welle", "France 24", "The Wall Street Journal", "CNN", "Interfax",
)  # fmt: skip

_VERBS: dict[Relation, tuple[str, ...]] = {
    Relation.SUPPORTS: (
        "{a} has supplied {b} with weapons and ammunition",
        "{a} provided air cover for {b} during the offensive",
        "{a} pledged further financial support to {b}",
        "{a} has been training fighters loyal to {b}",
    ),
    Relation.HOSTS: (
        "{a} allowed {b} to use an air base on its territory",
        "{b} forces have been stationed at a base provided by {a}",
        "{a} granted {b} access to its airspace and port facilities",
    ),
    Relation.ALLIED_WITH: (
        "{a} and {b} announced a formal alliance",
        "{a} and {b} have fought side by side for months",
        "{a} described {b} as its closest ally in the region",
    ),
    Relation.COOPERATES_WITH: (
        "{a} and {b} agreed to share intelligence on militant positions",
        "{a} and {b} have coordinated their operations",
        "officials from {a} and {b} set up a joint operations room",
    ),
    Relation.NEGOTIATES_WITH: (
        "{a} and {b} held a new round of talks on a ceasefire",
        "negotiators from {a} and {b} were edging closer to an agreement",
        "{a} said it was in a very active stage of talks with {b}",
    ),
    Relation.MEETS: (
        "{a} met {b} to discuss the situation",
        "{a} and {b} held talks behind closed doors",
        "{a} received a delegation from {b}",
    ),
    Relation.ATTACKS: (
        "{a} carried out airstrikes against {b}",
        "{a} forces shelled positions held by {b}",
        "{a} launched a ground offensive against {b}",
        "dozens were killed when {a} struck areas controlled by {b}",
    ),
    Relation.OPPOSES: (
        "{a} condemned the actions of {b}",
        "{a} has vowed to defeat {b}",
        "{a} accused {b} of violating the truce",
    ),
    Relation.MEMBER_OF: (
        "{a} is a member of {b}",
        "{a} joined {b} earlier this year",
    ),
    Relation.LEADS: (
        "{a} heads {b}",
        "{a}, the leader of {b}, said",
        "{a} took command of {b}",
    ),
    Relation.PART_OF: (
        "{a} is part of {b}",
        "{a}, which answers to {b}, said",
    ),
}
_TAILS = (
    ", officials said",
    ", according to a statement",
    " on Tuesday",
    " last week",
    ", a spokesman told reporters",
    " in {place}",
    " near {place}",
    ", the monitoring group said",
    ", citing two officials who spoke on condition of anonymity",
    ", state media reported",
    " despite international criticism",
    ", the ministry said in a statement carried by state television",
    " amid growing concern over civilian casualties",
)  # fmt: skip


def actor_name(rng: random.Random, kind: ActorKind, home: str | None) -> str:
    """A plausible name for an actor of ``kind``; bodies and people take their state's name."""

    def word(parts: int) -> str:
        return "".join(rng.choice(_SYLLABLES) for _ in range(parts)).capitalize()

    if kind is ActorKind.STATE:
        return word(rng.randint(2, 3)) + rng.choice(("", "", "ia", "stan", "an"))
    if kind is ActorKind.STATE_BODY:
        return f"{home} {rng.choice(_BODY)}"
    if kind is ActorKind.PERSON:
        return f"{rng.choice(_GIVEN)} {word(rng.randint(2, 3))}"
    if kind is ActorKind.ARMED_GROUP:
        return f"{word(2)} {rng.choice(_GROUP)}"
    if kind is ActorKind.ORGANIZATION:
        return f"{word(2)} {rng.choice(_ORG)}"
    if kind is ActorKind.MEDIA:
        return f"{word(2)} {rng.choice(_MEDIA)}"
    return f"Civilians of {rng.choice(PLACES)}"


def quote(rng: random.Random, relation: Relation, a: str, b: str, place: str) -> str:
    """A sentence reporting ``a`` ``relation`` ``b``, with one to three attribution clauses."""
    text = rng.choice(_VERBS[relation]).format(a=a, b=b)
    tails = rng.sample(_TAILS, rng.randint(1, 3))
    sentence = text + "".join(t.format(place=place) for t in tails) + "."
    return sentence[0].upper() + sentence[1:]
