"""The rest of the ``pages`` namespace: search, tree, links, conflicts, rendering, conversion,
tags, history purge, locale migration and the maintenance mutations.

Checks, their order and the success messages follow the 2.5 server (facts § 4.1, § 5); a
refusal without a documented code is a plain error (errorCode 1), as the server words it.
"""

from __future__ import annotations

import re
from dataclasses import replace
from datetime import UTC, datetime, timedelta
from typing import Any

from graphql import GraphQLSchema

from mock_server.http.resolvers import bind
from mock_server.wikijs.access import PageRules
from mock_server.wikijs.context import WikiContext
from mock_server.wikijs.errors import WikiError
from mock_server.wikijs.pages import Pages, normalise_tags
from mock_server.wikijs.rendering import content_type, convert, internal_links
from mock_server.wikijs.resolvers import Info, caller_of
from mock_server.wikijs.store import PageRecord, PageStore, TagRecord
from mock_server.wikijs.toc import toc_text
from mock_server.wikijs.tree import TreeNode, TreeQuery, build_tree, select
from specs.model import PageSearch, PageTree

INPUT_INVALID = "wikijs.errors.1012"
SAME_EDITOR = "Page is already using this editor. Nothing to convert."
UNSUPPORTED = "Unsupported source / destination content types combination."
NO_TAG = "This tag does not exist."
TAG_TAKEN = "Another tag already has this name."
DURATION = re.compile(
    r"^P(?!$)(?:(\d+)Y)?(?:(\d+)M)?(?:(\d+)W)?(?:(\d+)D)?(?:T(?=\d)(?:(\d+)H)?(?:(\d+)M)?(?:(\d+(?:\.\d+)?)S)?)?$"
)
DAYS_PER = {"Y": 365, "M": 30, "W": 7, "D": 1}
"""Calendar units as days; a year and a month are approximated, which only moves a purge by hours."""


def iso_duration(text: str) -> timedelta | None:
    """An ISO 8601 duration (``P1M``, ``P2W``, ``PT12H``); None when it is not one."""
    match = DURATION.match(text.strip().upper())
    if match is None:
        return None
    years, months, weeks, days, hours, minutes, seconds = (float(g) if g else 0.0 for g in match.groups())
    total_days = years * DAYS_PER["Y"] + months * DAYS_PER["M"] + weeks * DAYS_PER["W"] + days
    try:
        return timedelta(days=total_days, hours=hours, minutes=minutes, seconds=seconds)
    except OverflowError:
        return None


def tree_view(node: TreeNode) -> dict[str, Any]:
    return {key: value for key, value in vars(node).items() if key != "ancestors"}


