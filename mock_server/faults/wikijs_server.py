"""Faults of the Wiki.js server rules: field rate limits, the served schema and the upload endpoint."""

from __future__ import annotations

from graphql import GraphQLObjectType, build_schema

from mock_server.faults.base import Overrides, breaks
from specs import Rule, RuleSet
from specs.directives import read_sdl
from specs.model import FieldRateLimit, ServedSchema, UploadForm, UploadLimit


@breaks("rate_limit", "wikijs.rate_limit.directive")
def _rate_limit(rule: Rule, _: RuleSet) -> tuple[str, Overrides]:
    d = rule.data_as(FieldRateLimit)
    other = d.directive + "_"
    return f"limits are read from @{other}, which no field carries: nothing is limited", {rule.id: {"directive": other}}


@breaks("served_schema", "wikijs.schema.served")
def _served_schema(rule: Rule, _: RuleSet) -> tuple[str, Overrides]:
    """A field of the documented schema goes missing: the last field of the last query namespace."""
    d = rule.data_as(ServedSchema)
    schema = build_schema(read_sdl(d.sdl_dir))
    assert schema.query_type is not None
    namespace = list(schema.query_type.fields.values())[-1].type
    assert isinstance(namespace, GraphQLObjectType)
    missing = f"{namespace.name}.{list(namespace.fields)[-1]}"
    return f"the schema lacks {missing}", {rule.id: {"absent_fields": [*d.absent_fields, missing]}}


@breaks("upload_limit", "wikijs.uploads.max_file_size")
def _upload_limit(rule: Rule, _: RuleSet) -> tuple[str, Overrides]:
    """Off by one: a file one byte over the limit is stored."""
    d = rule.data_as(UploadLimit)
    return f"uploads of {d.max_bytes + 1} bytes are stored", {rule.id: {"max_bytes": d.max_bytes + 1}}


@breaks("upload_form", "wikijs.uploads.round_trip")
def _upload_form(rule: Rule, _: RuleSet) -> tuple[str, Overrides]:
    """Stored names differ from the cleaned ones: separator runs become another character."""
    d = rule.data_as(UploadForm)
    other = "-" if d.name_replacement != "-" else "~"
    return f"separator runs in uploaded names become {other!r}", {rule.id: {"name_replacement": other}}
