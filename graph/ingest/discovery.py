"""New actor candidates: names in an article that the graph does not hold.

Read before any relation, over the whole article, so that a name found once ("Hezbollah
fighters") is known wherever else it is written ("Hezbollah’s involvement"). A name is taken
when one of these holds, and its kind is guessed from its words (:func:`kind_by_words`):

- a title before capitalised words: "Foreign Minister Sergei Lavrov", "Hezbollah leader
  Hassan Nasrallah" (PERSON);
- two or more capitalised words, not a date and not a place ("in Khan Sheikhoun", "Latakia
  province"): "Free Syrian Army" (ARMED_GROUP by "Army"), "Bashar Jaafari" (PERSON when
  no word tells another kind);
- one capitalised word before a word for fighters: "Hezbollah fighters", "Turkmen rebels"
  (ARMED_GROUP; "rebels" and "militia" stay part of the name);
- a state's possessive or demonym before a body: "Iran’s foreign ministry" (STATE_BODY).

A new person is also known afterwards by their last name ("Erdogan").

Examples
--------
>>> from graph import load_seed
>>> from graph.ingest.names import Gazetteer
>>> names = Gazetteer.from_graph(load_seed())
>>> text = "Turkish President Recep Tayyip Erdogan met Hezbollah fighters in Khan Sheikhoun."
>>> [(c.key, c.kind.value) for c in discover(text, [(0, len(text))], names)]
[('recep-tayyip-erdogan', 'PERSON'), ('hezbollah', 'ARMED_GROUP')]
>>> names.lookup("Erdogan").key
'recep-tayyip-erdogan'
"""

from __future__ import annotations

from collections.abc import Sequence

from graph.ingest.lexicon import NOT_NAMES, TITLES, kind_by_words, word_set
from graph.ingest.mentions import dateline_end
from graph.ingest.names import Gazetteer, words_of
from graph.ingest.records import Candidate, slug
from graph.ingest.text import Token, tokenize
from graph.model.vocabulary import ActorKind

__all__ = ["GROUP_NOUNS", "PLACE_NOUNS", "discover", "title_at"]

GROUP_NOUNS = word_set(
    "fighters militants militiamen forces group movement leader commanders rebels militia "
    "militias guerrillas gunmen"
)
"""Words after a name that make it an armed group."""

PLACE_NOUNS = word_set(
    "province city town village base airbase airport district region suburb suburbs "
    "countryside governorate river mountains border hotel crossing"
)
"""Words after a name that make it a place, not an actor."""

_PARTICLES = frozenset({"al", "el", "de", "bin", "ibn", "van", "von", "abu", "of", "for"})
_PLACE_PREPOSITIONS = frozenset({"in", "of", "at", "from", "near", "into", "outside", "to"})
_BODIES = ("foreign ministry", "defense ministry", "defence ministry", "interior ministry",
           "ministry", "military", "army", "parliament", "navy", "air force")  # fmt: skip
_TITLE_WORDS = sorted((words_of(t) for t in TITLES), key=len, reverse=True)


def title_at(tokens: Sequence[Token], i: int) -> int:
    """How many words of a title (:data:`~graph.ingest.lexicon.TITLES`) start at ``tokens[i]``."""
    for words in _TITLE_WORDS:
        if tuple(t.norm for t in tokens[i : i + len(words)]) == words:
            return len(words)
    return 0


def _namelike(token: Token) -> bool:
    return (
        token.capitalised
        and token.norm not in NOT_NAMES
        and not any(c.isdigit() for c in token.text)
        and "." not in token.text.rstrip(".")
    )


def _name_run(text: str, tokens: Sequence[Token], i: int, free: Sequence[bool]) -> int:
    """The end of a run of name words from ``i``: capitalised words and particles between,
    nothing but spaces between words."""
    j = i
    while j < len(tokens) and free[j]:
        if j > i and text[tokens[j - 1].end : tokens[j].start].strip():
            break
        if _namelike(tokens[j]):
            j += 1
        elif tokens[j].norm.split("-")[0] in _PARTICLES and j + 1 < len(tokens):
            if not _namelike(tokens[j + 1]) and "-" not in tokens[j].norm:
                break
            j += 1
        else:
            break
        if tokens[j - 1].possessive:
            break
    while j > i and tokens[j - 1].norm in _PARTICLES:
        j -= 1
    return j


