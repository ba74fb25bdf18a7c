"""``python -m mock_server {kontent,wikijs}``: run one mock until SIGINT or SIGTERM.

Each API is a sub-command with its own help, the options a frontend sets first; the fault
switches of the meta-tests stay out of the way behind ``--list-faults``. Ports default to fixed
values (Kontent.ai 8000, Wiki.js 3000) so a frontend's configuration survives restarts.

Once the socket listens, exactly one line goes to stdout, ``mock_server listening on <URL>``
with the GraphQL endpoint's URL, so a harness can start it on ``--port 0`` and read where it
is. Logs (one access line per request) go to stderr.
"""

from __future__ import annotations

import argparse
import asyncio
import gc
import logging
import os
import signal
import sys
import uuid
from collections.abc import Sequence
from pathlib import Path
from typing import Any

from aiohttp import web
from yarl import URL

from mock_server.accesslog import LOG_FORMAT, install_batching_handler
from mock_server.app import KONTENT, WIKIJS, ConfigurationError, create_app, implementations
from mock_server.faults import FAULTS
from mock_server.http.body_timeout import DEFAULT_BODY_TIMEOUT
from mock_server.http.server import ENDPOINT_PATH
from mock_server.kontent import DEFAULT_ENVIRONMENT_ID
from mock_server.kontent.access import DEFAULT_PREVIEW_API_KEY, PREVIEW_VARIABLE, SECURE_VARIABLE, AccessKeys
from mock_server.wikijs.samples import DEFAULT_ADMIN_EMAIL, DEFAULT_ADMIN_PASSWORD, AdminLogin
from specs import DOCS

ADMIN_EMAIL_ENV = "WIKIJS_MOCK_ADMIN_EMAIL"
ADMIN_PASSWORD_ENV = "WIKIJS_MOCK_ADMIN_PASSWORD"
ADMIN_API_KEY_ENV = "WIKIJS_MOCK_ADMIN_API_KEY"
LOG_LEVELS = ("DEBUG", "INFO", "WARNING", "ERROR")
LISTENING = "mock_server listening on {}"
RECURSION_LIMIT = 5000
"""graphql-core parses recursively: at Python's default limit (1000) a selection nested about 180
levels deep (Kontent.ai's depth ~120 with inline fragments) already fails to parse. Its own cap
of 200 nested selection sets stays, so documents within the depth limit parse and deeper ones
get a clear error."""
log = logging.getLogger("mock_server")


DEFAULT_PORTS = {KONTENT: 8000, WIKIJS: 3000}
"""Fixed ports, so a frontend's configuration keeps working across restarts (``--port 0``: a free one)."""
DESCRIPTIONS = {
    KONTENT: "The Kontent.ai Delivery GraphQL API: a generated schema per content model, filters, paging, "
    "languages, complexity and rate limits as the docs say.",
    WIKIJS: "The Wiki.js 2.x GraphQL API: pages, users, groups, comments, assets and uploads in SQLite, with the "
    "documented error codes and permissions.",
}


class _ListFaults(argparse.Action):
    """``--list-faults``: the fault ids ``--fault`` accepts for this API (the meta-tests' switches)."""

    def __init__(self, option_strings: Sequence[str], dest: str, api: str, **kwargs: Any) -> None:
        super().__init__(option_strings, dest, nargs=0, default=argparse.SUPPRESS, **kwargs)
        self.api = api

    def __call__(self, parser: argparse.ArgumentParser, *_: Any, **__: Any) -> None:
        print("\n".join(f"{f.id}: {f.description}" for f in FAULTS.values() if f.api == self.api))
        parser.exit()


def _kontent_options(parser: argparse.ArgumentParser) -> None:
    _kontent_content_options(parser)
    _kontent_limit_options(parser)


