"""The embedded sample environment: a coffee-company site generated from a small seed model.

Served when no ``--model`` is given. Generation is deterministic (fixed word lists, ids
derived from codenames), so every run serves the same items and suites can compare runs.
The document is in the project's YAML model format and goes through the same validation as
a user's file. 8 content types and a snippet cover every element type; 3 languages form a
fallback chain (``de`` -> ``es`` -> ``en``) with untranslated items; drafts differ from the
published versions; articles link authors and related articles, landing pages link
articles, so linked items nest several levels deep; rich text carries components.
"""

from __future__ import annotations

from collections.abc import Callable
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import Any

from mock_server.kontent.loading import from_document
from mock_server.kontent.model import Model, stable_id

SOURCE = Path("<embedded sample environment>")
LANGUAGES = [
    {"codename": "en", "name": "English"},
    {"codename": "es", "name": "Spanish", "fallback": "en"},
    {"codename": "de", "name": "German", "fallback": "es"},
]
COLLECTIONS = ["default", "marketing", "stores"]
WORKFLOWS = {"default": ["draft", "review", "published"], "editorial": ["writing", "copy_edit", "published"]}
TAXONOMIES = {
    "topics": {"coffee": "Coffee", "brewing": "Brewing", "travel": "Travel", "sustainability": "Sustainability"},
    "regions": {"europe": "Europe", "americas": "Americas", "asia": "Asia"},
}
FORMATS = {"long_read": "Long read", "news": "News", "how_to": "How-to"}
SNIPPETS = [
    {
        "codename": "seo",
        "name": "SEO",
        "elements": [
            {"codename": "seo__meta_title", "type": "text"},
            {"codename": "seo__meta_description", "type": "text"},
        ],
    }
]


_EXACTLY_ONE = {"condition": "exactly", "value": 1}
"""Single-valued elements (`kontent.schema.single_valued`): an asset and a union of two types."""


def _e(codename: str, kind: str, **extra: Any) -> dict[str, Any]:
    return {"codename": codename, "type": kind, **extra}


TYPES = [
    {
        "codename": "article",
        "name": "Article",
        "snippets": ["seo"],
        "elements": [
            _e("title", "text"),
            _e("summary", "text"),
            _e("body", "rich_text", allowed_types=["author", "fact_about_us"]),
            _e("post_date", "date_time"),
            _e("teaser_image", "asset"),
            _e("author", "modular_content", allowed_types=["author"]),
            _e("related_articles", "modular_content"),
            _e("topics", "taxonomy", taxonomy_group="topics"),
            _e("slug", "url_slug"),
            _e("reading_time", "number"),
            _e("format", "multiple_choice", options=FORMATS),
            _e("accent_color", "custom"),
        ],
    },
    {
        "codename": "author",
        "name": "Author",
        "elements": [_e("full_name", "text"), _e("bio", "rich_text"), _e("photo", "asset")],
    },
    {
        "codename": "cafe",
        "name": "Cafe",
        "elements": [
            _e("city", "text"),
            _e("seats", "number"),
            _e("region", "taxonomy", taxonomy_group="regions"),
            _e("opened", "date_time"),
        ],
    },
    {
        "codename": "product",
        "name": "Product",
        "snippets": ["seo"],
        "elements": [
            _e("product_name", "text"),
            _e("price", "number"),
            _e("roast", "multiple_choice", options={"light": "Light", "medium": "Medium", "dark": "Dark"}),
            _e("slug", "url_slug"),
        ],
    },
    {
        "codename": "event",
        "name": "Event",
        "elements": [
            _e("event_title", "text"),
            _e("starts", "date_time"),
            _e("venue", "modular_content"),
            _e("cover", "asset", count_limit=_EXACTLY_ONE),
        ],
    },
    {
        "codename": "landing_page",
        "name": "Landing page",
        "snippets": ["seo"],
        "elements": [
            _e("headline", "text"),
            _e("featured", "modular_content", allowed_types=["article", "event"]),
            _e("hero", "modular_content", allowed_types=["article", "event"], count_limit=_EXACTLY_ONE),
            _e("content", "rich_text", allowed_types=["fact_about_us"]),
        ],
    },
    {
        "codename": "navigation_item",
        "name": "Navigation item",
        "elements": [_e("label", "text"), _e("target", "modular_content"), _e("position", "number")],
    },
    {"codename": "fact_about_us", "name": "Fact about us", "elements": [_e("fact", "text"), _e("quote", "rich_text")]},
]

