"""The order of the harness's own tests under pytest-xdist (``tests/conftest.py``)."""

from __future__ import annotations

from collections.abc import Callable, Sequence
from typing import TypeVar

T = TypeVar("T")


def dealt(items: Sequence[T], workers: int, long_seconds: Callable[[T], float]) -> list[T]:
    """``items`` reordered so that the workers' first batches start with the long tests.

    xdist's ``worksteal`` hands each worker one contiguous slice of the collection at the start
    (sizes as in ``batch_sizes``) and moves tests only from the ends of the queues: with the long
    tests first in the collection, one worker ran all of them in a row (about 460 s of the 484 s
    the tests took) while the others ran everything else. The long tests mostly wait (rate-limit
    windows, a child and its mock taking turns), so they go, longest first, to the slice with the
    fewest seconds of them, among all slices but the last: that worker starts on tests that keep
    a core busy. The other tests are dealt round-robin, so each slice keeps the collection's
    order (slow before the rest)."""
    slices: list[list[T]] = [[] for _ in range(workers)]
    sizes = batch_sizes(len(items), workers)
    seconds = [0.0] * workers
    long_tests = sorted((item for item in items if long_seconds(item)), key=long_seconds, reverse=True)
    for item in long_tests:
        chosen = min(range(max(1, workers - 1)), key=lambda index: (seconds[index], index))
        slices[chosen].append(item)
        seconds[chosen] += long_seconds(item)
    open_slices = [index for index in range(workers) if len(slices[index]) < sizes[index]]
    for number, item in enumerate(item for item in items if not long_seconds(item)):
        chosen = open_slices[number % len(open_slices)]
        slices[chosen].append(item)
        if len(slices[chosen]) == sizes[chosen]:
            open_slices.remove(chosen)
    return [item for each in slices for item in each]


def batch_sizes(count: int, workers: int) -> list[int]:
    """The first batch of each worker under ``--dist worksteal`` (``WorkStealingScheduling.check_schedule``)."""
    sizes = []
    for index in range(workers):
        sizes.append(count // (workers - index))
        count -= sizes[-1]
    return sizes
