"""Every active rule has a fault, and every fault changes what a black-box client observes."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import pytest

from mock_server import ConfigurationError, create_app
from mock_server.faults import FAULTS, UnknownFaultError, apply_faults, untriggerable
from mock_server.kontent.sample import sample_model
from specs import default_rules
from specs.model import BadRequest, ErrorCode, RequestLimit
from tests.mock_server.cases import bad_requests
from tests.mock_server.faults.auth_probes import AUTH_PROBES
from tests.mock_server.faults.content_probes import content_probes
from tests.mock_server.faults.limit_probes import LIMIT_HEADERS, LIMIT_OPTIONS, LIMIT_PROBES
from tests.mock_server.faults.page_probes import PAGE_PROBES
from tests.mock_server.faults.wikijs_probes import WIKIJS_PROBES, key_for
from tests.mock_server.support import MockClient, Reply, Request

Mock = Callable[..., MockClient]
Probe = Callable[[MockClient], Request]
TYPENAME = {"query": "{ __typename }"}

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
    "wikijs.http.post_json": _fixed(Request.post_json(TYPENAME)),
    "wikijs.http.get_query": _fixed(Request.get("query=%7B__typename%7D")),
    "wikijs.http.ide": _fixed(Request.get("", accept="text/html")),
    "wikijs.http.get_mutation": _fixed(Request.get("query=mutation%7B__typename%7D")),
    "wikijs.http.methods": _fixed(Request(method="PUT")),
    "wikijs.http.cors": OPTIONS,
    "wikijs.http.query_errors": SYNTAX_ERROR,
    "wikijs.http.max_body": _over_body("wikijs.http.max_body"),
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
PROBES.update(WIKIJS_PROBES)
PROBES.update(content_probes(key_for))


def observed(reply: Reply) -> tuple[Any, ...]:
    headers = sorted(
        (k.lower(), v)
        for k, v in reply.headers.items()
        if k.lower() in ("allow", "content-type", *LIMIT_HEADERS) or k.lower().startswith("access-control-")
    )
    return reply.status, headers, reply.body


def test_every_active_rule_has_a_fault_and_every_fault_a_probe() -> None:
    active = {rule.id for rule in default_rules() if rule.pending is None and not untriggerable(rule)}
    assert {fault.rule_id for fault in FAULTS.values()} == active
    assert set(PROBES) == set(FAULTS)
    assert all(fault.description for fault in FAULTS.values())


def _emitted(rule_id: str, implementation: str) -> bool:
    """A code an implementation never emits (6008 on 2.5.314) cannot show a fault of its table entry."""
    data = default_rules().as_implemented_by(implementation)[rule_id].data
    return not isinstance(data, ErrorCode) or data.emitted


FAULT_RUNS = [(fault_id, "docs") for fault_id in sorted(FAULTS)] + [
    (fault_id, "2.5.314")
    for fault_id, fault in sorted(FAULTS.items())
    if fault.api == "wikijs" and _emitted(fault.rule_id, "2.5.314")
]


@pytest.mark.parametrize(("fault_id", "implementation"), FAULT_RUNS)
def test_fault_changes_what_a_client_sees(mock: Mock, fault_id: str, implementation: str) -> None:
    api = FAULTS[fault_id].api
    options = LIMIT_OPTIONS.get(FAULTS[fault_id].rule_id, {})
    healthy = mock(api, emulate=implementation, **options)
    broken = mock(api, emulate=implementation, faults=[fault_id], **options)
    assert observed(healthy.send(PROBES[fault_id](healthy))) != observed(broken.send(PROBES[fault_id](broken)))


def test_faults_change_only_their_rule() -> None:
    rules = default_rules()
    for fault in FAULTS.values():
        rule_id = fault.rule_id
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
