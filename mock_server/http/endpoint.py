"""The GraphQL endpoint handler: method, IDE, parameters, execution, in the order the rules need.

An API is described by a :class:`GraphQLApi` (its transport rules, executor, error envelope
and IDE page); the handler itself holds no API-specific behaviour.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from http import HTTPStatus
from typing import Any

from aiohttp import hdrs, web

from mock_server.http.auth import RequestContext, bearer_token, cookie_token
from mock_server.http.body import media_type, read_body
from mock_server.http.cors import PREFLIGHT, preflight
from mock_server.http.errors import HttpError, RequestError
from mock_server.http.executor import Outcome, Runner
from mock_server.http.ide import ide_page, wants_ide
from mock_server.http.params import BodyParser, GraphQLParams, params_from_fields, query_fields
from mock_server.http.responses import ErrorEnvelope, dumps, json_response
from mock_server.http.transport import TransportRules
from specs.model import IdePage

MULTIPART = "multipart/form-data"
"""A POST of this media type is the ``multipart`` variant of ``wrong_content_type``."""


@dataclass(frozen=True)
class GraphQLApi:
    """Everything the shared HTTP layer needs to serve one API."""

    title: str
    transport: TransportRules
    executor: Runner
    envelope: ErrorEnvelope
    ide: IdePage
    example_query: str
    """The document the GraphiQL page opens on."""
    identify: Callable[[str | None], Any] | None = None
    """Token -> the API's caller object; may raise :class:`HttpError` to refuse the request."""
    token_cookie: str | None = None
    """A cookie that carries the token when no ``Authorization`` header does."""
    finish: Callable[[Any, web.Request, web.StreamResponse], None] | None = None
    """Called with the caller object, the request and the answer before it is sent (e.g. to
    hand a renewed token back)."""


class GraphQLEndpoint:
    def __init__(self, api: GraphQLApi) -> None:
        self._api = api
        self._transport = api.transport
        self._allowed = ", ".join(api.transport.methods.allowed)
        self._bodies = BodyParser(api.transport)

    async def handle(self, request: web.Request) -> web.StreamResponse:
        method = request.method
        if method == PREFLIGHT:
            return preflight(self._transport)
        if method not in self._transport.methods.allowed or method not in (hdrs.METH_GET, hdrs.METH_POST):
            raise HttpError(
                self._transport.methods.other_status,
                f"Method {method} is not allowed here; use {self._allowed}.",
                headers=self._transport.allow_header,
            )
        token = bearer_token(request.headers.get(hdrs.AUTHORIZATION))
        if token is None and self._api.token_cookie is not None:
            token = cookie_token(request.cookies.get(self._api.token_cookie))
        identity = self._api.identify(token) if self._api.identify is not None else None
        context = RequestContext(token, identity, request.remote)
        if method == hdrs.METH_GET:
            response = await self._get(request, context)
        else:
            response = await self._post(request, context)
        if self._api.finish is not None:
            self._api.finish(identity, request, response)
        return response

    async def _get(self, request: web.Request, context: RequestContext) -> web.StreamResponse:
        fields = query_fields(request.rel_url.raw_query_string, self._transport)
        if self._transport.get.query_param not in fields and wants_ide(request, self._api.ide):
            return ide_page(self._api.ide, self._api.title, self._api.example_query)
        try:
            params = params_from_fields(fields, self._transport)
        except RequestError as error:
            return self._respond(self._api.executor.request_error(str(error)))
        return self._respond(await self._api.executor.run(params, context, via_get=True))

    async def _post(self, request: web.Request, context: RequestContext) -> web.StreamResponse:
        content_type = media_type(request.headers.get(hdrs.CONTENT_TYPE))
        rule = self._transport.posts.get(content_type or "")
        if rule is None:
            accepted = " or ".join(self._transport.posts)
            raise self._transport.reject(
                "wrong_content_type",
                f"Unsupported Content-Type {content_type or '(none)'}: a POST must be {accepted}.",
                "multipart" if content_type == MULTIPART else None,
            )
        raw = await read_body(request, self._transport.body_limit)
        try:
            parsed = self._bodies.parse(raw, rule)
        except RequestError as error:
            return self._respond(self._api.executor.request_error(str(error)))
        if isinstance(parsed, GraphQLParams):
            return self._respond(await self._api.executor.run(parsed, context, via_get=False))
        parts = [await self._batch_element(element, context) for element in parsed]
        return json_response(b"[" + b",".join(parts) + b"]", HTTPStatus.OK)

    async def _batch_element(self, element: GraphQLParams | HttpError | RequestError, context: RequestContext) -> bytes:
        """One element of a batch, answered on its own: its failure never fails the others."""
        if isinstance(element, HttpError):
            return dumps(self._api.envelope(element.message))
        if isinstance(element, RequestError):
            return self._api.executor.request_error(str(element)).body
        return (await self._api.executor.run(element, context, via_get=False)).body

    @staticmethod
    def _respond(outcome: Outcome) -> web.Response:
        return json_response(outcome.body, outcome.status, outcome.headers)
