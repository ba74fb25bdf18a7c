"""The mock under test: a ``python -m mock_server`` process (harness.targets.EmbeddedMock) whose
resident memory is sampled while the campaign runs."""

from __future__ import annotations

import os
import threading
from dataclasses import dataclass, field
from pathlib import Path

import psutil

from harness.targets import SHARED_KONTENT_RATE_LIMIT, SUITE_KEY_VARIABLE, EmbeddedMock, MockStartError
from mock_server.cli import ADMIN_PASSWORD_ENV
from mock_server.wikijs.samples import DEFAULT_ADMIN_EMAIL
from reliability.rekey import Rekeyer, new_admin_password

RSS_SAMPLE_SECONDS = 0.25
START_ATTEMPTS = 4
BODY_TIMEOUT_SECONDS = 1.0
"""The mock's ``--body-timeout`` in campaigns: a stalled body costs a worker this long."""


@dataclass
class MockUnderTest:
    api: str
    emulate: str | None = None
    data_dir: Path | None = None
    log_file: Path | None = None
    options: tuple[str, ...] = ()
    """More ``python -m mock_server`` options (``--cors ORIGIN``)."""
    peak_rss: int = 0
    starts: int = 0
    mock: EmbeddedMock | None = None
    admin_password: str = field(default_factory=new_admin_password, repr=False)
    """Wiki.js: the admin login the campaign keeps to get API access back (see :mod:`reliability.rekey`)."""
    _sampling: threading.Event = field(default_factory=threading.Event)

    @property
    def token(self) -> str | None:
        """Wiki.js: the admin API key the embedded mock registers (set by EmbeddedMock)."""
        return os.environ.get(SUITE_KEY_VARIABLE) if self.api == "wikijs" else None

    @property
    def url(self) -> str:
        assert self.mock is not None
        return self.mock.url

    def start(self) -> str:
        """A busy machine may miss the start timeout: a few tries before giving up."""
        for _ in range(START_ATTEMPTS - 1):
            try:
                return self._start()
            except MockStartError:
                continue
        return self._start()

    def _start(self) -> str:
        options = ["--body-timeout", str(BODY_TIMEOUT_SECONDS)]
        options += ["--data-dir", str(self.data_dir)] if self.data_dir else []
        options += self.options
        if self.api == "kontent":  # the campaign tests robustness, not the documented rate limits
            options += ["--rate-limit", SHARED_KONTENT_RATE_LIMIT]
        secret = {ADMIN_PASSWORD_ENV: self.admin_password} if self.api == "wikijs" else {}
        self.mock = EmbeddedMock(
            self.api, emulate=self.emulate, log_file=self.log_file, options=options, secret_environment=secret
        )
        url = self.mock.start()
        self.starts += 1
        self._sampling = threading.Event()
        threading.Thread(target=self._sample, args=(self.mock, self._sampling), daemon=True).start()
        return url

    def rekeyer(self) -> Rekeyer | None:
        """Wiki.js: the admin session of the running process, logged in; None for Kontent.ai."""
        if self.api != "wikijs":
            return None
        rekeyer = Rekeyer(self.url, DEFAULT_ADMIN_EMAIL, self.admin_password)
        rekeyer.log_in()
        return rekeyer

    def _sample(self, mock: EmbeddedMock, stop: threading.Event) -> None:
        assert mock.process is not None
        process = psutil.Process(mock.process.pid)
        while True:  # one sample at once and one when stopped: a short run is measured too
            try:
                self.peak_rss = max(self.peak_rss, process.memory_info().rss)
            except psutil.Error:
                return
            if stop.is_set():
                return
            stop.wait(RSS_SAMPLE_SECONDS)

    def exit_code(self) -> int | None:
        """None while the process runs."""
        assert self.mock is not None and self.mock.process is not None
        return self.mock.process.poll()

    def kill(self) -> None:
        """``kill -9``: no clean-up runs in the mock."""
        assert self.mock is not None and self.mock.process is not None
        self._sampling.set()
        self.mock.process.kill()
        self.mock.process.wait(timeout=30)

    def stop(self) -> None:
        self._sampling.set()
        if self.mock is not None:
            self.mock.stop()
