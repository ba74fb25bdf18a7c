"""Reference mock servers for the Wiki.js 2.5 and Kontent.ai Delivery GraphQL APIs.

Both behave exactly as the rule files under ``specs/`` say; ``python -m mock_server --help``
runs one, :func:`create_app` builds one in-process. The names below are imported on first use:
``python -m mock_server`` first restarts itself (:mod:`mock_server.allocator`), before paying for
the mocks' imports.
"""

from __future__ import annotations

import importlib
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from mock_server.app import ConfigurationError, create_app
    from mock_server.kontent import DEFAULT_ENVIRONMENT_ID

__all__ = ["DEFAULT_ENVIRONMENT_ID", "ConfigurationError", "create_app"]
_HOMES = {
    "ConfigurationError": "mock_server.app",
    "create_app": "mock_server.app",
    "DEFAULT_ENVIRONMENT_ID": "mock_server.kontent",
}


def __getattr__(name: str) -> object:
    home = _HOMES.get(name)
    if home is None:
        raise AttributeError(f"module 'mock_server' has no attribute {name!r}")
    return getattr(importlib.import_module(home), name)
