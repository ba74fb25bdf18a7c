"""Every object type reachable from the roots answers with all its fields selected, on the
seeded data, without an error (a non-null field left null fails the whole object: third-party
clients, which select every field they model, got no page at all). Under the 2.5.314 emulation the
only errors are those its ``wikijs.schema.served`` deviation records, as the real server answers.

Queries: every field of every ``Query`` namespace. Mutations: one call of each mutation whose
answer type is reachable only through ``Mutation`` and has fields beyond ``responseResult``,
so the types only a write returns (``PageResponse``, ``UserResponse``...) are walked too.
"""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

import pytest
from graphql import GraphQLObjectType, get_named_type

from mock_server.wikijs.samples import DEFAULT_ADMIN_EMAIL, DEFAULT_ADMIN_PASSWORD
from mock_server.wikijs.schema import wikijs_schema
from specs import default_rules
from specs.model import ErrorCode, ServedSchema
from tests.clients.all_fields import reachable, root_documents, selection
from tests.mock_server.support import MockClient, start

IMPLEMENTATIONS = ("docs", "2.5.314")

MUTATIONS = {
    "pages.create": 'content: "# Walk\\n\\nAll fields.", description: "d", editor: "markdown", isPublished: true,'
    ' isPrivate: false, locale: "en", path: "walk/all-fields", tags: ["walk"], title: "Walk"',
    "pages.update": 'id: 1, content: "# Home\\n\\nUpdated.", title: "Home", tags: ["welcome"]',
    "groups.create": 'name: "walkers"',
    "users.create": 'email: "walker@example.com", name: "Walker", passwordRaw: "walker-password-1",'
    ' providerKey: "local", groups: [1], mustChangePassword: false, sendWelcomeEmail: false',
    "comments.create": 'pageId: 1, content: "A comment from the all-fields walk."',
    "comments.update": 'id: 1, content: "The seeded comment, edited by the all-fields walk."',
    "authentication.createApiKey": 'name: "walker-key", expiration: "1y", fullAccess: true',
    "authentication.login": f'username: "{DEFAULT_ADMIN_EMAIL}", password: "{DEFAULT_ADMIN_PASSWORD}",'
    ' strategy: "local"',
    "users.updateProfile": 'name: "Administrator", location: "", jobTitle: "", timezone: "America/New_York",'
    ' dateFormat: "", appearance: ""',
}
"""One succeeding call per mutation answer type with content, on the seeded page, group and
comment (id 1 each); the caller is the admin account."""


SERVED_RULE = "wikijs.schema.served"


@pytest.fixture(scope="module", params=IMPLEMENTATIONS)
def wiki(request: pytest.FixtureRequest) -> Iterator[tuple[MockClient, str]]:
    client = start("wikijs", emulate=request.param)
    yield client, request.param
    client.close()


def unrecorded(errors: list[dict[str, Any]], implementation: str) -> list[tuple[Any, Any]]:
    """Errors the implementation's rules do not record: its ``wikijs.schema.served`` deviation (2.5.314:
    Page.toc handed over parsed, module props objects, the write payload's row) and the plain errors
    it answers for codes it never emits. None for docs."""
    rules = default_rules().as_implemented_by(implementation)
    served = rules[SERVED_RULE].data_as(ServedSchema)
    toc_like = {entry.split(".")[1] for entry in served.unserialised_fields}
    expected = {f'Expected Iterable, but did not find one for field "{entry}".' for entry in served.definition_props}
    # a code the implementation never emits, answered as a plain error (2.5.314's translations of a
    # wiki that downloaded no strings: 5002's text without its code)
    expected |= {r.data.plain_error for r in rules.of_kind("error_code") if isinstance(r.data, ErrorCode)
                 and not r.data.emitted and r.data.plain_error}  # fmt: skip

    def recorded(error: dict[str, Any]) -> bool:
        path, message = error.get("path") or [], str(error.get("message"))
        operation = ".".join(str(key) for key in path[:2])
        if message.startswith("String cannot represent value:"):
            return bool(path) and path[-1] in toc_like
        if message.startswith("Cannot return null for non-nullable field "):
            return bool(path) and path[-1] in served.unselected_fields.get(operation, ())
        return message in expected

    return [(e.get("message"), e.get("path")) for e in errors if not recorded(e)]


def test_every_query_field_with_all_fields_selected(wiki: tuple[MockClient, str]) -> None:
    client, implementation = wiki
    schema = wikijs_schema()
    visited: set[str] = set()
    failures = {}
    for name, document in root_documents(schema, visited).items():
        answer = client.query(document)
        unexpected = unrecorded(answer.get("errors") or [], implementation)
        if unexpected:
            failures[name] = unexpected
    assert schema.query_type is not None
    assert reachable(schema.query_type) <= visited, "the walk left out types"
    assert not failures


def test_mutation_answers_with_all_fields_selected(wiki: tuple[MockClient, str]) -> None:
    client, implementation = wiki
    schema = wikijs_schema()
    assert schema.mutation_type is not None
    visited: set[str] = set()
    for name, args in MUTATIONS.items():
        namespace_name, field_name = name.split(".")
        namespace = get_named_type(schema.mutation_type.fields[namespace_name].type)
        assert isinstance(namespace, GraphQLObjectType)
        field = namespace.fields[field_name]
        inner = selection(field.type, frozenset({get_named_type(field.type).name}), visited)
        answer = client.query(f"mutation {{ {namespace_name} {{ {field_name}({args}){inner} }} }}")
        unexpected = unrecorded(answer.get("errors") or [], implementation)
        assert not unexpected, (name, unexpected)
        result = answer["data"][namespace_name][field_name]
        assert result["responseResult"]["succeeded"], (name, result["responseResult"])
    assert schema.query_type is not None
    only_mutations = reachable(schema.mutation_type) - reachable(schema.query_type)
    with_content = {t for t in only_mutations if t.endswith("Response") and t != "DefaultResponse"}
    assert with_content <= visited | UNWALKED, sorted(with_content - visited - UNWALKED)


UNWALKED = frozenset({"AuthenticationRegisterResponse", "PageMigrationResponse", "SystemImportUsersResponse"})
"""Answers of mutations the seeded wiki cannot run to success: self-registration is off, there is
no second locale with pages to migrate, and no Wiki.js 1.x database to import from."""
