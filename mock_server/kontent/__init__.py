"""The Kontent.ai Delivery GraphQL API mock: one environment, a small ``article`` model."""

from mock_server.kontent.app import DEFAULT_ENVIRONMENT_ID, build_kontent_app

__all__ = ["DEFAULT_ENVIRONMENT_ID", "build_kontent_app"]
