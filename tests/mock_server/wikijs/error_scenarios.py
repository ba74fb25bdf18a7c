"""The scenarios the error table (docs/wikijs-error-codes.md) names: each makes the mock answer
one code, setting up what it needs (users, keys of limited groups, uploads, pages) under its own
names, so the scenarios can run in any order against one mock per behaviour.
"""

from __future__ import annotations

import json
import uuid
from collections.abc import Callable
from typing import Any

from mock_server.app import configured_rules
from mock_server.wikijs.rate_limit import RULE as RATE_RULE
from mock_server.wikijs.rate_limit import field_limits
from mock_server.wikijs.schema import wikijs_schema
from specs.model import FieldRateLimit
from tests.mock_server.support import ADMIN_KEY, MockClient, Request

STATUS = "responseResult { errorCode }"
HOME = 1
Scenario = Callable[[MockClient], Any]


class Clock:
    """The rate-limit clock: a minute passes per call (no limit bites) unless frozen."""

    def __init__(self) -> None:
        self.now = 0.0
        self.frozen = False

    def __call__(self) -> float:
        self.now += 0 if self.frozen else 60
        return self.now


CLOCK = Clock()


def past_the_limit(client: MockClient) -> Any:
    """``forgotPassword`` once more than its ``@rateLimit`` allows, within one window."""
    document = 'mutation { authentication { forgotPassword(email: "x@example.org") { responseResult { errorCode } } } }'
    directive = configured_rules("wikijs")[RATE_RULE].data_as(FieldRateLimit).directive
    allowed = field_limits(wikijs_schema(), directive)[("AuthenticationMutation", "forgotPassword")].calls
    CLOCK.frozen = True
    try:
        answers = [client.query(document) for _ in range(allowed + 1)]
    finally:
        CLOCK.frozen = False
    return answers[-1]


def unique(prefix: str) -> str:
    return f"{prefix}{uuid.uuid4().hex[:8]}"


def mutate(client: MockClient, namespace: str, call: str, selection: str = STATUS) -> Any:
    return client.query(f"mutation {{ {namespace} {{ {call} {{ {selection} }} }} }}")


def as_token(client: MockClient, token: str | None, document: str, variables: dict[str, Any] | None = None) -> Any:
    headers = [("Authorization", f"Bearer {token}")] if token else []
    return client.send(Request.post_json({"query": document, "variables": variables}, *headers)).json()


def limited_key(client: MockClient, permissions: list[str], path: str = "writable") -> str:
    """A key whose group holds ``permissions`` globally but page rules only under ``path``."""
    name = unique("g")
    group = client.query(f'mutation {{ groups {{ create(name: "{name}") {{ group {{ id }} }} }} }}')
    group_id = group["data"]["groups"]["create"]["group"]["id"]
    rule = {"id": "r", "match": "START", "path": path, "deny": False, "roles": permissions, "locales": []}
    client.query(
        """mutation($id: Int!, $p: [String]!, $r: [PageRuleInput]!) { groups { update(id: $id, name: "L",
        redirectOnLogin: "/", permissions: $p, pageRules: $r) { responseResult { succeeded } } } }""",
        {"id": group_id, "p": permissions, "r": [rule]},
    )
    answer = client.query(
        f'mutation {{ authentication {{ createApiKey(name: "{name}", expiration: "1d", fullAccess: false,'
        f" group: {group_id}) {{ key }} }} }}"
    )
    key: str = answer["data"]["authentication"]["createApiKey"]["key"]
    return key


PAGE_SCOPES = ["read:pages", "write:pages", "manage:pages", "delete:pages", "read:history", "read:source"]
ASSET_SCOPES = ["read:assets", "write:assets", "manage:assets"]
COMMENT_SCOPES = ["read:pages", "read:comments", "write:comments", "manage:comments"]


def create_user(client: MockClient, **extra: Any) -> tuple[str, int]:
    email = f"{unique('u')}@example.org"
    mutate(
        client,
        "users",
        f'create(email: "{email}", name: "User", passwordRaw: "password1", providerKey: "local",'
        f" groups: [], mustChangePassword: {json.dumps(extra.get('must_change', False))})",
    )
    users = client.query("{ users { list { id email } } }")["data"]["users"]["list"]
    return email, next(int(u["id"]) for u in users if u["email"] == email)


