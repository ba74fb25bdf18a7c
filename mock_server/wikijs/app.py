"""The Wiki.js application: GraphQL at ``/graphql`` (and ``/graphql/``), health at ``/healthz``."""

from __future__ import annotations

from http import HTTPStatus
from pathlib import Path
from typing import Any

from aiohttp import web

from mock_server.http.endpoint import GraphQLApi, GraphQLEndpoint
from mock_server.http.executor import Executor
from mock_server.http.responses import dumps, json_response
from mock_server.http.server import build_application
from mock_server.http.transport import TransportRuleError, load_transport
from mock_server.wikijs.errors import ErrorTable, ResponseStatuses
from mock_server.wikijs.pages import Pages
from mock_server.wikijs.resolvers import bind_pages
from mock_server.wikijs.samples import SAMPLE_PAGES
from mock_server.wikijs.schema import wikijs_schema
from mock_server.wikijs.store import PageStore
from specs import RuleSet

API = "wikijs"
TITLE = "Wiki.js 2.5 GraphQL (mock)"
ENDPOINT = "/graphql"
HEALTH = "/healthz"
HEALTHY = dumps({"ok": True})


def envelope(message: str) -> dict[str, Any]:
    """The real server's shape for errors outside GraphQL execution."""
    return {"data": {}, "errors": [{"message": message, "path": []}]}


async def health(_: web.Request) -> web.Response:
    return json_response(HEALTHY, HTTPStatus.OK)


def build_wikijs_app(rules: RuleSet, data_dir: Path | None) -> web.Application:
    transport = load_transport(rules, API)
    if transport.ide is None:
        raise TransportRuleError(f"api {API} has no ide_page rule")
    store = PageStore(data_dir, SAMPLE_PAGES)
    schema = wikijs_schema()
    bind_pages(schema, Pages(store, ErrorTable(rules)), store, ResponseStatuses(rules))
    api = GraphQLApi(
        title=TITLE,
        transport=transport,
        executor=Executor(schema, transport.query_errors, transport.get_mutation),
        envelope=envelope,
        ide=transport.ide,
    )
    endpoint = GraphQLEndpoint(api)
    app = build_application(api, ENDPOINT)
    app.router.add_route("*", ENDPOINT, endpoint.handle)
    app.router.add_route("*", ENDPOINT + "/", endpoint.handle)
    app.router.add_get(HEALTH, health)

    async def close_store(_: web.Application) -> None:
        store.close()

    app.on_cleanup.append(close_store)
    return app
