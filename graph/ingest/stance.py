"""Who says it, and how sure the sentence is: a proposal's stance and claimant.

- "X said", "X says that", "…, X said", "according to X", "X insisted" make a sentence
  CLAIMED by X; "IRNA quoted Shamkhani as saying that …" is claimed by the one quoted.
  "he said" and "it said" take the claimant of the sentence before. "officials said", with
  no actor named, is CLAIMED with no claimant ("Russian officials said": by Russia).
- A hedge anywhere in the sentence ("it was not clear", "reportedly", "unconfirmed",
  "allegedly", "possible") makes it UNCERTAIN, whoever says it; the claimant is kept.
- Otherwise the outlet says it in its own voice: REPORTED.

The words of the attribution and the claimant are no end of a relation: the relation is read
from the rest of the sentence (``content``).

Examples
--------
>>> from graph import load_seed
>>> from graph.ingest.mentions import mentions_in
>>> from graph.ingest.names import Gazetteer
>>> from graph.ingest.text import tokenize
>>> names = Gazetteer.from_graph(load_seed())
>>> text = "Russian jets hit ISIS, Russia’s defense ministry said, though it was not clear."
>>> tokens = tokenize(text)
>>> said = attribution(text, tokens, mentions_in(text, tokens, names), None)
>>> said.stance.value, said.claimant.key, [t.text for t in tokens[slice(*said.content)]]
('UNCERTAIN', 'russia-defense-ministry', ['Russian', 'jets', 'hit', 'ISIS'])
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass

from graph.ingest.lexicon import SPEAKER_NOUNS, word_set
from graph.ingest.mentions import Mention
from graph.ingest.records import Candidate
from graph.ingest.text import Token
from graph.model.vocabulary import ActorKind, Stance

__all__ = ["HEDGES", "SPEECH_VERBS", "Attribution", "attribution"]

SPEECH_VERBS = word_set(
    "said says say told tells stated announced claimed claims insisted insists added adds "
    "reported reports confirmed confirms alleged alleges argued maintained"
)
"""Verbs that attribute what follows (or precedes) them to their subject."""

HEDGES = re.compile(
    r"\b(?:(?:was|is|it's|remains|remained) (?:not |un)clear|unclear|reportedly|unconfirmed|"
    r"unverified|allegedly|alleged|possibl[ey]|may have|might have|could have|"
    r"(?:is|are|was|were) believed|suspected|purportedly|apparently|appeared to|rumou?red)\b",
    re.I,
)
"""Words by which a sentence doubts what it reports."""


@dataclass(frozen=True, slots=True)
class Attribution:
    """A sentence's stance, its claimant if named, and the words (``content``, a range of
    token positions) that report the relation itself."""

    stance: Stance
    claimant: Candidate | None
    content: tuple[int, int]
    claimant_mentions: frozenset[int] = frozenset()
    """Positions (``Mention.first``) of the mentions that name the claimant."""


def _before(mentions: Sequence[Mention], i: int, reach: int = 3) -> Mention | None:
    """The mention ending at most ``reach`` words before word ``i``."""
    found = [m for m in mentions if m.last <= i and i - m.last <= reach]
    return found[-1] if found else None


def attribution(
    text: str, tokens: Sequence[Token], mentions: Sequence[Mention], previous: Candidate | None
) -> Attribution:
    """The stance of a sentence; ``previous`` is the claimant of the sentence before it."""
    norms = [t.norm for t in tokens]
    hedged = bool(HEDGES.search(text, tokens[0].start, tokens[-1].end)) if tokens else False
    stance, claimant, content, named = Stance.REPORTED, None, (0, len(tokens)), frozenset[int]()
    for i, word in enumerate(norms):
        if word == "according" and i + 1 < len(norms) and norms[i + 1] == "to":
            after = [m for m in mentions if i + 2 <= m.first <= i + 5]
            claimant = after[0].candidate if after else None
            named = frozenset(m.first for m in after[:1])
            stance, content = Stance.CLAIMED, (0, i)
            break
        if word == "quoted":
            quoted = [m for m in mentions if i < m.first <= i + 4]
            saying = next((k for k in range(i, len(norms)) if norms[k] == "saying"), None)
            if quoted and saying is not None:
                claimant, named = quoted[0].candidate, frozenset({quoted[0].first})
                start = saying + 1 + (saying + 1 < len(norms) and norms[saying + 1] == "that")
                stance, content = Stance.CLAIMED, (start, len(tokens))
                break
        if word not in SPEECH_VERBS:
            continue
        speaker = _before(mentions, i)
        pronoun = i > 0 and norms[i - 1] in {"he", "she", "it", "they"}
        unnamed = i > 0 and norms[i - 1] in SPEAKER_NOUNS
        if (speaker is None and not pronoun and not unnamed) or (pronoun and i > 1):
            continue  # no speaker, or one in a clause of its own ("which it says")
        stance = Stance.CLAIMED
        if speaker is not None and not unnamed:
            claimant, named = speaker.candidate, frozenset({speaker.first})
            begin = speaker.first
        else:
            claimant = previous if pronoun else None
            owner = _before(mentions, i - 1, 1) if unnamed else None
            if owner is not None and owner.candidate.kind is ActorKind.STATE:
                claimant, named = owner.candidate, frozenset({owner.first})
            begin = min([i - 1, *named])
        k = begin - 1
        while k > 0 and norms[k] in {"the", "a", "an"}:
            k -= 1
        trailing = k >= 0 and "," in text[tokens[k].end : tokens[k + 1].start]
        if not trailing:
            start = i + 1 + (i + 1 < len(norms) and norms[i + 1] == "that")
            content = (start, len(tokens))
        else:
            content = (0, begin)
        break
    lo, hi = content
    cut = next(
        (k for k in range(lo, hi - 1) if norms[k] == "according" and norms[k + 1] == "to"), hi
    )
    content = (lo, cut)
    if hedged:
        stance = Stance.UNCERTAIN
    return Attribution(stance, claimant, content, named)
