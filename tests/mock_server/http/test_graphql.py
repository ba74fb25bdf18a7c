"""Executing GraphQL over GET and POST, batching, query errors, the IDE page and the caches."""

from __future__ import annotations

import asyncio
import json
import re
import threading
from collections.abc import Callable
from dataclasses import replace
from typing import Any
from urllib.parse import quote

import pytest
from graphql import build_schema, get_introspection_query, graphql_sync

from mock_server.graphiql_assets import ASSET_DIR
from mock_server.http import ide
from mock_server.http.auth import RequestContext, bearer_token
from mock_server.http.cache import LruCache
from mock_server.http.documents import CACHED_CHARS, OFFLOAD_CHARS, DocumentCache, PreparedDocument
from mock_server.http.resolvers import UNEXPECTED_MESSAGE, bind
from specs import default_rules
from specs.model import QueryErrors
from tests.mock_server.support import MockClient, Request

Mock = Callable[..., MockClient]
ROOTS = {"kontent": "_RootQuery", "wikijs": "Query"}


def _query_errors(api: str) -> QueryErrors:
    (rule,) = default_rules().for_api(api).of_kind("query_errors")
    assert isinstance(rule.data, QueryErrors)
    return rule.data


@pytest.mark.parametrize("api", ["kontent", "wikijs"])
def test_get_and_post_execute(mock: Mock, api: str) -> None:
    client = mock(api)
    expected = {"data": {"__typename": ROOTS[api]}}
    get = client.send(Request.get("query=" + quote("query Q { __typename }") + "&operationName=Q"))
    assert (get.status, get.json()) == (200, expected)
    assert get.headers["Content-Type"] == "application/json; charset=utf-8"
    post = client.send(Request.post_raw(b'{"query": "{ __typename }"}', "Application/JSON; charset=utf-8"))
    assert (post.status, post.json()) == (200, expected)


def test_kontent_raw_graphql_body_and_variables(mock: Mock) -> None:
    client = mock("kontent")
    reply = client.send(Request.post_raw(b"{ article_All(limit: 1) { totalCount } }", "application/graphql"))
    assert reply.json()["data"]["article_All"]["totalCount"] > 1
    document = "query($n: Int) { article_All(limit: $n) { limit items { title } } }"
    result = client.query(document, {"n": 2})["data"]["article_All"]
    assert result["limit"] == 2 and len(result["items"]) == 2
    get = client.send(Request.get(f"query={quote(document)}&variables={quote(json.dumps({'n': 3}))}"))
    assert len(get.json()["data"]["article_All"]["items"]) == 3


def test_wikijs_variables_as_a_json_string(mock: Mock) -> None:
    client = mock("wikijs")
    reply = client.post_json(
        {"query": "query($id: Int!) { pages { single(id: $id) { id } } }", "variables": '{"id": 1}'}
    )
    assert reply.json() == {"data": {"pages": {"single": {"id": 1}}}}


def test_wikijs_batch_elements_are_independent(mock: Mock) -> None:
    client = mock("wikijs")
    batch = [{"query": "{ __typename }"}, {"query": "{ pages {"}, 7, {"query": ""}, {"query": "{ nope }"}]
    reply = client.post_json(batch)
    assert reply.status == 200
    ok, syntax, not_object, missing, invalid = reply.json()
    assert ok == {"data": {"__typename": "Query"}}
    assert syntax["errors"][0]["extensions"]["code"] == _query_errors("wikijs").extension_codes["syntax"]
    assert "object" in not_object["errors"][0]["message"]
    assert missing["errors"][0]["message"]
    assert invalid["errors"][0]["extensions"]["code"] == _query_errors("wikijs").extension_codes["validation"]


@pytest.mark.parametrize("api", ["kontent", "wikijs"])
@pytest.mark.parametrize(("document", "stage"), [("{ __typename", "syntax"), ("{ notAField }", "validation")])
def test_query_errors_follow_the_rule(mock: Mock, api: str, document: str, stage: str) -> None:
    rule = _query_errors(api)
    reply = mock(api).post_json({"query": document})
    body = reply.json()
    assert reply.status == (rule.syntax_status if stage == "syntax" else rule.validation_status)
    assert ("data" in body) == (rule.data_key == "null")
    if rule.data_key == "null":
        assert body["data"] is None
    (error,) = body["errors"]
    assert error["message"] and error["locations"][0]["line"] == 1
    assert error.get("extensions", {}).get("code") == rule.extension_codes.get(stage)


@pytest.mark.parametrize("api", ["kontent", "wikijs"])
def test_request_errors_are_answered_like_validation(mock: Mock, api: str) -> None:
    rule = _query_errors(api)
    client = mock(api)
    for payload in (
        {"query": "query A { __typename } query B { __typename }"},
        {"query": "query A { __typename }", "operationName": "C"},
        {"query": "{ __typename }", "operationName": 5},
        {"query": "query($n: Int!) { __typename }", "variables": {"n": "x"}},
    ):
        reply = client.post_json(payload)
        assert reply.status == rule.validation_status, payload
        assert reply.json()["errors"][0]["message"]


def test_introspection_is_cached_and_stable(mock: Mock) -> None:
    client = mock("kontent")
    first = client.post_json({"query": get_introspection_query()})
    second = client.post_json({"query": get_introspection_query()})
    assert first.status == 200 and first.body == second.body
    assert first.json()["data"]["__schema"]["queryType"]["name"] == "_RootQuery"


