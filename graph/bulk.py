"""Bulk work on millions of small objects, with Python's cycle collector paused.

Reading a large graph makes millions of records, tuples and dicts that live on: the cycle
collector would walk them again and again while they are made, for nothing (they hold no
cycles to free), and a first load spent a good part of its time there.

>>> import gc
>>> with collector_paused():
...     gc.isenabled()
False
>>> gc.isenabled()
True
"""

from __future__ import annotations

import gc
from collections.abc import Iterator
from contextlib import contextmanager

__all__ = ["collector_paused"]


@contextmanager
def collector_paused() -> Iterator[None]:
    """Pause the cycle collector for the block; it runs again after, if it ran before."""
    running = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if running:
            gc.enable()
