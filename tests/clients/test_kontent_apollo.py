"""The Kontent.ai mock answers a real Apollo Client as it answers our own client.

Frontend developers point Apollo Client at the mock, so every app document
(:mod:`suites.kontent.app_documents`) goes through ``@apollo/client`` (``possibleTypes`` from the
mock's introspection, GET for the small documents, the preview endpoint with a key): no GraphQL or
network error, the same ``data`` the harness's client gets, ``__typename`` in every object; under
``no-cache`` (the answer as sent) and ``cache-first`` (an app's default: the answer is normalised
into the cache and read back, where an object the cache cannot match would lose fields). The
imported environment is the data-ops backup of the Management API fixtures (model and items).

Apollo prints a document afresh (indented) and percent-encodes its spaces, so a GET that fits the
documented URL limit as our client sends it can be longer as Apollo sends it; such a document must
then be refused as the limit says (the same query's POST document is compared instead).
"""

from __future__ import annotations

from collections.abc import Iterator, Sequence

import pytest
from aiohttp import web

from harness.targets import SHARED_KONTENT_RATE_LIMIT
from mock_server import create_app
from mock_server.kontent.access import AccessKeys
from specs import default_rules
from specs.model.http import RequestLimit
from suites.kontent.app_documents import DOCUMENTS, IMPORTED_DOCUMENTS, AppDocument
from tests.clients.kontent_apollo import objects, sent, through_apollo
from tests.clients.support import serving
from tests.mock_server.exports import data_ops_backup

PREVIEW_KEY = "apollo-preview-key"
MAX_URL = default_rules()["kontent.http.max_url"].data_as(RequestLimit)
ENVIRONMENTS = {"sample": DOCUMENTS, "imported": IMPORTED_DOCUMENTS}


@pytest.fixture(scope="module", params=sorted(ENVIRONMENTS))
def environment(
    request: pytest.FixtureRequest, tmp_path_factory: pytest.TempPathFactory
) -> Iterator[tuple[str, Sequence[AppDocument], list[str]]]:
    """The mock's URL, the documents for its model, and the method of every request it served."""
    documents = ENVIRONMENTS[request.param]
    models = [data_ops_backup(tmp_path_factory.mktemp("backup"))] if documents is IMPORTED_DOCUMENTS else []
    keys = AccessKeys.resolve(preview=[PREVIEW_KEY], environ={})
    app = create_app("kontent", models=models, keys=keys, rate_limit=SHARED_KONTENT_RATE_LIMIT)
    methods: list[str] = []

    async def record(request: web.Request, _: web.StreamResponse) -> None:
        methods.append(request.method)

    app.on_response_prepare.append(record)
    with serving(app) as url:
        yield url, documents, methods


@pytest.mark.parametrize("fetch_policy", ["no-cache", "cache-first"])
def test_apollo_client_gets_what_our_client_gets(
    environment: tuple[str, Sequence[AppDocument], list[str]], fetch_policy: str
) -> None:
    url, documents, methods = environment
    sends = [sent(document, url, PREVIEW_KEY) for document in documents]
    del methods[:]
    results = through_apollo(sends, fetch_policy)
    assert methods.count("GET") == sum(d.method == "GET" for d in documents), methods
    for one in sends:
        result = results[one.document.name]
        if one.document.method == "GET":  # as Apollo prints and encodes it, not as our client does
            assert result["urlLength"] <= MAX_URL.max, f"{one.document.name} is too long for GET: {result}"
        assert not result["errors"] and result["networkError"] is None, result
        assert result["data"] == one.ours()["data"], one.document.name
        untyped = [path for path, value in objects(result["data"]) if "__typename" not in value]
        assert not untyped, f"{one.document.name}: objects without __typename: {untyped}"
