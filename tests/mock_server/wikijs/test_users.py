"""Wiki.js users: create/update/delete with their documented codes, profile, password."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from tests.mock_server.support import MockClient

Mock = Callable[..., MockClient]
STATUS = "responseResult { succeeded errorCode }"
CREATE = f"""mutation($email: String!, $password: String) {{ users {{ create(email: $email, name: "Ann",
  passwordRaw: $password, providerKey: "local", groups: [2]) {{ {STATUS} }} }} }}"""


def code(answer: Any, operation: str) -> int:
    result: int = answer["data"]["users"][operation]["responseResult"]["errorCode"]
    return result


def test_user_lifecycle_and_codes(mock: Mock) -> None:
    client = mock("wikijs")
    assert code(client.query(CREATE, {"email": "ann@example.com", "password": "secret1"}), "create") == 0
    assert code(client.query(CREATE, {"email": "ANN@example.com", "password": "secret1"}), "create") == 1004
    assert code(client.query(CREATE, {"email": "bad", "password": "secret1"}), "create") == 1012
    assert code(client.query(CREATE, {"email": "bob@example.com", "password": "123"}), "create") == 1012
    users = client.query("{ users { list { id email isSystem } } }")["data"]["users"]["list"]
    ann = next(u["id"] for u in users if u["email"] == "ann@example.com")
    update = f"mutation($id: Int!, $p: String) {{ users {{ update(id: $id, newPassword: $p) {{ {STATUS} }} }} }}"
    assert code(client.query(update, {"id": 999, "p": None}), "update") == 1016
    assert code(client.query(update, {"id": ann, "p": "123"}), "update") == 1012
    delete = f"mutation($id: Int!) {{ users {{ delete(id: $id, replaceId: 1) {{ {STATUS} }} }} }}"
    assert code(client.query(delete, {"id": 2}), "delete") == 1018
    assert code(client.query(delete, {"id": 999}), "delete") == 1016
    single = client.query("query($id: Int!) { users { single(id: $id) { email groups { name } } } }", {"id": ann})
    assert single["data"]["users"]["single"] == {"email": "ann@example.com", "groups": [{"name": "Guests"}]}
    assert code(client.query(delete, {"id": ann}), "delete") == 0


def test_profile_needs_a_user(mock: Mock) -> None:
    client = mock("wikijs")
    guest = client.query("{ users { profile { id } } }", as_guest=True)
    assert guest["errors"][0]["extensions"]["exception"]["code"] == 1019
    profile = client.query("{ users { profile { id groups pagesTotal } } }")["data"]["users"]["profile"]
    assert profile == {"id": 1, "groups": ["Administrators"], "pagesTotal": 3}
    change = f'mutation {{ users {{ changePassword(current: "nope", new: "longenough") {{ {STATUS} }} }} }}'
    assert code(client.query(change), "changePassword") == 1020
