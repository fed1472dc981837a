"""Proposed relationships from a news article's text, for a person to review."""

from __future__ import annotations

__all__: list[str] = []
