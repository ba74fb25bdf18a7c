"""`python -m suites` (what `tox -e conformance` runs): the whole run, or only the named tests."""

from __future__ import annotations

from suites.__main__ import HOME, pytest_arguments


def test_the_conformance_runner_replays_one_test_or_runs_all() -> None:
    everything = pytest_arguments(["--api", "wikijs", "--target-url", "http://wiki.example/graphql"])
    assert str(HOME / "suites") in everything and everything[-2:] == ["-n", "2"]
    assert f"--rootdir={HOME}" in everything
    assert pytest_arguments(["-n", "4"])[-2:] == ["-n", "4"] and pytest_arguments(["-n", "4"]).count("-n") == 1
    node = "suites/http/test_limits.py::test_limit_around[kontent.http.max_body]"
    one = pytest_arguments([node, "--hypothesis-seed=7", "--api=kontent"])
    assert one[-3:] == [str(HOME / node), "--hypothesis-seed=7", "--api=kontent"] and "-n" not in one
