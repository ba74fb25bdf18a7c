"""Tests of the Wiki.js 2.x mock (``mock_server.wikijs``)."""
