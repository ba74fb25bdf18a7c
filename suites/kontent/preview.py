"""Kontent.ai's preview endpoint as a client reaches it: the preview URL of a Delivery GraphQL URL
and a client for it. Shared by the preview, key-scope, rate-limit, app-document and filter suites."""

from __future__ import annotations

from urllib.parse import urlsplit, urlunsplit

from harness.client import HttpClient
from harness.targets import Target

LIVE_HOST = "graphql."
LIVE_PREVIEW_HOST = "preview-graphql."
MOCK_PREVIEW_PREFIX = "/preview"


def preview_url(url: str) -> str:
    """graphql.kontent.ai/<id> -> preview-graphql.kontent.ai/<id>; the mock: /preview/<id>."""
    parts = urlsplit(url)
    if parts.netloc.startswith(LIVE_HOST):
        return urlunsplit(parts._replace(netloc=LIVE_PREVIEW_HOST + parts.netloc.removeprefix(LIVE_HOST)))
    return urlunsplit(parts._replace(path=MOCK_PREVIEW_PREFIX + parts.path))


def preview_client(target: Target, key: str | None) -> HttpClient:
    headers = {"Authorization": f"Bearer {key}"} if key else {}
    client = HttpClient(preview_url(target.url), headers)
    client.journal = target.client.journal  # failures show the preview exchanges too
    return client
