"""Every active rule has a fault, and every fault changes what a black-box client observes."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import pytest

from mock_server import ConfigurationError, create_app
from mock_server.faults import FAULTS, UnknownFaultError, apply_faults
from mock_server.kontent.sample import sample_model
from mock_server.wikijs.rate_limit import RULE as RATE_LIMIT
from mock_server.wikijs.rate_limit import field_limits
from mock_server.wikijs.schema import wikijs_schema
from specs import default_rules
from specs.model import BadRequest, FieldRateLimit, RequestLimit
from tests.mock_server.cases import bad_requests
from tests.mock_server.limit_probes import LIMIT_HEADERS, LIMIT_OPTIONS, LIMIT_PROBES
from tests.mock_server.support import MockClient, Reply, Request

Mock = Callable[..., MockClient]
Probe = Callable[[MockClient], Request]
LOGIN_ATTEMPT = (
    'mutation { authentication { login(username: "x@y.z", password: "x", strategy: "local")'
    " { responseResult { errorCode } } } }"
)
TYPENAME = {"query": "{ __typename }"}
CREATE_KEY = 'mutation { authentication { createApiKey(name: "probe", expiration: "1d", fullAccess: true) { key } } }'
CREATE = (
    'mutation($p: String!, $c: String!) { pages { create(content: $c, description: "", editor: "markdown",'
    ' isPublished: true, isPrivate: false, locale: "en", path: $p, tags: [], title: "t")'
    " { responseResult { succeeded errorCode slug message } } } }"
)

ORDERED = "{ article_All(order: {_system_: {codename: asc}}) { items { _system_ { codename } } } }"
ARTICLE_ID = next(item.id for item in sample_model().items if item.type == "article")
BY_ID = f'{{ article(id: "{ARTICLE_ID}") {{ _system_ {{ codename }} }} }}'
GERMAN = '{ article_All(languageFilter: {languageCodename: "de"}) { totalCount } }'


def _json(payload: Any) -> dict[str, Any]:
    built = Request.post_json(payload)
    return {"headers": built.headers, "body": built.body}


def _limit(rule_id: str) -> RequestLimit:
    data = default_rules().data(rule_id)
    assert isinstance(data, RequestLimit)
    return data


def _over_body(rule_id: str) -> Probe:
    body = b'{"query": "{ __typename }"}'
    return lambda _: Request.post_raw(body + b" " * (_limit(rule_id).max + 1 - len(body)))


def _over_url(rule_id: str) -> Probe:
    def probe(client: MockClient) -> Request:
        base = str(client.url(None, "query=%7B__typename%7D&pad="))
        padded = base + "a" * (_limit(rule_id).max + 1 - len(base))
        return Request.get(padded.split("?", 1)[1])

    return probe


def _auth(client: MockClient) -> tuple[tuple[str, str], ...]:
    return (("Authorization", f"Bearer {client.token}"),) if client.token else ()


def _create(path: str, content: str = "text", *, as_guest: bool = False) -> Probe:
    def probe(client: MockClient) -> Request:
        headers = () if as_guest else _auth(client)
        return Request.post_json({"query": CREATE, "variables": {"p": path, "c": content}}, *headers)

    return probe


def _revoked_key(client: MockClient) -> Request:
    """A key made and revoked through the API, then used."""
    created = client.query(CREATE_KEY)["data"]["authentication"]["createApiKey"]["key"]
    key_id = max(
        key["id"] for key in client.query("{ authentication { apiKeys { id } } }")["data"]["authentication"]["apiKeys"]
    )
    client.query(
        "mutation($id: Int!) { authentication { revokeApiKey(id: $id) { responseResult { succeeded } } } }",
        {"id": key_id},
    )
    return Request.post_json(TYPENAME, ("Authorization", f"Bearer {created}"))


def _over_rate_limit(client: MockClient) -> Request:
    """Spends the login budget of the field, then probes with one more login."""
    directive = default_rules()[RATE_LIMIT].data_as(FieldRateLimit).directive
    calls = field_limits(wikijs_schema(), directive)[("AuthenticationMutation", "login")].calls
    login = Request.post_json({"query": LOGIN_ATTEMPT})
    for _ in range(calls):
        client.send(login)
    return login


def _missing(document: str) -> Probe:
    return lambda client: Request.post_json({"query": document}, *_auth(client))


def _fixed(request: Request) -> Probe:
    return lambda _: request


SYNTAX_ERROR = _fixed(Request.post_json({"query": "{ __typename"}))
OPTIONS = _fixed(Request(method="OPTIONS", headers=(("Origin", "http://localhost:5173"),)))

PROBES: dict[str, Probe] = {
    "kontent.http.status_codes": _fixed(bad_requests("kontent")["malformed_json"][0]),
    "kontent.http.methods": _fixed(Request(method="PUT")),
    "kontent.http.get_query": _fixed(Request.get("query=%7B__typename%7D")),
    "kontent.http.post_json": _fixed(Request.post_json(TYPENAME)),
    "kontent.http.post_graphql": _fixed(Request.post_raw(b"{ __typename }", "application/graphql")),
    "kontent.http.max_body": _over_body("kontent.http.max_body"),
    "kontent.http.max_url": _over_url("kontent.http.max_url"),
    "kontent.http.query_errors": SYNTAX_ERROR,
    "kontent.schema.naming": _fixed(Request.post_json({"query": '{ __type(name: "_RootQuery") { fields { name } } }'})),
    "kontent.content.paging": _fixed(Request.post_json({"query": "{ article_All { limit } }"})),
    "kontent.content.order": _fixed(Request.post_json({"query": ORDERED})),
    "kontent.content.single_item": _fixed(Request.post_json({"query": BY_ID})),
    "kontent.content.language_fallback": _fixed(Request.post_json({"query": GERMAN})),
    "kontent.access.api_key": lambda client: Request(path=f"/preview{client.endpoint}", **_json(TYPENAME)),
    "kontent.content.preview": _fixed(Request.post_json({"query": "{ article_All { totalCount } }"})),
    "kontent.http.unknown_environment": _fixed(Request(method="GET", path="/00000000-0000-0000-0000-000000000000")),
    "kontent.http.cors": OPTIONS,
    "wikijs.errors.6002": _create("home"),
    "wikijs.errors.6003": lambda client: Request.post_json(
        {"query": "mutation { pages { delete(id: 999999) { responseResult { slug message } } } }"}, *_auth(client)
    ),
    "wikijs.auth.revoked_key": _revoked_key,
    "wikijs.auth.denied": _create("guest/page", as_guest=True),
    "wikijs.errors.6004": _create("empty", " "),
    "wikijs.errors.6005": _create("a b"),
    "wikijs.response_status.shape": _create("fresh/page"),
    "wikijs.http.post_json": _fixed(Request.post_json(TYPENAME)),
    "wikijs.http.get_query": _fixed(Request.get("query=%7B__typename%7D")),
    "wikijs.http.ide": _fixed(Request.get("", accept="text/html")),
    "wikijs.http.get_mutation": _fixed(Request.get("query=mutation%7B__typename%7D")),
    "wikijs.http.methods": _fixed(Request(method="PUT")),
    "wikijs.http.cors": OPTIONS,
    "wikijs.http.query_errors": SYNTAX_ERROR,
    "wikijs.http.max_body": _over_body("wikijs.http.max_body"),
    RATE_LIMIT: _over_rate_limit,
    "wikijs.pages.update_missing_page": _missing(
        'mutation { pages { update(id: 999999, content: "x", tags: []) { responseResult { message } } } }'
    ),
    "wikijs.pages.history_missing_page": _missing("{ pages { history(id: 999999) { total } } }"),
    "wikijs.users.single_missing_user": _missing("{ users { single(id: 999999) { id } } }"),
}
PROBES.update(LIMIT_PROBES)
for _rule in default_rules().of_kind("bad_request"):
    assert isinstance(_rule.data, BadRequest)
    PROBES[_rule.id] = _fixed(bad_requests(_rule.api)[_rule.data.case][0])


def observed(reply: Reply) -> tuple[Any, ...]:
    headers = sorted(
        (k.lower(), v)
        for k, v in reply.headers.items()
        if k.lower() in ("allow", "content-type", *LIMIT_HEADERS) or k.lower().startswith("access-control-")
    )
    return reply.status, headers, reply.body


def test_every_active_rule_has_a_fault_and_a_probe() -> None:
    active = {rule.id for rule in default_rules() if rule.pending is None}
    assert set(FAULTS) == active
    assert set(PROBES) == active
    assert all(fault.description for fault in FAULTS.values())


FAULT_RUNS = [(rule_id, "docs") for rule_id in sorted(FAULTS)] + [
    (rule_id, "2.5.314") for rule_id in sorted(FAULTS) if FAULTS[rule_id].api == "wikijs"
]


@pytest.mark.parametrize(("rule_id", "implementation"), FAULT_RUNS)
def test_fault_changes_what_a_client_sees(mock: Mock, rule_id: str, implementation: str) -> None:
    api = FAULTS[rule_id].api
    options = LIMIT_OPTIONS.get(rule_id, {})
    healthy = mock(api, emulate=implementation, **options)
    broken = mock(api, emulate=implementation, faults=[rule_id], **options)
    assert observed(healthy.send(PROBES[rule_id](healthy))) != observed(broken.send(PROBES[rule_id](broken)))


def test_faults_change_only_their_rule() -> None:
    rules = default_rules()
    for rule_id, fault in FAULTS.items():
        broken = fault.apply(rules)
        changed = {r.id for r in rules if broken[r.id] != r}
        assert rule_id in changed or rule_id == "kontent.http.status_codes", rule_id
        if rule_id == "kontent.http.status_codes":
            assert changed and all(broken[r].kind == "bad_request" for r in changed)
        else:
            assert changed == {rule_id}


def test_unknown_and_foreign_faults_are_refused() -> None:
    with pytest.raises(UnknownFaultError, match="known faults"):
        apply_faults(default_rules(), ["kontent.http.nope"])
    with pytest.raises(ConfigurationError):
        create_app("wikijs", faults=["kontent.http.cors"])
    with pytest.raises(ConfigurationError):
        create_app("kontent", emulate="2.5.314")
    with pytest.raises(ConfigurationError):
        create_app("nope")
