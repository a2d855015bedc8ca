"""Tokenising on every core for large rebuilds, in order, with bounded memory.

jieba is pure Python: one process tokenises ~500 documents/s here, so a 100k rebuild is
mostly tokenising. Worker processes are forked from the caller, which has the dictionary
loaded already (a spawned worker would spend seconds loading it again).
"""
from __future__ import annotations

import multiprocessing
import os
from collections import deque
from collections.abc import Callable, Iterable, Iterator
from concurrent.futures import ProcessPoolExecutor
from itertools import islice

# Below this many items the work stays in the calling process: starting workers costs
# more than it saves (and small rebuilds are what tests and fresh installs do).
PARALLEL_FROM = 4000


def workers() -> int:
    return max(1, min(len(os.sched_getaffinity(0)), 8))


def map_batches(func: Callable[[list], list], items: Iterable, size: int) -> Iterator[list]:
    """`func(batch)` for consecutive batches of `size` items, in order.

    With enough items and more than one core, batches are processed by worker processes
    (at most two batches each in flight, so a huge input never sits in memory whole);
    `func` must then be a module-level function and the batches picklable.
    """
    iterator = iter(items)
    head = list(islice(iterator, PARALLEL_FROM))
    batches = _batched(head, iterator, size)
    count = workers()
    forks = "fork" in multiprocessing.get_all_start_methods()
    if len(head) < PARALLEL_FROM or count < 2 or not forks:
        yield from map(func, batches)
        return
    context = multiprocessing.get_context("fork")
    with ProcessPoolExecutor(max_workers=count, mp_context=context) as pool:
        pending: deque = deque()
        for batch in batches:
            pending.append(pool.submit(func, batch))
            if len(pending) >= 2 * count:
                yield pending.popleft().result()
        while pending:
            yield pending.popleft().result()


def _batched(head: list, rest: Iterator, size: int) -> Iterator[list]:
    for start in range(0, len(head) - len(head) % size, size):
        yield head[start:start + size]
    tail = head[len(head) - len(head) % size:]
    while True:
        batch = tail + list(islice(rest, size - len(tail)))
        tail = []
        if not batch:
            return
        yield batch
