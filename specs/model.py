"""Typed, immutable rule objects.

Rule files are data; everything downstream (mock behaviour, suite oracles, faults, reports)
works on these objects so a typo in a key is caught once, at load time, instead of as a
silent ``KeyError`` deep inside a test run.
"""

from __future__ import annotations

import dataclasses
from collections.abc import Mapping
from dataclasses import dataclass, field
from enum import StrEnum
from types import MappingProxyType
from typing import Any, Literal, TypeVar

DOCS = "docs"
"""Name of the behaviour the documents describe; every other implementation name is a deviation."""


class Level(StrEnum):
    """RFC 2119 strength of a rule; a failed MUST fails a run, SHOULD/MAY are reported."""

    MUST = "MUST"
    SHOULD = "SHOULD"
    MAY = "MAY"


@dataclass(frozen=True)
class Source:
    doc: str
    section: str

    def __str__(self) -> str:
        return f"{self.doc} § {self.section}"


@dataclass(frozen=True)
class Deviation:
    implementation: str
    note: str
    data: Mapping[str, Any]
    evidence: str | None = None


@dataclass(frozen=True)
class Pending:
    issue: int
    reason: str


# ---- kind-specific data -------------------------------------------------------------------


@dataclass(frozen=True)
class HttpMethods:
    allowed: tuple[str, ...]
    other_status: int
    allow_header: str | None


@dataclass(frozen=True)
class GetRequest:
    query_param: str
    variables_param: str
    operation_name_param: str


@dataclass(frozen=True)
class PostBody:
    content_type: str
    batching: bool
    variables_as_string: bool


@dataclass(frozen=True)
class RequestLimit:
    target: Literal["body", "url"]
    max: int
    unit: Literal["bytes", "chars"]
    status: int


@dataclass(frozen=True)
class QueryErrors:
    syntax_status: int
    validation_status: int
    data_key: Literal["absent", "null"]
    extension_codes: Mapping[str, str] = field(default_factory=lambda: MappingProxyType({}))
    """By stage (``syntax``, ``validation``), by kind of variable error (``variable_value``,
    ``variable_required``: see :mod:`mock_server.http.graphql_js`), for other request errors
    (``request``: an unknown operation name) and for errors of fields that ran without a code of
    their own (``execution``)."""
    messages: Literal["graphql-core", "graphql-js-15"] = "graphql-core"
    """Whose wording request errors take: the server's GraphQL library."""
    debug: bool = False
    """Every error carries ``extensions.exception.stacktrace`` (a server in development mode)."""


@dataclass(frozen=True)
class BadRequest:
    case: str
    status: int
    content_type: str
    message: str | None = None
    """``""``: the error carries no message at all."""
    variants: Mapping[str, Mapping[str, Any]] = field(default_factory=lambda: MappingProxyType({}))
    """A kind of request of this case (e.g. ``multipart``) -> the status, content_type and message an
    implementation answers it with instead; a request of no listed variant gets the case's answer."""

    def answer_for(self, variant: str | None) -> BadRequest:
        """The answer expected for a request of ``variant`` (``None``: the case's own)."""
        changes = self.variants.get(variant or "", {})
        return dataclasses.replace(self, **dict(changes), variants=MappingProxyType({}))


@dataclass(frozen=True)
class NotFound:
    what: str
    status: int


@dataclass(frozen=True)
class StatusCode:
    status: int | str
    meaning: str

    def covers(self, status: int) -> bool:
        """A table entry is either one code or a class such as ``5xx``."""
        if isinstance(self.status, int):
            return self.status == status
        return str(status)[0] == self.status[0]


@dataclass(frozen=True)
class StatusCodes:
    codes: tuple[StatusCode, ...]

    def documents(self, status: int) -> bool:
        return any(code.covers(status) for code in self.codes)


@dataclass(frozen=True)
class Cors:
    enabled: bool
    allow_origin: str | None
    allow_methods: tuple[str, ...]
    allow_headers: tuple[str, ...]
    disabled_preflight_status: int
    expose_headers: tuple[str, ...] = ()


