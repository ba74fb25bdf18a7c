"""``POST /u``: uploaded bytes come back unchanged at the asset URL, under the cleaned name, and the
size limit holds exactly (a file of the limit is stored, one byte more is refused, nothing stored).

Hypothesis draws the content and the names (letters of both cases, digits and runs of the
separators the rule replaces); every name starts with the run's marker and lands in the root
folder, and everything stored is deleted at the end of the run. The limit tests send one file
each: a file of the limit is megabytes.
"""

from __future__ import annotations

import pytest
from hypothesis import given
from hypothesis import strategies as st

from harness.client import Exchange
from harness.targets import Target
from specs import Rule
from specs.model import UploadLimit
from suites.oracles import explain
from suites.wikijs import assets
from suites.wikijs.rule_ids import UPLOAD_ROUND_TRIP

LIMIT = "wikijs.uploads.max_file_size"
HTML = "text/html"
stems = st.from_regex(r"[A-Za-z0-9]{1,8}", fullmatch=True)
separators = st.text(st.sampled_from(" \t,;#"), min_size=1, max_size=3)
extensions = st.sampled_from(["bin", "dat", "txt", "csv", "pdf", "zip", "md", "html"])
PAGE_LIKE = st.sampled_from(["txt", "md", "html"])
"""Extensions a wiki also gives its pages' URLs: every example uploads one such file too, so a server
that routes them as pages is seen in every run, not only when the draw happens to pick one."""


@st.composite
def filenames(draw: st.DrawFn, marker: str, kinds: st.SearchStrategy[str] = extensions, any_case: bool = True) -> str:
    """``<marker><stem><separators><stem>.<ext>``, the extension in either case unless ``any_case`` is off."""
    extension = draw(kinds)
    extension = extension.upper() if any_case and draw(st.booleans()) else extension
    return f"{marker}{draw(stems)}{draw(separators)}{draw(stems)}.{extension}"


def _stored(target: Target, filename: str) -> list[dict[str, object]]:
    return assets.named(target, assets.stored_name(assets.form(target), filename))


@pytest.mark.rule(UPLOAD_ROUND_TRIP)
@pytest.mark.usefixtures("writable")
@given(data=st.data(), content=st.binary(min_size=1, max_size=4096))
def test_an_upload_is_served_back_byte_for_byte(wikijs: Target, data: st.DataObject, content: bytes) -> None:
    marker = f"{wikijs.unique_name('Up')}-"
    _round_trip(wikijs, data.draw(filenames(marker), label="filename"), content)
    page_like = filenames(marker, PAGE_LIKE, any_case=False)
    _round_trip(wikijs, data.draw(page_like, label="filename with a page extension"), content)


def _round_trip(wikijs: Target, filename: str, content: bytes) -> None:
    rule = wikijs.rules[UPLOAD_ROUND_TRIP]
    upload_form = assets.form(wikijs)
    exchange = assets.upload(wikijs, wikijs.client, filename, content)
    assert (exchange.response.status, exchange.response.body.decode("utf-8", "replace")) == (
        200,
        upload_form.answer,
    ), explain(rule, exchange, f"an upload answers 200 {upload_form.answer!r}")
    name = assets.stored_name(upload_form, filename)
    stored = assets.named(wikijs, name)
    assert [a["fileSize"] for a in stored] == [len(content)], explain(
        rule, exchange, f"one asset {name!r} of {len(content)} bytes in the root folder, found {stored}"
    )
    served = wikijs.client.send("GET", url=assets.site_url(wikijs, f"/{name}"))
    if not upload_form.downloadable(name):
        assert (served.response.status, served.response.body) != (200, content), explain(
            rule, served, f"/{name} is routed as a page, not served as the asset"
        )
        return
    assert (served.response.status, served.response.body) == (200, content), explain(
        rule, served, f"/{name} serves the uploaded bytes"
    )


def _upload_at_limit(target: Target, label: str, over: int) -> tuple[Rule, UploadLimit, str, Exchange]:
    """Upload one file of the limit plus ``over`` bytes, under a run-marked name."""
    rule = target.rules[LIMIT]
    limit = rule.data_as(UploadLimit)
    filename = f"{target.unique_name(label)}.bin"
    return rule, limit, filename, assets.upload(target, target.client, filename, b"\x5a" * (limit.max_bytes + over))


@pytest.mark.rule(LIMIT)
@pytest.mark.usefixtures("writable")
def test_a_file_of_the_limit_is_stored(wikijs: Target) -> None:
    rule, limit, filename, exchange = _upload_at_limit(wikijs, "limit", 0)
    assert exchange.response.status == 200, explain(rule, exchange, f"a file of {limit.max_bytes} bytes is stored")
    sizes = [a["fileSize"] for a in _stored(wikijs, filename)]
    assert sizes == [limit.max_bytes], explain(rule, exchange, f"stored sizes {sizes}")


@pytest.mark.rule(LIMIT)
@pytest.mark.usefixtures("writable")
def test_a_file_over_the_limit_is_refused_and_not_stored(wikijs: Target) -> None:
    rule, limit, filename, exchange = _upload_at_limit(wikijs, "over", 1)
    response = exchange.response
    assert response.status == limit.status, explain(rule, exchange, f"one byte over the limit answers {limit.status}")
    if limit.body == "html":
        assert response.media_type == HTML and limit.message in response.text(100_000), explain(
            rule, exchange, f"an HTML error page holding {limit.message!r}"
        )
    else:
        assert response.json() == {"succeeded": False, "message": limit.message}, explain(
            rule, exchange, f"the JSON refusal {{succeeded: false, message: {limit.message!r}}}"
        )
    assert _stored(wikijs, filename) == [], explain(rule, exchange, "a refused file is not stored")
