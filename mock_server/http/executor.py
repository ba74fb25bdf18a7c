"""Running one GraphQL request against a schema and choosing the HTTP status of the answer.

Statuses and ``extensions.code`` of documents that never ran come from the API's
``query_errors`` rule; a mutation over GET is refused as its ``get_mutation`` rule says.
Answers that cannot change (see :class:`Executor`) are cached as the bytes sent. An API whose
resolvers may run on any thread executes off the event loop what could hold it (see :class:`Threads`).
"""

from __future__ import annotations

import asyncio
import inspect
import json
from collections.abc import Callable, Hashable, Mapping
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass, field
from http import HTTPStatus
from types import MappingProxyType
from typing import Any, Protocol

from graphql import (
    DocumentNode,
    ExecutionResult,
    ExperimentalIncrementalExecutionResults,
    GraphQLError,
    GraphQLSchema,
    OperationType,
    execute,
)
from graphql.execution.executor import Executor as CoreExecutor
from graphql.pyutils import AwaitableOrValue, is_awaitable

from mock_server.http.auth import RequestContext
from mock_server.http.cache import LruCache
from mock_server.http.collector import return_memory_soon, wide_work
from mock_server.http.documents import (
    CACHED_CHARS,
    DEEP_DOCUMENT,
    OFFLOAD_CHARS,
    DocumentCache,
    Operation,
    PreparedDocument,
    Stage,
)
from mock_server.http.errors import HttpError
from mock_server.http.graphql_errors import format_error
from mock_server.http.graphql_js import validation_message, variable_message
from mock_server.http.params import GraphQLParams
from mock_server.http.responses import dumps
from specs.model import GetMutation, QueryErrors

EXECUTION = "execution"
"""Key of ``query_errors.extension_codes`` for errors of fields that ran without a code of their own."""
REQUEST = "request"
"""Key of ``query_errors.extension_codes`` for other request errors (an unknown operation name)."""
GRAPHQL_JS_15 = "graphql-js-15"
DOCUMENT_CACHE_SIZE = 512
RESULT_CACHE_SIZE = 256


@dataclass(frozen=True)
class Outcome:
    status: int
    body: bytes
    headers: Mapping[str, str] = field(default_factory=lambda: MappingProxyType({}))


ResultKey = tuple[object, ...]


class Runner(Protocol):
    """What the endpoint needs: an :class:`Executor`, or an API's choice of one per request."""

    async def run(self, params: GraphQLParams, context: RequestContext, *, via_get: bool) -> Outcome: ...

    def request_error(self, message: str) -> Outcome: ...


class ReleasingExecutor(CoreExecutor[Any]):
    """graphql-core's plain executor (no ``@defer``/``@stream``: neither API has them; the default
    incremental one costs a tenth more per field), dropping its state once an execution has ended.

    It holds bound methods of itself, a reference cycle that keeps every field it collected (tens
    of objects per field of the document) until the collector's next full pass. After a wide
    document those were hundreds of thousands of objects: the memory stayed taken, and the full
    pass that freed it held every thread for seconds. Dropping the state breaks the cycle, so
    reference counting frees it all as the answer is sent.
    """

    def execute_operation(
        self, serially: bool | None = None
    ) -> AwaitableOrValue[ExecutionResult | ExperimentalIncrementalExecutionResults]:
        result = super().execute_operation(serially)
        if not is_awaitable(result):  # async resolvers still need the state: the cycle stays
            self.__dict__.clear()
        return result


