"""The Kontent.ai options that change rule data (``--rate-limit``, ``--cache-ttl``), as rule overrides.

They are applied like an implementation's deviations, before faults: a fault then breaks the
configured value (an off-by-one of ``--rate-limit 200/s`` admits 201 units), and the defaults
stay the documented numbers of the rule files.
"""

from __future__ import annotations

from typing import Any

from mock_server.kontent.ratelimit import WINDOW_RULES, parse_rate_limit, window_overrides
from specs import RuleSet
from specs.model import RateWindow


def limit_settings(rules: RuleSet, rate_limit: str | None, cache_ttl: int | None) -> dict[str, dict[str, Any]]:
    """Overrides of the rate window rules and ``kontent.rate.cdn_cache``; raises ValueError on a bad value."""
    overrides: dict[str, dict[str, Any]] = {}
    if rate_limit is not None:
        windows = {rule_id: rules[rule_id].data_as(RateWindow) for rule_id in WINDOW_RULES}
        overrides.update(window_overrides(parse_rate_limit(rate_limit), windows))
    if cache_ttl is not None:
        if cache_ttl < 0:
            raise ValueError(f"--cache-ttl {cache_ttl}: the time to live cannot be negative")
        overrides["kontent.rate.cdn_cache"] = {"ttl_seconds": cache_ttl}
    return overrides
