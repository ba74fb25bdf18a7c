"""Module lists of the admin area: analytics providers, search engines, renderers, loggers and
storage targets. Each lists the modules a real 2.5.314 bundles (:mod:`.catalogue`) with an on/off
switch and a config, kept in the settings table as each module's state; the update mutations
change the modules they name (unknown keys are ignored, as on the real server) and replace their
config with the one given, as the real server does.

The mock runs none of them: switching Akismet or a Git target on changes what the queries
answer, not what the mock does. A config value goes out as its field's facts plus ``value``,
as compact JSON, and comes in as ``{"v": ...}``, as the admin UI sends it.
"""

from __future__ import annotations

import json
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from typing import Any

from graphql import GraphQLSchema

from mock_server.http.resolvers import bind
from mock_server.wikijs.accounts import AccountStore
from mock_server.wikijs.catalogue import Module, catalogue, compact, description
from mock_server.wikijs.errors import ResponseStatuses
from mock_server.wikijs.resolvers import Info

MASK = "********"
"""What a storage target answers for a sensitive config value that is set (and what an update may
send back to keep it)."""
STATE = ("isEnabled", "config")
"""What an update changes in every list; :attr:`ModuleList.kept` adds a list's own."""


@dataclass(frozen=True)
class ModuleList:
    """One module list: where it lives in the schema and how the real server answers it."""

    namespace: str
    query_type: str
    query: str
    mutation_type: str
    mutation: str
    argument: str
    setting: str
    kept: tuple[str, ...] = ()
    """Input fields besides ``isEnabled`` and ``config`` that an update stores (``level``, ``mode``)."""
    exclusive: bool = False
    """Only one module may be on (search engines): switching one on switches the others off."""
    defined_only: bool = False
    """The config lists only the fields the module defines (renderers, search engines, targets); the
    analytics and logging lists show any stored key."""
    masked: bool = False
    """Sensitive values that are set answer as :data:`MASK` (storage targets)."""

    @property
    def modules(self) -> Sequence[Module]:
        return catalogue()[self.namespace]


LISTS = (
    ModuleList("analytics", "AnalyticsQuery", "providers", "AnalyticsMutation", "updateProviders", "providers",
               "modules.analytics"),
    ModuleList("search", "SearchQuery", "searchEngines", "SearchMutation", "updateSearchEngines", "engines",
               "modules.search", exclusive=True, defined_only=True),
    ModuleList("rendering", "RenderingQuery", "renderers", "RenderingMutation", "updateRenderers", "renderers",
               "modules.rendering", defined_only=True),
    ModuleList("logging", "LoggingQuery", "loggers", "LoggingMutation", "updateLoggers", "loggers",
               "modules.logging", kept=("level",)),
    ModuleList("storage", "StorageQuery", "targets", "StorageMutation", "updateTargets", "targets",
               "modules.storage", kept=("mode", "syncInterval"), defined_only=True, masked=True),
)  # fmt: skip
"""The module lists; their modules are the catalogue's section of the same name."""


def module_view(module: Mapping[str, Any], spec: ModuleList, fields: Mapping[str, Any]) -> dict[str, Any]:
    """A module as the list answers it: config pairs sorted by key, each the field's facts and its value;
    ``props`` (analytics providers) names the fields it defines, the docs' reading of that list."""
    pairs = []
    for key in sorted(module["config"]):
        facts, value = fields.get(key), module["config"][key]
        if facts is None and spec.defined_only:
            continue
        if spec.masked and facts is not None and facts["sensitive"] and value:
            value = MASK
        pairs.append({"key": key, "value": compact({**(facts or {}), "value": value})})
    described = description(module, f"{spec.namespace} module")
    return {**module, "description": described, "props": list(fields), "config": pairs}


def decoded(value: str) -> Any:
    try:
        parsed = json.loads(value)
    except ValueError:
        return value
    return parsed.get("v") if isinstance(parsed, dict) else value


class Modules:
    """One list's modules: the catalogue's facts under each module's stored state (only the state
    is stored, so a data directory keeps its switches when the catalogue changes)."""

    def __init__(self, accounts: AccountStore, spec: ModuleList) -> None:
        self._accounts, self.spec = accounts, spec
        self.fields = {module["key"]: module["config"] for module in spec.modules}

    def all(self) -> list[dict[str, Any]]:
        stored = {entry["key"]: entry for entry in self._accounts.setting(self.spec.setting) or ()}
        modules = []
        for module in self.spec.modules:
            fresh = {**module, "config": {key: facts["default"] for key, facts in module["config"].items()}}
            if module.get("actions"):
                fresh["actions"] = [{**action, "hint": ""} for action in module["actions"]]
            state = stored.get(module["key"], {})
            modules.append({**fresh, **{name: state[name] for name in (*STATE, *self.spec.kept) if name in state}})
        return modules

    def update(self, inputs: Sequence[Mapping[str, Any] | None]) -> None:
        modules = {module["key"]: module for module in self.all()}
        for change in inputs:
            if change is None or change["key"] not in modules:
                continue
            module = modules[change["key"]]
            if self.spec.exclusive and change["isEnabled"]:
                for other in modules.values():
                    other["isEnabled"] = False
            module["isEnabled"] = change["isEnabled"]
            pairs = [pair for pair in change.get("config") or () if pair is not None]
            module["config"] = {pair["key"]: self._kept(module, pair["key"], decoded(pair["value"])) for pair in pairs}
            module.update({name: change[name] for name in self.spec.kept if change.get(name) is not None})
        states = [{name: module[name] for name in ("key", *STATE, *self.spec.kept)} for module in modules.values()]
        self._accounts.set_setting(self.spec.setting, states)

    def _kept(self, module: Mapping[str, Any], key: str, value: Any) -> Any:
        """The mask sent back for a sensitive value keeps the stored value (empty when there is none)."""
        return module["config"].get(key, "") if self.spec.masked and value == MASK else value


def _listing(modules: Modules) -> Any:
    def resolve(_: object, __: Info, *, isEnabled: bool | None = None, **___: Any) -> list[dict[str, Any]]:
        listed = [m for m in modules.all() if isEnabled is None or m["isEnabled"] == isEnabled]
        return [module_view(m, modules.spec, modules.fields.get(m["key"], {})) for m in listed]

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
