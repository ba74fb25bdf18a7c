"""One deliberate fault per active rule, for the meta-tests that measure the suites' power.

A fault overrides the data of the rule it breaks (:mod:`mock_server.faults.base`); one module
per area registers how rules of its kinds are broken and names the rule ids it serves, and
:mod:`mock_server.faults.table` builds a fault for every active rule. Every fault changes what a
black-box HTTP test of its rule observes.
"""

from __future__ import annotations

from mock_server.faults.base import BREAKERS, NAMED_RULES, Breaker, Fault, Overrides, UnknownFaultError, breaks
from mock_server.faults.table import AREAS, FAULTS, apply_faults, build_faults, untriggerable

__all__ = [
    "AREAS",
    "BREAKERS",
    "FAULTS",
    "NAMED_RULES",
    "Breaker",
    "Fault",
    "Overrides",
    "UnknownFaultError",
    "apply_faults",
    "breaks",
    "build_faults",
    "untriggerable",
]
