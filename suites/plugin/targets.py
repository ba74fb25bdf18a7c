"""The target fixtures: one :class:`~suites.pool.TargetPool` per process, closed (writes undone,
residue checked, mocks stopped) at the end of the session even after Ctrl-C."""

from __future__ import annotations

from collections.abc import Iterator

import pytest

from harness.secrets import default_redactor
from harness.targets import Target
from specs import Rule
from suites.plugin.selection import api_of
from suites.pool import POOL, TargetPool
from suites.run_options import run_options


@pytest.fixture(scope="session")
def target_pool(request: pytest.FixtureRequest) -> Iterator[TargetPool]:
    pool = TargetPool(run_options(request.config))
    request.config.stash[POOL] = pool
    yield pool
    _close_pool(request.config)


def _close_pool(config: pytest.Config) -> None:
    pool = config.stash.get(POOL, None)
    if pool is None:
        return
    problems = pool.close()
    if problems:
        raise RuntimeError("cleanup of written data failed: " + default_redactor().redact("; ".join(problems)))


@pytest.fixture
def target(target_pool: TargetPool, rule: Rule) -> Target:
    """The target of the API the parametrised rule belongs to."""
    return target_pool.get(rule.api)


@pytest.fixture
def wikijs(target_pool: TargetPool) -> Target:
    return target_pool.get("wikijs")


@pytest.fixture
def kontent(target_pool: TargetPool) -> Target:
    return target_pool.get("kontent")


@pytest.fixture
def writable(request: pytest.FixtureRequest, target_pool: TargetPool) -> None:
    """Skips a writing test against a live target unless --allow-writes was given."""
    api = api_of(request.node)
    if api and not target_pool.get(api).writable:
        pytest.skip("writes to a live target need --allow-writes")


def pytest_runtest_setup(item: pytest.Item) -> None:
    """Each test's journal starts empty: a failure reproduces its own requests only."""
    pool = item.config.stash.get(POOL, None)
    if pool is not None:
        for each in pool.targets.values():
            each.client.journal.clear()


@pytest.hookimpl(tryfirst=True)
def pytest_sessionfinish(session: pytest.Session) -> None:
    """After Ctrl-C or an internal error the session fixture may never be torn down."""
    try:
        _close_pool(session.config)
    except RuntimeError as exc:
        session.shouldfail = str(exc)
        session.exitstatus = pytest.ExitCode.TESTS_FAILED
