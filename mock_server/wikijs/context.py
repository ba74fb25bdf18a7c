"""What the Wiki.js resolvers share: one object instead of the same five arguments to every group."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from graphql import GraphQLResolveInfo

from mock_server.wikijs.database import Database
from mock_server.wikijs.errors import ErrorTable, ResponseStatuses, WikiError
from mock_server.wikijs.pages import Clock

Run = Callable[..., dict[str, Any] | None]
"""A mutation's work: ``run(info, **args)``, the answer's fields beside ``responseResult`` (or None)."""


@dataclass(frozen=True)
class WikiContext:
    """The database, the documented error table, the response statuses and the clock."""

    db: Database
    errors: ErrorTable
    statuses: ResponseStatuses
    clock: Clock

    def outcome(self, operation: str, run: Run) -> Callable[..., dict[str, Any]]:
        """A mutation resolver answering as the real server does: HTTP 200 with a ``responseResult``,
        the success of ``operation`` or the :class:`WikiError` that ``run`` raised."""

        def resolve(_: object, info: GraphQLResolveInfo[Any], **args: Any) -> dict[str, Any]:
            try:
                extra = run(info, **args) or {}
            except WikiError as error:
                return {"responseResult": self.statuses.failure(error)}
            return {"responseResult": self.statuses.success(operation), **extra}

        return resolve
