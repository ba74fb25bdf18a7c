"""Every active rule has a fault, and every fault changes what a black-box client observes."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import pytest

from mock_server import ConfigurationError, create_app
from mock_server.faults import FAULTS, UnknownFaultError, apply_faults, untriggerable
from mock_server.kontent.sample import sample_model
from mock_server.wikijs.rate_limit import RULE as RATE_LIMIT
from mock_server.wikijs.rate_limit import field_limits
from mock_server.wikijs.schema import wikijs_schema
from specs import default_rules
from specs.model import BadRequest, ErrorCode, FieldRateLimit, PermissionModel, RequestLimit
from tests.mock_server.auth_probes import AUTH_PROBES
from tests.mock_server.cases import bad_requests
from tests.mock_server.content_probes import content_probes
from tests.mock_server.limit_probes import LIMIT_HEADERS, LIMIT_OPTIONS, LIMIT_PROBES
from tests.mock_server.page_probes import PAGE_PROBES
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
TWO_KEYS = "{ article_All(order: {title: asc, _system_: {lastModified: desc}}) { items { _system_ { codename } } } }"
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


LOGIN = (
    "mutation($u: String!, $p: String!, $s: String!) { authentication { login(username: $u, password: $p,"
    " strategy: $s) { responseResult { succeeded errorCode slug message } jwt } } }"
)
STATUS = "responseResult { succeeded errorCode slug message }"
CREATE_USER = (
    'mutation($e: String!) { users { create(email: $e, name: "Probe", passwordRaw: "probe-password",'
    f' providerKey: "local", groups: []) {{ {STATUS} }} }} }}'
)
MOVE = (
    'mutation($id: Int!, $to: String!) { pages { move(id: $id, destinationPath: $to, destinationLocale: "en")'
    f" {{ {STATUS} }} }} }}"
)
RESTORE = f"mutation($id: Int!, $v: Int!) {{ pages {{ restore(pageId: $id, versionId: $v) {{ {STATUS} }} }} }}"
CREATE_PAGE_ID = CREATE.replace("responseResult { succeeded errorCode slug message }", "page { id }")
MODEL = default_rules()["wikijs.permissions.model"].data_as(PermissionModel)


def _login(user: str, password: str, strategy: str = "local") -> Probe:
    return _fixed(Request.post_json({"query": LOGIN, "variables": {"u": user, "p": password, "s": strategy}}))


def _admin(document: str, variables: dict[str, Any] | None = None) -> Probe:
    return lambda client: Request.post_json({"query": document, "variables": variables}, *_auth(client))


def _page(client: MockClient, path: str) -> int:
    variables = {"p": path, "c": "text"}
    page_id: int = client.query(CREATE_PAGE_ID, variables)["data"]["pages"]["create"]["page"]["id"]
    return page_id


def _second_create_user(client: MockClient) -> Request:
    client.query(CREATE_USER, {"e": "twice@probe.invalid"})
    return _admin(CREATE_USER, {"e": "twice@probe.invalid"})(client)


def _wrong_current_password(client: MockClient) -> Request:
    client.query(CREATE_USER, {"e": "pw@probe.invalid"})
    login = client.query(LOGIN, {"u": "pw@probe.invalid", "p": "probe-password", "s": "local"}, as_guest=True)
    change = f'mutation {{ users {{ changePassword(current: "wrong-password", new: "new-password") {{ {STATUS} }} }} }}'
    return Request.post_json(
        {"query": change}, ("Authorization", f"Bearer {login['data']['authentication']['login']['jwt']}")
    )


def _move_collision(client: MockClient) -> Request:
    page_id, _ = _page(client, "moving"), _page(client, "taken")
    return _admin(MOVE, {"id": page_id, "to": "taken"})(client)


def _key_for(client: MockClient, permissions: list[str], rules: list[dict[str, Any]]) -> tuple[str, str]:
    group = client.query('mutation { groups { create(name: "probe") { group { id } } } }')["data"]["groups"]
    group_id = group["create"]["group"]["id"]
    update = (
        'mutation($id: Int!, $p: [String]!, $r: [PageRuleInput]!) { groups { update(id: $id, name: "probe",'
        ' redirectOnLogin: "/", permissions: $p, pageRules: $r) { responseResult { succeeded } } } }'
    )
    client.query(update, {"id": group_id, "p": permissions, "r": rules})
    create = (
        'mutation($g: Int) { authentication { createApiKey(name: "probe", expiration: "1d", fullAccess: false,'
        " group: $g) { key } } }"
    )
    return (
        "Authorization",
        f"Bearer {client.query(create, {'g': group_id})['data']['authentication']['createApiKey']['key']}",
    )


def _refused(operation: str) -> Probe:
    """An operation on a page outside the only path the key's page rules open."""
    documents = {
        "create": CREATE,
        "update": f'mutation($id: Int!) {{ pages {{ update(id: $id, content: "x", tags: []) {{ {STATUS} }} }} }}',
        "move": MOVE,
        "delete": f"mutation($id: Int!) {{ pages {{ delete(id: $id) {{ {STATUS} }} }} }}",
        "restore": RESTORE,
        "history": "query($id: Int!) { pages { history(id: $id) { total } } }",
        "single": "query($id: Int!) { pages { single(id: $id) { id } } }",
    }

    def probe(client: MockClient) -> Request:
        roles = list(MODEL.page_rule_roles)
        key = _key_for(
            client, roles, [{"id": "o", "deny": False, "match": "START", "roles": roles, "path": "open", "locales": []}]
        )
        page_id = _page(client, "locked")
        variables: dict[str, Any] = {"p": "locked-new", "c": "x"} if operation == "create" else {"id": page_id}
        if operation == "move":
            variables["to"] = "open/x"
        if operation == "restore":
            client.query(
                f'mutation($id: Int!) {{ pages {{ update(id: $id, content: "v2", tags: []) {{ {STATUS} }} }} }}',
                {"id": page_id},
            )
            trail = client.query(
                "query($id: Int!) { pages { history(id: $id) { trail { versionId } } } }", {"id": page_id}
            )
            variables["v"] = trail["data"]["pages"]["history"]["trail"][0]["versionId"]
        return Request.post_json({"query": documents[operation], "variables": variables}, key)

    return probe


