"""The Wiki.js load check: per-address @rateLimit of login (and comment creation when writes are
allowed), its Locust scenario and its verdict."""

from __future__ import annotations

import argparse
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from harness.wikijs_rate_limits import RULE, Limit, sdl_limits
from load import samples
from load.calls import COMMENT, LOGIN, WRITING, Call
from load.plot import draw_calls
from load.verdict import summary
from load.wikijs_plan import WikiPlan, wiki_plans
from load.wikijs_verdict import judge_calls
from specs import default_rules
from specs.model import FieldRateLimit

LOCUSTFILE = Path(__file__).with_name("wikijs_locustfile.py")


@dataclass
class WikiCheck:
    plan: WikiPlan
    implementation: str | None
    allow_writes: bool
    limits: dict[str, Limit]
    locustfile: Path = LOCUSTFILE

    @classmethod
    def from_arguments(cls, arguments: argparse.Namespace) -> WikiCheck:
        plan = wiki_plans()[arguments.plan]
        allow_writes = arguments.allow_writes or not arguments.target_url
        directive = default_rules().for_api("wikijs")[RULE].data_as(FieldRateLimit).directive
        table = sdl_limits(directive)
        limits = {
            f.name: table[(f.type_name, f.field_name)]
            for f in (LOGIN, COMMENT)
            if allow_writes or f.name not in WRITING
        }
        return cls(plan, arguments.implementation, allow_writes, limits)

    @property
    def seconds(self) -> float:
        return self.plan.seconds

    @property
    def description(self) -> str:
        fields = ", ".join(f"{name} ({limit.calls} per {limit.seconds} s)" for name, limit in self.limits.items())
        return f"Plan `{self.plan.name}` ({self.plan.seconds:.0f} s): {self.plan.description}. Fields: {fields}."

    def locust_options(self) -> list[str]:
        options = ["--wiki-plan", self.plan.name]
        options += ["--implementation", self.implementation] if self.implementation else []
        return options + (["--allow-writes"] if self.allow_writes else [])

    def mock_options(self) -> list[str]:
        return []

    def judge(self, directory: Path, run: dict[str, Any]) -> tuple[dict[str, Any], dict[str, Any]]:
        calls = list(samples.read(directory / "samples.jsonl", Call))
        rules = default_rules().for_api("wikijs")
        if self.implementation:
            rules = rules.as_implemented_by(self.implementation)
        verdict = summary(judge_calls(calls, RULE, self.limits, self.plan.checks), {RULE: rules[RULE].level})
        verdict["limits"] = [
            {"field": name, "calls": limit.calls, "seconds": limit.seconds} for name, limit in self.limits.items()
        ]
        start = min((c.started for c in calls), default=0.0)
        draw_calls(calls, start, self.plan, self.limits, directory / "plot.png")
        span = (max(c.finished for c in calls) - start) if calls else 0.0
        figures = {
            "calls": len(calls),
            "refused": sum(c.refused for c in calls),
            "nodes_that_sent_requests": len({c.node for c in calls}),
            "generator_requests_per_second": round(len(calls) / span, 1) if span else 0.0,
            "wall_seconds": round(run["wall"], 1),
            "locust_worker_processes": run["workers"] or 1,
            "mock_cpu_seconds": None if run["mock_cpu"] is None else round(run["mock_cpu"], 1),
        }
        return verdict, figures
