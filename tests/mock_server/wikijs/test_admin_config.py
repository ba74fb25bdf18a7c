"""Wiki.js admin namespaces: seeded configuration read back, mutations persisting it, module
lists switching modules, and the codes these namespaces give (5002, 7002)."""

from __future__ import annotations

import json
from collections.abc import Callable
from typing import Any

import pytest

from tests.mock_server.support import MockClient

Mock = Callable[..., MockClient]
STATUS = "responseResult { succeeded errorCode message }"


def status(answer: Any, namespace: str, operation: str) -> dict[str, Any]:
    result: dict[str, Any] = answer["data"][namespace][operation]["responseResult"]
    return result


def test_site_theming_and_navigation_persist(mock: Mock) -> None:
    client = mock("wikijs")
    assert client.query("{ site { config { title uploadMaxFileSize } } }")["data"]["site"]["config"] == {
        "title": "Wiki.js", "uploadMaxFileSize": 5242880}  # fmt: skip
    saved = client.query(f'mutation {{ site {{ updateConfig(title: "Docs", robots: ["noindex"]) {{ {STATUS} }} }} }}')
    assert status(saved, "site", "updateConfig")["succeeded"]
    site = client.query("{ site { config { title robots host } } }")["data"]["site"]["config"]
    assert site == {"title": "Docs", "robots": ["noindex"], "host": "http://localhost"}
    theme = f'mutation {{ theming {{ setConfig(theme: "default", iconset: "fa", darkMode: true) {{ {STATUS} }} }} }}'
    assert status(client.query(theme), "theming", "setConfig")["succeeded"]
    assert client.query("{ theming { config { iconset darkMode tocPosition } themes { key } } }")["data"] == {
        "theming": {
            "config": {"iconset": "fa", "darkMode": True, "tocPosition": "left"},
            "themes": [{"key": "default"}],
        }
    }
    tree = [{"locale": "en", "items": [{"id": "a", "kind": "link", "label": "Home", "target": "/home"}]}]
    update_tree = f"mutation($t: [NavigationTreeInput]!) {{ navigation {{ updateTree(tree: $t) {{ {STATUS} }} }} }}"
    assert status(client.query(update_tree, {"t": tree}), "navigation", "updateTree")["succeeded"]
    client.query(f"mutation {{ navigation {{ updateConfig(mode: STATIC) {{ {STATUS} }} }} }}")
    read = client.query("{ navigation { tree { locale items { id label target } } config { mode } } }")
    assert read["data"]["navigation"] == {
        "tree": [{"locale": "en", "items": [{"id": "a", "label": "Home", "target": "/home"}]}],
        "config": {"mode": "STATIC"},
    }


def test_localization_knows_its_locales(mock: Mock) -> None:
    client = mock("wikijs")
    locales = client.query("{ localization { locales { code isInstalled } config { locale } } }", as_guest=True)
    assert {"code": "en", "isInstalled": True} in locales["data"]["localization"]["locales"]
    assert locales["data"]["localization"]["config"] == {"locale": "en"}
    update = """mutation($l: String!) { localization { updateLocale(locale: $l, autoUpdate: false, namespacing: true,
      namespaces: ["en"]) { responseResult { errorCode } } } }"""
    assert status(client.query(update, {"l": "xx"}), "localization", "updateLocale")["errorCode"] == 5002
    assert status(client.query(update, {"l": "en"}), "localization", "updateLocale")["errorCode"] == 0
    config = client.query("{ localization { config { namespacing namespaces } } }")["data"]["localization"]["config"]
    assert config == {"namespacing": True, "namespaces": ["en"]}
    missing = client.query('{ localization { translations(locale: "xx", namespace: "common") { key } } }')
    assert missing["errors"][0]["extensions"]["exception"]["code"] == 5002
    assert client.query('{ localization { translations(locale: "en", namespace: "common") { key } } }')["data"] == {
        "localization": {"translations": []}
    }


def test_2_5_314_has_no_strings_for_an_installed_locale_either(mock: Mock) -> None:
    """As a real 2.5.314 whose strings were never downloaded (offline, or not yet)."""
    answer = mock("wikijs", emulate="2.5.314").query(
        '{ localization { translations(locale: "en", namespace: "common") { key } } }'
    )
    assert answer["data"] == {"localization": {"translations": None}}
    assert [error["message"] for error in answer["errors"]] == ["Invalid locale or namespace"]


