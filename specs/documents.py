"""Rule sources as users can open them: the public page and section behind each ``source.doc``.

The rule files name the document a rule was read from; ``specs/documents.yaml`` says where that
document is published, so reports link the public docs instead of naming files users do not have.
"""

from __future__ import annotations

from dataclasses import dataclass
from functools import cache
from pathlib import Path
from urllib.parse import quote

import yaml

from specs.model import Source

DOCUMENTS = Path(__file__).resolve().parent / "documents.yaml"


@dataclass(frozen=True)
class PublicSource:
    title: str
    section: str
    url: str

    def __str__(self) -> str:
        return f"{self.title} § {self.section}"


@cache
def _documents() -> dict[str, dict[str, str]]:
    loaded: dict[str, dict[str, str]] = yaml.safe_load(DOCUMENTS.read_text(encoding="utf-8"))
    return loaded


class UnknownDocument(KeyError):
    """A rule names a document that documents.yaml does not publish."""


def public_source(source: Source) -> PublicSource:
    entry = _documents().get(source.doc)
    if entry is None:
        raise UnknownDocument(f"{source.doc}: not in {DOCUMENTS.name}")
    fragment = f"#:~:text={quote(source.section.split(' (')[0], safe='')}"
    return PublicSource(entry["title"], source.section, entry["url"] + fragment)
