"""A small Delivery GraphQL schema (one ``article`` type) and its resolvers.

Type and field names follow the generated Kontent.ai schema (``_RootQuery``, ``_Sys``,
``<type>_All``); the full content model replaces this in a later issue.
"""

from __future__ import annotations

from typing import Any

from graphql import GraphQLResolveInfo, GraphQLSchema, build_schema

from mock_server.http.graphql_errors import PublicError
from mock_server.http.resolvers import bind
from mock_server.kontent.content import ARTICLES, DEFAULT_LIMIT, find_article

SDL = """
schema { query: _RootQuery }

scalar DateTime

input _LanguageFilter { languageCodename: String! }

type _LanguageSys { codename: String! name: String! }
type _Language { _system_: _LanguageSys! }
type _ContentTypeSys { codename: String! name: String! }
type _ContentType { _system_: _ContentTypeSys! }
type _CollectionSys { codename: String! }
type _Collection { _system_: _CollectionSys! }

type _Sys {
  id: String!
  name: String!
  codename: String!
  language: _Language!
  type: _ContentType!
  collection: _Collection!
  lastModified: DateTime!
}

interface _Item { _system_: _Sys! }

type _DateAndTime { value: DateTime display_timezone: String }

type Article implements _Item {
  _system_: _Sys!
  title: String
  summary: String
  slug: String
  readingTime: Float
  postDate: DateTime
  postDate_with_timezone: _DateAndTime
}

type Article_All {
  items: [Article!]!
  totalCount: Int!
  limit: Int!
  offset: Int!
}

type _RootQuery {
  article(codename: String, id: String, languageFilter: _LanguageFilter): Article
  article_All(limit: Int, offset: Int, languageFilter: _LanguageFilter): Article_All!
}
"""


def _article(_: object, __: GraphQLResolveInfo[Any], **args: Any) -> Any:
    # One language: every languageFilter falls back to it, as the fallback chain ends there.
    return find_article(args.get("codename"), args.get("id"))


def _article_all(_: object, __: GraphQLResolveInfo[Any], **args: Any) -> dict[str, Any]:
    limit = args.get("limit")
    limit = DEFAULT_LIMIT if limit is None else limit
    offset = args.get("offset") or 0
    if limit < 0 or offset < 0:
        raise PublicError("`limit` and `offset` must not be negative.")
    return {
        "items": ARTICLES[offset : offset + limit],
        "totalCount": len(ARTICLES),
        "limit": limit,
        "offset": offset,
    }


def kontent_schema() -> GraphQLSchema:
    schema = build_schema(SDL)
    bind(schema, "_RootQuery", "article", _article)
    bind(schema, "_RootQuery", "article_All", _article_all)
    return schema
