"""A fresh Whoosh index written in parallel processes when there is much to write.

`build` shares the documents among worker processes, each writing its own segments with a
BulkWriter; the parent then commits one table of contents listing them all. Nothing is
visible before that commit, and a failure anywhere stops every worker and raises.
"""
from __future__ import annotations

import multiprocessing
import queue
import traceback
from collections.abc import Iterable, Iterator
from itertools import chain, islice

from whoosh import index as windex

from search_index.analysis import tokenizer
from search_index.schema import Document
from search_index.whoosh_bulk import BulkWriter
from search_index.whoosh_schema import document_fields

BATCH = 200  # documents per job sent to a worker
MAX_SEGMENT_DOCS = 250_000  # a worker starts a new segment after this many (bounds memory)
POLL = 0.5  # seconds between checks that the workers are still alive


class WorkerError(RuntimeError):
    """A worker process of a parallel build failed."""


def _write(ix, docs: Iterable[Document]) -> list:
    """Add `docs` to new segments of `ix`; return the finished segments.

    The writers take no lock: nothing else writes to a new index (the commit takes it).
    """
    segments, writer = [], None
    for doc in docs:
        if writer is None:
            writer = BulkWriter(ix, _lk=False)
        writer.add_document(**document_fields(doc))
        if writer.docnum >= MAX_SEGMENT_DOCS:
            segments.append(writer.finish_segment())
            writer = None
    if writer is not None:
        segments.append(writer.finish_segment())
    return segments


def _jobs(source) -> Iterator[Document]:
    parent = multiprocessing.parent_process()
    while True:
        try:
            batch = source.get(timeout=10 * POLL)
        except queue.Empty:
            if parent is not None and not parent.is_alive():  # killed: never sends None
                raise WorkerError("the parent process is gone") from None
            continue
        if batch is None:
            return
        yield from batch


def _worker(folder: str, number: int, jobs, results) -> None:
    """A worker process: index the documents of the jobs until None, then report."""
    try:
        segments = _write(windex.open_dir(folder), _jobs(jobs))
        results.put((number, segments, None))
    except BaseException:  # reported to the parent, which raises
        results.put((number, None, traceback.format_exc()))


class _Workers:
    """Worker processes fed through a bounded queue (the parent never runs far ahead)."""

    def __init__(self, folder: str, procs: int) -> None:
        # Forked, as search_index.parallel does: the caller has jieba's dictionary loaded
        # already, and a worker never touches what else it inherits (say, a database
        # connection: the documents come through the queue).
        context = multiprocessing.get_context("fork")
        self.jobs = context.Queue(maxsize=2 * procs)
        self.results = context.Queue()
        self.segments: dict[int, list] = {}
        self.processes = [context.Process(target=_worker, daemon=True,
                                          args=(folder, n, self.jobs, self.results))
                          for n in range(procs)]
        for process in self.processes:
            process.start()

    def send(self, batch) -> None:
        self._check()  # a failed worker stops the build now, not after all is sent
        while True:
            try:
                self.jobs.put(batch, timeout=POLL)
                return
            except queue.Full:
                self._check()

    def finish(self) -> list:
        """Every worker's segments, in worker order, once all have reported."""
        for _ in self.processes:
            self.send(None)
        while len(self.segments) < len(self.processes):
            self._receive(POLL)
            self._check()
        for process in self.processes:
            process.join()
        return [s for n in sorted(self.segments) for s in self.segments[n]]

    def _receive(self, timeout: float) -> None:
        try:
            number, segments, error = self.results.get(timeout=timeout)
        except queue.Empty:
            return
        if error is not None:
            raise WorkerError(f"index worker {number} failed: {error}")
        self.segments[number] = segments

    def _check(self) -> None:
        """Raise if a worker ended without reporting (killed, say, for lack of memory)."""
        for number, process in enumerate(self.processes):
            if process.exitcode is not None and number not in self.segments:
                self._receive(timeout=2 * POLL)  # its report may still be in the pipe
                if number not in self.segments:
                    raise WorkerError(f"index worker {number} exited with code "
                                      f"{process.exitcode} without a result")

    def stop(self) -> None:
        for process in self.processes:
            if process.is_alive():
                process.terminate()
        for process in self.processes:
            process.join()
        # Jobs no worker took would keep this process from exiting: the queue's feeder
        # thread waits at exit until it has written them.
        self.jobs.cancel_join_thread()
        self.jobs.close()
        self.results.close()


def build(ix, docs: Iterable[Document], procs: int, parallel_min: int) -> int:
    """Add `docs` to the (new, empty) index `ix` and commit; return how many were added.

    With `procs` > 1 and at least `parallel_min` documents, `procs` worker processes
    tokenise and write (where processes can be forked); otherwise this process does. On
    any error nothing is committed (segment files may be left: the caller removes the
    index's folder).
    """
    docs = iter(docs)
    first = list(islice(docs, parallel_min))
    forks = "fork" in multiprocessing.get_all_start_methods()
    if procs < 2 or len(first) < parallel_min or not forks:
        segments = _write(ix, chain(first, docs))
    else:
        tokenizer()  # jieba's dictionary, loaded once here for every forked worker
        workers = _Workers(ix.storage.folder, procs)
        try:
            for batch in _batches(first, docs):
                workers.send(batch)
            segments = workers.finish()
        finally:
            workers.stop()
    BulkWriter(ix).commit_segments(segments)
    return sum(segment.doc_count_all() for segment in segments)


def _batches(first: list[Document], rest: Iterator[Document]) -> Iterator[list[Document]]:
    for start in range(0, len(first), BATCH):
        yield first[start:start + BATCH]
    while batch := list(islice(rest, BATCH)):
        yield batch