@dataclass(frozen=True)
class IdePage:
    accept: str
    status: int
    content_type: str


@dataclass(frozen=True)
class GetMutation:
    status: int
    allow_header: str | None


@dataclass(frozen=True)
class SuccessStatus:
    errorCode: int
    slug: str
    message: str | None = None
    messages: Mapping[str, str] = field(default_factory=lambda: MappingProxyType({}))

    def message_for(self, operation: str) -> str | None:
        """The success message of one operation (``pages.create``): specific, else generic."""
        return self.messages.get(operation, self.message)


@dataclass(frozen=True)
class ResponseStatus:
    schema: Mapping[str, Any]
    success: SuccessStatus


@dataclass(frozen=True)
class Trigger:
    """How a suite provokes an error code, and the input sets the mock validates against."""

    operation: str
    scenario: str
    description: str
    values: Mapping[str, tuple[Any, ...]] = field(default_factory=lambda: MappingProxyType({}))
    rate_limited: bool = False


@dataclass(frozen=True)
class ErrorCode:
    code: int
    slug: str
    message: str
    category: str
    emitted: bool = True
    checks: Mapping[str, str] = field(default_factory=lambda: MappingProxyType({}))
    """Message per failed input check (``email.invalid``, ``name.too_short``...), where the
    implementation words them apart; a check without one reports ``message``."""
    plain_error: str | None = None
    """Where the code is never emitted: the message of the plain error (no code) answered instead;
    none: the operation answers data without an error."""
    trigger: Trigger | None = None
    untriggerable: str | None = None
    """Why no request can provoke the code; such a rule needs neither a suite nor a fault."""


@dataclass(frozen=True)
class PermissionModel:
    """Scopes, page-rule roles and precedence, and the groups a wiki starts with.

    Groups and page rules stay read-only mappings with the field names of the GraphQL
    ``Group``/``PageRule`` types, because the mock stores and returns them as they are.
    """

    scopes: tuple[str, ...]
    page_rule_roles: tuple[str, ...]
    system_scope: str
    match_priority: tuple[str, ...]
    system_groups: tuple[Mapping[str, Any], ...]
    new_group: Mapping[str, Any]
    page_operations: Mapping[str, Mapping[str, Any]] = field(default_factory=lambda: MappingProxyType({}))
    """Operation -> {auth: @auth scopes, roles: page-check roles, destination_roles (move), ignores_locale}."""


@dataclass(frozen=True)
class TokenRejection:
    case: Literal["revoked_key", "api_disabled"]
    status: int
    message: str


@dataclass(frozen=True)
class NamingVector:
    """One row of the docs' conversion table: a codename and the GraphQL names it becomes."""

    of: Literal["content_type", "snippet", "date_time", "element"]
    codename: str
    type: str | None
    field: str


@dataclass(frozen=True)
class Naming:
    separator: str
    collection_suffix: str
    snippet_prefix: str
    snippet_type_prefix: str
    date_time_suffix: str
    vectors: tuple[NamingVector, ...]


@dataclass(frozen=True)
class RestrictedNaming:
    """Names of the types a linked-items or rich-text element restricted to content types gets."""

    joiner: str
    collection_suffix: str
    rich_text_parts: Mapping[str, str]
    """Field of the rich-text type -> the part's name in its collection type (``components`` -> ``Components``)."""


@dataclass(frozen=True)
class ElementFields:
    """Nullability of element fields and the deprecated plain date & time field."""

    non_null: tuple[str, ...]
    """Element types (``text``, ``rich_text``...) whose field is non-null."""
    deprecated_date_field: bool
    deprecation_reason: str
    """``{field}`` is the ``_with_timezone`` field that replaces the plain one."""


@dataclass(frozen=True)
class SingleValued:
    """Which count limit makes an asset or linked-items element a single object."""

    condition: Literal["exactly", "at_least", "at_most"]
    count: int
    element_types: tuple[str, ...]


@dataclass(frozen=True)
class Paging:
    default_limit: int
    max_limit: int
    default_offset: int


