"""Delivery API keys: preview always needs one, published content only with secure access.

A Kontent.ai API key is scoped to environments ("you can limit the API key scope to specific
environments"), so keys are held per environment: ``ENVIRONMENT_ID=KEY`` binds a key to one
environment, a plain ``KEY`` serves every environment without a key of its own (one
environment: exactly the old single-key behaviour). Keys come from options or the environment
(``KONTENT_PREVIEW_API_KEY``, ``KONTENT_SECURE_API_KEY``: the same forms, comma-separated),
are compared in constant time, and are never logged (the access log has no headers) nor part
of an error message or of this module's reprs.
"""

from __future__ import annotations

import hmac
import os
import uuid
from collections.abc import Collection, Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from types import MappingProxyType

from aiohttp import hdrs, web
from aiohttp.typedefs import Handler

from mock_server.http.auth import bearer_token
from mock_server.http.errors import HttpError
from specs.model import ApiKey, PlanForbidden

PREVIEW_VARIABLE = "KONTENT_PREVIEW_API_KEY"
SECURE_VARIABLE = "KONTENT_SECURE_API_KEY"
DEFAULT_PREVIEW_API_KEY = "kontent-mock-preview-key"
"""The embedded default preview key, so preview works out of the box; documented in README."""
SCOPE_SEPARATOR = "="
LIST_SEPARATOR = ","


def _environment(text: str) -> str | None:
    try:
        return str(uuid.UUID(text))
    except ValueError:
        return None


@dataclass(frozen=True)
class KeyTable:
    """The keys of one kind (preview or secure access): per environment and unscoped."""

    scoped: Mapping[str, frozenset[str]] = field(default_factory=lambda: MappingProxyType({}), repr=False)
    unscoped: frozenset[str] = field(default=frozenset(), repr=False)

    @classmethod
    def parse(cls, values: Iterable[str], plain_scope: Collection[str] = ()) -> KeyTable:
        """``ENVIRONMENT_ID=KEY`` or ``KEY`` each; plain keys go to ``plain_scope`` when given.
        A key whose text before ``=`` is no environment id (a UUID) is a plain key."""
        scoped: dict[str, set[str]] = {}
        unscoped: set[str] = set()
        for value in values:
            prefix, separator, rest = value.strip().partition(SCOPE_SEPARATOR)
            environment = _environment(prefix) if separator else None
            if environment is not None and rest:
                scoped.setdefault(environment, set()).add(rest)
            elif value.strip() and plain_scope:
                for environment_id in plain_scope:
                    scoped.setdefault(str(environment_id), set()).add(value.strip())
            elif value.strip():
                unscoped.add(value.strip())
        return cls(MappingProxyType({k: frozenset(v) for k, v in scoped.items()}), frozenset(unscoped))

    @property
    def environments(self) -> frozenset[str]:
        """The environments keys are bound to by id."""
        return frozenset(self.scoped)

    def accepted(self, environment_id: str, *, per_environment: bool = True) -> frozenset[str]:
        """The keys this environment takes (none: no key needed). ``per_environment`` false is
        the broken scope a fault switches on: any key of the kind opens every guarded environment."""
        own = self.scoped.get(environment_id, self.unscoped)
        if not own or per_environment:
            return own
        return self.unscoped.union(*self.scoped.values())


def _given(options: Sequence[str], environ: Mapping[str, str], variable: str) -> list[str]:
    """Options win over the environment variable (a comma-separated list of the same forms)."""
    if options:
        return list(options)
    return [part for part in environ.get(variable, "").split(LIST_SEPARATOR) if part.strip()]


@dataclass(frozen=True)
class AccessKeys:
    preview: KeyTable = field(default_factory=lambda: KeyTable(unscoped=frozenset({DEFAULT_PREVIEW_API_KEY})))
    secure: KeyTable = field(default_factory=KeyTable)
    """Without secure keys, published content is open (secure access off)."""

    @property
    def environments(self) -> frozenset[str]:
        """Every environment a key is bound to by id (each must be served)."""
        return self.preview.environments | self.secure.environments

    @classmethod
    def resolve(
        cls,
        preview: Sequence[str] = (),
        secure: Sequence[str] = (),
        environ: Mapping[str, str] = os.environ,
        secure_environments: Collection[str] = (),
    ) -> AccessKeys:
        """Keys from options, else the environment. Preview: every environment without its own
        key takes the plain key, the embedded default when none is given. Secure access: plain
        keys apply to ``secure_environments`` (``--secure-environment``), else to every
        environment without a key of its own."""
        preview_table = KeyTable.parse(_given(preview, environ, PREVIEW_VARIABLE))
        if not preview_table.unscoped:
            preview_table = KeyTable(preview_table.scoped, frozenset({DEFAULT_PREVIEW_API_KEY}))
        plain_scope = [str(_environment(e) or e) for e in secure_environments]
        return cls(preview_table, KeyTable.parse(_given(secure, environ, SECURE_VARIABLE), plain_scope))


def guarded(handler: Handler, keys: frozenset[str], rule: ApiKey) -> Handler:
    """``handler`` behind a Bearer key check (no keys: open). CORS preflights need no key."""
    if not keys:
        return handler
    expected = [key.encode() for key in keys]

    async def check(request: web.Request) -> web.StreamResponse:
        if request.method != hdrs.METH_OPTIONS:
            given = (bearer_token(request.headers.get(hdrs.AUTHORIZATION)) or "").encode()
            if not any([hmac.compare_digest(given, key) for key in expected]):  # a list: compare with every key
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
