"""CPU taken from a measurement by others, so noisy figures can be told from real ones.

On a 2-core machine shared with test runs, a burst of other work during one server's run skews its
ratio to the others. The benchmark can't prevent that, but it can see it: system-wide busy CPU time
(from /proc/stat) minus the server's, the load generator's and its own is what other processes used,
and steal time is what the hypervisor gave to other virtual machines on the same host.
"""

from __future__ import annotations

import os
import resource
import time
from dataclasses import dataclass
from pathlib import Path

NOISY_PCT = 15.0
"""Other processes plus hypervisor steal above this share of one core during a run make it suspect."""


@dataclass(frozen=True)
class CpuSnapshot:
    """Busy and steal CPU seconds of the whole machine, and of this process and its waited children."""

    wall: float
    busy: float
    steal: float
    own_and_children: float

    @classmethod
    def take(cls) -> CpuSnapshot:
        busy, steal = _proc_stat()
        own = resource.getrusage(resource.RUSAGE_SELF)
        children = resource.getrusage(resource.RUSAGE_CHILDREN)
        mine = own.ru_utime + own.ru_stime + children.ru_utime + children.ru_stime
        return cls(wall=time.monotonic(), busy=busy, steal=steal, own_and_children=mine)


@dataclass(frozen=True)
class Background:
    """Other processes' CPU and hypervisor steal during a run, as % of one core."""

    other_cpu_pct: float
    steal_pct: float

    @property
    def noise_pct(self) -> float:
        return round(self.other_cpu_pct + self.steal_pct, 1)

    @property
    def noisy(self) -> bool:
        return self.noise_pct > NOISY_PCT


def background(before: CpuSnapshot, after: CpuSnapshot, server_cpu_s: float) -> Background:
    """What was left of the machine's busy time once the server, the client and the bench are taken out.

    The load generator must be a waited child (it is: wrk or pyload run through subprocess.run).
    """
    wall = after.wall - before.wall
    if wall <= 0:
        return Background(0.0, 0.0)
    others = (after.busy - before.busy) - server_cpu_s - (after.own_and_children - before.own_and_children)
    return Background(
        other_cpu_pct=round(max(0.0, 100 * others / wall), 1),
        steal_pct=round(100 * (after.steal - before.steal) / wall, 1),
    )


def _proc_stat() -> tuple[float, float]:
    """(busy, steal) seconds since boot, all CPUs: user+nice+system+irq+softirq, and steal."""
    try:
        fields = Path("/proc/stat").read_text().splitlines()[0].split()[1:]
    except OSError:
        return 0.0, 0.0
    user, nice, system, _idle, _iowait, irq, softirq, steal = (int(x) for x in fields[:8])
    tick = os.sysconf("SC_CLK_TCK")
    return (user + nice + system + irq + softirq) / tick, steal / tick


class QuietGate:
    """Waits, within a total budget for the whole run, until others (processes, steal) leave the CPU.

    Called before each measurement (and again before re-measuring a run that turned out noisy); once
    the budget is spent it stops waiting, and the figures carry the background they were taken with.
    """

    def __init__(self, budget_s: float, sample_s: float = 0.25) -> None:
        self.budget_s = budget_s
        self.sample_s = sample_s

    def wait(self) -> None:
        """Return once a short sample shows the machine quiet, or at once when the budget is spent."""
        while self.budget_s > 0:
            before = CpuSnapshot.take()
            time.sleep(self.sample_s)
            if not background(before, CpuSnapshot.take(), 0.0).noisy:
                return
            pause = min(self.budget_s, 2.0)
            self.budget_s -= pause + self.sample_s
            time.sleep(pause)
