"""How one answer is judged: a 5xx (unless a documented real-server 500 of the emulated
implementation), an answer that leaks internals, or a fine answer; and whether it shows that
the campaign's own access is gone.

The excused 500s come from the rule files: every rule whose deviation for the emulated
implementation sets ``status: 500`` excuses a 500 whose body carries that rule's message,
so no list of known 500s is kept here. Leaks are excused the same way: only where the
served-schema rule, as the emulated implementation answers it, keeps no internal detail out.
"""

from __future__ import annotations

import json
import re
from collections.abc import Iterable
from dataclasses import dataclass

from reliability.client import Answer
from specs import RuleSet
from specs.model import AccessDenial, ServedSchema

LEAK_PATTERNS: dict[str, re.Pattern[bytes]] = {
    "stack trace": re.compile(rb'Traceback \(most recent call last\)|File \\?"[^"\\]+\\?", line \d+|\bat \w+ \(/'),
    "sql": re.compile(
        rb"\b(?:SELECT\b[^\"]{1,200}\bFROM|INSERT INTO|DELETE FROM|UPDATE \w+ SET)\b|sqlite3\.\w|SQLITE_[A-Z]|"
        rb"no such (?:table|column)|(?:UNIQUE|FOREIGN KEY|NOT NULL) constraint failed|database is locked",
        re.IGNORECASE,
    ),
    "file path": re.compile(rb"(?:/[\w.-]+){2,}\.py\b|site-packages|/(?:home|root|work|usr|opt)/[\w.-]+/"),
    "python internals": re.compile(rb"\b(?:RecursionError|KeyError|TypeError|AttributeError|ValueError)\b"),
}
"""What internal detail looks like in an answer body: a regex per category."""


def leaks(body: bytes) -> list[str]:
    """The leak categories the body matches."""
    return [name for name, pattern in LEAK_PATTERNS.items() if pattern.search(body)]


def excused_500_messages(rules: RuleSet, implementation: str) -> tuple[str, ...]:
    """Messages of the rules whose deviation for ``implementation`` is a real-server HTTP 500."""
    messages: list[str] = []
    for rule in rules:
        deviation = rule.deviation(implementation)
        if deviation is None or deviation.data.get("status") != 500:
            continue
        message = getattr(rule.data, "message", None)
        if isinstance(message, str):
            messages.append(message)
    return tuple(messages)


def leaks_excused(rules: RuleSet, implementation: str) -> bool:
    """Whether ``implementation`` is recorded as showing internal detail (a served-schema rule
    whose deviation empties ``internal_detail``: a real release in development mode)."""
    return any(
        not rule.as_implemented_by(implementation).data_as(ServedSchema).internal_detail
        for rule in rules.of_kind("served_schema")
    )


def is_excused(answer: Answer, excused: Iterable[str]) -> bool:
    text = answer.body.decode("utf-8", "replace")
    return answer.status == 500 and any(message in text for message in excused)


OWN_KEY_KINDS = frozenset({"query", "mutation"})
"""Schema-driven requests: sent with the campaign's full-access key and no other credential."""


@dataclass(frozen=True)
class AccessCheck:
    """Whether an answer shows that the campaign's own access is gone."""

    refusals: tuple[str, ...]
    """Token-rejection messages: the key revoked or the API switched off."""
    denials: tuple[str, ...]
    """Access-denial messages: a key whose signature no longer verifies (the secret was
    regenerated) reads as the guest without any refusal, so a full-access key's own request
    denied as the guest would be is the only sign."""

    @classmethod
    def from_rules(cls, rules: RuleSet) -> AccessCheck:
        return cls(
            tuple(str(getattr(rule.data, "message", "")) for rule in rules.of_kind("token_rejection")),
            tuple(rule.data_as(AccessDenial).forbidden for rule in rules.of_kind("access_denial")),
        )

    def lost(self, request_kind: str, body: bytes) -> bool:
        if any(message.encode() in body for message in self.refusals):
            return True
        if request_kind not in OWN_KEY_KINDS or not any(message.encode() in body for message in self.denials):
            return False
        try:
            errors = json.loads(body).get("errors") or []
        except (ValueError, AttributeError):
            return False
        return any(isinstance(error, dict) and error.get("message") in self.denials for error in errors)
