"""Resolvers of the ``pages`` namespace: GraphQL arguments in, views for the schema out.

Mutations report a :class:`WikiError` in ``responseResult`` (HTTP 200, ``page: null``);
queries let it through as a GraphQL error, which is how the real server answers both.
"""

from __future__ import annotations

from typing import Any

from graphql import GraphQLResolveInfo, GraphQLSchema

from mock_server.http.resolvers import bind
from mock_server.wikijs.errors import ResponseStatuses, WikiError
from mock_server.wikijs.pages import NewPage, PageFilter, Pages, content_type, page_hash
from mock_server.wikijs.store import PageRecord, PageStore, TagRecord

DESCENDING = "DESC"


def page_view(page: PageRecord) -> dict[str, Any]:
    """A ``Page`` object; ``tags`` holds names until ``Page.tags`` looks the tags up."""
    return {
        **vars(page),
        "hash": page_hash(page),
        "privateNS": None,
        "contentType": content_type(page.editor),
    }


def list_item_view(page: PageRecord) -> dict[str, Any]:
    return {
        "id": page.id,
        "path": page.path,
        "locale": page.locale,
        "title": page.title,
        "description": page.description,
        "contentType": content_type(page.editor),
        "isPublished": page.isPublished,
        "isPrivate": page.isPrivate,
        "privateNS": None,
        "createdAt": page.createdAt,
        "updatedAt": page.updatedAt,
        "tags": list(page.tags),
    }


def bind_pages(schema: GraphQLSchema, pages: Pages, store: PageStore, statuses: ResponseStatuses) -> None:
    def single(_: object, __: GraphQLResolveInfo[Any], *, id: int) -> dict[str, Any]:
        return page_view(pages.single(id))

    def listing(_: object, __: GraphQLResolveInfo[Any], **args: Any) -> list[dict[str, Any]]:
        query = PageFilter(
            limit=args.get("limit"),
            order_by=args.get("orderBy") or PageFilter.order_by,
            descending=args.get("orderByDirection") == DESCENDING,
            tags=args.get("tags") or (),
            locale=args.get("locale"),
            creator_id=args.get("creatorId"),
            author_id=args.get("authorId"),
        )
        return [list_item_view(page) for page in pages.listing(query)]

    def create(_: object, __: GraphQLResolveInfo[Any], **args: Any) -> dict[str, Any]:
        try:
            page = pages.create(NewPage(**args))
        except WikiError as error:
            return {"responseResult": statuses.failure(error), "page": None}
        return {"responseResult": statuses.success("pages.create"), "page": page_view(page)}

    def delete(_: object, __: GraphQLResolveInfo[Any], *, id: int) -> dict[str, Any]:
        try:
            pages.delete(id)
        except WikiError as error:
            return {"responseResult": statuses.failure(error)}
        return {"responseResult": statuses.success("pages.delete")}

    def tags(source: dict[str, Any], __: GraphQLResolveInfo[Any]) -> list[TagRecord]:
        return store.tags(source["tags"])

    bind(schema, "PageQuery", "single", single)
    bind(schema, "PageQuery", "list", listing)
    bind(schema, "PageMutation", "create", create)
    bind(schema, "PageMutation", "delete", delete)
    bind(schema, "Page", "tags", tags)
