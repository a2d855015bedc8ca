"""Whoosh backend: files under one folder, atomic rebuilds, searches scored with numpy.

Layout: `<folder>/current` is a symlink to `gen-<n>`; a rebuild writes `gen-<n+1>` (in
several processes when large: whoosh_build) and swaps the link with os.replace, so
searches never see a half-built index. Writers take Whoosh's own inter-process lock (with
a timeout, never AsyncWriter, which can lose documents if the process dies).

Whoosh keeps the index: segments, postings, stored fields, deletions. Matching, BM25F
scores, facet counts and ranking are computed over whole posting arrays (whoosh_search).
"""
from __future__ import annotations

import fcntl
import os
import shutil
import threading
import time
from contextlib import contextmanager
from pathlib import Path

import whoosh
from whoosh import index as windex

from search_index import parallel, whoosh_build
from search_index.analysis import normalize, phrases, query_tokens, strip_phrases
from search_index.highlight import highlight, snippet
from search_index.schema import (
    FACETS,
    FILTERS,
    PHRASE_CANDIDATES,
    Document,
    Hit,
    LockBusy,
    Query,
    Results,
    SearchBackend,
    weighted_terms,
)
from search_index.whoosh_schema import document_fields, make_schema, schema_mismatch
from search_index.whoosh_search import WEIGHTING, Matches, match
from search_index.whoosh_segments import SegmentCache

WRITE_TIMEOUT = 30.0
# Below this many documents a rebuild writes in this process: starting workers would
# cost more than they save.
PARALLEL_FROM = 4000


LOCK_POLL = 0.005  # seconds between two tries of a lock taken with a timeout


