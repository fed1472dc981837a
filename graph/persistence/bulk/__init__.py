"""The changes that move whole datasets, IMPORT and MERGE: their records in pages, the merge.

An IMPORT's or a MERGE's history entry holds counts; the records it wrote are kept beside it,
one row each, and read a page at a time (:mod:`graph.persistence.bulk.records`), so that
listing the history never reads a dataset. :mod:`graph.persistence.bulk.merge` adds a dataset
to the graph; :mod:`graph.persistence.bulk.old_imports` converts the inline IMPORT entries of
stores made by earlier versions.
"""

from __future__ import annotations

from graph.persistence.bulk.merge import Conflict, MergeConflict, Merged, NothingToMerge, merge
from graph.persistence.bulk.records import ChangeRecord

__all__ = ["ChangeRecord", "Conflict", "MergeConflict", "Merged", "NothingToMerge", "merge"]
