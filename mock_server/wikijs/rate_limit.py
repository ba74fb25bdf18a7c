"""``@rateLimit(limit, duration)``: calls per client address and field, from the SDL directive.

The numbers are the directive's arguments in the schema (their defaults from the directive's
definition); how a refusal answers is the ``wikijs.rate_limit.directive`` rule. Windows are
fixed, as the 2.5 server's in-memory limiter counts them (see the rule's assumption): opened
by the first call of a key, ``limit`` calls allowed, closed ``duration`` seconds later.
"""

from __future__ import annotations

import math
import threading
import time
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from graphql import GraphQLObjectType, GraphQLResolveInfo, GraphQLSchema, default_field_resolver, get_named_type

from mock_server.http.auth import RequestContext
from mock_server.http.graphql_errors import PublicError
from mock_server.http.resolvers import Resolver
from mock_server.wikijs.errors import RESOLVER_ERROR_CODE, ErrorTable, ResponseStatuses
from specs import RuleSet
from specs.directives import field_directive_arguments
from specs.model import FieldRateLimit

RULE = "wikijs.rate_limit.directive"
RESPONSE_STATUS_FIELD = "responseResult"
UNKNOWN_CLIENT = "unknown"
SWEEP_AT = 4096
"""Keys held before expired windows are swept out, so memory stays bounded under load."""

Clock = Callable[[], float]


class UnreportableLimitError(ValueError):
    """The rule reports refusals in ``responseResult`` but a limited field has none: SDL and rule disagree."""


@dataclass(frozen=True)
class Limit:
    calls: int
    seconds: int


@dataclass
class _Window:
    opened: float
    calls: int


class FixedWindows:
    """Counts calls per key; ``take`` answers how many seconds to wait (0 = allowed).

    Queries of wide documents and mutations execute on worker threads: the lock makes each
    count exact."""

    def __init__(self, clock: Clock = time.monotonic) -> None:
        self._clock = clock
        self._windows: dict[str, _Window] = {}
        self._lock = threading.Lock()

    def take(self, key: str, limit: Limit) -> int:
        with self._lock:
            return self._take(key, limit)

    def _take(self, key: str, limit: Limit) -> int:
        now = self._clock()
        window = self._windows.get(key)
        if window is None or now >= window.opened + limit.seconds:
            if len(self._windows) >= SWEEP_AT:
                self._sweep(now, limit)
            window = self._windows[key] = _Window(now, 0)
        window.calls += 1
        if window.calls <= limit.calls:
            return 0
        return max(math.ceil(window.opened + limit.seconds - now), 1)

    def _sweep(self, now: float, limit: Limit) -> None:
        self._windows = {k: w for k, w in self._windows.items() if now < w.opened + limit.seconds}


def field_limits(schema: GraphQLSchema, directive_name: str) -> dict[tuple[str, str], Limit]:
    """(type, field) -> its limit, for every field carrying the directive (none if unknown)."""
    found = field_directive_arguments(schema, directive_name)
    return {field: Limit(int(args["limit"]), int(args["duration"])) for field, args in found.items()}


def enforce_rate_limits(
    schema: GraphQLSchema, rules: RuleSet, statuses: ResponseStatuses, errors: ErrorTable, windows: FixedWindows
) -> None:
    """Wrap every limited field; call last, so the limit is checked before ``@auth``, as on the
    real server (a refused call never reaches the scope check)."""
    rule = rules[RULE].data_as(FieldRateLimit)
    for (type_name, field_name), limit in field_limits(schema, rule.directive).items():
        owner = schema.get_type(type_name)
        assert isinstance(owner, GraphQLObjectType)
        field = owner.fields[field_name]
        returned = get_named_type(field.type)
        if rule.failure == "graphql_error":
            refusal = _error_refusal(rule)
        elif isinstance(returned, GraphQLObjectType) and RESPONSE_STATUS_FIELD in returned.fields:
            refusal = _status_refusal(statuses, errors, rule)
        else:
            raise UnreportableLimitError(f"{type_name}.{field_name} is rate-limited but has no {RESPONSE_STATUS_FIELD}")
        resolver = field.resolve or default_field_resolver
        field.resolve = _limited(resolver, f"{type_name}.{field_name}", limit, windows, refusal)


Refusal = Callable[[int], Any]


def _status_refusal(statuses: ResponseStatuses, errors: ErrorTable, rule: FieldRateLimit) -> Refusal:
    def refuse(_: int) -> Any:
        return {RESPONSE_STATUS_FIELD: statuses.failure(errors.error(rule.error_code))}

    return refuse


def _error_refusal(rule: FieldRateLimit) -> Refusal:
    def refuse(seconds: int) -> Any:
        raise PublicError(rule.retry_message(seconds), extensions={"code": RESOLVER_ERROR_CODE})

    return refuse


def _limited(resolver: Resolver, field: str, limit: Limit, windows: FixedWindows, refuse: Refusal) -> Resolver:
    def resolve(source: Any, info: GraphQLResolveInfo[Any], **args: Any) -> Any:
        context: RequestContext = info.context
        wait = windows.take(f"{context.client or UNKNOWN_CLIENT}:{field}", limit)
        if wait:
            return refuse(wait)
        return resolver(source, info, **args)

    return resolve
