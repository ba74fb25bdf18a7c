"""Conformance suites: they talk to a target over HTTP only and never import the mock."""
