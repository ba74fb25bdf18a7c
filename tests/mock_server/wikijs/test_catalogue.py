"""The module catalogue a real 2.5.314 lists (specs/wikijs/modules/2.5.314.yaml) as the mock serves it:
every list in the observed order with the observed facts, the mock's own descriptions instead of the
server's prose, sensitive storage values masked, and the extensions and strategies."""

from __future__ import annotations

import json
from collections.abc import Callable
from typing import Any

import pytest

from mock_server.wikijs.catalogue import catalogue
from tests.mock_server.support import MockClient

Mock = Callable[..., MockClient]
LISTS = {
    "analytics": ("analytics", "providers", "key title isEnabled isAvailable logo website"),
    "search": ("search", "searchEngines", "key title isEnabled isAvailable logo website"),
    "rendering": ("rendering", "renderers", "key title isEnabled icon dependsOn input output"),
    "logging": ("logging", "loggers", "key title isEnabled logo website level"),
    "storage": (
        "storage",
        "targets",
        "key title isEnabled isAvailable logo website supportedModes mode hasSchedule syncInterval syncIntervalDefault",
    ),
}
TARGETS = "{ storage { targets { key config { key value } } } }"
UPDATE_TARGETS = (
    "mutation($t: [StorageTargetInput]!) { storage { updateTargets(targets: $t) { responseResult { succeeded } } } }"
)


@pytest.mark.parametrize("emulate", ["docs", "2.5.314"])
@pytest.mark.parametrize("section", sorted(LISTS))
def test_each_list_answers_the_observed_catalogue(mock: Mock, section: str, emulate: str) -> None:
    namespace, query, fields = LISTS[section]
    client = mock("wikijs", emulate=emulate)
    listed = client.query(f"{{ {namespace} {{ {query} {{ {fields} description config {{ key value }} }} }} }}")
    answered = listed["data"][namespace][query]
    observed = catalogue()[section]
    assert [module["key"] for module in answered] == [module["key"] for module in observed]
    for module, facts in zip(answered, observed, strict=True):
        assert {name: module[name] for name in fields.split()} == {name: facts[name] for name in fields.split()}
        assert module["description"] == f"{facts['title']} ({namespace} module)"
        config = {pair["key"]: json.loads(pair["value"]) for pair in module["config"]}
        assert config == {key: {**field, "value": field["default"]} for key, field in sorted(facts["config"].items())}


def test_a_sensitive_storage_value_is_masked_and_the_mask_keeps_it(mock: Mock) -> None:
    client = mock("wikijs")

    def password() -> Any:
        targets = client.query(TARGETS)["data"]["storage"]["targets"]
        git = next(target for target in targets if target["key"] == "git")
        return {pair["key"]: json.loads(pair["value"])["value"] for pair in git["config"]}["basicPassword"]

    def send(value: str) -> None:
        pair = {"key": "basicPassword", "value": json.dumps({"v": value})}
        change = {"key": "git", "isEnabled": False, "mode": "sync", "config": [pair]}
        assert client.query(UPDATE_TARGETS, {"t": [change]})["data"]["storage"]["updateTargets"]["responseResult"][
            "succeeded"
        ]

    assert password() == ""
    send("s3cret")
    assert password() == "********"
    send("********")
    assert password() == "********"
    send("")
    assert password() == ""


def test_strategies_and_extensions_list_the_catalogue(mock: Mock) -> None:
    client = mock("wikijs", emulate="2.5.314")
    strategies = client.query("{ authentication { strategies { key title useForm color icon props { key value } } } }")
    listed = strategies["data"]["authentication"]["strategies"]
    assert [s["key"] for s in listed] == [s["key"] for s in catalogue()["authentication"]]
    auth0 = next(s for s in listed if s["key"] == "auth0")
    assert [pair["key"] for pair in auth0["props"]] == sorted(catalogue()["authentication"][0]["config"])
    assert json.loads(auth0["props"][0]["value"]) == catalogue()["authentication"][0]["config"]["clientId"]
    assert auth0["icon"] == "/_assets/svg/auth-icon-auth0.svg"
    assert {s["icon"] for s in listed if s["key"] == "firebase"} == {None}
    extensions = client.query("{ system { extensions { key title isInstalled isCompatible } } }")
    assert extensions["data"]["system"]["extensions"] == [
        {"key": e["key"], "title": e["title"], "isInstalled": False, "isCompatible": True}
        for e in catalogue()["extensions"]
    ]
