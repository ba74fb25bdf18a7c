"""No secret reaches any file a run produces: reports (summary.json/md/html, junit.xml), curl
reproductions, mock logs, Locust CSV and HTML.

The suites run (a few rules, with a fault so that failures write reproductions) and a short
load check runs, all with distinctive credential values in the environment; then every produced
file is searched for those values and for anything shaped like a JWT (the Wiki.js mock hands out
session and API-key JWTs that no option names in advance).
"""

from __future__ import annotations

import os
import re
import subprocess
import sys
from pathlib import Path

import pytest

SECRETS = {
    "WIKIJS_API_KEY": "wikijs-key-Zq8SECRETMARKwk",
    "KONTENT_API_KEY": "kontent-key-Zq8SECRETMARKka",
    "KONTENT_PREVIEW_API_KEY": "kontent-preview-Zq8SECRETMARKkp",
    "KONTENT_SECOND_API_KEY": "kontent-second-Zq8SECRETMARKks",
    "WIKIJS_MOCK_ADMIN_PASSWORD": "wikijs-admin-password-Zq8SECRETMARKwp",
}
JWT = re.compile(rb"eyJ[\w-]{8,}\.eyJ[\w-]{8,}\.[\w-]{8,}")
RUNS = {
    "wikijs suites": [
        "-m", "pytest", "suites", "-p", "no:cacheprovider", "-q", "--api", "wikijs",
        "--rule", "wikijs.auth.revoked_key", "--rule", "wikijs.auth.api_disabled", "--rule", "wikijs.errors.1002",
        "--fault", "wikijs.auth.revoked_key",
    ],
    "kontent suites": [
        "-m", "pytest", "suites", "-p", "no:cacheprovider", "-q", "--api", "kontent",
        "--rule", "kontent.content.preview", "--rule", "kontent.access.api_key", "--fault", "kontent.content.preview",
    ],
    "wikijs load": ["-m", "load", "wikijs", "--plan", "ci"],
}  # fmt: skip
"""Each run gets its own report directory (``--report-dir``)."""


def _run(name: str, report_dir: Path) -> subprocess.CompletedProcess[str]:
    environment = {**os.environ, **SECRETS}
    command = [sys.executable, *RUNS[name], "--report-dir", str(report_dir)]
    return subprocess.run(command, env=environment, capture_output=True, text=True, timeout=900, check=False)


@pytest.mark.slow
@pytest.mark.parametrize("name", list(RUNS))
def test_no_secret_reaches_a_produced_file(tmp_path: Path, name: str) -> None:
    result = _run(name, tmp_path)
    (tmp_path / "console.txt").write_text(result.stdout + result.stderr, encoding="utf-8")
    produced = [path for path in tmp_path.rglob("*") if path.is_file()]
    assert len(produced) > 2, result.stdout[-2000:] + result.stderr[-2000:]
    found = [
        f"{path.relative_to(tmp_path)}: {label}"
        for path in produced
        for label, present in _secrets_in(path.read_bytes())
        if present
    ]
    assert found == []


def _secrets_in(data: bytes) -> list[tuple[str, bool]]:
    return [(variable, value.encode() in data) for variable, value in SECRETS.items()] + [
        ("a JWT", JWT.search(data) is not None)
    ]