def _precedence(client: MockClient) -> Request:
    """EXACT deny and START allow on the same path: only the match priority decides."""
    roles = ["write:pages"]
    rules = [
        {"id": m, "deny": m == "EXACT", "match": m, "roles": roles, "path": "tie/page", "locales": []}
        for m in ("EXACT", "START")
    ]
    key = _key_for(client, roles, rules)
    return Request.post_json({"query": CREATE, "variables": {"p": "tie/page", "c": "x"}}, key)


def _api_off(client: MockClient) -> Request:
    client.query("mutation { authentication { setApiState(enabled: false) { responseResult { succeeded } } } }")
    return Request.post_json(TYPENAME, *_auth(client))


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
    "kontent.schema.restricted_types": _fixed(
        Request.post_json({"query": '{ __type(name: "LandingPage") { fields { type { ofType { name } } } } }'})
    ),
    "kontent.schema.element_fields": _fixed(
        Request.post_json({"query": '{ __type(name: "Article") { fields { name type { kind } } } }'})
    ),
    "kontent.schema.single_valued": _fixed(
        Request.post_json({"query": '{ __type(name: "Event") { fields { name type { kind name } } } }'})
    ),
    "kontent.content.paging": _fixed(Request.post_json({"query": "{ article_All { limit } }"})),
    "kontent.content.order": _fixed(Request.post_json({"query": ORDERED})),
    "kontent.content.order_keys": _fixed(Request.post_json({"query": TWO_KEYS})),
    "kontent.content.single_item": _fixed(Request.post_json({"query": BY_ID})),
    "kontent.content.language_fallback": _fixed(Request.post_json({"query": GERMAN})),
    "kontent.access.api_key": lambda client: Request(path=f"/preview{client.endpoint}", **_json(TYPENAME)),
    "kontent.access.environment_scope": _fixed(Request.post_json(TYPENAME, ("Authorization", "Bearer b-key"))),
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
    "wikijs.errors.1002": _login("nobody@probe.invalid", "wrong-password"),
    "wikijs.errors.1003": _login("nobody@probe.invalid", "wrong-password", "nope"),
    "wikijs.errors.1004": _second_create_user,
    "wikijs.errors.1012": _admin(CREATE_USER, {"e": "not-an-email"}),
    "wikijs.errors.1016": _admin(f'mutation {{ users {{ update(id: 999999, name: "x") {{ {STATUS} }} }} }}'),
    "wikijs.errors.1018": _admin(f"mutation {{ users {{ delete(id: 1, replaceId: 1) {{ {STATUS} }} }} }}"),
    "wikijs.errors.1019": _fixed(
        Request.post_json(
            {
                "query": 'mutation { users { updateProfile(name: "x", location: "", jobTitle: "", timezone: "UTC",'
                f' dateFormat: "", appearance: "") {{ {STATUS} }} }} }}'
            }
        )
    ),
    "wikijs.errors.1020": _wrong_current_password,
    "wikijs.errors.6006": _move_collision,
    "wikijs.errors.6007": _refused("move"),
    "wikijs.errors.6008": _refused("create"),
    "wikijs.errors.6009": _refused("update"),
    "wikijs.errors.6010": _refused("delete"),
    "wikijs.errors.6011": _refused("restore"),
    "wikijs.errors.6012": _refused("history"),
    "wikijs.errors.6013": _refused("single"),
    "wikijs.auth.api_disabled": _api_off,
    "wikijs.permissions.model": _precedence,
    "wikijs.schema.served": _fixed(Request.post_json({"query": "{ __schema { types { name fields { name } } } }"})),
}
PROBES.update(LIMIT_PROBES)
PROBES.update(PAGE_PROBES)
PROBES.update(AUTH_PROBES)
for _rule in default_rules().of_kind("bad_request"):
    assert isinstance(_rule.data, BadRequest)
    PROBES[_rule.id] = _fixed(bad_requests(_rule.api)[_rule.data.case][0])

