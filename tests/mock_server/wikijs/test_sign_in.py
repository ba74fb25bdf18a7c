"""Wiki.js sign-in: strategies, registration (1010, 1012, 1011, 1004, 3002), the TFA and
password-change login steps (1005, 1006, 1015, 1012), and the mail settings (3002, 3004)."""

from __future__ import annotations

import json
import re
import time
from collections.abc import Callable
from typing import Any
from xml.etree import ElementTree

from mock_server.wikijs.login_flow import totp
from tests.mock_server.support import MockClient

Mock = Callable[..., MockClient]
STATUS = "responseResult { succeeded errorCode slug message }"
REGISTER = f"""mutation($e: String!, $p: String!, $n: String!) {{ authentication {{
  register(email: $e, password: $p, name: $n) {{ {STATUS} jwt }} }} }}"""
LOGIN = f"""mutation($u: String!, $p: String!) {{ authentication {{ login(username: $u, password: $p, strategy: "local")
  {{ {STATUS} jwt mustChangePwd mustProvideTFA mustSetupTFA continuationToken tfaQRImage redirect }} }} }}"""
TFA = f"""mutation($t: String!, $c: String!, $s: Boolean) {{ authentication {{
  loginTFA(continuationToken: $t, securityCode: $c, setup: $s) {{ {STATUS} jwt }} }} }}"""
CHANGE = f"""mutation($t: String!, $p: String!) {{ authentication {{
  loginChangePassword(continuationToken: $t, newPassword: $p) {{ {STATUS} jwt }} }} }}"""
STRATEGIES = """mutation($s: [AuthenticationStrategyInput]!) { authentication { updateStrategies(strategies: $s) {
  responseResult { succeeded errorCode message } } } }"""
MAIL = """mutation { mail { updateConfig(senderName: "W", senderEmail: "w@example.org", host: "smtp.example.org",
  port: 465, name: "", secure: true, verifySSL: true, user: "u", pass: "secret", useDKIM: false, dkimDomainName: "",
  dkimKeySelector: "", dkimPrivateKey: "") { responseResult { succeeded } } } }"""
CREATE_USER = """mutation($e: String!, $m: Boolean) { users { create(email: $e, name: "Tess",
  passwordRaw: "password1", providerKey: "local", groups: [], mustChangePassword: $m, sendWelcomeEmail: false) {
  responseResult { succeeded } } } }"""
SVG = "http://www.w3.org/2000/svg"


def code(answer: Any, operation: str) -> int:
    result: int = answer["data"]["authentication"][operation]["responseResult"]["errorCode"]
    return result


def local(**changes: Any) -> dict[str, Any]:
    instance = {"key": "local", "strategyKey": "local", "displayName": "Local", "order": 0, "isEnabled": True}
    return instance | {"selfRegistration": False, "domainWhitelist": [], "autoEnrollGroups": [], "config": []} | changes


def user_id(client: MockClient, email: str) -> int:
    users = client.query("{ users { list { id email } } }")["data"]["users"]["list"]
    return next(int(u["id"]) for u in users if u["email"] == email)


def test_strategies_and_registration_in_order(mock: Mock) -> None:
    client = mock("wikijs")
    active = client.query(
        "{ authentication { activeStrategies { key displayName selfRegistration strategy { key } } } }"
    )
    assert active["data"]["authentication"]["activeStrategies"] == [
        {"key": "local", "displayName": "Local", "selfRegistration": False, "strategy": {"key": "local"}}
    ]
    strategies = client.query("{ authentication { strategies { key useForm } } }")["data"]["authentication"]
    assert {"key": "local", "useForm": True} in strategies["strategies"]
    new = {"e": "new@allowed.org", "p": "password1", "n": "New"}
    assert code(client.query(REGISTER, new, as_guest=True), "register") == 1010
    groups = client.query('mutation { groups { create(name: "Readers") { group { id } } } }')
    group = groups["data"]["groups"]["create"]["group"]["id"]
    open_local = local(selfRegistration=True, domainWhitelist=["allowed.org"], autoEnrollGroups=[group])
    assert client.query(STRATEGIES, {"s": [open_local]})["data"]["authentication"]["updateStrategies"][
        "responseResult"
    ]["succeeded"]
    assert code(client.query(REGISTER, {**new, "p": "short"}, as_guest=True), "register") == 1012
    assert code(client.query(REGISTER, {**new, "e": "x@other.org"}, as_guest=True), "register") == 1011
    assert code(client.query(REGISTER, new, as_guest=True), "register") == 3002  # created, but no mail transport
    assert code(client.query(REGISTER, new, as_guest=True), "register") == 1004
    single = client.query(f"{{ users {{ single(id: {user_id(client, new['e'])}) {{ isVerified groups {{ id }} }} }} }}")
    assert single["data"]["users"]["single"] == {"isVerified": False, "groups": [{"id": group}]}
    client.query(MAIL)
    assert code(client.query(REGISTER, {**new, "e": "two@allowed.org"}, as_guest=True), "register") == 0
    gone = client.query(STRATEGIES, {"s": []})["data"]["authentication"]["updateStrategies"]["responseResult"]
    assert (gone["errorCode"], gone["message"]) == (1, "Cannot delete Local as 1 or more users are still using it.")


