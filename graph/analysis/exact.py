"""Signed partitions solved exactly by integer programming: HiGHS, via :func:`scipy.optimize.milp`.

Both problems take one block of signed ties as actors ``0 .. n-1`` and ties ``(i, j, sign)``,
sign +1 (cooperative) or -1 (hostile), and stop at a time limit, since the solver runs in one
long C call that the analytics budget cannot interrupt.

Frustration (the line index of balance)
    Two sides, fewest ties at odds (cooperative across, hostile within). A variable ``f`` per
    tie says it is at odds. The linear relaxation is tightened with odd-cycle inequalities
    (Barahona and Mahjoub's, for the cut polytope; found by shortest paths in a graph with two
    copies of each actor): on the networks this project meets, that relaxation alone is
    usually integral, which proves the optimum. Otherwise the model with a side variable per
    actor (Aref, Mason and Wilson's, with those inequalities added) goes to branch and bound.
Correlation clustering
    Any number of groups, fewest cooperative ties across plus hostile ties within: a variable
    per pair of actors says they share a group, with the transitivity (triangle) inequalities
    of Grötschel and Wakabayashi, so ``n`` actors make ``n (n - 1) / 2`` variables and
    ``n (n - 1) (n - 2) / 2`` rows: for small blocks only.

Either answer carries a lower bound: the relaxation's, or the solver's dual bound when it
stops early.

>>> solve_frustration(3, [(0, 1, -1), (1, 2, -1), (0, 2, -1)], 5.0)
Solved(labels=[0, 1, 0], value=1, lower_bound=1, optimal=True)
>>> solve_clustering(3, [(0, 1, -1), (1, 2, -1), (0, 2, -1)], 5.0)
Solved(labels=[0, 1, 2], value=0, lower_bound=0, optimal=True)
"""

from __future__ import annotations

import itertools
import math
import time
from dataclasses import dataclass

import numpy as np
from scipy.optimize import Bounds, LinearConstraint, milp
from scipy.sparse import coo_array, csr_array
from scipy.sparse.csgraph import dijkstra

__all__ = ["COMPACT_MAX_TIES", "Solved", "Tie", "solve_clustering", "solve_frustration"]

Tie = tuple[int, int, int]
_EPS = 1e-6
_SOURCES = 256
"""Actors whose shortest odd cycles one round of separation looks for, at most."""
_SOURCE_SECONDS_PER_TIE = 2e-7
"""About what one source's shortest paths cost per tie: a round looks from fewer sources when
little time is left, so that it ends about when the solver's time does."""
COMPACT_MAX_TIES = 5_000
"""Larger blocks whose relaxation is not integral get its lower bound only: branch and bound
on them would not finish in a request's time."""


@dataclass(frozen=True, slots=True)
class Solved:
    """The best answer found: ``labels`` per actor (a side, or a group's first actor), None
    when the solver found none in time; ``optimal`` when ``value`` is proved the minimum."""

    labels: list[int] | None
    value: int | None
    lower_bound: int
    optimal: bool


def solve_frustration(n: int, ties: list[Tie], seconds: float) -> Solved:
    """The two sides with the fewest ties at odds, within ``seconds``."""
    deadline = time.monotonic() + seconds
    m = len(ties)
    ends = np.array([(i, j) for i, j, _ in ties], dtype=np.int64).reshape(m, 2)
    hostile = np.array([s < 0 for _, _, s in ties], dtype=bool)
    cuts = _Rows(m)
    bound = 0
    while (left := deadline - time.monotonic()) > 0:
        relaxed = milp(
            np.ones(m), constraints=cuts.constraint(), bounds=Bounds(0, 1), options=_limit(left)
        )
        if relaxed.status != 0:
            break
        bound = max(bound, math.ceil(relaxed.fun - _EPS))
        found = _odd_cycles(n, ends, hostile, relaxed.x, cuts, deadline)
        if not found and np.all(np.abs(relaxed.x - np.round(relaxed.x)) < _EPS):
            sides = _sides(n, ties, relaxed.x > 0.5)
            if sides is not None:
                return Solved(sides, bound, bound, True)
        if not found:
            break
    if m > COMPACT_MAX_TIES:
        return Solved(None, None, bound, False)
    return _compact(n, ties, cuts, bound, deadline)


