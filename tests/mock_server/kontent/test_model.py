"""Content models: the YAML format and its schema, REST exports, naming vectors and collisions."""

from __future__ import annotations

import json
from collections.abc import Callable
from dataclasses import replace
from pathlib import Path

import pytest
import yaml

from mock_server.cli import main
from mock_server.kontent import DEFAULT_ENVIRONMENT_ID
from mock_server.kontent.access import DEFAULT_PREVIEW_API_KEY
from mock_server.kontent.app import content_rules
from mock_server.kontent.loading import load_model
from mock_server.kontent.model import ContentType, Element, ModelError
from mock_server.kontent.sample import sample_model
from mock_server.kontent.sdl import model_schema
from specs import default_rules
from specs.model import Naming, NamingVector
from specs.naming import Namer
from tests.mock_server.support import MockClient, Request

MODELS = Path(__file__).parents[1] / "models"
RULES = content_rules(default_rules())
Mock = Callable[..., MockClient]


NAMING = default_rules()["kontent.schema.naming"].data_as(Naming)


@pytest.mark.parametrize("row", NAMING.vectors, ids=lambda row: row.codename)
def test_docs_conversion_table(row: NamingVector) -> None:
    assert Namer(NAMING).convert(row) == (row.type, row.field)


def test_two_codenames_with_one_graphql_name_are_named_in_the_error() -> None:
    model = sample_model()
    twin = ContentType("x", "fact_about_us_", "Twin", (Element("title", "text", "Title"),))
    broken = replace(model, types={**model.types, twin.codename: twin})
    with pytest.raises(ModelError, match=r"'fact_about_us'.*'fact_about_us_'"):
        model_schema(broken, RULES.restricted, RULES.order, RULES.filters, RULES.shapes)


def test_yaml_model_loads_with_versions_languages_and_snippets() -> None:
    model = load_model([MODELS / "bakery.yaml"])
    items = {item.codename: item for item in model.items}
    assert [i.codename for i in model.items] == ["baguette", "croissant", "eclair"]
    assert items["croissant"].latest["en"].values["title"] == "Croissant v2"
    assert items["croissant"].published["en"].values["title"] == "Croissant"
    assert not items["eclair"].published and model.fallback_chain("fr") == ("fr", "en")


def test_rest_export_loads_types_snippets_and_linked_items() -> None:
    model = load_model([MODELS / "rest-export.json"])
    assert [i.codename for i in model.items] == ["about", "home"]
    assert list(model.snippets) == ["seo"] and model.types["page"].snippets == ("seo",)
    assert model.taxonomies["topics"] == {"tea": "Tea"}
    assert "date___time" in {e.codename for e in model.types["page"].elements}  # not a snippet element


@pytest.mark.parametrize(
    ("change", "problem"),
    [
        (lambda d: d["types"][0]["elements"].append({"codename": "x", "type": "colour"}), "is not one of"),
        (lambda d: d["languages"].append({"codename": "de", "fallback": "xx"}), "unknown language 'xx'"),
        (lambda d: d["items"].append(dict(d["items"][0])), "two items have the codename 'croissant'"),
        (lambda d: d["types"][0]["snippets"].append("nope"), "unknown snippet 'nope'"),
        (lambda d: d["types"][0]["elements"][0].update(allowed_types=["nope"]), r"allows unknown types \['nope'\]"),
        (lambda d: d["types"][0]["elements"][0].update(allowed_types=["fact_about_us"]), "only linked items and rich"),
    ],
)
def test_invalid_models_name_the_file_and_the_problem(
    tmp_path: Path, change: Callable[[dict[str, object]], None], problem: str
) -> None:
    document = yaml.safe_load((MODELS / "bakery.yaml").read_text())
    change(document)
    path = tmp_path / "broken.yaml"
    path.write_text(yaml.safe_dump(document))
    with pytest.raises(ModelError, match=f"broken.yaml.*{problem}"):
        load_model([path])


