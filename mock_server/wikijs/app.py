"""The Wiki.js application: GraphQL at ``/graphql`` (and ``/graphql/``), health at ``/healthz``."""

from __future__ import annotations

import tempfile
from http import HTTPStatus
from pathlib import Path
from typing import Any

from aiohttp import web
from graphql import GraphQLSchema

from mock_server.http.endpoint import GraphQLApi, GraphQLEndpoint
from mock_server.http.executor import Executor, Threads
from mock_server.http.resolvers import bind
from mock_server.http.responses import dumps, json_response
from mock_server.http.server import build_application
from mock_server.http.transport import TransportBinding, TransportRuleError, TransportRules, load_transport
from mock_server.wikijs.access import PageRules, enforce_auth
from mock_server.wikijs.accounts import AccountStore, hash_password
from mock_server.wikijs.asset_store import UPLOADS_DIR, AssetStore
from mock_server.wikijs.assets import bind_assets
from mock_server.wikijs.auth import Authenticator, caller_key
from mock_server.wikijs.authentication import bind_authentication
from mock_server.wikijs.comments import Comments, bind_comments
from mock_server.wikijs.context import WikiContext
from mock_server.wikijs.database import Database, connect, migrate
from mock_server.wikijs.errors import PERMISSIONS_RULE, ErrorTable, ResponseStatuses
from mock_server.wikijs.export import Exporter
from mock_server.wikijs.groups import bind_groups
from mock_server.wikijs.history import HistoryRules, bind_history
from mock_server.wikijs.login_flow import LoginFlow
from mock_server.wikijs.mail import Mail, bind_mail
from mock_server.wikijs.migrations import migrations
from mock_server.wikijs.modules import bind_modules
from mock_server.wikijs.page_admin import bind_page_admin
from mock_server.wikijs.page_people import bind_page_people
from mock_server.wikijs.pages import Pages, WriteRules, utc_now
from mock_server.wikijs.rate_limit import FixedWindows, enforce_rate_limits
from mock_server.wikijs.rendering import render_page
from mock_server.wikijs.renewal import TOKEN_COOKIE, send_renewed_token
from mock_server.wikijs.resolvers import bind_pages
from mock_server.wikijs.samples import ADMIN_GROUP_ID, ADMIN_USER_ID, AdminLogin, new_wiki
from mock_server.wikijs.schema import wikijs_schema
from mock_server.wikijs.served import leave_out_unselected, remove_absent_fields, serve_as_implemented
from mock_server.wikijs.settings_sections import bind_settings_sections
from mock_server.wikijs.sign_in import bind_sign_in
from mock_server.wikijs.store import PageStore
from mock_server.wikijs.strategies import Strategies
from mock_server.wikijs.system import bind_system
from mock_server.wikijs.uploads import Uploads, add_upload_routes
from mock_server.wikijs.users import bind_users
from specs import RuleSet
from specs.model import (
    DataExport,
    PageHistory,
    PageHistoryActions,
    PageRestore,
    PageSearch,
    PageTree,
    PermissionModel,
    UnknownReference,
    UpdateSemantics,
    UploadForm,
    UploadLimit,
)