FILTER_PROBES = {
    "kontent.filter.where": "article_All(where: {AND: [{readingTime: {gt: 1}}]})",
    "kontent.filter.operator.eq": "product_All(where: {price: {eq: 5.75}})",
    "kontent.filter.operator.not_eq": "product_All(where: {price: {notEq: 5.75}})",
    "kontent.filter.operator.lt": "article_All(where: {readingTime: {lt: 5}})",
    "kontent.filter.operator.lte": "article_All(where: {readingTime: {lte: 5}})",
    "kontent.filter.operator.gt": "article_All(where: {readingTime: {gt: 5}})",
    "kontent.filter.operator.gte": "article_All(where: {readingTime: {gte: 5}})",
    "kontent.filter.operator.in": "product_All(where: {price: {in: [5.75]}})",
    "kontent.filter.operator.not_in": "product_All(where: {price: {notIn: [5.75]}})",
    "kontent.filter.operator.is_empty": "product_All(where: {price: {isEmpty: true}})",
    "kontent.filter.operator.contains_all": 'article_All(where: {topics: {containsAll: ["coffee", "brewing"]}})',
    "kontent.filter.operator.contains_any": 'article_All(where: {topics: {containsAny: ["coffee", "travel"]}})',
    "kontent.filter.field.system": 'article_All(languageFilter: {languageCodename: "es"}, '
    'where: {_system_: {language: {_system_: {codename: {eq: "es"}}}}})',
    "kontent.filter.field.text": 'article_All(where: {title: {eq: "BOLD ESPRESSO 4"}})',
    "kontent.filter.field.url_slug": 'article_All(where: {slug: {eq: "BOLD-ESPRESSO-4"}})',
    "kontent.filter.field.number": "article_All(where: {readingTime: {lt: 5}})",
    "kontent.filter.field.date_time": "article_All(where: {postDate_with_timezone: "
    '{value: {eq: "2024-01-08T11:30:00+02:00"}}})',
    "kontent.filter.field.linked_items": 'article_All(where: {author: {containsAny: ["AUTHOR_00"]}})',
    "kontent.filter.field.multiple_choice": 'article_All(where: {format: {containsAny: ["NEWS"]}})',
    "kontent.filter.field.taxonomy": 'article_All(where: {topics: {containsAny: ["COFFEE"]}})',
    "kontent.filter.field.snippet": 'article_All(where: {_seo: {metaTitle: {eq: "Bold Espresso 4"}, '
    'metaDescription: {eq: "About wild roastery 29"}}})',
}
"""A filtered count per filter rule that its fault changes (values of the embedded sample)."""
PROBES.update(
    {k: _fixed(Request.post_json({"query": f"{{ {q} {{ totalCount }} }}"})) for k, q in FILTER_PROBES.items()}
)
PROBES.update(content_probes(_key_for))


def observed(reply: Reply) -> tuple[Any, ...]:
    headers = sorted(
        (k.lower(), v)
        for k, v in reply.headers.items()
        if k.lower() in ("allow", "content-type", *LIMIT_HEADERS) or k.lower().startswith("access-control-")
    )
    return reply.status, headers, reply.body


def test_every_active_rule_has_a_fault_and_a_probe() -> None:
    active = {rule.id for rule in default_rules() if rule.pending is None and not untriggerable(rule)}
    assert set(FAULTS) == active
    assert set(PROBES) == active
    assert all(fault.description for fault in FAULTS.values())


def _emitted(rule_id: str, implementation: str) -> bool:
    """A code an implementation never emits (6008 on 2.5.314) cannot show a fault of its table entry."""
    data = default_rules().as_implemented_by(implementation)[rule_id].data
    return not isinstance(data, ErrorCode) or data.emitted


FAULT_RUNS = [(rule_id, "docs") for rule_id in sorted(FAULTS)] + [
    (rule_id, "2.5.314")
    for rule_id in sorted(FAULTS)
    if FAULTS[rule_id].api == "wikijs" and _emitted(rule_id, "2.5.314")
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
