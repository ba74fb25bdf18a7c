"""The harness's own tests dealt over the xdist workers: long ones at the heads of the first batches."""

from __future__ import annotations

import pytest

from tests.scheduling import batch_sizes, dealt

LONG = {"a": 160.0, "b": 150.0, "c": 100.0, "d": 80.0}
ITEMS = [*LONG, *(f"slow{n}" for n in range(7)), *(f"quick{n}" for n in range(20))]


def _batches(order: list[str], workers: int) -> list[list[str]]:
    batches, start = [], 0
    for size in batch_sizes(len(order), workers):
        batches.append(order[start : start + size])
        start += size
    return batches


def test_batch_sizes_split_as_xdist_worksteal_does() -> None:
    assert batch_sizes(10, 3) == [3, 3, 4]
    assert batch_sizes(1259, 3) == [419, 420, 420]


@pytest.mark.parametrize("workers", [2, 3, 4])
def test_long_tests_lead_all_first_batches_but_the_last_in_balance(workers: int) -> None:
    order = dealt(ITEMS, workers, lambda item: LONG.get(item, 0.0))
    assert sorted(order) == sorted(ITEMS)
    batches = _batches(order, workers)
    long_at_heads = [[item for item in batch if item in LONG] for batch in batches]
    for batch, long_ones in zip(batches, long_at_heads, strict=True):
        assert batch[: len(long_ones)] == long_ones
    assert long_at_heads[-1] == []
    totals = [sum(LONG[item] for item in long_ones) for long_ones in long_at_heads[: max(1, workers - 1)]]
    assert max(totals) <= max(LONG.values()) + min(totals)


def test_each_batch_keeps_slow_tests_before_the_rest() -> None:
    for batch in _batches(dealt(ITEMS, 3, lambda item: LONG.get(item, 0.0)), 3):
        rest = [item for item in batch if item not in LONG]
        kinds = [item.startswith("quick") for item in rest]
        assert kinds == sorted(kinds)
