"""The model package: kinds register by decorator, nested data classes come from annotations."""

from __future__ import annotations

import dataclasses

import pytest

from specs import default_rules
from specs.model import (
    KIND_TYPES,
    ComplexityVector,
    ErrorCode,
    PlainErrorAnswer,
    QueryComplexity,
    RuleData,
    StatusCode,
    StatusCodes,
    Trigger,
    UpdateSemantics,
    kind,
)


def test_nested_data_classes_are_built_from_the_field_annotations() -> None:
    """``tuple[X, ...]``, ``X`` and ``X | None`` fields hold data classes, not read-only mappings."""
    rules = default_rules()
    complexity = rules["kontent.query.complexity"].data_as(QueryComplexity)
    assert complexity.vectors and all(isinstance(v, ComplexityVector) for v in complexity.vectors)
    codes = rules["kontent.http.status_codes"].data_as(StatusCodes).codes
    assert codes and all(isinstance(code, StatusCode) for code in codes)
    triggered = [r.data_as(ErrorCode).trigger for r in rules.of_kind("error_code")]
    assert any(isinstance(t, Trigger) for t in triggered) and None in triggered
    update = rules.as_implemented_by("2.5.314")["wikijs.pages.update_omitted_arguments"].data_as(UpdateSemantics)
    assert isinstance(update.missing_tags_error, PlainErrorAnswer)
    assert isinstance(update.null_title_error, PlainErrorAnswer)


def test_overridden_data_keeps_its_nested_types() -> None:
    rule = default_rules()["kontent.query.complexity"]
    changed = rule.with_data({"max": 1}).data_as(QueryComplexity)
    assert changed.max == 1 and changed.vectors == rule.data_as(QueryComplexity).vectors
    assert all(isinstance(v, ComplexityVector) for v in changed.vectors)


def test_a_kind_name_cannot_be_registered_twice() -> None:
    @dataclasses.dataclass(frozen=True)
    class Shadow(RuleData):
        max: int

    with pytest.raises(ValueError, match="'query_complexity' registered twice"):
        kind("query_complexity")(Shadow)
    assert KIND_TYPES["query_complexity"] is QueryComplexity
