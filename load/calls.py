"""One record per call of a rate-limited Wiki.js field, and the field table of the scenario."""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True)
class Call:
    started: float
    finished: float
    field: str
    """``Type.field`` of the limited field."""
    traffic: str
    """``probe`` (sequential from a fresh window), ``retry`` (after the announced wait) or ``caller``."""
    status: int
    refused: bool
    wait: int | None
    """Seconds the refusal announced, when its shape carries them."""
    problems: list[str]
    """Where a refusal's shape departs from the rule."""
    node: str = "local"


@dataclass(frozen=True)
class LimitedField:
    """A field the scenario calls, the document that calls it and where its value is."""

    type_name: str
    field_name: str
    document: str
    path: tuple[str, ...]
    needs_key: bool
    """Called with the admin API key (the field requires a scope); else as a guest."""

    @property
    def name(self) -> str:
        return f"{self.type_name}.{self.field_name}"


LOGIN = LimitedField(
    "AuthenticationMutation",
    "login",
    'mutation { authentication { login(username: "load-check-nobody@example.invalid", password: "x", '
    'strategy: "local") { responseResult { succeeded errorCode slug message } jwt } } }',
    ("authentication", "login"),
    needs_key=False,
)
COMMENT = LimitedField(
    "CommentMutation",
    "create",
    'mutation($page: Int!) { comments { create(pageId: $page, content: "load check comment") '
    "{ responseResult { succeeded errorCode slug message } id } } }",
    ("comments", "create"),
    needs_key=True,
)
WRITING = {COMMENT.name}
"""Fields whose accepted calls store something: called on a live target only with --allow-writes."""
