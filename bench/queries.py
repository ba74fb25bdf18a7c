"""The four benchmark queries, shared by every server so that all three get byte-identical request bodies.

Each API has its set under the same four keys (the targets are per key). The Kontent.ai list query
asks for 10 items with 5 leaf fields each (`_system_.codename`, `title`, `summary`, `slug`,
`readingTime`): enough per-item work to show the cost of field resolution, small enough that the HTTP layer
still matters; the Wiki.js one lists the 10 stored pages with 5 fields each, as a Wiki.js client's page
list does. The introspection query is graphql-core's standard one (the same text GraphiQL sends).
"""

from __future__ import annotations

import json
from dataclasses import dataclass

from graphql import get_introspection_query


@dataclass(frozen=True)
class Query:
    """One benchmark query: a short key for tables/JSON and the GraphQL-over-HTTP request body."""

    key: str
    label: str
    text: str

    def body(self) -> bytes:
        """The POST body, encoded once so every request of a run sends the same bytes."""
        return json.dumps({"query": self.text}).encode()


TYPENAME = Query("typename", "{ __typename }", "{ __typename }")
LIST10 = Query(
    "list10",
    "10-item list, 5 fields",
    "{ article_All(limit: 10, offset: 0) { items { _system_ { codename } title summary slug readingTime } } }",
)
SYNTAX_ERROR = Query("syntax_error", "syntax error", "{ article_All(limit: 10) { items { title } ")
INTROSPECTION = Query("introspection", "introspection", get_introspection_query(descriptions=True))

QUERIES: tuple[Query, ...] = (TYPENAME, LIST10, SYNTAX_ERROR, INTROSPECTION)
WIKIJS_LIST10 = Query(
    "list10",
    "10-page list, 5 fields",
    "{ pages { list(limit: 10, orderBy: ID) { id path locale title updatedAt } } }",
)
WIKIJS_SYNTAX_ERROR = Query("syntax_error", "syntax error", "{ pages { list(limit: 10) { title } ")
QUERY_SETS: dict[str, tuple[Query, ...]] = {
    "kontent": QUERIES,
    "wikijs": (TYPENAME, WIKIJS_LIST10, WIKIJS_SYNTAX_ERROR, INTROSPECTION),
}
