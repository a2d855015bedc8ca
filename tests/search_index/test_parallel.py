"""map_batches: the same batches in the same order, in the caller or in worker processes."""
from __future__ import annotations

import os

import pytest

from search_index import parallel


def lengths(batch: list) -> list:
    return [(len(batch), batch[0], os.getpid())]


def fail_on_seven(batch: list) -> list:
    if 7 in batch:
        raise ValueError("seven")
    return batch


def test_small_inputs_stay_in_the_calling_process():
    out = [r for part in parallel.map_batches(lengths, range(10), 4) for r in part]
    assert [(n, first) for n, first, _ in out] == [(4, 0), (4, 4), (2, 8)]
    assert {pid for _, _, pid in out} == {os.getpid()}


@pytest.mark.skipif(parallel.workers() < 2, reason="one core: no workers")
def test_large_inputs_are_split_over_workers_in_order(monkeypatch):
    monkeypatch.setattr(parallel, "PARALLEL_FROM", 10)
    out = [r for part in parallel.map_batches(lengths, iter(range(103)), 5) for r in part]
    assert [first for _, first, _ in out] == list(range(0, 103, 5))
    assert [n for n, _, _ in out] == [5] * 20 + [3]
    assert os.getpid() not in {pid for _, _, pid in out}


@pytest.mark.skipif(parallel.workers() < 2, reason="one core: no workers")
def test_a_failing_batch_fails_the_whole_map(monkeypatch):
    monkeypatch.setattr(parallel, "PARALLEL_FROM", 4)
    with pytest.raises(ValueError, match="seven"):
        list(parallel.map_batches(fail_on_seven, range(40), 3))


def test_empty_input_gives_nothing():
    assert list(parallel.map_batches(lengths, [], 4)) == []
