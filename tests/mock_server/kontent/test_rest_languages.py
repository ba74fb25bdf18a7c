"""REST exports with a /languages answer: the reference fixtures (Delivery REST answers of a real
sample project) serve languageFilter fallbacks from the loaded languages."""

from __future__ import annotations

import json
import shutil
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest

from mock_server.kontent.loading import load_model
from mock_server.kontent.model import ModelError
from tests.mock_server.support import MockClient

Mock = Callable[..., MockClient]
SAMPLE = Path(__file__).parents[1] / "models" / "kontent-sample"
"""The Delivery REST fixtures of a public Kontent.ai sample environment, copied unchanged (MIT, see README.txt)."""
DEFAULT_ID = "00000000-0000-0000-0000-000000000000"
US_ID = "e4d5a1b0-0000-4000-8000-000000000001"
MANAGEMENT_LANGUAGES: dict[str, Any] = {
    "languages": [
        {
            "id": DEFAULT_ID,
            "name": "Default",
            "codename": "default",
            "is_active": True,
            "is_default": True,
            "fallback_language": {"id": DEFAULT_ID},
        },
        {
            "id": US_ID,
            "name": "English (US)",
            "codename": "en-US",
            "is_active": True,
            "is_default": False,
            "fallback_language": {"id": DEFAULT_ID},
        },
        {
            "id": "e4d5a1b0-0000-4000-8000-000000000002",
            "name": "Spanish",
            "codename": "es-ES",
            "is_active": True,
            "is_default": False,
            "fallback_language": {"id": US_ID},
        },
        {
            "id": "e4d5a1b0-0000-4000-8000-000000000003",
            "name": "Old",
            "codename": "old",
            "is_active": False,
            "is_default": False,
            "fallback_language": {"id": DEFAULT_ID},
        },
    ],
    "pagination": {"continuation_token": None, "next_page": None},
}
"""A Management API /languages answer in its documented shape (the fixtures hold none)."""
DELIVERY_LANGUAGES: dict[str, Any] = {
    "languages": [
        {"system": {"id": US_ID, "name": "English (US)", "codename": "en-US"}},
        {"system": {"id": DEFAULT_ID, "name": "Default", "codename": "default"}},
    ],
    "pagination": {"skip": 0, "limit": 0, "count": 2, "next_page": ""},
}
"""A Delivery API /languages answer in its documented shape: ids, names, codenames, no fallbacks."""
ARTICLE = (
    '{ article(codename: "coffee_beverages_explained", languageFilter: {languageCodename: "es-ES"}) '
    "{ title _system_ { language { _system_ { codename } } } } }"
)


def _export(tmp_path: Path, languages: dict[str, Any] | None) -> Path:
    export = tmp_path / "export"
    shutil.copytree(SAMPLE, export, ignore=shutil.ignore_patterns("*.txt"))
    if languages is not None:
        (export / "languages.json").write_text(json.dumps(languages), encoding="utf-8")
    return export


def test_management_languages_give_the_fallback_chains(tmp_path: Path) -> None:
    model = load_model([_export(tmp_path, MANAGEMENT_LANGUAGES)])
    assert [(lang.codename, lang.name, lang.fallback) for lang in model.languages] == [
        ("default", "Default", None),
        ("en-US", "English (US)", "default"),
        ("es-ES", "Spanish", "en-US"),
    ]
    assert model.fallback_chain("es-ES") == ("es-ES", "en-US", "default")


def test_delivery_languages_name_the_languages_and_the_default(tmp_path: Path) -> None:
    model = load_model([_export(tmp_path, DELIVERY_LANGUAGES)])
    assert [(lang.codename, lang.fallback) for lang in model.languages] == [("default", None), ("en-US", "default")]


def test_a_variant_in_an_unlisted_language_is_named(tmp_path: Path) -> None:
    only_default = {"languages": [DELIVERY_LANGUAGES["languages"][1]]}
    with pytest.raises(ModelError, match=r"does not list: \['en-US'\]"):
        load_model([_export(tmp_path, only_default)])


def test_a_loaded_export_serves_language_fallbacks(mock: Mock, tmp_path: Path) -> None:
    """The fixture article exists in en-US only: es-ES reaches it through its chain."""
    with_languages = mock("kontent", models=[_export(tmp_path / "a", MANAGEMENT_LANGUAGES)])
    item = with_languages.query(ARTICLE)["data"]["article"]
    assert item["title"] == "Coffee Beverages Explained"
    assert item["_system_"]["language"]["_system_"]["codename"] == "en-US"
    without = mock("kontent", models=[_export(tmp_path / "b", None)])
    assert without.query(ARTICLE)["data"]["article"] is None  # es-ES unknown: default only, which has no variant
