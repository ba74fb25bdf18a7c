"""What a new wiki starts with: sample pages with tags and history, English as its one locale, the admin
and guest accounts, so a fresh mock has something to list, read and log in with."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field

from mock_server.wikijs.accounts import hash_password, new_settings
from mock_server.wikijs.migrations import Account, Locale, Seed
from mock_server.wikijs.store import PageRecord
from specs.model import PermissionModel

ADMIN_USER_ID = 1
GUEST_USER_ID = 2
ADMIN_GROUP_ID = 1
GUEST_GROUP_ID = 2
"""Fixed ids of a Wiki.js setup: the root admin and guest accounts, and their groups."""

DEFAULT_ADMIN_EMAIL = "admin@example.com"
DEFAULT_ADMIN_PASSWORD = "wikijs-mock-admin"
GUEST_EMAIL = "guest@example.com"

_CREATED = "2024-01-15T10:00:00.000Z"
_DRAFTED = "2024-01-14T09:00:00.000Z"


@dataclass(frozen=True)
class AdminLogin:
    """The root admin's login, from ``--admin-email``/``--admin-password`` or the defaults, and
    the full-access API key of ``--admin-api-key`` (any text; None = no such key)."""

    email: str = DEFAULT_ADMIN_EMAIL
    password: str = DEFAULT_ADMIN_PASSWORD
    api_key: str | None = field(default=None, repr=False)


def _sample(path: str, title: str, content: str, tags: tuple[str, ...]) -> PageRecord:
    return PageRecord(
        path=path,
        locale="en",
        title=title,
        description=f"Sample page: {title}",
        content=content,
        editor="markdown",
        isPublished=True,
        isPrivate=False,
        publishStartDate="",
        publishEndDate="",
        scriptCss=None,
        scriptJs=None,
        tags=tags,
        authorId=ADMIN_USER_ID,
        creatorId=ADMIN_USER_ID,
        createdAt=_CREATED,
        updatedAt=_CREATED,
    )


SAMPLE_PAGES = (
    _sample("home", "Home", "# Welcome\n\nThis wiki is served by the reference mock.", ("welcome",)),
    _sample("guides/getting-started", "Getting started", "# Getting started\n\nCreate a page.", ("guide", "welcome")),
    _sample("guides/markdown", "Markdown", "# Markdown\n\n*Emphasis*, **strong**, `code`.", ("guide",)),
)

SAMPLE_COMMENTS = (("guides/getting-started", "Short and to the point, thanks."),)

LOCALES = (Locale("en", "English", "English"),)
"""English only, as a new 2.5.314 is set up (its setup installs no other locale)."""


def sample_history(page: PageRecord) -> Sequence[tuple[str, str, str]]:
    """One earlier draft for each sample page, so history and version have something to show."""
    if page.createdAt != _CREATED:
        return ()
    return (("initial", f"# {page.title}\n\nDraft.", _DRAFTED),)


def new_wiki(permissions: PermissionModel, admin: AdminLogin, now: str) -> Seed:
    return Seed(
        permissions=permissions,
        accounts=(
            Account(ADMIN_USER_ID, admin.email, "Administrator", hash_password(admin.password), (ADMIN_GROUP_ID,)),
            Account(GUEST_USER_ID, GUEST_EMAIL, "Guest", None, (GUEST_GROUP_ID,)),
        ),
        pages=SAMPLE_PAGES,
        history=sample_history,
        locales=LOCALES,
        settings=new_settings(api_enabled=False),
        now=now,
        comments=SAMPLE_COMMENTS,
    )
