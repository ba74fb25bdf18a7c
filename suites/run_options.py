"""The run's options as one frozen value: parsed once when pytest is configured, then read by the
plugin, the target pool and the suites alike.

Each option has one meaning written down once: ``live`` is "a ``--target-url`` was given", the
expected rules follow from ``--profile``, the defaults that differ between a live target and the
embedded mock are settled by whoever applies them (the pool, the filter suites). A suite asks
``run_options(config).live`` or its target's ``embedded`` instead of re-reading the command line.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

import pytest

from harness.behaviour import implementation_of
from specs import RuleSet, default_rules

APIS = ("kontent", "wikijs")
MAIN_PROCESS = "main"
"""The worker name of a run without pytest-xdist (and of the xdist controller)."""


@dataclass(frozen=True)
class RunOptions:
    api: str
    target_url: str | None
    profile: str
    mock_emulate: str | None
    allow_writes: bool
    request_budget: int | None
    max_rate: float | None
    allow_rate_limit_burst: bool
    allow_api_switch: bool
    faults: tuple[str, ...]
    rules: tuple[str, ...]
    """``--rule``: only the tests of these rules run (empty: all)."""
    rule_map: Path | None
    item_budget: int
    filter_budget: int | None
    filter_depth: int
    report_dir: Path
    seed: int
    hypothesis_profile: str
    worker: str

    @property
    def live(self) -> bool:
        """A live target was given; otherwise every API is an embedded mock of the run's own."""
        return self.target_url is not None

    @property
    def apis(self) -> tuple[str, ...]:
        return APIS if self.api == "all" else (self.api,)

    @property
    def implementation(self) -> str:
        """The implementation whose behaviour the run expects, from ``--profile``."""
        return implementation_of(self.profile)

    def expected_rules(self) -> RuleSet:
        return default_rules().as_implemented_by(self.implementation)

    @classmethod
    def from_config(cls, config: pytest.Config) -> RunOptions:
        """Read once, after the seed and the hypothesis profile are settled (see ``plugin.seeds``)."""
        option = config.option
        rule_map = option.rule_map
        return cls(
            api=option.api,
            target_url=option.target_url or None,
            profile=option.profile,
            mock_emulate=option.mock_emulate,
            allow_writes=bool(option.allow_writes),
            request_budget=option.request_budget,
            max_rate=option.max_rate,
            allow_rate_limit_burst=bool(option.allow_rate_limit_burst),
            allow_api_switch=bool(option.allow_api_switch),
            faults=tuple(option.fault),
            rules=tuple(option.rule),
            rule_map=Path(rule_map) if rule_map else None,
            item_budget=option.item_budget,
            filter_budget=option.filter_budget,
            filter_depth=option.filter_depth,
            report_dir=Path(option.report_dir),
            seed=option.hypothesis_seed,
            hypothesis_profile=option.hypothesis_profile,
            worker=getattr(config, "workerinput", {}).get("workerid", MAIN_PROCESS),
        )


RUN_OPTIONS = pytest.StashKey[RunOptions]()


def run_options(config: pytest.Config) -> RunOptions:
    return config.stash[RUN_OPTIONS]
