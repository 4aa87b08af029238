"""Start and stop exiftool many times while other threads create, use and drop SQLite connections.

Run as a program (``python -m tests.metadata.exiftool_churn CYCLES``) so that a deadlock in a
forked child shows as a timeout of that process, not as a hung test run. Prints
``ok CYCLES SECONDS`` when every start and stop returned.

Why it is a fair trap (the hang seen in the window): some threads keep an idle connection in a
``threading.local`` (as per-thread database readers do), others spend their time inside SQLite,
allocating memory, which takes SQLite's global memory mutex many times a millisecond. A child that
runs Python between fork and exec (a ``preexec_fn``) first tidies up the other threads' states,
which frees their thread-locals: an idle connection is finalised in the child, needs that global
mutex, and waits for ever when a thread of the parent held it at the moment of the fork (the
holder was not copied). The child never execs, and the parent waits for it for ever.
"""

from __future__ import annotations

import sys
import threading
import time

try:
    import sqlean as sqlite3  # the SQLite build the app uses
except ImportError:  # pragma: no cover
    import sqlite3  # type: ignore[no-redef]

from app.metadata.exiftool import ExifTool

BUSY_QUERY = ("WITH RECURSIVE c(x) AS (SELECT 1 UNION ALL SELECT x + 1 FROM c WHERE x < 3000) "
              "SELECT count(*) FROM (SELECT group_concat(printf('%08d', x)) AS s FROM c GROUP BY x % 97)")


def _busy(stop: threading.Event) -> None:
    conn = sqlite3.connect(":memory:", check_same_thread=False)
    while not stop.is_set():
        conn.execute(BUSY_QUERY).fetchone()  # many allocations, GIL released
    conn.close()


def _idle_holder(stop: threading.Event) -> None:
    local = threading.local()
    while not stop.is_set():
        local.conn = sqlite3.connect(":memory:")  # the previous one is dropped (finalised) here
        local.conn.execute("CREATE TABLE t(x)")
        local.conn.execute("INSERT INTO t VALUES (1)")
        stop.wait(0.05)  # idle: only the thread-local holds the connection


def main(cycles: int, busy: int = 2, idle: int = 4) -> None:
    stop = threading.Event()
    threads = ([threading.Thread(target=_busy, args=(stop,), daemon=True) for _ in range(busy)]
               + [threading.Thread(target=_idle_holder, args=(stop,), daemon=True) for _ in range(idle)])
    for t in threads:
        t.start()
    time.sleep(0.1)
    t0 = time.perf_counter()
    try:
        for _ in range(cycles):
            et = ExifTool().start()  # fork + exec; a child stuck before exec blocks here
            et.kill()
    finally:
        stop.set()
        for t in threads:
            t.join(10)
    print(f"ok {cycles} {time.perf_counter() - t0:.2f}", flush=True)


if __name__ == "__main__":
    main(int(sys.argv[1]) if len(sys.argv) > 1 else 200)
