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
from mock_server.wikijs.context import WikiContext
from mock_server.wikijs.database import transaction
from mock_server.wikijs.login_flow import LoginFlow
from mock_server.wikijs.mail import Mail
from mock_server.wikijs.resolvers import Info
from mock_server.wikijs.samples import GUEST_EMAIL, GUEST_GROUP_ID, GUEST_USER_ID
from mock_server.wikijs.strategies import Strategies

GUEST_NAME = "Guest"
SECRET_BYTES = 48
LOGIN = "authentication.login"
"""The operation both second login steps answer as (their success message is the login's)."""


class SignInResolvers:
    """The sign-in fields over the shared context, the settings, strategies, login flow and mail."""

    def __init__(
        self, context: WikiContext, accounts: AccountStore, strategies: Strategies, flow: LoginFlow, mail: Mail
    ) -> None:
        self._db, self._clock = context.db, context.clock
        self._accounts, self._strategies, self._flow, self._mail = accounts, strategies, flow, mail

    def active_strategies(self, _: object, __: Info, enabledOnly: bool | None = None) -> Any:
        return self._strategies.active(bool(enabledOnly))

    def register(self, _: Info, *, email: str, password: str, name: str) -> None:
        """The account stays created when the verification mail cannot go (3002), as on the real server."""
        self._strategies.register(email, password, name, self._clock())
        self._mail.send()

    def forgot(self, _: Info, *, email: str) -> None:
        """Unknown or disabled accounts succeed silently; a local account gets a mail (3002 unconfigured)."""
        user = self._accounts.local_user(email.strip().lower())
        if user is not None and user["isActive"]:
            self._mail.send()

    def update_strategies(self, _: Info, *, strategies: list[dict[str, Any] | None]) -> None:
        self._strategies.update([s for s in strategies if s is not None])

    def regenerate(self, _: Info) -> None:
        """Every token signed so far stops working (registered admin keys are matched by value and stay)."""
        self._accounts.set_setting(JWT_SECRET, secrets.token_urlsafe(SECRET_BYTES))

    def reset_guest(self, _: Info) -> None:
        with transaction(self._db):
            self._db.execute("UPDATE users SET name = ?, email = ?, isActive = 1 WHERE id = ?",
                             (GUEST_NAME, GUEST_EMAIL, GUEST_USER_ID))  # fmt: skip
            self._db.execute("DELETE FROM user_groups WHERE userId = ?", (GUEST_USER_ID,))
            self._db.execute("INSERT INTO user_groups VALUES (?, ?)", (GUEST_USER_ID, GUEST_GROUP_ID))

    def tfa(self, active: bool) -> Callable[..., None]:
        def run(_: Info, *, id: int) -> None:
            self._flow.set_tfa(id, active)

        return run

    def login_tfa(
        self, _: Info, *, continuationToken: str, securityCode: str, setup: bool | None = None
    ) -> dict[str, Any]:
        return self._flow.login_tfa(continuationToken, securityCode, bool(setup))

    def change_password(self, _: Info, *, continuationToken: str, newPassword: str) -> dict[str, Any]:
        return self._flow.change_password(continuationToken, newPassword)


def bind_sign_in(
    schema: GraphQLSchema,
    context: WikiContext,
    accounts: AccountStore,
    strategies: Strategies,
    flow: LoginFlow,
    mail: Mail,
) -> None:
    sign_in, outcome = SignInResolvers(context, accounts, strategies, flow, mail), context.outcome
    mutation = "AuthenticationMutation"
    bind(schema, "AuthenticationQuery", "strategies", lambda *_: strategy_modules())
    bind(schema, "AuthenticationQuery", "activeStrategies", sign_in.active_strategies)
    bind(schema, mutation, "register", outcome("authentication.register", sign_in.register))
    bind(schema, mutation, "loginTFA", outcome(LOGIN, sign_in.login_tfa))
    bind(schema, mutation, "loginChangePassword", outcome(LOGIN, sign_in.change_password))
    bind(schema, mutation, "forgotPassword", outcome("authentication.forgotPassword", sign_in.forgot))
    bind(schema, mutation, "updateStrategies", outcome("authentication.updateStrategies", sign_in.update_strategies))
    bind(schema, mutation, "regenerateCertificates",
         outcome("authentication.regenerateCertificates", sign_in.regenerate))  # fmt: skip
    bind(schema, mutation, "resetGuestUser", outcome("authentication.resetGuestUser", sign_in.reset_guest))
    bind(schema, "UserMutation", "enableTFA", outcome("users.enableTFA", sign_in.tfa(True)))
    bind(schema, "UserMutation", "disableTFA", outcome("users.disableTFA", sign_in.tfa(False)))
