"""The application factory: the rules as emulated, configured and faulted, then one API's app.

Everything that changes behaviour is a change of rules (an implementation's deviations,
``--cors``, faults), applied in that order, so the API packages only ever read rules.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from pathlib import Path
from typing import Any

from aiohttp import web

from mock_server.faults import FAULTS, apply_faults
from mock_server.http.body_timeout import BODY_TIMEOUT, DEFAULT_BODY_TIMEOUT
from mock_server.http.cors import enable_cors
from mock_server.kontent import DEFAULT_ENVIRONMENT_ID, build_kontent_app, load_environments
from mock_server.kontent.access import AccessKeys
from mock_server.kontent.app import TRANSPORT as KONTENT_TRANSPORT
from mock_server.kontent.latency import parse_latency
from mock_server.kontent.model import ModelError
from mock_server.kontent.settings import limit_settings
from mock_server.wikijs import build_wikijs_app
from mock_server.wikijs.app import TRANSPORT as WIKIJS_TRANSPORT
from mock_server.wikijs.samples import AdminLogin
from specs import DOCS, RuleSet, default_rules

KONTENT = "kontent"
WIKIJS = "wikijs"
APIS = (KONTENT, WIKIJS)
TRANSPORTS = {KONTENT: KONTENT_TRANSPORT, WIKIJS: WIKIJS_TRANSPORT}


class ConfigurationError(ValueError):
    """Options that do not fit together or name nothing known; the message says which."""


def implementations(api: str) -> tuple[str, ...]:
    """``docs`` plus every implementation the rules of ``api`` record deviations for."""
    named = {d.implementation for rule in default_rules().for_api(api) for d in rule.deviations}
    return (DOCS, *sorted(named))


def configured_rules(
    api: str,
    *,
    faults: Sequence[str] = (),
    emulate: str = DOCS,
    cors_origin: str | None = None,
    settings: Mapping[str, Mapping[str, Any]] | None = None,
) -> RuleSet:
    if api not in APIS:
        raise ConfigurationError(f"unknown api {api!r}; choose one of {', '.join(APIS)}")
    if emulate not in implementations(api):
        raise ConfigurationError(f"{api} cannot emulate {emulate!r}; choose one of {', '.join(implementations(api))}")
    foreign = [f for f in faults if f in FAULTS and FAULTS[f].api != api]
    if foreign:
        raise ConfigurationError(f"faults {', '.join(foreign)} break rules of another api than {api}")
    rules = default_rules().for_api(api).as_implemented_by(emulate)
    if cors_origin is not None:
        rules = enable_cors(rules, TRANSPORTS[api], cors_origin)
    if settings:
        rules = rules.with_overrides(settings)
    try:
        return apply_faults(rules, faults)
    except ValueError as error:
        raise ConfigurationError(str(error)) from error


def create_app(
    api: str,
    *,
    faults: Sequence[str] = (),
    emulate: str = DOCS,
    environment_id: str | Sequence[str] = DEFAULT_ENVIRONMENT_ID,
    cors_origin: str | None = None,
    data_dir: Path | None = None,
    admin: AdminLogin | None = None,
    models: Sequence[Path] = (),
    keys: AccessKeys | None = None,
    rate_limit: str | None = None,
    cache_ttl: int | None = None,
    latency: str | None = None,
    graphql_disabled: Sequence[str] = (),
    body_timeout: float = DEFAULT_BODY_TIMEOUT,
) -> web.Application:
    """An aiohttp application serving the mock of ``api`` (``kontent`` or ``wikijs``).

    ``environment_id``, ``models`` (content model files; none: the embedded sample) and
    ``keys`` (preview and secure-access API keys) apply to kontent; ``cors_origin``,
    ``data_dir`` and ``admin`` to wikijs (Kontent.ai's CORS is documented by its own rule). A
    model that cannot be loaded is a :class:`ConfigurationError` naming the file. Kontent's
    ``rate_limit`` (``"200/s,4000/min"``), ``cache_ttl`` (seconds) and ``latency`` (``"80"``,
    ``"20-200"`` ms) replace the documented limits, the CDN's TTL and the instant answers;
    the environments in ``graphql_disabled`` answer as a plan without GraphQL does.
    ``body_timeout`` (seconds) bounds reading a request body (:mod:`mock_server.http.body_timeout`).
    """
    if not body_timeout > 0:
        raise ConfigurationError(f"the body timeout must be a positive number of seconds, not {body_timeout}")
    if api == KONTENT and (cors_origin is not None or data_dir is not None or admin is not None):
        raise ConfigurationError("cors_origin, data_dir and admin apply to wikijs only")
    kontent_only = (rate_limit, cache_ttl, latency)
    if api == WIKIJS and (models or keys is not None or graphql_disabled or any(o is not None for o in kontent_only)):
        raise ConfigurationError(
            "models, keys, rate_limit, cache_ttl, latency and graphql_disabled apply to kontent only"
        )
    try:
        settings = limit_settings(default_rules().for_api(api), rate_limit, cache_ttl) if api == KONTENT else {}
        delay = parse_latency(latency) if latency is not None else None
    except ValueError as error:
        raise ConfigurationError(str(error)) from error
    rules = configured_rules(api, faults=faults, emulate=emulate, cors_origin=cors_origin, settings=settings)
    if api == KONTENT:
        try:  # the schemas are built at start, so a name collision fails here, not on a request
            environments = load_environments(models, environment_id)
            unknown = sorted(set(graphql_disabled) - {environment.id for environment in environments})
            if unknown:
                raise ConfigurationError(f"--disable-graphql names environments the mock does not serve: {unknown}")
            unkeyed = sorted((keys.environments if keys else frozenset()) - {e.id for e in environments})
            if unkeyed:
                raise ConfigurationError(f"API keys are bound to environments the mock does not serve: {unkeyed}")
            app = build_kontent_app(rules, environments, keys, delay, graphql_disabled)
        except ModelError as error:
            raise ConfigurationError(f"invalid content model: {error}") from error
    else:
        app = build_wikijs_app(rules, data_dir, admin)
    app[BODY_TIMEOUT] = body_timeout
    return app
