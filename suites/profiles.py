"""Hypothesis settings profiles: ``dev`` (quick), ``ci`` (the default under CI), ``thorough``;
``live`` (the default against a live target, without shrinking); ``meta`` is the meta-tests' own.

Every example is at least one HTTP round trip, so counts are far below hypothesis' defaults
for pure functions; ``thorough`` is for nightly or pre-release runs against a live target.
"""

from __future__ import annotations

import os

from hypothesis import HealthCheck, Phase, settings

SLOW_IS_FINE = [HealthCheck.too_slow, HealthCheck.data_too_large, HealthCheck.function_scoped_fixture]

DEV_EXAMPLES = 15
settings.register_profile("dev", max_examples=DEV_EXAMPLES, deadline=None, suppress_health_check=SLOW_IS_FINE)
settings.register_profile(
    "ci", max_examples=40, deadline=None, suppress_health_check=SLOW_IS_FINE, print_blob=True, database=None
)
settings.register_profile(
    "thorough", max_examples=400, deadline=None, suppress_health_check=SLOW_IS_FINE, print_blob=True
)

# The meta-tests only need to know that a counterexample exists; shrinking is for people.
settings.register_profile(
    "meta",
    max_examples=40,
    deadline=None,
    suppress_health_check=SLOW_IS_FINE,
    database=None,
    phases=[Phase.explicit, Phase.reuse, Phase.generate],
)


def default_profile() -> str:
    return "ci" if os.environ.get("CI") else "dev"


LIVE_SUFFIX = "-live"
LIVE = "live"
NO_SHRINKING = (Phase.explicit, Phase.reuse, Phase.generate)
LIVE_EXAMPLES = 8
"""A live wiki spends seconds on each page write (and its tree rebuild): the default for a live
target is half of ``dev``'s examples, so that a docs run stays within minutes; ``--hypothesis-profile``
still picks any other count (without shrinking)."""

settings.register_profile(
    LIVE, parent=settings.get_profile("dev"), max_examples=LIVE_EXAMPLES, phases=NO_SHRINKING, database=None
)


LIVE_PAGE_WRITING_EXAMPLES = 1
"""Examples of a test that writes pages, under the default ``live`` profile: each page create,
move or delete on a real 2.5.314 waits for its tree rebuild (a node worker process: 2-4 s on an
idle machine, 10 s on a busy one), and the writes of a run take turns (``suites.serial_writes``),
so these tests set the run's length: with two examples a docs run took 12-14 minutes. One example
per run, each as thorough as before (a state machine still takes all its steps); every run draws
anew from its own seed, ``--hypothesis-profile dev`` or ``thorough`` ask for more, and the mock's
meta-test keeps proving every check can fail."""


def page_writing_examples() -> int:
    """``max_examples`` of a page-writing test: the loaded profile's, bounded under ``live``
    (a profile chosen by name keeps its count)."""
    current = settings().max_examples
    return min(current, LIVE_PAGE_WRITING_EXAMPLES) if settings.get_current_profile_name() == LIVE else current


def for_live_target(name: str | None) -> str:
    """The profile for a live target: ``live`` unless one was chosen, else the chosen one without
    its shrink phase.

    Each shrink step is a request (on Wiki.js a 2-second page write), and a recorded deviation fails
    every example under the docs profile: shrinking it again on every run cost minutes and told
    nothing new. The first failing example is reported as it was found.
    """
    if name is None:
        return LIVE
    live = name + LIVE_SUFFIX
    settings.register_profile(live, parent=settings.get_profile(name), phases=NO_SHRINKING)
    return live