@dataclass(frozen=True)
class Order:
    default_field: str
    ascending: str
    descending: str
    system_fields: tuple[str, ...]
    element_types: tuple[str, ...]
    tie_break: str


@dataclass(frozen=True)
class OrderKeys:
    """Several keys in one `order`: which one sorts first."""

    precedence: Literal["as_written", "reversed"]


@dataclass(frozen=True)
class SingleItem:
    identifiers: tuple[str, ...]


@dataclass(frozen=True)
class LanguageFallback:
    argument: str
    follows_fallbacks: bool


@dataclass(frozen=True)
class ApiKey:
    status: int
    message: str


@dataclass(frozen=True)
class KeyScope:
    """Delivery API keys are scoped to environments: a key of one is refused by another."""

    per_environment: bool


@dataclass(frozen=True)
class AccessDenial:
    forbidden: str
    unauthorized: str
    mutation_failures: Literal["graphql_error", "response_status"]
    mutation_codes: Mapping[str, str]
    page_rule_codes: Mapping[str, str]


@dataclass(frozen=True)
class Versions:
    """Which versions of items each endpoint serves: ``published`` or ``latest``."""

    published: Literal["published", "latest"]
    preview: Literal["published", "latest"]


@dataclass(frozen=True)
class FilterInput:
    """A filter input type (``_TextFilter``...): the scalar of its arguments and its operators."""

    name: str
    scalar: Literal["String", "Guid", "DateTime", "Float"]
    operators: tuple[str, ...]


@dataclass(frozen=True)
class FilterWhere:
    argument: str
    all_of: str
    any_of: str
    min_operands: int
    inputs: tuple[FilterInput, ...]

    def input(self, name: str) -> FilterInput:
        return next(i for i in self.inputs if i.name == name)


ValueKind = Literal["String", "Number", "DateTime", "Array"]


@dataclass(frozen=True)
class FilterOperator:
    """One operator of the docs' table; see ``specs/kontent/filters.yaml`` for how a leaf is evaluated."""

    operator: str
    types: tuple[ValueKind, ...]
    argument: Literal["value", "list", "flag"]
    test: Literal["equal", "less", "greater", "member", "empty", "contains_all", "contains_any"]
    negated: bool
    inclusive: bool
    missing: bool


@dataclass(frozen=True)
class SystemFilterField:
    name: str
    input: str
    value: ValueKind
    path: tuple[str, ...] = ()
    path_inputs: tuple[str, ...] = ()


@dataclass(frozen=True)
class FilterSystem:
    field: str
    input: str
    case_sensitive: bool
    language: Literal["returned", "requested"]
    fields: tuple[SystemFilterField, ...]


@dataclass(frozen=True)
class FilterElement:
    element: str
    input: str
    value: ValueKind
    case_sensitive: bool
    wrapper: str | None = None
    subfield: str | None = None
    field_type: str | None = None


@dataclass(frozen=True)
class FilterSnippet:
    input_suffix: str
    combine: Literal["all", "any"]


@dataclass(frozen=True)
class FieldRateLimit:
    """Calls per client IP and field, limited by an SDL directive's ``limit``/``duration``
    arguments (the numbers live in the SDL only), and how a refused call answers."""

    directive: str
    failure: Literal["response_status", "graphql_error"]
    error_code: str
    message: str

    def retry_message(self, seconds: int) -> str:
        return self.message.replace("{seconds}", str(seconds))


@dataclass(frozen=True)
class MissingTarget:
    """What ``operations`` answer for an id that names nothing."""

    operations: tuple[str, ...]
    answer: Literal["error_code", "plain_error"]
    error_code: str
    message: str


@dataclass(frozen=True)
class ServedSchema:
    """The schema an endpoint serves: the SDL files, fields an implementation lacks, and what
    internal detail must never reach a client."""

    sdl_dir: str
    absent_fields: tuple[str, ...]
    internal_detail: tuple[str, ...]
    unselected_fields: Mapping[str, tuple[str, ...]] = field(default_factory=lambda: MappingProxyType({}))
    """Per operation (``users.search``), fields of the objects it returns that the resolver never
    reads: null to a client, an error where the field is non-null."""


