"""Turn a failing test's last request into commands a person can paste to see it again."""

from __future__ import annotations

import hashlib
import shlex
from pathlib import Path

from suites.client import Exchange
from suites.secrets import Redactor

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
