"""The language suite finds a live environment's languages through its Delivery REST /languages."""

from __future__ import annotations

from suites.kontent.languages import delivery_languages_url, non_default_languages

ENVIRONMENT = "975bf280-fd91-488c-994c-2f04416e5ee3"


def test_the_rest_endpoint_of_the_same_environment() -> None:
    assert delivery_languages_url(f"https://graphql.kontent.ai/{ENVIRONMENT}/") == (
        f"https://deliver.kontent.ai/{ENVIRONMENT}/languages"
    )
    assert delivery_languages_url(f"http://127.0.0.1:8000/{ENVIRONMENT}") is None


def test_the_default_language_is_left_out() -> None:
    answer = {
        "languages": [
            {"system": {"id": "00000000-0000-0000-0000-000000000000", "name": "English", "codename": "en-US"}},
            {"system": {"id": "d1f95fde-af02-b3b5-bd9e-f232311ccab8", "name": "Spanish", "codename": "es-ES"}},
        ],
        "pagination": {"skip": 0, "limit": 0, "count": 2, "next_page": ""},
    }
    assert non_default_languages(answer) == ("es-ES",)
    assert non_default_languages({"error": "nope"}) == () == non_default_languages([])
