"""The pages a new wiki starts with, so a fresh mock has something to list and read."""

from __future__ import annotations

from mock_server.wikijs.pages import ADMIN_USER_ID
from mock_server.wikijs.store import PageRecord

_CREATED = "2024-01-15T10:00:00.000Z"


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
