"""What an export is asked for: the file format, and which part of the graph in which layout.

Examples
--------
>>> ExportFormat.GEXF.content_type, ExportFormat.GEXF.filename
('application/gexf+xml', 'alliance-graph.gexf')
>>> ExportOptions(min_confidence=0.8, include_claims=False).where
RelationshipFilter(relations=None, valence=None, actor=None, direction=<Direction.ANY: 'ANY'>, \
between=None, claimed_by=None, stance=<Stance.REPORTED: 'REPORTED'>, since=None, until=None, \
as_of=None, min_confidence=0.8)
"""

from __future__ import annotations

import datetime as dt
import enum
import math
from dataclasses import dataclass

from graph.analysis.paths import MAX_DEPTH
from graph.export.layout import DEFAULT_SEED, MAX_SPRING_ACTORS, Layout, check_seed
from graph.model.errors import InvalidInput
from graph.model.vocabulary import Relation, Stance, Valence
from graph.store.filters import RelationshipFilter

__all__ = ["ExportFormat", "ExportOptions"]

_FILE_TYPES: dict[str, tuple[str, str]] = {
    "cytoscape": ("application/json", "cyjs"),
    "node-link": ("application/json", "node-link.json"),
    "graphology": ("application/json", "graphology.json"),
    "gexf": ("application/gexf+xml", "gexf"),
    "graphml": ("application/graphml+xml", "graphml"),
}


class ExportFormat(enum.Enum):
    """A file format a visualization front end or desktop tool reads."""

    CYTOSCAPE = "cytoscape"
    """Cytoscape.js elements JSON (also what Cytoscape desktop imports as ``.cyjs``)."""
    NODE_LINK = "node-link"
    """The D3 force shape: ``nodes`` with ``id``, ``links`` with ``source`` and ``target``."""
    GRAPHOLOGY = "graphology"
    """graphology's serialization, which Sigma.js loads."""
    GEXF = "gexf"
    """GEXF 1.2 for Gephi, with ``viz`` positions, colours and sizes."""
    GRAPHML = "graphml"
    """GraphML, scalar attributes only."""

    @property
    def content_type(self) -> str:
        """The media type to serve the file with."""
        return _FILE_TYPES[self.value][0]

    @property
    def extension(self) -> str:
        """The file name extension, without the leading dot."""
        return _FILE_TYPES[self.value][1]

    @property
    def filename(self) -> str:
        """The name to offer for a download."""
        return f"alliance-graph.{self.extension}"


@dataclass(frozen=True, slots=True)
class ExportOptions:
    """Which actors and relationships to export, and how to lay them out.

    Relationships must pass every filter. Without ``around`` every actor is exported, tied or
    not; with it, the actors within ``depth`` hops of ``around`` (following only relationships
    that pass the filters, either way) and the relationships among them.
    ``include_claims=False`` keeps only what outlets report in their own voice (stance
    REPORTED), leaving out CLAIMED and UNCERTAIN relationships.

    ``layout=None`` (the default) is spring for up to ``max_layout_actors`` actors and
    circular above (:func:`graph.export.layout.default_layout`); asked for by name, spring
    and Kamada-Kawai refuse more than ``max_layout_actors`` actors.

    Options are hashable, so an export can be cached per graph version.

    Raises
    ------
    InvalidInput
        When ``min_confidence`` is not between 0 and 1, ``depth`` not between 1 and 3, or
        ``seed`` out of range; the error's ``field`` names the option.
    """

    as_of: dt.date | None = None
    relations: frozenset[Relation] | None = None
    valence: Valence | None = None
    min_confidence: float | None = None
    include_claims: bool = True
    around: str | None = None
    depth: int = 1
    layout: Layout | None = None
    seed: int = DEFAULT_SEED
    max_layout_actors: int = MAX_SPRING_ACTORS

    def __post_init__(self) -> None:
        check_seed(self.seed)
        if self.min_confidence is not None and not (
            math.isfinite(self.min_confidence) and 0.0 <= self.min_confidence <= 1.0
        ):
            raise InvalidInput(
                f"minConfidence must be between 0 and 1, got {self.min_confidence}",
                field="min_confidence",
            )
        if not 1 <= self.depth <= MAX_DEPTH:
            raise InvalidInput(
                f"depth must be between 1 and {MAX_DEPTH}, got {self.depth}", field="depth"
            )

    @property
    def where(self) -> RelationshipFilter:
        """The relationship filter these options stand for."""
        return RelationshipFilter(
            relations=self.relations,
            valence=self.valence,
            as_of=self.as_of,
            min_confidence=self.min_confidence,
            stance=None if self.include_claims else Stance.REPORTED,
        )

    @property
    def whole_default(self) -> bool:
        """Whether these options lay out what ``Actor.position`` lays out: every actor, pulled
        together by every relationship, with the default seed; such an export may use the
        positions already computed for the graph's version and layout.

        >>> ExportOptions().whole_default, ExportOptions(seed=7).whole_default
        (True, False)
        """
        return (
            self.around is None and self.seed == DEFAULT_SEED and self.where == RelationshipFilter()
        )
