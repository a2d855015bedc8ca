"""Two processes writing to one index at once lose nothing."""
import multiprocessing

from search_index.schema import Document, Query
from search_index.whoosh_backend import WhooshBackend


def _writer(folder: str, start: int, count: int) -> None:
    backend = WhooshBackend(folder)
    for n in range(start, start + count):
        with backend.lock():  # what the app's outbox drain holds
            backend.upsert([Document(id=f"achievement:{n}", version="v", title=f"液压系统{n}",
                                     facets={"type": ("invention_patent",)})])


def test_two_processes_lose_nothing(tmp_path):
    folder = str(tmp_path / "index")
    WhooshBackend(folder).versions()  # create the first generation before the race
    context = multiprocessing.get_context("fork")
    workers = [context.Process(target=_writer, args=(folder, start, 40))
               for start in (0, 1000)]
    for worker in workers:
        worker.start()
    for worker in workers:
        worker.join(120)
        assert worker.exitcode == 0
    backend = WhooshBackend(folder)
    assert len(backend.versions()) == 80
    assert backend.search(Query("液压系统", per_page=100)).total == 80


def test_writers_without_the_lock_still_lose_nothing(tmp_path):
    """Whoosh's own writer lock (with a timeout) serialises bare upserts too, and the
    first generation of an empty folder is created once however many processes start."""
    folder = str(tmp_path / "index")
    context = multiprocessing.get_context("fork")

    def bare(start):
        backend = WhooshBackend(folder)
        for n in range(start, start + 30):
            backend.upsert([Document(id=f"achievement:{n}", version="v", title="齿轮箱")])

    workers = [context.Process(target=bare, args=(start,)) for start in (0, 500)]
    for worker in workers:
        worker.start()
    for worker in workers:
        worker.join(120)
        assert worker.exitcode == 0
    assert len(WhooshBackend(folder).versions()) == 60


def test_processes_starting_on_an_empty_folder_share_one_first_generation(tmp_path):
    folder = tmp_path / "index"
    context = multiprocessing.get_context("fork")
    start = context.Barrier(6)

    def first_write(n):
        start.wait(30)
        WhooshBackend(folder).upsert([Document(id=f"achievement:{n}", version="v",
                                               title="齿轮箱")])

    workers = [context.Process(target=first_write, args=(n,)) for n in range(6)]
    for worker in workers:
        worker.start()
    for worker in workers:
        worker.join(120)
        assert worker.exitcode == 0
    assert [p.name for p in folder.glob("gen-*")] == ["gen-1"]
    assert len(WhooshBackend(folder).versions()) == 6


def test_opening_retries_when_a_commit_elsewhere_replaced_the_table_of_contents(
        tmp_path, monkeypatch):
    """Another process committed between Whoosh listing the TOC and reading it: before
    the fix, the FileNotFoundError reached the caller (a worker's upsert, a search)."""
    from search_index import whoosh_backend

    folder = tmp_path / "index"
    WhooshBackend(folder).upsert([Document(id="achievement:1", version="v", title="齿轮箱")])
    real = whoosh_backend.windex.open_dir
    failures = iter([FileNotFoundError("_MAIN_1.toc")])

    def racing(target):
        failure = next(failures, None)
        if failure is not None:
            raise failure
        return real(target)

    monkeypatch.setattr(whoosh_backend.windex, "open_dir", racing)
    assert len(WhooshBackend(folder).versions()) == 1
