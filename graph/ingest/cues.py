"""The cue lexicon: the words that say which relation a sentence reports, in the spirit of
CAMEO's verb dictionaries.

Each :class:`Cue` is a pattern of words (a regular expression, matched case-insensitively
from a word boundary), the relation it gives, how strongly it gives it (the base of a
proposal's confidence), and how its two ends are found (:mod:`graph.ingest.events`):

``verb``
    The actor before the cue acts on the actor after it: "Turkey shot down a Russian jet".
    Read passively after *was*, *were*, *been* …: "was bombed by Russia" swaps the ends.
``among``
    A symmetric relation among the actors before it ("Russia and the United States have been
    discussing"), or between them and the actors after it ("Putin met with Rouhani").
``adjacent``
    The actors right before and right after it: "ISIS and allied Nusra Front".

Support kinds come from words of the same clause (:data:`SUPPORT_WORDS`): "supporting the
regime’s forces with airstrikes" is SUPPORTS with AIR_POWER.

Examples
--------
>>> [(c.relation.value, m.group()) for c, m in find_cues("Turkish jets shot down a Russian plane")]
[('ATTACKS', 'shot down')]
>>> [(c.relation.value, m.group()) for c, m in find_cues("the main backers of Assad")]
[('SUPPORTS', 'backers of')]
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from dataclasses import dataclass

from graph.model.vocabulary import Relation, SupportKind

__all__ = ["CUES", "SUPPORT_WORDS", "Cue", "find_cues", "support_kinds_in"]


@dataclass(frozen=True, slots=True)
class Cue:
    """Words that report a relation; see the module docstring."""

    pattern: str
    relation: Relation
    strength: float
    arguments: str = "verb"
    support_kinds: tuple[SupportKind, ...] = ()
    organizations_only: bool = False
    """The far end must be an organisation ("set up a joint center" is MEMBER_OF)."""


_A, _S, _O, _H = Relation.ATTACKS, Relation.SUPPORTS, Relation.OPPOSES, Relation.HOSTS
_N, _M, _C = Relation.NEGOTIATES_WITH, Relation.MEETS, Relation.COOPERATES_WITH
_TERRITORY = (SupportKind.TERRITORY_ACCESS,)

CUES: tuple[Cue, ...] = (
    # ATTACKS: force used (CAMEO 18-20).
    Cue(r"sh(?:o|oo)t(?:s|ing)? down|downed|downing", _A, 0.85),
    Cue(
        r"(?:air ?strikes?|strikes?|raids?|attacks?|bombing|shelling|assault|offensive)"
        r" (?:on|against|targeting)",
        _A,
        0.8,
    ),
    Cue(r"(?:bomb|shell|attack|strike|target|pound|invade|raid)(?:s|ed|ing)?|struck|hit", _A, 0.75),
    Cue(r"fired (?:\w+ ){0,4}at|killed|kills|killing", _A, 0.7),
    Cue(r"(?:fighting|fought|fights|battling|battled|(?:threatened|vowed) to strike)", _A, 0.65),
    # OPPOSES: hostile words and aims (CAMEO 11-13, 16-17).
    Cue(r"(?:campaign|fight|war|struggle|battle) against", _O, 0.75),
    Cue(r"(?:condemn|denounce|oppose|criticiz|criticis|sanction)\w*", _O, 0.75),
    Cue(r"(?:accus|blam)\w*", _O, 0.7),
    Cue(r"reject(?:s|ed|ing)?|warn(?:s|ed|ing)?|called [\w\s]{0,30}a stab", _O, 0.55),
    # SUPPORTS: aid of every kind (CAMEO 05, 07).
    Cue(
        r"in support of|backers? of|(?:main |chief )?sponsors? of|stand(?:s|ing)? by|stood by",
        _S,
        0.8,
    ),
    Cue(r"(?:support|back|arm|fund|finance|sponsor|shield|defend)(?:s|ed|ing)?", _S, 0.75),
    Cue(
        r"(?:sent|send|sends|sending|deployed|deploys|supplied|supplies|provided|provides)"
        r" (?:\w+ ){0,4}(?:troops|fighters|advisers|advisors|weapons|arms|militiamen|jets|"
        r"warplanes|missiles) (?:to|into)",
        _S,
        0.7,
    ),
    Cue(r"welcom\w+", _S, 0.5),
    # HOSTS: territory lent (bases, airspace).
    Cue(
        r"(?:air ?)?base in|(?:air ?)?bases? of|territory of|airspace of",
        _H,
        0.75,
        "host",
        _TERRITORY,
    ),
    Cue(r"host(?:s|ed|ing)?", _H, 0.75, "verb", _TERRITORY),
    # Symmetric relations.
    Cue(r"ally|allies|alliance with|allied with", Relation.ALLIED_WITH, 0.7, "among"),
    Cue(r"allied", Relation.ALLIED_WITH, 0.6, "adjacent"),
    Cue(r"(?:met|meet|meets|meeting)(?: with)?|visit(?:s|ed|ing)?|summit with", _M, 0.8, "among"),
    Cue(
        r"talks? (?:with|between)|negotiat(?:e|es|ed|ing|ions?)(?: with)?|discuss\w*|"
        r"(?:agreed|agree|agreement|deal|ceasefire|truce) (?:with|between)|brokered|mediat\w+|"
        r"talks|agreement",
        _N,
        0.7,
        "among",
    ),
    Cue(r"agreed|deal", _N, 0.6, "among"),
    Cue(
        r"(?:share|shared|sharing)|cooperat\w+(?: with)?|coordinat\w+ with|joint (?:mechanism|"
        r"operations?|forces|patrols)|partners|together",
        _C,
        0.7,
        "among",
    ),
    Cue(r"captured|seized|retook", _C, 0.5, "among"),
    # MEMBER_OF: founding or joining an organisation.
    Cue(
        r"set up|established|founded|formed|joined",
        Relation.MEMBER_OF,
        0.75,
        "verb",
        organizations_only=True,
    ),
)
"""The lexicon, strongest and longest cues first where two could match the same words."""

SUPPORT_WORDS: dict[SupportKind, str] = {
    SupportKind.AIR_POWER: r"air ?strikes?|air power|air support|warplanes|jets|bombers|air force",
    SupportKind.GROUND_TROOPS: r"ground troops|troops|fighters|soldiers|militiamen|militias?",
    SupportKind.WEAPONS: r"weapons|arms|missiles|rockets|ammunition",
    SupportKind.FUNDING: r"money|funds|funding|cash|financ\w+",
    SupportKind.TRAINING: r"training|trainers|advisers|advisors",
    SupportKind.INTELLIGENCE: r"intelligence",
    SupportKind.POLITICAL: r"veto\w*|diplomatic|shield\w*|political",
    SupportKind.TERRITORY_ACCESS: r"bases?|airspace|territory",
}
"""Words of a clause that tell what a SUPPORTS relationship provides."""

_COMPILED = [(cue, re.compile(rf"(?<![\w-])(?:{cue.pattern})(?![\w-])", re.I)) for cue in CUES]
_SUPPORT = [(kind, re.compile(rf"\b(?:{words})\b", re.I)) for kind, words in SUPPORT_WORDS.items()]


def find_cues(
    text: str, start: int = 0, end: int | None = None
) -> Iterator[tuple[Cue, re.Match[str]]]:
    """Every cue in ``text[start:end]``, in text order, none overlapping another: where two
    cues could match the same words, the one listed first in :data:`CUES` wins."""
    stop = len(text) if end is None else end
    taken: list[tuple[int, int]] = []
    found: list[tuple[Cue, re.Match[str]]] = []
    for cue, pattern in _COMPILED:
        for match in pattern.finditer(text, start, stop):
            if all(match.end() <= a or match.start() >= b for a, b in taken):
                taken.append(match.span())
                found.append((cue, match))
    return iter(sorted(found, key=lambda pair: pair[1].start()))


def support_kinds_in(text: str) -> tuple[SupportKind, ...]:
    """The support kinds the words of ``text`` tell, in vocabulary order.

    >>> [k.value for k in support_kinds_in("with airstrikes, and Iran with ground troops")]
    ['AIR_POWER', 'GROUND_TROOPS']
    """
    return tuple(kind for kind, pattern in _SUPPORT if pattern.search(text))
