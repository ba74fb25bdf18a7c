"""Security of the Wiki.js mock's credentials (issue 11): API keys are compared in constant time,
JWTs are only trusted with a valid signature, and a revoked key's token is refused."""

from __future__ import annotations

import hmac
import time
from collections.abc import Iterator
from datetime import UTC, datetime, timedelta

import jwt
import pytest

from mock_server.http.errors import HttpError
from mock_server.wikijs.accounts import API_ENABLED, JWT_SECRET, AccountStore
from mock_server.wikijs.app import open_wiki
from mock_server.wikijs.auth import ALGORITHM, AUDIENCE, ISSUER, Authenticator
from mock_server.wikijs.samples import ADMIN_GROUP_ID, ADMIN_USER_ID, GUEST_USER_ID, AdminLogin
from specs import default_rules
from specs.model import TokenRejection

KEY = "reliability-admin-key-0123456789"
RULES = default_rules().for_api("wikijs")


@pytest.fixture
def accounts() -> Iterator[AccountStore]:
    db = open_wiki(RULES, None, AdminLogin("root@example.org", "pw", KEY))
    try:
        yield AccountStore(db)
    finally:
        db.close()


def test_every_stored_key_is_compared_in_constant_time(accounts: AccountStore, monkeypatch: pytest.MonkeyPatch) -> None:
    compared: list[bytes] = []
    compare = hmac.compare_digest

    def recording(stored: bytes, given: bytes) -> bool:
        compared.append(stored)
        return compare(stored, given)

    monkeypatch.setattr(hmac, "compare_digest", recording)  # the module the store calls through
    stored = len([key for key in accounts.api_keys() if key.givenAsIs])
    found = accounts.api_key_by_value(KEY)
    assert found is not None and found.key == KEY and len(compared) == stored
    compared.clear()
    assert accounts.api_key_by_value(KEY[:-1] + "x") is None and len(compared) == stored


def _token(secret: str, claims: dict[str, object], algorithm: str = ALGORITHM) -> str:
    now = datetime.now(UTC)
    base = {"iat": now, "exp": now + timedelta(minutes=5), "aud": AUDIENCE, "iss": ISSUER}
    return jwt.encode({**base, **claims}, secret, algorithm=algorithm)


def test_a_token_is_trusted_only_with_the_wikis_signature(accounts: AccountStore) -> None:
    authenticator = Authenticator(accounts, RULES)
    genuine = authenticator.caller(_token(accounts.jwt_secret(), {"id": ADMIN_USER_ID}))
    assert genuine is not None and genuine.user_id == ADMIN_USER_ID
    for forged in (
        _token("not-the-secret-of-this-wiki-0123456789", {"id": ADMIN_USER_ID}),
        jwt.encode({"id": ADMIN_USER_ID, "aud": AUDIENCE}, None, algorithm="none"),
        _token(accounts.jwt_secret(), {"id": ADMIN_USER_ID})[:-2] + "AA",
    ):
        caller = authenticator.caller(forged)
        assert caller is not None and caller.user_id == GUEST_USER_ID


def test_the_token_of_a_revoked_key_is_refused(accounts: AccountStore) -> None:
    authenticator = Authenticator(accounts, RULES)
    key = accounts.api_key_by_value(KEY)
    assert key is not None
    token = _token(accounts.jwt_secret(), {"api": key.id})
    assert authenticator.caller(token) is not None
    accounts.revoke_api_key(key.id, datetime.now(UTC).isoformat())
    with pytest.raises(HttpError) as refused:
        authenticator.caller(token)
    assert refused.value.status == RULES["wikijs.auth.revoked_key"].data_as(TokenRejection).status


def test_a_created_key_stops_working_with_a_new_secret_and_the_given_key_does_not(accounts: AccountStore) -> None:
    """Created keys are tokens signed with the wiki's secret (as the real server's): after
    ``regenerateCertificates`` their signature fails and they read as the guest. A key given
    on the command line is matched by value and stays."""
    authenticator = Authenticator(accounts, RULES)
    now = datetime.now(UTC)
    key_id = accounts.add_api_key("made", (now + timedelta(days=1)).isoformat(), ADMIN_GROUP_ID, now.isoformat())
    token = authenticator.api_key_token(key_id, ADMIN_GROUP_ID, now + timedelta(days=1))
    accounts.activate_api_key(key_id, token)
    before = authenticator.caller(token)
    assert before is not None and before.api_key_id == key_id
    accounts.set_setting(JWT_SECRET, "a-regenerated-secret-0123456789-abcdefghij")
    after = authenticator.caller(token)
    assert after is not None and after.user_id == GUEST_USER_ID and after.api_key_id is None
    given = authenticator.caller(KEY)
    assert given is not None and given.api_key_id is not None


def test_a_kept_caller_is_checked_again_after_each_write(accounts: AccountStore) -> None:
    """A key's caller is reused between requests, yet switching the API off and revoking the key
    apply to the very next request."""
    authenticator = Authenticator(accounts, RULES)
    first = authenticator.caller(KEY)
    assert first is not None and authenticator.caller(KEY) is first  # reused while nothing changed
    accounts.set_setting(API_ENABLED, False)
    with pytest.raises(HttpError) as disabled:
        authenticator.caller(KEY)
    assert disabled.value.status == RULES["wikijs.auth.api_disabled"].data_as(TokenRejection).status
    accounts.set_setting(API_ENABLED, True)
    key = accounts.api_key_by_value(KEY)
    assert key is not None and authenticator.caller(KEY) is not None
    accounts.revoke_api_key(key.id, datetime.now(UTC).isoformat())
    with pytest.raises(HttpError):
        authenticator.caller(KEY)


def test_a_kept_caller_ends_when_its_key_expires(accounts: AccountStore) -> None:
    """The clock is read on every request: a key given as-is and a created key's token stop at
    their expiry even though nothing was written meanwhile."""
    authenticator = Authenticator(accounts, RULES)
    now = datetime.now(UTC)
    expires = now + timedelta(seconds=1)
    accounts.register_key("short-lived-key-0123456789", "short", ADMIN_GROUP_ID, expires.isoformat(), now.isoformat())
    key_id = accounts.add_api_key("short token", expires.isoformat(), ADMIN_GROUP_ID, now.isoformat())
    token = authenticator.api_key_token(key_id, ADMIN_GROUP_ID, expires)
    accounts.activate_api_key(key_id, token)
    assert authenticator.caller("short-lived-key-0123456789") is not None
    assert authenticator.caller(token) is not None
    time.sleep(max((expires - datetime.now(UTC)).total_seconds(), 0) + 0.05)
    assert authenticator.caller("short-lived-key-0123456789") is None
    assert authenticator.caller(token) is None
