"""What stands between a Kontent.ai request and its execution: CDN, query limits, rate limits.

In the order the real service applies them: a published request the CDN holds is answered
from there (free, never limited); otherwise the document's complexity and depth are measured
before execution, the request is charged (``request_charge``) against its rate-limit bucket
(``rate_scope``), refused with 429 when a window is full, rejected when too complex or too
deep, else executed. Every answer carries the charge and, once measured, the complexity.
"""

from __future__ import annotations

import asyncio
import json
from collections.abc import Callable, Hashable
from dataclasses import dataclass
from http import HTTPStatus

from graphql import (
    DocumentNode,
    GraphQLError,
    GraphQLSchema,
    OverlappingFieldsCanBeMergedRule,
    parse,
    specified_rules,
    validate,
)

from mock_server.http.auth import RequestContext
from mock_server.http.errors import HttpError
from mock_server.http.executor import Executor, Outcome
from mock_server.http.graphql_errors import format_error
from mock_server.http.params import GraphQLParams
from mock_server.http.responses import dumps
from mock_server.kontent.cdn import CdnCache
from mock_server.kontent.complexity import Measure, QueryAnalyzer
from mock_server.kontent.ratelimit import WINDOW_RULES, RateLimiter
from mock_server.kontent.store import VersionedExecutor
from specs import RuleSet
from specs.model import (
    CdnCache as CdnCacheRule,
)
from specs.model import (
    Paging,
    QueryComplexity,
    QueryDepth,
    RateRejection,
    RateScope,
    RateWindow,
    RequestCharge,
    RetryAfter,
)

CHEAP_RULES = tuple(rule for rule in specified_rules if rule is not OverlappingFieldsCanBeMergedRule)
TOO_COMPLEX = "The query complexity is {measured}; the maximum is {max}. Request fewer items (lower `limit`)."
TOO_DEEP = "The query total depth is {measured}; the maximum is {max}."
UNMEASURABLE = "The query is nested too deeply to measure; the maximum total depth is far lower."
RATE_LIMITED = "The rate limit was exceeded: retry after {seconds} seconds."

PARSED_CACHE_SIZE = 512
"""Parsed documents kept by text (first in, first out): a stream of distinct documents cannot grow memory."""

Latency = Callable[[], float]
"""Seconds to wait before answering (``--latency``)."""


@dataclass(frozen=True)
class LimitRules:
    """The rules of this module, gathered once per application (after deviations and faults)."""

    complexity: QueryComplexity
    depth: QueryDepth
    charge: RequestCharge
    rejection: RateRejection
    retry_after: RetryAfter
    scope: RateScope
    cdn: CdnCacheRule
    windows: tuple[RateWindow, ...]
    default_limit: int

    @classmethod
    def of(cls, rules: RuleSet) -> LimitRules:
        return cls(
            complexity=rules["kontent.query.complexity"].data_as(QueryComplexity),
            depth=rules["kontent.query.depth"].data_as(QueryDepth),
            charge=rules["kontent.rate.charge"].data_as(RequestCharge),
            rejection=rules["kontent.rate.rejection"].data_as(RateRejection),
            retry_after=rules["kontent.rate.retry_after"].data_as(RetryAfter),
            scope=rules["kontent.rate.scope"].data_as(RateScope),
            cdn=rules["kontent.rate.cdn_cache"].data_as(CdnCacheRule),
            windows=tuple(rules[rule_id].data_as(RateWindow) for rule_id in WINDOW_RULES),
            default_limit=rules["kontent.content.paging"].data_as(Paging).default_limit,
        )


