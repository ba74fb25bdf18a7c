"""Rule sets for report tests: every rule of the specs may be active, so the pending case is made."""

from __future__ import annotations

import dataclasses

from specs import RuleSet, default_rules
from specs.model import Pending

PENDING_RULE = "wikijs.pages.tree"
"""Any rule will do: made pending here, whatever the specs say of it."""


def with_a_pending_rule() -> RuleSet:
    rules = default_rules()
    pending = dataclasses.replace(rules[PENDING_RULE], pending=Pending(issue=99, reason="waits for a mock feature"))
    return dataclasses.replace(rules, rules={**rules.rules, PENDING_RULE: pending})
