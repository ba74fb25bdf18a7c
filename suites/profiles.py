"""Hypothesis settings profiles: ``dev`` (quick), ``ci`` (the default under CI), ``thorough``;
``meta`` is the meta-tests' own.

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
