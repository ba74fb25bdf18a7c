"""Items of an environment export (``contentItems.json`` + ``languageVariants.json``) in the form the
mock stores: the Delivery REST one (codenames for linked items, options and terms).

Management API variants reference everything by id: elements, linked items, options, terms,
assets, the workflow step. Rich text is HTML whose ``<object data-type="item" data-id>``,
``<a data-item-id>`` and ``<figure data-asset-id>`` name items and assets by id; they become the
Delivery form (``data-codename``, the ``modular_content`` / ``links`` / ``images`` lists). An
export holds one version per variant (data-ops: the newest): it is published when its step is
the workflow's published step, else a draft.
"""

from __future__ import annotations

import re
from collections.abc import Mapping, Sequence
from types import MappingProxyType
from typing import Any

from mock_server.kontent.model import Element, Item, Language, ModelError, Variant, stable_id

Entities = dict[str, list[Any]]
DEFAULT = "default"
PUBLISHED = "published"
ITEM_OBJECT = re.compile(r'data-type="item" data-id="([^"]+)"')
COMPONENT_OBJECT = re.compile(r'data-type="component" data-id="([^"]+)"')
ITEM_LINK = re.compile(r'data-item-id="([^"]+)"')
ASSET_FIGURE = re.compile(r'data-asset-id="([^"]+)"')


def _ids(entries: Sequence[Mapping[str, Any]]) -> dict[str, str]:
    return {e["id"]: e["codename"] for e in entries if "id" in e}


def _terms(terms: Sequence[Mapping[str, Any]]) -> dict[str, str]:
    found: dict[str, str] = {}
    for term in terms:
        found[term.get("id", term["codename"])] = term["codename"]
        found.update(_terms(term.get("terms", ())))
    return found


def _asset(raw: Mapping[str, Any]) -> dict[str, Any]:
    descriptions = [d.get("description") for d in raw.get("descriptions", ()) if d.get("description")]
    return {
        "name": raw.get("file_name") or raw.get("title"),
        "description": descriptions[0] if descriptions else None,
        "type": raw.get("type"),
        "size": raw.get("size"),
        "width": raw.get("image_width"),
        "height": raw.get("image_height"),
        "url": raw.get("url", ""),
    }


class _Values:
    """Converts one variant's element values, ids -> codenames."""

    def __init__(self, entities: Entities, elements: Mapping[str, Element], types: Mapping[str, str]) -> None:
        self.elements = elements
        self.types = types
        self.items = _ids(entities.get("items", ()))
        self.terms = {k: v for g in entities.get("taxonomies", ()) for k, v in _terms(g.get("terms", ())).items()}
        self.options = {
            o["id"]: o["codename"]
            for t in (*entities.get("types", ()), *entities.get("snippets", ()))
            for e in t["elements"]
            for o in e.get("options", ())
            if "id" in o
        }
        self.assets = {a["id"]: _asset(a) for a in entities.get("assets", ())}

    def _refs(self, value: Any, known: Mapping[str, str]) -> list[str]:
        return [
            known[r["id"]] if "id" in r else r["codename"] for r in value or () if "codename" in r or r["id"] in known
        ]

    def values(self, raw_elements: Sequence[Mapping[str, Any]]) -> dict[str, Any]:
        values: dict[str, Any] = {}
        for raw in raw_elements:
            element = self.elements.get(raw["element"]["id"])
            if element is not None:
                values[element.codename] = self.value(element, raw)
        return values

    def value(self, element: Element, raw: Mapping[str, Any]) -> Any:
        value = raw.get("value")
        kind = element.type
        if kind == "date_time":
            return {"value": value, "display_timezone": raw.get("display_timezone")}
        if kind == "modular_content":
            return self._refs(value, self.items)
        if kind == "taxonomy":
            return self._refs(value, self.terms)
        if kind == "multiple_choice":
            return self._refs(value, self.options)
        if kind == "asset":
            return [self.assets.get(r.get("id", ""), {"url": ""}) for r in value or ()]
        if kind == "rich_text":
            return self.rich_text(value or "", raw.get("components", ()))
        return value

    def rich_text(self, html: str, components: Sequence[Mapping[str, Any]]) -> dict[str, Any]:
        linked = [self.items[i] for i in ITEM_OBJECT.findall(html) if i in self.items]
        links = [self.items[i] for i in ITEM_LINK.findall(html) if i in self.items]
        images = {i: {**self.assets.get(i, {"url": ""})} for i in ASSET_FIGURE.findall(html)}
        html = ITEM_OBJECT.sub(lambda m: f'data-type="item" data-codename="{self.items.get(m[1], m[1])}"', html)
        html = COMPONENT_OBJECT.sub(lambda m: f'data-type="component" data-codename="{m[1]}"', html)
        parts = [
            {"id": c["id"], "type": self.types[c["type"]["id"]], "elements": self.values(c.get("elements", ()))}
            for c in components
            if c["type"]["id"] in self.types
        ]
        return {"value": html, "modular_content": linked, "links": links, "images": images, "components": parts}