def _kontent_content_options(parser: argparse.ArgumentParser) -> None:
    group = parser.add_argument_group("content and access (what a frontend sets)")
    group.add_argument(
        "--model",
        action="append",
        default=[],
        type=Path,
        metavar="PATH",
        help="a content model to serve (repeatable): a YAML model (mock_server/kontent/model.schema.json; "
        "its environment_id, else --environment-id), Delivery REST /types and /items JSON files, Management API "
        "/types, /snippets, /taxonomies, /languages answers (or a directory of any of them), or a data-ops "
        "environment backup .zip. Default: the embedded sample environment",
    )
    group.add_argument(
        "--environment-id",
        action="append",
        default=[],
        metavar="ID",
        help="the environment served at /<id>, with the embedded sample or the REST export (repeatable: "
        f"one environment each; default: {DEFAULT_ENVIRONMENT_ID})",
    )
    group.add_argument(
        "--preview-api-key",
        action="append",
        default=[],
        metavar="[ENVIRONMENT_ID=]KEY",
        help="the key /preview/<id> requires; ENVIRONMENT_ID=KEY binds it to one environment, a plain KEY "
        f"serves the others (repeatable; default: ${PREVIEW_VARIABLE}, else {DEFAULT_PREVIEW_API_KEY!r})",
    )
    group.add_argument(
        "--secure-api-key",
        action="append",
        default=[],
        metavar="[ENVIRONMENT_ID=]KEY",
        help="turn on secure access, published content then requires KEY; ENVIRONMENT_ID=KEY binds it to "
        f"one environment, a plain KEY serves the others (repeatable; default: ${SECURE_VARIABLE})",
    )
    group.add_argument(
        "--secure-environment",
        action="append",
        default=[],
        metavar="ENVIRONMENT_ID",
        help="plain --secure-api-key keys apply only to this environment (repeatable; default: every "
        "environment without a key of its own)",
    )
    group.add_argument(
        "--latency",
        metavar="MS|MIN-MAX",
        help="answer after MS milliseconds, or uniformly between MIN and MAX ms (default: at once)",
    )


def _kontent_limit_options(parser: argparse.ArgumentParser) -> None:
    limits = parser.add_argument_group("limits and plans")
    limits.add_argument(
        "--rate-limit",
        metavar="UNITS/s,UNITS/min",
        help="resource units allowed per second and/or per minute, e.g. 200/s,4000/min "
        "(default: the documented limits of specs/kontent/rate.yaml)",
    )
    limits.add_argument(
        "--cache-ttl",
        type=int,
        metavar="SECONDS",
        help="how long the CDN serves a repeated published request from cache; 0 disables it "
        "(default: the kontent.rate.cdn_cache rule's TTL)",
    )
    limits.add_argument(
        "--disable-graphql",
        action="append",
        default=[],
        metavar="ENVIRONMENT_ID",
        help="this environment's plan lacks GraphQL: its requests get 403 (repeatable)",
    )


def _wikijs_options(parser: argparse.ArgumentParser) -> None:
    group = parser.add_argument_group("data and access (what a frontend sets)")
    group.add_argument(
        "--data-dir",
        type=Path,
        metavar="PATH",
        help=(
            "keep pages, users and uploads in PATH (wiki.sqlite) across restarts"
            " (default: a temporary directory, removed at exit)"
        ),
    )
    group.add_argument(
        "--cors", metavar="ORIGIN", help="allow cross-origin calls from ORIGIN (the real server sends no CORS headers)"
    )
    group.add_argument(
        "--admin-api-key",
        default=os.environ.get(ADMIN_API_KEY_ENV),
        metavar="KEY",
        help=f"register KEY (any text) as a full-access API key, switch API access on; env {ADMIN_API_KEY_ENV}",
    )
    group.add_argument(
        "--admin-email",
        default=os.environ.get(ADMIN_EMAIL_ENV, DEFAULT_ADMIN_EMAIL),
        help=f"e-mail of the admin account (user 1); env {ADMIN_EMAIL_ENV} (default: %(default)s)",
    )
    group.add_argument(
        "--admin-password",
        default=os.environ.get(ADMIN_PASSWORD_ENV, DEFAULT_ADMIN_PASSWORD),
        help=f"password of the admin account; env {ADMIN_PASSWORD_ENV} (default: {DEFAULT_ADMIN_PASSWORD})",
    )


