"""Differences the differential campaign lists instead of counting: the answer depends on what the
real server bundles or on the machine it runs on, not on behaviour a mock can emulate.

Each entry names the operation (:attr:`reliability.sequence_steps.Step.op`) and why; a difference of
such an operation is reported under ``excused`` with that reason, one example each."""

from __future__ import annotations

from collections.abc import Mapping
from types import MappingProxyType

_MODULES = (
    "the real server lists every module it bundles (names, descriptions, logos and SVG icons read from"
    " its module files); the mock carries a few modules of its own and does not copy the server's files"
)
_OFFLINE = (
    "the real server fetches these from graph.requarks.io, which the machine running the campaign"
    " cannot reach (it answers null or an error); the mock answers as an installation that has them"
)

_V8 = (
    "a body that is not JSON is answered with the message of V8's JSON.parse, whose wording changes with"
    " the Node.js version running the server (Node 20 here), not with Wiki.js"
)

EXCUSED: Mapping[str, str] = MappingProxyType(
    {
        "authentication.strategies": _MODULES,
        "analytics.providers": _MODULES,
        "logging.loggers": _MODULES,
        "rendering.renderers": _MODULES,
        "search.searchEngines": _MODULES,
        "storage.targets": _MODULES,
        "system.extensions": _MODULES,
        "contribute.contributors": _OFFLINE,
        "refused.malformed_json": _V8,
        "localization.translations": _OFFLINE,
    }
)
