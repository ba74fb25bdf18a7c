"""Wiki.js: page reads and writes, and the data export."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any, Literal

from specs.model.envelope import RuleData
from specs.model.registry import kind
from specs.model.wikijs.errors import PlainErrorAnswer


@kind("page_search")
@dataclass(frozen=True)
class PageSearch(RuleData):
    """What ``pages.search`` finds: a substring (any case) of one of ``fields``."""

    fields: tuple[str, ...]
    published_only: bool
    max_hits: int


@kind("page_tree")
@dataclass(frozen=True)
class PageTree(RuleData):
    """``PageTreeMode`` value -> the kinds of node (``folder``, ``page``) it lists."""

    modes: Mapping[str, tuple[str, ...]]


@kind("page_history")
@dataclass(frozen=True)
class PageHistory(RuleData):
    """The page operations that record the previous state first, and the trail's order."""

    recorded: tuple[str, ...]
    order: Literal["newest_first", "oldest_first"]


@kind("page_history_actions")
@dataclass(frozen=True)
class PageHistoryActions(RuleData):
    """The actionType each trail row is given, derived from the trail when it is read."""

    actions: Mapping[str, str]
    """``first`` (the oldest version), ``moved`` (its path differs from the next older one),
    ``other``: action name."""


@kind("page_restore")
@dataclass(frozen=True)
class PageRestore(RuleData):
    """The version's values ``pages.restore`` brings back; ``path`` among them makes it a move.
    ``cleared``: the page's values a restore empties (a history version keeps no tags)."""

    fields: tuple[str, ...]
    cleared: tuple[Literal["tags"], ...] = ()


@kind("update_semantics")
@dataclass(frozen=True)
class UpdateSemantics(RuleData):
    """What ``pages.update`` does with arguments it is not given."""

    omitted: Literal["keep", "reset"]
    reset_values: Mapping[str, Any]
    missing_tags: Literal["keep", "plain_error"]
    missing_tags_error: PlainErrorAnswer
    path_without_locale: Literal["move", "plain_error"]
    path_without_locale_message: str
    null_title: Literal["keep", "plain_error"] = "keep"
    """A title sent as an explicit null: kept, or refused as ``null_title_error`` says (the
    real server's model validation) before anything is written."""
    null_title_error: PlainErrorAnswer | None = None


@kind("unknown_reference")
@dataclass(frozen=True)
class UnknownReference(RuleData):
    """How ``operation`` refuses an argument naming nothing known; ``arguments`` maps each to its
    foreign-key constraint (the ``{constraint}`` of ``sql_error.message``)."""

    operation: str
    arguments: Mapping[str, str]
    answer: Literal["error_code", "sql_error"]
    error_code: str
    sql_error: PlainErrorAnswer

    def sql_message(self, argument: str) -> str:
        return self.sql_error.message.replace("{constraint}", self.arguments[argument])


@kind("data_export")
@dataclass(frozen=True)
class DataExport(RuleData):
    """``system.export``: where it may write, each entity's file, the refusals' messages."""

    directory: str
    entities: Mapping[str, str]
    messages: Mapping[str, str]
    finished: Mapping[str, Any]
    """What ``exportStatus`` reports once every entity is written: ``status`` and ``progress``."""
