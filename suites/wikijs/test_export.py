"""``system.export``: an export fills an empty directory, a second one into it is refused, and the
refusals read as the rule says (a success is checked for ``succeeded`` only: its slug and message
are the ResponseStatus rule's, checked by that rule's own tests).

An export writes files on the wiki's disk that no API call can read back or remove, so this runs on
the embedded mock only (whose data directory is the run's) and is skipped on a live target. That the
first export wrote files is seen from outside: the same directory is no longer empty.
"""

from __future__ import annotations

import pytest

from harness.client import Exchange
from harness.targets import Target
from specs.model import DataExport
from suites.oracles import explain
from suites.wikijs import pages

EXPORT_RULE = "wikijs.system.export"
OPERATION = "system.export"
PLAIN_CODE = 1
"""errorCode of a refusal the server words itself."""
EXPORT = (
    "mutation($entities: [String]!, $path: String!) { system { export(entities: $entities, path: $path) "
    f"{{ {pages.RESPONSE_STATUS} }} }} }}"
)
STATUS = "{ system { exportStatus { status progress } } }"


def export(target: Target, entities: list[str], path: str) -> Exchange:
    return target.client.graphql(EXPORT, {"entities": entities, "path": path})


def refused(target: Target, exchange: Exchange, message: str) -> None:
    status = pages.result_of(exchange, OPERATION).get("responseResult") or {}
    found = {key: status.get(key) for key in ("succeeded", "errorCode", "message")}
    wanted = {"succeeded": False, "errorCode": PLAIN_CODE, "message": message}
    assert found == wanted, explain(target.rules[EXPORT_RULE], exchange, f"expected the refusal {wanted}")


@pytest.mark.rule(EXPORT_RULE)
@pytest.mark.usefixtures("writable")
def test_export_fills_an_empty_directory_once(wikijs: Target) -> None:
    if not wikijs.embedded:
        pytest.skip("an export writes files on a live wiki's disk that no API call can remove")
    rule = wikijs.rules[EXPORT_RULE]
    spec = rule.data_as(DataExport)
    entities = sorted(spec.entities)
    directory = wikijs.unique_path("export")

    refused(wikijs, export(wikijs, [], directory), spec.messages["no_entities"])
    refused(wikijs, export(wikijs, entities, f"../{directory}"), spec.messages["outside"])

    exchange = export(wikijs, entities, directory)
    status = pages.result_of(exchange, OPERATION).get("responseResult") or {}
    assert status.get("succeeded") is True, explain(rule, exchange, "expected the export to start")
    reported = wikijs.client.graphql_data(STATUS)["system"]["exportStatus"]
    assert reported == dict(spec.finished), explain(
        rule, wikijs.client.journal[-1], f"exportStatus {reported} after the export, expected {dict(spec.finished)}"
    )
    refused(wikijs, export(wikijs, entities, directory), spec.messages["not_empty"])
    refused(wikijs, export(wikijs, entities, f"/{directory}"), spec.messages["not_empty"])
