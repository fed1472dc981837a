"""Proposed relationships from a news article's text, for a person to review.

:func:`propose` reads an article against a graph's actors and returns :class:`Proposals`:
each :class:`Proposal` a relation between two :class:`Candidate` actors with its verbatim
quote, cue, stance, claimant, date and confidence. :func:`fragment` turns them into a dataset
fragment that ``alliance-graph validate`` accepts. See ``docs/ingest.md``.

Examples
--------
>>> import datetime as dt
>>> from graph import Source, load_seed
>>> batch = propose("Russian President Vladimir Putin met Rouhani last week.",
...                 Source("wire", "Wire"), load_seed(), published=dt.date(2016, 8, 16))
>>> for p in batch.proposals:
...     print(p.source.key, p.relation.value, p.target.key, p.date, p.date_precision.value)
putin LEADS russia 2016-08-08 WEEK
putin MEETS rouhani 2016-08-08 WEEK
"""

from __future__ import annotations

from graph.ingest.fragment import fragment
from graph.ingest.propose import propose
from graph.ingest.records import MAX_TEXT_CHARS, Candidate, Proposal, Proposals
from graph.ingest.scoring import Score, score

__all__ = [
    "MAX_TEXT_CHARS",
    "Candidate",
    "Proposal",
    "Proposals",
    "Score",
    "fragment",
    "propose",
    "score",
]
