"""Which actors of a sentence can be the ends of a relation, and which are listed together.

Examples
--------
>>> from graph import load_seed
>>> from graph.ingest.mentions import mentions_in
>>> from graph.ingest.names import Gazetteer
>>> from graph.ingest.text import tokenize
>>> text = "Russian jets from a base in Iran hit ISIS and allied Nusra Front in Syria"
>>> tokens = tokenize(text)
>>> found = mentions_in(text, tokens, Gazetteer.from_graph(load_seed()))
>>> [m.key for m in found if can_act(tokens, m)]
['russia', 'isis', 'nusra']
>>> [m.key for m in found if can_undergo(tokens, m, 0)]
['russia', 'isis', 'nusra']
>>> [m.key for m in listed_with(text, found, found[2])]
['isis', 'nusra']
"""

from __future__ import annotations

import re
from collections.abc import Mapping, Sequence

from graph.ingest.lexicon import word_set
from graph.ingest.mentions import Mention
from graph.ingest.text import Token

__all__ = ["FORCE_NOUNS", "can_act", "can_undergo", "listed_with", "word_before"]

_DETERMINERS = word_set(
    "the a an its their his her our this that these those northern southern eastern "
    "western central rebel-held government-held neighbouring neighboring"
)
_NOT_AGENT = word_set(
    "in inside from at into near across over to on of within throughout against by for "
    "toward towards outside under between after before during through via"
)
_NOT_TARGET = word_set(
    "in inside from near across into within throughout outside over under during after "
    "before via through by"
)
FORCE_NOUNS = word_set(
    "forces troops jets warplanes planes army military fighters militias militiamen "
    "government regime bombers soldiers aircraft navy"
)
"""Words after a possessive that make its owner act: "Assad’s forces attacked"."""

_LISTED = re.compile(r"^(?:\s*,\s*|\s+|\s*,?\s*(?:and|or|as well as|and its|and the|and allied|"
                     r"or the)\s+)(?:the\s+)?$", re.I)  # fmt: skip


def word_before(tokens: Sequence[Token], i: int) -> tuple[int, str]:
    """The position and word before ``tokens[i]``, determiners skipped (``-1, ""`` if none)."""
    j = i - 1
    while j >= 0 and tokens[j].norm in _DETERMINERS:
        j -= 1
    return (j, tokens[j].norm) if j >= 0 else (-1, "")


def _stands(tokens: Sequence[Token], m: Mention) -> bool:
    """Whether a mention names an actor in its own right, not a qualifier of another word:
    "Iran’s base" does not, "Assad’s forces" and "Iran’s foreign ministry" do."""
    if not m.possessive:
        return True
    return m.last < len(tokens) and tokens[m.last].norm in FORCE_NOUNS


def can_act(tokens: Sequence[Token], m: Mention, cue_first: int = -1) -> bool:
    """Whether ``m`` can be the acting end: not after a place or object preposition ("in
    Iran", "of Syria") unless that word belongs to the cue."""
    del cue_first  # an acting end comes before its cue: no preposition of it is the cue's
    _, word = word_before(tokens, m.first)
    return _stands(tokens, m) and word not in _NOT_AGENT and m.suffix is None


def can_undergo(tokens: Sequence[Token], m: Mention, cue_last: int) -> bool:
    """Whether ``m``, after a cue ending at word ``cue_last``, can be the end acted on: not
    after a place preposition ("in Syria", "by Iran") outside the cue itself."""
    j, word = word_before(tokens, m.first)
    return _stands(tokens, m) and not (word in _NOT_TARGET and j >= cue_last) and m.suffix is None


def listed_with(
    text: str, mentions: Sequence[Mention], m: Mention, starts: Mapping[int, int] | None = None
) -> list[Mention]:
    """The mentions listed together with ``m`` ("Russia, Iran, Iraq and Syria"), in order;
    ``starts`` moves where a mention begins back over its title ("John Kerry and Russian
    Foreign Minister Sergei Lavrov" lists two people)."""
    at = mentions.index(m)
    first = last = at

    def gap(a: Mention, b: Mention) -> str:
        return text[a.end : (starts or {}).get(b.first, b.start)]

    while first > 0 and _LISTED.match(gap(mentions[first - 1], mentions[first])):
        first -= 1
    while last + 1 < len(mentions) and _LISTED.match(gap(mentions[last], mentions[last + 1])):
        last += 1
    return list(mentions[first : last + 1])
