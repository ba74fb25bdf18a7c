"""The rest of ``authentication`` (strategies, registration, the second login steps, password
reset mail, certificates, the guest account) and the two-factor switches of ``users``."""

from __future__ import annotations

import secrets
from collections.abc import Callable
from typing import Any

from graphql import GraphQLSchema

from mock_server.http.resolvers import bind
from mock_server.wikijs.accounts import JWT_SECRET, AccountStore
from mock_server.wikijs.catalogue import strategy_modules
from mock_server.wikijs.database import Database, transaction
from mock_server.wikijs.errors import ResponseStatuses, WikiError
from mock_server.wikijs.login_flow import LoginFlow
from mock_server.wikijs.mail import Mail
from mock_server.wikijs.resolvers import Info
from mock_server.wikijs.samples import GUEST_EMAIL, GUEST_GROUP_ID, GUEST_USER_ID
from mock_server.wikijs.strategies import Strategies

Clock = Callable[[], str]
GUEST_NAME = "Guest"
SECRET_BYTES = 48


def bind_sign_in(
    schema: GraphQLSchema,
    db: Database,
    accounts: AccountStore,
    strategies: Strategies,
    flow: LoginFlow,
    mail: Mail,
    statuses: ResponseStatuses,
    clock: Clock,
) -> None:
    def outcome(operation: str, run: Callable[..., dict[str, Any] | None]) -> Callable[..., dict[str, Any]]:
        def resolve(_: object, __: Info, **args: Any) -> dict[str, Any]:
            try:
                extra = run(**args) or {}
            except WikiError as error:
                return {"responseResult": statuses.failure(error)}
            return {"responseResult": statuses.success(operation), **extra}

        return resolve

    def register(*, email: str, password: str, name: str) -> None:
        """The account stays created when the verification mail cannot go (3002), as on the real server."""
        strategies.register(email, password, name, clock())
        mail.send()

    def forgot(*, email: str) -> None:
        """Unknown or disabled accounts succeed silently; a local account gets a mail (3002 unconfigured)."""
        user = accounts.local_user(email.strip().lower())
        if user is not None and user["isActive"]:
            mail.send()

    def update_strategies(*, strategies: list[dict[str, Any] | None]) -> None:
        instances.update([s for s in strategies if s is not None])

    def regenerate() -> None:
        """Every token signed so far stops working (registered admin keys are matched by value and stay)."""
        accounts.set_setting(JWT_SECRET, secrets.token_urlsafe(SECRET_BYTES))

    def reset_guest() -> None:
        with transaction(db):
            db.execute("UPDATE users SET name = ?, email = ?, isActive = 1 WHERE id = ?",
                       (GUEST_NAME, GUEST_EMAIL, GUEST_USER_ID))  # fmt: skip
            db.execute("DELETE FROM user_groups WHERE userId = ?", (GUEST_USER_ID,))
            db.execute("INSERT INTO user_groups VALUES (?, ?)", (GUEST_USER_ID, GUEST_GROUP_ID))

    def tfa(active: bool, operation: str) -> Callable[..., dict[str, Any]]:
        def run(*, id: int) -> None:
            flow.set_tfa(id, active)

        return outcome(operation, run)

    def login_tfa(*, continuationToken: str, securityCode: str, setup: bool | None = None) -> dict[str, Any]:
        return flow.login_tfa(continuationToken, securityCode, bool(setup))

    def change_password(*, continuationToken: str, newPassword: str) -> dict[str, Any]:
        return flow.change_password(continuationToken, newPassword)

    instances = strategies
    login = "authentication.login"
    bind(schema, "AuthenticationQuery", "strategies", lambda *_: strategy_modules())
    bind(schema, "AuthenticationQuery", "activeStrategies",
         lambda _, __, enabledOnly=None: instances.active(bool(enabledOnly)))  # fmt: skip
    bind(schema, "AuthenticationMutation", "register", outcome("authentication.register", register))
    bind(schema, "AuthenticationMutation", "loginTFA", outcome(login, login_tfa))
    bind(schema, "AuthenticationMutation", "loginChangePassword", outcome(login, change_password))
    bind(schema, "AuthenticationMutation", "forgotPassword", outcome("authentication.forgotPassword", forgot))
    bind(schema, "AuthenticationMutation", "updateStrategies",
         outcome("authentication.updateStrategies", update_strategies))  # fmt: skip
    bind(schema, "AuthenticationMutation", "regenerateCertificates",
         outcome("authentication.regenerateCertificates", regenerate))  # fmt: skip
    bind(schema, "AuthenticationMutation", "resetGuestUser", outcome("authentication.resetGuestUser", reset_guest))
    bind(schema, "UserMutation", "enableTFA", tfa(True, "users.enableTFA"))
    bind(schema, "UserMutation", "disableTFA", tfa(False, "users.disableTFA"))
