"""The evaluation order of a book's formulas: a topological sort of what reads what.

Every formula node (a cell, or the whole range of an array formula) owns its cells in a
per-sheet integer grid; a node depends on the nodes owning any cell of the rectangles it
reads (ranges are looked up as numpy blocks, each distinct rectangle once). Kahn's
algorithm gives an order in which every node comes after the nodes it reads; the nodes
left over sit on a circular reference and are not evaluated (as with the ``formulas``
engine, which leaves them without a value).
"""

from __future__ import annotations

from collections import deque
from collections.abc import Iterable, Sequence

import numpy as np

__all__ = ["evaluation_order"]

Rect = tuple[int, int, int, int, int]  # sheet, r1, c1, r2, c2 (0-based, inclusive)


def _owner_grids(shapes: Sequence[tuple[int, int]], nodes: Sequence[Rect]) -> list[np.ndarray]:
    owners = [np.full(shape, -1, dtype=np.int32) for shape in shapes]
    for i, (s, r1, c1, r2, c2) in enumerate(nodes):
        owners[s][r1:r2 + 1, c1:c2 + 1] = i
    return owners


def _readers(owners: list[np.ndarray], rect: Rect) -> Iterable[int]:
    s, r1, c1, r2, c2 = rect
    g = owners[s]
    if r1 >= g.shape[0] or c1 >= g.shape[1] or r1 < 0 or c1 < 0:
        return ()
    if r1 == r2 and c1 == c2:
        k = int(g[r1, c1])
        return (k,) if k >= 0 else ()
    sub = g[r1:r2 + 1, c1:c2 + 1]
    hit = sub[sub >= 0]
    return np.unique(hit).tolist() if hit.size else ()


def evaluation_order(shapes: Sequence[tuple[int, int]], nodes: Sequence[Rect],
                     reads: Sequence[Sequence[Rect]]) -> tuple[list[int], list[int]]:
    """(order, circular): node indexes in an order that respects ``reads``; those on a cycle.

    ``shapes``: the (rows, columns) of each sheet's grid; ``nodes``: the rectangle each
    formula node fills; ``reads``: the rectangles each node reads.
    """
    owners = _owner_grids(shapes, nodes)
    cache: dict[Rect, Iterable[int]] = {}
    dependents: list[list[int]] = [[] for _ in nodes]
    indegree = [0] * len(nodes)
    for i, rects in enumerate(reads):
        seen: set[int] = set()
        for rect in rects:
            hit = cache.get(rect)
            if hit is None:
                hit = cache[rect] = _readers(owners, rect)
            seen.update(hit)
        for k in seen:
            dependents[k].append(i)
        indegree[i] = len(seen)
    ready = deque(i for i, d in enumerate(indegree) if d == 0)
    order: list[int] = []
    while ready:
        k = ready.popleft()
        order.append(k)
        for i in dependents[k]:
            indegree[i] -= 1
            if indegree[i] == 0:
                ready.append(i)
    done = set(order)
    return order, [i for i in range(len(nodes)) if i not in done]
