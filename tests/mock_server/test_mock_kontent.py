"""The small Kontent.ai content model: deterministic articles, paging and single items."""

from __future__ import annotations

from collections.abc import Callable

from mock_server.kontent.content import ARTICLE_COUNT, ARTICLES, DEFAULT_LIMIT
from tests.mock_server.support import MockClient

Mock = Callable[..., MockClient]
PAGE = """query($l: Int, $o: Int) {
  article_All(limit: $l, offset: $o) { totalCount limit offset items { _system_ { codename } } }
}"""


def test_articles_are_ordered_by_codename_and_paged(mock: Mock) -> None:
    client = mock("kontent")
    first = client.query(PAGE)["data"]["article_All"]
    assert (first["totalCount"], first["limit"], first["offset"]) == (ARTICLE_COUNT, DEFAULT_LIMIT, 0)
    codenames = [item["_system_"]["codename"] for item in first["items"]]
    assert codenames == sorted(codenames) and len(codenames) == DEFAULT_LIMIT
    rest = client.query(PAGE, {"l": 100, "o": DEFAULT_LIMIT})["data"]["article_All"]["items"]
    assert len(rest) == ARTICLE_COUNT - DEFAULT_LIMIT
    assert client.query(PAGE, {"l": 0})["data"]["article_All"]["items"] == []
    negative = client.query(PAGE, {"l": -1})
    assert negative["data"] is None and "negative" in negative["errors"][0]["message"]


def test_single_article_by_codename_or_id(mock: Mock) -> None:
    client = mock("kontent")
    target = ARTICLES[3]["_system_"]
    query = """query($c: String, $i: String) {
      article(codename: $c, id: $i, languageFilter: {languageCodename: "es"}) {
        title _system_ { id language { _system_ { codename } } }
      }
    }"""
    by_codename = client.query(query, {"c": target["codename"]})["data"]["article"]
    assert by_codename["_system_"]["id"] == target["id"]
    assert client.query(query, {"i": target["id"]})["data"]["article"]["title"] == by_codename["title"]
    assert client.query(query, {"c": target["codename"], "i": ARTICLES[4]["_system_"]["id"]})["data"]["article"] is None
    assert client.query(query, {})["data"]["article"] is None


def test_articles_have_at_least_five_scalar_fields(mock: Mock) -> None:
    item = mock("kontent").query(
        """{ article_All(limit: 1) { items {
          title summary slug readingTime postDate postDate_with_timezone { value display_timezone }
        } } }"""
    )["data"]["article_All"]["items"][0]
    assert all(item[name] is not None for name in ("title", "summary", "slug", "readingTime", "postDate"))
