"""Attaching resolvers to a schema built from SDL, behind a guard that hides internals.

Binding by name fails at start-up when the SDL and the code disagree, instead of at the
first request. The guard turns any unexpected exception into a generic GraphQL error (the
details go to the server log), so a bug answers like an API error, never with a traceback.
"""

from __future__ import annotations

import logging
from collections.abc import Callable
from functools import wraps
from typing import Any

from graphql import GraphQLError, GraphQLObjectType, GraphQLResolveInfo, GraphQLSchema

from mock_server.http.graphql_errors import PublicError

log = logging.getLogger(__name__)

UNEXPECTED_MESSAGE = "Unexpected error while resolving this field."

Resolver = Callable[..., Any]


def guarded(resolver: Resolver) -> Resolver:
    @wraps(resolver)
    def resolve(source: Any, info: GraphQLResolveInfo[Any], **args: Any) -> Any:
        try:
            return resolver(source, info, **args)
        except (PublicError, GraphQLError):
            raise
        except Exception:
            log.exception("resolver %s.%s failed", info.parent_type.name, info.field_name)
            raise PublicError(UNEXPECTED_MESSAGE) from None

    return resolve


def bind(schema: GraphQLSchema, type_name: str, field_name: str, resolver: Resolver) -> None:
    """Make ``resolver(source, info, **args)`` resolve ``type_name.field_name``."""
    owner = schema.get_type(type_name)
    if not isinstance(owner, GraphQLObjectType) or field_name not in owner.fields:
        raise LookupError(f"schema has no field {type_name}.{field_name} to bind")
    owner.fields[field_name].resolve = guarded(resolver)
