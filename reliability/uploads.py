"""The uploads campaign: hostile file names, planted symlinks and oversized files against the
Wiki.js mock's ``POST /u`` on a ``--data-dir``.

After every upload the files of the whole work directory are compared with the ones before:
anything new outside ``<data dir>/uploads`` is an escape, and a stored file whose name is not
the store's own random name means a client's name became a path. A secret file next to the data
directory must never come back in an answer, also when a stored file is replaced by a symlink to it.
"""

from __future__ import annotations

import re
import time
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any
from urllib.parse import urlsplit, urlunsplit

from mock_server.wikijs.asset_store import UPLOADS_DIR
from reliability.mock import MockUnderTest
from reliability.multipart import Reply, send, upload_body
from reliability.results import MAX_FINDINGS
from specs import default_rules
from specs.model import UploadLimit

SECRET = b"reliability-outside-secret"
STORED_NAME = re.compile(r"^[0-9a-f]{32}$")
TRAVERSALS = (
    b"../escape.txt", b"../../escape.txt", b"a/../../escape.txt", b"./../escape.txt", b"....//escape.txt",
    b"..\\escape.txt", b"..%2Fescape.txt", b"%2e%2e%2fescape.txt", b"..%252fescape.txt", b"..%c0%afescape.txt",
    "..\u2215escape.txt".encode(), "..\uff0fescape.txt".encode(), b"\x00../escape.txt", b"..;/escape.txt",
    b"../uploads/../../escape.txt", b"..", b".", b"/", b"%00",
)  # fmt: skip
"""Relative climbs, Windows and encoded separators, look-alike slashes, NUL; plus absolute names
built from the work directory (the campaign adds those)."""
FETCHES = ("/../outside/secret.txt", "/%2e%2e/outside/secret.txt", "/..%2foutside%2fsecret.txt", "/escape.txt")


@dataclass
class UploadTally:
    uploads: int = 0
    fetches: int = 0
    escapes: int = 0
    client_named_files: int = 0
    secret_served: int = 0
    oversize_stored: int = 0
    server_errors: int = 0
    findings: list[dict[str, Any]] = field(default_factory=list)

    def note(self, what: str, detail: str) -> None:
        if len(self.findings) < MAX_FINDINGS:
            self.findings.append({"what": what, "detail": detail})


def _files(root: Path) -> set[Path]:
    return {path for path in root.rglob("*") if path.is_file() or path.is_symlink()}


def _base(url: str) -> str:
    parts = urlsplit(url)
    return urlunsplit((parts.scheme, parts.netloc, "", "", ""))


class UploadCampaign:
    def __init__(self, work_dir: Path, mock: MockUnderTest) -> None:
        self.work_dir, self.mock = work_dir, mock
        assert mock.data_dir is not None
        self.blobs = mock.data_dir / UPLOADS_DIR
        self.secret = work_dir / "outside" / "secret.txt"
        self.tally = UploadTally()

    @property
    def upload_url(self) -> str:
        return _base(self.mock.url) + "/u"

    def _judge(self, label: str, reply: Reply) -> None:
        if reply.status >= 500:
            self.tally.server_errors += 1
            self.tally.note("5xx", f"{label}: {reply.status} {reply.body[:200]!r}")
        if SECRET in reply.body:
            self.tally.secret_served += 1
            self.tally.note("secret served", label)

    def upload(self, name: bytes, data: bytes = b"data") -> Reply:
        before = _files(self.work_dir)
        reply = send(self.upload_url, self.mock.token, upload_body(name, data))
        self.tally.uploads += 1
        self._judge(f"upload {name!r}", reply)
        assert self.mock.data_dir is not None
        for path in _files(self.work_dir) - before:
            if not path.is_relative_to(self.blobs):
                self.tally.escapes += 1
                self.tally.note("escape", f"upload {name!r} created {path.relative_to(self.work_dir)}")
            elif not STORED_NAME.match(path.name):
                self.tally.client_named_files += 1
                self.tally.note("client-named file", f"upload {name!r} stored as {path.name}")
        return reply

    def fetch(self, path: str) -> Reply:
        reply = send(_base(self.mock.url) + path, None, b"", method="GET")
        self.tally.fetches += 1
        self._judge(f"GET {path}", reply)
        return reply

    def traversal(self) -> None:
        absolute = [str(self.work_dir / "outside" / "escape.txt").encode(), str(self.secret).encode()]
        for name in (*TRAVERSALS, *absolute):
            self.upload(name)
        for path in FETCHES:
            self.fetch(path)

    def symlinks(self) -> None:
        """A stored file replaced by a symlink to the secret: not served, not written through."""
        before = _files(self.blobs)
        self.upload(b"planted.txt")
        for blob in _files(self.blobs) - before:
            blob.unlink()
            blob.symlink_to(self.secret)
        self.fetch("/planted.txt")
        self.upload(b"planted.txt", b"overwritten")
        if self.secret.read_bytes() != SECRET:
            self.tally.escapes += 1
            self.tally.note("written through a symlink", "re-upload of planted.txt changed the secret file")

    def oversize(self, limit: UploadLimit) -> None:
        """One byte over the limit: refused with the rule's status and nothing stored."""
        before = _files(self.blobs)
        reply = self.upload(b"big.bin", b"x" * (limit.max_bytes + 1))
        if reply.status != limit.status or _files(self.blobs) != before or self.fetch("/big.bin").status == 200:
            self.tally.oversize_stored += 1
            self.tally.note("oversize", f"{limit.max_bytes + 1} bytes: {reply.status} {reply.body[:200]!r}")


def run_uploads(work_dir: Path) -> tuple[dict[str, Any], dict[str, bool]]:
    limit = default_rules()["wikijs.uploads.max_file_size"].data_as(UploadLimit)
    (work_dir / "outside").mkdir()
    (work_dir / "outside" / "secret.txt").write_bytes(SECRET)
    mock = MockUnderTest("wikijs", data_dir=work_dir / "data", log_file=work_dir / "mock.log")
    started = time.monotonic()
    mock.start()
    campaign = UploadCampaign(work_dir, mock)
    try:
        campaign.traversal()
        campaign.symlinks()
        campaign.oversize(limit)
    finally:
        mock.stop()
    tally = campaign.tally
    figures = {
        "api": "wikijs",
        "uploads": tally.uploads,
        "fetches": tally.fetches,
        "escapes": tally.escapes,
        "client_named_files": tally.client_named_files,
        "secret_served": tally.secret_served,
        "oversize_stored": tally.oversize_stored,
        "violations": tally.escapes + tally.client_named_files + tally.secret_served + tally.oversize_stored,
        "5xx": tally.server_errors,
        "peak_rss_bytes": mock.peak_rss,
        "seconds": round(time.monotonic() - started, 1),
        "findings": tally.findings,
    }
    goals = {
        "nothing written outside the uploads directory": tally.escapes == 0,
        "no client name becomes a path": tally.client_named_files == 0,
        "no file outside the store served": tally.secret_served == 0,
        "oversized upload refused, nothing stored": tally.oversize_stored == 0,
        "no 5xx": tally.server_errors == 0,
    }
    return figures, goals