def login(client: MockClient, email: str, password: str = "password1") -> Any:
    return as_token(
        client,
        None,
        f'mutation {{ authentication {{ login(username: "{email}", password: "{password}",'
        ' strategy: "local") { responseResult { errorCode } continuationToken } } }',
    )


def registration(client: MockClient, whitelist: list[str], *, enabled: bool = True) -> None:
    local = {
        "key": "local",
        "strategyKey": "local",
        "displayName": "Local",
        "order": 0,
        "isEnabled": True,
        "selfRegistration": enabled,
        "domainWhitelist": whitelist,
        "autoEnrollGroups": [],
        "config": [],
    }
    client.query(
        "mutation($s: [AuthenticationStrategyInput]!) { authentication { updateStrategies(strategies: $s)"
        " { responseResult { succeeded } } } }",
        {"s": [local]},
    )


def register(client: MockClient, email: str) -> Any:
    return as_token(
        client,
        None,
        f'mutation {{ authentication {{ register(email: "{email}", password: "password1",'
        f' name: "Reg") {{ {STATUS} }} }} }}',
    )


def upload(client: MockClient, filename: str, folder: int = 0) -> int:
    boundary = uuid.uuid4().hex
    body = (
        f'--{boundary}\r\nContent-Disposition: form-data; name="mediaUpload"\r\n\r\n{{"folderId": {folder}}}\r\n'
        f'--{boundary}\r\nContent-Disposition: form-data; name="mediaUpload"; filename="{filename}"\r\n\r\n'
        f"bytes\r\n--{boundary}--\r\n"
    ).encode()
    headers = (("Content-Type", f"multipart/form-data; boundary={boundary}"), ("Authorization", f"Bearer {ADMIN_KEY}"))
    client.send(Request(path="/u", headers=headers, body=body))
    found = client.query(f"{{ assets {{ list(folderId: {folder}, kind: ALL) {{ id filename }} }} }}")
    return next(int(a["id"]) for a in found["data"]["assets"]["list"] if a["filename"] == filename)


def page(client: MockClient, path: str) -> int:
    created = mutate(
        client,
        "pages",
        f'create(content: "x", description: "", editor: "markdown", isPublished: true,'
        f' isPrivate: false, locale: "en", path: "{path}", tags: [], title: "t")',
        "page { id }",
    )
    page_id: int = created["data"]["pages"]["create"]["page"]["id"]
    return page_id


def tfa_token(client: MockClient) -> str:
    email, user_id = create_user(client)
    mutate(client, "users", f"enableTFA(id: {user_id})")
    token: str = login(client, email)["data"]["authentication"]["login"]["continuationToken"]
    return token


def _page_refusal(call: Callable[[int], str], namespace: str = "pages") -> Scenario:
    def run(client: MockClient) -> Any:
        key = limited_key(client, PAGE_SCOPES)
        return as_token(client, key, call(HOME).replace("NS", namespace))

    return run


def _rename_as_key(scopes: list[str], path: str, filename: str) -> Scenario:
    def run(client: MockClient) -> Any:
        folder = unique("f")
        mutate(client, "assets", f'createFolder(parentFolderId: 0, slug: "{folder}")')
        folder_id = next(
            f["id"]
            for f in client.query("{ assets { folders(parentFolderId: 0) { id slug } } }")["data"]["assets"]["folders"]
            if f["slug"] == folder
        )
        asset = upload(client, "a.png", folder_id)
        key = limited_key(client, scopes, path.replace("FOLDER", folder))
        return as_token(
            client, key, f'mutation {{ assets {{ renameAsset(id: {asset}, filename: "{filename}") {{ {STATUS} }} }} }}'
        )

    return run


def _comment_as_key(call: str) -> Scenario:
    def run(client: MockClient) -> Any:
        comment = mutate(client, "comments", f'create(pageId: {HOME}, content: "by admin")', f"{STATUS} id")
        key = limited_key(client, COMMENT_SCOPES, "elsewhere")
        comment_id = comment["data"]["comments"]["create"]["id"]
        return as_token(client, key, call.replace("PAGE", str(HOME)).replace("COMMENT", str(comment_id)))

    return run


def register_disabled(client: MockClient) -> Any:
    registration(client, [], enabled=False)
    return register(client, f"{unique('r')}@example.org")


def register_domain_not_whitelisted(client: MockClient) -> Any:
    registration(client, ["allowed.org"])
    return register(client, f"{unique('r')}@other.org")