def test_models_are_served_per_environment_and_reloaded_when_changed(mock: Mock, tmp_path: Path) -> None:
    path = tmp_path / "bakery.yaml"
    path.write_text((MODELS / "bakery.yaml").read_text())
    client = mock("kontent", models=[path, MODELS / "rest-export.json"])
    query = "{ factAboutUs_All { totalCount items { title _meta { keywords } } } }"
    env = "/11111111-2222-4333-8444-555555555555"
    answer = client.send(_post(env, query)).json()["data"]["factAboutUs_All"]
    assert answer["totalCount"] == 2 and answer["items"][1]["_meta"] == {"keywords": "butter"}
    default = client.send(_post(f"/{DEFAULT_ENVIRONMENT_ID}", "{ page_All { totalCount } }")).json()
    assert default["data"]["page_All"]["totalCount"] == 2
    path.write_text(path.read_text().replace("fact_about_us", "fun_fact"))
    renamed = client.send(_post(env, "{ funFact_All { totalCount } }")).json()
    assert renamed["data"]["funFact_All"]["totalCount"] == 2


def _post(path: str, query: str, *headers: tuple[str, str]) -> Request:
    built = Request.post_json({"query": query}, *headers)
    return Request(path=path, headers=built.headers, body=built.body)


def test_cli_refuses_an_invalid_model_at_start_naming_the_file(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    path = tmp_path / "clash.yaml"
    document = yaml.safe_load((MODELS / "bakery.yaml").read_text())
    document["types"].append({"codename": "fact_about_us_", "elements": []})
    path.write_text(yaml.safe_dump(document))
    with pytest.raises(SystemExit):
        main(["kontent", "--model", str(path)])
    error = capsys.readouterr().err
    assert "clash.yaml" in error and "'fact_about_us'" in error and "'fact_about_us_'" in error


def test_a_change_that_cannot_be_served_is_reported_in_every_answer(mock: Mock, tmp_path: Path) -> None:
    """The previous model stays served, and each answer's extensions.warnings names the file and
    the problem, until the file is fixed."""
    path = tmp_path / "bakery.yaml"
    good = (MODELS / "bakery.yaml").read_text()
    path.write_text(good)
    client = mock("kontent", models=[path])
    env = "/11111111-2222-4333-8444-555555555555"
    query = "{ factAboutUs_All { totalCount } }"
    assert "extensions" not in client.send(_post(env, query)).json()
    collision = good.replace(
        "  - codename: fact_about_us\n",
        "  - codename: fact_about_us_\n    elements: []\n  - codename: fact_about_us\n",
        1,
    )
    for broken, problem in (("types: [unclosed", "not valid YAML"), (collision, "'fact_about_us_'")):
        path.write_text(broken)
        preview = _post(f"/preview{env}", query, ("Authorization", f"Bearer {DEFAULT_PREVIEW_API_KEY}"))
        for answer in (client.send(_post(env, query)).json(), client.send(preview).json()):
            warnings = answer.get("extensions", {}).get("warnings", [])
            assert answer["data"]["factAboutUs_All"]["totalCount"] >= 2  # the previous model answers
            assert len(warnings) == 1 and str(path) in warnings[0] and problem in warnings[0], answer
    path.write_text(good.replace("fact_about_us", "fun_fact"))
    fixed = client.send(_post(env, "{ funFact_All { totalCount } }")).json()
    assert fixed == {"data": {"funFact_All": {"totalCount": 2}}}


def test_rest_rich_text_links_resolve_as_item_hyperlinks(mock: Mock, tmp_path: Path) -> None:
    """The REST `links` object of a rich-text element (item id -> codename, type, URL slug) feeds
    `itemHyperlinks`; the reference fixture's article gets a link to an item of its export."""
    source = MODELS / "kontent-sample" / "coffee-beverages-explained-item.json"
    document = json.loads(source.read_text(encoding="utf-8-sig"))
    americano = document["modular_content"]["americano"]["system"]
    body = document["item"]["elements"]["body_copy"]
    body["links"] = {americano["id"]: {"type": americano["type"], "codename": "americano", "url_slug": "americano"}}
    body["value"] += f'<p><a data-item-id="{americano["id"]}" href="">Americano</a></p>'
    (tmp_path / "item.json").write_text(json.dumps(document), encoding="utf-8")
    client = mock("kontent", models=[tmp_path / "item.json"])
    query = (
        '{ article(codename: "coffee_beverages_explained", languageFilter: {languageCodename: "en-US"}) '
        "{ bodyCopy { itemHyperlinks { totalCount items { _system_ { id codename } } } } } }"
    )
    links = client.query(query)["data"]["article"]["bodyCopy"]["itemHyperlinks"]
    assert links == {"totalCount": 1, "items": [{"_system_": {"id": americano["id"], "codename": "americano"}}]}
