"""The modules a Wiki.js 2.5.314 bundles, as its API lists them (``specs/wikijs/modules/2.5.314.yaml``):
the one source of the mock's authentication strategies, module lists and system extensions.

The data file holds only observed facts. What it leaves out is answered here in the mock's own
words: a short neutral description instead of the module file's prose, an icon path instead of the
strategies' SVG bodies, no title or hint in a config field's facts.
"""

from __future__ import annotations

import json
from collections.abc import Mapping, Sequence
from functools import cache
from typing import Any

import yaml

from specs.loader import SAFE_LOADER, SPECS_DIR

CATALOGUE_FILE = SPECS_DIR / "wikijs" / "modules" / "2.5.314.yaml"
SVG = "/_assets/svg/"
"""Where the mock's answers point for an icon it does not serve as an inline SVG."""

Module = Mapping[str, Any]
"""One catalogue entry: the facts of a module, ``config`` maps a field to its facts."""


@cache
def catalogue() -> Mapping[str, Sequence[Module]]:
    """Every section of the data file (``analytics``, ``authentication``, ...) in the real server's order."""
    with CATALOGUE_FILE.open(encoding="utf-8") as handle:
        loaded: dict[str, Any] = yaml.load(handle, Loader=SAFE_LOADER)
    return {name: tuple(entries) for name, entries in loaded.items() if name != "source"}


def description(module: Module, kind: str) -> str:
    """The mock's own description: the module's title and what kind of module it is."""
    return f"{module['title']} ({kind})"


def field_pairs(fields: Mapping[str, Any]) -> list[dict[str, str]]:
    """A module's config fields as ``KeyValuePair`` objects whose value is the field's facts as
    compact JSON, as JavaScript's ``JSON.stringify`` writes it, sorted by key (the strategies' ``props``)."""
    return [{"key": key, "value": compact(fields[key])} for key in sorted(fields)]


def compact(value: Any) -> str:
    return json.dumps(value, separators=(",", ":"), ensure_ascii=False)


def strategy_modules() -> list[dict[str, Any]]:
    """``authentication.strategies``: every strategy module, whether the mock can run it or not."""
    return [
        {
            **{name: value for name, value in module.items() if name != "config"},
            "description": description(module, "authentication module"),
            "props": field_pairs(module["config"]),
            "icon": module["icon"] if "icon" in module else f"{SVG}auth-icon-{module['key']}.svg",
        }
        for module in catalogue()["authentication"]
    ]


def extensions() -> list[dict[str, Any]]:
    """``system.extensions``: the mock installs none of them and refuses none."""
    return [
        {**module, "description": description(module, "system extension"), "isInstalled": False, "isCompatible": True}
        for module in catalogue()["extensions"]
    ]