def _flock(fd: int, timeout: float | None) -> None:
    """An exclusive flock; with a timeout, tried without blocking until it runs out."""
    if timeout is None:
        fcntl.flock(fd, fcntl.LOCK_EX)
        return
    deadline = time.monotonic() + timeout
    while True:
        try:
            fcntl.flock(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
            return
        except BlockingIOError:
            if time.monotonic() >= deadline:
                raise LockBusy("the search index is locked (a rebuild or sync runs)") from None
            time.sleep(LOCK_POLL)


def _commit(writer) -> None:
    """Commit, and on failure let go of the index's write lock: Whoosh keeps it when a
    commit fails, and every later write of the process would wait WRITE_TIMEOUT, then fail."""
    try:
        writer.commit()
    except BaseException:
        try:
            writer.cancel()
        except Exception:
            writer.writelock.release()
        raise


class IndexFormatError(RuntimeError):
    """The index on disk was written with another schema (an older version of this code)."""


# whoosh_postings and whoosh_bulk read and write Whoosh's segment files through its private
# attributes: they are written for this release only (setup.cfg pins it exactly).
SUPPORTED_WHOOSH = "2.7.5"


def check_whoosh_version(found: str | None = None) -> None:
    """Refuse to open an index with another Whoosh release than the one the segment code
    was written and tested against, with an error that says what to install."""
    found = found or whoosh.versionstring()
    if found != SUPPORTED_WHOOSH:
        raise RuntimeError(
            f"search_index supports Whoosh {SUPPORTED_WHOOSH} exactly (it reads its segment "
            f"files directly), but Whoosh {found} is installed: "
            f"pip install 'whoosh-reloaded=={SUPPORTED_WHOOSH}'")


OPEN_RETRIES = 20


def _open_dir(target: str):
    """Whoosh's open_dir, again when another process's commit replaced the table of
    contents between Whoosh listing it and reading it (FileNotFoundError): the next
    look finds the new one."""
    for attempt in range(OPEN_RETRIES):
        try:
            return windex.open_dir(target)
        except FileNotFoundError:
            if attempt == OPEN_RETRIES - 1:
                raise
            time.sleep(0.005 * (attempt + 1))
    raise AssertionError("unreachable")


class WhooshBackend(SearchBackend):
    def __init__(self, folder: str | os.PathLike, *, processes: int | None = None,
                 parallel_from: int = PARALLEL_FROM) -> None:
        check_whoosh_version()
        self.folder = Path(folder)
        self.processes = processes or parallel.workers()  # for rebuilds
        self.parallel_from = parallel_from
        self._lock = threading.Lock()
        self._ix = None
        self._ix_path = None
        self._segments = SegmentCache(FACETS)
        self._searcher = None
        self._searcher_ix = None
        self._search_lock = threading.Lock()

    # --- index files ---------------------------------------------------------------

    @property
    def current(self) -> Path:
        return self.folder / "current"

    def _index(self):
        """The live index, reopened when a rebuild swapped the link."""
        with self._lock:
            if not self.current.exists():
                self._create_first()
            target = os.path.realpath(self.current)
            if self._ix is None or target != self._ix_path:
                ix = _open_dir(target)
                if schema_mismatch(ix.schema):
                    raise IndexFormatError(
                        f"the search index in {target} was written by another version: "
                        "rebuild it (flask search-index rebuild)")
                self._ix, self._ix_path = ix, target
            return self._ix

    def _create_first(self) -> None:
        """Create the first generation, once: two processes starting on an empty folder
        would otherwise each create one, and the writes to the one replaced are lost.
        (A lock file of its own: the caller may hold `lock()`.)"""
        self.folder.mkdir(parents=True, exist_ok=True)
        fd = os.open(self.folder / "create.lock", os.O_CREAT | os.O_RDWR, 0o600)
        try:
            fcntl.flock(fd, fcntl.LOCK_EX)
            if not self.current.exists():
                generation = self._new_generation()
                windex.create_in(generation, make_schema())
                self._point_at(generation)
        finally:
            fcntl.flock(fd, fcntl.LOCK_UN)
            os.close(fd)

    def _new_generation(self) -> Path:
        existing = [int(p.name.split("-")[1]) for p in self.folder.glob("gen-*")
                    if p.name.split("-")[1].isdigit()]
        path = self.folder / f"gen-{max(existing, default=0) + 1}"
        path.mkdir()
        return path

    def _point_at(self, generation: Path) -> None:
        link = self.folder / f".current-{os.getpid()}-{time.monotonic_ns()}"
        os.symlink(generation.name, link)
        os.replace(link, self.current)  # atomic on POSIX

    @contextmanager
    def lock(self, timeout: float | None = None):
        """Serialise index maintenance across processes (an flock on a file beside it)."""
        self.folder.mkdir(parents=True, exist_ok=True)
        fd = os.open(self.folder / "sync.lock", os.O_CREAT | os.O_RDWR, 0o600)
        try:
            _flock(fd, timeout)
            try:
                yield
            finally:
                fcntl.flock(fd, fcntl.LOCK_UN)
        finally:
            os.close(fd)

    def _writer(self):
        return self._index().writer(timeout=WRITE_TIMEOUT)

    # --- changes ---------------------------------------------------------------------

    def upsert(self, docs: list[Document]) -> None:
        if not docs:
            return
        writer = self._writer()
        try:
            for doc in docs:
                writer.update_document(**document_fields(doc))
        except BaseException:
            writer.cancel()
            raise
        _commit(writer)

    def delete(self, ids: list[str]) -> None:
        if not ids:
            return
        writer = self._writer()
        try:
            for doc_id in ids:
                writer.delete_by_term("id", doc_id)
        except BaseException:
            writer.cancel()
            raise
        _commit(writer)

    def rebuild(self, docs) -> int:
        # The live index is not opened: it may have been written by an older version.
        self.folder.mkdir(parents=True, exist_ok=True)
        generation = self._new_generation()
        try:
            ix = windex.create_in(generation, make_schema())
            count = whoosh_build.build(ix, docs, procs=self.processes,
                                       parallel_min=self.parallel_from)
        except BaseException:
            shutil.rmtree(generation, ignore_errors=True)
            raise
        keep = {generation.name}
        if self.current.exists():  # searches that opened it may still be reading
            keep.add(Path(os.path.realpath(self.current)).name)
        self._point_at(generation)
        self._prune(keep)
        return count

    def _prune(self, keep: set[str]) -> None:
        # The previous generation stays: a search that opened it may still be reading.
        for path in self.folder.glob("gen-*"):
            if path.name not in keep:
                shutil.rmtree(path, ignore_errors=True)

    def versions(self) -> dict[str, str]:
        with self._index().searcher() as searcher:
            return {f["id"]: f["version"] for f in searcher.all_stored_fields()}

    # --- search ----------------------------------------------------------------------

    def search_text(self, query: Query) -> Results:
        terms = query_tokens(strip_phrases(query.text)) if query.text.strip() else []
        wanted = phrases(query.text)
        filters = {name: value for name, value in query.filters.items()
                   if name in FILTERS and value}
        with self._search_lock:
            searcher = self._current_searcher()
            if not terms:
                mode, found = "all", self._run(searcher, terms, True, filters, query, wanted)
            else:
                mode, found = "and", self._run(searcher, terms, True, filters, query, wanted)
                if not found[0] and len(terms) > 1:  # AND found nothing: any of the words
                    mode, found = "or", self._run(searcher, terms, False, filters, query,
                                                  wanted)
            total, facets, page = found
            stored = [(searcher.stored_fields(docnum), score) for docnum, score in page]
            suggestions = [] if total else self._suggest(searcher, terms)
        marks = terms + wanted
        return Results(hits=[self._hit(fields, score, marks) for fields, score in stored],
                       total=total, facets=facets, mode=mode, suggestions=suggestions,
                       terms=terms)

    def retrieve(self, terms: list[tuple[str, float]], limit: int,
                 filters: dict[str, str] | None = None) -> list[tuple[str, float]]:
        weighted = weighted_terms(terms)
        if not weighted or limit <= 0:
            return []
        wanted = {name: value for name, value in (filters or {}).items()
                  if name in FACETS and value}
        with self._search_lock:
            searcher = self._current_searcher()
            matches = match(searcher, self._segments, [t for t, _ in weighted], False, wanted,
                            weights=[w for _, w in weighted])
            return [(searcher.stored_fields(docnum)["id"], score)
                    for docnum, score in matches.ranked(limit, by_date=False)]

    def _current_searcher(self):
        """One open searcher, refreshed when the index changed: opening one reads the index
        files anew, which cost ~120 ms per query at 100k documents (measured)."""
        ix = self._index()
        searcher = self._searcher
        # Reopened on first use, after a rebuild swapped the index, or after a commit.
        # (Not Searcher.refresh(): whoosh-reloaded 2.7.5 fails on it for an empty index.)
        if searcher is None or self._searcher_ix is not ix or not searcher.up_to_date():
            if searcher is not None:
                searcher.close()
            self._searcher, self._searcher_ix = ix.searcher(weighting=WEIGHTING), ix
        return self._searcher

    def _run(self, searcher, terms, require_all, filters, query: Query, wanted: list[str]):
        """(total, facet counts, [(docnum, score)] for the requested page)."""
        matches = match(searcher, self._segments, terms, require_all, filters)
        by_date = query.sort == "date" or not terms
        start = (query.page - 1) * query.per_page
        if not wanted:
            page = matches.ranked(start + query.per_page, by_date)[start:]
            return matches.total, matches.facets(query.facets), page
        return self._phrase_matches(searcher, matches, by_date, wanted, start, query.per_page)

    @staticmethod
    def _phrase_matches(searcher, matches: Matches, by_date: bool, wanted: list[str],
                        start: int, per_page: int):
        # Quoted phrases: jieba splits them differently at index and query time, so the
        # best candidates are checked against the normalised stored text instead.
        found = []
        for docnum, score in matches.ranked(PHRASE_CANDIDATES, by_date):
            f = searcher.stored_fields(docnum)
            text = normalize(" ".join((f["title"], f["abstract"], f["keywords"])))
            if all(p in text for p in wanted):
                found.append((docnum, score))
        return len(found), {}, found[start:start + per_page]

    @staticmethod
    def _hit(fields: dict, score: float, terms: list[str]) -> Hit:
        return Hit(id=fields["id"], score=float(score),
                   title_html=highlight(fields["title"], terms),
                   snippet_html=snippet(fields["abstract"], terms))

    @staticmethod
    def _suggest(searcher, terms: list[str]) -> list[str]:
        corrector = searcher.corrector("content")
        suggestions = []
        for term in terms:
            if searcher.doc_frequency("content", term) == 0:
                # Two edits only for longer words: short Chinese words are one edit from
                # hundreds of others, and such suggestions would be noise.
                maxdist = 2 if len(term) >= 5 else 1
                suggestions.extend(corrector.suggest(term, limit=1, maxdist=maxdist))
        return suggestions