@pytest.mark.parametrize("api", ["kontent", "wikijs"])
def test_browser_gets_the_ide(mock: Mock, api: str, monkeypatch: pytest.MonkeyPatch) -> None:
    client = mock(api)
    browser = Request.get("", accept="text/html,application/xhtml+xml;q=0.9,*/*;q=0.8")
    monkeypatch.setattr(ide, "installed", lambda: True)
    page = client.send(browser)
    assert (page.status, page.media_type) == (200, "text/html")
    assert "GraphiQL.createFetcher" in page.text and ide.ASSET_PATH in page.text
    # it opens on an example of this API that runs without errors, not on GraphiQL's welcome text
    example = json.loads(re.search(r"defaultQuery: (\".*?[^\\]\"),", page.text).group(1))  # type: ignore[union-attr]
    assert example.startswith("query Example")
    answer = client.post_json({"query": example})
    assert answer.status == 200 and not answer.json().get("errors") and answer.json()["data"]
    monkeypatch.setattr(ide, "installed", lambda: False)
    missing = client.send(browser)
    assert (missing.status, missing.media_type) == (200, "text/html")
    assert "python -m mock_server.assets" in missing.text


def test_assets_are_served_only_from_the_manifest(mock: Mock) -> None:
    client = mock("wikijs")
    unknown = client.send(Request(method="GET", path=ide.ASSET_PATH + "secrets.txt"))
    assert unknown.status == 404 and "mock_server.assets" in unknown.json()["errors"][0]["message"]
    name = "react.production.min.js"
    reply = client.send(Request(method="GET", path=ide.ASSET_PATH + name))
    assert reply.status == (200 if (ASSET_DIR / name).is_file() else 404)


def test_wikijs_health_and_trailing_slash(mock: Mock) -> None:
    client = mock("wikijs")
    assert client.send(Request(method="GET", path="/healthz")).json() == {"ok": True}
    slash = client.send(replace(Request.post_json({"query": "{ __typename }"}), path="/graphql/"))
    assert slash.json() == {"data": {"__typename": "Query"}}
    assert client.send(Request(method="GET", path="/nowhere")).status == 404


@pytest.mark.parametrize(
    ("header", "token"),
    [
        ("Bearer abc.def", "abc.def"),
        ("bearer  xyz ", "xyz"),
        ("BEARER k", "k"),
        ("Basic abc", None),
        ("abc", None),
        ("Bearer ", None),
        (None, None),
    ],
)
def test_bearer_token(header: str | None, token: str | None) -> None:
    assert bearer_token(header) == token
    assert "abc" not in repr(RequestContext(bearer_token(header)))


def test_unexpected_resolver_errors_are_generic() -> None:
    schema = build_schema("type Query { boom: Int }")

    def boom(_: Any, __: Any) -> int:
        raise RuntimeError("/srv/secret.py SELECT * FROM users")

    bind(schema, "Query", "boom", boom)
    with pytest.raises(LookupError):
        bind(schema, "Query", "missing", boom)
    result = graphql_sync(schema, "{ boom }")
    assert result.errors and result.errors[0].message == UNEXPECTED_MESSAGE


def test_documents_are_parsed_once_and_the_cache_is_bounded() -> None:
    documents = DocumentCache(build_schema("type Query { a: Int }"), size=2)

    def get(query: str) -> PreparedDocument:
        return asyncio.run(documents.get(query))

    first = get("{ a }")
    assert get("{ a }") is first
    get("{ b }")
    get("{ a ")
    assert get("{ a }") is not first
    cache: LruCache[str, int] = LruCache(2)
    cache.put("x", 1)
    cache.put("y", 2)
    cache.get("x")
    cache.put("z", 3)
    assert (cache.get("x"), cache.get("y"), len(cache)) == (1, None, 2)


def test_a_huge_document_is_prepared_off_the_event_loop_and_not_kept(monkeypatch: pytest.MonkeyPatch) -> None:
    """A request that takes long to validate must not hold every other request (issue 22): it is
    parsed and validated on a worker thread, and its syntax tree is let go after its answer."""
    documents = DocumentCache(build_schema("type Query { a: Int }"), size=8)
    threads: list[int] = []
    prepare = documents._prepare

    def recording(query: str) -> PreparedDocument:
        threads.append(threading.get_ident())
        return prepare(query)

    monkeypatch.setattr(documents, "_prepare", recording)
    small = "{ a }"
    huge = "{ " + " ".join(f"a{i}: a" for i in range(CACHED_CHARS // 6)) + " }"
    assert OFFLOAD_CHARS < CACHED_CHARS < len(huge)

    async def both() -> tuple[PreparedDocument, PreparedDocument]:
        return await documents.get(small), await documents.get(huge)

    small_prepared, huge_prepared = asyncio.run(both())
    assert small_prepared.failed_at is None and huge_prepared.failed_at is None
    assert threads[0] == threading.get_ident() and threads[1] != threading.get_ident()
    asyncio.run(documents.get(huge))
    asyncio.run(documents.get(small))
    assert len(threads) == 3  # the huge one was prepared again, the small one came from the cache


def test_kontent_answers_are_cached_per_request(mock: Mock) -> None:
    """Kontent.ai data cannot change, so answers are cached, but keyed by everything that matters."""
    client = mock("kontent")
    document = "query($n: Int) { article_All(limit: $n) { items { title } } }"
    sizes = [len(client.query(document, {"n": n})["data"]["article_All"]["items"]) for n in (1, 2, 1, None)]
    assert sizes == [1, 2, 1, 10]


def test_wikijs_answers_follow_the_store(mock: Mock) -> None:
    client = mock("wikijs")
    listing = "{ pages { list { path } } }"
    before = client.query(listing)["data"]["pages"]["list"]
    client.query(
        'mutation { pages { create(content: "x", description: "", editor: "markdown", isPublished: true,'
        ' isPrivate: false, locale: "en", path: "new", tags: [], title: "N") { page { id } } } }'
    )
    assert len(client.query(listing)["data"]["pages"]["list"]) == len(before) + 1
