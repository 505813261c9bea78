"""Racing calls against each other on PostgreSQL, for the concurrency tests."""

import threading
from collections.abc import Callable

from django.db import connection

from tests.factories import _migration_rows


def reference_data_after_flush() -> None:
    """The rows migrations made and the shared vocabulary, in a transactional test."""
    from motesplats.taxonomy.services import taxonomy_load_reference  # noqa: PLC0415

    _migration_rows()
    taxonomy_load_reference()


def race(
    calls: list[Callable[[], object]], *, refused: tuple[type[Exception], ...]
) -> list[str]:
    """Run `calls` in threads released at the same moment by a barrier.

    Returns each call's outcome, sorted: "done", "refused" (it raised one of
    `refused`, the service's own way of saying no) or "error:<type>" for anything
    else, which a test asserts never happens.
    """
    barrier = threading.Barrier(len(calls))
    outcomes: list[str] = []
    lock = threading.Lock()

    def worker(call) -> None:
        try:
            barrier.wait()
            try:
                call()
                outcome = "done"
            except refused:
                outcome = "refused"
            finally:
                connection.close()
        except BaseException as exc:  # noqa: BLE001 -- asserted by the test
            outcome = f"error:{type(exc).__name__}"
        with lock:
            outcomes.append(outcome)

    threads = [threading.Thread(target=worker, args=(c,)) for c in calls]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    return sorted(outcomes)
