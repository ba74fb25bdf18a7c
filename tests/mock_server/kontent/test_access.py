"""Delivery API keys per environment: parsing of the option forms, scopes, the legacy single key."""

from __future__ import annotations

from typing import Any

from mock_server.kontent import Environment, build_kontent_app
from mock_server.kontent.access import DEFAULT_PREVIEW_API_KEY, AccessKeys, KeyTable
from mock_server.kontent.sample import sample_model
from mock_server.kontent.store import ModelStore
from specs import default_rules
from tests.mock_server.support import MockClient, Request

FIRST = "975bf280-fd91-488c-994c-2f04416e5ee3"
SECOND = "11111111-2222-3333-4444-555555555555"


def test_plain_and_scoped_keys() -> None:
    table = KeyTable.parse([f"{FIRST}=a-key", "plain", f"{SECOND.upper()}=b-key", "not-a-uuid=c"])
    assert table.accepted(FIRST) == {"a-key"}
    assert table.accepted(SECOND) == {"b-key"}
    assert table.accepted("22222222-2222-3333-4444-555555555555") == {"plain", "not-a-uuid=c"}
    assert table.accepted(FIRST, per_environment=False) == {"a-key", "b-key", "plain", "not-a-uuid=c"}
    assert "a-key" not in repr(table)


def test_options_win_over_the_environment_and_preview_has_a_default() -> None:
    environ = {"KONTENT_SECURE_API_KEY": f"{FIRST}=env-a, {SECOND}=env-b", "KONTENT_PREVIEW_API_KEY": f"{FIRST}=p"}
    keys = AccessKeys.resolve(environ=environ)
    assert keys.secure.accepted(SECOND) == {"env-b"}
    assert keys.preview.accepted(FIRST) == {"p"} and keys.preview.accepted(SECOND) == {DEFAULT_PREVIEW_API_KEY}
    assert AccessKeys.resolve(secure=["opt"], environ=environ).secure.accepted(SECOND) == {"opt"}
    legacy = AccessKeys.resolve(secure=["s"], environ={}, secure_environments=[SECOND])
    assert legacy.secure.accepted(FIRST) == frozenset() and legacy.secure.accepted(SECOND) == {"s"}
    assert keys.environments == {FIRST, SECOND}


def _status(client: MockClient, path: str, key: str | None) -> int:
    headers: tuple[tuple[str, str], ...] = (("Authorization", f"Bearer {key}"),) if key else ()
    built = Request.post_json({"query": "{ __typename }"}, *headers)
    reply: Any = client.send(Request(path=path, headers=built.headers, body=built.body))
    return int(reply.status)


def test_a_key_of_one_environment_is_refused_by_another() -> None:
    keys = AccessKeys.resolve(preview=[f"{FIRST}=pa", f"{SECOND}=pb"], secure=[f"{FIRST}=sa", f"{SECOND}=sb"])
    sample = sample_model()
    environments = [Environment(FIRST, ModelStore(sample)), Environment(SECOND, ModelStore(sample))]
    client = MockClient(build_kontent_app(default_rules(), environments, keys))
    try:
        for prefix, (a, b) in (("", ("sa", "sb")), ("/preview", ("pa", "pb"))):
            assert [_status(client, f"{prefix}/{FIRST}", k) for k in (a, b, None)] == [200, 401, 401]
            assert [_status(client, f"{prefix}/{SECOND}", k) for k in (b, a)] == [200, 401]
    finally:
        client.close()
