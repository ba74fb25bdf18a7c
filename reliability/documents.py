"""Schema-driven GraphQL documents from hypothesis-graphql, drawn once into pools.

Drawing an example costs far more than sending it, so each campaign draws a pool of
queries and a pool of mutations with a fixed seed (reproducible) and samples from them.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import TypeVar

import graphql
from hypothesis import HealthCheck, Phase, given, settings
from hypothesis import seed as seeded
from hypothesis import strategies as st
from hypothesis_graphql import mutations, nodes, queries

T = TypeVar("T")

SCALAR_VALUES = st.one_of(
    st.text(max_size=30).map(nodes.String),
    st.integers(min_value=-(2**31), max_value=2**31 - 1).map(nodes.Int),
    st.booleans().map(nodes.Boolean),
)
"""Custom scalars (dates, JSON, ...) get any literal: a wrong one must be refused, not crash."""


@dataclass(frozen=True)
class Pools:
    queries: tuple[str, ...]
    mutations: tuple[str, ...]


def _custom_scalars(schema: graphql.GraphQLSchema) -> dict[str, st.SearchStrategy[graphql.ValueNode]]:
    return {
        name: SCALAR_VALUES
        for name, named in schema.type_map.items()
        if isinstance(named, graphql.GraphQLScalarType) and name not in graphql.specified_scalar_types
    }


def draw(strategy: st.SearchStrategy[T], count: int, seed: int) -> tuple[T, ...]:
    """``count`` examples of ``strategy`` (fewer when hypothesis runs out of distinct ones)."""
    drawn: list[T] = []

    @seeded(seed)
    @settings(
        max_examples=count,
        database=None,
        deadline=None,
        phases=[Phase.generate],
        suppress_health_check=list(HealthCheck),
    )
    @given(strategy)
    def collect(document: T) -> None:
        drawn.append(document)

    collect()
    return tuple(drawn)


def pools(schema: graphql.GraphQLSchema, size: int, seed: int) -> Pools:
    scalars = _custom_scalars(schema)
    mutation_pool = draw(mutations(schema, custom_scalars=scalars), size, seed) if schema.mutation_type else ()
    return Pools(draw(queries(schema, custom_scalars=scalars), size, seed), mutation_pool)