def _compact(n: int, ties: list[Tie], cuts: _Rows, bound: int, deadline: float) -> Solved:
    """Side ``x`` per actor and ``f`` per tie: f >= |x_i - x_j| for a cooperative tie,
    f >= |x_i + x_j - 1| for a hostile one; the odd-cycle rows found so far on ``f``."""
    m = len(ties)
    rows = _Rows(n + m)
    for k, (i, j, s) in enumerate(ties):
        if s > 0:
            rows.add([n + k, i, j], [1, -1, 1], 0)
            rows.add([n + k, i, j], [1, 1, -1], 0)
        else:
            rows.add([n + k, i, j], [1, -1, -1], -1)
            rows.add([n + k, i, j], [1, 1, 1], 1)
    for columns, values, low in cuts.rows():
        rows.add([n + c for c in columns], values, low)
    degree = np.bincount([e for i, j, _ in ties for e in (i, j)], minlength=n)
    upper = np.ones(n + m)
    upper[int(np.argmax(degree))] = 0  # one side is as good as the other: fix the busiest actor
    left = deadline - time.monotonic()
    if left <= 0:
        return Solved(None, None, bound, False)
    result = milp(
        np.r_[np.zeros(n), np.ones(m)],
        constraints=rows.constraint(),
        integrality=np.ones(n + m),
        bounds=Bounds(0, upper),
        options=_limit(left),
    )
    dual = getattr(result, "mip_dual_bound", None)
    if dual is not None and math.isfinite(dual):
        bound = max(bound, math.ceil(dual - _EPS))
    if result.x is None:
        return Solved(None, None, bound, False)
    value = round(result.fun)
    labels = [int(v > 0.5) for v in result.x[:n]]
    return Solved(
        labels, value, max(bound, value) if result.status == 0 else bound, result.status == 0
    )


def solve_clustering(n: int, ties: list[Tie], seconds: float) -> Solved:
    """The grouping with the fewest cooperative ties across and hostile ties within."""
    if n < 2:
        return Solved([0] * n, 0, 0, True)
    left_of, right_of = np.triu_indices(n, 1)
    pair = np.full((n, n), -1, dtype=np.int64)
    pair[left_of, right_of] = np.arange(len(left_of))
    weight = np.zeros(len(left_of))
    cooperative = 0
    for i, j, s in ties:
        weight[pair[min(i, j), max(i, j)]] = -1.0 if s > 0 else 1.0
        cooperative += s > 0
    triples = np.array(list(itertools.combinations(range(n), 3)), dtype=np.int64).reshape(-1, 3)
    ij, jk, ik = (pair[triples[:, a], triples[:, b]] for a, b in ((0, 1), (1, 2), (0, 2)))
    signs = np.array([(1, 1, -1), (1, -1, 1), (-1, 1, 1)])
    count = len(triples)
    row = np.repeat(np.arange(3 * count), 3)
    column = np.concatenate([np.stack([ij, jk, ik], axis=1) for _ in signs]).ravel()
    value = np.concatenate([np.tile(s, (count, 1)) for s in signs]).ravel()
    matrix = coo_array((value, (row, column)), shape=(3 * count, len(weight))).tocsr()
    result = milp(
        weight,
        constraints=LinearConstraint(matrix, -np.inf, 1) if count else None,
        integrality=np.ones(len(weight)),
        bounds=Bounds(0, 1),
        options=_limit(seconds),
    )
    dual = getattr(result, "mip_dual_bound", None)
    bound = 0
    if dual is not None and math.isfinite(dual):
        bound = max(0, math.ceil(dual + cooperative - _EPS))
    if result.x is None:
        return Solved(None, None, bound, False)
    labels = list(range(n))
    for p in np.flatnonzero(result.x > 0.5):  # transitive, so each group gets its first actor
        a, b = int(left_of[p]), int(right_of[p])
        labels[b] = min(labels[b], labels[a], a)
    found = round(result.fun) + cooperative
    optimal = result.status == 0
    return Solved(labels, found, max(bound, found) if optimal else bound, optimal)


def _limit(seconds: float) -> dict[str, float | bool]:
    return {"time_limit": max(seconds, 0.01), "disp": False}


class _Rows:
    """Rows ``sum(values * x[columns]) >= low`` of a growing constraint matrix."""

    def __init__(self, width: int) -> None:
        self.width = width
        self.start = 0
        self._rows: list[tuple[list[int], list[int], int]] = []
        self._seen: set[frozenset[tuple[int, int]]] = set()

    def add(self, columns: list[int], values: list[int], low: int) -> bool:
        key = frozenset(zip(columns, values, strict=True))
        if key in self._seen:
            return False
        self._seen.add(key)
        self._rows.append((columns, values, low))
        return True

    def rows(self) -> list[tuple[list[int], list[int], int]]:
        return self._rows

    def constraint(self) -> LinearConstraint | None:
        if not self._rows:
            return None
        row = [r for r, (columns, _, _) in enumerate(self._rows) for _ in columns]
        column = [c for columns, _, _ in self._rows for c in columns]
        value = [v for _, values, _ in self._rows for v in values]
        matrix = coo_array((value, (row, column)), shape=(len(self._rows), self.width)).tocsr()
        return LinearConstraint(matrix, np.array([low for _, _, low in self._rows], float), np.inf)


