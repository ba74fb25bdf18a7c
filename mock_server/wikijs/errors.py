"""Wiki.js error codes and ``ResponseStatus`` values, all read from the rule files.

Code refers to an error by its rule id; code, slug and message come from that rule, so an
emulated implementation or a fault changes what clients see without touching the resolvers.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import replace
from enum import StrEnum
from typing import Any

from mock_server.http.graphql_errors import PublicError
from specs import RuleSet
from specs.model import ErrorCode, MissingTarget, PermissionModel, ResponseStatus

RESOLVER_ERROR_CODE = "INTERNAL_SERVER_ERROR"
"""``extensions.code`` the real server (Apollo) gives errors thrown by resolvers."""

RESPONSE_STATUS_RULE = "wikijs.response_status.shape"
PERMISSIONS_RULE = "wikijs.permissions.model"
MISSING_TARGET_RULES = (
    "wikijs.pages.update_missing_page",
    "wikijs.pages.history_missing_page",
    "wikijs.users.single_missing_user",
)
"""What an id that names nothing answers; each rule lists the operations it covers, and the
resolvers ask :meth:`ErrorTable.missing` by operation."""
PLAIN_CODE = 1
PLAIN_SLUG = "Error"
"""What the real server reports for a plain ``Error('...')``: no documented code (facts § 2.2)."""


class PageError(StrEnum):
    """Rule ids of the page errors the mock raises."""

    DUPLICATE_CREATE = "wikijs.errors.6002"
    NOT_FOUND = "wikijs.errors.6003"
    EMPTY_CONTENT = "wikijs.errors.6004"
    ILLEGAL_PATH = "wikijs.errors.6005"
    DUPLICATE_MOVE = "wikijs.errors.6006"


class WikiError(PublicError):
    """A documented Wiki.js error. Mutations report it in ``responseResult``; queries raise it
    as a GraphQL error whose ``extensions.exception.code`` carries the numeric code."""

    def __init__(self, entry: ErrorCode) -> None:
        super().__init__(
            entry.message,
            extensions={"code": RESOLVER_ERROR_CODE, "exception": {"code": entry.code}},
        )
        self.code = entry.code
        self.slug = entry.slug

    @classmethod
    def plain(cls, message: str, slug: str = PLAIN_SLUG) -> WikiError:
        """A refusal the server words itself, without a documented code: errorCode 1, the error
        class (``Error``, ``TypeError``...) as slug."""
        return cls(ErrorCode(code=PLAIN_CODE, slug=slug, message=message, category=slug))


class ErrorTable:
    def __init__(self, rules: RuleSet) -> None:
        self._rules = rules
        targets = [rules[rule_id].data_as(MissingTarget) for rule_id in MISSING_TARGET_RULES]
        self._missing = {operation: target for target in targets for operation in target.operations}
        self._refusals = rules[PERMISSIONS_RULE].data_as(PermissionModel).refusals

    def missing(self, operation: str) -> WikiError:
        """What ``operation`` answers for an id that names nothing (a ``missing_target`` rule)."""
        target = self._missing[operation]
        if target.answer == "plain_error":
            return WikiError.plain(target.message)
        return self.error(target.error_code)

    def emitted(self, rule_id: str) -> bool:
        """False when the emulated implementation never reports this code (``emitted: false``)."""
        entry = self._rules.data(rule_id)
        return not isinstance(entry, ErrorCode) or entry.emitted

    def failed(self, rule_id: str, check: str) -> WikiError:
        """The error of a failed input check (``name.too_short``): the check's own message where the
        emulated implementation words the checks apart (``checks``) or the server always words it
        (``worded_checks``), else the rule's."""
        entry = self._entry(rule_id)
        return self.error(rule_id, entry.checks.get(check) or entry.worded_checks.get(check))

    def plain(self, rule_id: str, case: str) -> WikiError:
        """A refusal at this code's step that the server throws without a code (``plain_errors``)."""
        return WikiError.plain(self._entry(rule_id).plain_errors[case])

    def substitute(self, rule_id: str) -> WikiError | None:
        """The plain error an implementation answers instead of a code it never emits (``plain_error``)."""
        entry = self._rules.data(rule_id)
        if isinstance(entry, ErrorCode) and not entry.emitted and entry.plain_error:
            return WikiError.plain(entry.plain_error)
        return None

    def trigger_values(self, rule_id: str, name: str) -> tuple[Any, ...]:
        """The inputs the rule says provoke its code (``trigger.values[name]``): the mock refuses
        exactly those, so a fault that changes them breaks the trigger condition."""
        trigger = self._entry(rule_id).trigger
        if trigger is None or name not in trigger.values:
            raise TypeError(f"rule {rule_id} has no trigger values {name!r}")
        return tuple(trigger.values[name])

    def limits(self, rule_id: str) -> Mapping[str, int]:
        """The input limits of the rule's trigger (``trigger.limits``): the mock refuses one past
        each, so a fault that shifts them moves the refusal."""
        trigger = self._entry(rule_id).trigger
        if trigger is None or not trigger.limits:
            raise TypeError(f"rule {rule_id} has no trigger limits")
        return trigger.limits

    def refusal(self, case: str, *values: str) -> str:
        """The plain-error message of a group or user management refusal (the permission model's
        ``refusals``), with the offending ``values`` filled in."""
        return self._refusals[case].format(", ".join(values))

    def error(self, rule_id: str, message: str | None = None) -> WikiError:
        """``message`` replaces the documented one and keeps code and slug, as ``new X('text')`` does."""
        entry = self._entry(rule_id)
        return WikiError(entry if message is None else replace(entry, message=message))

    def _entry(self, rule_id: str) -> ErrorCode:
        entry = self._rules.data(rule_id)
        if not isinstance(entry, ErrorCode):
            raise TypeError(f"rule {rule_id} is not an error_code rule")
        return entry


class ResponseStatuses:
    """``responseResult`` objects for success and for a :class:`WikiError`."""

    def __init__(self, rules: RuleSet) -> None:
        shape = rules.data(RESPONSE_STATUS_RULE)
        if not isinstance(shape, ResponseStatus):
            raise TypeError(f"rule {RESPONSE_STATUS_RULE} is not a response_status rule")
        self._success = shape.success

    def success(self, operation: str) -> dict[str, Any]:
        """``operation`` is ``<namespace>.<mutation>``, e.g. ``pages.create``."""
        return {
            "succeeded": True,
            "errorCode": self._success.errorCode,
            "slug": self._success.slug,
            "message": self._success.message_for(operation),
        }

    @staticmethod
    def failure(error: WikiError) -> dict[str, Any]:
        return {"succeeded": False, "errorCode": error.code, "slug": error.slug, "message": error.message}
