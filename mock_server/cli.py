"""``python -m mock_server {kontent,wikijs}``: run one mock until SIGINT or SIGTERM.

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

from aiohttp import web
from yarl import URL

from mock_server.accesslog import LOG_FORMAT, install_batching_handler
from mock_server.app import APIS, KONTENT, WIKIJS, ConfigurationError, create_app, implementations
from mock_server.faults import FAULTS
from mock_server.http.body_timeout import DEFAULT_BODY_TIMEOUT
from mock_server.http.server import ENDPOINT_PATH
from mock_server.kontent import DEFAULT_ENVIRONMENT_ID
from mock_server.kontent.access import DEFAULT_PREVIEW_API_KEY, PREVIEW_VARIABLE, SECURE_VARIABLE, AccessKeys
from mock_server.wikijs.samples import DEFAULT_ADMIN_EMAIL, DEFAULT_ADMIN_PASSWORD, AdminLogin

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


def _fault_list() -> str:
    lines = ["fault ids (--fault):"]
    for api in APIS:
        lines.append(f"  {api}:")
        lines.extend(f"    {f.rule_id}: {f.description}" for f in FAULTS.values() if f.api == api)
    return "\n".join(lines)


def build_parser() -> argparse.ArgumentParser:
    emulations = sorted({name for api in APIS for name in implementations(api)})
    parser = argparse.ArgumentParser(
        prog="python -m mock_server",
        description="Run the reference mock of one GraphQL API, behaving as the rules in specs/ say.",
        epilog=_fault_list(),
        formatter_class=argparse.RawDescriptionHelpFormatter,
    )
    parser.add_argument("api", choices=APIS, help="which API to serve")
    parser.add_argument("--host", default="127.0.0.1", help="address to bind (default: %(default)s)")
    parser.add_argument("--port", type=int, default=0, help="port to bind; 0 picks a free one (default: 0)")
    parser.add_argument(
        "--environment-id",
        action="append",
        default=[],
        metavar="ID",
        help="kontent: the environment served at /<id>, with the embedded sample or the REST export (repeatable: "
        f"one environment each; default: {DEFAULT_ENVIRONMENT_ID})",
    )
    parser.add_argument(
        "--model",
        action="append",
        default=[],
        type=Path,
        metavar="PATH",
        help="kontent: a content model to serve (repeatable): a YAML model (mock_server/kontent/model.schema.json; "
        "its environment_id, else --environment-id) or Delivery REST /types and /items JSON files or a directory "
        "of them. Default: the embedded sample environment",
    )
    parser.add_argument(
        "--preview-api-key",
        action="append",
        default=[],
        metavar="[ENVIRONMENT_ID=]KEY",
        help="kontent: the key /preview/<id> requires; ENVIRONMENT_ID=KEY binds it to one environment, a plain KEY "
        f"serves the others (repeatable; default: ${PREVIEW_VARIABLE}, else {DEFAULT_PREVIEW_API_KEY!r})",
    )
    parser.add_argument(
        "--secure-api-key",
        action="append",
        default=[],
        metavar="[ENVIRONMENT_ID=]KEY",
        help="kontent: turn on secure access, published content then requires KEY; ENVIRONMENT_ID=KEY binds it to "
        f"one environment, a plain KEY serves the others (repeatable; default: ${SECURE_VARIABLE})",
    )
    parser.add_argument(
        "--secure-environment",
        action="append",
        default=[],
        metavar="ENVIRONMENT_ID",
        help="kontent: plain --secure-api-key keys apply only to this environment (repeatable; default: every "
        "environment without a key of its own)",
    )
    parser.add_argument(
        "--rate-limit",
        metavar="UNITS/s,UNITS/min",
        help="kontent: resource units allowed per second and/or per minute, e.g. 200/s,4000/min "
        "(default: the documented limits of specs/kontent/rate_limits.yaml)",
    )
    parser.add_argument(
        "--cache-ttl",
        type=int,
        metavar="SECONDS",
        help="kontent: how long the CDN serves a repeated published request from cache; 0 disables it "
        "(default: the kontent.rate.cdn_cache rule's TTL)",
    )
    parser.add_argument(
        "--latency",
        metavar="MS|MIN-MAX",
        help="kontent: answer after MS milliseconds, or uniformly between MIN and MAX ms (default: at once)",
    )
    parser.add_argument(
        "--disable-graphql",
        action="append",
        default=[],
        metavar="ENVIRONMENT_ID",
        help="kontent: this environment's plan lacks GraphQL: its requests get 403 (repeatable)",
    )
    parser.add_argument(
        "--fault",
        action="append",
        default=[],
        metavar="RULE_ID",
        help="break this rule on purpose (repeatable; ids listed below)",
    )
    parser.add_argument(
        "--emulate",
        choices=emulations,
        default="docs",
        help="answer as the documents say (docs) or as a named implementation: wikijs 2.5.314 (a real server's "
        "deviations), kontent technical-limits (the limits of the docs' technical-limits page) (default: docs)",
    )
    parser.add_argument("--cors", metavar="ORIGIN", help="wikijs: allow cross-origin calls from ORIGIN")
    parser.add_argument(
        "--data-dir",
        type=Path,
        metavar="PATH",
        help="wikijs: keep pages in PATH/wiki.sqlite across restarts (default: in memory)",
    )
    parser.add_argument(
        "--admin-email",
        default=os.environ.get(ADMIN_EMAIL_ENV, DEFAULT_ADMIN_EMAIL),
        help=f"wikijs: e-mail of the admin account (user 1); env {ADMIN_EMAIL_ENV} (default: %(default)s)",
    )
    parser.add_argument(
        "--admin-password",
        default=os.environ.get(ADMIN_PASSWORD_ENV, DEFAULT_ADMIN_PASSWORD),
        help=f"wikijs: password of the admin account; env {ADMIN_PASSWORD_ENV} (default: {DEFAULT_ADMIN_PASSWORD})",
    )
    parser.add_argument(
        "--admin-api-key",
        default=os.environ.get(ADMIN_API_KEY_ENV),
        metavar="KEY",
        help=f"wikijs: register KEY (any text) as a full-access API key, switch API access on; env {ADMIN_API_KEY_ENV}",
    )
    parser.add_argument(
        "--body-timeout",
        type=float,
        default=DEFAULT_BODY_TIMEOUT,
        metavar="SECONDS",
        help="a request body not received within SECONDS gets HTTP 408 and the connection is closed "
        "(default: %(default)s)",
    )
    parser.add_argument("--log-level", choices=LOG_LEVELS, default="INFO", help="(default: %(default)s)")
    return parser


def _check(parser: argparse.ArgumentParser, args: argparse.Namespace) -> None:
    unknown = [f for f in args.fault if f not in FAULTS]
    if unknown:
        known = ", ".join(f for f in FAULTS if FAULTS[f].api == args.api)
        parser.error(f"unknown fault id(s) {', '.join(unknown)}; known fault ids for {args.api}: {known}")
    kontent_only = (
        args.rate_limit,
        args.cache_ttl,
        args.latency,
    )
    if args.api == WIKIJS and (
        any(o is not None for o in kontent_only)
        or any((args.environment_id, args.preview_api_key, args.secure_api_key, args.model, args.disable_graphql))
        or args.secure_environment
    ):
        parser.error(
            "--environment-id, --model, the API keys, --secure-environment, --rate-limit, --cache-ttl, --latency "
            "and --disable-graphql apply to kontent only"
        )
    if args.api == KONTENT and (args.cors is not None or args.data_dir is not None):
        parser.error("--cors and --data-dir apply to wikijs only")
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


def main(argv: Sequence[str] | None = None) -> int:
    parser = build_parser()
    args = parser.parse_args(argv)
    _check(parser, args)
    logging.basicConfig(level=args.log_level, stream=sys.stderr, format=LOG_FORMAT)
    install_batching_handler(sys.stderr)
    try:
        app = create_app(
            args.api,
            faults=args.fault,
            emulate=args.emulate,
            environment_id=args.environment_id or DEFAULT_ENVIRONMENT_ID,
            cors_origin=args.cors,
            data_dir=args.data_dir,
            admin=AdminLogin(args.admin_email, args.admin_password, args.admin_api_key) if args.api == WIKIJS else None,
            models=args.model,
            keys=AccessKeys.resolve(
                args.preview_api_key, args.secure_api_key, secure_environments=args.secure_environment
            )
            if args.api == KONTENT
            else None,
            rate_limit=args.rate_limit,
            cache_ttl=args.cache_ttl,
            latency=args.latency,
            graphql_disabled=args.disable_graphql,
            body_timeout=args.body_timeout,
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
