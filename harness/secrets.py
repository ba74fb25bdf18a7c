"""Credentials come from the environment only and are removed from everything we print."""

from __future__ import annotations

import os
import re
from collections.abc import Iterable
from dataclasses import dataclass

CREDENTIAL_VARIABLES = ("WIKIJS_API_KEY", "KONTENT_API_KEY", "KONTENT_PREVIEW_API_KEY")
MASK = "***"
_BEARER = re.compile(r"(?i)(bearer\s+)[^\s'\"]+")
_JWT = re.compile(r"\beyJ[\w-]+\.eyJ[\w-]+\.[\w-]*")
"""Session and API-key tokens a target hands out during the run (login answers): no option names them."""
_ESCAPED_PASSWORD = re.compile(r'(?i)(\b\w*password\w*(?:\\")?\s*:\s*\\")(?:[^\\]|\\\\|\\[^"])*(\\")')
_PASSWORD = re.compile(r'(?i)(\b\w*password\w*"?\s*:\s*")(?:[^"\\]|\\.)*(")')
"""A password argument or JSON field (``password: "..."``, ``"passwordRaw": "..."``), also inside a
JSON string (a GraphQL document or JSON in a JSON body, quotes escaped)."""


def credentials_from_environment() -> dict[str, str]:
    return {name: value for name in CREDENTIAL_VARIABLES if (value := os.environ.get(name, "").strip())}


@dataclass(frozen=True)
class Redactor:
    """Masks known secrets and anything that looks like a bearer token, a JWT or a password value."""

    secrets: Iterable[str]

    def redact(self, text: str) -> str:
        for secret in self.secrets:
            if secret:
                text = text.replace(secret, MASK)
        for pattern in (_ESCAPED_PASSWORD, _PASSWORD):
            text = pattern.sub(lambda m: m.group(1) + MASK + m.group(2), text)
        text = _JWT.sub(MASK, text)
        return _BEARER.sub(lambda m: m.group(1) + MASK, text)


def default_redactor() -> Redactor:
    return Redactor(tuple(credentials_from_environment().values()))
