"""Install the headless Chromium the HTML report test runs in: ``python -m reports.browser_setup``.

Uses the Debian packages ``chromium`` and ``chromium-driver`` (``/usr/bin/chromium``,
``/usr/bin/chromedriver``). Installs them only when missing and when running as root with
``apt-get`` (CI); otherwise says what is missing and leaves it to the test, which fails under
``CI`` and skips elsewhere.
"""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
import time
from pathlib import Path

CHROMIUM = Path("/usr/bin/chromium")
CHROMEDRIVER = Path("/usr/bin/chromedriver")
PACKAGES = ("chromium", "chromium-driver")


def installed() -> bool:
    return CHROMIUM.exists() and CHROMEDRIVER.exists()


def main() -> int:
    if installed():
        print(f"browser set-up: {CHROMIUM} and {CHROMEDRIVER} present")
        return 0
    if os.geteuid() != 0 or shutil.which("apt-get") is None:
        print(
            f"browser set-up: {CHROMIUM} or {CHROMEDRIVER} missing and cannot install them here "
            f"(needs root and apt-get): apt-get install {' '.join(PACKAGES)}",
            file=sys.stderr,
        )
        return 0
    started = time.monotonic()
    environment = {**os.environ, "DEBIAN_FRONTEND": "noninteractive"}
    for command in (
        ["apt-get", "update", "-q"],
        ["apt-get", "install", "-y", "-q", "--no-install-recommends", *PACKAGES],
    ):
        result = subprocess.run(command, env=environment, capture_output=True, text=True, check=False)
        if result.returncode != 0:
            print(f"browser set-up: {' '.join(command)} failed:\n{result.stdout[-2000:]}{result.stderr[-2000:]}")
            return result.returncode
    print(f"browser set-up: installed {' '.join(PACKAGES)} in {time.monotonic() - started:.0f} s")
    return 0


if __name__ == "__main__":
    sys.exit(main())
