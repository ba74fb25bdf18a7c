"""The parts of a differential sequence (:mod:`reliability.sequences`): a request (:class:`Step`),
the sandbox names a sequence writes (:class:`Names`), and references to the ids each server gave
(:class:`Ref`): ids differ between two servers, so a step names the object it needs and each
server's own id is put in when the step is sent.
"""

from __future__ import annotations

import json
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

from hypothesis import strategies as st

MISSING_ID = 2_000_000_000
"""Sent for a reference the server never bound (its create failed): an id nothing has."""
EVERY = "*"
"""A step of a bind path that goes into every entry of a list; the bind then takes the smallest of
the ids found, the object made first (ids grow on both servers alike), whatever order the list
had: the real server orders a page's history by a date that several versions share, and
PostgreSQL returns such ties in no fixed order."""


@dataclass(frozen=True)
class Ref:
    """The id a server gave the object ``name`` (bound by an earlier step's ``bind``)."""

    name: str


@dataclass(frozen=True)
class Step:
    """One request. ``root`` is the root field it exercises (for the coverage figures)."""

    root: str
    op: str
    query: str = ""
    variables: dict[str, Any] = field(default_factory=dict)
    bind: tuple[str, tuple[str | int, ...]] | None = None
    """(name, path in ``data``): the id the answer gives the created object (an int step of the
    path indexes a list, ``-1`` its last entry; :data:`EVERY` takes the first made of a list's)."""
    fresh_source: bool = False
    """Rate-limited per client address: sent from a loopback address not used recently."""
    raw: tuple[str, str, bytes] | None = None
    """(method, content type, body) of a request sent as is, for Apollo's own HTTP errors."""
    scoped: bool = False
    """The answer lists every object of a kind: only the sequence's own are compared."""

    def body(self, ids: dict[str, int]) -> bytes:
        if self.raw is not None:
            return self.raw[2]
        return json.dumps({"query": self.query, "variables": resolve(self.variables, ids)}).encode()


def resolve(value: Any, ids: dict[str, int]) -> Any:
    if isinstance(value, Ref):
        return ids.get(value.name, MISSING_ID)
    if isinstance(value, dict):
        return {key: resolve(item, ids) for key, item in value.items()}
    if isinstance(value, list):
        return [resolve(item, ids) for item in value]
    return value


ROOTS = (
    "pages",
    "users",
    "groups",
    "comments",
    "assets",
    "authentication",
    "system",
    "navigation",
    "site",
    "theming",
    "localization",
    "mail",
    "analytics",
    "logging",
    "rendering",
    "search",
    "storage",
    "contribute",
)

TEXT = st.text(st.characters(codec="utf-8", exclude_categories=("Cs", "Cc")), min_size=0, max_size=24)
WORD = st.text("abcdefghijklmnopqrstuvwxyz0123456789-", min_size=1, max_size=12)
RESULT = "responseResult { succeeded errorCode slug message }"


@dataclass
class Names:
    """The sandbox of one sequence: every name it writes carries ``<run>-<n>``."""

    run: str
    number: int
    counter: int = 0

    @property
    def stem(self) -> str:
        return f"{self.run}-{self.number}"

    @property
    def folder(self) -> str:
        return f"diff/{self.run}/{self.number}"

    def next(self, kind: str) -> str:
        self.counter += 1
        return f"{kind}{self.counter}"


Draw = Callable[[st.SearchStrategy[Any]], Any]
Maker = Callable[[Draw, Names], list[Step]]
