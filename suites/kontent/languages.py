"""The non-default languages of a Kontent.ai environment, which GraphQL cannot list: from
``KONTENT_LANGUAGES``, the embedded mock's sample, or the Delivery REST API of the same environment.
Shared by the language-fallback and filter suites."""

from __future__ import annotations

import json
import os
from http import HTTPStatus
from typing import Any
from urllib.parse import urlsplit, urlunsplit

import pytest

from harness.targets import Target

LANGUAGES_VARIABLE = "KONTENT_LANGUAGES"
EMBEDDED_LANGUAGES = ("es", "de")
"""The non-default languages of the embedded mock's sample environment (the mock serves GraphQL only)."""
LIVE_GRAPHQL_HOST = "graphql."
DELIVERY_REST_HOST = "deliver."
LANGUAGES_PATH = "/languages"
DEFAULT_LANGUAGE_ID = "00000000-0000-0000-0000-000000000000"
"""The default language's id, always (Kontent.ai API docs, language object)."""


def delivery_languages_url(graphql_url: str) -> str | None:
    """graphql.kontent.ai/<env> -> deliver.kontent.ai/<env>/languages (the Delivery REST API of
    the same environment); None for a URL that is not Kontent.ai's."""
    parts = urlsplit(graphql_url)
    if not parts.netloc.startswith(LIVE_GRAPHQL_HOST):
        return None
    netloc = DELIVERY_REST_HOST + parts.netloc.removeprefix(LIVE_GRAPHQL_HOST)
    return urlunsplit(parts._replace(netloc=netloc, path=parts.path.rstrip("/") + LANGUAGES_PATH, query=""))


def non_default_languages(document: Any) -> tuple[str, ...]:
    """Codenames of a Delivery REST /languages answer, the default language left out."""
    listed = document.get("languages") if isinstance(document, dict) else None
    return tuple(
        str(entry["system"]["codename"])
        for entry in listed or ()
        if isinstance(entry, dict) and entry.get("system", {}).get("id") != DEFAULT_LANGUAGE_ID
    )


def languages(target: Target) -> tuple[str, ...]:
    """``KONTENT_LANGUAGES`` when set; else the languages of the environment. GraphQL cannot list
    them: `languageCodename` is a String (no enum to introspect) and items come back in the
    default language unless a filter names another, so paging never shows the others. A live
    target's languages come from the Delivery REST `/languages` of the same environment."""
    given = os.environ.get(LANGUAGES_VARIABLE)
    if given:
        return tuple(code.strip() for code in given.split(",") if code.strip())
    if target.embedded:
        return EMBEDDED_LANGUAGES
    url = delivery_languages_url(target.url)
    if url is not None:
        exchange = target.client.send("GET", url=url, headers={"Accept": "application/json"})
        if exchange.response.status == HTTPStatus.OK:
            found = non_default_languages(json.loads(exchange.response.body))
            if found:
                return found
    pytest.skip(f"set {LANGUAGES_VARIABLE} to the environment's language codenames (none discovered)")
