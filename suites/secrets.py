"""Credentials come from the environment only and are removed from everything we print."""

from __future__ import annotations

import os
import re
from collections.abc import Iterable
from dataclasses import dataclass

CREDENTIAL_VARIABLES = ("WIKIJS_API_KEY", "KONTENT_API_KEY", "KONTENT_PREVIEW_API_KEY")
MASK = "***"
_BEARER = re.compile(r"(?i)(bearer\s+)[^\s'\"]+")


def credentials_from_environment() -> dict[str, str]:
    return {name: value for name in CREDENTIAL_VARIABLES if (value := os.environ.get(name, "").strip())}


@dataclass(frozen=True)
class Redactor:
    """Masks known secrets and anything that looks like a bearer token."""

    secrets: Iterable[str]

    def redact(self, text: str) -> str:
        for secret in self.secrets:
            if secret:
                text = text.replace(secret, MASK)
        return _BEARER.sub(lambda m: m.group(1) + MASK, text)


def default_redactor() -> Redactor:
    return Redactor(tuple(credentials_from_environment().values()))
