"""One known hypothesis seed per run, so any failure can be replayed exactly, and the hypothesis
profile a live target needs (no shrinking) unless one was chosen."""

from __future__ import annotations

import random
from typing import Any

import pytest

from suites import profiles

SEED_KEY = "conformance_seed"


def settle(config: pytest.Config, live: bool) -> None:
    """Fix the run's seed and hypothesis profile in pytest's options, before hypothesis reads them."""
    workerinput = getattr(config, "workerinput", {})
    if SEED_KEY in workerinput:
        # pytest-xdist workers replay the controller's seed, so one seed reproduces the whole run.
        config.option.hypothesis_seed = workerinput[SEED_KEY]
    if config.getoption("hypothesis_seed", None) is None:
        config.option.hypothesis_seed = random.randrange(2**32)
    chosen = config.getoption("hypothesis_profile", None)
    if live and not (chosen or "").endswith(profiles.LIVE_SUFFIX) and chosen != profiles.LIVE:
        config.option.hypothesis_profile = profiles.for_live_target(chosen)
    elif chosen is None:
        config.option.hypothesis_profile = profiles.default_profile()


@pytest.hookimpl(optionalhook=True)
def pytest_configure_node(node: Any) -> None:
    """pytest-xdist: hand the controller's seed to each worker."""
    node.workerinput[SEED_KEY] = node.config.getoption("hypothesis_seed")
