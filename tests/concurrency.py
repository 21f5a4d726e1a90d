"""Run code in several threads at once, each with its own database connection."""

import threading

from django.db import connection


def race(count, attempt):
    """Run `attempt(i)` in `count` threads released together; return results or errors."""
    barrier = threading.Barrier(count)
    results = [None] * count

    def run(i):
        try:
            barrier.wait(timeout=30)
            results[i] = attempt(i)
        except Exception as error:  # the test looks at what each thread got
            results[i] = error
        finally:
            connection.close()

    threads = [threading.Thread(target=run, args=(i,)) for i in range(count)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=60)
    assert not any(thread.is_alive() for thread in threads)
    return results
