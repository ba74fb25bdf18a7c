"""The pytest plugin of the conformance suites, one module per job.

Registered by the top-level ``conftest.py`` (and ``python -m suites``) as ``suites.plugin``;
pytest registers the modules below through ``pytest_plugins``. It knows nothing about the mock's
internals: the embedded target is a separate ``python -m mock_server`` process.

- ``options``: the command-line options, parsed once into :class:`suites.run_options.RunOptions`
- ``seeds``: one known hypothesis seed per run, shared with the xdist workers
- ``selection``: tests per rule (``rule_kind``), ``--api`` / ``--rule`` selection, the rule map
- ``targets``: the target fixtures over the run's :class:`suites.pool.TargetPool`
- ``outcomes``: per test the rules, examples, requests, redacted failure and reproduction
- ``reporting``: the reports written from those outcomes at the end of the run
"""

pytest_plugins = [
    "suites.plugin.options",
    "suites.plugin.seeds",
    "suites.plugin.selection",
    "suites.plugin.targets",
    "suites.plugin.outcomes",
    "suites.plugin.reporting",
]
