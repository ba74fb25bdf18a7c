"""Wiki.js: the ResponseStatus envelope, error codes and how each is triggered, missing targets."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from types import MappingProxyType
from typing import Any, Literal

from specs.model.envelope import RuleData
from specs.model.registry import kind


@dataclass(frozen=True)
class SuccessStatus:
    errorCode: int
    slug: str
    message: str | None = None
    messages: Mapping[str, str] = field(default_factory=lambda: MappingProxyType({}))

    def message_for(self, operation: str) -> str | None:
        """The success message of one operation (``pages.create``): specific, else generic."""
        return self.messages.get(operation, self.message)


@kind("response_status")
@dataclass(frozen=True)
class ResponseStatus(RuleData):
    schema: Mapping[str, Any]
    success: SuccessStatus


@dataclass(frozen=True)
class Trigger:
    """How a suite provokes an error code, and the input sets the mock validates against."""

    operation: str
    scenario: str
    description: str
    values: Mapping[str, tuple[Any, ...]] = field(default_factory=lambda: MappingProxyType({}))
    limits: Mapping[str, int] = field(default_factory=lambda: MappingProxyType({}))
    """Input limits the mock enforces (``password.min_length``...): one past a limit provokes the
    code, at the limit the input passes; a fault shifts them to break the trigger condition."""
    rate_limited: bool = False


@kind("error_code")
@dataclass(frozen=True)
class ErrorCode(RuleData):
    code: int
    slug: str
    message: str
    category: str
    emitted: bool = True
    checks: Mapping[str, str] = field(default_factory=lambda: MappingProxyType({}))
    """Message per failed input check (``email.invalid``, ``name.too_short``...), where the
    implementation words them apart; a check without one reports ``message``."""
    worded_checks: Mapping[str, str] = field(default_factory=lambda: MappingProxyType({}))
    """Message per failed input check that the server words itself in every implementation the
    mock emulates (observed on the real release; the docs word no check of these operations)."""
    plain_errors: Mapping[str, str] = field(default_factory=lambda: MappingProxyType({}))
    """Refusals at this code's step that the server throws as plain errors (errorCode 1, no
    documented code), by case; observed on the real release."""
    plain_error: str | None = None
    """Where the code is never emitted: the message of the plain error (no code) answered instead;
    none: the operation answers data without an error."""
    trigger: Trigger | None = None
    untriggerable: str | None = None
    """Why no request can provoke the code; such a rule needs neither a suite nor a fault."""


@kind("missing_target")
@dataclass(frozen=True)
class MissingTarget(RuleData):
    """What ``operations`` answer for an id that names nothing."""

    operations: tuple[str, ...]
    answer: Literal["error_code", "plain_error"]
    error_code: str
    message: str


@dataclass(frozen=True)
class PlainErrorAnswer:
    """An errorCode 1 answer: the error class as slug, its raw message."""

    slug: str
    message: str