def test_tfa_setup_then_codes(unthrottled: Callable[[str], MockClient]) -> None:
    client = unthrottled("docs")
    client.query(CREATE_USER, {"e": "tess@example.org", "m": False})
    tess = user_id(client, "tess@example.org")
    enabled = client.query(f"mutation {{ users {{ enableTFA(id: {tess}) {{ {STATUS} }} }} }}")
    assert enabled["data"]["users"]["enableTFA"]["responseResult"]["succeeded"]
    credentials = {"u": "tess@example.org", "p": "password1"}
    setup = client.query(LOGIN, credentials, as_guest=True)["data"]["authentication"]["login"]
    assert (setup["mustSetupTFA"], setup["jwt"]) == (True, None)
    secret = re.search(r"secret=([A-Z2-7]+)", setup["tfaQRImage"])
    assert secret is not None
    drawn = ElementTree.fromstring(setup["tfaQRImage"]).find(f"{{{SVG}}}path")
    assert drawn is not None and drawn.get("d"), "the QR code is drawn, not only described"
    token = setup["continuationToken"]
    assert code(client.query(TFA, {"t": token, "c": "12345", "s": True}), "loginTFA") == 1006
    wrong = str((int(totp(secret.group(1), time.time())) + 1) % 10**6).zfill(6)
    assert code(client.query(TFA, {"t": token, "c": wrong, "s": True}), "loginTFA") == 1005
    done = client.query(TFA, {"t": token, "c": totp(secret.group(1), time.time()), "s": True})
    assert done["data"]["authentication"]["loginTFA"]["jwt"]
    again = client.query(LOGIN, credentials, as_guest=True)["data"]["authentication"]["login"]
    assert again["mustProvideTFA"] and again["jwt"] is None
    assert code(client.query(TFA, {"t": "unknown-token", "c": "000000"}), "loginTFA") == 1015
    session = client.query(TFA, {"t": again["continuationToken"], "c": totp(secret.group(1), time.time())})
    assert session["data"]["authentication"]["loginTFA"]["jwt"]
    reused = client.query(TFA, {"t": again["continuationToken"], "c": totp(secret.group(1), time.time())})
    assert code(reused, "loginTFA") == 1015


def test_first_login_must_change_the_password(unthrottled: Callable[[str], MockClient]) -> None:
    client = unthrottled("docs")
    client.query(CREATE_USER, {"e": "new@example.org", "m": True})
    first = client.query(LOGIN, {"u": "new@example.org", "p": "password1"})["data"]["authentication"]["login"]
    assert first["mustChangePwd"] and first["jwt"] is None
    short = client.query(CHANGE, {"t": first["continuationToken"], "p": "abc"})["data"]["authentication"]
    assert short["loginChangePassword"]["responseResult"]["message"] == "Password must be at least 6 characters!"
    assert code(client.query(CHANGE, {"t": "nope", "p": "password2"}), "loginChangePassword") == 1015
    changed = client.query(CHANGE, {"t": first["continuationToken"], "p": "password2"})
    assert changed["data"]["authentication"]["loginChangePassword"]["jwt"]
    after = client.query(LOGIN, {"u": "new@example.org", "p": "password2"})["data"]["authentication"]["login"]
    assert after["jwt"] and not after["mustChangePwd"]


def test_totp_matches_rfc_6238() -> None:
    secret = "GEZDGNBVGY3TQOJQGEZDGNBVGY3TQOJQ"  # base32 of "12345678901234567890"
    assert totp(secret, 59) == "287082"
    assert totp(secret, 1111111109) == "081804"


def test_mail_settings_and_test_mail(mock: Mock) -> None:
    client = mock("wikijs")
    send = "mutation($r: String!) { mail { sendTest(recipientEmail: $r) { responseResult { errorCode } } } }"

    def sent(recipient: str) -> int:
        result: int = client.query(send, {"r": recipient})["data"]["mail"]["sendTest"]["responseResult"]["errorCode"]
        return result

    assert sent("a@b.c") == 3004
    assert sent("someone@example.org") == 3002
    forgot = (
        'mutation { authentication { forgotPassword(email: "admin@example.com") { responseResult { errorCode } } } }'
    )
    assert code(client.query(forgot, as_guest=True), "forgotPassword") == 3002
    client.query(MAIL)
    config = client.query("{ mail { config { host port pass senderEmail } } }")["data"]["mail"]["config"]
    assert config == {"host": "smtp.example.org", "port": 465, "pass": "********", "senderEmail": "w@example.org"}
    assert sent("someone@example.org") == 0
    assert json.dumps(client.query("{ mail { config { pass } } }")).count("secret") == 0


def test_a_strategy_key_given_twice_keeps_the_last(mock: Mock) -> None:
    client = mock("wikijs")
    twice = [local(displayName="First"), local(displayName="Second")]
    answer = client.query(STRATEGIES, {"s": twice})["data"]["authentication"]["updateStrategies"]
    assert answer["responseResult"]["succeeded"]
    active = client.query("{ authentication { activeStrategies { displayName } } }")["data"]["authentication"]
    assert active["activeStrategies"] == [{"displayName": "Second"}]