@dataclass(frozen=True)
class UploadLimit:
    """The largest file an upload endpoint stores, and how it refuses a larger one."""

    max_bytes: int
    status: int
    message: str
    body: str = "json"
    """``json``: the endpoint's ``{succeeded: false, message}``; ``html``: an error page with the message."""


@dataclass(frozen=True)
class UploadForm:
    """How an upload endpoint takes a file (multipart field, folder metadata) and names what it stores:
    the file name lower-cased, each run of ``name_separators`` replaced, then sanitised."""

    path: str
    field: str
    folder_key: str
    answer: str
    name_separators: str
    name_replacement: str
    page_extensions: tuple[str, ...] = ()
    """A root-folder asset whose name ends in ``.<one of these>`` is routed as a page: its asset URL
    does not serve it."""

    def downloadable(self, name: str) -> bool:
        return not any(name.endswith(f".{extension}") for extension in self.page_extensions)


RuleData = (
    HttpMethods
    | GetRequest
    | PostBody
    | RequestLimit
    | QueryErrors
    | BadRequest
    | NotFound
    | StatusCodes
    | Cors
    | IdePage
    | GetMutation
    | ResponseStatus
    | ErrorCode
    | PermissionModel
    | TokenRejection
    | AccessDenial
    | Naming
    | RestrictedNaming
    | ElementFields
    | SingleValued
    | Paging
    | Order
    | OrderKeys
    | SingleItem
    | LanguageFallback
    | ApiKey
    | KeyScope
    | Versions
    | FilterWhere
    | FilterOperator
    | FilterSystem
    | FilterElement
    | FilterSnippet
    | FieldRateLimit
    | MissingTarget
    | ServedSchema
    | UploadLimit
    | UploadForm
)

DataT = TypeVar("DataT")

KIND_TYPES: Mapping[str, type[Any]] = MappingProxyType(
    {
        "http_methods": HttpMethods,
        "get_request": GetRequest,
        "post_body": PostBody,
        "request_limit": RequestLimit,
        "query_errors": QueryErrors,
        "bad_request": BadRequest,
        "not_found": NotFound,
        "status_codes": StatusCodes,
        "cors": Cors,
        "ide_page": IdePage,
        "get_mutation": GetMutation,
        "response_status": ResponseStatus,
        "error_code": ErrorCode,
        "permission_model": PermissionModel,
        "token_rejection": TokenRejection,
        "access_denial": AccessDenial,
        "naming": Naming,
        "restricted_naming": RestrictedNaming,
        "element_fields": ElementFields,
        "single_valued": SingleValued,
        "paging": Paging,
        "order": Order,
        "order_keys": OrderKeys,
        "single_item": SingleItem,
        "language_fallback": LanguageFallback,
        "api_key": ApiKey,
        "key_scope": KeyScope,
        "versions": Versions,
        "filter_where": FilterWhere,
        "filter_operator": FilterOperator,
        "filter_system": FilterSystem,
        "filter_element": FilterElement,
        "filter_snippet": FilterSnippet,
        "rate_limit": FieldRateLimit,
        "missing_target": MissingTarget,
        "served_schema": ServedSchema,
        "upload_limit": UploadLimit,
        "upload_form": UploadForm,
    }
)

_NESTED: Mapping[tuple[str, str], type[Any]] = MappingProxyType(
    {
        ("status_codes", "codes"): StatusCode,
        ("response_status", "success"): SuccessStatus,
        ("error_code", "trigger"): Trigger,
        ("naming", "vectors"): NamingVector,
        ("filter_where", "inputs"): FilterInput,
        ("filter_system", "fields"): SystemFilterField,
    }
)


def freeze(value: Any) -> Any:
    """Deep-freeze plain YAML data: lists become tuples, dicts read-only mappings."""
    if isinstance(value, Mapping):
        return MappingProxyType({k: freeze(v) for k, v in value.items()})
    if isinstance(value, list | tuple):
        return tuple(freeze(v) for v in value)
    return value


