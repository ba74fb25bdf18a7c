"""Reference mock servers for the Wiki.js 2.5 and Kontent.ai Delivery GraphQL APIs.

Both behave exactly as the rule files under ``specs/`` say; ``python -m mock_server --help``
runs one, :func:`create_app` builds one in-process.
"""

from mock_server.app import ConfigurationError, create_app
from mock_server.kontent import DEFAULT_ENVIRONMENT_ID

__all__ = ["DEFAULT_ENVIRONMENT_ID", "ConfigurationError", "create_app"]
