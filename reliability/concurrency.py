"""The concurrency campaign: many clients write and read the same Wiki.js pages and users at once.

Goals: no 5xx and no "database is locked" (or other SQL detail) reaches a client, every read
sees a state some write produced, and the final state is one a serial order allows: per page,
the server's history followed by the current content holds the initial content and then every
acknowledged update exactly once (the last in that order is the current content); each user's
final name is one of its acknowledged names; every acknowledged creation is listed.
"""

from __future__ import annotations

import asyncio
import json
import random
import tempfile
import time
from collections import defaultdict
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import aiohttp

from reliability.calls import call
from reliability.mock import MockUnderTest
from reliability.results import MAX_FINDINGS
from reliability.verdict import leaks
from reliability.wiki import CREATE, READ, UPDATE, PageState, contents_in_order, create

SHARED_PAGES = 5
SHARED_USERS = 3
REQUEST_TIMEOUT_SECONDS = 60.0
USER_CREATE = (
    "mutation($email: String!, $name: String!) { users { create(email: $email, name: $name,"
    ' passwordRaw: "reliability-pw-1", providerKey: "local", groups: []) { responseResult { succeeded message }'
    " } } }"
)
USER_UPDATE = (
    "mutation($id: Int!, $name: String!) { users { update(id: $id, name: $name) {"
    " responseResult { succeeded message } } } }"
)
USER_READ = "query($id: Int!) { users { single(id: $id) { name } } }"
CREATED_PREFIX = "reliability/concurrency/created"


@dataclass
class Shared:
    pages: dict[int, str]
    """page id -> initial content"""
    users: dict[int, str]
    """user id -> initial name"""
    page_updates: dict[int, set[str]] = field(default_factory=lambda: defaultdict(set))
    sent_contents: set[str] = field(default_factory=set)
    user_names: dict[int, set[str]] = field(default_factory=lambda: defaultdict(set))
    sent_names: set[str] = field(default_factory=set)
    created: int = 0


@dataclass
class ConcurrencyTally:
    requests: int = 0
    server_errors: int = 0
    locked: int = 0
    refused: int = 0
    torn_reads: int = 0
    serial_violations: int = 0
    findings: list[str] = field(default_factory=list)

    def note(self, what: str) -> None:
        if len(self.findings) < MAX_FINDINGS:
            self.findings.append(what)


class Client:
    def __init__(self, session: aiohttp.ClientSession, url: str, token: str | None, tally: ConcurrencyTally) -> None:
        self.session, self.url, self.tally = session, url, tally
        self.headers = {"Authorization": f"Bearer {token}"} if token else {}

    async def post(self, document: str, variables: dict[str, Any]) -> dict[str, Any] | None:
        """The answer's data when the call succeeded; every other outcome is counted."""
        self.tally.requests += 1
        payload = {"query": document, "variables": variables}
        async with self.session.post(self.url, json=payload, headers=self.headers) as response:
            body = await response.read()
        if response.status >= 500:
            self.tally.server_errors += 1
            self.tally.note(f"HTTP {response.status}: {body[:200]!r}")
        if found := leaks(body):
            self.tally.locked += 1
            self.tally.note(f"{found}: {body[:200]!r}")
        answer = json.loads(body) if response.status < 500 else {}
        if answer.get("errors") or not answer.get("data"):
            self.tally.refused += 1
            self.tally.note(f"refused: {body[:200]!r}")
            return None
        data: dict[str, Any] = answer["data"]
        return data


def _succeeded(result: dict[str, Any]) -> bool:
    return bool(result["responseResult"]["succeeded"])


async def client_run(client: Client, shared: Shared, number: int, operations: int, rng: random.Random) -> None:
    for step in range(operations):
        page_id, user_id = rng.choice(list(shared.pages)), rng.choice(list(shared.users))
        choice = rng.randrange(5)
        if choice == 0:
            content = f"client-{number}-step-{step}"
            shared.sent_contents.add(content)
            variables = {"id": page_id, "content": content, "tags": [f"c{number % 4}"]}
            data = await client.post(UPDATE, variables)
            if data and _succeeded(data["pages"]["update"]):
                shared.page_updates[page_id].add(content)
        elif choice == 1:
            data = await client.post(READ, {"id": page_id})
            if data and data["pages"]["single"]["content"] not in shared.sent_contents | {shared.pages[page_id]}:
                client.tally.torn_reads += 1
                client.tally.note(f"page {page_id} read {data['pages']['single']['content']!r}")
        elif choice == 2:
            name = f"user-{number}-{step}"
            shared.sent_names.add(name)
            data = await client.post(USER_UPDATE, {"id": user_id, "name": name})
            if data and _succeeded(data["users"]["update"]):
                shared.user_names[user_id].add(name)
        elif choice == 3:
            data = await client.post(USER_READ, {"id": user_id})
            if data and data["users"]["single"]["name"] not in shared.sent_names | {shared.users[user_id]}:
                client.tally.torn_reads += 1
                client.tally.note(f"user {user_id} read {data['users']['single']['name']!r}")
        else:
            path = f"{CREATED_PREFIX}/{number}-{step}"
            variables = {"path": path, "content": "new", "tags": ["created"]}
            data = await client.post(CREATE, variables)
            if data and _succeeded(data["pages"]["create"]):
                shared.created += 1


