"""Run callables at the same moment in threads, each thread with its own database connection."""

import threading
from collections.abc import Callable

from django.db import connections


def run_together(calls: list[Callable[[], object]]) -> list[object]:
    """Start every call at once (behind a barrier); return each result or the exception it raised."""
    barrier = threading.Barrier(len(calls))
    results: list[object] = [None] * len(calls)

    def worker(i: int, call: Callable[[], object]) -> None:
        try:
            barrier.wait()
            results[i] = call()
        except Exception as error:  # reported to the test, not swallowed
            results[i] = error
        finally:
            connections.close_all()

    threads = [threading.Thread(target=worker, args=(i, call)) for i, call in enumerate(calls)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    return results