def login_deactivated(client: MockClient) -> Any:
    email, user_id = create_user(client)
    mutate(client, "users", f"deactivate(id: {user_id})")
    return login(client, email)


def login_unverified(client: MockClient) -> Any:
    email = f"{unique('r')}@example.org"
    registration(client, [])
    register(client, email)
    return login(client, email)


def users_delete_owner_unknown_replacement(client: MockClient) -> Any:
    email, user_id = create_user(client)
    mutate(client, "users", f"update(id: {user_id}, groups: [1])")
    path = unique("p")
    create = (
        f'mutation {{ pages {{ create(content: "x", description: "", editor: "markdown", isPublished: true,'
        f' isPrivate: false, locale: "en", path: "{path}", tags: [], title: "t") {{ {STATUS} }} }} }}'
    )
    as_token(client, login_jwt(client, email), create)
    return mutate(client, "users", f"delete(id: {user_id}, replaceId: 999999)")


def assets_folder_twice(client: MockClient) -> Any:
    call = f'createFolder(parentFolderId: 0, slug: "{unique("f")}")'
    mutate(client, "assets", call)
    return mutate(client, "assets", call)


def assets_rename_collision(client: MockClient) -> Any:
    taken = unique("t") + ".png"
    upload(client, taken)
    return mutate(client, "assets", f'renameAsset(id: {upload(client, unique("c") + ".png")}, filename: "{taken}")')


