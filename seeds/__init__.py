"""Curated seed datasets shipped with alliance-graph (data files only)."""