_ADJECTIVES = ("bright", "quiet", "rapid", "gentle", "bold", "rich", "mellow", "smoky", "sweet", "wild")
_NOUNS = ("espresso", "harvest", "roastery", "brewing", "origins", "crema", "grinder", "aroma")
_CITIES = ("prague", "brno", "madrid", "berlin", "tokyo", "austin", "lima", "oslo")
_ZONES = ("Europe/Prague", "America/New_York", "Asia/Tokyo", "UTC")
_START = datetime(2024, 1, 8, 9, 30, tzinfo=UTC)
COUNTS = {
    "author": 20,
    "article": 60,
    "cafe": 16,
    "product": 24,
    "event": 14,
    "landing_page": 8,
    "navigation_item": 10,
    "fact_about_us": 6,
}


def _time(index: int, days: int = 3) -> str:
    return (_START + timedelta(days=days * index, hours=index % 11, minutes=index % 7)).strftime("%Y-%m-%dT%H:%M:%SZ")


def _asset(name: str, index: int) -> dict[str, Any]:
    url = f"https://assets.kontent.ai/{stable_id('asset', name)}/{name}.jpg"
    renditions = {
        "default": {
            "rendition_id": stable_id("rendition", name),
            "preset_id": stable_id("preset", "default"),
            "width": 640,
            "height": 480,
            "query": "w=640&h=480&fit=clip&rect=0,0,640,480",
        }
    }
    return {
        "name": f"{name}.jpg",
        "type": "image/jpeg",
        "size": 40_000 + 137 * index,
        "description": name,
        "url": url,
        "width": 1280,
        "height": 960,
        "renditions": renditions,
    }


def _codename(kind: str, index: int) -> str:
    if kind == "article":
        return f"{_ADJECTIVES[index % 10]}_{_NOUNS[index // 10 % 8]}_{index}"
    if kind == "cafe":
        return f"cafe_{_CITIES[index % 8]}_{index}"
    return f"{kind}_{index:02d}"


def _elements(kind: str, index: int, language: str) -> dict[str, Any]:
    """Element values of one item in one language (translations prefix the language)."""
    tag = "" if language == "en" else f"[{language}] "
    name = _codename(kind, index).replace("_", " ").title()
    return _ELEMENTS[kind](index, tag, name)


def _seo(tag: str, name: str) -> dict[str, Any]:
    return {"seo__meta_title": f"{tag}{name}", "seo__meta_description": f"{tag}About {name.lower()}"}


def _rich_text(html: str) -> dict[str, Any]:
    """A rich-text value without linked items, components or images."""
    return {"value": html, "modular_content": [], "components": [], "images": {}}


def _article_elements(index: int, tag: str, name: str) -> dict[str, Any]:
    quote = {
        "id": stable_id("component", "article", str(index)),
        "type": "fact_about_us",
        "elements": {"fact": f"{tag}Fact {index}", "quote": None},
    }
    see_also = _codename("article", (index + 1) % 60)
    body = {
        "value": f'<p>{tag}{name}.</p><object type="application/kenticocloud" data-type="component" '
        f'data-codename="{quote["id"]}"></object><p><a data-item-id="{stable_id("item", see_also)}" href="">'
        f"{see_also}</a></p>",
        "modular_content": [_codename("author", index % 20)],
        "links": [see_also],
        "components": [quote],
        "images": {},
    }
    return {
        "title": f"{tag}{name}",
        "summary": f"{tag}Notes on {name.lower()}",
        "body": body,
        "post_date": {"value": _time(index), "display_timezone": _ZONES[index % 4]},
        "teaser_image": [_asset(_codename("article", index), index)],
        "author": [_codename("author", index % 20)],
        "related_articles": [_codename("article", (index + k) % 60) for k in (1, 7)],
        "topics": list(TAXONOMIES["topics"])[index % 4 : index % 4 + 2],
        "slug": name.lower().replace(" ", "-"),
        "reading_time": float(2 + index % 9),
        "format": [list(FORMATS)[index % 3]],
        "accent_color": f"#{(index * 2654435) % 0xFFFFFF:06x}",
        **_seo(tag, name),
    }


def _author_elements(index: int, tag: str, name: str) -> dict[str, Any]:
    return {
        "full_name": f"{tag}{name}",
        "bio": _rich_text(f"<p>{tag}Writes about coffee.</p>"),
        "photo": [_asset(f"author-{index}", index)],
    }


