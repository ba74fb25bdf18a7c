"""Top-level pytest configuration: the conformance plugin (options, targets, reports).

``pytest suites`` runs the conformance suites (see ``pytest --help``, group "conformance");
``pytest`` alone runs the harness's own tests under ``tests/``.
"""

pytest_plugins = ["suites.plugin"]
