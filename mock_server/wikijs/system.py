"""The ``system`` namespace and the storage status: flags, telemetry, HTTPS settings, the
instance info (row counts are real), and the refusals of operations the mock cannot run.

SSL is set in the real server's ``config.yml``, which no API call changes; a new wiki (and
so the mock) has it off, which is why ``renewHTTPSCertificate`` answers 7002. The other SSL
codes (7003 provider not Let's Encrypt, 7004 Let's Encrypt not initialised) need SSL on.
``system.export`` writes files under the mock's data directory (see :mod:`.export`).
"""

from __future__ import annotations

import os
import platform
import sqlite3
import uuid
from collections.abc import Callable
from typing import Any

from graphql import GraphQLSchema

from mock_server.http.resolvers import bind
from mock_server.wikijs.accounts import AccountStore
from mock_server.wikijs.catalogue import extensions
from mock_server.wikijs.context import Run, WikiContext
from mock_server.wikijs.errors import WikiError
from mock_server.wikijs.export import Exporter
from mock_server.wikijs.modules import Modules
from mock_server.wikijs.resolvers import Info

FLAGS = "system.flags"
DEFAULT_FLAGS = {"ldapdebug": False, "sqllog": False}
SERVER = "system.server"
DEFAULT_SERVER: dict[str, Any] = {"sslEnabled": False, "sslProvider": "", "sslRedirect": False, "telemetry": False,
                                  "telemetryClientId": ""}  # fmt: skip
VERSION = "2.5.314"
SSL_DISABLED = "wikijs.errors.7002"
NO_UPGRADE = "The mock cannot upgrade itself: it is not running in the Wiki.js Docker image."
MIN_CONNECTION = 11
WORKING_DIRECTORY = "/wiki"
"""The Wiki.js Docker image's directory, reported instead of the mock's own: an answer never
shows a path of the machine the mock runs on (found by ``python -m reliability fuzz``)."""
BAD_CONNECTION = "MongoDB Connection String is missing or invalid."
NO_MONGO = "The mock cannot reach a Wiki.js 1.x MongoDB database."
UNKNOWN_TARGET = "Invalid storage target or action."


class SystemResolvers:
    """The ``system`` and ``storage`` fields over the shared context, the stored settings, the
    storage modules and the exporter."""

    def __init__(self, context: WikiContext, accounts: AccountStore, storage: Modules) -> None:
        self._db, self._errors, self._statuses = context.db, context.errors, context.statuses
        self._accounts, self._storage = accounts, storage

    def server(self) -> dict[str, Any]:
        return {**DEFAULT_SERVER, **(self._accounts.setting(SERVER) or {})}

    def set_server(self, **values: Any) -> None:
        self._accounts.set_setting(SERVER, {**self.server(), **values})

    def flags(self) -> dict[str, bool]:
        return {**DEFAULT_FLAGS, **(self._accounts.setting(FLAGS) or {})}

    def count(self, table: str) -> int:
        total: int = self._db.execute(f"SELECT count(*) FROM {table}").fetchone()[0]  # table names are constants below
        return total

    def info(self, _: object, __: Info) -> dict[str, Any]:
        current = self.server()
        return {
            "configFile": f"{WORKING_DIRECTORY}/config.yml", "cpuCores": os.cpu_count() or 1,
            "currentVersion": VERSION, "latestVersion": VERSION, "latestVersionReleaseDate": None,
            "dbHost": "", "dbType": "SQLite", "dbVersion": sqlite3.sqlite_version, "hostname": platform.node(),
            "httpPort": 3000, "httpRedirection": current["sslRedirect"], "httpsPort": 0,
            "nodeVersion": "", "operatingSystem": platform.platform(), "platform": platform.system().lower(),
            "ramTotal": "", "sslDomain": "", "sslExpirationDate": None, "sslProvider": current["sslProvider"],
            "sslStatus": "OK", "sslSubscriberEmail": "", "telemetry": current["telemetry"],
            "telemetryClientId": current["telemetryClientId"], "upgradeCapable": False,
            "workingDirectory": WORKING_DIRECTORY, "groupsTotal": self.count("groups"),
            "usersTotal": self.count("users"), "pagesTotal": self.count("pages"), "tagsTotal": self.count("tags"),
        }  # fmt: skip

    def update_flags(self, *, flags: list[dict[str, Any] | None]) -> None:
        self._accounts.set_setting(FLAGS, {**self.flags(), **{f["key"]: f["value"] for f in flags if f is not None}})

    def renew(self) -> None:
        if not self.server()["sslEnabled"]:
            raise self._errors.error(SSL_DISABLED)

    def upgrade(self) -> None:
        raise WikiError.plain(NO_UPGRADE)

    def import_v1(self, _: object, __: Info, *, mongoDbConnString: str, groupMode: str) -> dict[str, Any]:
        error = WikiError.plain(BAD_CONNECTION if len(mongoDbConnString) < MIN_CONNECTION else NO_MONGO)
        return {"responseResult": self._statuses.failure(error), "usersCount": 0, "groupsCount": 0, "failed": []}

    def storage_status(self, _: object, __: Info) -> list[dict[str, Any]]:
        return [{"key": t["key"], "title": t["title"], "status": "pending", "message": "", "lastAttempt": ""}
                for t in self._storage.all() if t["isEnabled"]]  # fmt: skip

    def execute_action(self, *, targetKey: str, handler: str) -> None:
        target = next((t for t in self._storage.all() if t["key"] == targetKey and t["isEnabled"]), None)
        if target is None or handler not in {action["handler"] for action in target.get("actions") or ()}:
            raise WikiError.plain(UNKNOWN_TARGET)


