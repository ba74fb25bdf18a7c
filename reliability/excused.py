"""Differences the differential campaign lists instead of counting: the answer depends on the
machine the real server runs on, or is prose and images the mock does not copy, not on behaviour a
mock can emulate.

:data:`EXCUSED` names whole operations (:attr:`reliability.sequence_steps.Step.op`), and
:data:`EXCUSED_FIELDS` single fields of an operation's answer (every other field of it must be
equal); a difference that is excused only is reported under ``excused`` with its reason, one
example each."""

from __future__ import annotations

from collections.abc import Mapping
from types import MappingProxyType

_PROSE = (
    "a module's description is prose of the real server's module files, which the mock does not copy; it"
    " serves the observed catalogue (specs/wikijs/modules/2.5.314.yaml) with a short description of its own"
)
_ICON = (
    "an authentication strategy's icon is an SVG image of the real server's files, which the mock does"
    " not copy; it answers a path instead"
)
_HOST = (
    "whether an extension (git, pandoc, puppeteer, sharp) is installed and compatible is a fact of the"
    " machine the real server runs on"
)
_OFFLINE = (
    "the real server fetches these from graph.requarks.io: offline (the campaign machine, most CI machines)"
    " it answers what the 2.5.314 emulation answers (contributors: null; translations: 'Invalid locale or"
    " namespace', as a new wiki's English has no strings until they are downloaded); online it answers the"
    " live sponsor list and the UI strings of the Wiki.js translation service, which no mock can hold"
)

EXCUSED: Mapping[str, str] = MappingProxyType(
    {
        "contribute.contributors": _OFFLINE,
        "localization.translations": _OFFLINE,
    }
)

_DESCRIBED = MappingProxyType({"description": _PROSE})

EXCUSED_FIELDS: Mapping[str, Mapping[str, str]] = MappingProxyType(
    {
        "authentication.strategies": MappingProxyType({"description": _PROSE, "icon": _ICON}),
        "analytics.providers": _DESCRIBED,
        "logging.loggers": _DESCRIBED,
        "rendering.renderers": _DESCRIBED,
        "search.searchEngines": _DESCRIBED,
        "storage.targets": _DESCRIBED,
        "system.extensions": MappingProxyType({"description": _PROSE, "isInstalled": _HOST, "isCompatible": _HOST}),
    }
)
"""Operation -> field name -> why a difference in that field (at any depth of the answer) is excused."""
