"""Where a sentence names actors: each name found by the gazetteer, longest first.

Examples
--------
>>> from graph import load_seed
>>> from graph.ingest.names import Gazetteer
>>> from graph.ingest.text import tokenize
>>> names = Gazetteer.from_graph(load_seed())
>>> text = "MOSCOW — Russian jets and U.S.-backed rebels hit the SNSC"
>>> for m in mentions_in(text, tokenize(text), names):
...     print(m.key, m.via, m.suffix)
russia demonym None
us name backed
iran-supreme-national-security-council name None
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

from graph.ingest.names import Gazetteer
from graph.ingest.records import Candidate
from graph.ingest.text import Token

__all__ = ["COMPOUND_SUFFIXES", "Mention", "dateline_end", "mentions_in"]

COMPOUND_SUFFIXES = frozenset({"backed", "supported", "allied", "led", "based", "held"})
"""Hyphenated endings that make a name an adjective: "U.S.-backed", "Saudi-led"."""


@dataclass(frozen=True, slots=True)
class Mention:
    """An actor named in a sentence: words ``first`` to ``last`` (exclusive) of the sentence,
    characters ``start`` to ``end`` of the article."""

    first: int
    last: int
    start: int
    end: int
    candidate: Candidate
    via: str
    """``name``, ``demonym``, ``capital`` or ``civilians`` (a CIVILIANS actor by its place)."""
    possessive: bool = False
    suffix: str | None = None
    """The hyphenated ending of a compound ("backed" in "U.S.-backed"), if any."""

    @property
    def key(self) -> str:
        """The key of the actor named."""
        return self.candidate.key


def dateline_end(tokens: Sequence[Token], text: str) -> int:
    """How many words of a sentence are its dateline ("MOSCOW —", "ASTANA, Kazakhstan —"):
    capitals at the start of a sentence up to a dash within its first five words."""
    if not tokens or not tokens[0].upper or len(tokens[0].text) < 3:
        return 0
    for i in range(1, min(5, len(tokens))):
        gap = text[tokens[i - 1].end : tokens[i].start]
        if any(dash in gap for dash in "—–") or " - " in gap:
            return i
    return 0


def _compound(token: Token) -> tuple[Token, str] | None:
    """ "U.S.-backed" as the name "U.S." and its ending "backed"."""
    head, dash, tail = token.text.rpartition("-")
    if not dash or tail.casefold() not in COMPOUND_SUFFIXES or not head:
        return None
    part = Token(token.start, token.start + len(head), head, head.casefold(), False)
    return part, tail.casefold()


def mentions_in(text: str, tokens: Sequence[Token], names: Gazetteer) -> list[Mention]:
    """The actors named in one sentence's ``tokens``, in text order, none overlapping."""
    found: list[Mention] = []
    i = dateline_end(tokens, text)
    while i < len(tokens):
        hit = names.match(tokens, i)
        if hit is not None:
            size, cand, via = hit
            last = tokens[i + size - 1]
            found.append(
                Mention(i, i + size, tokens[i].start, last.end, cand, via, last.possessive)
            )
            i += size
            continue
        compound = _compound(tokens[i])
        if compound is not None:
            part, suffix = compound
            hit = names.match([part], 0)
            if hit is not None and suffix not in {"based", "held"}:
                found.append(Mention(i, i + 1, part.start, part.end, hit[1], hit[2], suffix=suffix))
        i += 1
    found.extend(_civilians(tokens, names, {m.first for m in found}))
    return sorted(found, key=lambda m: m.first)


def _civilians(tokens: Sequence[Token], names: Gazetteer, taken: set[int]) -> list[Mention]:
    """ "civilians" in a sentence that names the place of a CIVILIANS actor the graph holds."""
    words = [t.norm for t in tokens]
    found = []
    for place, cand in names.civilians:
        there = any(tuple(words[i : i + len(place)]) == place for i in range(len(words)))
        if not there:
            continue
        for i, token in enumerate(tokens):
            if token.norm in {"civilians", "residents"} and i not in taken:
                found.append(Mention(i, i + 1, token.start, token.end, cand, "civilians"))
                break
    return found
