"""The Kontent.ai application: the GraphQL endpoint at ``/<environment id>``.

Any other single-segment path is an environment that does not exist and gets the
``not_found`` rule's status.
"""

from __future__ import annotations

from http import HTTPStatus
from typing import Any

from aiohttp import web

from mock_server.http.endpoint import GraphQLApi, GraphQLEndpoint
from mock_server.http.errors import HttpError
from mock_server.http.executor import Executor
from mock_server.http.server import build_application
from mock_server.http.transport import TransportRuleError, load_transport
from mock_server.kontent.schema import kontent_schema
from specs import RuleSet
from specs.model import IdePage, NotFound

API = "kontent"
TITLE = "Kontent.ai Delivery GraphQL (mock)"
DEFAULT_ENVIRONMENT_ID = "975bf280-fd91-488c-994c-2f04416e5ee3"
UNKNOWN_ENVIRONMENT = "Environment '{}' does not exist."

BROWSER_IDE = IdePage(accept="text/html", status=HTTPStatus.OK, content_type="text/html")
"""No rule documents a browser IDE for Kontent.ai; the mock offers the same page as Wiki.js."""


def envelope(message: str) -> dict[str, Any]:
    return {"errors": [{"message": message}]}


def _not_found_rule(rules: RuleSet) -> NotFound:
    for rule in rules.for_api(API).of_kind("not_found"):
        if isinstance(rule.data, NotFound) and rule.data.what == "environment":
            return rule.data
    raise TransportRuleError(f"api {API} has no not_found rule for the environment")


def build_kontent_app(rules: RuleSet, environment_id: str) -> web.Application:
    transport = load_transport(rules, API)
    api = GraphQLApi(
        title=TITLE,
        transport=transport,
        executor=Executor(kontent_schema(), transport.query_errors, transport.get_mutation, immutable_data=True),
        envelope=envelope,
        ide=transport.ide or BROWSER_IDE,
    )
    endpoint = GraphQLEndpoint(api)
    not_found = _not_found_rule(rules)

    async def unknown_environment(request: web.Request) -> web.StreamResponse:
        raise HttpError(not_found.status, UNKNOWN_ENVIRONMENT.format(request.match_info["environment_id"]))

    app = build_application(api, f"/{environment_id}")
    for path in (f"/{environment_id}", f"/{environment_id}/"):  # plain routes: matched without a regex
        app.router.add_route("*", path, endpoint.handle)
    app.router.add_route("*", "/{environment_id}", unknown_environment)
    app.router.add_route("*", "/{environment_id}/", unknown_environment)
    return app