class MeteredExecutor:
    """A :class:`VersionedExecutor` behind the CDN, the query limits and the rate limiter."""

    def __init__(
        self,
        inner: VersionedExecutor,
        environment_id: str,
        rules: LimitRules,
        limiter: RateLimiter,
        cdn: CdnCache | None,
        latency: Latency | None = None,
    ) -> None:
        self._inner = inner
        self._environment = environment_id
        self._rules = rules
        self._limiter = limiter
        self._cdn = cdn
        self._latency = latency
        self._executor: Executor | None = None
        self._analyzer: QueryAnalyzer | None = None
        self._documents: dict[str, DocumentNode | None] = {}

    def _current(self) -> tuple[Executor, QueryAnalyzer]:
        """The current model's executor; a new model version purges the CDN."""
        executor = self._inner.current()
        if executor is not self._executor or self._analyzer is None:
            self._executor = executor
            self._analyzer = QueryAnalyzer(executor.schema, self._rules.default_limit)
            if self._cdn is not None:
                self._cdn.clear()
        return executor, self._analyzer

    async def run(self, params: GraphQLParams, context: RequestContext, *, via_get: bool) -> Outcome:
        if self._latency is not None:
            await asyncio.sleep(self._latency())
        executor, analyzer = self._current()
        key = self._cache_key(params, context, via_get)
        cached = self._cdn.get(key) if self._cdn is not None and key is not None else None
        if cached is not None:
            charge = self._rules.charge.of(cached.complexity) if self._rules.cdn.charge_hits else 0
            self._admit(context, charge, cached.complexity)
            return self._inner.warned(
                self._with_headers(cached.outcome, charge, cached.complexity, self._rules.cdn.hit)
            )
        outcome, measure = await self._measured_run(executor, analyzer, params, context, via_get=via_get)
        if self._cdn is not None and key is not None and outcome.status == HTTPStatus.OK:
            self._cdn.put(key, outcome, measure.complexity)
        return self._inner.warned(outcome)

    async def _measured_run(
        self,
        executor: Executor,
        analyzer: QueryAnalyzer,
        params: GraphQLParams,
        context: RequestContext,
        *,
        via_get: bool,
    ) -> tuple[Outcome, Measure]:
        document = self._parse(params.query)
        measure = Measure(0, 0)
        rejection = None
        if document is not None:
            try:
                measure = analyzer.measure(document, params.operation_name, params.variables or {})
            except RecursionError:  # nesting deeper than the interpreter's stack: far over any maximum
                rejection = _refusal(self._rules.depth.status, UNMEASURABLE, self._rules.depth.error_code)
        rejection = rejection or self._rejection(measure)
        invalid = (
            rejection is not None
            and document is not None
            and self._invalid_and_too_complex(executor.schema, document, measure)
        )
        if invalid:
            rejection = None  # the executor answers the validation errors; nothing runs
        charge = self._rules.charge.of(0 if rejection is not None or invalid else measure.complexity)
        self._admit(context, charge, measure.complexity)
        outcome = rejection or await executor.run(params, context, via_get=via_get)
        return self._with_headers(outcome, charge, measure.complexity, self._rules.cdn.miss), measure

    def _parse(self, query: str) -> DocumentNode | None:
        """The document, parsed but not yet validated: limits are judged first, so an oversized
        document is refused before validation's costlier rules (overlapping fields) run on it.
        None when it does not parse (the executor then answers the syntax error)."""
        if query in self._documents:
            return self._documents[query]
        try:
            document: DocumentNode | None = parse(query)
        except (GraphQLError, RecursionError):
            document = None
        if len(self._documents) >= PARSED_CACHE_SIZE:
            self._documents.pop(next(iter(self._documents)))
        self._documents[query] = document
        return document

    def _invalid_and_too_complex(self, schema: GraphQLSchema, document: DocumentNode, measure: Measure) -> bool:
        """A document over the complexity maximum (not the depth one) that fails validation: its
        mistake is the more useful answer (`kontent.query.complexity`). Checked without the
        overlapping-fields rule, whose cost grows with the square of the document."""
        if measure.depth > self._rules.depth.max:
            return False
        try:
            return bool(validate(schema, document, CHEAP_RULES))
        except RecursionError:
            return False

    def _rejection(self, measure: Measure) -> Outcome | None:
        depth, complexity = self._rules.depth, self._rules.complexity
        if measure.depth > depth.max:
            return _refusal(depth.status, TOO_DEEP.format(measured=measure.depth, max=depth.max), depth.error_code)
        if measure.complexity > complexity.max:
            message = TOO_COMPLEX.format(measured=measure.complexity, max=complexity.max)
            return _refusal(complexity.status, message, complexity.error_code)
        return None

    def _admit(self, context: RequestContext, charge: int, complexity: int) -> None:
        retry_after = self._limiter.admit(self._bucket(context), charge)
        if retry_after is None:
            return
        rejection = self._rules.rejection
        headers = {self._rules.charge.header: "0", self._rules.complexity.header: str(complexity)}
        if rejection.retry_after_header is not None:
            headers[rejection.retry_after_header] = str(retry_after)
        raise HttpError(
            rejection.status,
            RATE_LIMITED.format(seconds=retry_after),
            content_type=rejection.content_type,
            headers=headers,
        )

    def _bucket(self, context: RequestContext) -> Hashable:
        per = self._rules.scope.per
        return (
            self._environment if "environment" in per else None,
            context.bearer_token if "api_key" in per else None,
        )

    def _cache_key(self, params: GraphQLParams, context: RequestContext, via_get: bool) -> Hashable | None:
        if self._cdn is None:
            return None
        variables = json.dumps(params.variables, sort_keys=True) if params.variables else None
        return (via_get, params.query, params.operation_name, variables, context.bearer_token)

    def _with_headers(self, outcome: Outcome, charge: int, complexity: int, cache: str) -> Outcome:
        headers = {
            **outcome.headers,
            self._rules.charge.header: str(charge),
            self._rules.complexity.header: str(complexity),
            self._rules.cdn.header: cache,
        }
        return Outcome(outcome.status, outcome.body, headers)

    def request_error(self, message: str) -> Outcome:
        return self._inner.request_error(message)


def _refusal(status: int, message: str, code: str) -> Outcome:
    return Outcome(status, dumps({"errors": [format_error(GraphQLError(message), code)], "data": None}))
