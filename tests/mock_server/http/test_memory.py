"""Memory after a wide request (issue 22): its answer is not cached, and what pins the peak is freed."""

from __future__ import annotations

import asyncio
import gc
import sys
from typing import Any

import pytest
from graphql import build_schema

from mock_server.http import collector
from mock_server.http.auth import RequestContext
from mock_server.http.documents import CACHED_CHARS
from mock_server.http.executor import Executor
from mock_server.http.params import GraphQLParams
from specs import default_rules
from specs.model import QueryErrors


def _counting_executor() -> tuple[Executor, list[int]]:
    """An executor that caches every answer (like Kontent.ai's), over a field counting its calls."""
    (rule,) = default_rules().for_api("kontent").of_kind("query_errors")
    assert isinstance(rule.data, QueryErrors)
    schema = build_schema("type Query { a: Int }")
    calls: list[int] = []

    def resolve(*_: Any) -> int:
        calls.append(1)
        return len(calls)

    query_type = schema.query_type
    assert query_type is not None
    query_type.fields["a"].resolve = resolve
    return Executor(schema, rule.data, None, immutable_data=True), calls


ALIAS_CHARS = 64


def _run_twice(executor: Executor, query: str) -> None:
    async def twice() -> None:
        for _ in range(2):
            await executor.run(GraphQLParams(query=query), RequestContext(), via_get=False)

    asyncio.run(twice())


@pytest.mark.parametrize("long", [False, True], ids=["short", "long"])
def test_only_answers_of_short_documents_are_cached(long: bool) -> None:
    """A long document's answer and text would keep its request's memory in the answer cache."""
    executor, calls = _counting_executor()
    alias = "a" * ALIAS_CHARS  # long names: the document's length, not its field count, decides
    aliases = 1 + CACHED_CHARS // ALIAS_CHARS if long else 3
    query = "{ " + " ".join(f"{alias}{i}: a" for i in range(aliases)) + " }"
    assert (len(query) > CACHED_CHARS) is long
    _run_twice(executor, query)
    assert len(calls) == (2 if long else 1) * aliases


def test_memory_is_returned_only_when_no_wide_work_runs(monkeypatch: pytest.MonkeyPatch) -> None:
    """A full collection during wide work would hold every thread for as long as it walks it."""
    passes: list[int] = []

    def collect(*_: int) -> int:
        passes.append(1)
        return 0

    monkeypatch.setattr(gc, "collect", collect)
    collector.wide_work(collector.return_memory)
    assert passes == []
    collector.return_memory()
    assert passes == [1]


def test_returning_memory_drops_the_attribute_names_kept_by_the_type_cache() -> None:
    """graphql-core looks methods up by names built per node; the type cache kept the last ones."""

    class Visited:
        def enter_field(self) -> None: ...

    name = "".join(["enter_", "field"])  # built at run time, as graphql-core builds it
    getattr(Visited(), name)
    before = sys.getrefcount(name)
    collector.return_memory()
    assert sys.getrefcount(name) < before
