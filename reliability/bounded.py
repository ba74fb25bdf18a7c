"""The bounded campaign CI runs (``python -m reliability ci``, tox env ``reliability``).

Every campaign at a size that takes a few minutes in all on an idle 2-core machine; the full
sizes are the documented commands in bench/RESULTS.md. Each run writes its JSON into the output
directory, and ``summary.md`` there shows them side by side with any missed goal.
"""

from __future__ import annotations

from pathlib import Path

SUMMARY = "summary.md"
PARALLEL_RUNS = 2
"""Runs at once: each is a client and a mock taking turns (about one core), so two fill a
two-core machine and halve the campaign's wall time."""
POOL = ("--pool", "40")
"""hypothesis-graphql draws cost more than sending: small pools keep the set-up short."""
RUNS: dict[str, tuple[str, ...]] = {
    "fuzz-kontent": ("fuzz", "--api", "kontent", "--requests", "500", *POOL),
    "fuzz-wikijs": ("fuzz", "--api", "wikijs", "--requests", "300", *POOL),
    "fuzz-wikijs-2.5.314": ("fuzz", "--api", "wikijs", "--emulate", "2.5.314", "--requests", "150", *POOL),
    "crash": ("crash", "--rounds", "2"),
    "concurrency": ("concurrency", "--clients", "50", "--operations", "4"),
    "uploads": ("uploads",),
    "cors": ("cors",),
}


def commands(out_dir: Path) -> list[list[str]]:
    """The argv of each run, with its ``--out`` file in ``out_dir``."""
    return [[*argv, "--out", str(out_dir / f"{name}.json")] for name, argv in RUNS.items()]


def figure_files(out_dir: Path) -> list[Path]:
    return [out_dir / f"{name}.json" for name in RUNS]
