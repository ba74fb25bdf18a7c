"""Page operations with the checks, and the order of checks, of Wiki.js 2.5.

Behaviour the docs leave open follows the probes of a real 2.5.314 server
(reference/wikijs-2.5-observed.md P1-P5, D1-D2): which path characters are illegal, the
slash normalisation, tag normalisation. Errors are :class:`WikiError` from the rule files.
"""

from __future__ import annotations

import hashlib
from collections.abc import Callable, Sequence
from dataclasses import dataclass, replace
from datetime import UTC, datetime
from typing import Any

from mock_server.wikijs.access import PageRules
from mock_server.wikijs.auth import Caller
from mock_server.wikijs.errors import ErrorTable, PageError, WikiError
from mock_server.wikijs.rendering import EDITOR_CONTENT_TYPES
from mock_server.wikijs.store import PageRecord, PageStore
from specs.model import UnknownReference, UpdateSemantics

ILLEGAL_PATH_FRAGMENTS = "path_fragments"
"""The 6005 trigger's values: substrings that make a path illegal (probes P4a-d); "?", "#" and
unicode are allowed (P4e)."""

PRIVATE_HASH_SALT = "TODO"
"""What the real server mixes into the hash of a private page."""

Clock = Callable[[], str]


def utc_now() -> str:
    return datetime.now(UTC).isoformat(timespec="milliseconds").replace("+00:00", "Z")


def page_hash(page: PageRecord) -> str:
    salt = PRIVATE_HASH_SALT if page.isPrivate else ""
    return hashlib.sha1(f"{page.locale}|{page.path}|{salt}".encode()).hexdigest()


def normalise_tags(tags: Sequence[str | None]) -> tuple[str, ...]:
    """Trimmed, lower-cased, de-duplicated (first occurrence kept), empty ones dropped."""
    cleaned = (tag.strip().lower() for tag in tags if tag is not None)
    return tuple(dict.fromkeys(tag for tag in cleaned if tag))


def strip_slashes(path: str) -> str:
    """One leading and one trailing "/" go, nothing else (probe P5)."""
    path = path.removesuffix("/")
    return path.removeprefix("/")


@dataclass(frozen=True)
class NewPage:
    """The arguments of ``pages.create``."""

    content: str
    description: str
    editor: str
    isPublished: bool
    isPrivate: bool
    locale: str
    path: str
    tags: Sequence[str | None]
    title: str
    publishStartDate: str | None = None
    publishEndDate: str | None = None
    scriptCss: str | None = None
    scriptJs: str | None = None


@dataclass(frozen=True)
class PageFilter:
    """The arguments of ``pages.list``."""

    limit: int | None = None
    order_by: str = "ID"
    descending: bool = False
    tags: Sequence[str] = ()
    locale: str | None = None
    creator_id: int | None = None
    author_id: int | None = None


@dataclass(frozen=True)
class PageChanges:
    """The arguments of ``pages.update`` besides the id (None = not sent)."""

    content: str | None = None
    description: str | None = None
    title: str | None = None
    tags: Sequence[str | None] | None = None
    isPublished: bool | None = None
    publishStartDate: str | None = None
    publishEndDate: str | None = None
    scriptCss: str | None = None
    scriptJs: str | None = None
    locale: str | None = None
    path: str | None = None
    nulls: frozenset[str] = frozenset()
    """Arguments sent as an explicit null (a resolver sees them as None like those left out)."""


PATCHED = ("title", "description", "isPublished", "publishStartDate", "publishEndDate", "scriptCss", "scriptJs")
"""Page fields ``pages.update`` sets from an argument of the same name, or from the
``update_semantics`` rule when that argument is left out."""


@dataclass(frozen=True)
class WriteRules:
    """How updates treat omitted arguments, and how creates refuse unknown locales and editors."""

    update: UpdateSemantics
    unknown: UnknownReference


