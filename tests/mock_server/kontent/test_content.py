"""The Kontent.ai mock's content: sample environment, paging, order, languages, lookups, nesting."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from mock_server.kontent.access import DEFAULT_PREVIEW_API_KEY, AccessKeys
from mock_server.kontent.sample import COUNTS
from specs import default_rules
from specs.model import ApiKey, Paging
from tests.mock_server.support import MockClient, Request

Mock = Callable[..., MockClient]
PAGING = default_rules()["kontent.content.paging"].data_as(Paging)
PAGE = """query($l: Int, $o: Int, $order: Article_Order, $lang: String = "en") {
  article_All(limit: $l, offset: $o, order: $order, languageFilter: {languageCodename: $lang}) {
    totalCount limit offset
    items { _system_ { codename id name lastModified language { _system_ { codename } } } readingTime }
  }
}"""


def page(client: MockClient, **variables: Any) -> Any:
    answer = client.query(PAGE, variables)
    assert "errors" not in answer, answer
    return answer["data"]["article_All"]


def codenames(result: Any) -> list[str]:
    return [item["_system_"]["codename"] for item in result["items"]]


def test_sample_environment_is_large_enough_and_paged_by_the_rule(mock: Mock) -> None:
    client = mock("kontent")
    assert sum(COUNTS.values()) >= 150 and len(COUNTS) >= 8
    first = page(client)
    assert (first["limit"], first["offset"]) == (PAGING.default_limit, PAGING.default_offset)
    assert len(first["items"]) == PAGING.default_limit and codenames(first) == sorted(codenames(first))
    everything = page(client, l=PAGING.max_limit)
    assert len(everything["items"]) == everything["totalCount"] > PAGING.default_limit
    assert codenames(page(client, l=5, o=7)) == codenames(everything)[7:12]
    over = client.query(PAGE, {"l": PAGING.max_limit + 1})
    assert over["data"] is None and str(PAGING.max_limit) in over["errors"][0]["message"]


def test_order_by_element_and_system_fields_with_codename_ties(mock: Mock) -> None:
    client = mock("kontent")
    ordered = page(client, l=PAGING.max_limit, order={"readingTime": "desc"})["items"]
    keys = [(-item["readingTime"], item["_system_"]["codename"]) for item in ordered]
    assert keys == sorted(keys)
    by_name = page(client, l=PAGING.max_limit, order={"_system_": {"name": "asc"}})["items"]
    assert [i["_system_"]["name"] for i in by_name] == sorted(i["_system_"]["name"] for i in by_name)


def test_language_fallback_chain_and_untranslated_items(mock: Mock) -> None:
    client = mock("kontent")
    default = page(client, l=PAGING.max_limit)
    german = page(client, l=PAGING.max_limit, lang="de")
    assert german["totalCount"] == default["totalCount"]
    languages = {item["_system_"]["language"]["_system_"]["codename"] for item in german["items"]}
    assert languages == {"de", "es", "en"}  # de -> es -> en


def test_single_item_by_codename_or_id_and_nested_links(mock: Mock) -> None:
    client = mock("kontent")
    first = page(client, l=1)["items"][0]["_system_"]
    query = """query($c: String, $i: Guid) { article(codename: $c, id: $i) {
      _system_ { id } title author { totalCount items { ... on Author { fullName } } }
      body { html components { items { __typename } } }
      relatedArticles(limit: 1) { items { ... on Article { relatedArticles { items { _system_ { codename } } } } } }
    } }"""
    by_codename = client.query(query, {"c": first["codename"]})["data"]["article"]
    assert by_codename == client.query(query, {"i": first["id"]})["data"]["article"]
    assert by_codename["author"]["items"][0]["fullName"]
    assert by_codename["body"]["components"]["items"] == [{"__typename": "FactAboutUs"}]
    assert by_codename["relatedArticles"]["items"][0]["relatedArticles"]["items"]
    assert client.query(query, {})["data"]["article"] is None


def test_preview_serves_drafts_and_published_never_does(mock: Mock) -> None:
    client = mock("kontent")
    query = "{ article_All(limit: 1000) { totalCount items { title } } }"
    published = client.query(query)["data"]["article_All"]
    key = ("Authorization", f"Bearer {DEFAULT_PREVIEW_API_KEY}")
    reply = client.send(Request(path=f"/preview{client.endpoint}", **_json(query, key)))
    preview = reply.json()["data"]["article_All"]
    assert preview["totalCount"] > published["totalCount"]
    assert not any("(draft)" in item["title"] for item in published["items"])
    assert any("(draft)" in item["title"] for item in preview["items"])


def test_keys_guard_preview_and_secure_access(mock: Mock) -> None:
    client = mock("kontent", keys=AccessKeys.resolve(["p-key"], ["s-key"], environ={}))
    rule = default_rules()["kontent.access.api_key"].data_as(ApiKey)
    for path, key in ((f"/preview{client.endpoint}", "p-key"), (client.endpoint, "s-key")):
        for wrong in ((), (("Authorization", "Bearer nope"),), (("Authorization", f"Bearer {key}"),)):
            reply = client.send(Request(path=path, **_json("{ __typename }", *wrong)))
            expected = 200 if wrong and wrong[0][1].endswith(key) else rule.status
            assert reply.status == expected and (
                expected == 200 or reply.json()["errors"][0]["message"] == rule.message
            )
            assert key not in reply.text


def _json(query: str, *headers: tuple[str, str]) -> dict[str, Any]:
    built = Request.post_json({"query": query}, *headers)
    return {"headers": built.headers, "body": built.body}
