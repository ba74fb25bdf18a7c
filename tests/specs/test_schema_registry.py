"""The JSON Schema of rule files and the kind registry describe the same data, field for field."""

from __future__ import annotations

import dataclasses
import json
import re
from pathlib import Path
from typing import Any

from specs.model import KIND_TYPES

SCHEMA = Path(__file__).resolve().parents[2] / "specs" / "schema" / "rules.schema.json"


def test_every_kind_has_a_definition_with_the_dataclass_fields() -> None:
    definitions: dict[str, Any] = json.loads(SCHEMA.read_text(encoding="utf-8"))["$defs"]
    mismatches = []
    for kind, data_type in KIND_TYPES.items():
        definition = definitions.get(kind)
        if definition is None:
            mismatches.append(f"{kind}: no $defs entry")
            continue
        fields = dataclasses.fields(data_type)
        names = {f.name for f in fields}
        required = {
            f.name for f in fields if f.default is dataclasses.MISSING and f.default_factory is dataclasses.MISSING
        }
        properties = set(definition.get("properties", {}))
        if names != properties:
            mismatches.append(f"{kind}: dataclass {sorted(names - properties)} vs schema {sorted(properties - names)}")
        if not set(definition.get("required", [])) <= names or not required <= set(definition.get("required", [])):
            mismatches.append(f"{kind}: required {sorted(required)} vs schema {sorted(definition.get('required', []))}")
    assert not mismatches, "\n".join(mismatches)


def test_the_schema_knows_exactly_the_registered_kinds() -> None:
    """Vice versa: a kind the schema admits but no class registers would fail at build time only,
    and a definition nothing refers to is a left-over of a removed kind."""
    schema: dict[str, Any] = json.loads(SCHEMA.read_text(encoding="utf-8"))
    rule = schema["$defs"]["rule"]
    assert set(rule["properties"]["kind"]["enum"]) == set(KIND_TYPES)
    dispatch = {
        branch["if"]["properties"]["kind"]["const"]: branch["then"]["properties"]["data"]["$ref"]
        for branch in rule["allOf"]
    }
    assert dispatch == {kind: f"#/$defs/{kind}" for kind in KIND_TYPES}
    referenced = set(re.findall(r'"#/\$defs/(\w+)"', SCHEMA.read_text(encoding="utf-8")))
    assert set(schema["$defs"]) == referenced