class PageAdminResolvers:
    """The rest of the ``pages`` fields over the shared context; ``reads`` says what search matches
    and which nodes each tree mode lists (the ``page_search`` and ``page_tree`` rules)."""

    def __init__(
        self, context: WikiContext, pages: Pages, store: PageStore, rules: PageRules, reads: tuple[PageSearch, PageTree]
    ) -> None:
        self._errors, self._clock = context.errors, context.clock
        self._pages, self._store, self._rules = pages, store, rules
        self._searching, self._tree_rule = reads

    def search(self, _: object, info: Info, *, query: str, path: str | None = None, locale: str | None = None) -> Any:
        """Hits are counted before the read check, as on the real server (``totalHits``)."""
        searching = self._searching
        hits = self._store.search(
            query,
            searching.fields,
            published_only=searching.published_only,
            locale=locale,
            path=path,
            limit=searching.max_hits,
        )
        caller = caller_of(info)
        readable = [p for p in hits if self._rules.permits(caller, "pages.search", p.locale, p.path, p.tags)]
        results = [
            {"id": str(p.id), "title": p.title, "description": p.description, "path": p.path, "locale": p.locale}
            for p in readable
        ]
        return {"results": results, "suggestions": [], "totalHits": len(hits)}

    def _all_pages(self) -> list[PageRecord]:
        return self._store.pages(order_by="ID", descending=False, locale=None, creator_id=None, author_id=None)

    def tree(self, _: object, info: Info, *, mode: str, locale: str, **args: Any) -> list[dict[str, Any]]:
        query = TreeQuery(mode, locale, args.get("path"), args.get("parent"), bool(args.get("includeAncestors")))
        caller = caller_of(info)
        nodes = select(build_tree(self._all_pages()), query, self._tree_rule.modes.get(mode, ()))
        return [tree_view(n) for n in nodes if self._rules.permits(caller, "pages.tree", n.locale, n.path)]

    def links(self, _: object, info: Info, *, locale: str) -> list[dict[str, Any]]:
        """Each page of the locale with the wiki paths it links to; unreadable ends are dropped."""
        caller = caller_of(info)
        answer = []
        for page in self._all_pages():
            if page.locale != locale or not self._rules.permits(caller, "pages.links", page.locale, page.path):
                continue
            targets = internal_links(self._store.rendered(page.id) or "")
            readable = [t for t in targets if self._rules.permits(caller, "pages.links", locale, t)]
            answer.append(
                {
                    "id": page.id,
                    "path": f"{locale}/{page.path}",
                    "title": page.title,
                    "links": [f"{locale}/{t}" for t in readable],
                }
            )
        return answer

    def conflict_latest(self, _: object, info: Info, *, id: int) -> dict[str, Any]:
        page = self._pages.existing(id)
        self._rules.require(caller_of(info), "pages.conflictLatest", page.locale, page.path)
        keys = ("id", "content", "createdAt", "description", "isPublished", "locale", "path", "title", "updatedAt")
        return {
            **{key: getattr(page, key) for key in keys},
            "authorId": str(page.authorId),
            "authorName": self._store.user_name(page.authorId),
            "tags": list(page.tags),
        }

    def render(self, _: Info, *, id: int) -> None:
        self._store.render_page(self._pages.existing(id))

    def convert(self, info: Info, *, id: int, editor: str) -> None:
        page = self._pages.existing(id, "pages.convert")
        if editor == page.editor:
            raise WikiError.plain(SAME_EDITOR)
        caller = caller_of(info)
        self._rules.require(caller, "pages.convert", page.locale, page.path)
        converted = convert(page.content, content_type(page.editor), content_type(editor))
        if converted is None:
            raise WikiError.plain(UNSUPPORTED)
        now = self._clock()
        changed = replace(page, editor=editor, content=converted, authorId=caller.user_id, updatedAt=now)
        self._store.replace(page, changed, "pages.convert", now)

    def _existing_tag(self, tag_id: int) -> TagRecord:
        tag = self._store.tag(tag_id)
        if tag is None:
            raise WikiError.plain(NO_TAG)
        return tag

    def delete_tag(self, _: Info, *, id: int) -> None:
        self._store.delete_tag(self._existing_tag(id))

    def update_tag(self, _: Info, *, id: int, tag: str, title: str) -> None:
        current = self._existing_tag(id)
        names = normalise_tags([tag])
        if not names:
            raise self._errors.error(INPUT_INVALID)
        other = self._store.tag_named(names[0])
        if other is not None and other.id != current.id:
            raise WikiError.plain(TAG_TAKEN)
        self._store.update_tag(current, names[0], title.strip(), self._clock())

    def purge_history(self, _: Info, *, olderThan: str) -> None:
        age = iso_duration(olderThan)
        if age is None:
            raise self._errors.error(INPUT_INVALID)
        try:
            cutoff = datetime.now(UTC) - age
        except OverflowError:
            cutoff = datetime.min.replace(tzinfo=UTC)
        self._store.purge_history(cutoff.isoformat(timespec="milliseconds").replace("+00:00", "Z"))

    def migrate(self, _: Info, *, sourceLocale: str, targetLocale: str) -> dict[str, Any]:
        return {"count": self._store.migrate_locale(sourceLocale, targetLocale)}

    @staticmethod
    def nothing(_: Info) -> None:
        """``flushCache`` and ``rebuildTree``: the mock keeps no page cache and derives the tree
        on every ``pages.tree`` (see :mod:`.tree`), so both are already done."""

    def shown_render(self, source: dict[str, Any], _: Info) -> str | None:
        """A write's answer carries the render it shows (see resolvers.written_view)."""
        return source["render"] if "render" in source else self._store.rendered(source["id"])

    def toc(self, source: dict[str, Any], info: Info) -> str:
        return toc_text(self.shown_render(source, info))


def bind_page_admin(
    schema: GraphQLSchema,
    context: WikiContext,
    pages: Pages,
    store: PageStore,
    rules: PageRules,
    reads: tuple[PageSearch, PageTree],
) -> None:
    admin, outcome = PageAdminResolvers(context, pages, store, rules, reads), context.outcome
    bind(schema, "PageQuery", "search", admin.search)
    bind(schema, "PageQuery", "tree", admin.tree)
    bind(schema, "PageQuery", "links", admin.links)
    bind(schema, "PageQuery", "conflictLatest", admin.conflict_latest)
    bind(schema, "PageMutation", "render", outcome("pages.render", admin.render))
    bind(schema, "PageMutation", "convert", outcome("pages.convert", admin.convert))
    bind(schema, "PageMutation", "deleteTag", outcome("pages.deleteTag", admin.delete_tag))
    bind(schema, "PageMutation", "updateTag", outcome("pages.updateTag", admin.update_tag))
    bind(schema, "PageMutation", "purgeHistory", outcome("pages.purgeHistory", admin.purge_history))
    bind(schema, "PageMutation", "migrateToLocale", outcome("pages.migrateToLocale", admin.migrate))
    bind(schema, "PageMutation", "flushCache", outcome("pages.flushCache", admin.nothing))
    bind(schema, "PageMutation", "rebuildTree", outcome("pages.rebuildTree", admin.nothing))
    bind(schema, "Page", "render", admin.shown_render)
    bind(schema, "Page", "toc", admin.toc)