@pytest.mark.parametrize(
    ("namespace", "query", "mutation", "argument", "key"),
    [
        ("analytics", "providers", "updateProviders", "providers: [AnalyticsProviderInput]!", "google"),
        ("search", "searchEngines", "updateSearchEngines", "engines: [SearchEngineInput]", "postgres"),
        ("rendering", "renderers", "updateRenderers", "renderers: [RendererInput]", "htmlCore"),
        ("logging", "loggers", "updateLoggers", "loggers: [LoggerInput]", "sentry"),
        ("storage", "targets", "updateTargets", "targets: [StorageTargetInput]!", "git"),
    ],
)
def test_module_lists_switch_and_configure(
    mock: Mock, namespace: str, query: str, mutation: str, argument: str, key: str
) -> None:
    client = mock("wikijs")
    read = f"{{ {namespace} {{ {query} {{ key isEnabled config {{ key value }} }} }} }}"
    before = {m["key"]: m for m in client.query(read)["data"][namespace][query]}
    name, kind = argument.split(": ")
    config_key = before[key]["config"][0]["key"]
    change = {"key": key, "isEnabled": not before[key]["isEnabled"],
              "config": [{"key": config_key, "value": json.dumps({"v": "changed"})}]}  # fmt: skip
    change |= {"level": "error"} if namespace == "logging" else {"mode": "push"} if namespace == "storage" else {}
    document = f"mutation($m: {kind}) {{ {namespace} {{ {mutation}({name}: $m) {{ {STATUS} }} }} }}"
    assert status(client.query(document, {"m": [change, {**change, "key": "no-such-module"}]}), namespace, mutation)[
        "succeeded"
    ]
    after = {m["key"]: m for m in client.query(read)["data"][namespace][query]}
    assert after[key]["isEnabled"] is not before[key]["isEnabled"]
    facts = {pair["key"]: json.loads(pair["value"]) for pair in after[key]["config"]}
    assert list(facts) == [config_key]  # an update replaces the config, as on the real server
    assert facts[config_key] == {**json.loads(before[key]["config"][0]["value"]), "value": "changed"}
    assert set(after) == set(before)
    if namespace == "search":
        assert [m["key"] for m in after.values() if m["isEnabled"]] == [key]


def test_system_flags_telemetry_and_ssl(mock: Mock) -> None:
    client = mock("wikijs")
    flags = (
        'mutation { system { updateFlags(flags: [{key: "sqllog", value: true}]) { responseResult { succeeded } } } }'
    )
    assert status(client.query(flags), "system", "updateFlags")["succeeded"]
    assert {"key": "sqllog", "value": True} in client.query("{ system { flags { key value } } }")["data"]["system"][
        "flags"
    ]
    client.query(f"mutation {{ system {{ setTelemetry(enabled: true) {{ {STATUS} }} }} }}")
    client.query(f"mutation {{ system {{ resetTelemetryClientId {{ {STATUS} }} }} }}")
    info = client.query("{ system { info { telemetry telemetryClientId pagesTotal usersTotal dbType } } }")
    assert info["data"]["system"]["info"]["telemetry"] is True
    assert info["data"]["system"]["info"]["telemetryClientId"]
    assert info["data"]["system"]["info"]["dbType"] == "SQLite"
    renewed = client.query(f"mutation {{ system {{ renewHTTPSCertificate {{ {STATUS} }} }} }}")
    assert status(renewed, "system", "renewHTTPSCertificate")["errorCode"] == 7002
    upgrade = client.query(f"mutation {{ system {{ performUpgrade {{ {STATUS} }} }} }}")
    assert status(upgrade, "system", "performUpgrade")["errorCode"] == 1
    guest = client.query("{ system { info { pagesTotal } } }", as_guest=True)
    assert guest["errors"][0]["message"] == "Forbidden"


def test_storage_status_and_actions(mock: Mock) -> None:
    client = mock("wikijs")
    action = f'mutation {{ storage {{ executeAction(targetKey: "disk", handler: "dump") {{ {STATUS} }} }} }}'
    assert status(client.query(action), "storage", "executeAction")["errorCode"] == 1  # target off
    enable = 'mutation { storage { updateTargets(targets: [{key: "disk", isEnabled: true, mode: "push"}]) { %s } } }'
    client.query(enable % STATUS)
    assert status(client.query(action), "storage", "executeAction")["succeeded"]
    assert client.query("{ storage { status { key status } } }")["data"]["storage"]["status"] == [
        {"key": "disk", "status": "pending"}
    ]
