"""Faults of the Wiki.js rules that :mod:`mock_server.faults` does not break itself: rate limits,
unknown ids, the permission model, the served schema and the upload endpoint.

Kept apart so the Wiki.js breakers live next to each other; :mod:`mock_server.faults` merges them
into its table. Each changes what a suite observes over HTTP.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from types import MappingProxyType
from typing import Any

from graphql import GraphQLObjectType, build_schema

from specs import Rule, RuleSet
from specs.directives import read_sdl
from specs.model import FieldRateLimit, MissingTarget, PermissionModel, ServedSchema, UploadForm, UploadLimit

Overrides = Mapping[str, Mapping[str, Any]]


def _rate_limit(rule: Rule, _: RuleSet) -> tuple[str, Overrides]:
    d = rule.data_as(FieldRateLimit)
    other = d.directive + "_"
    return f"limits are read from @{other}, which no field carries: nothing is limited", {rule.id: {"directive": other}}


def _missing_target(rule: Rule, _: RuleSet) -> tuple[str, Overrides]:
    d = rule.data_as(MissingTarget)
    other = "plain_error" if d.answer == "error_code" else "error_code"
    return f"{', '.join(d.operations)} of a missing id answer as {other}", {rule.id: {"answer": other}}


def _permission_model(rule: Rule, _: RuleSet) -> tuple[str, Overrides]:
    """Wrong page-rule precedence: at equal path length the weakest match type wins."""
    d = rule.data_as(PermissionModel)
    reversed_priority = list(reversed(d.match_priority))
    return f"page-rule precedence reversed ({' > '.join(reversed_priority)})", {
        rule.id: {"match_priority": reversed_priority}
    }


def _served_schema(rule: Rule, _: RuleSet) -> tuple[str, Overrides]:
    """A field of the documented schema goes missing: the last field of the last query namespace."""
    d = rule.data_as(ServedSchema)
    schema = build_schema(read_sdl(d.sdl_dir))
    assert schema.query_type is not None
    namespace = list(schema.query_type.fields.values())[-1].type
    assert isinstance(namespace, GraphQLObjectType)
    missing = f"{namespace.name}.{list(namespace.fields)[-1]}"
    return f"the schema lacks {missing}", {rule.id: {"absent_fields": [*d.absent_fields, missing]}}


def _upload_limit(rule: Rule, _: RuleSet) -> tuple[str, Overrides]:
    """Off by one: a file one byte over the limit is stored."""
    d = rule.data_as(UploadLimit)
    return f"uploads of {d.max_bytes + 1} bytes are stored", {rule.id: {"max_bytes": d.max_bytes + 1}}


def _upload_form(rule: Rule, _: RuleSet) -> tuple[str, Overrides]:
    """Stored names differ from the cleaned ones: separator runs become another character."""
    d = rule.data_as(UploadForm)
    other = "-" if d.name_replacement != "-" else "~"
    return f"separator runs in uploaded names become {other!r}", {rule.id: {"name_replacement": other}}


WIKIJS_BREAKERS: Mapping[str, Callable[[Rule, RuleSet], tuple[str, Overrides]]] = MappingProxyType(
    {
        "rate_limit": _rate_limit,
        "missing_target": _missing_target,
        "permission_model": _permission_model,
        "served_schema": _served_schema,
        "upload_limit": _upload_limit,
        "upload_form": _upload_form,
    }
)
