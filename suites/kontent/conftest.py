"""Fixtures of the Kontent.ai content suites: the environment's content types, found once."""

from __future__ import annotations

import pytest

from harness.kontent_discovery import ContentTypeInfo, by_size, content_types
from suites.kontent.filter_world import Budget, FilterWorld
from suites.kontent.shapes import Nest, find_nest
from suites.pool import TargetPool

LIVE_FILTER_BUDGET = 1000
"""`where` queries a run against a live target sends when ``--filter-budget`` is not given."""
SAMPLED_TYPES = 3
"""Suites that walk whole collections look at this many of the biggest types: enough to mix
element kinds, few enough for a live environment with hundreds of types."""


@pytest.fixture(scope="session")
def catalogue(target_pool: TargetPool) -> list[ContentTypeInfo]:
    """Every content type of the target (introspection), with the codename its items report."""
    return content_types(target_pool.get("kontent"))


@pytest.fixture(scope="session")
def sized(target_pool: TargetPool, catalogue: list[ContentTypeInfo]) -> list[tuple[int, ContentTypeInfo]]:
    """Content types with items and their item counts, biggest first (one count query per type)."""
    found = by_size(target_pool.get("kontent"), catalogue)
    if not found:
        pytest.skip("the environment has no content items")
    return found


@pytest.fixture(scope="session")
def populated(sized: list[tuple[int, ContentTypeInfo]]) -> list[tuple[int, ContentTypeInfo]]:
    """The biggest content types with items, and their item counts."""
    return sized[:SAMPLED_TYPES]


@pytest.fixture(scope="session")
def nest(target_pool: TargetPool, catalogue: list[ContentTypeInfo]) -> Nest:
    """A content type linking to its own type: the building block of queries of known complexity."""
    found = find_nest(target_pool.get("kontent"), catalogue)
    if found is None:
        pytest.skip("no content type links to items of its own type: complexity and depth queries cannot be built")
    return found


@pytest.fixture(scope="session")
def filter_world(target_pool: TargetPool, sized: list[tuple[int, ContentTypeInfo]]) -> FilterWorld:
    """The filter suites' knowledge of the target: the biggest types within ``--item-budget``,
    and at most ``--filter-budget`` `where` queries."""
    options = target_pool.options
    target = target_pool.get("kontent")
    budget, item_budget = options.filter_budget, options.item_budget
    return FilterWorld(
        target,
        [info for count, info in sized if count <= item_budget][:SAMPLED_TYPES],
        item_budget=item_budget,
        budget=Budget(LIVE_FILTER_BUDGET if budget is None and not target.embedded else budget),
        depth=options.filter_depth,
        selected=frozenset(options.rules),
    )
