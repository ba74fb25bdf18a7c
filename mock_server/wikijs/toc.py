"""A page's table of contents (``Page.toc``), read from its rendered HTML as the 2.5 server's
render job does: every heading, nested under the last heading one level up, with its text and the
``href`` of its header handle (:mod:`.header_handles`). When the page has an ``h1`` the ``h1`` are
the top level, otherwise the ``h2``; a heading with no heading to nest under is left out.

The job stores the list as JSON text (``JSON.stringify``), which is what ``Page.toc`` (a String)
answers; :mod:`.served` decides whether the server hands it over as that text.
"""

from __future__ import annotations

import json
from html.parser import HTMLParser
from typing import Any

from mock_server.wikijs.js_strings import js_trim

HEADINGS = frozenset({"h1", "h2", "h3", "h4", "h5", "h6"})
ANCHOR_CLASS = "toc-anchor"
Entry = dict[str, Any]


class _Headings(HTMLParser):
    """(level, text without the header handle, the handle's href) of every heading, in order."""

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.found: list[tuple[int, str, str | None]] = []
        self._level = 0
        self._text: list[str] = []
        self._anchor: str | None = None
        self._in_anchor = False

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        named = dict(attrs)
        if tag in HEADINGS and not self._level:
            self._level, self._text, self._anchor = int(tag[1]), [], None
        elif self._level and tag == "a" and ANCHOR_CLASS in (named.get("class") or "").split():
            self._in_anchor = True
            self._anchor = named.get("href") if self._anchor is None else self._anchor

    def handle_endtag(self, tag: str) -> None:
        if self._in_anchor and tag == "a":
            self._in_anchor = False
        elif self._level and tag == f"h{self._level}":
            self.found.append((self._level, js_trim("".join(self._text)), self._anchor))
            self._level = 0

    def handle_data(self, data: str) -> None:
        if self._level and not self._in_anchor:
            self._text.append(data)


def table_of_contents(rendered: str | None) -> list[Entry]:
    """The render job's ``toc.root``; ``[]`` for a page not rendered yet (a new page's row)."""
    parser = _Headings()
    parser.feed(rendered or "")
    parser.close()
    top = 1 if any(level == 1 for level, _, _ in parser.found) else 2
    root: list[Entry] = []
    for level, title, anchor in parser.found:
        siblings: list[Entry] | None = root
        for _ in range(level - top):
            siblings = siblings[-1]["children"] if siblings else None
            if siblings is None:
                break
        if siblings is None:
            continue
        siblings.append({"title": title, **({"anchor": anchor} if anchor is not None else {}), "children": []})
    return root


def toc_text(rendered: str | None) -> str:
    """The table of contents as the render job stores it (``JSON.stringify``)."""
    return json.dumps(table_of_contents(rendered), ensure_ascii=False, separators=(",", ":"))
