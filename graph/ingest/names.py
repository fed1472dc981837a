"""The gazetteer: every name an article may call an actor by, to the actor it means.

It holds the graph's own names and aliases first, then the states, capitals and organisations of
:mod:`graph.ingest.lexicon` (as the graph's actor when the graph holds that state, else as a new
candidate), then the new names found in the article. Names are matched word by word,
case-folded, and possessive endings are ignored, so "Iran’s", "IRAN" and "Iran" are one name;
a short all-capital alias ("US", "IS", "AP") matches only when written in capitals, so the
pronoun "us" is not the United States.

Examples
--------
>>> from graph import load_seed
>>> from graph.ingest.text import tokenize
>>> names = Gazetteer.from_graph(load_seed())
>>> tokens = tokenize("Tehran’s ally, the Turkish government, and allow us")
>>> [(tokens[i].text, names.match(tokens, i)[1].key) for i in (0, 3) if names.match(tokens, i)]
[('Tehran’s', 'iran'), ('Turkish', 'turkey')]
>>> names.match(tokens, 8) is None
True
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

from graph.ingest.lexicon import CAPITALS, COUNTRIES, DEMONYMS, ORGANIZATIONS
from graph.ingest.records import Candidate, slug
from graph.ingest.text import Token, tokenize
from graph.model.vocabulary import ActorKind
from graph.store.alliance_graph import AllianceGraph

__all__ = ["Gazetteer", "words_of"]


def words_of(name: str) -> tuple[str, ...]:
    """The compared words of a name: case-folded, possessive endings dropped."""
    return tuple(t.norm for t in tokenize(name))


@dataclass(frozen=True, slots=True)
class _Entry:
    candidate: Candidate
    capitals_only: bool
    via: str


class Gazetteer:
    """Names to candidates; see the module docstring for how names are compared."""

    def __init__(self) -> None:
        self._entries: dict[tuple[str, ...], _Entry] = {}
        self._longest = 1
        self.civilians: list[tuple[tuple[str, ...], Candidate]] = []
        """CIVILIANS actors with the words of their place: "civilians" near "Aleppo"."""
        self.cameo_states: dict[str, Candidate] = {}
        """A CAMEO country code to the state the graph holds under it."""
        self.cameo_of: dict[str, str] = {}
        """An actor key to its CAMEO code, for the actors the graph gives one."""

    @classmethod
    def from_graph(cls, graph: AllianceGraph) -> Gazetteer:
        """The graph's names and the lexicon's, the graph's first."""
        names = cls()
        for actor in graph.actors():
            cand = Candidate(actor.key, actor.name, actor.kind, existing=True)
            for name in (actor.name, *actor.aliases):
                names.add(name, cand, "name")
            if actor.cameo:
                names.cameo_of[actor.key] = actor.cameo
                if actor.kind is ActorKind.STATE:
                    names.cameo_states.setdefault(actor.cameo[:3], cand)
            if actor.kind is ActorKind.CIVILIANS:
                place = tuple(
                    w for w in words_of(actor.name) if w not in {"civilians", "of", "the"}
                )
                if place:
                    names.civilians.append((place, cand))
        for name, country in COUNTRIES.items():
            names.add(name, names.state(country), "name")
        for demonym, country in DEMONYMS.items():
            names.add(demonym, names.state(country), "demonym")
        for capital, country in CAPITALS.items():
            names.add(capital, names.state(country), "capital")
        for name, canonical in ORGANIZATIONS.items():
            found = names.lookup(canonical)
            org = Candidate(slug(canonical), canonical, ActorKind.ORGANIZATION, existing=False)
            names.add(name, found or org, "name")
        return names

    def add(self, name: str, candidate: Candidate, via: str) -> None:
        """Read ``name`` as ``candidate`` unless the name is already taken."""
        words = words_of(name)
        if not words or words in self._entries:
            return
        letters = [c for c in name if c.isalpha()]
        capitals_only = len(letters) <= 5 and all(c.isupper() for c in letters)
        self._entries[words] = _Entry(candidate, capitals_only, via)
        self._longest = max(self._longest, len(words))

    def lookup(self, name: str) -> Candidate | None:
        """The candidate ``name`` reads as, if any."""
        entry = self._entries.get(words_of(name))
        return None if entry is None else entry.candidate

    def state(self, country: str) -> Candidate:
        """The graph's actor for ``country`` (by any of its names), or a new STATE candidate."""
        for name, canonical in COUNTRIES.items():
            if canonical == country and (found := self.lookup(name)) is not None:
                return found
        return Candidate(slug(country), country, ActorKind.STATE, existing=False)

    def match(self, tokens: Sequence[Token], i: int) -> tuple[int, Candidate, str] | None:
        """The longest name starting at ``tokens[i]``: its length in words, what it names and
        how (``name``, ``demonym`` or ``capital``)."""
        for size in range(min(self._longest, len(tokens) - i), 0, -1):
            words = tuple(t.norm for t in tokens[i : i + size])
            entry = self._entries.get(words)
            if entry is None:
                continue
            if entry.capitals_only and not all(t.upper for t in tokens[i : i + size]):
                continue
            # A possessive may end a name, never sit inside it ("Iran’s Hamadan" is no name).
            if any(t.possessive for t in tokens[i : i + size - 1]) and entry.via != "name":
                continue
            return size, entry.candidate, entry.via
        return None
