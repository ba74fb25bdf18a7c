"""The ``mail`` namespace: the SMTP settings, kept in the settings table, and the test mail.

A new wiki has no mail host, so everything that sends mail (``sendTest``, ``register``,
``forgotPassword`` for a local account) answers 3002, as the real server does until an
administrator configures a transport. The mock never connects anywhere: with a host set,
sending "succeeds". The password reads back masked, as on the real server.
"""

from __future__ import annotations

from typing import Any

from graphql import GraphQLSchema

from mock_server.http.resolvers import bind
from mock_server.wikijs.accounts import AccountStore
from mock_server.wikijs.errors import ErrorTable, ResponseStatuses, WikiError
from mock_server.wikijs.resolvers import Info

MAIL_SETTING = "mail"
DEFAULT_MAIL: dict[str, Any] = {
    "senderName": "", "senderEmail": "", "host": "", "port": 465, "name": "", "secure": True, "verifySSL": True,
    "user": "", "pass": "", "useDKIM": False, "dkimDomainName": "", "dkimKeySelector": "", "dkimPrivateKey": "",
}  # fmt: skip
"""``mail`` of a new 2.5 wiki (data.yml defaults)."""
MASK = "********"
NOT_CONFIGURED, INVALID_RECIPIENT = "wikijs.errors.3002", "wikijs.errors.3004"


class Mail:
    def __init__(self, accounts: AccountStore, errors: ErrorTable) -> None:
        self._accounts, self._errors = accounts, errors
        self._min_recipient = errors.limits(INVALID_RECIPIENT)["min_length"]

    def config(self) -> dict[str, Any]:
        return {**DEFAULT_MAIL, **(self._accounts.setting(MAIL_SETTING) or {})}

    def update(self, values: dict[str, Any]) -> None:
        current = self.config()
        if values.get("pass") == MASK:  # the admin UI sends the mask back unchanged
            values = {**values, "pass": current["pass"]}
        self._accounts.set_setting(MAIL_SETTING, {**current, **values})

    def send(self) -> None:
        """Raise 3002 when no transport is configured; otherwise the mail counts as sent."""
        if not self.config()["host"]:
            raise self._errors.error(NOT_CONFIGURED)

    def send_test(self, recipient: str) -> None:
        if len(recipient.strip()) < self._min_recipient:
            raise self._errors.error(INVALID_RECIPIENT)
        self.send()


def bind_mail(schema: GraphQLSchema, mail: Mail, statuses: ResponseStatuses) -> None:
    def config(_: object, __: Info) -> dict[str, Any]:
        current = mail.config()
        return {**current, "pass": MASK if current["pass"] else ""}

    def update(_: object, __: Info, **args: Any) -> dict[str, Any]:
        mail.update(args)
        return {"responseResult": statuses.success("mail.updateConfig")}

    def send_test(_: object, __: Info, *, recipientEmail: str) -> dict[str, Any]:
        try:
            mail.send_test(recipientEmail)
        except WikiError as error:
            return {"responseResult": statuses.failure(error)}
        return {"responseResult": statuses.success("mail.sendTest")}

    bind(schema, "MailQuery", "config", config)
    bind(schema, "MailMutation", "updateConfig", update)
    bind(schema, "MailMutation", "sendTest", send_test)