API = "wikijs"
TITLE = "Wiki.js 2.5 GraphQL (mock)"
ENDPOINT = "/graphql"
HEALTH = "/healthz"
EXAMPLE_QUERY = (
    "query Example {\n  pages {\n    list(limit: 10, orderBy: UPDATED) {\n"
    "      id\n      path\n      title\n      updatedAt\n    }\n  }\n}\n"
)
"""What the GraphiQL page opens on: the most common call of a Wiki.js client, listing pages."""
HEALTHY = dumps({"ok": True})
ADMIN_KEY_NAME = "admin key (--admin-api-key)"
ADMIN_KEY_EXPIRATION = "9999-12-31T23:59:59.999Z"
UPLOAD_LIMIT_RULE = "wikijs.uploads.max_file_size"
SEARCH_RULE, TREE_RULE, HISTORY_RULE = "wikijs.pages.search", "wikijs.pages.tree", "wikijs.pages.history"
ACTIONS_RULE, RESTORE_RULE = "wikijs.pages.history_actions", "wikijs.pages.restore"
EXPORT_RULE = "wikijs.system.export"
UPDATE_RULE, UNKNOWN_RULE = "wikijs.pages.update_omitted_arguments", "wikijs.pages.create_unknown_reference"
UPLOAD_FORM_RULE = "wikijs.uploads.round_trip"
TRANSPORT = TransportBinding(
    api=API,
    methods="wikijs.http.methods",
    get="wikijs.http.get_query",
    posts=("wikijs.http.post_json",),
    query_errors="wikijs.http.query_errors",
    bad_requests=(
        "wikijs.http.errors.malformed_json",
        "wikijs.http.errors.non_utf8",
        "wikijs.http.errors.missing_query",
        "wikijs.http.errors.empty_body",
        "wikijs.http.errors.wrong_content_type",
        "wikijs.http.errors.json_not_object",
        "wikijs.http.errors.bad_variables",
    ),
    cors="wikijs.http.cors",
    limits=("wikijs.http.max_body",),
    ide="wikijs.http.ide",
    get_mutation="wikijs.http.get_mutation",
)
"""Wiki.js's GraphQL-over-HTTP rules, as the shared layer serves them."""


def envelope(message: str) -> dict[str, Any]:
    """The real server's shape for errors outside GraphQL execution."""
    return {"data": {}, "errors": [{"message": message, "path": []}]}


async def health(_: web.Request) -> web.Response:
    return json_response(HEALTHY, HTTPStatus.OK)


def locale_views(db: Database) -> list[dict[str, Any]]:
    """``LocalizationLocale`` objects of the installed locales."""
    rows = db.execute("SELECT * FROM locales ORDER BY code")
    return [
        {**dict(row), "isRTL": bool(row["isRTL"]), "isInstalled": True, "createdAt": row["installDate"]} for row in rows
    ]


def open_wiki(rules: RuleSet, data_dir: Path | None, admin: AdminLogin) -> Database:
    """The database, migrated (and seeded when new), with the configured admin login and key."""
    db = connect(data_dir)
    permissions = rules[PERMISSIONS_RULE].data_as(PermissionModel)
    now = utc_now()
    migrate(db, migrations(new_wiki(permissions, admin, now)))
    accounts = AccountStore(db)
    accounts.set_admin_login(ADMIN_USER_ID, admin.email, hash_password(admin.password))
    if admin.api_key:
        accounts.register_key(admin.api_key, ADMIN_KEY_NAME, ADMIN_GROUP_ID, ADMIN_KEY_EXPIRATION, now)
    return db


def files_dir(data_dir: Path | None) -> tuple[Path, tempfile.TemporaryDirectory[str] | None]:
    """Where uploads and exports go: the data directory, else a temporary one (returned too, for
    its removal) that lives as long as the app, like the database without a data directory."""
    if data_dir is not None:
        return data_dir, None
    scratch = tempfile.TemporaryDirectory(prefix="wikijs-mock-files-")
    return Path(scratch.name), scratch


def graphql_application(
    schema: GraphQLSchema, transport: TransportRules, authenticator: Authenticator, db: Database, threads: Threads
) -> web.Application:
    """The application serving the schema at ``/graphql`` (and ``/graphql/``) and health at ``/healthz``;
    query answers are reused while the database, the mutations run and the caller stay the same."""
    if transport.ide is None:
        raise TransportRuleError(f"api {API} has no ide_page rule")
    api = GraphQLApi(
        title=TITLE,
        transport=transport,
        executor=Executor(
            schema,
            transport.query_errors,
            transport.get_mutation,
            threads=threads,
            data_version=lambda context: (db.version, threads.mutations, caller_key(context.identity)),
        ),
        envelope=envelope,
        ide=transport.ide,
        example_query=EXAMPLE_QUERY,
        identify=authenticator.caller,
        token_cookie=TOKEN_COOKIE,
        finish=send_renewed_token,
    )
    endpoint = GraphQLEndpoint(api)
    app = build_application(api, ENDPOINT)
    app.router.add_route("*", ENDPOINT, endpoint.handle)
    app.router.add_route("*", ENDPOINT + "/", endpoint.handle)
    app.router.add_get(HEALTH, health)
    return app