def _cafe_elements(index: int, tag: str, name: str) -> dict[str, Any]:
    return {
        "city": f"{tag}{_CITIES[index % 8].title()}",
        "seats": float(10 + index * 3 % 40),
        "region": [list(TAXONOMIES["regions"])[index % 3]],
        "opened": {"value": _time(index, 41), "display_timezone": _ZONES[index % 4]},
    }


def _product_elements(index: int, tag: str, name: str) -> dict[str, Any]:
    return {
        "product_name": f"{tag}{name}",
        "price": None if index % 7 == 0 else round(4.5 + index * 1.25, 2),
        "roast": [("light", "medium", "dark")[index % 3]],
        "slug": name.lower().replace(" ", "-"),
        **_seo(tag, name),
    }


def _event_elements(index: int, tag: str, name: str) -> dict[str, Any]:
    return {
        "event_title": f"{tag}{name}",
        "starts": {"value": _time(index, 9), "display_timezone": "UTC"},
        "venue": [_codename("cafe", index % 16)],
        "cover": [] if index % 5 == 4 else [_asset(f"event-{index}", index)],
    }


def _landing_page_elements(index: int, tag: str, name: str) -> dict[str, Any]:
    return {
        "headline": f"{tag}{name}",
        "featured": [_codename("article", index * 7 % 60), _codename("event", index)],
        "hero": [_codename("event" if index % 2 else "article", index * 3 % 12)],
        "content": _rich_text(f"<p>{tag}Welcome</p>"),
        **_seo(tag, name),
    }


def _navigation_item_elements(index: int, tag: str, name: str) -> dict[str, Any]:
    return {"label": f"{tag}{name}", "target": [_codename("landing_page", index % 8)], "position": float(index % 4)}


def _fact_elements(index: int, tag: str, name: str) -> dict[str, Any]:
    return {"fact": f"{tag}{name}", "quote": _rich_text(f"<p>{tag}Coffee first.</p>")}


_ELEMENTS: dict[str, Callable[[int, str, str], dict[str, Any]]] = {
    "article": _article_elements,
    "author": _author_elements,
    "cafe": _cafe_elements,
    "product": _product_elements,
    "event": _event_elements,
    "landing_page": _landing_page_elements,
    "navigation_item": _navigation_item_elements,
    "fact_about_us": _fact_elements,
}
"""Per content type (the keys of ``COUNTS``), how its items' element values are made."""


def _item(kind: str, index: int, serial: int) -> dict[str, Any]:
    """Languages: every item in ``en``; 2 in 3 in ``es``; 1 in 3 in ``de``. Every 5th has a draft,
    every 13th is only a draft (never published)."""
    workflow = "editorial" if kind == "article" and index % 2 else "default"
    steps = WORKFLOWS[workflow]
    variants: dict[str, Any] = {}
    for language, present in (("en", True), ("es", serial % 3 != 0), ("de", serial % 3 == 1)):
        if not present:
            continue
        version = {"last_modified": _time(serial, 1), "elements": _elements(kind, index, language)}
        versions: dict[str, Any] = {} if serial % 13 == 5 else {"published": version}
        if serial % 5 == 0 or serial % 13 == 5:
            draft_elements: dict[str, Any] = dict(_elements(kind, index, language))
            first = next(iter(draft_elements))
            draft_elements[first] = f"{draft_elements[first]} (draft)"
            versions["draft"] = {
                "last_modified": _time(serial, 2),
                "workflow_step": steps[serial % 2],
                "elements": draft_elements,
                "name": f"{_codename(kind, index)} (draft)",
            }
        variants[language] = {"name": _codename(kind, index).replace("_", " ").title(), **versions}
    return {
        "codename": _codename(kind, index),
        "type": kind,
        "collection": COLLECTIONS[serial % 3],
        "workflow": workflow,
        "variants": variants,
    }


def sample_document() -> dict[str, Any]:
    items: list[dict[str, Any]] = []
    for kind, count in COUNTS.items():
        items += [_item(kind, index, len(items) + index) for index in range(count)]
    return {
        "languages": LANGUAGES,
        "collections": COLLECTIONS,
        "workflows": WORKFLOWS,
        "taxonomies": TAXONOMIES,
        "snippets": SNIPPETS,
        "types": TYPES,
        "items": items,
    }


def sample_model() -> Model:
    return from_document(SOURCE, sample_document())
