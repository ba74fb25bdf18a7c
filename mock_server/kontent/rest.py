"""Content models from Delivery REST API responses (``/types``, ``/items``, ``/items/<codename>``).

A user exports their own environment with plain REST calls and loads the JSON files as they
are. Collections and workflows are taken from what the items say. Languages come from a
``/languages`` answer when one is loaded: the Delivery API's (``system`` objects: ids, names,
codenames, no fallbacks) or the Management API's, whose ``fallback_language`` reference gives
the fallback chains. A language without a known fallback falls back to the default language:
the one marked ``is_default`` or with the all-zero id, else ``default`` when present, else
the first met; that is how an environment without fallbacks behaves.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from pathlib import Path
from types import MappingProxyType
from typing import Any

from mock_server.kontent.model import ContentType, Element, Item, Language, Model, ModelError, Variant, stable_id

SNIPPET_SEPARATOR = "__"
"""REST names a snippet's elements ``<snippet>__<element>`` on the types that use it."""
DEFAULT = "default"
PUBLISHED = "published"
NAMED_LISTS = ("taxonomy", "multiple_choice")
DEFAULT_LANGUAGE_ID = "00000000-0000-0000-0000-000000000000"
"""The id of the default language, always (Management API docs, language object)."""


@dataclass(frozen=True)
class _Declared:
    """A language of a ``/languages`` answer."""

    id: str | None
    codename: str
    name: str
    is_default: bool
    fallback: Mapping[str, str] | None
    """The ``fallback_language`` reference: ``{"id": ...}`` or ``{"codename": ...}``."""

    @classmethod
    def of(cls, raw: Mapping[str, Any]) -> _Declared | None:
        """None for an inactive language (Delivery lists only active ones)."""
        if raw.get("is_active") is False:
            return None
        system = raw.get("system", raw)
        is_default = bool(raw.get("is_default")) or system.get("id") == DEFAULT_LANGUAGE_ID
        fallback = raw.get("fallback_language")
        return cls(system.get("id"), system["codename"], system.get("name", system["codename"]), is_default, fallback)


def _languages(declared: Sequence[_Declared], used: Sequence[str]) -> tuple[Language, ...]:
    """The model's languages, default first, with fallbacks resolved to codenames."""
    if not declared:
        codenames = sorted(used, key=lambda lang: lang != DEFAULT) or [DEFAULT]
        return tuple(Language(c, c, None if c == codenames[0] else codenames[0]) for c in codenames)
    unknown = sorted(set(used) - {d.codename for d in declared})
    if unknown:
        raise ModelError(f"items have variants in languages the /languages answer does not list: {unknown}")
    default = next((d for d in declared if d.is_default), None) or next(
        (d for d in declared if d.codename == DEFAULT), declared[0]
    )
    by_reference = {**{d.id: d.codename for d in declared if d.id}, **{d.codename: d.codename for d in declared}}
    languages = [default, *(d for d in declared if d is not default)]

    def fallback(language: _Declared) -> str | None:
        if language is default:
            return None
        reference = language.fallback or {}
        target = by_reference.get(str(reference.get("id") or reference.get("codename")))
        return target if target not in (None, language.codename) else default.codename

    return tuple(Language(d.codename, d.name, fallback(d)) for d in languages)


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
        self.declared: list[_Declared] = []

    def add_document(self, document: Mapping[str, Any]) -> None:
        for raw in document.get("languages", ()):
            language = _Declared.of(raw)
            if language is not None and all(d.codename != language.codename for d in self.declared):
                self.declared.append(language)
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
                "links": [link["codename"] for link in element.get("links", {}).values()],
                "components": [],
            }
        return value

    def model(self) -> Model:
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
            languages=_languages(self.declared, self.languages),
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
                f"{path}: not a Delivery REST /types, /items or /languages response ({error!r} missing or wrong)"
            ) from None
    return collector.model()
