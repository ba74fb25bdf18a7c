"""Content models from Delivery REST API responses (``/types``, ``/items``, ``/items/<codename>``).

A user exports their own environment with plain REST calls and loads the JSON files as they
are. The REST answers know no fallbacks, collections list or workflows, so these are taken
from what the items say: every language falls back to the default (``default`` when present,
else the first language met), which is how an environment without fallbacks behaves.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from pathlib import Path
from types import MappingProxyType
from typing import Any

from mock_server.kontent.model import ContentType, Element, Item, Language, Model, ModelError, Variant, stable_id

SNIPPET_SEPARATOR = "__"
"""REST names a snippet's elements ``<snippet>__<element>`` on the types that use it."""
DEFAULT = "default"
PUBLISHED = "published"
NAMED_LISTS = ("taxonomy", "multiple_choice")


def _element(codename: str, raw: Mapping[str, Any]) -> Element:
    options = tuple(o["codename"] for o in raw.get("options", ()))
    return Element(codename, raw["type"], raw.get("name", codename), raw.get("taxonomy_group"), options)


def _content_type(raw: Mapping[str, Any], snippets: dict[str, list[Element]]) -> ContentType:
    system = raw["system"]
    own: list[Element] = []
    used: list[str] = []
    for codename, element in raw["elements"].items():
        snippet, separator, rest = codename.partition(SNIPPET_SEPARATOR)
        if separator and snippet and rest and not rest.startswith("_"):  # `date___time` is no snippet
            if snippet not in used:
                used.append(snippet)
            known = snippets.setdefault(snippet, [])
            if all(e.codename != codename for e in known):
                known.append(_element(codename, element))
        else:
            own.append(_element(codename, element))
    return ContentType(
        system.get("id") or stable_id("type", system["codename"]),
        system["codename"],
        system.get("name", system["codename"]),
        tuple(own),
        tuple(used),
    )


class _Collector:
    """Accumulates items, names and types over every file of one export."""

    def __init__(self) -> None:
        self.types: dict[str, ContentType] = {}
        self.snippets: dict[str, list[Element]] = {}
        self.items: dict[str, dict[str, Any]] = {}
        self.names: dict[str, str] = {}
        self.taxonomies: dict[str, dict[str, str]] = {}
        self.languages: list[str] = []

    def add_document(self, document: Mapping[str, Any]) -> None:
        for raw in document.get("types", ()):
            self.types[raw["system"]["codename"]] = _content_type(raw, self.snippets)
        items = [document["item"]] if "item" in document else list(document.get("items", ()))
        items += list(document.get("modular_content", {}).values())
        for raw in items:
            self.add_item(raw)

    def add_item(self, raw: Mapping[str, Any]) -> None:
        system = raw["system"]
        language = system.get("language", DEFAULT)
        if language not in self.languages:
            self.languages.append(language)
        values = {codename: self._value(element) for codename, element in raw["elements"].items()}
        variant = Variant(
            system.get("name", system["codename"]),
            system["last_modified"],
            system.get("workflow_step", PUBLISHED),
            MappingProxyType(values),
        )
        entry = self.items.setdefault(system["codename"], {"system": system, "variants": {}})
        entry["variants"][language] = variant
        if system["type"] not in self.types:  # an item export without /types: infer the type
            inferred = {"system": {"codename": system["type"]}, "elements": raw["elements"]}
            self.types[system["type"]] = _content_type(inferred, self.snippets)

    def _value(self, element: Mapping[str, Any]) -> Any:
        value = element.get("value")
        kind = element["type"]
        if kind in NAMED_LISTS:
            group = self.taxonomies.setdefault(element.get("taxonomy_group", ""), {})
            for entry in value or ():
                self.names[entry["codename"]] = entry["name"]
                if kind == "taxonomy":
                    group[entry["codename"]] = entry["name"]
            return [entry["codename"] for entry in value or ()]
        if kind == "date_time":
            return {"value": value, "display_timezone": element.get("display_timezone")}
        if kind == "rich_text":
            return {
                "value": value or "",
                "modular_content": list(element.get("modular_content", ())),
                "images": dict(element.get("images", {})),
                "components": [],
            }
        return value

    def model(self) -> Model:
        languages = sorted(self.languages, key=lambda lang: lang != DEFAULT) or [DEFAULT]
        default = languages[0]
        items = []
        for codename, entry in sorted(self.items.items()):
            system = entry["system"]
            variants: dict[str, Variant] = entry["variants"]
            published = {lang: v for lang, v in variants.items() if v.workflow_step == PUBLISHED}
            items.append(
                Item(
                    system["id"],
                    codename,
                    system["type"],
                    system.get("collection", DEFAULT),
                    system.get("workflow", DEFAULT),
                    MappingProxyType(published),
                    MappingProxyType(dict(variants)),
                )
            )
        steps = sorted({v.workflow_step for e in self.items.values() for v in e["variants"].values()} - {PUBLISHED})
        return Model(
            types=MappingProxyType(dict(self.types)),
            snippets=MappingProxyType(
                {k: ContentType(stable_id("snippet", k), k, k, tuple(v)) for k, v in self.snippets.items()}
            ),
            taxonomies=MappingProxyType({k: MappingProxyType(v) for k, v in self.taxonomies.items() if k}),
            languages=tuple(Language(lang, lang, None if lang == default else default) for lang in languages),
            collections=tuple(sorted({i.collection for i in items} | {DEFAULT})),
            workflows=MappingProxyType({DEFAULT: (*steps, PUBLISHED)}),
            items=tuple(items),
            names=MappingProxyType(dict(self.names)),
        )


def from_rest(documents: Sequence[tuple[Path, Any]]) -> Model:
    collector = _Collector()
    for path, document in documents:
        try:
            collector.add_document(document)
        except (KeyError, TypeError, AttributeError) as error:
            raise ModelError(
                f"{path}: not a Delivery REST /types or /items response ({error!r} missing or wrong)"
            ) from None
    return collector.model()
