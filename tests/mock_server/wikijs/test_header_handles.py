"""Header handles as a real 2.5.314 rendered this page (recorded from ``pages.singleByPath``):
slug of the text, ``h-`` before a leading digit, ``-1`` for a repeated heading."""

from __future__ import annotations

from mock_server.wikijs.header_handles import add_header_handles

MARKDOWN_IT = "<h1>Client page</h1>\n<p>x</p>\n<h2>1. Über &amp; <em>Straße</em>!</h2>\n<h2>Client page</h2>\n"
REAL_2_5_314 = (
    '<h1 id="client-page" class="toc-header"><a class="toc-anchor" href="#client-page">¶</a> Client page</h1>\n'
    "<p>x</p>\n"
    '<h2 id="h-1-über-straße" class="toc-header"><a class="toc-anchor" href="#h-1-über-straße">¶</a>'
    " 1. Über &amp; <em>Straße</em>!</h2>\n"
    '<h2 id="client-page-1" class="toc-header"><a class="toc-anchor" href="#client-page-1">¶</a> Client page</h2>\n'
)


def test_header_handles_as_the_real_server_adds_them() -> None:
    assert add_header_handles(MARKDOWN_IT) == REAL_2_5_314


def test_a_page_without_headings_is_unchanged() -> None:
    assert add_header_handles("<p>text</p>\n") == "<p>text</p>\n"
