"""Tests of the Kontent.ai Delivery mock (``mock_server.kontent``)."""
