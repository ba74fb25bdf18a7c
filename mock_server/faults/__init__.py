"""One deliberate fault per active rule (and one per trigger condition the mock reads), for the
meta-tests that measure the suites' power.

A fault overrides the data of the rule it breaks (:mod:`mock_server.faults.base`); one module
per area registers how rules of its kinds are broken and names the rule ids it serves, and
:mod:`mock_server.faults.table` builds a fault for every active rule. Every fault changes what a
black-box HTTP test of its rule observes.
"""

from __future__ import annotations

from mock_server.faults.base import (
    BREAKERS,
    NAMED_RULES,
    TRIGGER,
    TRIGGER_BREAKERS,
    Breaker,
    Fault,
    Overrides,
    UnknownFaultError,
    breaks,
    breaks_trigger,
    fault_id,
)
from mock_server.faults.table import AREAS, FAULTS, apply_faults, build_faults, untriggerable

__all__ = [
    "AREAS",
    "BREAKERS",
    "FAULTS",
    "NAMED_RULES",
    "TRIGGER",
    "TRIGGER_BREAKERS",
    "Breaker",
    "Fault",
    "Overrides",
    "UnknownFaultError",
    "apply_faults",
    "breaks",
    "breaks_trigger",
    "build_faults",
    "fault_id",
    "untriggerable",
]