class Pages:
    """Page operations for one caller each, with Wiki.js's checks in Wiki.js's order."""

    def __init__(
        self, store: PageStore, errors: ErrorTable, rules: PageRules, writes: WriteRules, clock: Clock = utc_now
    ) -> None:
        self._store = store
        self._errors = errors
        self._rules = rules
        self._writes = writes
        self._clock = clock
        self._illegal_parts = errors.trigger_values(PageError.ILLEGAL_PATH, ILLEGAL_PATH_FRAGMENTS)

    def _legal(self, path: str) -> str:
        if any(part in path for part in self._illegal_parts):
            raise self._errors.error(PageError.ILLEGAL_PATH)
        return strip_slashes(path)

    def existing(self, page_id: int, operation: str | None = None) -> PageRecord:
        """The page; a missing one is 6003, or what ``operation``'s missing-target rule says."""
        page = self._store.page(page_id)
        if page is None:
            raise self._errors.missing(operation) if operation else self._errors.error(PageError.NOT_FOUND)
        return page

    def create(self, caller: Caller, new: NewPage) -> PageRecord:
        """Illegal path, page rules, duplicate path, empty content (facts § 4.1)."""
        path = self._legal(new.path)
        self._rules.require(caller, "pages.create", new.locale, path)
        if self._store.exists(new.locale, path):
            raise self._errors.error(PageError.DUPLICATE_CREATE)
        if not new.content.strip():
            raise self._errors.error(PageError.EMPTY_CONTENT)
        self._known_references(new)
        now = self._clock()
        return self._store.insert(
            PageRecord(
                path=path,
                locale=new.locale,
                title=new.title,
                description=new.description,
                content=new.content,
                editor=new.editor,
                isPublished=new.isPublished,
                isPrivate=new.isPrivate,
                publishStartDate=new.publishStartDate or "",
                publishEndDate=new.publishEndDate or "",
                scriptCss=new.scriptCss,
                scriptJs=new.scriptJs,
                tags=normalise_tags(new.tags),
                authorId=caller.user_id,
                creatorId=caller.user_id,
                createdAt=now,
                updatedAt=now,
            )
        )

    def _known_references(self, new: NewPage) -> None:
        """An uninstalled locale or an unknown editor: where the real server's insert fails."""
        unknown = self._writes.unknown
        known = {"locale": self._store.locale_installed(new.locale), "editor": new.editor in EDITOR_CONTENT_TYPES}
        for argument in unknown.arguments:
            if not known.get(argument, True):
                if unknown.answer == "sql_error":
                    raise WikiError.plain(unknown.sql_message(argument), unknown.sql_error.slug)
                raise self._errors.error(unknown.error_code)

    def update(self, caller: Caller, page_id: int, changes: PageChanges) -> PageRecord:
        """Missing page, page rules on the current path, empty content, then the patch; a new
        path or locale is a move with the move's checks. Omitted arguments are treated as the
        ``update_semantics`` rule says."""
        semantics = self._writes.update
        page = self.existing(page_id, "pages.update")
        self._rules.require(caller, "pages.update", page.locale, page.path)
        content = changes.content
        if content is None or not content.strip():
            raise self._errors.error(PageError.EMPTY_CONTENT)
        moving = changes.path is not None and changes.path != page.path
        if "title" in changes.nulls and semantics.null_title == "plain_error" and semantics.null_title_error:
            self._store.record_unchanged(page, "pages.update", self._clock())
            raise WikiError.plain(semantics.null_title_error.message, semantics.null_title_error.slug)
        if moving and changes.locale is None and semantics.path_without_locale == "plain_error":
            self._patched(caller, page, changes, content)  # written before the move that fails
            raise WikiError.plain(semantics.path_without_locale_message)
        locale, path = changes.locale or page.locale, changes.path if changes.path is not None else page.path
        if (locale, path) != (page.locale, page.path):
            self._rules.require_destination(caller, "pages.move", locale, path)
            page = self.move(caller, page_id, path, locale)
        return self._patched(caller, page, changes, content)

    def _patched(self, caller: Caller, page: PageRecord, changes: PageChanges, content: str) -> PageRecord:
        """The update's patch of ``page`` in place (no move), stored with its history row."""
        semantics = self._writes.update
        patched = replace(
            page,
            **self._patch(page, changes, semantics),
            content=content,
            tags=normalise_tags(changes.tags) if changes.tags is not None else page.tags,
            authorId=caller.user_id,
            updatedAt=self._clock(),
        )
        stored = self._store.replace(page, patched, "pages.update", self._clock())
        if changes.tags is None and semantics.missing_tags == "plain_error":
            raise WikiError.plain(semantics.missing_tags_error.message, semantics.missing_tags_error.slug)
        return stored

    @staticmethod
    def _patch(page: PageRecord, changes: PageChanges, semantics: UpdateSemantics) -> dict[str, Any]:
        """The given arguments; an omitted one keeps the page's value or takes its reset value."""
        values = {}
        for name in PATCHED:
            given = getattr(changes, name)
            if given is not None:
                values[name] = given
            elif semantics.omitted == "reset" and name in semantics.reset_values:
                values[name] = semantics.reset_values[name]
            else:
                values[name] = getattr(page, name)
        return values

    def move(self, caller: Caller, page_id: int, destination: str, locale: str) -> PageRecord:
        page = self.existing(page_id)
        path = self._legal(destination)
        self._rules.require(caller, "pages.move", page.locale, page.path)
        self._rules.require_destination(caller, "pages.move", locale, path)
        if self._store.exists(locale, path):
            raise self._errors.error(PageError.DUPLICATE_MOVE)
        last = page.path.rsplit("/", 1)[-1]
        title = path.rsplit("/", 1)[-1] if page.title == last else page.title
        moved = replace(page, path=path, locale=locale, title=title, updatedAt=self._clock())
        return self._store.replace(page, moved, "pages.move", self._clock())

    def delete(self, caller: Caller, page_id: int) -> None:
        """The real server checks delete rights without the page's locale (``ignores_locale`` of
        the permission model), so a locale-limited rule never grants a delete (facts § 4.1)."""
        page = self.existing(page_id)
        self._rules.require(caller, "pages.delete", page.locale, page.path)
        self._store.delete(page, self._clock())

    def single(self, caller: Caller, page_id: int) -> PageRecord:
        return self._viewable(caller, self.existing(page_id))

    def by_path(self, caller: Caller, path: str, locale: str) -> PageRecord:
        page = self._store.by_path(locale, strip_slashes(path))
        if page is None:
            raise self._errors.error(PageError.NOT_FOUND)
        return self._viewable(caller, page)

    def _viewable(self, caller: Caller, page: PageRecord) -> PageRecord:
        """``single``/``singleByPath`` ask for manage or delete rights, not read (facts § 4.1)."""
        self._rules.require(caller, "pages.single", page.locale, page.path)
        return page

    def listing(self, caller: Caller, query: PageFilter) -> list[PageRecord]:
        """Pages the caller may read, in the requested order. A tag filter keeps pages carrying
        every given tag and, as on the real server, their ``tags`` then hold only those."""
        pages = self._store.pages(
            order_by=query.order_by,
            descending=query.descending,
            locale=query.locale,
            creator_id=query.creator_id,
            author_id=query.author_id,
        )
        pages = [page for page in pages if self._rules.permits(caller, "pages.list", page.locale, page.path)]
        if query.tags:
            wanted = set(normalise_tags(query.tags))
            restricted = (replace(page, tags=tuple(t for t in page.tags if t in wanted)) for page in pages)
            pages = [page for page in restricted if all(tag in page.tags for tag in query.tags)]
        if query.limit is not None and query.limit > 0:
            pages = pages[: query.limit]
        return pages
