"""Checks made once, before any test: a usable ``--rule`` selection and a target that speaks GraphQL.

A mistyped rule id would otherwise select nothing and exit 5 without a word, and an unreachable
or wrong URL would fail every test one timeout at a time, burying the one cause in thousands of
lines of tracebacks. Both become a single usage error instead.
"""

from __future__ import annotations

import difflib
from collections.abc import Collection, Sequence
from http import HTTPStatus

from harness.client import HttpClient, TargetUnreachable
from harness.secrets import Redactor

PROBE = "{ __typename }"
PROBE_TIMEOUT_SECONDS = 4.0
"""One probe, well inside the 5 s a user waits for the verdict "this URL is not usable"."""
CLOSEST = 3
SIMILARITY = 0.6


def unknown_rules(wanted: Sequence[str], known: Collection[str]) -> str | None:
    """The usage error for ``--rule`` ids that name no rule, with the closest ids for each."""
    problems = []
    for rule_id in wanted:
        if rule_id in known:
            continue
        closest = difflib.get_close_matches(rule_id, known, n=CLOSEST, cutoff=SIMILARITY)
        hint = f"did you mean {', '.join(closest)}?" if closest else "no rule id is close to it"
        problems.append(f"--rule {rule_id}: no such rule ({hint})")
    return "\n".join(problems) or None


def target_problem(url: str, redactor: Redactor) -> str | None:
    """Why ``url`` cannot be a GraphQL target, or None when one POST of ``{ __typename }`` gets a
    GraphQL answer. Refusals of the credentials (401/403) and rate limits (429) still count as a
    GraphQL endpoint: judging them is the suites' work."""
    client = HttpClient(url, waits_out_refusals=False, timeout_seconds=PROBE_TIMEOUT_SECONDS)
    try:
        response = client.graphql(PROBE).response
    except TargetUnreachable as exc:
        return redactor.redact(f"--target-url {url} cannot be reached: {exc.__cause__ or exc}")
    try:
        document = response.json()
    except ValueError:
        document = None
    if isinstance(document, dict) and ("data" in document or "errors" in document):
        return None
    if response.status in {HTTPStatus.UNAUTHORIZED, HTTPStatus.FORBIDDEN, HTTPStatus.TOO_MANY_REQUESTS}:
        return None
    return redactor.redact(
        f"--target-url {url} does not speak GraphQL: POST {PROBE!r} was answered {response.status} "
        f"{response.media_type or 'without a Content-Type'}: {response.text(200)!r}"
    )
