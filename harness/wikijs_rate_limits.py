"""``@rateLimit`` as a client sees it: the limits (read from the project's Wiki.js SDL, as data:
a live server does not reveal directive arguments) and the recognition of a refused call in
either documented shape. Shared by the conformance suite and the load check."""

from __future__ import annotations

import re
from collections.abc import Mapping
from dataclasses import dataclass, field
from functools import cache
from typing import Any

from graphql import build_schema

from specs import RuleSet, default_rules
from specs.directives import field_directive_arguments, read_sdl
from specs.model import ErrorCode, FieldRateLimit, ServedSchema

RULE = "wikijs.rate_limit.directive"
SCHEMA_RULE = "wikijs.schema.served"
"""Names the directory of the 2.5 SDL files."""


@dataclass(frozen=True)
class Limit:
    calls: int
    seconds: int


@cache
def sdl_limits(directive: str) -> dict[tuple[str, str], Limit]:
    """(type, field) -> its limit, for every field of the 2.5 SDL carrying the directive."""
    schema = build_schema(read_sdl(default_rules()[SCHEMA_RULE].data_as(ServedSchema).sdl_dir))
    found = field_directive_arguments(schema, directive)
    return {name: Limit(int(args["limit"]), int(args["duration"])) for name, args in found.items()}


@dataclass(frozen=True)
class Refusal:
    """A call the rule's refusal answered; ``problems`` lists where its shape departs from the rule."""

    seconds: int | None
    """The wait the answer announced, when its shape carries one."""
    problems: tuple[str, ...] = field(default=())


def refusal(rules: RuleSet, document: Any, payload: Any, limit: Limit) -> Refusal | None:
    """The refusal in this answer (``payload``: the limited field's value), or None when the
    call went through."""
    rule = rules[RULE].data_as(FieldRateLimit)
    if rule.failure == "graphql_error":
        pattern = re.escape(rule.message).replace(re.escape("{seconds}"), r"(\d+)")
        errors = (document or {}).get("errors") or []
        matches = [re.fullmatch(pattern, str(e.get("message"))) for e in errors if isinstance(e, dict)]
        seconds = [int(m.group(1)) for m in matches if m]
        if not seconds:
            return None
        problems = []
        if not 1 <= seconds[0] <= limit.seconds:
            problems.append(f"the announced wait {seconds[0]} s is outside 1..{limit.seconds} s")
        if payload is not None:
            problems.append("the refused field is not null")
        return Refusal(seconds[0], tuple(problems))
    status = (payload or {}).get("responseResult") or {} if isinstance(payload, dict) else {}
    error = rules[rule.error_code].data_as(ErrorCode)
    if status.get("errorCode") != error.code:
        return _refused_otherwise(document, status)
    expected = {"succeeded": False, "errorCode": error.code, "slug": error.slug, "message": error.message}
    return Refusal(None, () if status == expected else (f"responseResult {status} is not {expected}",))


def _refused_otherwise(document: Any, status: Mapping[str, Any]) -> Refusal | None:
    """A call that did not go through although its answer lacks the rule's refusal: an error and no
    success status (e.g. 2.5.314's "Too many requests" where the docs say 1008). Counted as a
    refusal that departs from the rule, never as an admitted call."""
    errors = [e for e in (document or {}).get("errors") or [] if isinstance(e, dict)]
    if status.get("succeeded") is True or not errors:
        return None
    return Refusal(None, (f"refused in another shape than the rule's: {str(errors[0].get('message'))[:120]!r}",))
