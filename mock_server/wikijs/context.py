"""What the Wiki.js resolvers share: one object instead of the same five arguments to every group."""

from __future__ import annotations

from dataclasses import dataclass

from mock_server.wikijs.database import Database
from mock_server.wikijs.errors import ErrorTable, ResponseStatuses
from mock_server.wikijs.pages import Clock


@dataclass(frozen=True)
class WikiContext:
    """The database, the documented error table, the response statuses and the clock."""

    db: Database
    errors: ErrorTable
    statuses: ResponseStatuses
    clock: Clock
