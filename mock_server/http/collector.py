"""Wide documents and the process's memory: no full collection meanwhile, memory returned after.

A full pass of CPython's collector walks every tracked object while holding the interpreter
lock: every thread, the event loop included, waits for it. While a wide document is parsed,
validated or executed, the live objects grow by hundreds of thousands, and the collector's own
rule (a full pass each time the long-lived objects grew by a quarter) ran passes of one to two
seconds in the middle of it. The young generations are still collected; a document's own
objects are freed by reference counting (see ``documents.unlinked``,
``documents.validate_released`` and ``executor.ReleasingExecutor``), so deferring the full
passes keeps no garbage. Once a wide request is answered, its memory is handed back to the
system (:func:`return_memory_soon`).

Why that takes more than freeing the request's objects: CPython's small-object allocator returns
a 1 MiB arena only when every block in it is free, and a few objects made at the peak and kept
afterwards pin the arenas they landed in. Measured after a wide Wiki.js request (10,000 aliases),
the process held the same bytes of live objects as when idle but 50 more arenas, pinned by the
attribute names graphql-core builds per node (``"enter_" + node.kind``), which CPython's type
attribute cache keeps until the slot is reused, and by the reference cycles of the validation's
visitors and of closed connections, which only a full collection frees. Objects that legitimately
live on (a worker thread's SQLite statements, ``abc`` caches) still pin arenas; the command-line
mock therefore runs on the C allocator (:mod:`mock_server.allocator`), where such an object pins a
page and :func:`return_memory`'s trim hands back the rest.
"""

from __future__ import annotations

import asyncio
import ctypes
import ctypes.util
import gc
import sys
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


RETURN_AFTER_S = 1.0
"""How long after a wide answer its memory is returned: by then the answer has been sent and its
connection's objects released, which would otherwise pin arenas of the peak in turn."""


def return_memory() -> None:
    """Free what pins the peak's arenas, then give the C heap freed back to the system (glibc only).

    Skipped while wide work runs: a full collection would walk its objects holding every thread
    (see above); the last such request returns the memory after its own answer."""
    with _lock:
        if _running:
            return
    gc.collect()
    sys._clear_type_cache()
    if _trim is not None:
        _trim(0)


def return_memory_soon() -> None:
    """:func:`return_memory` on a worker thread, :data:`RETURN_AFTER_S` from now."""
    loop = asyncio.get_running_loop()
    loop.call_later(RETURN_AFTER_S, loop.run_in_executor, None, return_memory)
