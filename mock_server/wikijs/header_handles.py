"""Header handles of a rendered page, as the 2.5 server's ``html-core`` renderer adds them to
every heading: an ``id`` made of the heading's text (``uslug`` rules), class ``toc-header`` and
an anchor link before the text. Clients that read ``Page.render`` (and link to a section) see
these ids; the page's table of contents is built from them.
"""

from __future__ import annotations

import html
import re
import unicodedata

HEADING = re.compile(r"<h([1-6])>(.*?)</h\1>", re.DOTALL)
TAG = re.compile(r"<[^>]*>")
KEPT_PUNCTUATION = "-_~"
KEPT_CATEGORIES = ("L", "N", "M")
"""Letters, numbers and marks stay in a slug; separators become spaces; everything else goes."""


def slug(text: str) -> str:
    kept = []
    for char in unicodedata.normalize("NFKC", text):
        category = unicodedata.category(char)
        if char in KEPT_PUNCTUATION or category.startswith(KEPT_CATEGORIES):
            kept.append(char)
        elif category.startswith("Z") or char.isspace():
            kept.append(" ")
    joined = " ".join("".join(kept).split())
    return re.sub(r"[\s\-]+", "-", joined).lower()


def add_header_handles(rendered: str) -> str:
    """Every attribute-less ``<hN>`` of ``rendered`` with its id, class and anchor; ids are
    unique within the page (``-1``, ``-2``... appended) and never start with a digit."""
    used: list[str] = []

    def handle(match: re.Match[str]) -> str:
        level, inner = match.group(1), match.group(2)
        header = slug(html.unescape(TAG.sub("", inner)))
        if header[:1].isdigit():
            header = f"h-{header}"
        if header in used:
            header = next(f"{header}-{n}" for n in range(1, len(used) + 2) if f"{header}-{n}" not in used)
        used.append(header)
        anchor = f'<a class="toc-anchor" href="#{header}">\u00b6</a> '
        return f'<h{level} id="{header}" class="toc-header">{anchor}{inner}</h{level}>'

    return HEADING.sub(handle, rendered)
