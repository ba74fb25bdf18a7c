"""Models as users export them: Management API answers and the data-ops environment zip.

The fixtures (``models/management``: ``GET /types``, ``/snippets``, ``/taxonomies``,
``/languages`` answers; ``models/data-ops``: the item files of an environment backup) are written
from the documented Management API shapes. ``expected.graphql`` is the schema the real API
generates for that model, written by hand from the generation rules; the generated schema must
match it field by field.
"""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest
from graphql import (
    DocumentNode,
    GraphQLInputObjectType,
    GraphQLObjectType,
    GraphQLSchema,
    GraphQLUnionType,
    InputObjectTypeDefinitionNode,
    ObjectTypeDefinitionNode,
    UnionTypeDefinitionNode,
    graphql_sync,
    parse,
    print_ast,
    print_type,
)

from mock_server.kontent.app import content_rules
from mock_server.kontent.complexity import QueryAnalyzer
from mock_server.kontent.loading import load_model
from mock_server.kontent.model import Model, ModelError
from mock_server.kontent.schema import build
from specs import default_rules
from specs.model import QueryComplexity
from suites.kontent.app_documents import IMPORTED_DOCUMENTS, AppDocument
from tests.mock_server.exports import ANSWER_FILES, MANAGEMENT, MODELS, data_ops_backup

RULES = content_rules(default_rules())
COMPLEXITY = default_rules()["kontent.query.complexity"].data_as(QueryComplexity)


def _schema(model: Model, *, preview: bool = False) -> GraphQLSchema:
    return build(model, RULES, preview=preview)


def _expected_items(expected: DocumentNode) -> dict[str, str]:
    """``Type.field`` -> its declaration (type, arguments, deprecation) as written in the SDL."""
    found: dict[str, str] = {}
    for node in expected.definitions:
        if isinstance(node, ObjectTypeDefinitionNode | InputObjectTypeDefinitionNode):
            for field in node.fields or ():
                found[f"{node.name.value}.{field.name.value}"] = _declaration(print_ast(field))
        elif isinstance(node, UnionTypeDefinitionNode):
            found[f"{node.name.value}|"] = " | ".join(sorted(t.name.value for t in node.types or ()))
    return found


def _declaration(text: str) -> str:
    return " ".join(text.replace("\n", " ").split())


def _generated_items(schema: GraphQLSchema, names: set[str]) -> dict[str, str]:
    found: dict[str, str] = {}
    for name in names:
        kind = schema.get_type(name)
        if isinstance(kind, GraphQLUnionType):
            found[f"{name}|"] = " | ".join(sorted(t.name for t in kind.types))
        elif isinstance(kind, GraphQLObjectType | GraphQLInputObjectType):
            sdl = parse(print_type(kind))
            for node in sdl.definitions:
                if isinstance(node, ObjectTypeDefinitionNode | InputObjectTypeDefinitionNode):
                    for field in node.fields or ():
                        found[f"{name}.{field.name.value}"] = _declaration(print_ast(field))
    return found


def test_management_answers_load_types_snippets_taxonomies_and_languages() -> None:
    model = load_model([MANAGEMENT])
    assert list(model.types) == ["article", "author", "tweet", "hosted_video", "home"]
    article = {e.codename: e for e in model.types["article"].elements}
    assert "writing_tips" not in article and model.types["article"].snippets == ("metadata",)
    assert article["author"].allowed_types == ("author",) and article["author"].count_limit is not None
    assert article["body"].allowed_types == ("tweet", "hosted_video")
    assert {e.type for e in model.types["home"].elements if e.codename == "sections"} == {"modular_content"}
    assert dict(model.taxonomies["topics"]) == {"coffee": "Coffee", "espresso": "Espresso", "travel": "Travel"}
    assert [(lang.codename, lang.fallback) for lang in model.languages] == [("en-US", None), ("es-ES", "en-US")]


