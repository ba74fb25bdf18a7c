"""The Kontent.ai load check: its Locust scenario, the limits it runs at, and its verdict."""

from __future__ import annotations

import argparse
import os
import secrets
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from load import report, samples
from load.contract import SCOPE_KEY_VARIABLE, contract, kontent_rules
from load.kontent_verdict import judge
from load.plan import Plan, plans
from load.plot import draw
from load.samples import Sample
from load.verdict import Contract, summary

LOCUSTFILE = Path(__file__).with_name("kontent_locustfile.py")


@dataclass
class KontentCheck:
    plan: Plan
    contract: Contract
    rate_limit: str | None
    cache_ttl: int | None
    locustfile: Path = LOCUSTFILE

    @classmethod
    def from_arguments(cls, arguments: argparse.Namespace) -> KontentCheck:
        plan = plans()[arguments.plan]
        rate_limit = arguments.rate_limit or plan.rate_limit
        rules = kontent_rules(rate_limit, arguments.cache_ttl, arguments.implementation)
        checks = plan.checks
        if arguments.target_url and not os.environ.get(SCOPE_KEY_VARIABLE):
            print(f"not judging the per-key budget: set {SCOPE_KEY_VARIABLE} to a second Delivery API key")
            checks = checks - {"scope"}
        elif not arguments.target_url:
            os.environ.setdefault(SCOPE_KEY_VARIABLE, secrets.token_urlsafe(16))
        return cls(plan, contract(rules, plan.tolerance, checks), rate_limit, arguments.cache_ttl)

    @property
    def seconds(self) -> float:
        return self.plan.seconds

    @property
    def description(self) -> str:
        return f"Plan `{self.plan.name}` ({self.plan.seconds:.0f} s): {self.plan.description}."

    def locust_options(self) -> list[str]:
        first = self.contract.windows[0]
        return ["--plan", self.plan.name, "--per-second-limit", f"{first.limit / first.seconds:g}"]

    def mock_options(self) -> list[str]:
        options = [] if self.cache_ttl is None else ["--cache-ttl", str(self.cache_ttl)]
        return options + (["--rate-limit", self.rate_limit] if self.rate_limit else [])

    def judge(self, directory: Path, run: dict[str, Any]) -> tuple[dict[str, Any], dict[str, Any]]:
        records = list(samples.read(directory / "samples.jsonl", Sample))
        verdict = summary(judge(records, self.contract), self.contract.levels)
        verdict["limits"] = [{"rule": w.rule_id, "limit": w.limit, "seconds": w.seconds} for w in self.contract.windows]
        start = min((s.started for s in records), default=0.0)
        draw(records, start, self.plan, self.contract, directory / "plot.png")
        return verdict, report.figures(records, self.contract, **run)
