"""Wiki.js: the served schema, field rate limits and uploads."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from types import MappingProxyType
from typing import Literal

from specs.model.envelope import RuleData
from specs.model.registry import kind


@kind("rate_limit")
@dataclass(frozen=True)
class FieldRateLimit(RuleData):
    """Calls per client IP and field, limited by an SDL directive's ``limit``/``duration``
    arguments (the numbers live in the SDL only), and how a refused call answers."""

    directive: str
    failure: Literal["response_status", "graphql_error"]
    error_code: str
    message: str

    def retry_message(self, seconds: int) -> str:
        return self.message.replace("{seconds}", str(seconds))


@kind("served_schema")
@dataclass(frozen=True)
class ServedSchema(RuleData):
    """The schema an endpoint serves: the SDL files, fields an implementation lacks, and what
    internal detail must never reach a client."""

    sdl_dir: str
    absent_fields: tuple[str, ...]
    internal_detail: tuple[str, ...]
    unselected_fields: Mapping[str, tuple[str, ...]] = field(default_factory=lambda: MappingProxyType({}))
    """Per operation (``users.search``), fields of the objects it returns that the resolver never
    reads: null to a client, an error where the field is non-null."""
    unserialised_fields: tuple[str, ...] = ()
    """``Type.field`` entries declared String whose JSON text the server hands over parsed (a list,
    an object): graphql-js cannot serialise it, so the field is null with its error."""
    definition_props: Mapping[str, tuple[str, ...]] = field(default_factory=lambda: MappingProxyType({}))
    """Per ``Type.field`` of a list type, the operations (``analytics.providers``) whose answers fill
    it with a module definition's ``props`` object, which graphql-js refuses ("Expected Iterable")."""
    remote_fields: tuple[str, ...] = ()
    """``Type.field`` entries the server answers from a service of its project on the internet
    (``ContributeQuery.contributors``: the backers, from graph.requarks.io); unreachable, as from a
    loopback sandbox, the answer is null. A mock holds none of that data: an empty list elsewhere."""


@kind("upload_limit")
@dataclass(frozen=True)
class UploadLimit(RuleData):
    """The largest file an upload endpoint stores, and how it refuses a larger one."""

    max_bytes: int
    status: int
    message: str
    body: str = "json"
    """``json``: the endpoint's ``{succeeded: false, message}``; ``html``: an error page with the message."""


@kind("upload_form")
@dataclass(frozen=True)
class UploadForm(RuleData):
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
