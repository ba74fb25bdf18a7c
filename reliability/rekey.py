"""Getting the campaign's Wiki.js API access back without restarting the mock.

Fuzzed mutations revoke the campaign's API key, switch API access off, or regenerate the
signing secret (every key and session issued so far then reads as the guest). The campaign
keeps a second credential: the admin's session (``login`` with the password the mock was
started with, through its environment), opened from another loopback address, as an operator
on another machine would: the login's rate-limit window counts per client address, and the
fuzzed logins fill the campaign's own. With it, the admin API switches API access back on and
issues a new full-access key, which must then read an admin-only list. When that fails (a
fuzzed mutation changed the admin's password or group), the caller falls back to a restart.
"""

from __future__ import annotations

import secrets
from dataclasses import dataclass, field

from reliability.calls import CallError, call

LOGIN = (
    "mutation($user: String!, $password: String!) { authentication { login(username: $user, password: $password,"
    ' strategy: "local") { responseResult { succeeded message } jwt } } }'
)
OPERATOR_ADDRESS = "127.0.0.2"
"""Loopback alias the operator connects from (any 127.0.0.0/8 address is local on Linux)."""
ADMIN_ONLY = "{ authentication { apiKeys { id } } }"
"""A read that needs the admin's rights: a key that cannot make it is no use to the campaign."""
RESTORE = (
    "mutation($name: String!) { authentication { setApiState(enabled: true) { responseResult { succeeded } }"
    ' createApiKey(name: $name, expiration: "1y", fullAccess: true) { responseResult { succeeded } key } } }'
)


def new_admin_password() -> str:
    return secrets.token_urlsafe(24)


@dataclass
class Rekeyer:
    """The admin session of one mock process; ``new_key`` returns None when it cannot help."""

    url: str
    email: str
    password: str = field(repr=False)
    session: str | None = field(default=None, repr=False)
    issued: int = 0
    failure: str = ""
    """Why the last :meth:`new_key` returned None."""

    def log_in(self) -> str | None:
        """Called once at the start, before fuzzed ``login`` calls can fill its rate-limit window."""
        answer = call(self.url, None, LOGIN, {"user": self.email, "password": self.password}, source=OPERATOR_ADDRESS)
        login = answer["authentication"]["login"]
        jwt = login.get("jwt")
        if not (login["responseResult"]["succeeded"] and isinstance(jwt, str)):
            self.failure = f"login refused: {login['responseResult']['message']}"
            return None
        self.session = jwt
        return jwt

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

    def new_key(self) -> str | None:
        """API access switched on and a fresh full-access key; the session is renewed once if needed."""
        failures: list[str] = []
        for _ in range(2):
            key = None
            try:
                session = self.session or self.log_in()
                key = self._restore(session) if session else None
            except (CallError, KeyError, TypeError) as error:
                self.failure = repr(error)[:300]
            if key is not None:
                return key
            failures.append(self.failure)
            if self.session is None:
                break  # the log-in itself failed
            self.session = None
        self.failure = "; ".join(failures)
        return None
