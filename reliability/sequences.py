"""Hypothesis-drawn request sequences for the differential campaign (:mod:`reliability.differential`).

A sequence creates its own objects (a page under ``diff/<run>/<n>/``, users ``<run>-<n>-..@
conformance.invalid``, groups and API keys named ``<run>-<n>-...``), works on them with the
operations of every root field, reads global settings (never writes them), sends requests
graphql-js or Apollo refuse, and ends by deleting what it created. The steps of each area are
drawn by their own module (:mod:`.sequence_pages`, :mod:`.sequence_accounts`,
:mod:`.sequence_settings`) from the parts in :mod:`.sequence_steps`.
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass

from hypothesis import strategies as st

from reliability.sequence_accounts import authentication, comments, groups, users
from reliability.sequence_pages import pages_read, pages_write
from reliability.sequence_settings import GLOBAL_READS, global_read, refused
from reliability.sequence_steps import Draw, Maker, Names, Step

MAKERS: tuple[Maker, ...] = (pages_read, pages_write, users, groups, comments, authentication, global_read, refused)


@dataclass(frozen=True)
class Plan:
    stem: str
    """What every name the sequence writes starts with."""
    folder: str
    """Where its own pages are."""
    steps: list[Step]


@st.composite
def sequences(draw: Draw, run: str, numbers: Iterator[int], max_steps: int = 6) -> Plan:
    """A global read (each in turn), then drawn operations; the runner appends the clean-up.
    ``numbers`` gives each drawn sequence a sandbox of its own."""
    names = Names(run, next(numbers))
    op, query = GLOBAL_READS[names.number % len(GLOBAL_READS)]  # drawn reads favour the first ones
    steps = [Step(op.split(".")[0], op, query)]
    for maker in draw(st.lists(st.sampled_from(MAKERS), min_size=1, max_size=max_steps)):
        steps += maker(draw, names)
    return Plan(names.stem, names.folder, steps)
