"""Deterministic sample content: articles generated from fixed word lists.

Every run serves the same items (same ids, dates and order), so suites can compare
answers across runs and against each other without fixtures.
"""

from __future__ import annotations

import uuid
from collections.abc import Mapping
from datetime import UTC, datetime, timedelta
from types import MappingProxyType
from typing import Any

DEFAULT_LIMIT = 10  # moves to specs/kontent/paging.yaml in the content issue

ARTICLE_COUNT = 25
LANGUAGE = {"_system_": {"codename": "default", "name": "Default project language"}}
ARTICLE_TYPE = {"_system_": {"codename": "article", "name": "Article"}}
COLLECTION = {"_system_": {"codename": "default"}}

_ID_NAMESPACE = uuid.UUID("0b7e52a4-35c8-4c4e-9a1f-6a8f0d1e2c3b")
"""Fixed namespace so item ids are the same on every run."""
_FIRST_POST = datetime(2024, 1, 8, 9, 30, tzinfo=UTC)
_ADJECTIVES = ("bright", "quiet", "rapid", "gentle", "bold")
_NOUNS = ("espresso", "harvest", "roastery", "brewing", "origins")
_TIMEZONES = ("Europe/Prague", "America/New_York", "Asia/Tokyo", "UTC")


def _timestamp(moment: datetime) -> str:
    return moment.isoformat(timespec="milliseconds").replace("+00:00", "Z")


def _article(index: int) -> dict[str, Any]:
    adjective = _ADJECTIVES[index % len(_ADJECTIVES)]
    noun = _NOUNS[index // len(_ADJECTIVES) % len(_NOUNS)]
    codename = f"{adjective}_{noun}"
    posted = _FIRST_POST + timedelta(days=5 * index, hours=index % 7)
    title = f"{adjective.capitalize()} {noun}"
    return {
        "_system_": {
            "id": str(uuid.uuid5(_ID_NAMESPACE, codename)),
            "name": title,
            "codename": codename,
            "language": LANGUAGE,
            "type": ARTICLE_TYPE,
            "collection": COLLECTION,
            "lastModified": _timestamp(posted + timedelta(days=2, minutes=index)),
        },
        "title": title,
        "summary": f"Notes on {noun} from a {adjective} point of view.",
        "slug": codename.replace("_", "-"),
        "readingTime": 2.5 + index % 9,
        "postDate": _timestamp(posted),
        "postDate_with_timezone": {
            "value": _timestamp(posted),
            "display_timezone": _TIMEZONES[index % len(_TIMEZONES)],
        },
    }


ARTICLES: tuple[Mapping[str, Any], ...] = tuple(
    sorted((_article(i) for i in range(ARTICLE_COUNT)), key=lambda a: a["_system_"]["codename"])
)
"""All articles in the API's default order: by codename, ascending."""

_BY_CODENAME = MappingProxyType({a["_system_"]["codename"]: a for a in ARTICLES})
_BY_ID = MappingProxyType({a["_system_"]["id"]: a for a in ARTICLES})


def find_article(codename: str | None, item_id: str | None) -> Mapping[str, Any] | None:
    """The article with this codename and/or id (both must match when both are given)."""
    if codename is None and item_id is None:
        return None
    found = _BY_CODENAME.get(codename) if codename is not None else _BY_ID.get(item_id or "")
    if found is None or (item_id is not None and found["_system_"]["id"] != item_id):
        return None
    return found