def thaw(value: Any) -> Any:
    """Inverse of :func:`freeze`, for JSON output and for merging overrides."""
    if dataclasses.is_dataclass(value) and not isinstance(value, type):
        return {f.name: thaw(getattr(value, f.name)) for f in dataclasses.fields(value)}
    if isinstance(value, Mapping):
        return {k: thaw(v) for k, v in value.items()}
    if isinstance(value, tuple | list):
        return [thaw(v) for v in value]
    return value


def build_data(kind: str, raw: Mapping[str, Any]) -> RuleData:
    """Turn validated YAML data into the dataclass of its kind."""
    values: dict[str, Any] = {}
    for key, value in raw.items():
        nested = _NESTED.get((kind, key))
        if nested is None or value is None:
            values[key] = freeze(value)
        elif isinstance(value, list | tuple):
            values[key] = tuple(nested(**{k: freeze(v) for k, v in item.items()}) for item in value)
        else:
            values[key] = nested(**{k: freeze(v) for k, v in value.items()})
    result: RuleData = KIND_TYPES[kind](**values)
    return result


@dataclass(frozen=True, repr=False)
class Rule:
    id: str
    api: str
    area: str
    level: Level
    summary: str
    source: Source
    kind: str
    data: RuleData
    file: str
    line: int
    assumption: str | None = None
    pending: Pending | None = None
    deviations: tuple[Deviation, ...] = ()

    def __repr__(self) -> str:
        # Falsifying examples and assertion messages print rules: the id is what a reader needs.
        return f"Rule({self.id!r})"

    def _repr_pretty_(self, printer: Any, cycle: bool) -> None:
        printer.text(repr(self))

    def data_as(self, kind: type[DataT]) -> DataT:
        """The rule's data as the dataclass a caller expects; a mismatch is a harness bug."""
        if not isinstance(self.data, kind):
            raise TypeError(f"{self.id} holds {type(self.data).__name__}, not {kind.__name__}")
        return self.data

    def deviation(self, implementation: str) -> Deviation | None:
        return next((d for d in self.deviations if d.implementation == implementation), None)

    def as_implemented_by(self, implementation: str) -> Rule:
        """The rule as a named implementation answers it (``docs`` = as documented)."""
        deviation = self.deviation(implementation)
        if deviation is None:
            return self
        return self.with_data(deviation.data)

    def with_data(self, overrides: Mapping[str, Any]) -> Rule:
        """A copy whose data has some keys replaced (deviations and mock faults use this)."""
        merged = {**thaw(self.data), **thaw(overrides)}
        return dataclasses.replace(self, data=build_data(self.kind, merged))


# ---- Kontent.ai query limits and rate limiting (issue 5) ----------------------------------------


@dataclass(frozen=True)
class ComplexityVector:
    """A docs example: the ``limit`` of each nested item collection, outermost first."""

    limits: tuple[int, ...]
    complexity: int


@dataclass(frozen=True)
class QueryComplexity:
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


@dataclass(frozen=True)
class QueryDepth:
    max: int
    error_code: str
    status: int
    vectors: tuple[DepthVector, ...] = ()


@dataclass(frozen=True)
class RateWindow:
    """At most ``units`` resource units in any ``seconds``-long window (sliding)."""

    seconds: int
    units: int


@dataclass(frozen=True)
class RateRejection:
    status: int
    retry_after_header: str | None
    content_type: str


@dataclass(frozen=True)
class RetryAfter:
    rounding: Literal["up", "down"]


@dataclass(frozen=True)
class RequestCharge:
    """The assumed cost model: ``max(minimum, per_complexity * complexity)`` resource units."""

    header: str
    minimum: int
    per_complexity: int

    def of(self, complexity: int) -> int:
        return max(self.minimum, self.per_complexity * complexity)


@dataclass(frozen=True)
class RateScope:
    per: tuple[Literal["environment", "api_key"], ...]


