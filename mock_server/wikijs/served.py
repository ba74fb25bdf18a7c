"""The ``wikijs.schema.served`` rule applied to the mock's schema: fields an implementation
(or a fault) does not serve are removed, so introspection and validation both lose them."""

from __future__ import annotations

from graphql import GraphQLObjectType, GraphQLSchema

from specs import RuleSet
from specs.model import ServedSchema

SERVED_RULE = "wikijs.schema.served"


def remove_absent_fields(schema: GraphQLSchema, rules: RuleSet) -> None:
    for entry in rules[SERVED_RULE].data_as(ServedSchema).absent_fields:
        type_name, field_name = entry.split(".")
        named = schema.get_type(type_name)
        if not isinstance(named, GraphQLObjectType) or field_name not in named.fields:
            raise ValueError(f"{SERVED_RULE}: absent field {entry} is not in the schema")
        del named.fields[field_name]
