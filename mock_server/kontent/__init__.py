"""The Kontent.ai Delivery GraphQL API mock: environments with content models, published and preview."""

from mock_server.kontent.app import DEFAULT_ENVIRONMENT_ID, build_kontent_app
from mock_server.kontent.store import Environment, load_environments

__all__ = ["DEFAULT_ENVIRONMENT_ID", "Environment", "build_kontent_app", "load_environments"]