class Threads:
    """Where the documents of an API whose resolvers are thread-safe execute.

    Every mutation runs on one writer thread, in arrival order: mutations stay serialised among
    themselves (their check-then-write steps never interleave), and a wide one cannot hold the
    event loop. A query of a long document (more than ``OFFLOAD_CHARS``, like the documents
    validated off the loop) runs on the default pool of worker threads; shorter queries run on
    the loop, where a thread hop would cost more than their execution.
    """

    def __init__(self) -> None:
        self._writer = ThreadPoolExecutor(max_workers=1, thread_name_prefix="mutations")
        self.mutations = 0
        """Mutations finished so far: some change state outside the database (an export's status)."""

    async def run(self, kind: OperationType, query: str, work: Callable[[], Outcome]) -> Outcome:
        if kind is OperationType.MUTATION:
            try:
                return await asyncio.get_running_loop().run_in_executor(self._writer, work)
            finally:
                self.mutations += 1
        if len(query) > OFFLOAD_CHARS:
            return await asyncio.to_thread(wide_work, work)
        return work()

    def close(self) -> None:
        self._writer.shutdown(wait=True)


class Executor:
    """Runs requests against one schema.

    ``immutable_data`` declares that the resolvers read data that cannot change while the
    process runs (Kontent.ai's generated content): every answer then depends only on the
    request (document, operation, variables, credentials) and is cached, as the real API's
    CDN does. ``data_version`` instead names, per request, everything besides the request a
    query's answer depends on (Wiki.js: the caller, the database's version and the mutations run): an answer is
    reused while that value stays the same. Without either only answers that depend on the
    schema alone are cached.
    """

    def __init__(
        self,
        schema: GraphQLSchema,
        query_errors: QueryErrors,
        get_mutation: GetMutation | None,
        *,
        immutable_data: bool = False,
        threads: Threads | None = None,
        data_version: Callable[[RequestContext], Hashable] | None = None,
    ) -> None:
        self._schema = schema
        self._query_errors = query_errors
        self._get_mutation = get_mutation
        self._immutable_data = immutable_data
        self._threads = threads
        self._data_version = data_version
        self._documents = DocumentCache(schema, DOCUMENT_CACHE_SIZE)
        self._results: LruCache[ResultKey, Outcome] = LruCache(RESULT_CACHE_SIZE)

    @property
    def schema(self) -> GraphQLSchema:
        return self._schema

    async def run(self, params: GraphQLParams, context: RequestContext, *, via_get: bool) -> Outcome:
        prepared = await self._documents.get(params.query)
        if prepared.failed_at is not None:
            return self._failed(params.query, prepared)
        operation = prepared.operations.get(params.operation_name)
        if via_get and operation is not None and operation.kind is OperationType.MUTATION:
            self._refuse_get_mutation()
        key = self._result_key(params, context, operation)
        if key is not None:
            hit = self._results.get(key)
            if hit is not None:
                return hit
        outcome = await self._execute(prepared, params, context, operation)
        if len(params.query) > OFFLOAD_CHARS:
            return_memory_soon()
        if key is not None and outcome.status == HTTPStatus.OK:
            self._results.put(key, outcome)
        return outcome

    def _result_key(
        self, params: GraphQLParams, context: RequestContext, operation: Operation | None
    ) -> ResultKey | None:
        """The cache key of a request whose answer cannot change, else None (and for a long document:
        its answer and text would keep the memory its request took)."""
        if operation is None or len(params.query) > CACHED_CHARS:
            return None
        if operation.schema_only and not params.variables:
            return (params.query, params.operation_name)
        variables = json.dumps(params.variables, sort_keys=True) if params.variables else None
        if self._immutable_data:
            return (params.query, params.operation_name, variables, context.bearer_token)
        if self._data_version is None or operation.kind is not OperationType.QUERY:
            return None
        return (params.query, params.operation_name, variables, self._data_version(context))

    def _failed(self, query: str, prepared: PreparedDocument) -> Outcome:
        """A document that failed parsing or validation always gets the same answer (kept unless long)."""
        key = (query,)
        outcome = self._results.get(key)
        if outcome is None:
            assert prepared.failed_at is not None
            outcome = self._not_executed(prepared.errors, prepared.failed_at)
            if len(query) <= CACHED_CHARS:
                self._results.put(key, outcome)
        return outcome

    def request_error(self, message: str) -> Outcome:
        """Parameters that cannot run (e.g. a non-string operationName), answered like validation."""
        return self._not_executed((GraphQLError(message),), None)

    def _refuse_get_mutation(self) -> None:
        rule = self._get_mutation
        if rule is None:
            return
        headers = {"Allow": rule.allow_header} if rule.allow_header else {}
        raise HttpError(rule.status, "GET supports only query operations; send mutations with POST.", headers=headers)

    async def _execute(
        self, prepared: PreparedDocument, params: GraphQLParams, context: RequestContext, operation: Operation | None
    ) -> Outcome:
        assert prepared.document is not None  # only documents that passed validation get here
        document = prepared.document
        if self._threads is not None and operation is not None:
            return await self._threads.run(
                operation.kind, params.query, lambda: self._execute_sync(document, params, context)
            )
        try:
            result = self._start(document, params, context)
            if inspect.isawaitable(result):
                result = await result
        except RecursionError:
            return self.request_error(DEEP_DOCUMENT)
        return self._executed(result, params.variables or {})

    def _execute_sync(self, document: DocumentNode, params: GraphQLParams, context: RequestContext) -> Outcome:
        """Execution and encoding in one call, for a worker thread: the resolvers of a threaded API
        are synchronous."""
        try:
            result = self._start(document, params, context)
        except RecursionError:
            return self.request_error(DEEP_DOCUMENT)
        assert not inspect.isawaitable(result), "a threaded API has an async resolver"
        return self._executed(result, params.variables or {})

    def _start(
        self, document: DocumentNode, params: GraphQLParams, context: RequestContext
    ) -> AwaitableOrValue[ExecutionResult]:
        return execute(
            self._schema,
            document,
            context_value=context,
            variable_values=params.variables,
            operation_name=params.operation_name,
            executor_class=ReleasingExecutor,
        )

    def _executed(self, result: ExecutionResult, variables: Mapping[str, Any]) -> Outcome:
        if not result.errors:
            return Outcome(HTTPStatus.OK, dumps({"data": result.data}))
        if result.data is None and all(error.path is None for error in result.errors):
            # No field ran: unknown operation, bad variable values... a request error.
            return self._not_executed(tuple(result.errors), None, variables)
        errors = [self._field_error(error) for error in result.errors]
        return Outcome(HTTPStatus.OK, dumps({"errors": errors, "data": result.data}))

    def _field_error(self, error: GraphQLError) -> dict[str, Any]:
        """An error of a field that ran: the rule's ``execution`` code when it carries none (Apollo
        gives every such error INTERNAL_SERVER_ERROR, "Cannot return null for non-nullable field"
        included), and the development mode's stack trace when the rule says the server runs so."""
        rule = self._query_errors
        return format_error(error, fallback_code=rule.extension_codes.get(EXECUTION), debug=rule.debug)

    def _format(self, error: GraphQLError, stage: Stage | None, variables: Mapping[str, Any]) -> dict[str, Any]:
        """The error with the rule's code, in graphql-js's words when the rule says so."""
        rule = self._query_errors
        code = rule.extension_codes.get(stage.value) if stage else None
        if rule.messages != GRAPHQL_JS_15:
            return format_error(error, code, fallback_code=rule.extension_codes.get(EXECUTION), debug=rule.debug)
        if stage is not None:
            return {**format_error(error, code, debug=rule.debug), "message": validation_message(error.message)}
        variable = variable_message(error.message, variables)
        if variable is None:  # unknown operation name...: Apollo's default code
            return {
                **format_error(error, rule.extension_codes.get(REQUEST), debug=rule.debug),
                "message": validation_message(error.message),
            }
        message, kind = variable
        return {**format_error(error, rule.extension_codes.get(kind.value), debug=rule.debug), "message": message}

    def _not_executed(
        self, errors: tuple[GraphQLError, ...], stage: Stage | None, variables: Mapping[str, Any] | None = None
    ) -> Outcome:
        rule = self._query_errors
        payload: dict[str, Any] = {"errors": [self._format(error, stage, variables or {}) for error in errors]}
        if rule.data_key == "null":
            payload["data"] = None
        status = rule.syntax_status if stage is Stage.SYNTAX else rule.validation_status
        return Outcome(status, dumps(payload))
