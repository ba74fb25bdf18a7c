"""What the run's API key may do, learnt once before any test chooses what to check.

A Wiki.js key is either full access or a group's permissions; nothing in the API names them, so
a few read-only requests (and one update of a page id that names nothing) tell them apart: a field
whose ``@auth`` scopes the key lacks is refused as ``wikijs.auth.denied`` says. A test of how an
operation answers then runs only where the key may call it: a refusal is the permission rule's
business (``test_permissions.py``), not a violation of the operation's own rule.
"""

from __future__ import annotations

from collections.abc import Collection, Mapping
from dataclasses import dataclass
from functools import cache
from typing import Any

from graphql import GraphQLObjectType, GraphQLSchema, build_schema

from harness.targets import Target
from specs import default_rules
from specs.directives import field_directive_arguments, read_sdl
from specs.model import AccessDenial, ErrorCode, ServedSchema
from suites.wikijs.pages import NONEXISTENT_PAGE_ID
from suites.wikijs.rule_ids import AUTH_DENIED, SCHEMA_SERVED

ADMIN_SCOPE = "manage:system"
PROBES: Mapping[str, str] = {
    ADMIN_SCOPE: "{ system { info { currentVersion } } }",
    "read:pages": "{ pages { list(limit: 1) { id } } }",
    "read:comments": '{ comments { list(locale: "en", path: "") { id } } }',
    "read:history": f"{{ pages {{ history(id: {NONEXISTENT_PAGE_ID}) {{ total }} }} }}",
    "manage:users": f"{{ users {{ single(id: {NONEXISTENT_PAGE_ID}) {{ id }} }} }}",
    "write:pages": f'mutation {{ pages {{ update(id: {NONEXISTENT_PAGE_ID}, content: "x", tags: []) '
    "{ responseResult { errorCode } } } }",
}
"""Scope -> a request of a field that needs it (or manage:system); none of them changes anything."""
SHARED_KEY = "capabilities"


@dataclass(frozen=True)
class Capabilities:
    admin: bool
    scopes: frozenset[str]

    def may(self, required: Collection[str]) -> bool:
        """``@auth(requires: [...])`` is met by any one of its scopes."""
        return not required or self.admin or bool(self.scopes & set(required))

    def may_call(self, operation: str, *, mutation: bool) -> bool:
        """``namespace.field`` (e.g. ``pages.update``) as the SDL's ``@auth`` guards it."""
        return self.may(required_scopes(operation, mutation=mutation))


@cache
def _schema() -> GraphQLSchema:
    return build_schema(read_sdl(default_rules()[SCHEMA_SERVED].data_as(ServedSchema).sdl_dir))


@cache
def _auth() -> dict[tuple[str, str], dict[str, Any]]:
    return field_directive_arguments(_schema(), "auth")


def required_scopes(operation: str, *, mutation: bool) -> tuple[str, ...]:
    """The ``@auth`` scopes of ``namespace.field`` in the served SDL (empty: no ``@auth``)."""
    schema = _schema()
    root = schema.mutation_type if mutation else schema.query_type
    namespace, name = operation.split(".")
    assert root is not None
    namespace_type = root.fields[namespace].type
    assert isinstance(namespace_type, GraphQLObjectType)
    return tuple(_auth().get((namespace_type.name, name), {}).get("requires", ()))


def _refused(target: Target, document: Any) -> bool:
    denial = target.rules[AUTH_DENIED].data_as(AccessDenial)
    messages = {e.get("message") for e in document.get("errors") or [] if isinstance(e, dict)}
    if messages & {denial.forbidden, denial.unauthorized}:
        return True
    codes = {target.rules[rule_id].data_as(ErrorCode).code for rule_id in denial.mutation_codes.values()}
    return any(isinstance(status, dict) and status.get("errorCode") in codes for status in _statuses(document))


def _statuses(document: Any) -> list[Any]:
    data = document.get("data") or {}
    return [payload.get("responseResult") for namespace in data.values() if isinstance(namespace, dict)
            for payload in namespace.values() if isinstance(payload, dict)]  # fmt: skip


def of(target: Target) -> Capabilities:
    """Probed once per run and target (the answers do not change while the key lives)."""
    known = target.shared.get(SHARED_KEY)
    if isinstance(known, Capabilities):
        return known
    granted = set()
    for scope, request in PROBES.items():
        document = target.client.graphql(request).response.json()
        if isinstance(document, dict) and not _refused(target, document):
            granted.add(scope)
    capabilities = Capabilities(admin=ADMIN_SCOPE in granted, scopes=frozenset(granted))
    target.shared[SHARED_KEY] = capabilities
    return capabilities
