"""The graph as files for visualization front ends and desktop tools, laid out on the server."""

from __future__ import annotations

from graph.export.formats import ExportFormat, ExportOptions, export_graph
from graph.export.layout import DEFAULT_SEED, Layout, compute_layout

__all__ = [
    "DEFAULT_SEED",
    "ExportFormat",
    "ExportOptions",
    "Layout",
    "compute_layout",
    "export_graph",
]
