"""Reading content models from files: the project's YAML format and Delivery REST JSON exports.

The YAML format is validated by ``model.schema.json``; a REST export is a directory or file
holding ``/types`` and ``/items`` responses (with ``modular_content``), as the Delivery REST
API returns them. Every problem raises :class:`ModelError` naming the file, so a bad model
fails the server's start instead of a request.
"""

from __future__ import annotations

import hashlib
import json
import zipfile
from collections.abc import Iterable, Mapping
from functools import cache
from pathlib import Path
from types import MappingProxyType
from typing import Any

import jsonschema
import yaml

from mock_server.kontent.management import ENTITY_FILES, from_management, management_entities
from mock_server.kontent.model import (
    ContentType,
    CountLimit,
    Element,
    Item,
    Language,
    Model,
    ModelError,
    Variant,
    stable_id,
)
from mock_server.kontent.rest import from_rest

SCHEMA_FILE = Path(__file__).with_name("model.schema.json")
DEFAULT = "default"
PUBLISHED = "published"
RESTRICTABLE = ("modular_content", "rich_text")
COUNTABLE = ("modular_content", "asset")


@cache
def _validator() -> jsonschema.protocols.Validator:
    schema = json.loads(SCHEMA_FILE.read_text(encoding="utf-8"))
    validator: jsonschema.protocols.Validator = jsonschema.Draft202012Validator(schema)
    return validator


def load_model(paths: Iterable[Path]) -> Model:
    """One model from YAML files, Delivery REST JSON exports (files or directories of ``*.json``),
    Management API answers or an environment export zip (see :mod:`mock_server.kontent.management`)."""
    documents: list[tuple[Path, Any]] = []
    for path in paths:
        if path.suffix == ".zip":
            documents.extend(_zip_members(path))
            continue
        files = sorted(path.glob("*.json")) if path.is_dir() else [path]
        if not files:
            raise ModelError(f"{path}: no *.json files in this directory")
        for file in files:
            documents.append((file, _read(file)))
    management = [(p, found) for p, d in documents if (found := management_entities(p, d)) is not None]
    others = [(p, d) for p, d in documents if management_entities(p, d) is None]
    yaml_docs = [(p, d) for p, d in others if not _is_rest(d)]
    rest_docs = [(p, d) for p, d in others if _is_rest(d)]
    if rest_docs and all(set(found) == {"languages"} for _, found in management):
        # a Management /languages answer with Delivery REST items: the REST loader reads both
        rest_docs += [(p, d) for p, d in documents if management_entities(p, d) is not None]
        management = []
    kinds = [docs[0][0] for docs in (yaml_docs, rest_docs, management) if docs]
    if len(kinds) > 1:
        raise ModelError(f"{kinds[0]}: one model format per environment, {kinds[1]} is another")
    if len(yaml_docs) > 1:
        raise ModelError(f"{yaml_docs[1][0]}: one YAML model per environment ({yaml_docs[0][0]} came first)")
    if yaml_docs:
        return from_document(*yaml_docs[0])
    if management:
        model = from_management(management)
        check_model(model)
        return model
    return from_rest(rest_docs)


def _zip_members(path: Path) -> list[tuple[Path, Any]]:
    """The JSON files of an export zip (asset binaries and folders are skipped)."""
    try:
        with zipfile.ZipFile(path) as archive:
            names = [n for n in archive.namelist() if n.removesuffix(".json") in ENTITY_FILES]
            return [(path / name, _parse(path / name, archive.read(name).decode("utf-8-sig"))) for name in names]
    except (OSError, zipfile.BadZipFile, UnicodeDecodeError) as error:
        raise ModelError(f"{path}: not a readable export zip: {error}") from error


def environment_of(path: Path) -> str | None:
    """The environment id a YAML model file names, if any (exports name none)."""
    if path.is_dir() or path.suffix in (".json", ".zip"):
        return None
    document = _read(path)
    value = document.get("environment_id") if isinstance(document, dict) else None
    return str(value) if value is not None else None


def _read(path: Path) -> Any:
    try:
        text = path.read_text(encoding="utf-8-sig")
    except OSError as error:
        raise ModelError(f"{path}: cannot read: {error.strerror}") from error
    return _parse(path, text)


def _parse(path: Path, text: str) -> Any:
    try:
        return json.loads(text) if path.suffix == ".json" else yaml.safe_load(text)
    except (ValueError, yaml.YAMLError) as error:
        raise ModelError(f"{path}: not valid {path.suffix.lstrip('.').upper() or 'YAML'}: {error}") from error


def _is_rest(document: Any) -> bool:
    """REST answers carry ``system`` objects (Management API languages an ``id``); the YAML
    format's ``languages`` have neither."""
    if not isinstance(document, dict):
        return False
    languages = document.get("languages")
    if isinstance(languages, list) and languages:
        return all(isinstance(e, dict) and ("system" in e or "id" in e) for e in languages)
    entries = [*(document.get("types") or ()), *(document.get("items") or ())]
    return "item" in document or "modular_content" in document or any("system" in e for e in entries)


VALID_DOCUMENTS_KEPT = 8
_valid_digests: set[bytes] = set()
"""Digests of documents found valid in this process: the built-in sample model is the same
document every time an app is built, and validating it took two fifths of building a Kontent.ai
app, which a test process does hundreds of times."""