SCENARIOS: dict[str, Scenario] = {
    "login_wrong_password": lambda c: login(c, "admin@example.com", "wrong-password"),
    "login_unknown_strategy": lambda c: mutate(
        c, "authentication", 'login(username: "a@b.org", password: "x", strategy: "nope")'
    ),
    "users_create_existing_email": lambda c: mutate(
        c,
        "users",
        'create(email: "admin@example.com", name: "Ad", passwordRaw: "password1", providerKey: "local", groups: [])',
    ),
    "login_tfa_wrong_code": lambda c: mutate(
        c, "authentication", f'loginTFA(continuationToken: "{tfa_token(c)}", securityCode: "000000", setup: true)'
    ),
    "login_tfa_short_code": lambda c: mutate(
        c, "authentication", 'loginTFA(continuationToken: "abc", securityCode: "123")'
    ),
    "forgot_password_past_the_rate_limit": past_the_limit,
    "register_disabled": register_disabled,
    "register_domain_not_whitelisted": register_domain_not_whitelisted,
    "users_create_invalid_email": lambda c: mutate(
        c,
        "users",
        'create(email: "not-an-email", name: "Ad", passwordRaw: "password1", providerKey: "local", groups: [])',
    ),
    "login_deactivated": login_deactivated,
    "login_unverified": login_unverified,
    "login_change_password_bad_token": lambda c: mutate(
        c, "authentication", 'loginChangePassword(continuationToken: "nope", newPassword: "password2")'
    ),
    "users_delete_unknown": lambda c: mutate(c, "users", "delete(id: 999999, replaceId: 1)"),
    "users_delete_owner_unknown_replacement": users_delete_owner_unknown_replacement,
    "users_delete_admin": lambda c: mutate(c, "users", "delete(id: 1, replaceId: 2)"),
    "users_profile_as_guest": lambda c: as_token(c, None, "{ users { profile { id } } }"),
    "users_change_password_wrong_current": lambda c: as_token(
        c,
        login_jwt(c, "admin@example.com", "wikijs-mock-admin"),
        "mutation { users { changePassword("
        'current: "wrong-one", new: "password9") { '
        "responseResult { errorCode } } } }",
    ),
    "assets_folder_twice": assets_folder_twice,
    "assets_delete_forbidden": lambda c: as_token(
        c,
        limited_key(c, ASSET_SCOPES),
        f"mutation {{ assets {{ deleteAsset(id: {upload(c, unique('d') + '.png')}) {{ {STATUS} }} }} }}",
    ),
    "assets_delete_unknown": lambda c: mutate(c, "assets", "deleteAsset(id: 999999)"),
    "assets_rename_collision": assets_rename_collision,
    "assets_rename_forbidden": _rename_as_key(ASSET_SCOPES, "elsewhere", "b.png"),
    "assets_rename_extension_only": lambda c: mutate(
        c, "assets", f'renameAsset(id: {upload(c, unique("e") + ".png")}, filename: ".png")'
    ),
    "assets_rename_extension_change": lambda c: mutate(
        c, "assets", f'renameAsset(id: {upload(c, unique("e") + ".png")}, filename: "x.jpg")'
    ),
    "assets_rename_target_forbidden": _rename_as_key(ASSET_SCOPES, "FOLDER/a", "b.png"),
    "mail_send_test_unconfigured": lambda c: mutate(c, "mail", 'sendTest(recipientEmail: "someone@example.org")'),
    "mail_send_test_short_recipient": lambda c: mutate(c, "mail", 'sendTest(recipientEmail: "a@b.c")'),
    "translations_unknown_locale": lambda c: c.query(
        '{ localization { translations(locale: "xx", namespace: "c") { key } } }'
    ),
    "pages_create_duplicate": lambda c: mutate(
        c,
        "pages",
        'create(content: "x", description: "", editor: "markdown",'
        ' isPublished: true, isPrivate: false, locale: "en", path: "home",'
        ' tags: [], title: "t")',
    ),
    "pages_delete_unknown": lambda c: mutate(c, "pages", "delete(id: 999999)"),
    "pages_create_empty": lambda c: mutate(
        c,
        "pages",
        'create(content: " ", description: "", editor: "markdown",'
        f' isPublished: true, isPrivate: false, locale: "en", path: "{unique("e")}",'
        ' tags: [], title: "t")',
    ),
    "pages_create_illegal_path": lambda c: mutate(
        c,
        "pages",
        'create(content: "x", description: "", editor: "markdown",'
        ' isPublished: true, isPrivate: false, locale: "en", path: "a.b",'
        ' tags: [], title: "t")',
    ),
    "pages_move_onto_existing": lambda c: mutate(
        c, "pages", f'move(id: {page(c, unique("m"))}, destinationPath: "home", destinationLocale: "en")'
    ),
    "pages_move_forbidden": _page_refusal(
        lambda p: (
            f'mutation {{ NS {{ move(id: {p}, destinationPath: "writable/x",'
            f' destinationLocale: "en") {{ {STATUS} }} }} }}'
        )
    ),
    "pages_create_forbidden": _page_refusal(
        lambda _: (
            'mutation { NS { create(content: "x", description: "",'
            ' editor: "markdown", isPublished: true, isPrivate: false, locale: "en",'
            f' path: "{unique("outside")}", tags: [], title: "t") {{ {STATUS} }} }} }}'
        )
    ),
    "pages_update_forbidden": _page_refusal(
        lambda p: f'mutation {{ NS {{ update(id: {p}, content: "y", tags: []) {{ {STATUS} }} }} }}'
    ),
    "pages_delete_forbidden": _page_refusal(lambda p: f"mutation {{ NS {{ delete(id: {p}) {{ {STATUS} }} }} }}"),
    "pages_restore_forbidden": _page_refusal(
        lambda p: f"mutation {{ NS {{ restore(pageId: {p}, versionId: 1) {{ {STATUS} }} }} }}"
    ),
    "pages_history_forbidden": _page_refusal(lambda p: f"{{ NS {{ history(id: {p}) {{ total }} }} }}"),
    "pages_single_as_guest": lambda c: as_token(c, None, f"{{ pages {{ single(id: {HOME}) {{ id }} }} }}"),
    "system_renew_certificate": lambda c: mutate(c, "system", "renewHTTPSCertificate"),
    "comments_create_outside_rules": _comment_as_key(
        f'mutation {{ comments {{ create(pageId: PAGE, content: "hello") {{ {STATUS} }} }} }}'
    ),
    "comments_create_too_short": lambda c: mutate(c, "comments", f'create(pageId: {HOME}, content: "x")'),
    "comments_update_outside_rules": _comment_as_key(
        f'mutation {{ comments {{ update(id: COMMENT, content: "hello") {{ {STATUS} }} }} }}'
    ),
    "comments_delete_unknown": lambda c: mutate(c, "comments", "delete(id: 999999)"),
    "comments_list_outside_rules": _comment_as_key('{ comments { list(locale: "en", path: "home") { id } } }'),
}


def login_jwt(client: MockClient, email: str, password: str = "password1") -> str:
    answer = as_token(
        client,
        None,
        f'mutation {{ authentication {{ login(username: "{email}", password: "{password}",'
        ' strategy: "local") { jwt } } }',
    )
    token: str = answer["data"]["authentication"]["login"]["jwt"]
    return token
