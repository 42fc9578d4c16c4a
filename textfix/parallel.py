"""Run work in worker processes, hand the results back in the order the work was given.

`Ordered(jobs, init, init_args)` runs `fn(*args)` for each `submit(fn, args, done)` and
calls `done(result)` in the main process, in submission order, so what the caller
writes comes out exactly as with one process. At most a few tasks per worker are in
flight at once: memory stays bounded however much input is fed in.

With `jobs == 1` nothing is started: each task runs at once in the calling process.

Workers only compute; they never write files. They ignore Ctrl-C (the main process
handles it, then stops them), so an interrupted run leaves no half-written file behind.
"""

from __future__ import annotations

import os
import signal
import threading
import time
from collections import deque
from typing import Any, Callable, Optional, Sequence


def cpu_count() -> int:
    """The cores this process may run on."""
    try:
        return len(os.sched_getaffinity(0)) or 1
    except (AttributeError, OSError):
        return os.cpu_count() or 1


def resolve_jobs(jobs: Optional[int]) -> int:
    """`-j N`: None -> 1, 0 -> every core, else N."""
    if jobs is None:
        return 1
    return cpu_count() if jobs == 0 else jobs


def _ignore_interrupts(init: Optional[Callable], init_args: Sequence) -> None:
    signal.signal(signal.SIGINT, signal.SIG_IGN)  # the main process handles Ctrl-C
    signal.signal(signal.SIGTERM, signal.SIG_DFL)  # and stops workers with SIGTERM
    if hasattr(signal, "SIGPIPE"):  # a result for a parent that was killed: end quietly, no traceback
        signal.signal(signal.SIGPIPE, signal.SIG_DFL)
    _exit_with_parent()
    if init is not None:
        init(*init_args)


def _exit_with_parent(interval: float = 0.5) -> None:
    """End this worker quietly once the process that started it is gone (killed with
    SIGKILL, it cannot stop its workers; orphans would compute for no one, or wait forever)."""
    parent = os.getppid()

    def watch():
        while os.getppid() == parent:
            time.sleep(interval)
        os._exit(0)

    threading.Thread(target=watch, name="textfix-parent-watch", daemon=True).start()


class _Ready:
    """A result computed in the main process, shaped like an AsyncResult."""

    __slots__ = ("value",)

    def __init__(self, value):
        self.value = value

    def get(self):
        return self.value


class Ordered:
    """An ordered, bounded task runner over a process pool (or none, for one job)."""

    def __init__(self, jobs: int, init: Optional[Callable] = None, init_args: Sequence = (), per_worker: int = 3):
        self.jobs = max(1, jobs)
        self.init, self.init_args = init, tuple(init_args)
        self.window = 0 if self.jobs == 1 else self.jobs * per_worker
        self.pending: deque = deque()
        self.pool = None
        if self.jobs == 1 and init is not None:
            init(*init_args)

    def _pool(self):
        if self.pool is None:
            import multiprocessing

            methods = multiprocessing.get_all_start_methods()
            context = multiprocessing.get_context("fork" if "fork" in methods else None)
            self.pool = context.Pool(self.jobs, initializer=_ignore_interrupts, initargs=(self.init, self.init_args))
        return self.pool

    def submit(self, fn: Callable, args: Sequence, done: Callable[[Any], None]) -> None:
        """Run `fn(*args)`; `done(result)` is called later, after the tasks submitted before it."""
        if self.jobs == 1:
            self.pending.append((_Ready(fn(*args)), done))
        else:
            self.pending.append((self._pool().apply_async(fn, tuple(args)), done))
        while len(self.pending) > self.window:
            self._next()

    def then(self, done: Callable[[], None]) -> None:
        """Call `done()` once every task submitted so far has been handed back."""
        self.pending.append((None, done))
        if self.jobs == 1:
            while self.pending:
                self._next()

    def _next(self) -> None:
        result, done = self.pending.popleft()
        if result is None:
            done()
        else:
            done(result.get())

    def drain(self) -> None:
        """Hand back every result still pending."""
        while self.pending:
            self._next()

    def close(self) -> None:
        """Wait for the workers to finish and stop them."""
        if self.pool is not None:
            self.pool.close()
            self.pool.join()
            self.pool = None

    def terminate(self, grace: float = 5.0) -> None:
        """Stop the workers now, dropping whatever they were doing.

        `Pool.terminate()` joins the pool's threads, and one can wait forever: its result
        thread reads what is left in the result pipe, where a worker killed while writing a
        large result leaves half a message (a `-j 2` run once did not exit after Ctrl-C). So
        it gets `grace` seconds in a thread of its own; then the workers are killed outright.
        Nothing is lost by it: workers only compute, every file is written by this process.
        """
        self.pending.clear()
        pool, self.pool = self.pool, None
        if pool is None:
            return
        import multiprocessing

        workers = multiprocessing.active_children()
        stopper = threading.Thread(target=_stop_pool, args=(pool,), name="textfix-pool-stop", daemon=True)
        stopper.start()
        stopper.join(grace)
        if stopper.is_alive():
            for worker in workers:
                worker.kill()
                worker.join(grace)


def _stop_pool(pool) -> None:
    pool.terminate()
    pool.join()