def from_document(path: Path, document: Any) -> Model:
    digest = _digest(document)
    if digest is None or digest not in _valid_digests:
        errors = sorted(_validator().iter_errors(document), key=lambda e: len(e.absolute_path), reverse=True)
        if errors:
            where = "/".join(str(p) for p in errors[0].absolute_path) or "(top level)"
            raise ModelError(f"{path}: at {where}: {errors[0].message}")
        if digest is not None and len(_valid_digests) < VALID_DOCUMENTS_KEPT:
            _valid_digests.add(digest)
    try:
        model = _build(document)
        check_model(model)
    except ModelError as error:
        raise ModelError(f"{path}: {error}") from None
    return model


def _digest(document: Any) -> bytes | None:
    """None for a document JSON cannot write in one order (YAML keys of mixed types): never kept."""
    try:
        text = json.dumps(document, sort_keys=True, default=repr)
    except (TypeError, ValueError):
        return None
    return hashlib.sha256(text.encode()).digest()


def _content_type(raw: Mapping[str, Any]) -> ContentType:
    elements = tuple(
        Element(
            codename=e["codename"],
            type=e["type"],
            name=e.get("name", e["codename"]),
            taxonomy_group=e.get("taxonomy_group"),
            options=tuple(e.get("options", {})),
            allowed_types=tuple(e.get("allowed_types", ())),
            count_limit=CountLimit(**e["count_limit"]) if "count_limit" in e else None,
        )
        for e in raw["elements"]
    )
    return ContentType(
        id=raw.get("id") or stable_id("type", raw["codename"]),
        codename=raw["codename"],
        name=raw.get("name", raw["codename"]),
        elements=elements,
        snippets=tuple(raw.get("snippets", ())),
    )


def _version(raw: Mapping[str, Any], name: str, step: str) -> Variant:
    return Variant(
        name=raw.get("name", name),
        last_modified=raw["last_modified"],
        workflow_step=raw.get("workflow_step", step),
        values=MappingProxyType(dict(raw["elements"])),
    )


def _build(document: Mapping[str, Any]) -> Model:
    workflows = {k: tuple(v) for k, v in document.get("workflows", {DEFAULT: [PUBLISHED]}).items()}
    items = []
    for raw in document["items"]:
        workflow = raw.get("workflow", next(iter(workflows)))
        steps = workflows.get(workflow, (PUBLISHED,))
        published: dict[str, Variant] = {}
        latest: dict[str, Variant] = {}
        for language, versions in raw["variants"].items():
            name = versions.get("name", raw["codename"])
            if "published" in versions:
                published[language] = latest[language] = _version(versions["published"], name, steps[-1])
            if "draft" in versions:
                latest[language] = _version(versions["draft"], name, steps[0])
        items.append(
            Item(
                id=raw.get("id") or stable_id("item", raw["codename"]),
                codename=raw["codename"],
                type=raw["type"],
                collection=raw.get("collection", DEFAULT),
                workflow=workflow,
                published=MappingProxyType(published),
                latest=MappingProxyType(latest),
            )
        )
    return Model(
        types=MappingProxyType({t["codename"]: _content_type(t) for t in document["types"]}),
        snippets=MappingProxyType({s["codename"]: _content_type(s) for s in document.get("snippets", ())}),
        taxonomies=MappingProxyType({k: MappingProxyType(dict(v)) for k, v in document.get("taxonomies", {}).items()}),
        languages=tuple(
            Language(lang["codename"], lang.get("name", lang["codename"]), lang.get("fallback"))
            for lang in document["languages"]
        ),
        collections=tuple(document.get("collections", (DEFAULT,))),
        workflows=MappingProxyType(workflows),
        items=tuple(sorted(items, key=lambda item: item.codename)),
        names=MappingProxyType(
            {o: n for t in document["types"] for e in t["elements"] for o, n in e.get("options", {}).items()}
        ),
    )


def check_model(model: Model) -> None:
    """References that a JSON Schema cannot check: types, snippets, languages, unique codenames."""
    languages = {lang.codename for lang in model.languages}
    for lang in model.languages:
        if lang.fallback is not None and lang.fallback not in languages:
            raise ModelError(f"language {lang.codename!r} falls back to unknown language {lang.fallback!r}")
    for content_type in model.types.values():
        for snippet in content_type.snippets:
            if snippet not in model.snippets:
                raise ModelError(f"type {content_type.codename!r} uses unknown snippet {snippet!r}")
    for owner in (*model.types.values(), *model.snippets.values()):
        for element in owner.elements:
            unknown_types = sorted(set(element.allowed_types) - set(model.types))
            if unknown_types:
                raise ModelError(
                    f"element {element.codename!r} of {owner.codename!r} allows unknown types {unknown_types}"
                )
            if element.allowed_types and element.type not in RESTRICTABLE:
                raise ModelError(
                    f"element {element.codename!r} of {owner.codename!r}: "
                    "only linked items and rich text take allowed_types"
                )
            if element.count_limit is not None and element.type not in COUNTABLE:
                raise ModelError(
                    f"element {element.codename!r} of {owner.codename!r}: only linked items and assets take count_limit"
                )
    seen: set[str] = set()
    for item in model.items:
        if item.codename in seen:
            raise ModelError(f"two items have the codename {item.codename!r}")
        seen.add(item.codename)
        if item.type not in model.types:
            raise ModelError(f"item {item.codename!r} has unknown type {item.type!r}")
        unknown = sorted(set(item.latest) - languages)
        if unknown:
            raise ModelError(f"item {item.codename!r} has variants in unknown languages {unknown}")
