"""The Wiki.js 2.5 GraphQL API mock: pages in SQLite, errors and statuses from the rules."""

from mock_server.wikijs.app import build_wikijs_app

__all__ = ["build_wikijs_app"]
