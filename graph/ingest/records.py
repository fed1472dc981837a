"""What the extractor hands back: candidate actors, proposed relationships and their batch.

Examples
--------
>>> from graph.model.vocabulary import ActorKind
>>> Candidate("turkey", "Turkey", ActorKind.STATE, existing=False).key
'turkey'
>>> slug("Recep Tayyip Erdoğan")
'recep-tayyip-erdogan'
"""

from __future__ import annotations

import datetime as dt
import hashlib
import re
import unicodedata
from dataclasses import dataclass

from graph.model.records import Source
from graph.model.vocabulary import ActorKind, DatePrecision, Relation, Stance, SupportKind

__all__ = ["MAX_TEXT_CHARS", "Candidate", "Proposal", "Proposals", "fingerprint", "slug"]

MAX_TEXT_CHARS = 100_000
"""The longest article text :func:`~graph.ingest.propose.propose` reads (about 15,000 words)."""


def slug(name: str) -> str:
    """A lower-case key made from ``name``: accents dropped, anything else joined by ``-``."""
    ascii_name = unicodedata.normalize("NFKD", name).encode("ascii", "ignore").decode()
    return re.sub(r"[^a-z0-9]+", "-", ascii_name.lower()).strip("-")[:128] or "actor"


@dataclass(frozen=True, slots=True)
class Candidate:
    """An actor a proposal names: one the graph holds (``existing``) or a new one, whose
    ``key`` is a proposed slug and ``kind`` a guess from its name (see :mod:`graph.ingest.lexicon`).
    """

    key: str
    name: str
    kind: ActorKind
    existing: bool = True


@dataclass(frozen=True, slots=True)
class Proposal:
    """One relationship proposed from one sentence of an article.

    ``quote`` is ``text[quote_start:quote_end]`` of the article exactly; ``cue`` is the words
    of the text that gave the relation ("shot down", "backers of", "President").
    ``id`` is a fingerprint of the source, the relation, both ends, the quote and the cue:
    the same article proposed twice gives the same ids.
    """

    id: str
    relation: Relation
    source: Candidate
    target: Candidate
    quote: str
    quote_start: int
    quote_end: int
    cue: str
    confidence: float
    stance: Stance = Stance.REPORTED
    claimed_by: Candidate | None = None
    date: dt.date | None = None
    date_precision: DatePrecision | None = None
    support_kinds: tuple[SupportKind, ...] = ()


@dataclass(frozen=True, slots=True)
class Proposals:
    """Everything proposed from one article: its source, the proposals in text order, and
    the new actors they name (each once, in order of first mention)."""

    source: Source
    proposals: tuple[Proposal, ...]
    new_actors: tuple[Candidate, ...]


def fingerprint(
    source_id: str, relation: Relation, ends: tuple[str, str], quote: str, cue: str
) -> str:
    """A stable id for a proposal: ``p-`` and 16 hex digits of a SHA-256 of what it says.

    >>> fingerprint("nbc", Relation.MEETS, ("putin", "rouhani"), "Putin met Rouhani", "met")
    'p-...'
    """
    text = "\x1f".join((source_id, relation.value, *ends, quote, cue))
    return "p-" + hashlib.sha256(text.encode("utf-8", "surrogatepass")).hexdigest()[:16]
