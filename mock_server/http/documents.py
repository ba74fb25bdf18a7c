"""Parsed and validated documents, cached per schema by their text.

A document is parsed and validated once; its outcome (including a syntax or validation
failure) is reused for every later request with the same text. The operations are also
described up front: their type (for the GET-mutation rule) and whether their result can
depend on the schema alone (introspection and ``__typename``), which makes it cacheable.
"""

from __future__ import annotations

import asyncio
from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from enum import StrEnum
from types import MappingProxyType

from graphql import (
    DocumentNode,
    FieldNode,
    GraphQLError,
    GraphQLSchema,
    OperationDefinitionNode,
    OperationType,
    parse,
    specified_rules,
    validate,
)
from graphql.validation import ASTValidationRule, ValidationContext

from mock_server.http.cache import LruCache
from mock_server.http.collector import wide_work

META_PREFIX = "__"
DEEP_DOCUMENT = "The document is nested too deeply to process."


class Stage(StrEnum):
    """Where a document failed: the ``query_errors`` rule has a status for each."""

    SYNTAX = "syntax"
    VALIDATION = "validation"


@dataclass(frozen=True)
class Operation:
    kind: OperationType
    schema_only: bool
    """Only meta fields at the root: the result depends on the schema alone."""


@dataclass(frozen=True)
class PreparedDocument:
    document: DocumentNode | None
    errors: tuple[GraphQLError, ...] = ()
    failed_at: Stage | None = None
    operations: Mapping[str | None, Operation] = field(default_factory=lambda: MappingProxyType({}))


def _describe(node: OperationDefinitionNode) -> Operation:
    selections = node.selection_set.selections
    schema_only = all(
        isinstance(selection, FieldNode) and selection.name.value.startswith(META_PREFIX) for selection in selections
    )
    return Operation(kind=node.operation, schema_only=schema_only)


def _operations(document: DocumentNode) -> Mapping[str | None, Operation]:
    """Operations by name; ``None`` names the only operation when there is exactly one."""
    nodes = [d for d in document.definitions if isinstance(d, OperationDefinitionNode)]
    described: dict[str | None, Operation] = {node.name.value: _describe(node) for node in nodes if node.name}
    if len(nodes) == 1:
        described[None] = _describe(nodes[0])
    return MappingProxyType(described)


OFFLOAD_CHARS = 16_384
"""Longer documents are parsed and validated on a worker thread. graphql-core's validation grows
faster than linearly with a document's fields (40,000 aliases in 2 MB: most of a minute), and
meanwhile the event loop must keep answering every other request; the thread gives it the
interpreter back every few milliseconds."""
CACHED_CHARS = 65_536
"""Longer documents are not kept: the syntax tree of one 2 MB document holds hundreds of MB,
which must return to the system once its request is answered."""


def unlinked(document: DocumentNode) -> DocumentNode:
    """The document with its token chain cut (nodes keep their locations).

    The parser links every token to its neighbours both ways: reference cycles, which keep a
    document's tokens (about fifteen objects per field) until the collector's next full pass, a
    pass that holds every thread for as long as it walks them. Nothing after parsing follows the
    chain; cut, reference counting frees a document as soon as its request is answered.
    """
    token = document.loc.start_token if document.loc is not None else None
    while token is not None:
        token.prev, token.next, token = None, None, token.next
    return document


def validate_released(schema: GraphQLSchema, document: DocumentNode) -> list[GraphQLError]:
    """graphql-core's validation with the specified rules, their state dropped afterwards.

    The rule visitors keep bound methods of themselves: reference cycles that hold the
    validation context and, through it, the whole document until a full collection (see
    :func:`unlinked`). Each rule is made through a function that keeps it, and cleared after.
    """
    made: list[ASTValidationRule] = []

    def keeping(rule: type[ASTValidationRule]) -> Callable[[ValidationContext], ASTValidationRule]:
        def make(context: ValidationContext) -> ASTValidationRule:
            made.append(rule(context))
            return made[-1]

        return make

    rules = [keeping(rule) for rule in specified_rules]
    try:
        return validate(schema, document, rules)  # type: ignore[arg-type]  # factories, called like the classes
    finally:
        for visitor in made:
            visitor.context.__dict__.clear()
            visitor.__dict__.clear()


class DocumentCache:
    def __init__(self, schema: GraphQLSchema, size: int) -> None:
        self._schema = schema
        self._cache: LruCache[str, PreparedDocument] = LruCache(size)

    async def get(self, query: str) -> PreparedDocument:
        prepared = self._cache.get(query)
        if prepared is not None:
            return prepared
        if len(query) > OFFLOAD_CHARS:
            prepared = await asyncio.to_thread(wide_work, lambda: self._prepare(query))
        else:
            prepared = self._prepare(query)
        if len(query) <= CACHED_CHARS:
            self._cache.put(query, prepared)
        return prepared

    def _prepare(self, query: str) -> PreparedDocument:
        try:
            document = unlinked(parse(query))
        except GraphQLError as error:
            return PreparedDocument(None, (error,), Stage.SYNTAX)
        except RecursionError:
            return PreparedDocument(None, (GraphQLError(DEEP_DOCUMENT),), Stage.SYNTAX)
        try:
            errors = validate_released(self._schema, document)
        except RecursionError:
            errors = [GraphQLError(DEEP_DOCUMENT)]
        if errors:
            return PreparedDocument(None, tuple(errors), Stage.VALIDATION)
        return PreparedDocument(document, operations=_operations(document))
