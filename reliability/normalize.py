"""What two servers may answer differently without either being wrong, taken out of an answer
before the differential campaign compares it: ids the databases gave, dates and times, hashes,
tokens and keys, stack traces (paths of the real server's files), durations of a rate-limit wait
and the facts of the host (versions of the database, memory, operating system)."""

from __future__ import annotations

import json
import re
from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any

ID_KEYS = re.compile(r"^(id|.*Id|versionId|pageId|parent)$")
"""Keys whose numbers the database chose."""
VOLATILE_KEYS = frozenset({"jwt", "key", "continuationToken", "hash"})
"""Keys whose values are secrets or made by the server: only their presence is compared."""
DROPPED_KEYS = frozenset({"exception"})
"""``extensions.exception``: the stack trace a server in development mode (NODE_ENV unset, as in the
official image) adds, with its own file paths; nothing a client can rely on."""
NAMING_KEYS = ("name", "email", "path")
"""What a listed object's sandbox name is read from (:func:`scope`)."""
HOST_KEYS = frozenset({"operatingSystem", "dbType", "pagesTotal", "usersTotal", "groupsTotal", "tagsTotal"})
"""system.info facts of the deployment (machine, database engine) and counts of what the servers
held before the run."""
DATE = re.compile(r"\d{4}-\d{2}-\d{2}[T ]\d{2}:\d{2}:\d{2}(\.\d+)?(Z|[+-]\d{2}:?\d{2})?")
HEX = re.compile(r"\b[0-9a-f]{32,}\b")
UUID = re.compile(r"^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$")
JWT = re.compile(r"\beyJ[\w-]+\.[\w-]+\.[\w-]+")
WAIT = re.compile(r"(try again in )\d+( seconds?)")
NUMBER_IN_STORE_MESSAGE = re.compile(r"(\bid )\d+")


@dataclass(frozen=True)
class Answer:
    """An HTTP answer as the campaign compares it."""

    status: int | None
    content_type: str
    body: bytes

    def view(self) -> dict[str, Any]:
        """The answer with its body decoded (JSON when it is JSON), for reports."""
        return {"status": self.status, "content_type": self.content_type, "body": decode(self.body)}


def decode(body: bytes) -> Any:
    text = body.decode("utf-8", "replace")
    try:
        return json.loads(text)
    except ValueError:
        return text


def text(value: str) -> str:
    value = JWT.sub("<token>", value)
    value = DATE.sub("<date>", value)
    value = HEX.sub("<hash>", value)
    return WAIT.sub(r"\1<n>\2", value)


def value(item: Any, key: str = "") -> Any:
    if key in VOLATILE_KEYS:
        return "<present>" if item not in (None, "") else item
    if key in HOST_KEYS:
        return type(item).__name__
    if isinstance(item, dict):
        return {name: value(inner, name) for name, inner in item.items() if name not in DROPPED_KEYS}
    if isinstance(item, list):
        return [value(inner, key) for inner in item]
    if isinstance(item, bool) or item is None:
        return item
    if ID_KEYS.match(key) and (isinstance(item, int) or (isinstance(item, str) and UUID.match(item))):
        return "<id>"
    if isinstance(item, str):
        return text(item)
    return item


def media_type(content_type: str) -> str:
    """``text/html; charset=utf-8`` -> ``text/html; charset=utf-8`` lower-cased, spaces dropped."""
    return content_type.replace(" ", "").lower()


def scope(item: Any, stem: str) -> Any:
    """Lists of named objects keep only those of the sandbox ``stem``: a list of every group (say)
    also shows what each server held before the run, which differs and is none of the run's business."""
    if isinstance(item, dict):
        return {name: scope(inner, stem) for name, inner in item.items()}
    if isinstance(item, list) and any(_named(entry) for entry in item):
        return [scope(entry, stem) for entry in item if not _named(entry) or stem in _named(entry)]
    return item


UNORDERED = frozenset({"groups.list"})
"""Operations whose real answer has no order: Wiki.js 2.5.314 selects the groups without ORDER BY,
so PostgreSQL answers them in its storage order, which an update of a row changes (the renamed group
moves to the end); the mock answers by id. Their lists are compared as sets of objects."""


def in_name_order(item: Any) -> Any:
    if isinstance(item, dict):
        return {name: in_name_order(inner) for name, inner in item.items()}
    if isinstance(item, list) and item and all(_named(entry) for entry in item):
        return sorted((in_name_order(entry) for entry in item), key=_named)
    return item


def _named(entry: Any) -> str:
    if not isinstance(entry, dict):
        return ""
    return next((str(entry[key]) for key in NAMING_KEYS if isinstance(entry.get(key), str)), "")


def normalize(answer: Answer, stem: str | None = None, unordered: bool = False) -> dict[str, Any]:
    """The comparable form of an answer; with ``stem``, lists keep only that sandbox's objects, and
    with ``unordered`` those objects are compared in name order (see :data:`UNORDERED`)."""
    body = decode(answer.body)
    if stem is not None:
        body = scope(body, stem)
    if unordered:
        body = in_name_order(body)
    return {"status": answer.status, "content_type": media_type(answer.content_type), "body": value(body)}


def differences(real: Any, mock: Any, path: str = "") -> list[str]:
    """Paths where two normalized answers differ (``body.errors.0.message``); empty when equal."""
    if isinstance(real, dict) and isinstance(mock, dict):
        found: list[str] = []
        for key in sorted(set(real) | set(mock), key=str):
            where = f"{path}.{key}" if path else str(key)
            if key not in real or key not in mock:
                found.append(where)
            else:
                found += differences(real[key], mock[key], where)
        return found
    if isinstance(real, list) and isinstance(mock, list) and len(real) == len(mock):
        found = []
        for index, (left, right) in enumerate(zip(real, mock, strict=True)):
            found += differences(left, right, f"{path}.{index}")
        return found
    return [] if real == mock else [path]


def split_excused(paths: list[str], fields: Mapping[str, str]) -> tuple[list[str], list[str]]:
    """The paths that count and the reasons of those excused: a path is excused when the field it
    ends in (``...extensions.0.isInstalled`` -> ``isInstalled``) is one of ``fields``. A list of
    another length differs as a whole and always counts."""
    counted: list[str] = []
    reasons: list[str] = []
    for path in paths:
        reason = fields.get(path.rpartition(".")[2])
        if reason is None:
            counted.append(path)
        elif reason not in reasons:
            reasons.append(reason)
    return counted, reasons
