"""CORS as an API's ``cors`` rule says: preflight answers and the headers on every response.

With the rule disabled, a preflight is just another unsupported method: the rule's
``disabled_preflight_status`` with the ``http_methods`` Allow header and no
Access-Control-* header at all.
"""

from __future__ import annotations

from http import HTTPStatus

from aiohttp import web

from mock_server.http.errors import HttpError
from mock_server.http.transport import TransportBinding, TransportRules
from specs import RuleSet
from specs.model import Cors, HttpMethods

ANY_ORIGIN = "*"
PREFLIGHT = "OPTIONS"
LOCAL_ALLOW_HEADERS = ("Authorization", "Content-Type", "Accept")
"""Request headers a local frontend sends; used when ``--cors`` switches CORS on for one origin."""


def _origin_headers(cors: Cors) -> dict[str, str]:
    origin = cors.allow_origin or ANY_ORIGIN
    headers = {"Access-Control-Allow-Origin": origin}
    if origin != ANY_ORIGIN:
        headers["Vary"] = "Origin"
    if cors.expose_headers:
        # Without it a browser app on another origin cannot read Retry-After, new-jwt and the like.
        headers["Access-Control-Expose-Headers"] = ", ".join(cors.expose_headers)
    return headers


def preflight(transport: TransportRules) -> web.Response:
    """The answer to ``OPTIONS`` on a GraphQL endpoint."""
    cors = transport.cors
    if not cors.enabled:
        raise HttpError(
            cors.disabled_preflight_status,
            f"{PREFLIGHT} is not supported here: cross-origin requests are not enabled.",
            headers=transport.allow_header,
        )
    headers = _origin_headers(cors)
    headers["Access-Control-Allow-Methods"] = ", ".join(cors.allow_methods)
    headers["Access-Control-Allow-Headers"] = ", ".join(cors.allow_headers)
    return web.Response(status=HTTPStatus.NO_CONTENT, headers=headers)


def cors_origin_headers(cors: Cors) -> dict[str, str]:
    """Headers for every answer to a cross-origin request; none when the rule disables CORS."""
    return _origin_headers(cors) if cors.enabled else {}


def enable_cors(rules: RuleSet, binding: TransportBinding, origin: str) -> RuleSet:
    """The rules with the bound API's CORS switched on for one origin (the ``--cors`` option)."""
    methods = rules[binding.methods].data_as(HttpMethods)
    return rules.with_overrides(
        {
            binding.cors: {
                "enabled": True,
                "allow_origin": origin,
                "allow_methods": [*methods.allowed, PREFLIGHT],
                "allow_headers": list(LOCAL_ALLOW_HEADERS),
            }
        }
    )