def _server_options(parser: argparse.ArgumentParser, api: str) -> None:
    server = parser.add_argument_group("server")
    server.add_argument("--host", default="127.0.0.1", help="address to bind (default: %(default)s)")
    server.add_argument(
        "--port", type=int, default=DEFAULT_PORTS[api], help="port to bind; 0 picks a free one (default: %(default)s)"
    )
    server.add_argument(
        "--emulate",
        choices=implementations(api),
        default=DOCS,
        help="answer as the documents say (docs) or as a named implementation behaves "
        "(wikijs 2.5.314: a real server's deviations; kontent technical-limits: the docs' technical-limits page) "
        "(default: %(default)s)",
    )
    server.add_argument(
        "--body-timeout",
        type=float,
        default=DEFAULT_BODY_TIMEOUT,
        metavar="SECONDS",
        help="a request body not received within SECONDS gets HTTP 408 and the connection is closed "
        "(default: %(default)s)",
    )
    server.add_argument("--log-level", choices=LOG_LEVELS, default="INFO", help="(default: %(default)s)")
    harness = parser.add_argument_group("testing the test suites")
    harness.add_argument(
        "--fault",
        action="append",
        default=[],
        metavar="FAULT_ID",
        help="break a rule on purpose, as the meta-tests do (repeatable; --list-faults lists the ids)",
    )
    harness.add_argument("--list-faults", action=_ListFaults, api=api, help="print the fault ids and exit")


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="python -m mock_server",
        description="Run the reference mock of one GraphQL API, behaving as the rules in specs/ say. "
        "`python -m mock_server API --help` shows that API's options.",
    )
    commands = parser.add_subparsers(dest="api", required=True, metavar="API")
    for api, add_options in ((KONTENT, _kontent_options), (WIKIJS, _wikijs_options)):
        command = commands.add_parser(
            api, help=DESCRIPTIONS[api], description=DESCRIPTIONS[api], prog=f"python -m mock_server {api}"
        )
        add_options(command)
        _server_options(command, api)
    return parser


def _check(parser: argparse.ArgumentParser, args: argparse.Namespace) -> None:
    unknown = [f for f in args.fault if f not in FAULTS]
    if unknown:
        known = ", ".join(f for f in FAULTS if FAULTS[f].api == args.api)
        parser.error(f"unknown fault id(s) {', '.join(unknown)}; known fault ids for {args.api}: {known}")
    if args.api == KONTENT:
        if args.secure_environment and not (args.secure_api_key or os.environ.get(SECURE_VARIABLE)):
            parser.error(f"--secure-environment needs a secure key: --secure-api-key or ${SECURE_VARIABLE}")
        for environment_id in args.environment_id:
            try:
                uuid.UUID(environment_id)
            except ValueError:
                parser.error(f"--environment-id {environment_id!r} is not an environment id (a UUID)")
    if not 0 <= args.port <= 0xFFFF:
        parser.error(f"--port {args.port} is not a TCP port")


async def serve(app: web.Application, host: str, port: int) -> None:
    """Serve until SIGINT/SIGTERM; cleanup (closing stores) runs on the way out."""
    stop = asyncio.Event()
    loop = asyncio.get_running_loop()
    for signum in (signal.SIGINT, signal.SIGTERM):  # before the line: a harness may signal at once
        loop.add_signal_handler(signum, stop.set)
    runner = web.AppRunner(app)
    await runner.setup()
    try:
        await web.TCPSite(runner, host, port).start()
        bound_port = runner.addresses[0][1]
        url = URL.build(scheme="http", host=host, port=bound_port, path=app[ENDPOINT_PATH])
        print(LISTENING.format(url), flush=True)
        await stop.wait()
        log.info("stopping")
    finally:
        await runner.cleanup()


def _api_options(args: argparse.Namespace) -> dict[str, Any]:
    """The ``create_app`` keywords of the chosen API's own options."""
    if args.api == WIKIJS:
        admin = AdminLogin(args.admin_email, args.admin_password, args.admin_api_key)
        return {"cors_origin": args.cors, "data_dir": args.data_dir, "admin": admin}
    return {
        "environment_id": args.environment_id or DEFAULT_ENVIRONMENT_ID,
        "models": args.model,
        "keys": AccessKeys.resolve(
            args.preview_api_key, args.secure_api_key, secure_environments=args.secure_environment
        ),
        "rate_limit": args.rate_limit,
        "cache_ttl": args.cache_ttl,
        "latency": args.latency,
        "graphql_disabled": args.disable_graphql,
    }


def main(argv: Sequence[str] | None = None) -> int:
    parser = build_parser()
    args = parser.parse_args(argv)
    _check(parser, args)
    logging.basicConfig(level=args.log_level, stream=sys.stderr, format=LOG_FORMAT)
    install_batching_handler(sys.stderr)
    try:
        app = create_app(
            args.api, faults=args.fault, emulate=args.emulate, body_timeout=args.body_timeout, **_api_options(args)
        )
    except ConfigurationError as error:
        parser.error(str(error))
    gc.freeze()  # the models and schemas live as long as the process: keep the collector off them
    sys.setrecursionlimit(max(sys.getrecursionlimit(), RECURSION_LIMIT))
    try:
        asyncio.run(serve(app, args.host, args.port))
    except OSError as error:
        log.error("cannot serve on %s:%s: %s", args.host, args.port, error)
        return 1
    return 0
