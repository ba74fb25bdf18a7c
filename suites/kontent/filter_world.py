"""What the filter suites know about a target: its filterable fields, its learned collections
(per content type, language and endpoint), the budgets that bound a live run, and the focus of
a ``--rule`` selection (the meta-tests' way to aim every example at one broken rule).
"""

from __future__ import annotations

import json
import os
from collections.abc import Sequence
from dataclasses import dataclass, field

from harness.kontent_discovery import ContentTypeInfo
from harness.targets import Target
from specs import RuleSet
from specs.model import FilterOperator
from suites.kontent.filter_fields import FilterCatalogue, FilterField, Learned, filter_fields, learn
from suites.kontent.languages import EMBEDDED_LANGUAGES, LANGUAGES_VARIABLE
from suites.kontent.preview import preview_client

LANGUAGE_ARGUMENT = "languageFilter"


def filter_rule_ids(rules: RuleSet) -> tuple[str, ...]:
    return tuple(r.id for r in rules if r.kind.startswith("filter_"))


@dataclass(frozen=True)
class Collection:
    """One `_All` collection as one endpoint answers it in one language (None: the default)."""

    info: ContentTypeInfo
    language: str | None
    preview: bool

    def __repr__(self) -> str:
        endpoint = "preview" if self.preview else "published"
        return f"{self.info.collection_query}[{self.language or 'default'}, {endpoint}]"

    @property
    def arguments(self) -> str:
        return f", {LANGUAGE_ARGUMENT}: {{languageCodename: {json.dumps(self.language)}}}" if self.language else ""


@dataclass
class Budget:
    """Filter queries a run may still send (None: unbounded)."""

    left: int | None

    def take(self, count: int = 1) -> bool:
        if self.left is None:
            return True
        if self.left < count:
            return False
        self.left -= count
        return True


@dataclass
class FilterWorld:
    target: Target
    types: Sequence[ContentTypeInfo]
    item_budget: int
    budget: Budget
    depth: int
    selected: frozenset[str]
    catalogue: FilterCatalogue = field(init=False)
    _fields: dict[str, list[FilterField]] = field(default_factory=dict)
    _learned: dict[Collection, Learned | None] = field(default_factory=dict)
    _preview: Target | None = None

    def __post_init__(self) -> None:
        self.catalogue = FilterCatalogue.of(self.target.rules)

    # ---- focus -------------------------------------------------------------------------------

    @property
    def focus_operators(self) -> set[str] | None:
        chosen = {
            r.data_as(FilterOperator).operator
            for r in self.target.rules.of_kind("filter_operator")
            if r.id in self.selected
        }
        return chosen or None

    def focused(self, fields: Sequence[FilterField]) -> list[FilterField]:
        """Fields of the selected field rules, or every field when no field rule is selected."""
        field_rules = {
            r.id for r in self.target.rules if r.kind in ("filter_system", "filter_element", "filter_snippet")
        }
        wanted = self.selected & field_rules
        return [f for f in fields if wanted & set(f.rules)] if wanted else list(fields)

    # ---- data --------------------------------------------------------------------------------

    def languages(self) -> list[str | None]:
        given = os.environ.get(LANGUAGES_VARIABLE)
        if given:
            return [None, *(code.strip() for code in given.split(",") if code.strip())]
        return [None, *EMBEDDED_LANGUAGES] if self.target.embedded else [None]

    def collections(self, *, preview: bool | None = None) -> list[Collection]:
        endpoints = [False, True] if self.target.preview_key else [False]
        if preview is not None:
            endpoints = [preview] if preview in endpoints else []
        return [Collection(i, lang, p) for i in self.types for lang in self.languages() for p in endpoints]

    def endpoint(self, collection: Collection) -> Target:
        if not collection.preview:
            return self.target
        if self._preview is None:
            client = preview_client(self.target, self.target.preview_key)
            t = self.target
            self._preview = Target(
                t.api, client.base_url, t.rules, client, t.embedded, False, preview_key=t.preview_key
            )
        return self._preview

    def fields(self, info: ContentTypeInfo) -> list[FilterField]:
        if info.type_name not in self._fields:
            self._fields[info.type_name] = filter_fields(self.target, info, self.catalogue)
        return self._fields[info.type_name]

    def learned(self, collection: Collection) -> Learned | None:
        """The whole collection, learned once; None when it holds more items than the item budget."""
        if collection not in self._learned:
            fields = self.fields(collection.info)
            self._learned[collection] = learn(
                self.endpoint(collection), collection.info, fields, collection.arguments, self.item_budget
            )
        return self._learned[collection]
