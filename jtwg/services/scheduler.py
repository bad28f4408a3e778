"""The app's one scheduler for periodic jobs: a single background thread per process.

Features register their job once (`register_job("backups", timedelta(hours=1), fn)`); the UI starts
the thread once per server process (`start(conn)`, from its cached resources). Every `tick` seconds
the thread runs each job whose time has come, one after the other, each with its own cursor (a
DuckDB cursor must not be shared between threads) that is closed afterwards. A job that raises is
logged and runs again at its next time: a failing job never stops the others or the app.
"""

from __future__ import annotations

import logging
import threading
import time
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import timedelta

import duckdb

log = logging.getLogger("jtwg.scheduler")

JobFunction = Callable[[duckdb.DuckDBPyConnection], object]


@dataclass
class Job:
    name: str
    every: float                     # seconds between runs
    fn: JobFunction
    next_run: float = 0.0            # monotonic time; 0: at the first tick
    runs: int = 0
    failures: int = 0
    last_error: str | None = None


@dataclass
class Scheduler:
    """Jobs by name and the thread that runs them. `clock` is injectable so tests need not wait."""

    tick: float = 30.0
    clock: Callable[[], float] = time.monotonic
    jobs: dict[str, Job] = field(default_factory=dict)
    _lock: threading.Lock = field(default_factory=threading.Lock)
    _thread: threading.Thread | None = None
    _conn: duckdb.DuckDBPyConnection | None = None
    _stop: threading.Event = field(default_factory=threading.Event)

    def register_job(self, name: str, every: timedelta | float, fn: JobFunction, *, first_in: float = 0.0) -> Job:
        """Add (or replace) job `name`, run every `every`; its first run `first_in` seconds from now."""
        seconds = every.total_seconds() if isinstance(every, timedelta) else float(every)
        if seconds <= 0:
            raise ValueError(f"job {name}: the interval must be positive")
        job = Job(name, seconds, fn, next_run=self.clock() + first_in)
        with self._lock:
            self.jobs[name] = job
        return job

    def unregister_job(self, name: str) -> None:
        with self._lock:
            self.jobs.pop(name, None)

    def run_due(self, conn: duckdb.DuckDBPyConnection) -> list[str]:
        """Run every job whose time has come; return their names. Never raises."""
        now = self.clock()
        with self._lock:
            due = [job for job in self.jobs.values() if job.next_run <= now]
        for job in due:
            job.next_run = now + job.every
            try:
                cur = conn.cursor()
                try:
                    job.fn(cur)
                finally:
                    cur.close()
                job.runs += 1
                job.last_error = None
            except Exception as exc:  # noqa: BLE001 - a failing job is logged, never fatal
                job.failures += 1
                job.last_error = f"{type(exc).__name__}: {exc}"
                log.exception("scheduled job %s failed", job.name)
        return [job.name for job in due]

    def start(self, conn: duckdb.DuckDBPyConnection) -> bool:
        """Start the background thread once; False when it already runs (it then uses `conn` from now on,
        e.g. after the UI's cached connection was rebuilt)."""
        with self._lock:
            self._conn = conn
            if self._thread is not None and self._thread.is_alive():
                return False
            self._stop.clear()
            self._thread = threading.Thread(target=self._loop, name="jtwg-scheduler", daemon=True)
            self._thread.start()
            return True

    def stop(self, timeout: float = 10.0) -> None:
        self._stop.set()
        if self._thread is not None:
            self._thread.join(timeout)

    @property
    def running(self) -> bool:
        return self._thread is not None and self._thread.is_alive()

    def _loop(self) -> None:
        while not self._stop.is_set():
            try:
                if self._conn is not None:
                    self.run_due(self._conn)
            except Exception:  # noqa: BLE001 - the thread itself must not die
                log.exception("scheduler tick failed")
            self._stop.wait(self.tick)


# The process's scheduler: features register into it, the UI starts it.
SCHEDULER = Scheduler()


def register_job(name: str, every: timedelta | float, fn: JobFunction, *, first_in: float = 0.0) -> Job:
    """Register a periodic job with the app's scheduler (see Scheduler.register_job)."""
    return SCHEDULER.register_job(name, every, fn, first_in=first_in)


def start(conn: duckdb.DuckDBPyConnection) -> bool:
    """Start the app's scheduler thread on `conn` (once per process)."""
    return SCHEDULER.start(conn)
