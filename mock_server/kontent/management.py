"""Content models from Management API answers and from Kontent.ai's own environment exports.

Three sources give the same entities in the Management API's format:

* plain Management API calls (``GET https://manage.kontent.ai/v2/projects/<env>/types``,
  ``/snippets``, ``/taxonomies``, ``/languages``): objects wrapping a list (``{"types": [...]}``);
* the zip of ``npx @kontent-ai/data-ops environment backup`` (older: ``export``; before that
  ``kontent-backup`` / ``@kontent-ai/backup-manager``): one JSON list per entity, named
  ``contentTypes.json``, ``contentTypeSnippets.json``, ``taxonomies.json``, ``languages.json``,
  ``contentItems.json``, ``languageVariants.json``, ``assets.json``, ``collections.json``,
  ``workflows.json`` (backup-manager names the snippets ``contentTypesSnippets.json``);
* a ``npx @kontent-ai/data-ops sync-model export`` folder: the model files only.

Unlike a Delivery REST ``/types`` answer, these state what makes the generated schema differ:
the content types an element allows (``allowed_content_types``) and its item or asset count
limit (``item_count_limit`` / ``asset_count_limit``: ``value`` and ``condition``). References
are by id, so every entity is collected before any is resolved.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from pathlib import Path
from types import MappingProxyType
from typing import Any

from mock_server.kontent.management_items import Entities, items_of
from mock_server.kontent.model import ContentType, CountLimit, Element, Language, Model, ModelError, stable_id

ENTITY_FILES = {
    "contentTypes": "types",
    "contentTypeSnippets": "snippets",
    "contentTypesSnippets": "snippets",
    "taxonomies": "taxonomies",
    "taxonomyGroups": "taxonomies",
    "languages": "languages",
    "contentItems": "items",
    "languageVariants": "variants",
    "assets": "assets",
    "collections": "collections",
    "workflows": "workflows",
}
"""Export file stem -> entity (the Management API answers wrap the same lists in these keys).
``contentTypesSnippets`` is backup-manager's name, ``taxonomyGroups`` that of data-ops ``sync-model``
folders (whose references are codenames, which resolve as ids do)."""
ANSWER_KEYS = ("types", "snippets", "taxonomies", "languages")
ELEMENT_TYPES = {"subpages": "modular_content"}
"""Management element types the Delivery GraphQL API shows as another one (subpages are linked items)."""
NO_FIELD = ("guidelines", "snippet")
"""Element types that are no field of their own (a snippet element brings the snippet's)."""
LIMITS = ("item_count_limit", "asset_count_limit")
SNIPPET_SEPARATOR = "__"


def management_entities(path: Path, document: Any) -> dict[str, list[Any]] | None:
    """The entities of a Management API answer or export file, None when it is neither."""
    entity = ENTITY_FILES.get(path.stem)
    if entity is not None and isinstance(document, list):
        return {entity: document}
    if not isinstance(document, dict) or "items" in document or "item" in document:
        return None
    found = {key: document[key] for key in ANSWER_KEYS if isinstance(document.get(key), list)}
    entries = [e for value in found.values() for e in value]
    if not found or not all(isinstance(e, dict) and "codename" in e and "system" not in e for e in entries):
        return None
    return found


def _id_map(entries: Sequence[Mapping[str, Any]]) -> dict[str, str]:
    return {e["id"]: e["codename"] for e in entries if "id" in e}


class _Resolver:
    """Turns Management API element definitions into the mock's elements, ids into codenames."""

    def __init__(self, entities: Entities) -> None:
        self.types = _id_map(entities.get("types", ()))
        self.snippets = _id_map(entities.get("snippets", ()))
        self.taxonomies = _id_map(entities.get("taxonomies", ()))
        self.elements: dict[str, Element] = {}
        """Element id -> element: variants name their values' elements by id."""

    def codename(self, reference: Mapping[str, Any], known: Mapping[str, str], what: str) -> str:
        if "codename" in reference:
            return str(reference["codename"])
        found = known.get(str(reference.get("id")))
        if found is None:
            raise ModelError(f"a reference to an unknown {what}: {dict(reference)}")
        return found

    def element(self, raw: Mapping[str, Any], codename: str) -> Element:
        kind = ELEMENT_TYPES.get(raw["type"], raw["type"])
        limit = next((raw[key] for key in LIMITS if raw.get(key)), None)
        group = raw.get("taxonomy_group")
        return Element(
            codename=codename,
            type=kind,
            name=raw.get("name", codename),
            taxonomy_group=self.codename(group, self.taxonomies, "taxonomy group") if group else None,
            options=tuple(o["codename"] for o in raw.get("options", ())),
            allowed_types=tuple(
                self.codename(t, self.types, "content type") for t in raw.get("allowed_content_types", ())
            ),
            count_limit=CountLimit(limit["condition"], int(limit["value"])) if limit else None,
        )

    def content_type(self, raw: Mapping[str, Any], snippet: str | None = None) -> ContentType:
        elements: list[Element] = []
        used: list[str] = []
        for element in raw["elements"]:
            if element["type"] == "snippet":
                used.append(self.codename(element["snippet"], self.snippets, "snippet"))
            if element["type"] in NO_FIELD:
                continue
            codename = element["codename"]
            if snippet is not None and not codename.startswith(snippet + SNIPPET_SEPARATOR):
                codename = snippet + SNIPPET_SEPARATOR + codename  # as Delivery names snippet elements
            converted = self.element(element, codename)
            self.elements[element.get("id", codename)] = converted
            elements.append(converted)
        identifier = raw.get("id") or stable_id("type", raw["codename"])
        return ContentType(identifier, raw["codename"], raw.get("name", raw["codename"]), tuple(elements), tuple(used))


def _terms(terms: Sequence[Mapping[str, Any]]) -> dict[str, str]:
    """Every term of a group, nested ones included, codename -> name."""
    found: dict[str, str] = {}
    for term in terms:
        found[term["codename"]] = term.get("name", term["codename"])
        found.update(_terms(term.get("terms", ())))
    return found


def _languages(raw: Sequence[Mapping[str, Any]]) -> tuple[Language, ...]:
    """Active languages, the default (``is_default``) first; fallbacks by id or codename."""
    active = [lang for lang in raw if lang.get("is_active", True)]
    if not active:
        return (Language("default", "Default", None),)
    default = next((lang for lang in active if lang.get("is_default")), active[0])
    by_id = {lang["id"]: lang["codename"] for lang in active}

    def fallback(lang: Mapping[str, Any]) -> str | None:
        if lang is default:
            return None
        reference = lang.get("fallback_language") or {}
        target = reference.get("codename") or by_id.get(reference.get("id", ""))
        return str(target) if target and target != lang["codename"] else str(default["codename"])

    ordered = [default, *(lang for lang in active if lang is not default)]
    return tuple(Language(lang["codename"], lang.get("name", lang["codename"]), fallback(lang)) for lang in ordered)


def from_management(documents: Sequence[tuple[Path, dict[str, list[Any]]]]) -> Model:
    """One model from every Management API answer and export file given."""
    entities: Entities = {}
    for _, found in documents:
        for entity, entries in found.items():
            entities.setdefault(entity, []).extend(entries)
    try:
        resolver = _Resolver(entities)
        snippets = {s["codename"]: resolver.content_type(s, s["codename"]) for s in entities.get("snippets", ())}
        types = {t["codename"]: resolver.content_type(t) for t in entities.get("types", ())}
        taxonomies = {g["codename"]: _terms(g.get("terms", ())) for g in entities.get("taxonomies", ())}
        languages = _languages(entities.get("languages", ()))
        items, collections, workflows = items_of(entities, resolver.elements, resolver.types, languages)
    except (KeyError, TypeError) as error:
        where = ", ".join(str(path) for path, _ in documents)
        raise ModelError(f"{where}: not a Management API answer or export ({error!r} missing or wrong)") from None
    names = {
        o["codename"]: o.get("name", o["codename"])
        for t in (*entities.get("types", ()), *entities.get("snippets", ()))
        for e in t["elements"]
        for o in e.get("options", ())
    }
    return Model(
        types=MappingProxyType(types),
        snippets=MappingProxyType(snippets),
        taxonomies=MappingProxyType({k: MappingProxyType(v) for k, v in taxonomies.items()}),
        languages=languages,
        collections=collections,
        workflows=MappingProxyType(workflows),
        items=items,
        names=MappingProxyType(names),
    )
