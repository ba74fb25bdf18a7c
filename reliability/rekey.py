"""Getting the campaign's Wiki.js API access back without restarting the mock.

Fuzzed mutations revoke the campaign's API key, switch API access off, or regenerate the
signing secret (every key and session issued so far then reads as the guest). The campaign
keeps a second credential: the admin's session (``login`` with the password the mock was
started with, through its environment), opened from another loopback address, as an operator
on another machine would: the login's rate-limit window counts per client address, and the
fuzzed logins fill the campaign's own. With it, the admin API switches API access back on and
issues a new full-access key, which must then read an admin-only list. A fuzzed
``users.update`` may take the admin out of every group (the real server allows it for user 1),
so the first session also creates a second administrator, whose session is tried next; only
when both fail does the caller fall back to a restart.
"""

from __future__ import annotations

import secrets
from dataclasses import dataclass, field

from mock_server.wikijs.samples import ADMIN_GROUP_ID
from reliability.calls import CallError, call

LOGIN = (
    "mutation($user: String!, $password: String!) { authentication { login(username: $user, password: $password,"
    ' strategy: "local") { responseResult { succeeded message } jwt } } }'
)
OPERATOR_ADDRESS = "127.0.0.2"
"""Loopback alias the operator connects from (any 127.0.0.0/8 address is local on Linux)."""
ADMIN_ONLY = "{ authentication { apiKeys { id } } }"
"""A read that needs the admin's rights: a key that cannot make it is no use to the campaign."""
ADD_ADMIN = (
    "mutation($email: String!, $password: String!, $groups: [Int]!) { users { create(email: $email,"
    ' name: "reliability operator", passwordRaw: $password, providerKey: "local", groups: $groups,'
    " mustChangePassword: false, sendWelcomeEmail: false) { responseResult { succeeded message } } } }"
)
RESTORE = (
    "mutation($name: String!) { authentication { setApiState(enabled: true) { responseResult { succeeded } }"
    ' createApiKey(name: $name, expiration: "1y", fullAccess: true) { responseResult { succeeded } key } } }'
)


def new_admin_password() -> str:
    return secrets.token_urlsafe(24)


@dataclass
class Operator:
    """An administrator account and, once logged in, its session."""

    email: str
    password: str = field(repr=False)
    session: str | None = field(default=None, repr=False)


@dataclass
class Rekeyer:
    """The admin sessions of one mock process; ``new_key`` returns None when none can help."""

    url: str
    email: str
    password: str = field(repr=False)
    issued: int = 0
    failure: str = ""
    """Why the last :meth:`new_key` returned None."""
    operators: list[Operator] = field(default_factory=list, repr=False)
    """The admin the mock started with, then the second administrator; the one that worked last first."""

    def __post_init__(self) -> None:
        self.operators = [Operator(self.email, self.password)]

    @property
    def session(self) -> str | None:
        return self.operators[0].session

    def log_in(self, operator: Operator | None = None) -> str | None:
        """Called at the start, before fuzzed ``login`` calls hit the mock; the first session
        also creates the second administrator."""
        operator = operator or self.operators[0]
        variables = {"user": operator.email, "password": operator.password}
        login = call(self.url, None, LOGIN, variables, source=OPERATOR_ADDRESS)["authentication"]["login"]
        jwt = login.get("jwt")
        if not (login["responseResult"]["succeeded"] and isinstance(jwt, str)):
            self.failure = f"login refused: {login['responseResult']['message']}"
            return None
        operator.session = jwt
        if len(self.operators) == 1:
            self._add_operator(jwt)
        return jwt

    def _add_operator(self, session: str) -> None:
        second = Operator(f"operator-{secrets.token_hex(6)}@reliability.invalid", new_admin_password())
        variables = {"email": second.email, "password": second.password, "groups": [ADMIN_GROUP_ID]}
        created = call(self.url, session, ADD_ADMIN, variables, source=OPERATOR_ADDRESS)["users"]["create"]
        if created["responseResult"]["succeeded"]:
            self.operators.append(second)

    def _restore(self, session: str) -> str | None:
        self.issued += 1
        variables = {"name": f"reliability {self.issued}"}
        mutations = call(self.url, session, RESTORE, variables, source=OPERATOR_ADDRESS)["authentication"]
        key = mutations["createApiKey"].get("key")
        if not (mutations["setApiState"]["responseResult"]["succeeded"] and isinstance(key, str)):
            self.failure = "setApiState or createApiKey did not succeed"
            return None
        try:
            call(self.url, key, ADMIN_ONLY)
        except CallError as error:
            self.failure = f"the new key cannot read {ADMIN_ONLY}: {error}"[:300]
            return None
        return key

    def _key_from(self, operator: Operator, failures: list[str]) -> str | None:
        """A key through the operator's session, renewed once if needed."""
        for _ in range(2):
            key = None
            try:
                session = operator.session or self.log_in(operator)
                key = self._restore(session) if session else None
            except (CallError, KeyError, TypeError) as error:
                self.failure = f"{type(error).__name__}: {error}"[:150]
            if key is not None:
                return key
            failures.append(f"{operator.email}: {self.failure}")
            if operator.session is None:
                return None  # the log-in itself failed
            operator.session = None
        return None

    def new_key(self) -> str | None:
        """API access switched on and a fresh full-access key."""
        failures: list[str] = []
        for operator in list(self.operators):
            key = self._key_from(operator, failures)
            if key is not None:
                self.operators.remove(operator)
                self.operators.insert(0, operator)
                return key
        self.failure = "; ".join(failures)
        return None
