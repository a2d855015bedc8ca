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
    WhooshBackend(folder).upsert([])  # create the first generation before the race
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
    """Whoosh's own writer lock (with a timeout) serialises bare upserts too."""
    folder = str(tmp_path / "index")
    WhooshBackend(folder).upsert([])
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
