"""The login-flow scenarios of the error codes, and the ``@rateLimit`` field each one's examples
spend; ``test_auth_codes`` acts them out and checks the answers."""

from __future__ import annotations

import dataclasses

from specs import Rule
from specs.model import ErrorCode
from suites.wikijs import logins


@dataclasses.dataclass(frozen=True)
class Scenario:
    """A login-flow scenario; as a ``rule_kind`` ``where`` it selects the rules it triggers."""

    name: str
    spends: str | None = None
    """The ``@rateLimit`` field whose calls the examples spend (``rate_limited`` in the rule)."""

    def __call__(self, rule: Rule) -> bool:
        trigger = rule.data_as(ErrorCode).trigger
        return trigger is not None and trigger.scenario == self.name

    def examples(self) -> int:
        """A drawn scenario's examples: its share of one window of its field, shared with the
        other scenarios spending the field on the same mock."""
        assert self.spends is not None, f"{self.name} spends no rate-limited field"
        return logins.examples_within(self.spends, sharers=sum(1 for s in SCENARIOS if s.spends == self.spends))


TFA_WRONG_CODE = Scenario("tfa_wrong_code", spends="loginTFA")
TFA_MALFORMED = Scenario("tfa_malformed", spends="loginTFA")
UNKNOWN_TOKEN = Scenario("unknown_continuation_token", spends="loginChangePassword")
BANNED = Scenario("banned_account", spends="login")
UNVERIFIED = Scenario("unverified_account", spends="login")
BURST = Scenario("login_burst", spends="login")
REGISTRATION_OFF = Scenario("registration_disabled")
OUTSIDE_WHITELIST = Scenario("domain_not_whitelisted")
HEIRLESS_OWNER = Scenario("owner_unknown_replacement")
"""Logs in once per run, not per example: its examples spend no limited calls."""
SCENARIOS = (TFA_WRONG_CODE, TFA_MALFORMED, UNKNOWN_TOKEN, BANNED, UNVERIFIED, BURST, REGISTRATION_OFF,
             OUTSIDE_WHITELIST, HEIRLESS_OWNER)  # fmt: skip
