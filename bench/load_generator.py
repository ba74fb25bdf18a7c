"""How much load one Locust process offers: the generator must reach 1.5x what crossing the
documented Kontent.ai per-second limit takes.

Runs ``python -m load kontent --plan generator`` (one local Locust process, FastHttpUser, the
embedded mock with limits out of reach so nothing is refused) and records the offered resource
units per second, the requests per second and the mock's CPU share.
Writes bench/out/load_generator.json.

    python bench/load_generator.py
"""

from __future__ import annotations

import json
import subprocess
import sys
import tempfile
from pathlib import Path

from specs import default_rules
from specs.model import RateWindow

REPO_ROOT = Path(__file__).resolve().parents[1]
OUT = REPO_ROOT / "bench" / "out" / "load_generator.json"
NEEDED_FACTOR = 1.5


def main() -> int:
    windows = [rule.data_as(RateWindow) for rule in default_rules().for_api("kontent").of_kind("rate_window")]
    shortest = min(windows, key=lambda w: w.seconds)
    documented = shortest.units / shortest.seconds
    with tempfile.TemporaryDirectory() as scratch:
        command = [
            sys.executable,
            "-m",
            "load",
            "kontent",
            "--plan",
            "generator",
            "--report-dir",
            scratch,
            "--run-id",
            "g",
        ]
        subprocess.run(command, cwd=REPO_ROOT, check=True, capture_output=True, text=True)
        figures = json.loads((Path(scratch) / "g" / "verdict.json").read_text(encoding="utf-8"))["figures"]
    peak = figures["peak_offered_uncached_ru_per_second"]
    sustained = figures["median_offered_uncached_ru_per_second_while_offering"]
    result = {
        "command": "python bench/load_generator.py",
        "documented_ru_per_second": documented,
        "needed_ru_per_second": NEEDED_FACTOR * documented,
        "peak_offered_ru_per_second": peak,
        "median_offered_ru_per_second": sustained,
        "generator_requests_per_second": figures["generator_requests_per_second"],
        "mock_cpu_share_of_one_core": figures["mock_cpu_share_of_one_core"],
        "locust_processes": figures["locust_worker_processes"],
        "meets_goal": sustained >= NEEDED_FACTOR * documented,
    }
    OUT.parent.mkdir(parents=True, exist_ok=True)
    OUT.write_text(json.dumps(result, indent=2) + "\n", encoding="utf-8")
    print(json.dumps(result, indent=2))
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
