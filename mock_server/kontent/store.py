"""The current model of an environment and the executor of each (model version, endpoint kind).

The docs say the schema "is generated at request time and is always current": a model file
changed while the server runs is reloaded on the next request (its modification times are
compared per request, a few ``stat`` calls). The schema and executor of a model version are
built once and cached, so requests stay fast; each executor caches only answers of its own
immutable version, so a cached answer never outlives the model it came from. A file that
fails to reload, or a model whose schema cannot be built, leaves the previous model served (a
frontend keeps working while its developer edits the file), and every answer says so: the
problem, naming the file, goes into the answer's ``extensions.warnings`` until a good model
replaces it (see :func:`with_warning`), besides the log.
"""

from __future__ import annotations

import json
import logging
from collections.abc import Sequence
from dataclasses import dataclass, replace
from pathlib import Path

from mock_server.http.auth import RequestContext
from mock_server.http.executor import Executor, Outcome
from mock_server.http.params import GraphQLParams
from mock_server.http.transport import TransportRules
from mock_server.kontent.content import ContentRules
from mock_server.kontent.loading import environment_of, load_model
from mock_server.kontent.model import Model, ModelError
from mock_server.kontent.sample import sample_model
from mock_server.kontent.schema import build

log = logging.getLogger(__name__)
WARNINGS = "warnings"
STALE_MODEL = "The content model was not reloaded, the previous one is still served: {}"


def _stamp(paths: Sequence[Path]) -> tuple[float, ...]:
    files = [f for p in paths for f in ([p, *sorted(p.glob("*.json"))] if p.is_dir() else [p])]
    return tuple(f.stat().st_mtime_ns if f.exists() else -1 for f in files)


class ModelStore:
    """One environment's model: from files (watched) or given (the embedded sample)."""

    def __init__(self, model: Model, sources: Sequence[Path] = ()) -> None:
        self._sources = tuple(sources)
        self._stamp = _stamp(self._sources)
        self.model = model
        self.version = 0
        self.problem: str | None = None
        """Why the latest change of the files is not served, until a good model replaces it."""

    @property
    def source(self) -> str:
        """Where the model comes from, for error messages."""
        return ", ".join(str(path) for path in self._sources) or "embedded sample environment"

    @classmethod
    def from_files(cls, sources: Sequence[Path]) -> ModelStore:
        return cls(load_model(sources), sources)

    def replace(self, model: Model) -> None:
        self.model = model
        self.version += 1

    def refresh(self) -> None:
        if not self._sources:
            return
        stamp = _stamp(self._sources)
        if stamp == self._stamp:
            return
        self._stamp = stamp
        try:
            self.replace(load_model(self._sources))
        except ModelError as error:
            self.fail(str(error))
        else:
            self.problem = None

    def fail(self, problem: str) -> None:
        """The latest change cannot be served: keep the previous model, say why."""
        self.problem = problem
        log.error("%s", STALE_MODEL.format(problem))


class VersionedExecutor:
    """Runs each request on the executor of the store's current model version."""

    def __init__(
        self,
        store: ModelStore,
        rules: ContentRules,
        transport: TransportRules,
        *,
        preview: bool,
    ) -> None:
        self._store = store
        self._rules = rules
        self._transport = transport
        self._preview = preview
        self._built: tuple[int, Executor] | None = None

    def current(self) -> Executor:
        self._store.refresh()
        version = self._store.version
        if self._built is None or self._built[0] != version:
            try:
                schema = build(self._store.model, self._rules, preview=self._preview)
            except ModelError as error:
                named = ModelError(f"{self._store.source}: {error}")
                if self._built is None:
                    raise named from None
                self._store.fail(str(named))
                self._built = (version, self._built[1])  # do not retry this version on every request
                return self._built[1]
            executor = Executor(schema, self._transport.query_errors, self._transport.get_mutation, immutable_data=True)
            self._built = (version, executor)
        return self._built[1]

    async def run(self, params: GraphQLParams, context: RequestContext, *, via_get: bool) -> Outcome:
        return await self.current().run(params, context, via_get=via_get)

    def request_error(self, message: str) -> Outcome:
        return self.current().request_error(message)

    def warned(self, outcome: Outcome) -> Outcome:
        """``outcome`` with the store's problem, if any, in ``extensions.warnings``."""
        return with_warning(outcome, self._store.problem)


def with_warning(outcome: Outcome, problem: str | None) -> Outcome:
    """A JSON answer with ``problem`` added to ``extensions.warnings`` (other answers as they are)."""
    if problem is None:
        return outcome
    try:
        document = json.loads(outcome.body)
    except ValueError:
        return outcome
    if not isinstance(document, dict):
        return outcome
    extensions = document.setdefault("extensions", {})
    extensions.setdefault(WARNINGS, []).append(STALE_MODEL.format(problem))
    return replace(outcome, body=json.dumps(document).encode())


@dataclass(frozen=True)
class Environment:
    """One environment the mock serves: its id (the URL's path segment) and its model."""

    id: str
    store: ModelStore


def load_environments(paths: Sequence[Path], default_ids: str | Sequence[str]) -> list[Environment]:
    """Environments from model files: a YAML model names its own ``environment_id``; REST
    exports and YAML models without one are served under each of ``default_ids``. No files:
    the embedded sample under each of them."""
    ids = (default_ids,) if isinstance(default_ids, str) else tuple(default_ids)
    if not paths:
        sample = sample_model()
        return [Environment(environment_id, ModelStore(sample)) for environment_id in ids]
    groups: dict[str | None, list[Path]] = {}
    for path in paths:
        groups.setdefault(environment_of(path), []).append(path)
    return [
        Environment(environment_id, ModelStore.from_files(group))
        for named, group in groups.items()
        for environment_id in ((named,) if named else ids)
    ]