def _workflows(raw: Sequence[Mapping[str, Any]]) -> tuple[dict[str, tuple[str, ...]], dict[str, str], set[str]]:
    """Workflow codename -> steps (published last), step id -> codename, published step ids."""
    workflows: dict[str, tuple[str, ...]] = {}
    steps: dict[str, str] = {}
    published: set[str] = set()
    for workflow in raw:
        own = [s["codename"] for s in workflow.get("steps", ())]
        steps.update(_ids(workflow.get("steps", ())))
        final = workflow.get("published_step") or {"codename": PUBLISHED}
        if "id" in final:
            steps[final["id"]] = final["codename"]
            published.add(final["id"])
        workflows[workflow["codename"]] = (*own, final["codename"])
    return workflows or {DEFAULT: (PUBLISHED,)}, steps, published


def items_of(
    entities: Entities, elements: Mapping[str, Element], types: Mapping[str, str], languages: tuple[Language, ...]
) -> tuple[tuple[Item, ...], tuple[str, ...], dict[str, tuple[str, ...]]]:
    """``elements``: element id -> element; ``types``: content type id -> codename."""
    workflows, steps, published_steps = _workflows(entities.get("workflows", ()))
    workflow_of = {step: name for name, codenames in workflows.items() for step in codenames}
    collections = _ids(entities.get("collections", ()))
    language_ids = _ids(entities.get("languages", ()))
    known_languages = {lang.codename for lang in languages}
    converter = _Values(entities, elements, types)
    variants: dict[str, list[Mapping[str, Any]]] = {}
    for variant in entities.get("variants", ()):
        variants.setdefault(variant["item"]["id"], []).append(variant)
    items = []
    for raw in entities.get("items", ()):
        published: dict[str, Variant] = {}
        latest: dict[str, Variant] = {}
        workflow = DEFAULT if DEFAULT in workflows else next(iter(workflows))
        for variant in variants.get(raw["id"], ()):
            language = language_ids.get(variant["language"]["id"], variant["language"].get("codename"))
            if language not in known_languages:
                raise ModelError(f"item {raw['codename']!r} has a variant in an unknown language {language!r}")
            state = variant.get("workflow", {}).get("step_identifier") or variant.get("workflow_step") or {}
            step = steps.get(state.get("id", ""), PUBLISHED)
            workflow = workflow_of.get(step, workflow)
            version = Variant(
                raw.get("name", raw["codename"]),
                variant.get("last_modified", raw.get("last_modified", "")),
                step,
                MappingProxyType(converter.values(variant.get("elements", ()))),
            )
            latest[language] = version
            if state.get("id") in published_steps or (not published_steps and step == PUBLISHED):
                published[language] = version
        items.append(
            Item(
                raw["id"] or stable_id("item", raw["codename"]),
                raw["codename"],
                types[raw["type"]["id"]],
                collections.get((raw.get("collection") or {}).get("id", ""), DEFAULT),
                workflow,
                MappingProxyType(published),
                MappingProxyType(latest),
            )
        )
    return (
        tuple(sorted(items, key=lambda item: item.codename)),
        tuple(sorted({*collections.values(), DEFAULT})),
        workflows,
    )