def build_wikijs_app(
    rules: RuleSet, data_dir: Path | None, admin: AdminLogin | None = None, windows: FixedWindows | None = None
) -> web.Application:
    """``windows`` counts ``@rateLimit`` calls (tests pass one with their own clock)."""
    transport = load_transport(rules, TRANSPORT)
    db = open_wiki(rules, data_dir, admin or AdminLogin())
    recording = rules[HISTORY_RULE].data_as(PageHistory)
    store = PageStore(db, render_page, recording.recorded)
    accounts = AccountStore(db)
    authenticator = Authenticator(accounts, rules)
    errors, statuses = ErrorTable(rules), ResponseStatuses(rules)
    schema = wikijs_schema()
    page_rules = PageRules(rules, errors)
    writes = WriteRules(rules[UPDATE_RULE].data_as(UpdateSemantics), rules[UNKNOWN_RULE].data_as(UnknownReference))
    pages = Pages(store, errors, page_rules, writes)
    context = WikiContext(db, errors, statuses, utc_now)
    bind_pages(schema, context, pages, store)
    bind_page_people(schema, db)
    reads = rules[SEARCH_RULE].data_as(PageSearch), rules[TREE_RULE].data_as(PageTree)
    bind_page_admin(schema, context, pages, store, page_rules, reads)
    actions = rules[ACTIONS_RULE].data_as(PageHistoryActions).actions
    history = HistoryRules(recording, actions, rules[RESTORE_RULE].data_as(PageRestore))
    bind_history(schema, context, pages, store, page_rules, history)
    permissions = rules[PERMISSIONS_RULE].data_as(PermissionModel)
    bind_groups(schema, context, permissions)
    bind_users(schema, context, authenticator, permissions.system_scope)
    flow, strategies = LoginFlow(db, authenticator, errors, utc_now), Strategies(db, errors)
    bind_authentication(schema, accounts, authenticator, statuses, errors, utc_now, flow, strategies)
    mail = Mail(accounts, errors)
    bind_mail(schema, mail, statuses)
    bind_sign_in(schema, context, accounts, strategies, flow, mail)
    modules = bind_modules(schema, accounts, statuses)
    bind_settings_sections(schema, accounts, lambda: locale_views(db), statuses, errors)
    bind(schema, "ContributeQuery", "contributors", lambda *_: [])
    bind_comments(schema, Comments(db, store, page_rules, errors, utc_now), statuses)
    files, scratch = files_dir(data_dir)
    assets = AssetStore(db, files / UPLOADS_DIR)
    bind_assets(schema, context, assets, page_rules)
    exporter = Exporter(db, assets, files, rules[EXPORT_RULE].data_as(DataExport), utc_now)
    bind_system(schema, context, accounts, modules["storage"], exporter)
    leave_out_unselected(schema, rules)
    serve_as_implemented(schema, rules)
    enforce_auth(schema, rules, statuses, errors)
    enforce_rate_limits(schema, rules, statuses, errors, windows or FixedWindows())
    remove_absent_fields(schema, rules)
    threads = Threads()
    app = graphql_application(schema, transport, authenticator, db, threads)
    limit = rules[UPLOAD_LIMIT_RULE].data_as(UploadLimit)
    form = rules[UPLOAD_FORM_RULE].data_as(UploadForm)
    add_upload_routes(app, Uploads(assets, authenticator, page_rules, limit, form, utc_now))

    async def close_store(_: web.Application) -> None:
        threads.close()
        db.close()
        if scratch is not None:
            scratch.cleanup()

    app.on_cleanup.append(close_store)
    return app
