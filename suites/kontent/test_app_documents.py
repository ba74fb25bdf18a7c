"""App-shaped documents validate and execute without errors (see :mod:`suites.kontent.app_documents`).

They exercise the element shapes apps rely on: single-valued elements queried as one object or
union (``kontent.schema.single_valued``) and the deprecated plain date fields in selections,
`where` and `order` (``kontent.schema.element_fields``).
"""

from __future__ import annotations

import json
from typing import Any

import pytest

from harness.client import Exchange
from harness.targets import Target
from suites.kontent.app_documents import DOCUMENTS, IMPORTED_DOCUMENTS, AppDocument, seeded_variables
from suites.kontent.preview import preview_client
from suites.kontent.rule_ids import ELEMENT_FIELDS
from suites.oracles import explain

SINGLE_RULE = "kontent.schema.single_valued"
FIELD_NAMES = """query($n: String!) { __type(name: $n) { fields(includeDeprecated: true) { name } } }"""


def _applies(target: Target, document: AppDocument) -> bool:
    """The target has every type and field the document names (another model skips it)."""
    for type_name, wanted in document.requires.items():
        found = target.client.graphql_data(FIELD_NAMES, {"n": type_name})["__type"]
        if found is None or not set(wanted) <= {f["name"] for f in found["fields"] or ()}:
            return False
    return True


def _variables(target: Target, document: AppDocument) -> dict[str, Any]:
    variables = seeded_variables(target.client, document)
    if variables is None:
        pytest.skip(f"{document.seed} has no items to seed {document.name}")
    return variables


def _send(target: Target, document: AppDocument, variables: dict[str, Any]) -> Exchange:
    if document.preview:
        if target.preview_key is None:
            pytest.skip("set KONTENT_PREVIEW_API_KEY to run preview documents against a live target")
        return preview_client(target, target.preview_key).graphql(document.query, variables)
    if document.method == "GET":
        params = {"query": document.query, **({"variables": json.dumps(variables)} if variables else {})}
        return target.client.send("GET", params=params, headers={"Accept": "application/json"})
    return target.client.graphql(document.query, variables)


@pytest.mark.rule(SINGLE_RULE)
@pytest.mark.rule(ELEMENT_FIELDS)
@pytest.mark.parametrize("document", [*DOCUMENTS, *IMPORTED_DOCUMENTS], ids=lambda d: d.name)
def test_app_document_runs_without_errors(kontent: Target, document: AppDocument) -> None:
    rule = kontent.rules[SINGLE_RULE]
    if not _applies(kontent, document):
        assert not (kontent.embedded and document in DOCUMENTS), f"the sample lacks what {document.name} queries"
        pytest.skip(f"the environment's model lacks what {document.name} queries")
    exchange = _send(kontent, document, _variables(kontent, document))
    answer = exchange.response.json()
    assert exchange.response.status == 200 and not answer.get("errors"), explain(rule, exchange, "errors")
    assert answer.get("data") and all(v is not None for v in answer["data"].values()), explain(
        rule, exchange, "a root field is null"
    )
