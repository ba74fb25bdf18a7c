"""A flaky failure names the check and the exchange that failed, not hypothesis' internals."""

from __future__ import annotations

import json

import pytest

from suites.plugin.outcomes import event_of


def test_a_flaky_result_names_the_exchange_that_differed() -> None:
    failure = {
        "replay": ["python -m pytest suites/x.py::test_y"],
        "curl": "curl -sS -i -X POST http://127.0.0.1:1/graphql",
        "exchange": "POST http://127.0.0.1:1/graphql -> 500 text/html: 'boom'",
        "failing_check": True,
        "rule": "wikijs.schema.served",
        "problem": "a valid query got a server error",
    }
    report = pytest.TestReport(
        "suites/x.py::test_y",
        ("suites/x.py", 1, "test_y"),
        {},
        "failed",
        "E   hypothesis.errors.FlakyFailure: Hypothesis test_y produces unreliable results\n  +------",
        "call",
        user_properties=[
            ("rules", "wikijs.schema.served"),
            ("failure", json.dumps(failure)),
            ("flaky", "1"),
        ],
    )
    event = event_of(report)
    assert (
        event is not None
        and event.message is not None
        and event.message.startswith("Flaky: wikijs.schema.served: a valid query")
    )
    assert "+------" not in event.message
    assert event.exchange == failure["exchange"] and event.failing_check and event.curl == failure["curl"]
