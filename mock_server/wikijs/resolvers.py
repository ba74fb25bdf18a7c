"""Resolvers of the ``pages`` namespace: GraphQL arguments in, views for the schema out.

Mutations report a :class:`WikiError` in ``responseResult`` (HTTP 200, ``page: null``);
queries let it through as a GraphQL error, which is how the real server answers both.
The caller is the request's identity; ``@auth`` (see :mod:`.access`) has already let it in.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from graphql import GraphQLResolveInfo, GraphQLSchema

from mock_server.http.resolvers import bind
from mock_server.wikijs.auth import Caller
from mock_server.wikijs.context import WikiContext
from mock_server.wikijs.errors import WikiError
from mock_server.wikijs.pages import NewPage, PageChanges, PageFilter, Pages, page_hash
from mock_server.wikijs.rendering import content_type
from mock_server.wikijs.store import PageRecord, PageStore, TagRecord

DESCENDING = "DESC"
Info = GraphQLResolveInfo[Any]


def caller_of(info: Info) -> Caller:
    caller: Caller = info.context.identity
    return caller


def page_view(page: PageRecord) -> dict[str, Any]:
    """A ``Page`` object; ``tags`` holds names until ``Page.tags`` looks the tags up."""
    return {**vars(page), "hash": page_hash(page), "privateNS": None, "contentType": content_type(page.editor)}


def read_view(page: PageRecord) -> dict[str, Any]:
    """A ``Page`` as reads answer it: the real server stores a page's scripts as "" when none were
    given, so reads show "" where the create answer (built from the arguments) shows null."""
    return {**page_view(page), "scriptCss": page.scriptCss or "", "scriptJs": page.scriptJs or ""}


def written_view(page: PageRecord, render: str | None) -> dict[str, Any]:
    """A ``Page`` as create and update answer it: the real server answers with its page row, which
    keeps the scripts elsewhere (null whatever was given), and renders the page after answering,
    so ``render`` is what the page had before the write (null for a new page)."""
    return {**page_view(page), "scriptCss": None, "scriptJs": None, "render": render}


def list_item_view(page: PageRecord) -> dict[str, Any]:
    keys = ("id", "path", "locale", "title", "description", "isPublished", "isPrivate", "createdAt", "updatedAt")
    view = {key: getattr(page, key) for key in keys}
    return {**view, "contentType": content_type(page.editor), "privateNS": None, "tags": list(page.tags)}


class PageResolvers:
    """The ``pages`` reads and writes over the shared context, the page operations and the store."""

    def __init__(self, context: WikiContext, pages: Pages, store: PageStore) -> None:
        self._statuses = context.statuses
        self._pages, self._store = pages, store

    def mutation(self, operation: str, run: Callable[..., PageRecord | None]) -> Callable[..., dict[str, Any]]:
        """A mutation resolver: its ResponseStatus, and the page when it returns one."""

        def resolve(_: object, info: Info, **args: Any) -> dict[str, Any]:
            render_before = self._store.rendered(args["id"]) if "id" in args else None
            try:
                page = run(caller_of(info), **args)
            except WikiError as error:
                return {"responseResult": self._statuses.failure(error), "page": None}
            success = self._statuses.success(operation)
            return {"responseResult": success, "page": page and written_view(page, render_before)}

        return resolve

    def single(self, _: object, info: Info, *, id: int) -> dict[str, Any]:
        return read_view(self._pages.single(caller_of(info), id))

    def by_path(self, _: object, info: Info, *, path: str, locale: str) -> dict[str, Any]:
        return read_view(self._pages.by_path(caller_of(info), path, locale))

    def listing(self, _: object, info: Info, **args: Any) -> list[dict[str, Any]]:
        query = PageFilter(
            limit=args.get("limit"),
            order_by=args.get("orderBy") or PageFilter.order_by,
            descending=args.get("orderByDirection") == DESCENDING,
            tags=args.get("tags") or (),
            locale=args.get("locale"),
            creator_id=args.get("creatorId"),
            author_id=args.get("authorId"),
        )
        return [list_item_view(page) for page in self._pages.listing(caller_of(info), query)]

    def create(self, caller: Caller, **args: Any) -> PageRecord:
        return self._pages.create(caller, NewPage(**args))

    def update(self, caller: Caller, *, id: int, **args: Any) -> PageRecord:
        nulls = frozenset(k for k, v in args.items() if k in CHANGES and v is None)
        changes = PageChanges(**{k: v for k, v in args.items() if k in CHANGES}, nulls=nulls)
        return self._pages.update(caller, id, changes)

    def move(self, caller: Caller, *, id: int, destinationPath: str, destinationLocale: str) -> None:
        self._pages.move(caller, id, destinationPath, destinationLocale)

    def delete(self, caller: Caller, *, id: int) -> None:
        self._pages.delete(caller, id)

    def all_tags(self, _: object, __: Info) -> list[TagRecord]:
        return self._store.all_tags()

    def search_tags(self, _: object, __: Info, *, query: str) -> list[str]:
        needle = query.strip().lower()
        return [tag.tag for tag in self._store.all_tags() if needle in tag.tag]

    def tags(self, source: dict[str, Any], __: Info) -> list[TagRecord]:
        return self._store.tags(source["tags"])


def bind_pages(schema: GraphQLSchema, context: WikiContext, pages: Pages, store: PageStore) -> None:
    resolvers = PageResolvers(context, pages, store)
    bind(schema, "PageQuery", "single", resolvers.single)
    bind(schema, "PageQuery", "singleByPath", resolvers.by_path)
    bind(schema, "PageQuery", "list", resolvers.listing)
    bind(schema, "PageQuery", "tags", resolvers.all_tags)
    bind(schema, "PageQuery", "searchTags", resolvers.search_tags)
    bind(schema, "PageMutation", "create", resolvers.mutation("pages.create", resolvers.create))
    bind(schema, "PageMutation", "update", resolvers.mutation("pages.update", resolvers.update))
    bind(schema, "PageMutation", "move", resolvers.mutation("pages.move", resolvers.move))
    bind(schema, "PageMutation", "delete", resolvers.mutation("pages.delete", resolvers.delete))
    bind(schema, "Page", "tags", resolvers.tags)


CHANGES = frozenset(PageChanges.__dataclass_fields__)
"""Arguments of ``pages.update`` that patch the page (``isPrivate`` and ``editor`` are ignored, facts § 4.1)."""
