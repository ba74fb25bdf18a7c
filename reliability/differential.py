"""The differential campaign: the same hypothesis-drawn sequences (:mod:`reliability.sequences`)
go to a real Wiki.js and to the mock emulating it; the normalized answers
(:mod:`reliability.normalize`) must be equal.

Both servers start from their own data: the mock from its seed, the real server from whatever it
holds. A sequence only reads and writes what it created under its run's names, plus global
settings it only reads, so the two starting states need not be equal, only the admin key's
rights: the mock registers the real server's admin key (``WIKIJS_API_KEY``) as its own admin
key. Requests go one at a time (concurrent page writes break the real server's tree rebuild);
rate-limited operations are sent from a fresh loopback address each, to both servers alike.
"""

from __future__ import annotations

import http.client
import itertools
import secrets
import time
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any
from urllib.parse import urlsplit

from reliability.documents import draw
from reliability.excused import EXCUSED, EXCUSED_FIELDS
from reliability.mock import MockUnderTest
from reliability.normalize import UNORDERED, Answer, decode, differences, normalize, split_excused
from reliability.sequence_pages import SHARED_PAGE, shared_page
from reliability.sequence_steps import EVERY, ROOTS, Ref, Step
from reliability.sequences import Plan, sequences

TIMEOUT_SECONDS = 60.0
SOURCES = tuple(f"127.0.0.{host}" for host in range(2, 255))
"""Loopback addresses for rate-limited calls: the login window (5 per minute) and the comment
window (1 per 15 s) are per address, and a sequence seldom needs more than a few."""
MAX_STEPS = 6
SHARED = "shared-"
API_KEYS = "query { authentication { apiKeys { id name isRevoked } } }"
PAGES_TAGGED = "query($tags: [String!]) { pages { list(tags: $tags) { id path } } }"
USERS_NAMED = "query($q: String!) { users { search(query: $q) { id email } } }"
EXAMPLE_LIMIT = 2000
"""Characters of an answer kept in an example."""


@dataclass
class Server:
    """One side: its URL, admin key and the ids its answers bound."""

    url: str
    token: str = field(repr=False)
    ids: dict[str, int] = field(default_factory=dict)

    def send(self, step: Step, source: str | None) -> Answer:
        parts = urlsplit(self.url)
        assert parts.hostname is not None and parts.port is not None
        connection = http.client.HTTPConnection(
            parts.hostname, parts.port, timeout=TIMEOUT_SECONDS, source_address=(source, 0) if source else None
        )
        method, content_type = step.raw[:2] if step.raw else ("POST", "application/json")
        headers = {"Authorization": f"Bearer {self.token}", "Content-Type": content_type}
        try:
            connection.request(
                method, parts.path, body=step.body(self.ids) if method == "POST" else None, headers=headers
            )
            response = connection.getresponse()
            answer = Answer(response.status, response.getheader("Content-Type") or "", response.read())
        except (OSError, http.client.HTTPException) as error:
            answer = Answer(None, "", repr(error).encode())
        finally:
            connection.close()
        if step.bind is not None:
            self.bind(step.bind, answer)
        return answer

    def forget(self) -> None:
        """A new sequence: only the run's shared objects stay bound."""
        for name in [name for name in self.ids if not name.startswith(SHARED)]:
            del self.ids[name]

    def bind_made(self, stem: str, folder: str) -> None:
        """What a sequence made, found by its names: the real server answers no id for a new user
        (users.create returns none), an API key (createApiKey neither) or a new page (its page
        object fails as non-null), so each side lists its own. Names are given in a stable order
        (``made-page0``...), the same on both sides when both hold the same objects."""
        found = {
            "made-page": [
                (page["path"], page["id"])
                for page in self._listed(PAGES_TAGGED, {"tags": [stem]}, ("pages", "list"))
                if str(page.get("path", "")).startswith(folder + "/")
            ],
            "made-user": [
                (user["email"], user["id"])
                for user in self._listed(USERS_NAMED, {"q": stem}, ("users", "search"))
                if str(user.get("email", "")).startswith(stem + "-")
            ],
            "made-key": [
                (key["name"], key["id"])
                for key in self._listed(API_KEYS, {}, ("authentication", "apiKeys"))
                if str(key.get("name", "")).startswith(stem + "-") and not key.get("isRevoked")
            ],
        }
        for prefix, entries in found.items():
            for number, (_, made) in enumerate(sorted(entries)):
                self.ids[f"{prefix}{number}"] = int(made)

    def bind(self, bind: tuple[str, tuple[str | int, ...]], answer: Answer) -> None:
        name, path = bind
        found = _found(decode(answer.body), ("data", *path))
        ids = [item for item in found if isinstance(item, int)] if isinstance(found, list) else [found]
        if ids and all(isinstance(item, int) for item in ids):
            self.ids[name] = min(ids)

    def _listed(self, query: str, variables: dict[str, Any], path: tuple[str, ...]) -> list[dict[str, Any]]:
        answer = decode(self.send(Step("clean-up", "clean-up.list", query, variables), None).body)
        for key in ("data", *path):
            answer = answer.get(key) if isinstance(answer, dict) else None
        return [entry for entry in answer or [] if isinstance(entry, dict)] if isinstance(answer, list) else []


