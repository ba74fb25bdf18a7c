"""Wide documents and the process's memory: no full collection meanwhile, memory returned after.

A full pass of CPython's collector walks every tracked object while holding the interpreter
lock: every thread, the event loop included, waits for it. While a wide document is parsed,
validated or executed, the live objects grow by hundreds of thousands, and the collector's own
rule (a full pass each time the long-lived objects grew by a quarter) ran passes of one to two
seconds in the middle of it. The young generations are still collected; a document's own
objects are freed by reference counting (see ``documents.unlinked``,
``documents.validate_released`` and ``executor.ReleasingExecutor``), so deferring the full
passes keeps no garbage. Once a wide request is answered, the C library is asked to hand the freed
heap back to the system (:func:`return_memory`): without it the process kept the peak's size.
"""

from __future__ import annotations

import ctypes
import ctypes.util
import gc
import threading
from collections.abc import Callable
from typing import TypeVar

T = TypeVar("T")
NO_FULL_PASS = 2**31 - 1
"""A third threshold no count of young collections reaches."""

_lock = threading.Lock()
_running = 0
_saved: tuple[int, int, int] = gc.get_threshold()


def _trimmer() -> Callable[[int], int] | None:
    """glibc's ``malloc_trim``; None on a C library without it."""
    name = ctypes.util.find_library("c")
    trim = getattr(ctypes.CDLL(name), "malloc_trim", None) if name else None
    return trim if callable(trim) else None


_trim = _trimmer()


def wide_work(work: Callable[[], T]) -> T:
    """``work()`` with full collections deferred until no such work runs any more."""
    global _running, _saved
    with _lock:
        if _running == 0:
            _saved = gc.get_threshold()
            gc.set_threshold(_saved[0], _saved[1], NO_FULL_PASS)
        _running += 1
    try:
        return work()
    finally:
        with _lock:
            _running -= 1
            if _running == 0:
                gc.set_threshold(*_saved)


def return_memory() -> None:
    """Give the heap freed by a wide request back to the system (glibc only; a few ms, so on a
    worker thread)."""
    if _trim is not None:
        _trim(0)