def test_generated_schema_matches_the_rules_sdl_field_by_field() -> None:
    expected = _expected_items(parse((MANAGEMENT / "expected.graphql").read_text(encoding="utf-8")))
    names = {key.split(".")[0].rstrip("|") for key in expected}
    generated = _generated_items(_schema(load_model([MANAGEMENT])), names)
    differences = {
        key: (expected.get(key), generated.get(key))
        for key in sorted(set(expected) | set(generated))
        if expected.get(key) != generated.get(key)
    }
    assert not differences, json.dumps(differences, indent=1)
    assert len(expected) >= 100, "the comparison covers every generated type and field"


def _by_codename(value: Any, codenames: dict[str, str]) -> Any:
    """The export with ids dropped and references by codename, as ``sync-model export`` writes it."""
    if isinstance(value, list):
        return [_by_codename(v, codenames) for v in value]
    if not isinstance(value, dict):
        return value
    if set(value) == {"id"} and value["id"] in codenames:
        return {"codename": codenames[value["id"]]}
    return {k: _by_codename(v, codenames) for k, v in value.items() if k != "id"}


def test_sync_model_folder_with_codename_references_gives_the_same_schema(tmp_path: Path) -> None:
    answers = {key: json.loads((MANAGEMENT / f"{key}.json").read_text(encoding="utf-8"))[key] for key in ANSWER_FILES}
    codenames = {e["id"]: e["codename"] for entries in answers.values() for e in entries}
    for key, stem in {**ANSWER_FILES, "taxonomies": "taxonomyGroups"}.items():
        (tmp_path / f"{stem}.json").write_text(json.dumps(_by_codename(answers[key], codenames)), encoding="utf-8")
    expected = _expected_items(parse((MANAGEMENT / "expected.graphql").read_text(encoding="utf-8")))
    names = {key.split(".")[0].rstrip("|") for key in expected}
    assert _generated_items(_schema(load_model([tmp_path])), names) == expected


def test_data_ops_backup_zip_loads_items_variants_and_workflow(tmp_path: Path) -> None:
    model = load_model([data_ops_backup(tmp_path)])
    items = {item.codename: item for item in model.items}
    assert sorted(items) == ["coffee_guide", "espresso_news", "home", "intro_video", "jane"]
    guide = items["coffee_guide"]
    assert sorted(guide.published) == ["en-US", "es-ES"] and not items["espresso_news"].published
    assert items["espresso_news"].latest["en-US"].workflow_step == "draft"
    values = guide.published["en-US"].values
    assert values["author"] == ["jane"] and values["topics"] == ["espresso"] and values["category"] == ["guide"]
    assert values["metadata__meta_title"] == "Coffee guide" and values["teaser_image"][0]["name"] == "beans.jpg"
    body = values["body"]
    assert body["links"] == ["espresso_news"] and body["components"][0]["type"] == "tweet"
    assert 'data-codename="' in body["value"] and model.workflows["default"] == ("draft", "published")


@pytest.mark.parametrize("document", IMPORTED_DOCUMENTS, ids=[d.name for d in IMPORTED_DOCUMENTS])
def test_app_documents_run_on_the_imported_environment(tmp_path: Path, document: AppDocument) -> None:
    schema = _schema(load_model([data_ops_backup(tmp_path)]), preview=document.preview)
    answer = graphql_sync(schema, document.query, variable_values=dict(document.variables))
    assert not answer.errors, answer.errors
    assert answer.data and all(value is not None for value in answer.data.values())
    measured = QueryAnalyzer(schema, RULES.paging.default_limit).measure(parse(document.query), None, {})
    assert measured.complexity <= COMPLEXITY.max // 4  # singles count 1: real shapes cost a few hundred


def test_unknown_references_and_mixed_formats_name_the_problem(tmp_path: Path) -> None:
    answer = json.loads((MANAGEMENT / "types.json").read_text(encoding="utf-8"))
    answer["types"][0]["elements"][6]["allowed_content_types"] = [{"id": "no-such-type"}]
    (tmp_path / "types.json").write_text(json.dumps(answer), encoding="utf-8")
    with pytest.raises(ModelError, match="unknown content type"):
        load_model([tmp_path / "types.json", MANAGEMENT / "snippets.json", MANAGEMENT / "taxonomies.json"])
    with pytest.raises(ModelError, match="one model format per environment"):
        load_model([MANAGEMENT / "types.json", MODELS / "rest-export.json"])
