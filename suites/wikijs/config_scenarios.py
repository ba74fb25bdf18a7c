"""The configuration error codes' scenarios: mail (3002, 3004), localization (5002) and system
(7002); ``test_config_codes`` checks the answers."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import pytest
from hypothesis import strategies as st

from harness.client import Exchange
from harness.targets import Target
from specs.model import ErrorCode, Trigger
from suites.oracles import explain
from suites.wikijs import pages, sandbox

MAIL_FIELDS = (
    "senderName senderEmail host port name secure verifySSL user pass useDKIM dkimDomainName dkimKeySelector"
    " dkimPrivateKey"
)
MAIL_CONFIG = f"{{ mail {{ config {{ {MAIL_FIELDS} }} }} }}"
MAIL_TYPES = {
    "senderName": "String!", "senderEmail": "String!", "host": "String!", "port": "Int!", "name": "String!",
    "secure": "Boolean!", "verifySSL": "Boolean!", "user": "String!", "pass": "String!", "useDKIM": "Boolean!",
    "dkimDomainName": "String!", "dkimKeySelector": "String!", "dkimPrivateKey": "String!",
}  # fmt: skip
UPDATE_MAIL = (
    f"mutation({', '.join(f'${k}: {v}' for k, v in MAIL_TYPES.items())}) {{ mail {{ updateConfig("
    f"{', '.join(f'{k}: ${k}' for k in MAIL_TYPES)}) {{ {pages.RESPONSE_STATUS} }} }} }}"
)
SEND_TEST = f"mutation($to: String!) {{ mail {{ sendTest(recipientEmail: $to) {{ {pages.RESPONSE_STATUS} }} }} }}"
TRANSLATIONS = "query($locale: String!, $ns: String!) { localization { translations(locale: $locale, namespace: $ns)"
TRANSLATIONS += " { key value } } }"
RENEW = f"mutation {{ system {{ renewHTTPSCertificate {{ {pages.RESPONSE_STATUS} }} }} }}"
locales = st.from_regex(r"[a-z]{2}-x-[a-z0-9]{4,8}", fullmatch=True)
"""BCP 47 private-use codes: no wiki ships such a locale."""
INVALID_RECIPIENT = "wikijs.errors.3004"
namespaces = st.sampled_from(["common", "admin", "auth"]) | st.from_regex(r"[a-z]{1,10}", fullmatch=True)


def _set_mail(target: Target, config: dict[str, Any]) -> None:
    status = pages.result_of(target.client.graphql(UPDATE_MAIL, config), "mail.updateConfig")["responseResult"]
    assert status["succeeded"], f"mail.updateConfig on the embedded mock: {status}"


def _mail_unconfigured(target: Target, trigger: Trigger, data: st.DataObject) -> Exchange:
    if not target.embedded:
        pytest.skip("needs the mail transport unconfigured, a global setting a run never changes on a live wiki")
    config = target.client.graphql_data(MAIL_CONFIG)["mail"]["config"]
    recipient = sandbox.user_email(target, data.draw(st.sampled_from(["mail", "test"]), label="recipient"))
    if not config["host"]:
        return target.client.graphql(SEND_TEST, {"to": recipient})
    _set_mail(target, {**config, "host": ""})
    try:
        return target.client.graphql(SEND_TEST, {"to": recipient})
    finally:
        _set_mail(target, config)


def _invalid_recipient(target: Target, trigger: Trigger, data: st.DataObject) -> Exchange:
    """A recipient shorter than the minimum, returned for the code check. On the embedded mock
    (whose mail transport is unconfigured, so nothing is sent) one exactly at the minimum must
    first pass the recipient check: a live wiki would try to mail it."""
    minimum = trigger.limits["min_length"]
    if target.embedded:
        at_minimum = target.client.graphql(SEND_TEST, {"to": "r" * minimum})
        status, rule = pages.result_of(at_minimum, trigger.operation)["responseResult"], target.rules[INVALID_RECIPIENT]
        assert status["errorCode"] != rule.data_as(ErrorCode).code, explain(
            rule, at_minimum, f"a recipient of {minimum} characters (the minimum) was refused as too short"
        )
    short_text = st.text(st.characters(codec="utf-8", max_codepoint=0xFFFF), max_size=minimum - 1)
    recipient = data.draw(st.sampled_from(trigger.values["recipients"]) | short_text, label="recipient")
    return target.client.graphql(SEND_TEST, {"to": recipient})


def _unknown_locale(target: Target, trigger: Trigger, data: st.DataObject) -> Exchange:
    locale, namespace = data.draw(locales, label="locale"), data.draw(namespaces, label="namespace")
    return target.client.graphql(TRANSLATIONS, {"locale": locale, "ns": namespace})


def _ssl_disabled(target: Target, trigger: Trigger, data: st.DataObject) -> Exchange:
    if not target.embedded:
        pytest.skip("SSL is set in a live wiki's config.yml; with SSL on, the call would really renew")
    return target.client.graphql(RENEW)


SCENARIOS: dict[str, Callable[[Target, Trigger, st.DataObject], Exchange]] = {
    "mail_unconfigured": _mail_unconfigured,
    "invalid_recipient": _invalid_recipient,
    "unknown_locale": _unknown_locale,
    "ssl_disabled": _ssl_disabled,
}
