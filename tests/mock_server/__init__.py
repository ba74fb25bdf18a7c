"""Tests of the reference mock servers (``mock_server``)."""
