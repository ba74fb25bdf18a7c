"""``Authorization: Bearer <token>`` parsing into the per-request context resolvers see.

An API that knows its callers turns the token into an ``identity`` (see
``GraphQLApi.identify``) before execution. The token is kept out of ``repr`` so it cannot
leak into a log line by accident.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

BEARER = "bearer"


@dataclass(frozen=True, slots=True)
class RequestContext:
    """What a resolver may know about the caller (``info.context``)."""

    bearer_token: str | None = field(default=None, repr=False)
    identity: Any = field(default=None, repr=False)
    client: str | None = None
    """The peer's address, for limits kept per client."""


def bearer_token(header: str | None) -> str | None:
    """The token of a Bearer credential (scheme case-insensitive); anything else is anonymous."""
    if not header:
        return None
    scheme, _, token = header.strip().partition(" ")
    token = token.strip()
    if scheme.lower() != BEARER or not token or not _is_text(token):
        return None
    return token


def cookie_token(value: str | None) -> str | None:
    """The token a cookie carries; empty or not UTF-8 (see :func:`_is_text`): none."""
    return value if value and _is_text(value) else None


def _is_text(value: str) -> bool:
    """aiohttp turns header bytes that are not UTF-8 into lone surrogates; such a token can be
    neither a key nor a JWT, and encoding it (for SQLite, hmac or PyJWT) would raise."""
    if value.isascii():  # a flag of the string: no encoding needed
        return True
    try:
        value.encode()
    except UnicodeEncodeError:
        return False
    return True