class _Finder:
    def __init__(self, names: Gazetteer) -> None:
        self.names = names
        self.found: dict[str, Candidate] = {}
        self.organizations: set[int] = set()

    def take(self, name: str, kind: ActorKind, key: str | None = None) -> None:
        if self.names.lookup(name) is not None:
            return
        cand = Candidate(key or slug(name), name, kind, existing=False)
        cand = self.found.setdefault(cand.key, cand)
        self.names.add(name, cand, "name")
        parts = name.split()
        if kind is ActorKind.PERSON and len(parts) > 1 and self.names.lookup(parts[-1]) is None:
            self.names.add(parts[-1], cand, "name")

    def sentence(self, text: str, tokens: Sequence[Token]) -> None:
        start = dateline_end(tokens, text)
        free = [i >= start for i in range(len(tokens))]
        tables: set[int] = set()
        organizations: set[int] = set()
        for i in range(start, len(tokens)):
            hit = self.names.match(tokens, i) if free[i] else None
            if hit is not None:
                for j in range(i, i + hit[0]):
                    free[j] = False
                named = all(t.capitalised for t in tokens[i : i + hit[0]])
                before = tokens[i - 1] if i > start else None
                # "Free Syrian Army": a proper name that holds one the graph knows.
                inside = named and before is not None and free[i - 1] and _namelike(before)
                if not hit[1].existing or hit[2] == "demonym" or inside:
                    tables.update(range(i, i + hit[0]))
                    if hit[1].kind is ActorKind.ORGANIZATION:
                        organizations.add(i)
                self._body(tokens, i, hit[0], hit[1], free)
        for i in range(len(tokens)):
            if free[i] and (size := title_at(tokens, i)):
                end = _name_run(text, tokens, i + size, free)
                if end > i + size:
                    self.take(_join(tokens[i + size : end]), ActorKind.PERSON)
                    for j in range(i, end):
                        free[j] = False
        i = 0
        self.organizations = organizations
        while i < len(tokens):
            end = self._sequence(text, tokens, i, free, tables)
            i = max(end, i + 1)

    def _body(
        self, tokens: Sequence[Token], i: int, size: int, owner: Candidate, free: list[bool]
    ) -> None:
        """ "Iran’s foreign ministry": a state's body the graph does not hold."""
        if owner.kind is not ActorKind.STATE or i + size >= len(tokens):
            return
        possessive = tokens[i + size - 1].possessive
        for body in _BODIES if possessive else ("ministry", "parliament"):
            words = body.split()
            after = tokens[i + size : i + size + len(words)]
            if [t.norm for t in after] == words and all(free[i + size : i + size + len(words)]):
                name = f"{owner.name} {body.title()}"
                self.take(name, ActorKind.STATE_BODY, key=slug(f"{owner.key} {body}"))
                spoken = self.names.lookup(name)
                if spoken is not None:
                    self.names.add(_join(tokens[i : i + size + len(words)]), spoken, "name")
                return

    def _sequence(
        self, text: str, tokens: Sequence[Token], i: int, free: Sequence[bool], tables: set[int]
    ) -> int:
        if not (free[i] or i in tables) or not (_namelike(tokens[i]) or i in tables):
            return i + 1
        run_free = [f or k in tables for k, f in enumerate(free)]
        end = _name_run(text, tokens, i, run_free)
        words = [t for k, t in enumerate(tokens[i:end], i) if k not in tables and _namelike(t)]
        after = tokens[end].norm if end < len(tokens) else ""
        before = tokens[i - 1].norm if i else ""
        if len(words) == 1 and end - i == 1 and after in GROUP_NOUNS and free[i]:
            keep = after in {"rebels", "militia", "militias"}
            self.take(_join(tokens[i : end + keep]), ActorKind.ARMED_GROUP)
            return end
        owner = i > 0 and tokens[i - 1].possessive and (i - 1) in tables
        if len(words) == 1 and end - i == 1 and owner and after not in PLACE_NOUNS and free[i]:
            self.take(tokens[i].text, ActorKind.ORGANIZATION)  # "Lebanon’s Hezbollah"
            return end
        kind = kind_by_words([t.text for t in tokens[i:end]])
        if not words or (len(words) < 2 and (kind is None or end - i < 2)) or after in PLACE_NOUNS:
            return end
        if i in self.organizations:
            kind = ActorKind.ORGANIZATION
        if kind is None and (end - i > 3 or before in _PLACE_PREPOSITIONS):
            return end
        self.take(_join(tokens[i:end]), kind or ActorKind.PERSON)
        return end


def _join(tokens: Sequence[Token]) -> str:
    return " ".join(t.text[: len(t.text) - 2] if t.possessive else t.text for t in tokens)


def discover(text: str, spans: Sequence[tuple[int, int]], names: Gazetteer) -> list[Candidate]:
    """The new candidates in the sentences ``spans`` of ``text``, in order of first mention;
    each is added to ``names`` so that later mentions of it are found."""
    finder = _Finder(names)
    for start, end in spans:
        finder.sentence(text, tokenize(text, start, end))
    return list(finder.found.values())
