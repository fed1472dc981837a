"""Questions asked of the graph: paths, stance, balance, blocs, centrality, inference, timeline.

The functions named like their modules stay in them: ``graph.analysis.blocs.blocs`` (and
``bloc_report``), ``graph.analysis.centrality.centrality`` (and ``ranking``),
``graph.analysis.timeline.timeline``.
"""

from __future__ import annotations

from graph.analysis.balance import BalanceReport, Triangle, balance_report
from graph.analysis.blocs import Bloc, BlocReport
from graph.analysis.budget import AnalysisTimeout, check_time, time_budget
from graph.analysis.cache import VersionedCache
from graph.analysis.centrality import CentralityMeasure, Ranking
from graph.analysis.inference import adversaries, allies, inferred_ties
from graph.analysis.paths import Path, Subgraph, neighborhood, shortest_path
from graph.analysis.signed import PairValence, pair_valence, signed_view
from graph.analysis.stance import PairStance, StanceMatrix, pair_stance, stance_matrix

__all__ = [
    "AnalysisTimeout",
    "BalanceReport",
    "Bloc",
    "BlocReport",
    "CentralityMeasure",
    "PairStance",
    "PairValence",
    "Path",
    "Ranking",
    "StanceMatrix",
    "Subgraph",
    "Triangle",
    "VersionedCache",
    "adversaries",
    "allies",
    "balance_report",
    "check_time",
    "inferred_ties",
    "neighborhood",
    "pair_stance",
    "pair_valence",
    "shortest_path",
    "signed_view",
    "stance_matrix",
    "time_budget",
]
