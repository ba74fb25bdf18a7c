"""Kontent.ai: query complexity and depth limits."""

from __future__ import annotations

from dataclasses import dataclass

from specs.model.envelope import RuleData
from specs.model.registry import kind


@dataclass(frozen=True)
class ComplexityVector:
    """A docs example: the ``limit`` of each nested item collection, outermost first."""

    limits: tuple[int, ...]
    complexity: int


@kind("query_complexity")
@dataclass(frozen=True)
class QueryComplexity(RuleData):
    max: int
    error_code: str
    header: str
    status: int
    vectors: tuple[ComplexityVector, ...] = ()


@dataclass(frozen=True)
class DepthVector:
    """A docs example: the maximum nesting of each root field and the request's total depth."""

    depths: tuple[int, ...]
    total: int


@kind("query_depth")
@dataclass(frozen=True)
class QueryDepth(RuleData):
    max: int
    error_code: str
    status: int
    vectors: tuple[DepthVector, ...] = ()
