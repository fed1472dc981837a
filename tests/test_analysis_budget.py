"""The analytics time budget: loops that never check the time are stopped too, in any thread,
and a block that ended in time is never interrupted afterwards."""

from __future__ import annotations

import contextlib
import threading
import time

import pytest

from graph.analysis.budget import AnalysisTimeout, report_budgets, time_budget


def _spin() -> None:
    while True:  # never calls check_time
        pass


def test_a_loop_that_never_checks_the_time_is_stopped_in_a_worker_thread() -> None:
    outcome: list[BaseException] = []

    def run() -> None:
        try:
            with time_budget(0.1):
                _spin()
        except AnalysisTimeout as error:
            outcome.append(error)

    worker = threading.Thread(target=run)
    start = time.monotonic()
    worker.start()
    worker.join(timeout=10)
    assert not worker.is_alive()
    assert [str(e) for e in outcome] == ["the analysis took longer than its 0.1 s budget"]
    assert time.monotonic() - start < 2


def test_a_stop_swallowed_by_a_broad_except_is_raised_again() -> None:
    def stubborn() -> None:
        with contextlib.suppress(Exception):  # code on the way that swallows the first stop
            _spin()
        _spin()

    with pytest.raises(AnalysisTimeout), time_budget(0.05):
        stubborn()


def test_a_block_that_ends_in_time_is_never_interrupted_afterwards() -> None:
    stopped = 0
    for i in range(3000):
        try:
            with time_budget(1e-5 * (i % 7)):  # deadlines about as long as the block
                sum(range(40))
        except AnalysisTimeout:
            stopped += 1
        total = 0
        for j in range(100):  # outside the block: must never be stopped
            total += j
    assert stopped < 3000


def test_each_budget_is_reported_as_it_starts_and_ends() -> None:
    seen: list[tuple[float, float] | None] = []
    report_budgets(seen.append)
    try:
        with time_budget(5), time_budget(1):
            pass
    finally:
        report_budgets(None)
    assert [None if budget is None else budget[1] for budget in seen] == [5, 1, 5, None]