def _odd_cycles(
    n: int, ends: np.ndarray, hostile: np.ndarray, f: np.ndarray, cuts: _Rows, deadline: float
) -> int:
    """Add the odd-cycle inequalities that ``f`` breaks (as many as one round of shortest
    paths finds); return how many were new.

    Actor ``v`` has copies ``2v`` and ``2v + 1``; each tie joins copies of the same parity
    at a cost of its term ``f`` or ``1 - f`` and copies of the other parity at the other term.
    A path from ``2v`` to ``2v + 1`` shorter than 1 is a cycle whose inequality "the terms
    add up to at least 1" is broken.
    """
    u, v = ends[:, 0], ends[:, 1]
    keep = np.maximum(np.where(hostile, 1 - f, f), 1e-9)  # same parity
    flip = np.maximum(np.where(hostile, f, 1 - f), 1e-9)  # other parity
    tails = np.concatenate([2 * u, 2 * u + 1, 2 * u, 2 * u + 1])
    heads = np.concatenate([2 * v, 2 * v + 1, 2 * v + 1, 2 * v])
    costs = np.concatenate([keep, keep, flip, flip])
    doubled = csr_array(
        (np.r_[costs, costs], (np.r_[tails, heads], np.r_[heads, tails])), shape=(2 * n, 2 * n)
    )
    tie_of = {(int(a), int(b)): k for k, (a, b) in enumerate(ends)}
    tie_of.update({(b, a): k for (a, b), k in list(tie_of.items())})
    # On a large block each round starts from the next few actors, as many as time allows.
    left = max(deadline - time.monotonic(), 0.0)
    count = max(1, min(n, _SOURCES, int(left / (_SOURCE_SECONDS_PER_TIE * len(ends)))))
    sources = (cuts.start + np.arange(count)) % n
    cuts.start += count
    dist, pred = dijkstra(
        doubled, directed=True, indices=2 * sources, return_predecessors=True, limit=1.0
    )
    added = 0
    for row in np.argsort(dist[np.arange(len(sources)), 2 * sources + 1]):
        start = int(sources[row])
        if not dist[row, 2 * start + 1] < 1 - _EPS:
            break
        steps, node = [], 2 * start + 1
        while node != 2 * start:
            before = int(pred[row, node])
            steps.append((before // 2, node // 2, before % 2 != node % 2))
            node = before
        cycle = _simple(steps[::-1])
        columns = [tie_of[a, b] for a, b, _ in cycle]
        values = [
            1 if turn == hostile[k] else -1 for k, (_, _, turn) in zip(columns, cycle, strict=True)
        ]
        added += cuts.add(columns, values, 1 - values.count(-1))
    return added


def _simple(steps: list[tuple[int, int, bool]]) -> list[tuple[int, int, bool]]:
    """An odd simple cycle inside an odd closed walk (no longer than the walk)."""
    seen: dict[int, int] = {}
    for position, (a, _, _) in enumerate(steps):
        if a in seen:
            inner = steps[seen[a] : position]
            odd = sum(turn for _, _, turn in inner) % 2 == 1
            return _simple(inner if odd else steps[: seen[a]] + steps[position:])
        seen[a] = position
    return steps


def _sides(n: int, ties: list[Tie], at_odds: np.ndarray) -> list[int] | None:
    """Sides consistent with exactly the ties ``at_odds`` being at odds, or None if none are."""
    near: list[list[tuple[int, bool]]] = [[] for _ in range(n)]
    for (i, j, s), odd in zip(ties, at_odds, strict=True):
        same = (s > 0) != bool(odd)
        near[i].append((j, same))
        near[j].append((i, same))
    sides = [-1] * n
    for root in range(n):
        if sides[root] >= 0:
            continue
        sides[root], waiting = 0, [root]
        while waiting:
            a = waiting.pop()
            for b, same in near[a]:
                want = sides[a] if same else 1 - sides[a]
                if sides[b] < 0:
                    sides[b] = want
                    waiting.append(b)
                elif sides[b] != want:
                    return None
    return sides