def _without_info(work: Callable[..., None]) -> Run:
    """The system operations read no resolver info; :meth:`WikiContext.outcome` passes it first."""
    return lambda _, **args: work(**args)


def bind_system(
    schema: GraphQLSchema, context: WikiContext, accounts: AccountStore, storage: Modules, exporter: Exporter
) -> None:
    system = SystemResolvers(context, accounts, storage)
    settings = system.set_server

    def answered(operation: str, work: Callable[..., None]) -> Callable[..., dict[str, Any]]:
        return context.outcome(operation, _without_info(work))

    bind(schema, "SystemQuery", "flags", lambda *_: [{"key": k, "value": v} for k, v in sorted(system.flags().items())])
    bind(schema, "SystemQuery", "info", system.info)
    bind(schema, "SystemQuery", "extensions", lambda *_: extensions())
    bind(schema, "SystemQuery", "exportStatus", lambda *_: exporter.status())
    bind(schema, "SystemMutation", "export", answered("system.export", exporter.start))
    bind(schema, "SystemMutation", "updateFlags", answered("system.updateFlags", system.update_flags))
    bind(schema, "SystemMutation", "setTelemetry",
         answered("system.setTelemetry", lambda *, enabled: settings(telemetry=enabled)))  # fmt: skip
    bind(schema, "SystemMutation", "resetTelemetryClientId",
         answered("system.resetTelemetryClientId", lambda: settings(telemetryClientId=str(uuid.uuid4()))))  # fmt: skip
    bind(schema, "SystemMutation", "setHTTPSRedirection",
         answered("system.setHTTPSRedirection", lambda *, enabled: settings(sslRedirect=enabled)))  # fmt: skip
    bind(schema, "SystemMutation", "renewHTTPSCertificate", answered("system.renewHTTPSCertificate", system.renew))
    bind(schema, "SystemMutation", "performUpgrade", answered("system.performUpgrade", system.upgrade))
    bind(schema, "SystemMutation", "importUsersFromV1", system.import_v1)
    bind(schema, "StorageQuery", "status", system.storage_status)
    bind(schema, "StorageMutation", "executeAction", answered("storage.executeAction", system.execute_action))
