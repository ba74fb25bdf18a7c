"""The mock's schema for a real environment's content model equals the schema the real API
generated for that environment, fact by fact (types, fields, arguments, nullability,
deprecations, unions, ``_Where`` and ``_Order`` entries).

Each ``models/real-schemas/<environment>/`` holds ``schema.graphql`` (the real schema, recorded
from a public codegen file named in its header) and ``management/``, the Management API export
of that environment's content model. See ``models/real-schemas/README.md``.
"""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from graphql import build_schema

from mock_server.kontent.app import content_rules
from mock_server.kontent.loading import load_model
from mock_server.kontent.schema import build
from specs import default_rules
from tests.mock_server.schema_facts import differences, schema_facts

REAL_SCHEMAS = Path(__file__).with_name("models") / "real-schemas"
EMULATION = {"kickstart-react-app": "observed-2025"}
"""Environment -> the ``--emulate`` choice of its schema's vintage (rules' ``deviations``)."""
ENVIRONMENTS = sorted(path.name for path in REAL_SCHEMAS.iterdir() if (path / "schema.graphql").is_file())


def _real(environment: str) -> dict[str, str]:
    return schema_facts(build_schema((REAL_SCHEMAS / environment / "schema.graphql").read_text(encoding="utf-8")))


@pytest.mark.parametrize("preview", [False, True], ids=["delivery", "preview"])
@pytest.mark.parametrize("environment", ENVIRONMENTS)
def test_mock_schema_equals_the_real_generated_schema(environment: str, preview: bool) -> None:
    model = load_model([REAL_SCHEMAS / environment / "management"])
    rules = content_rules(default_rules().as_implemented_by(EMULATION[environment]))
    generated = schema_facts(build(model, rules, preview=preview))
    found = differences(_real(environment), generated)
    assert not found, json.dumps(found, indent=1)


def test_every_recorded_environment_is_compared_in_full() -> None:
    assert sorted(EMULATION) == ENVIRONMENTS
    for environment in ENVIRONMENTS:
        facts = _real(environment)
        assert any(key.endswith("_Where.AND") for key in facts) and len(facts) > 200, environment
