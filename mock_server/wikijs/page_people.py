"""``Page.authorName``/``authorEmail``/``creatorName``/``creatorEmail``: read from the user the
page names, as the real server joins ``pages`` with ``users`` when it answers ``pages.single``.

The fields are non-null in the schema; a page record only keeps the user ids, so without these
resolvers every client that selects them (most do) gets a non-null violation instead of a page.
"""

from __future__ import annotations

from typing import Any

from graphql import GraphQLResolveInfo, GraphQLSchema

from mock_server.http.resolvers import bind
from mock_server.wikijs.database import Database

PEOPLE = {"author": "authorId", "creator": "creatorId"}
"""Role prefix of the ``Page`` fields -> the page's column naming that user."""

USER_COLUMNS = {"Name": "name", "Email": "email"}
"""Field suffix -> column of ``users``."""


def bind_page_people(schema: GraphQLSchema, db: Database) -> None:
    def resolver(id_key: str, column: str) -> Any:
        def resolve(source: dict[str, Any], _: GraphQLResolveInfo[Any]) -> str | None:
            row = db.execute(f"SELECT {column} FROM users WHERE id = ?", (source[id_key],)).fetchone()
            return None if row is None else str(row[0])

        return resolve

    for role, id_key in PEOPLE.items():
        for suffix, column in USER_COLUMNS.items():
            bind(schema, "Page", f"{role}{suffix}", resolver(id_key, column))
