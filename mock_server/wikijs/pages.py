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

from mock_server.wikijs.errors import ErrorTable, PageError
from mock_server.wikijs.samples import ADMIN_USER_ID
from mock_server.wikijs.store import PageRecord, PageStore

ILLEGAL_PATH_PARTS = (" ", ".", "//", "\\")
"""Substrings that make a path illegal (probes P4a-d); "?", "#" and unicode are allowed (P4e)."""

EDITOR_CONTENT_TYPES = {
    "markdown": "markdown",
    "ckeditor": "html",
    "code": "html",
    "wysiwyg": "html",
    "asciidoc": "asciidoc",
    "api": "yml",
    "redirect": "redirect",
}
FALLBACK_CONTENT_TYPE = "text"
PRIVATE_HASH_SALT = "TODO"
"""What the real server mixes into the hash of a private page."""

Clock = Callable[[], str]


def utc_now() -> str:
    return datetime.now(UTC).isoformat(timespec="milliseconds").replace("+00:00", "Z")


def content_type(editor: str) -> str:
    return EDITOR_CONTENT_TYPES.get(editor, FALLBACK_CONTENT_TYPE)


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


class Pages:
    def __init__(self, store: PageStore, errors: ErrorTable, clock: Clock = utc_now) -> None:
        self._store = store
        self._errors = errors
        self._clock = clock

    def create(self, new: NewPage) -> PageRecord:
        """Checks in the server's order: illegal path, duplicate path, empty content."""
        if any(part in new.path for part in ILLEGAL_PATH_PARTS):
            raise self._errors.error(PageError.ILLEGAL_PATH)
        path = strip_slashes(new.path)
        if self._store.exists(new.locale, path):
            raise self._errors.error(PageError.DUPLICATE_CREATE)
        if not new.content.strip():
            raise self._errors.error(PageError.EMPTY_CONTENT)
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
                authorId=ADMIN_USER_ID,
                creatorId=ADMIN_USER_ID,
                createdAt=now,
                updatedAt=now,
            )
        )

    def delete(self, page_id: int) -> None:
        if not self._store.delete(page_id):
            raise self._errors.error(PageError.NOT_FOUND)

    def single(self, page_id: int) -> PageRecord:
        page = self._store.page(page_id)
        if page is None:
            raise self._errors.error(PageError.NOT_FOUND)
        return page

    def listing(self, query: PageFilter) -> list[PageRecord]:
        """Pages in the requested order. A tag filter keeps pages carrying every given tag and,
        as on the real server, their ``tags`` then hold only the matching ones."""
        pages = self._store.pages(
            order_by=query.order_by,
            descending=query.descending,
            locale=query.locale,
            creator_id=query.creator_id,
            author_id=query.author_id,
        )
        if query.tags:
            wanted = set(normalise_tags(query.tags))
            restricted = (replace(page, tags=tuple(t for t in page.tags if t in wanted)) for page in pages)
            pages = [page for page in restricted if all(tag in page.tags for tag in query.tags)]
        if query.limit is not None and query.limit > 0:
            pages = pages[: query.limit]
        return pages
