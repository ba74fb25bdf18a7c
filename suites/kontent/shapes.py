"""Queries whose complexity and depth the suites know by construction, built on any environment.

The complexity rule (``kontent.query.complexity``) counts every item collection's ``limit``
times the limits above it and 1 per single item; the depth rule (``kontent.query.depth``)
sums the nesting of the root fields. A :class:`Nest` is a content type with a linked-items
field that can hold items of the same type, found by introspection: with it a chain of
collections of any length and limits can be written, and its expected numbers computed here
independently of the server.
"""

from __future__ import annotations

import secrets
from collections.abc import Sequence
from dataclasses import dataclass

from harness.kontent_discovery import ContentTypeInfo, named_type, type_info
from harness.targets import Target

ITEM_INTERFACE = "_Item"


@dataclass(frozen=True)
class Nest:
    info: ContentTypeInfo
    linked_field: str
    """A field of the type whose collection's items can be of the type itself."""

    @property
    def single_query(self) -> str:
        assert self.info.single_query is not None
        return self.info.single_query


def find_nest(target: Target, catalogue: Sequence[ContentTypeInfo]) -> Nest | None:
    """The first content type (with a single-item query) that links to items of its own type."""
    for info in catalogue:
        if info.single_query is None:
            continue
        for field in type_info(target, info.type_name).get("fields") or ():
            collection = named_type(field["type"])
            if collection is None or collection == info.collection_type:
                continue
            members = {f["name"]: f for f in type_info(target, collection).get("fields") or ()}
            if "items" in members and named_type(members["items"]["type"]) in (ITEM_INTERFACE, info.type_name):
                return Nest(info, field["name"])
    return None


def chain_complexity(limits: Sequence[int]) -> int:
    """``[a, b, c]`` nested collections: a + a*b + a*b*c items at most."""
    total, product = 0, 1
    for limit in limits:
        product *= limit
        total += product
    return total


def collection_chain(nest: Nest, limits: Sequence[int], alias: str) -> str:
    """A root collection with ``limits[0]``, each of its items' linked field nested below it."""
    inner = "__typename"
    for limit in reversed(limits[1:]):
        inner = f"... on {nest.info.type_name} {{ {nest.linked_field}(limit: {limit}) {{ items {{ {inner} }} }} }}"
    return f"{alias}: {nest.info.collection_query}(limit: {limits[0]}) {{ items {{ {inner} }} }}"


def single(nest: Nest, alias: str) -> str:
    """One item by codename (it need not exist): complexity 1, depth 1."""
    return f'{alias}: {nest.single_query}(codename: "conformance") {{ __typename }}'


def of_depth(nest: Nest, depth: int, alias: str) -> str:
    """A root field whose deepest leaf is ``depth`` levels below it, every collection of limit 1.

    Odd depths start at a single item (depth 1), even ones at a collection (depth 2); each
    linked collection below adds 2 (the field and its ``items``).
    """
    links = (depth - 1) // 2 if depth % 2 else (depth - 2) // 2
    inner = "__typename"
    for _ in range(links):
        inner = f"... on {nest.info.type_name} {{ {nest.linked_field}(limit: 1) {{ items {{ {inner} }} }} }}"
    if depth % 2:
        return f'{alias}: {nest.single_query}(codename: "conformance") {{ {inner} }}'
    return f"{alias}: {nest.info.collection_query}(limit: 1) {{ items {{ {inner} }} }}"


def depth_complexity(depth: int) -> int:
    """The complexity of :func:`of_depth`: one item per level of nesting (limit 1 everywhere)."""
    return depth // 2 if depth % 2 == 0 else 1 + (depth - 1) // 2


def document(*root_fields: str) -> str:
    """A query of these root fields; a comment makes it unique, so no CDN answers it from cache."""
    return f"# {secrets.token_hex(8)}\n{{ {' '.join(root_fields)} }}"


FEW_SINGLES = 8


def exact_complexity(total: int, max_limit: int) -> tuple[list[int], int]:
    """A chain ``[a]`` or ``[a, b]`` plus single items whose complexity is exactly ``total``,
    with few single items (each costs bytes: the body limit is small)."""
    for a in range(min(total, max_limit), 0, -1):
        b = total // a - 1
        chain = [a, b] if b else [a]
        if b <= max_limit and total - chain_complexity(chain) <= FEW_SINGLES:
            return chain, total - chain_complexity(chain)
    raise ValueError(f"no chain of limits up to {max_limit} reaches complexity {total}")