def _found(value: Any, path: tuple[str | int, ...]) -> Any:
    """What ``path`` names in an answer: None where it leads nowhere, a list after :data:`EVERY`."""
    if not path:
        return value
    key, rest = path[0], path[1:]
    if key == EVERY:
        return [_found(item, rest) for item in value] if isinstance(value, list) else None
    if isinstance(key, int):
        inside = value[key] if isinstance(value, list) and -len(value) <= key < len(value) else None
    else:
        inside = value.get(key) if isinstance(value, dict) else None
    return _found(inside, rest)


def clean_up(names: list[str]) -> list[Step]:
    """Deletes of what a sequence made (:meth:`Server.bind_made`, groups by their create, the run's
    shared page), on both servers and compared like any step."""
    result = "responseResult { succeeded errorCode slug message }"
    steps: list[Step] = []
    for name in sorted(names, reverse=True):
        if name.startswith(("made-page", SHARED_PAGE.name)):
            query = "mutation($id: Int!) { pages { delete(id: $id) { " + result + " } } }"
            steps.append(Step("pages", "pages.delete", query, {"id": Ref(name)}))
        elif name.startswith("made-user"):
            query = "mutation($id: Int!) { users { delete(id: $id, replaceId: 1) { " + result + " } } }"
            steps.append(Step("users", "users.delete", query, {"id": Ref(name)}))
        elif name.startswith("group"):
            query = "mutation($id: Int!) { groups { delete(id: $id) { " + result + " } } }"
            steps.append(Step("groups", "groups.delete", query, {"id": Ref(name)}))
        elif name.startswith("made-key"):
            query = "mutation($id: Int!) { authentication { revokeApiKey(id: $id) { " + result + " } } }"
            steps.append(Step("authentication", "authentication.revokeApiKey", query, {"id": Ref(name)}))
    return steps


@dataclass
class Tally:
    sequences: int = 0
    requests: int = 0
    differing: int = 0
    by_root: dict[str, int] = field(default_factory=lambda: dict.fromkeys(ROOTS, 0))
    kinds: dict[str, dict[str, Any]] = field(default_factory=dict)
    excused_count: int = 0
    excused: dict[str, dict[str, Any]] = field(default_factory=dict)
    """Differences of :data:`reliability.excused.EXCUSED` operations, or only in
    :data:`reliability.excused.EXCUSED_FIELDS` fields, with the reason."""

    def note(self, step: Step, request: bytes, real: Answer, mock: Answer, paths: list[str]) -> None:
        reason = EXCUSED.get(step.op)
        if reason is None:
            counted, reasons = split_excused(paths, EXCUSED_FIELDS.get(step.op, {}))
            paths, reason = (counted, None) if counted else (paths, " ".join(reasons))
        if reason is not None:
            self.excused_count += 1
            kinds = self.excused
        else:
            self.differing += 1
            kinds = self.kinds
        kind = f"{step.op}: {', '.join(paths[:3])}"
        if kind in kinds:
            kinds[kind]["count"] += 1
            return
        kinds[kind] = {
            **({"reason": reason} if reason else {}),
            "count": 1,
            "request": request.decode("utf-8", "replace")[:EXAMPLE_LIMIT],
            "method": step.raw[0] if step.raw else "POST",
            "real": _shown(real),
            "mock": _shown(mock),
        }


def _shown(answer: Answer) -> dict[str, Any]:
    view = answer.view()
    if isinstance(view["body"], str):
        view["body"] = view["body"][:EXAMPLE_LIMIT]
    return view


