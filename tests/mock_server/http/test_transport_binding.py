"""Each API's HTTP rules are bound by id where its mock is wired; a rule the binding leaves out
or an id it names in vain stops the mock from starting instead of falling through."""

from __future__ import annotations

import re
from dataclasses import replace

import pytest

from mock_server.http.transport import TransportBinding, TransportRuleError, load_transport
from mock_server.kontent.app import TRANSPORT as KONTENT
from mock_server.wikijs.app import TRANSPORT as WIKIJS
from specs import default_rules


@pytest.mark.parametrize("binding", [KONTENT, WIKIJS], ids=lambda b: b.api)
def test_each_api_binds_its_http_rules(binding: TransportBinding) -> None:
    transport = load_transport(default_rules(), binding)
    assert transport.api == binding.api
    assert len(transport.bad_requests) == len(binding.bad_requests)


def test_a_rule_left_out_of_the_binding_stops_the_start() -> None:
    left_out, *kept = WIKIJS.bad_requests
    with pytest.raises(TransportRuleError, match=re.escape(left_out)):
        load_transport(default_rules(), replace(WIKIJS, bad_requests=tuple(kept)))


def test_a_status_table_left_out_stops_the_start() -> None:
    assert KONTENT.status_codes is not None
    with pytest.raises(TransportRuleError, match=re.escape(KONTENT.status_codes)):
        load_transport(default_rules(), replace(KONTENT, status_codes=None))


@pytest.mark.parametrize("bound", ["wikijs.http.no_such_rule", "wikijs.pages.history_missing_page"])
def test_an_id_that_is_no_http_rule_of_the_api_stops_the_start(bound: str) -> None:
    with pytest.raises(TransportRuleError, match=re.escape(bound)):
        load_transport(default_rules(), replace(WIKIJS, limits=(*WIKIJS.limits, bound)))
