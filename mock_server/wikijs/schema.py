"""A small Wiki.js 2.5 schema: the ``pages`` namespace with ``single``, ``list``, ``create``
and ``delete``, with the real argument lists and types (reference/wikijs-2.5-schema).

``@auth`` carries the permissions the real schema declares; no policy reads them yet.
"""

from __future__ import annotations

from graphql import GraphQLSchema, build_schema

SDL = """
directive @auth(requires: [String]) on QUERY | FIELD_DEFINITION | ARGUMENT_DEFINITION

scalar Date

type Query { pages: PageQuery }
type Mutation { pages: PageMutation }

type ResponseStatus {
  succeeded: Boolean!
  errorCode: Int!
  slug: String!
  message: String
}

type DefaultResponse { responseResult: ResponseStatus }

type PageResponse {
  responseResult: ResponseStatus!
  page: Page
}

type PageQuery {
  list(
    limit: Int
    orderBy: PageOrderBy
    orderByDirection: PageOrderByDirection
    tags: [String!]
    locale: String
    creatorId: Int
    authorId: Int
  ): [PageListItem!]! @auth(requires: ["manage:system", "read:pages"])

  single(id: Int!): Page @auth(requires: ["read:pages", "manage:system"])
}

type PageMutation {
  create(
    content: String!
    description: String!
    editor: String!
    isPublished: Boolean!
    isPrivate: Boolean!
    locale: String!
    path: String!
    publishEndDate: Date
    publishStartDate: Date
    scriptCss: String
    scriptJs: String
    tags: [String]!
    title: String!
  ): PageResponse @auth(requires: ["write:pages", "manage:pages", "manage:system"])

  delete(id: Int!): DefaultResponse @auth(requires: ["delete:pages", "manage:system"])
}

type Page {
  id: Int!
  path: String!
  hash: String!
  title: String!
  description: String!
  isPrivate: Boolean! @auth(requires: ["write:pages", "manage:system"])
  isPublished: Boolean! @auth(requires: ["write:pages", "manage:system"])
  privateNS: String @auth(requires: ["write:pages", "manage:system"])
  publishStartDate: Date! @auth(requires: ["write:pages", "manage:system"])
  publishEndDate: Date! @auth(requires: ["write:pages", "manage:system"])
  tags: [PageTag]!
  content: String! @auth(requires: ["read:source", "write:pages", "manage:system"])
  contentType: String!
  createdAt: Date!
  updatedAt: Date!
  editor: String! @auth(requires: ["write:pages", "manage:system"])
  locale: String!
  scriptCss: String
  scriptJs: String
  authorId: Int! @auth(requires: ["write:pages", "manage:system"])
  creatorId: Int! @auth(requires: ["write:pages", "manage:system"])
}

type PageTag {
  id: Int!
  tag: String!
  title: String
  createdAt: Date!
  updatedAt: Date!
}

type PageListItem {
  id: Int!
  path: String!
  locale: String!
  title: String
  description: String
  contentType: String!
  isPublished: Boolean!
  isPrivate: Boolean!
  privateNS: String
  createdAt: Date!
  updatedAt: Date!
  tags: [String]
}

enum PageOrderBy { CREATED ID PATH TITLE UPDATED }

enum PageOrderByDirection { ASC DESC }
"""


def wikijs_schema() -> GraphQLSchema:
    """The schema without resolvers; :mod:`mock_server.wikijs.resolvers` binds them."""
    return build_schema(SDL)
