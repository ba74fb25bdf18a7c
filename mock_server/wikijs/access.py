"""The one place that enforces ``@auth``, and the page-rule check of Wiki.js.

Every schema field carrying ``@auth(requires: [...])`` gets its resolver wrapped: the
caller passes when it holds at least one listed scope (``@auth`` looks at global
permissions only, never at page rules). How a refusal reads comes from the
``wikijs.auth.denied`` rule, so the documented and the emulated answers differ by data.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Mapping
from typing import Any

from graphql import GraphQLObjectType, GraphQLResolveInfo, GraphQLSchema, default_field_resolver
from graphql.execution.values import get_directive_values

from mock_server.http.graphql_errors import PublicError
from mock_server.http.resolvers import Resolver
from mock_server.wikijs.auth import Caller
from mock_server.wikijs.errors import PERMISSIONS_RULE, RESOLVER_ERROR_CODE, ErrorTable, ResponseStatuses, WikiError
from specs import RuleSet
from specs.model import AccessDenial, PermissionModel

AUTH_DIRECTIVE = "auth"
DENIAL_RULE = "wikijs.auth.denied"
MUTATION_ROOT = "Mutation"


class UnknownScopeError(ValueError):
    """The SDL names a scope the permission model does not know: SDL and rules disagree."""


def denied(message: str) -> PublicError:
    return PublicError(message, extensions={"code": RESOLVER_ERROR_CODE})


def enforce_auth(schema: GraphQLSchema, rules: RuleSet, statuses: ResponseStatuses, errors: ErrorTable) -> None:
    """Wrap the resolver of every ``@auth`` field; call after all resolvers are bound."""
    denial = rules[DENIAL_RULE].data_as(AccessDenial)
    known = set(rules[PERMISSIONS_RULE].data_as(PermissionModel).scopes)
    directive = schema.get_directive(AUTH_DIRECTIVE)
    assert directive is not None
    mutations = _mutation_namespaces(schema)
    for named in schema.type_map.values():
        if not isinstance(named, GraphQLObjectType) or named.name.startswith("__"):
            continue
        for name, field in named.fields.items():
            if field.ast_node is None:
                continue
            values = get_directive_values(directive, field.ast_node)
            if values is None:
                continue
            scopes = frozenset(scope for scope in values.get("requires") or () if scope)
            if not scopes <= known:
                raise UnknownScopeError(f"{named.name}.{name} requires unknown scopes {sorted(scopes - known)}")
            operation = f"{mutations[named.name]}.{name}" if named.name in mutations else None
            code = denial.mutation_codes.get(operation or "") if denial.mutation_failures == "response_status" else None
            refusal = (lambda c=code: {"responseResult": statuses.failure(errors.error(c))}) if code else None
            field.resolve = _guard(field.resolve or default_field_resolver, scopes, denial, refusal)


def _mutation_namespaces(schema: GraphQLSchema) -> dict[str, str]:
    """Namespace type name -> root field name, for the mutation namespaces."""
    root = schema.mutation_type
    assert root is not None
    return {field.type.name: name for name, field in root.fields.items() if isinstance(field.type, GraphQLObjectType)}


def _guard(resolver: Resolver, scopes: frozenset[str], denial: AccessDenial, refusal: Any) -> Resolver:
    def resolve(source: Any, info: GraphQLResolveInfo[Any], **args: Any) -> Any:
        caller: Caller | None = info.context.identity
        if caller is None:
            raise denied(denial.unauthorized)
        if not caller.permissions & scopes:
            if refusal is not None:
                return refusal()
            raise denied(denial.forbidden)
        return resolver(source, info, **args)

    return resolve


def _matches(rule: Mapping[str, Any], path: str, tags: Iterable[str]) -> bool:
    match, target = rule["match"], rule["path"]
    if match == "START":
        return f"/{path}".startswith(f"/{target}")
    if match == "END":
        return bool(path.endswith(target))
    if match == "EXACT":
        return bool(path == target)
    if match == "TAG":
        return target in tags
    try:
        return re.search(target, path) is not None
    except re.error:
        return False


def page_access(
    caller: Caller, model: PermissionModel, required: Iterable[str], locale: str, path: str, tags: Iterable[str] = ()
) -> bool:
    """``checkAccess`` of Wiki.js 2.5 (facts § 3.5): system scope, global scopes, then page rules
    (longest path wins; at equal length the higher match priority; deny wins a full tie)."""
    needed = set(required)
    if model.system_scope in caller.permissions:
        return True
    if not caller.permissions & needed:
        return False
    rank = {match: len(model.match_priority) - index for index, match in enumerate(model.match_priority)}
    tag_list = list(tags)
    winner: Mapping[str, Any] | None = None
    for rule in caller.page_rules:
        if not needed & set(rule["roles"]) or (rule["locales"] and locale not in rule["locales"]):
            continue
        if not _matches(rule, path, tag_list):
            continue
        if winner is not None:
            longer, shorter = len(rule["path"]) > len(winner["path"]), len(rule["path"]) < len(winner["path"])
            if shorter or (not longer and rank[winner["match"]] > rank[rule["match"]]):
                continue
            if not longer and winner["match"] == rule["match"] and winner["deny"] and not rule["deny"]:
                continue
        winner = rule
    return winner is not None and not winner["deny"]


class PageRules:
    """Page checks as the ``page_operations`` table of ``wikijs.permissions.model`` describes them
    (roles, destination roles, whether the locale counts), refused with the code the
    ``wikijs.auth.denied`` rule gives the operation (or the one it is ``refused_as``)."""

    def __init__(self, rules: RuleSet, errors: ErrorTable) -> None:
        self._model = rules[PERMISSIONS_RULE].data_as(PermissionModel)
        self._codes = rules[DENIAL_RULE].data_as(AccessDenial).page_rule_codes
        self._errors = errors

    def allows(self, caller: Caller, required: Iterable[str], locale: str, path: str, tags: Iterable[str] = ()) -> bool:
        """``tags`` only where the real server passes them (search results): TAG rules need them."""
        return page_access(caller, self._model, required, locale, path, tags)

    def permits(self, caller: Caller, operation: str, locale: str, path: str, tags: Iterable[str] = ()) -> bool:
        """Whether ``operation``'s page check lets the caller at the page (reads filter by it)."""
        spec = self._model.page_operations[operation]
        return self.allows(caller, spec["roles"], "" if spec.get("ignores_locale") else locale, path, tags)

    def require(self, caller: Caller, operation: str, locale: str, path: str) -> None:
        """``operation``'s page check on the page at (locale, path)."""
        if not self.permits(caller, operation, locale, path):
            raise self._refusal(operation)

    def require_destination(self, caller: Caller, operation: str, locale: str, path: str) -> None:
        """The check of where ``operation`` puts a page (a move's destination)."""
        if not self.allows(caller, self._model.page_operations[operation]["destination_roles"], locale, path):
            raise self._refusal(operation)

    def _refusal(self, operation: str) -> WikiError:
        refused_as = self._model.page_operations[operation].get("refused_as", operation)
        return self._errors.error(self._codes[refused_as])