class Differential:
    def __init__(self, real: Server, mock: Server) -> None:
        self.real = real
        self.mock = mock
        self.tally = Tally()
        self.sources: Iterator[str] = itertools.cycle(SOURCES)
        self.stopped_early = False

    def step(self, step: Step, stem: str | None = None) -> None:
        source = next(self.sources) if step.fresh_source else None
        real_request = step.body(self.real.ids)
        real = self.real.send(step, source)
        mock = self.mock.send(step, source)
        self.tally.requests += 1
        self.tally.by_root[step.root] += 1
        scope = stem if step.scoped else None
        unordered = step.op in UNORDERED
        paths = differences(normalize(real, scope, unordered), normalize(mock, scope, unordered))
        if paths:
            self.tally.note(step, real_request, real, mock, paths)

    def run(self, run: str, plans: list[Plan], ends: float | None = None) -> None:
        """The run's shared page, every sequence (until the monotonic time ``ends``), then the
        shared page's delete, also when the run is cut short."""
        self.step(shared_page(run))
        try:
            for plan in plans:
                if ends is not None and time.monotonic() > ends:
                    self.stopped_early = True
                    break
                self.sequence(plan.steps, plan.stem, plan.folder)
        finally:
            for step in clean_up([SHARED_PAGE.name]):
                self.step(step)

    def sequence(self, steps: list[Step], stem: str, folder: str) -> None:
        """The steps, then the deletes of what they made (also after an interruption)."""
        self.real.forget()
        self.mock.forget()
        try:
            for step in steps:
                self.step(step, stem)
        finally:
            self.real.bind_made(stem, folder)
            self.mock.bind_made(stem, folder)
            bound = {name for name in {*self.real.ids, *self.mock.ids} if not name.startswith(SHARED)}
            for step in clean_up(sorted(bound)):
                self.step(step)
        self.tally.sequences += 1


def run_differential(
    real_url: str, token: str, count: int, seed: int, work_dir: Path, max_seconds: float | None = None
) -> dict[str, Any]:
    """Figures of ``count`` sequences (fewer when ``max_seconds`` runs out); the mock
    (``--emulate 2.5.314``) is started and stopped here."""
    run = f"diff-{secrets.token_hex(3)}"
    plans = list(draw(sequences(run, itertools.count(1), MAX_STEPS), count, seed))
    mock = MockUnderTest("wikijs", emulate="2.5.314", log_file=work_dir / "mock-wikijs.log")
    mock.start()
    started = time.monotonic()
    try:
        assert mock.token == token, "the mock registers WIKIJS_API_KEY as its admin key"
        campaign = Differential(Server(real_url, token), Server(mock.url, token))
        campaign.run(run, plans, started + max_seconds if max_seconds else None)
    finally:
        mock.stop()
    tally = campaign.tally
    kinds = dict(sorted(tally.kinds.items(), key=lambda item: -int(item[1]["count"])))
    return {
        "real_url": real_url,
        "emulate": "2.5.314",
        "seed": seed,
        "run": run,
        "sequences": tally.sequences,
        "planned_sequences": count,
        "stopped_early": campaign.stopped_early,
        "requests": tally.requests,
        "differences": tally.differing,
        "difference_kinds": len(kinds),
        "requests_by_root": tally.by_root,
        "seconds": round(time.monotonic() - started, 1),
        "kinds": kinds,
        "excused": tally.excused_count,
        "excused_kinds": tally.excused,
    }


def summary(figures: dict[str, Any]) -> str:
    """A short Markdown summary of one run."""
    lines = [
        f"# Differential: real Wiki.js vs mock --emulate {figures['emulate']}",
        "",
        f"{figures['sequences']} sequences{' (stopped early)' if figures['stopped_early'] else ''},"
        f" {figures['requests']} requests, {figures['differences']} differing"
        f" answers in {figures['difference_kinds']} kinds, {figures['seconds']} s (seed {figures['seed']}).",
        "",
    ]
    if figures["kinds"]:
        lines += ["| kind | count |", "| --- | --- |"]
        lines += [f"| `{kind}` | {entry['count']} |" for kind, entry in figures["kinds"].items()]
    if figures["excused_kinds"]:
        lines += ["", f"Excused (listed, not counted): {figures['excused']} answers.", ""]
        lines += ["| kind | count | reason |", "| --- | --- | --- |"]
        lines += [
            f"| `{kind}` | {entry['count']} | {entry['reason']} |" for kind, entry in figures["excused_kinds"].items()
        ]
    return "\n".join(lines) + "\n"
