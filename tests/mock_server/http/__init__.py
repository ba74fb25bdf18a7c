"""Tests of the GraphQL-over-HTTP layer both mocks share (``mock_server.http``)."""
