"""Preview serves the latest versions (drafts too) behind a key; published content never drafts."""

from __future__ import annotations

import pytest

from harness.client import Exchange
from harness.kontent_discovery import ContentTypeInfo, every_item
from harness.targets import Target
from specs.model import ApiKey
from suites.kontent.preview import preview_client
from suites.kontent.rule_ids import API_KEY
from suites.oracles import assert_error_body, explain

VERSIONS_RULE = "kontent.content.preview"
PROBE = "{ __typename }"


def _require_key(target: Target) -> str:
    if target.preview_key is None:
        pytest.skip("set KONTENT_PREVIEW_API_KEY to check preview against a live target")
    return target.preview_key


@pytest.mark.rule(API_KEY)
@pytest.mark.parametrize("key", [None, "wrong-key"], ids=["missing", "wrong"])
def test_preview_without_a_valid_key_fails(kontent: Target, key: str | None) -> None:
    rule = kontent.rules[API_KEY]
    data = rule.data_as(ApiKey)
    exchange: Exchange = preview_client(kontent, key).graphql(PROBE)
    assert exchange.response.status == data.status, explain(rule, exchange, f"expected {data.status}")
    assert_error_body(rule, exchange)
    valid = preview_client(kontent, _require_key(kontent)).graphql(PROBE)
    assert valid.response.status == 200, explain(rule, valid, "the valid preview key must be accepted")


@pytest.mark.rule(VERSIONS_RULE)
def test_preview_sees_everything_published_and_more(
    kontent: Target, populated: list[tuple[int, ContentTypeInfo]]
) -> None:
    rule = kontent.rules[VERSIONS_RULE]
    client = preview_client(kontent, _require_key(kontent))
    preview = Target(kontent.api, client.base_url, kontent.rules, client, kontent.embedded, allow_writes=False)
    drafts = 0
    for _, info in populated:
        published = {i["_system_"]["id"]: i for i in every_item(kontent, info)}
        latest = {i["_system_"]["id"]: i for i in every_item(preview, info)}
        missing = sorted(set(published) - set(latest))
        assert not missing, explain(rule, kontent.client.journal[-1], f"preview lacks published items {missing[:3]}")
        newer = [k for k in latest if k not in published or latest[k]["_system_"] != published[k]["_system_"]]
        drafts += len(newer)
        older = [
            k for k in published if latest[k]["_system_"]["lastModified"] < published[k]["_system_"]["lastModified"]
        ]
        assert not older, explain(rule, kontent.client.journal[-1], f"published is newer than preview: {older[:3]}")
    if kontent.embedded:
        assert drafts, explain(rule, kontent.client.journal[-1], "preview shows no draft of the sample's drafts")
