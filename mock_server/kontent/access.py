"""Delivery API keys: preview always needs one, published content only with secure access.

Keys come from options or the environment (``KONTENT_PREVIEW_API_KEY``,
``KONTENT_SECURE_API_KEY``) and are compared in constant time; they are never logged (the
access log has no headers) and never part of an error message.
"""

from __future__ import annotations

import hmac
import os
from collections.abc import Collection, Mapping
from dataclasses import dataclass, field

from aiohttp import hdrs, web
from aiohttp.typedefs import Handler

from mock_server.http.auth import bearer_token
from mock_server.http.errors import HttpError
from specs.model import ApiKey, PlanForbidden

PREVIEW_VARIABLE = "KONTENT_PREVIEW_API_KEY"
SECURE_VARIABLE = "KONTENT_SECURE_API_KEY"
DEFAULT_PREVIEW_API_KEY = "kontent-mock-preview-key"
"""The embedded default preview key, so preview works out of the box; documented in README."""


@dataclass(frozen=True)
class AccessKeys:
    preview: str = field(default=DEFAULT_PREVIEW_API_KEY, repr=False)
    secure: str | None = field(default=None, repr=False)
    """With a secure key, published content needs it too (secure access on)."""
    secure_environments: frozenset[str] | None = None
    """The environments with secure access on; None: every environment (when there is a secure key)."""

    def published_key(self, environment_id: str) -> str | None:
        """The key published content of this environment requires, if secure access is on there."""
        if self.secure_environments is not None and environment_id not in self.secure_environments:
            return None
        return self.secure

    @classmethod
    def resolve(
        cls,
        preview: str | None,
        secure: str | None,
        environ: Mapping[str, str] = os.environ,
        secure_environments: Collection[str] = (),
    ) -> AccessKeys:
        """Options win over the environment; no preview key at all means the embedded default;
        no ``secure_environments``: secure access (if any) in every environment."""
        return cls(
            preview or environ.get(PREVIEW_VARIABLE) or DEFAULT_PREVIEW_API_KEY,
            secure or environ.get(SECURE_VARIABLE) or None,
            frozenset(secure_environments) or None,
        )


def guarded(handler: Handler, key: str | None, rule: ApiKey) -> Handler:
    """``handler`` behind a Bearer key check (no key: open). CORS preflights need no key."""
    if key is None:
        return handler
    expected = key.encode()

    async def check(request: web.Request) -> web.StreamResponse:
        if request.method != hdrs.METH_OPTIONS:
            given = bearer_token(request.headers.get(hdrs.AUTHORIZATION)) or ""
            if not hmac.compare_digest(given.encode(), expected):
                raise HttpError(rule.status, rule.message, headers={"WWW-Authenticate": "Bearer"})
        return await handler(request)

    return check


def plan_without_graphql(handler: Handler, rule: PlanForbidden) -> Handler:
    """``handler`` of an environment whose plan lacks GraphQL: every request but a CORS preflight is refused."""

    async def refuse(request: web.Request) -> web.StreamResponse:
        if request.method == hdrs.METH_OPTIONS:
            return await handler(request)
        raise HttpError(rule.status, rule.message)

    return refuse
