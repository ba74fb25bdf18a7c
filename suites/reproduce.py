"""Turn a failing check's request and the failing test into commands a person can paste to see it again."""

from __future__ import annotations

import hashlib
import shlex
from dataclasses import asdict, dataclass
from pathlib import Path
from typing import Any

from harness.client import Exchange
from harness.secrets import Redactor

INLINE_URL_LIMIT = 400
INLINE_BODY_LIMIT = 2000


def curl_command(exchange: Exchange, redactor: Redactor, artefact_dir: Path) -> str:
    """A curl command for the request; huge URLs and bodies go to files next to the report."""
    request = exchange.request
    digest = hashlib.sha256(request.url.encode() + (request.body or b"")).hexdigest()[:12]
    parts = ["curl", "-sS", "-i", "-X", request.method]
    url = redactor.redact(request.url)
    if len(url) > INLINE_URL_LIMIT:
        url_file = artefact_dir / f"{digest}.url"
        _write(url_file, url.encode())
        url_arg = f'"$(cat {shlex.quote(str(url_file))})"'
    else:
        url_arg = shlex.quote(url)
    for name, value in request.headers:
        parts += ["-H", shlex.quote(redactor.redact(f"{name}: {value}"))]
    if request.body is not None:
        body_text = request.body.decode("utf-8", errors="surrogateescape")
        if (
            len(request.body) > INLINE_BODY_LIMIT
            or body_text != redactor.redact(body_text)
            or not request.body.isascii()
        ):
            body_file = artefact_dir / f"{digest}.body"
            _write(body_file, redactor.redact(body_text).encode("utf-8", errors="surrogateescape"))
            parts += ["--data-binary", shlex.quote(f"@{body_file}")]
        else:
            parts += ["--data-binary", shlex.quote(body_text)]
    return " ".join([*parts, url_arg])


def _write(path: Path, content: bytes) -> None:
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_bytes(content)


DIFF_LINES = 40


@dataclass(frozen=True)
class Reproduction:
    """A failure's facts as values, for every report format (no text parsed back)."""

    replay: tuple[str, ...]
    curl: str | None
    exchange: str | None
    failing_check: bool
    """True when ``curl``/``exchange`` are the failing check's own; False: the test's last request."""
    rule: str | None = None
    problem: str | None = None

    def as_json(self) -> dict[str, Any]:
        return asdict(self)

    def text(self) -> str:
        lines = ["Replay the test (in a virtualenv with `pip install -e .`, or through tox):"]
        lines += [f"  {command}" for command in self.replay]
        if self.curl:
            which = "The failing check's request" if self.failing_check else "Last request"
            lines += [f"{which} (tokens redacted):", f"  {self.curl}"]
        return "\n".join(lines)


def replay_commands(arguments: list[str]) -> tuple[str, str]:
    """The same pytest arguments, from a plain virtualenv and through ``tox -e conformance``
    (whose runner selects only the given node id)."""
    quoted = " ".join(shlex.quote(argument) for argument in arguments)
    return f"python -m pytest -p no:cacheprovider {quoted}", f"python3 -m tox -e conformance -- {quoted}"


def assertion_diff(longrepr: str) -> str | None:
    """pytest's own account of the failed assert (``assert ...``, ``where ...``, the diff), which
    follows the oracle's message in the ``E`` lines of the report."""
    lines = [line[2:] if line.startswith("E ") else None for line in longrepr.splitlines()]
    block: list[str] = []
    for line in lines:
        if line is None:
            if block:
                break
            continue
        if block or line.lstrip().startswith("assert "):
            block.append(line)
    if not block:
        return None
    if len(block) > DIFF_LINES:
        block = [*block[:DIFF_LINES], f"... ({len(block) - DIFF_LINES} more lines in the test output)"]
    return "\n".join(block)
