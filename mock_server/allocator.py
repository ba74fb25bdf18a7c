"""The mock's process runs on the C library's allocator, so that memory returns after a wide request.

CPython's own small-object allocator hands a 1 MiB arena back to the system only once every block
in it is free. A wide request fills tens of such arenas; the few objects made meanwhile that live
on (a probe's connection awaiting the collector, a worker thread's SQLite statements, a cache
entry) each pin a whole arena, and 20-35 MB stayed taken after every wide Wiki.js request, however
often the collector ran (bench/RESULTS.md, "Memory after the answer"). With ``PYTHONMALLOC=malloc``
the same objects pin a 4 kB page each and ``malloc_trim`` returns the rest; ordinary requests cost
the same. The allocator is chosen before the interpreter starts, so ``python -m mock_server``
starts itself again with it, as its first step (this module imports nothing heavy).
"""

from __future__ import annotations

import os
import sys

VARIABLE = "PYTHONMALLOC"
SYSTEM = "malloc"


def restart_command() -> list[str] | None:
    """The command that restarts this process on the C allocator, or None when it needs no restart:
    the variable already set (the user's choice, or this restart done) or no POSIX ``exec``."""
    if VARIABLE in os.environ or os.name != "posix":
        return None
    return [sys.executable, *sys.orig_argv[1:]]


def use_system_allocator() -> None:
    """Replace this process (same id, same open files) by itself on the C allocator, if needed."""
    command = restart_command()
    if command is not None:
        sys.stdout.flush()
        os.execve(command[0], command, {**os.environ, VARIABLE: SYSTEM})
