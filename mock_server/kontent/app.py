"""The Kontent.ai application: published content at ``/<environment id>``, preview at
``/preview/<environment id>``, one route pair per configured environment.

Any other environment id is one that does not exist and gets the ``not_found`` rule's status.
The real service serves preview from another host; the mock, on one port, uses a path prefix.
"""

from __future__ import annotations

from collections.abc import Awaitable, Callable, Collection, Sequence
from dataclasses import replace
from http import HTTPStatus
from typing import Any

from aiohttp import web

from mock_server.http.endpoint import GraphQLApi, GraphQLEndpoint
from mock_server.http.errors import HttpError
from mock_server.http.server import build_application
from mock_server.http.transport import TransportBinding, load_transport
from mock_server.kontent.access import AccessKeys, guarded, plan_without_graphql
from mock_server.kontent.cdn import CdnCache
from mock_server.kontent.content import ContentRules
from mock_server.kontent.element_shapes import ElementShapes
from mock_server.kontent.example import example_query
from mock_server.kontent.filter_rules import filter_rules
from mock_server.kontent.metering import Latency, LimitRules, MeteredExecutor
from mock_server.kontent.ratelimit import RateLimiter
from mock_server.kontent.store import Environment, VersionedExecutor
from specs import RuleSet
from specs.model import (
    ApiKey,
    ElementFields,
    IdePage,
    KeyScope,
    LanguageFallback,
    Naming,
    NotFound,
    Order,
    OrderKeys,
    Paging,
    PlanForbidden,
    RestrictedNaming,
    SingleItem,
    SingleValued,
    Versions,
)
from specs.naming import Namer, RestrictedNamer

API = "kontent"
TITLE = "Kontent.ai Delivery GraphQL (mock)"
DEFAULT_ENVIRONMENT_ID = "975bf280-fd91-488c-994c-2f04416e5ee3"
PREVIEW_PREFIX = "/preview"
UNKNOWN_ENVIRONMENT = "Environment '{}' does not exist."

TRANSPORT = TransportBinding(
    api=API,
    methods="kontent.http.methods",
    get="kontent.http.get_query",
    posts=("kontent.http.post_json", "kontent.http.post_graphql"),
    query_errors="kontent.http.query_errors",
    bad_requests=(
        "kontent.http.errors.missing_query",
        "kontent.http.errors.malformed_json",
        "kontent.http.errors.json_not_object",
        "kontent.http.errors.empty_body",
        "kontent.http.errors.non_utf8",
        "kontent.http.errors.wrong_content_type",
        "kontent.http.errors.bad_variables",
    ),
    cors="kontent.http.cors",
    limits=("kontent.http.max_body", "kontent.http.max_url"),
    status_codes="kontent.http.status_codes",
)
"""The Delivery API's GraphQL-over-HTTP rules, as the shared layer serves them."""

BROWSER_IDE = IdePage(accept="text/html", status=HTTPStatus.OK, content_type="text/html")
"""No rule documents a browser IDE for Kontent.ai; the mock offers the same page as Wiki.js."""


def envelope(message: str) -> dict[str, Any]:
    return {"errors": [{"message": message}]}


def content_rules(rules: RuleSet) -> ContentRules:
    namer = Namer(rules["kontent.schema.naming"].data_as(Naming))
    return ContentRules(
        namer=namer,
        restricted=RestrictedNamer(rules["kontent.schema.restricted_types"].data_as(RestrictedNaming), namer),
        paging=rules["kontent.content.paging"].data_as(Paging),
        order=rules["kontent.content.order"].data_as(Order),
        order_keys=rules["kontent.content.order_keys"].data_as(OrderKeys),
        single=rules["kontent.content.single_item"].data_as(SingleItem),
        languages=rules["kontent.content.language_fallback"].data_as(LanguageFallback),
        versions=rules["kontent.content.preview"].data_as(Versions),
        filters=filter_rules(rules.for_api(API)),
        shapes=ElementShapes(
            rules["kontent.schema.element_fields"].data_as(ElementFields),
            rules["kontent.schema.single_valued"].data_as(SingleValued),
            namer,
        ),
    )


def _uncharged(header: str) -> Callable[[web.Request, web.StreamResponse], Awaitable[None]]:
    """Answers that never reached the executor (4xx, IDE page) report a charge of 0 units."""

    async def mark(_: web.Request, response: web.StreamResponse) -> None:
        response.headers.setdefault(header, "0")

    return mark


def build_kontent_app(
    rules: RuleSet,
    environments: Sequence[Environment],
    keys: AccessKeys | None = None,
    latency: Latency | None = None,
    graphql_disabled: Collection[str] = (),
) -> web.Application:
    """``graphql_disabled``: environment ids whose plan lacks GraphQL (``--disable-graphql``)."""
    keys = keys or AccessKeys()
    plan = rules["kontent.http.graphql_disabled"].data_as(PlanForbidden)
    limits = LimitRules.of(rules.for_api(API))
    limiter = RateLimiter(limits.windows, limits.retry_after)
    api_key = rules["kontent.access.api_key"].data_as(ApiKey)
    scope = rules["kontent.access.environment_scope"].data_as(KeyScope)
    transport = load_transport(rules, TRANSPORT)
    content = content_rules(rules)
    not_found = rules["kontent.http.unknown_environment"].data_as(NotFound)

    published = VersionedExecutor(environments[0].store, content, transport, preview=False)
    example = example_query(published.current().schema)
    base = GraphQLApi(TITLE, transport, published, envelope, transport.ide or BROWSER_IDE, example)

    def endpoint(environment: Environment, *, preview: bool) -> GraphQLEndpoint:
        executor = VersionedExecutor(environment.store, content, transport, preview=preview)
        # build the schema now: start-up fails on a bad model, requests stay fast
        example = example_query(executor.current().schema)
        cdn = CdnCache(limits.cdn.ttl_seconds) if not preview or limits.cdn.cache_preview else None
        metered = MeteredExecutor(executor, environment.id, limits, limiter, cdn, latency)
        return GraphQLEndpoint(replace(base, executor=metered, example_query=example))

    async def unknown_environment(request: web.Request) -> web.StreamResponse:
        raise HttpError(not_found.status, UNKNOWN_ENVIRONMENT.format(request.match_info["environment_id"]))

    app = build_application(base, f"/{environments[0].id}")
    app.on_response_prepare.append(_uncharged(limits.charge.header))
    for environment in environments:
        for prefix, preview in (("", False), (PREVIEW_PREFIX, True)):
            table = keys.preview if preview else keys.secure
            accepted = table.accepted(environment.id, per_environment=scope.per_environment)
            handler = guarded(endpoint(environment, preview=preview).handle, accepted, api_key)
            if environment.id in graphql_disabled:
                handler = plan_without_graphql(handler, plan)
            for path in (f"{prefix}/{environment.id}", f"{prefix}/{environment.id}/"):  # plain routes, no regex
                app.router.add_route("*", path, handler)
    for prefix in ("", PREVIEW_PREFIX):
        app.router.add_route("*", prefix + "/{environment_id}", unknown_environment)
        app.router.add_route("*", prefix + "/{environment_id}/", unknown_environment)
    return app
