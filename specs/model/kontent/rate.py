"""Kontent.ai: rate limiting, request charges and the CDN cache."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Literal

from specs.model.envelope import RuleData
from specs.model.registry import kind


@kind("rate_window")
@dataclass(frozen=True)
class RateWindow(RuleData):
    """At most ``units`` resource units in any ``seconds``-long window (sliding)."""

    seconds: int
    units: int


@kind("rate_rejection")
@dataclass(frozen=True)
class RateRejection(RuleData):
    status: int
    retry_after_header: str | None
    content_type: str


@kind("retry_after")
@dataclass(frozen=True)
class RetryAfter(RuleData):
    rounding: Literal["up", "down"]


@kind("request_charge")
@dataclass(frozen=True)
class RequestCharge(RuleData):
    """The assumed cost model: ``max(minimum, per_complexity * complexity)`` resource units."""

    header: str
    minimum: int
    per_complexity: int

    def of(self, complexity: int) -> int:
        return max(self.minimum, self.per_complexity * complexity)


@kind("rate_scope")
@dataclass(frozen=True)
class RateScope(RuleData):
    per: tuple[Literal["environment", "api_key"], ...]


@kind("cdn_cache")
@dataclass(frozen=True)
class CdnCache(RuleData):
    header: str
    hit: str
    miss: str
    ttl_seconds: int
    charge_hits: bool
    cache_preview: bool
