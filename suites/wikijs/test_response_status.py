"""Every mutation answers a ResponseStatus of the documented shape; error codes match the table."""

from __future__ import annotations

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from harness.requests import STYLES, Style
from harness.targets import Target
from suites.profiles import page_writing_examples
from suites.wikijs import pages
from suites.wikijs.status import STATUS_RULE, check_status

slugs = st.from_regex(r"[a-z][a-z0-9]{0,15}(-[a-z0-9]{1,8}){0,2}", fullmatch=True)
titles = st.text(st.characters(codec="utf-8", exclude_categories=("Cs", "Cc")), min_size=1, max_size=40).filter(
    str.strip
)
contents = st.text(min_size=1, max_size=200).filter(str.strip)


@pytest.mark.rule(STATUS_RULE)
@pytest.mark.usefixtures("writable")
@settings(max_examples=page_writing_examples())
@given(slug=slugs, title=titles, content=contents, style=st.sampled_from(STYLES))
def test_success_status_on_create_and_delete(wikijs: Target, slug: str, title: str, content: str, style: Style) -> None:
    page = pages.NewPage(wikijs.unique_path(slug), title, content)
    created = pages.create_and_track(wikijs, page, style)
    check_status(wikijs, created, "pages.create")
    page_id = pages.result_of(created, "pages.create")["page"]["id"]
    check_status(wikijs, pages.delete(wikijs, page_id, style), "pages.delete")