async def run_clients(
    url: str, token: str | None, shared: Shared, clients: int, operations: int, seed: int
) -> ConcurrencyTally:
    tally = ConcurrencyTally()
    timeout = aiohttp.ClientTimeout(total=REQUEST_TIMEOUT_SECONDS)
    async with aiohttp.ClientSession(timeout=timeout, connector=aiohttp.TCPConnector(limit=clients)) as session:
        client = Client(session, url, token, tally)
        await asyncio.gather(
            *(
                client_run(client, shared, number, operations, random.Random(seed * 1000 + number))
                for number in range(clients)
            )
        )
    return tally


def set_up(url: str, token: str | None) -> Shared:
    pages = {
        create(
            url, token, f"reliability/concurrency/shared-{n}", PageState(f"initial-{n}", frozenset({"shared"}))
        ): f"initial-{n}"
        for n in range(SHARED_PAGES)
    }
    names = {f"reliability-{n}@example.org": f"initial-user-{n}" for n in range(SHARED_USERS)}
    for email, name in names.items():
        call(url, token, USER_CREATE, {"email": email, "name": name})
    listed = call(url, token, "{ users { list { id email } } }")["users"]["list"]  # create answers user: null
    return Shared(pages, {int(user["id"]): names[user["email"]] for user in listed if user["email"] in names})


def check_final(url: str, token: str | None, shared: Shared, tally: ConcurrencyTally) -> None:
    for page_id, initial in shared.pages.items():
        chain = contents_in_order(url, token, page_id)
        acknowledged = shared.page_updates[page_id]
        if chain[0] != initial or sorted(chain[1:]) != sorted(acknowledged):
            tally.serial_violations += 1
            tally.note(f"page {page_id}: {len(chain) - 1} stored updates, {len(acknowledged)} acknowledged")
    for user_id, initial in shared.users.items():
        name = call(url, token, USER_READ, {"id": user_id})["users"]["single"]["name"]
        if name not in (shared.user_names[user_id] or {initial}):
            tally.serial_violations += 1
            tally.note(f"user {user_id}: final name {name!r} was never acknowledged")
    listed = call(url, token, '{ pages { list(tags: ["created"]) { path } } }')["pages"]["list"]
    if len([page for page in listed if page["path"].startswith(CREATED_PREFIX)]) != shared.created:
        tally.serial_violations += 1
        tally.note(f"{len(listed)} created pages listed, {shared.created} acknowledged")


def run_concurrency(clients: int, operations: int, seed: int, work_dir: Path) -> tuple[dict[str, Any], dict[str, bool]]:
    with tempfile.TemporaryDirectory(dir=work_dir) as data_dir:
        mock = MockUnderTest("wikijs", data_dir=Path(data_dir), log_file=work_dir / "mock-wikijs.log")
        url = mock.start()
        started = time.monotonic()
        try:
            shared = set_up(url, mock.token)
            tally = asyncio.run(run_clients(url, mock.token, shared, clients, operations, seed))
            seconds = time.monotonic() - started
            check_final(url, mock.token, shared, tally)
        finally:
            mock.stop()
    figures = {
        "api": "wikijs",
        "clients": clients,
        "operations_per_client": operations,
        "seed": seed,
        "requests": tally.requests,
        "5xx": tally.server_errors,
        "database_locked_or_sql": tally.locked,
        "refused": tally.refused,
        "torn_reads": tally.torn_reads,
        "serial_violations": tally.serial_violations,
        "acknowledged_page_updates": sum(len(updates) for updates in shared.page_updates.values()),
        "acknowledged_creations": shared.created,
        "peak_rss_bytes": mock.peak_rss,
        "seconds": round(seconds, 1),
        "findings": tally.findings,
    }
    goals = {
        "no 5xx": tally.server_errors == 0,
        "no database is locked": tally.locked == 0,
        "no refused write": tally.refused == 0,
        "every read saw a written state": tally.torn_reads == 0,
        "final state allowed by a serial order": tally.serial_violations == 0,
    }
    return figures, goals
