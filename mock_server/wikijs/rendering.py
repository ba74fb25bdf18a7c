"""Page content to HTML (``Page.render``), the internal links of a page, and editor conversion.

Markdown goes through markdown-it with raw HTML off, as the 2.5 server's ``markdown-core``
renderer is configured; HTML editors' content is served as it is. Links are the ``href`` of
the rendered page that point inside the wiki (start with one ``/``), which is what the real
server records for ``pages.links``. ``convert`` only knows markdown <-> HTML, as on the real
server (facts § 4.1); HTML back to markdown keeps headings, paragraphs, emphasis, code, lists
and links, and the text of everything else.
"""

from __future__ import annotations

import re
from html import escape
from html.parser import HTMLParser

from markdown_it import MarkdownIt

from mock_server.wikijs.header_handles import add_header_handles
from mock_server.wikijs.store import PageRecord

MARKDOWN = "markdown"
HTML = "html"
EDITOR_CONTENT_TYPES = {
    "markdown": MARKDOWN,
    "ckeditor": HTML,
    "code": HTML,
    "wysiwyg": HTML,
    "asciidoc": "asciidoc",
    "api": "yml",
    "redirect": "redirect",
}
"""Editor key -> content type, from the 2.5 server's editor definitions (facts § 4.1)."""
FALLBACK_CONTENT_TYPE = "text"
INTERNAL_PREFIX = "/"
_markdown = MarkdownIt("commonmark", {"html": False})


def content_type(editor: str) -> str:
    return EDITOR_CONTENT_TYPES.get(editor, FALLBACK_CONTENT_TYPE)


def render(content: str, content_type: str) -> str:
    """The HTML of a page's content."""
    if content_type == MARKDOWN:
        html: str = _markdown.render(content)
        return html
    if content_type == HTML:
        return content
    return f"<pre>{escape(content)}</pre>\n"


TEXT_BETWEEN_TAGS = re.compile(r"(?<=>)[^<]+|^[^<]+")
"""Text outside the tags of rendered HTML: markdown-it escapes attributes' ``>``, so a ``>`` ends a tag."""


def sanitised(html: str) -> str:
    """Rendered HTML as the real server's last step serialises it (DOMPurify over jsdom, for pages
    the ``html-security`` renderer, for comments the comment module): a no-break space as
    ``&nbsp;``, a ``"`` in text as it is (markdown-it writes ``&quot;``; attributes keep it)."""
    html = html.replace("\u00a0", "&nbsp;")
    return TEXT_BETWEEN_TAGS.sub(lambda text: text.group().replace("&quot;", '"'), html)


def render_comment(content: str) -> str:
    """A comment's HTML as the real server stores it: Markdown, then sanitised."""
    return sanitised(render(content, MARKDOWN))


def render_page(page: PageRecord) -> str:
    """A page's HTML, with the header handles the real server's renderer adds to pages, sanitised."""
    return sanitised(add_header_handles(render(page.content, content_type(page.editor))))


class _Links(HTMLParser):
    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.links: list[str] = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        href = dict(attrs).get("href") if tag == "a" else None
        if href and href.startswith(INTERNAL_PREFIX) and not href.startswith("//"):
            target = href.split("#", 1)[0].split("?", 1)[0].strip("/")
            if target not in self.links:
                self.links.append(target)


def internal_links(html: str) -> list[str]:
    """Paths (no leading slash, no anchor) of the wiki pages a rendered page links to."""
    parser = _Links()
    parser.feed(html)
    parser.close()
    return parser.links


_BLOCK_PREFIX = {"h1": "# ", "h2": "## ", "h3": "### ", "h4": "#### ", "h5": "##### ", "h6": "###### ", "li": "- "}
_INLINE_MARK = {"strong": "**", "b": "**", "em": "*", "i": "*", "code": "`"}
_BLOCKS = frozenset({"p", "div", "pre", "blockquote", "ul", "ol", "table", "tr", *_BLOCK_PREFIX})


class _Markdown(HTMLParser):
    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.out: list[str] = []
        self._hrefs: list[str | None] = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        if tag in _BLOCKS:
            self.out.append("\n\n" if tag not in ("li", "tr") else "\n")
        self.out.append(_BLOCK_PREFIX.get(tag, "") + _INLINE_MARK.get(tag, ""))
        if tag == "br":
            self.out.append("  \n")
        if tag == "a":
            self._hrefs.append(dict(attrs).get("href"))
            self.out.append("[")

    def handle_endtag(self, tag: str) -> None:
        self.out.append(_INLINE_MARK.get(tag, ""))
        if tag == "a" and self._hrefs:
            href = self._hrefs.pop()
            self.out.append(f"]({href})" if href else "]")

    def handle_data(self, data: str) -> None:
        self.out.append(data)


def html_to_markdown(html: str) -> str:
    parser = _Markdown()
    parser.feed(html)
    parser.close()
    lines = "".join(parser.out).strip().splitlines()
    text = "\n".join(line.rstrip() if not line.endswith("  ") else line for line in lines)
    while "\n\n\n" in text:
        text = text.replace("\n\n\n", "\n\n")
    return text + "\n"


def convert(content: str, source: str, target: str) -> str | None:
    """Content converted between markdown and HTML; None for any other pair."""
    if (source, target) == (MARKDOWN, HTML):
        return render(content, MARKDOWN)
    if (source, target) == (HTML, MARKDOWN):
        return html_to_markdown(content)
    return None
