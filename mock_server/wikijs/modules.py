"""Module lists of the admin area: analytics providers, search engines, renderers, loggers and
storage targets. Each is a set of modules with an on/off switch and a config, seeded with
the modules of a new 2.5 wiki and kept in the settings table; the update mutations change
the modules they name (unknown keys are ignored, as on the real server).

The mock runs none of them: switching Akismet or a Git target on changes what the queries
answer, not what the mock does. Config values go out as ``{"value": ...}`` JSON and come in
as ``{"v": ...}``, as the admin UI sends them.
"""

from __future__ import annotations

import json
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from typing import Any

from graphql import GraphQLSchema

from mock_server.http.resolvers import bind
from mock_server.wikijs.accounts import AccountStore
from mock_server.wikijs.errors import ResponseStatuses
from mock_server.wikijs.resolvers import Info

SVG = "/_assets/svg/"


@dataclass(frozen=True)
class ModuleList:
    """One module list: where it lives in the schema and what a new wiki has."""

    namespace: str
    query_type: str
    query: str
    mutation_type: str
    mutation: str
    argument: str
    setting: str
    seeds: Sequence[Mapping[str, Any]]
    kept: tuple[str, ...] = ()
    """Input fields besides ``isEnabled`` and ``config`` that an update stores (``level``, ``mode``)."""
    exclusive: bool = False
    """Only one module may be on (search engines): switching one on switches the others off."""


def _module(key: str, title: str, enabled: bool, config: Mapping[str, Any], **extra: Any) -> dict[str, Any]:
    return {"key": key, "title": title, "isEnabled": enabled, "isAvailable": True, "description": f"{title} module",
            "logo": f"{SVG}{key}.svg", "website": "https://wiki.js.org", "config": dict(config), **extra}  # fmt: skip


LISTS = (
    ModuleList("analytics", "AnalyticsQuery", "providers", "AnalyticsMutation", "updateProviders", "providers",
               "modules.analytics", (
                   _module("google", "Google Analytics", False, {"propertyTrackingId": ""},
                           props=["propertyTrackingId"]),
                   _module("matomo", "Matomo", False, {"siteId": 1, "serverHost": ""}, props=["siteId", "serverHost"]),
               )),
    ModuleList("search", "SearchQuery", "searchEngines", "SearchMutation", "updateSearchEngines", "engines",
               "modules.search", (
                   _module("db", "Database - Basic", True, {}),
                   _module("postgres", "Database - PostgreSQL", False, {"dictLanguage": "english"}),
                   _module("elasticsearch", "Elasticsearch", False, {"hosts": "", "indexName": "wiki"}),
               ), exclusive=True),
    ModuleList("rendering", "RenderingQuery", "renderers", "RenderingMutation", "updateRenderers", "renderers",
               "modules.rendering", (
                   _module("markdownCore", "Core", True, {"allowHTML": True, "linkify": True},
                           icon="mdi-language-markdown", dependsOn="", input="markdown", output="html"),
                   _module("htmlCore", "HTML Core", True, {}, icon="mdi-language-html5", dependsOn="", input="html",
                           output="html"),
               )),
    ModuleList("logging", "LoggingQuery", "loggers", "LoggingMutation", "updateLoggers", "loggers",
               "modules.logging", (
                   _module("console", "Console", True, {}, level="info"),
                   _module("sentry", "Sentry", False, {"key": ""}, level="warn"),
               ), kept=("level",)),
    ModuleList("storage", "StorageQuery", "targets", "StorageMutation", "updateTargets", "targets",
               "modules.storage", (
                   _module("disk", "Local File System", False, {"path": "", "createDailyBackups": False},
                           supportedModes=["push"], mode="push", hasSchedule=True, syncInterval="P0D",
                           syncIntervalDefault="P0D", actions=[{"handler": "dump", "label": "Dump all content to disk",
                                                               "hint": "Writes every page to the target folder."}]),
                   _module("git", "Git", False, {"repoUrl": "", "branch": "main"},
                           supportedModes=["sync", "push", "pull"], mode="sync", hasSchedule=True,
                           syncInterval="PT5M", syncIntervalDefault="PT5M",
                           actions=[{"handler": "syncUntracked", "label": "Add Untracked Changes",
                                     "hint": "Output all content from the DB to the local Git repository."}]),
               ), kept=("mode", "syncInterval")),
)  # fmt: skip
"""The module lists and the modules of a new wiki (a selection of the 2.5 modules)."""


def module_view(module: Mapping[str, Any]) -> dict[str, Any]:
    config = module["config"]
    pairs = [{"key": key, "value": json.dumps({"value": config[key]})} for key in sorted(config)]
    return {**module, "config": pairs}


def decoded(value: str) -> Any:
    try:
        parsed = json.loads(value)
    except ValueError:
        return value
    return parsed.get("v") if isinstance(parsed, dict) else value


class Modules:
    def __init__(self, accounts: AccountStore, spec: ModuleList) -> None:
        self._accounts, self._spec = accounts, spec

    def all(self) -> list[dict[str, Any]]:
        stored = self._accounts.setting(self._spec.setting)
        return [dict(module) for module in self._spec.seeds] if stored is None else list(stored)

    def update(self, inputs: Sequence[Mapping[str, Any] | None]) -> None:
        modules = {module["key"]: module for module in self.all()}
        for change in inputs:
            if change is None or change["key"] not in modules:
                continue
            module = modules[change["key"]]
            if self._spec.exclusive and change["isEnabled"]:
                for other in modules.values():
                    other["isEnabled"] = False
            module["isEnabled"] = change["isEnabled"]
            pairs = [pair for pair in change.get("config") or () if pair is not None]
            module["config"] = {**module["config"], **{pair["key"]: decoded(pair["value"]) for pair in pairs}}
            module.update({name: change[name] for name in self._spec.kept if change.get(name) is not None})
        self._accounts.set_setting(self._spec.setting, list(modules.values()))


def _listing(modules: Modules) -> Any:
    def resolve(_: object, __: Info, *, isEnabled: bool | None = None, **___: Any) -> list[dict[str, Any]]:
        return [module_view(m) for m in modules.all() if isEnabled is None or m["isEnabled"] == isEnabled]

    return resolve


def _update(modules: Modules, spec: ModuleList, statuses: ResponseStatuses) -> Any:
    def resolve(_: object, __: Info, **args: Any) -> dict[str, Any]:
        modules.update(args.get(spec.argument) or [])
        return {"responseResult": statuses.success(f"{spec.namespace}.{spec.mutation}")}

    return resolve


def bind_modules(schema: GraphQLSchema, accounts: AccountStore, statuses: ResponseStatuses) -> dict[str, Modules]:
    """Bind every module list; the lists by namespace, for the fields that read them (storage status)."""
    found: dict[str, Modules] = {}
    for spec in LISTS:
        modules = found[spec.namespace] = Modules(accounts, spec)
        bind(schema, spec.query_type, spec.query, _listing(modules))
        bind(schema, spec.mutation_type, spec.mutation, _update(modules, spec, statuses))
    return found
