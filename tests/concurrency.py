"""Running work in threads that start together, for the tests of races on PostgreSQL."""

import threading
from collections.abc import Callable, Iterable

from django.db import connections


def at_once[T](work: Callable[[T], None], items: Iterable[T], timeout: float = 30) -> None:
    """``work(item)`` for each item, every one in a thread of its own and all released at the same moment; each
    thread closes its own database connection (else the test database cannot be dropped). Waits for all."""
    items = list(items)
    barrier = threading.Barrier(len(items))

    def run(item: T) -> None:
        try:
            barrier.wait()
            work(item)
        finally:
            connections.close_all()

    threads = [threading.Thread(target=run, args=(item,)) for item in items]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=timeout)
