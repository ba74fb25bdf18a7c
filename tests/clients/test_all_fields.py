"""Every object type reachable from the roots answers with all its fields selected, on the
seeded data, without an error (a non-null field left null fails the whole object: third-party
clients, which select every field they model, got no page at all).

Queries: every field of every ``Query`` namespace. Mutations: one call of each mutation whose
answer type is reachable only through ``Mutation`` and has fields beyond ``responseResult``,
so the types only a write returns (``PageResponse``, ``UserResponse``...) are walked too.
"""

from __future__ import annotations

from collections.abc import Iterator

import pytest
from graphql import GraphQLObjectType, get_named_type

from mock_server.wikijs.samples import DEFAULT_ADMIN_EMAIL, DEFAULT_ADMIN_PASSWORD
from mock_server.wikijs.schema import wikijs_schema
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


@pytest.fixture(scope="module", params=IMPLEMENTATIONS)
def wiki(request: pytest.FixtureRequest) -> Iterator[MockClient]:
    client = start("wikijs", emulate=request.param)
    yield client
    client.close()


def test_every_query_field_with_all_fields_selected(wiki: MockClient) -> None:
    schema = wikijs_schema()
    visited: set[str] = set()
    failures = {}
    for name, document in root_documents(schema, visited).items():
        answer = wiki.query(document)
        if answer.get("errors"):
            failures[name] = [(e["message"], e.get("path")) for e in answer["errors"]]
    assert schema.query_type is not None
    assert reachable(schema.query_type) <= visited, "the walk left out types"
    assert not failures


def test_mutation_answers_with_all_fields_selected(wiki: MockClient) -> None:
    schema = wikijs_schema()
    assert schema.mutation_type is not None
    visited: set[str] = set()
    for name, args in MUTATIONS.items():
        namespace_name, field_name = name.split(".")
        namespace = get_named_type(schema.mutation_type.fields[namespace_name].type)
        assert isinstance(namespace, GraphQLObjectType)
        field = namespace.fields[field_name]
        inner = selection(field.type, frozenset({get_named_type(field.type).name}), visited)
        answer = wiki.query(f"mutation {{ {namespace_name} {{ {field_name}({args}){inner} }} }}")
        assert not answer.get("errors"), (name, answer["errors"])
        result = answer["data"][namespace_name][field_name]
        assert result["responseResult"]["succeeded"], (name, result["responseResult"])
    assert schema.query_type is not None
    only_mutations = reachable(schema.mutation_type) - reachable(schema.query_type)
    with_content = {t for t in only_mutations if t.endswith("Response") and t != "DefaultResponse"}
    assert with_content <= visited | UNWALKED, sorted(with_content - visited - UNWALKED)


UNWALKED = frozenset({"AuthenticationRegisterResponse", "PageMigrationResponse", "SystemImportUsersResponse"})
"""Answers of mutations the seeded wiki cannot run to success: self-registration is off, there is
no second locale with pages to migrate, and no Wiki.js 1.x database to import from."""