@dataclass(frozen=True)
class CdnCache:
    header: str
    hit: str
    miss: str
    ttl_seconds: int
    charge_hits: bool
    cache_preview: bool


@dataclass(frozen=True)
class PlanForbidden:
    status: int
    message: str


KIND_TYPES = MappingProxyType(
    {
        **KIND_TYPES,
        "plan_forbidden": PlanForbidden,
        "query_complexity": QueryComplexity,
        "query_depth": QueryDepth,
        "rate_window": RateWindow,
        "rate_rejection": RateRejection,
        "retry_after": RetryAfter,
        "request_charge": RequestCharge,
        "rate_scope": RateScope,
        "cdn_cache": CdnCache,
    }
)
_NESTED = MappingProxyType(
    {
        **_NESTED,
        ("query_complexity", "vectors"): ComplexityVector,
        ("query_depth", "vectors"): DepthVector,
    }
)


# ---- Wiki.js page reads after page changes: search, tree, history (issue 8) --------------------


@dataclass(frozen=True)
class PageSearch:
    """What ``pages.search`` finds: a substring (any case) of one of ``fields``."""

    fields: tuple[str, ...]
    published_only: bool
    max_hits: int


@dataclass(frozen=True)
class PageTree:
    """``PageTreeMode`` value -> the kinds of node (``folder``, ``page``) it lists."""

    modes: Mapping[str, tuple[str, ...]]


@dataclass(frozen=True)
class PageHistory:
    """The page operations that record the previous state first, and the trail's order."""

    recorded: tuple[str, ...]
    order: Literal["newest_first", "oldest_first"]


@dataclass(frozen=True)
class PageHistoryActions:
    """The actionType each trail row is given, derived from the trail when it is read."""

    actions: Mapping[str, str]
    """``first`` (the oldest version), ``moved`` (its path differs from the next older one),
    ``other``: action name."""


@dataclass(frozen=True)
class PageRestore:
    """The version's values ``pages.restore`` brings back; ``path`` among them makes it a move."""

    fields: tuple[str, ...]


KIND_TYPES = MappingProxyType(
    {
        **KIND_TYPES,
        "page_search": PageSearch,
        "page_tree": PageTree,
        "page_history": PageHistory,
        "page_history_actions": PageHistoryActions,
        "page_restore": PageRestore,
    }
)


# ---- Wiki.js page writes the 2.5.314 server answers differently (issue 8) -----------------------


@dataclass(frozen=True)
class PlainErrorAnswer:
    """An errorCode 1 answer: the error class as slug, its raw message."""

    slug: str
    message: str


@dataclass(frozen=True)
class UpdateSemantics:
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


@dataclass(frozen=True)
class UnknownReference:
    """How ``operation`` refuses an argument naming nothing known; ``arguments`` maps each to its
    foreign-key constraint (the ``{constraint}`` of ``sql_error.message``)."""

    operation: str
    arguments: Mapping[str, str]
    answer: Literal["error_code", "sql_error"]
    error_code: str
    sql_error: PlainErrorAnswer

    def sql_message(self, argument: str) -> str:
        return self.sql_error.message.replace("{constraint}", self.arguments[argument])


KIND_TYPES = MappingProxyType(
    {**KIND_TYPES, "update_semantics": UpdateSemantics, "unknown_reference": UnknownReference}
)
_NESTED = MappingProxyType(
    {
        **_NESTED,
        ("update_semantics", "missing_tags_error"): PlainErrorAnswer,
        ("update_semantics", "null_title_error"): PlainErrorAnswer,
        ("unknown_reference", "sql_error"): PlainErrorAnswer,
    }
)


@dataclass(frozen=True)
class DataExport:
    """``system.export``: where it may write, each entity's file, the refusals' messages."""

    directory: str
    entities: Mapping[str, str]
    messages: Mapping[str, str]
    finished: Mapping[str, Any]
    """What ``exportStatus`` reports once every entity is written: ``status`` and ``progress``."""


KIND_TYPES = MappingProxyType({**KIND_TYPES, "data_export": DataExport})
