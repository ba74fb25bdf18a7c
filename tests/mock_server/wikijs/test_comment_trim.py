"""A new comment is stored trimmed, as the real server's ``postNewComment`` does, and its render
writes a no-break space as the entity (the differential campaign saw a comment sent as " >quote"
come back as ">quote", and "a\u00a0b" rendered as "a&nbsp;b", from a real 2.5.314)."""

from __future__ import annotations

from pathlib import Path

from mock_server.wikijs.rendering import render_comment, render_page
from mock_server.wikijs.store import PageRecord
from reliability.calls import call
from reliability.mock import MockUnderTest

CREATE = "mutation($c: String!) { comments { create(pageId: 1, content: $c) { responseResult { succeeded } id } } }"
SINGLE = "query($id: Int!) { comments { single(id: $id) { content } } }"


def test_a_new_comment_is_stored_trimmed(tmp_path: Path) -> None:
    mock = MockUnderTest("wikijs", emulate="2.5.314", log_file=tmp_path / "mock.log")
    mock.start()
    try:
        created = call(mock.url, mock.token, CREATE, {"c": " \ufeff>quoted\u00a0\n"})["comments"]["create"]
        stored = call(mock.url, mock.token, SINGLE, {"id": created["id"]})["comments"]["single"]
    finally:
        mock.stop()
    assert created["responseResult"]["succeeded"]
    assert stored == {"content": ">quoted"}


def test_a_comment_renders_a_no_break_space_as_its_entity() -> None:
    """The real server's sanitiser writes U+00A0 as ``&nbsp;`` (seen by the differential campaign)."""
    assert render_comment("a\u00a0b") == "<p>a&nbsp;b</p>\n"


def test_a_quote_in_text_is_written_as_is() -> None:
    """The sanitiser's serialiser writes ``"`` in text as it is and ``&quot;`` only in an attribute
    (a comment's ``Ģ"彞`` came back as ``<p>Ģ"彞</p>`` from a real 2.5.314, differential campaign)."""
    assert render_comment('say "hi" [l](http://x/"y)') == '<p>say "hi" <a href="http://x/%22y">l</a></p>\n'
    assert render_comment('[l](/a "t\\"q")') == '<p><a href="/a" title="t&quot;q">l</a></p>\n'


def test_a_page_render_is_serialised_as_the_sanitiser_writes_it() -> None:
    """A page's render goes through the same serialiser last (``html-security``): a real 2.5.314
    rendered ``©\u00a0Q "x"`` as ``<p>©&nbsp;Q "x"</p>`` (differential campaign, 2,000 sequences)."""
    page = PageRecord("p", "en", "t", "", '©\u00a0Q "x"', "markdown", True, False, "", "", None, None, (), 1, 1, "", "")
    assert render_page(page) == '<p>©&nbsp;Q "x"</p>\n'
