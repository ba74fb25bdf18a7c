"""App documents sent through a real Apollo Client (``clients/js/kontent_apollo.mjs``) and through
the harness's own client, so the test can compare the two answers."""

from __future__ import annotations

import json
import os
import shutil
from collections.abc import Iterator, Sequence
from dataclasses import dataclass
from typing import Any

from clients.packages import APOLLO_CLIENT, PROJECT_ROOT
from harness.client import HttpClient
from suites.kontent.app_documents import AppDocument, seeded_variables
from suites.kontent.preview import preview_url
from tests.clients.support import require, run

SCRIPT = PROJECT_ROOT / "clients" / "js" / "kontent_apollo.mjs"
"""The first item of a document's seed collection gives its `$codename` and `$language`."""


@dataclass(frozen=True)
class Sent:
    """One document as both clients send it: endpoint, identity and variables."""

    document: AppDocument
    url: str
    headers: dict[str, str]
    variables: dict[str, Any]

    def job(self) -> dict[str, Any]:
        return {
            "name": self.document.name,
            "query": self.document.query,
            "variables": self.variables,
            "url": self.url,
            "headers": self.headers,
            "get": self.document.method == "GET",
        }

    def ours(self) -> Any:
        """The answer of the harness's client, POSTed as the suites send it."""
        return HttpClient(self.url, self.headers).graphql(self.document.query, self.variables).response.json()


def sent(document: AppDocument, url: str, preview_key: str) -> Sent:
    """Preview documents go to the preview endpoint with the key, as an app's preview mode does."""
    headers = {"Authorization": f"Bearer {preview_key}"} if document.preview else {}
    target = preview_url(url) if document.preview else url
    variables = seeded_variables(HttpClient(target, headers), document)
    assert variables is not None, f"the mock's {document.seed} has no item for {document.name}"
    return Sent(document, target, headers, variables)


def through_apollo(documents: Sequence[Sent], fetch_policy: str) -> dict[str, dict[str, Any]]:
    """Document name -> Apollo's result (``data``, ``errors``, ``networkError``, ``status``,
    ``urlLength``); one node process, a fresh client (and cache) per document."""
    require(APOLLO_CLIENT.prefix, APOLLO_CLIENT.requirement)
    node = shutil.which("node")
    assert node is not None, "node is not on PATH"
    job = {
        "nodeModules": str(APOLLO_CLIENT.node_path),
        "fetchPolicy": fetch_policy,
        "documents": [d.job() for d in documents],
    }
    done = run([node, str(SCRIPT)], os.environ, stdin=json.dumps(job))
    assert done.returncode == 0, done.stderr[-2000:]
    results = [json.loads(line) for line in done.stdout.splitlines()]
    return {result["name"]: result for result in results}


def objects(value: Any, path: str = "data") -> Iterator[tuple[str, dict[str, Any]]]:
    """Every object below ``value`` with its path (the root ``data`` object itself excluded)."""
    children = value.items() if isinstance(value, dict) else enumerate(value) if isinstance(value, list) else ()
    for key, child in children:
        if isinstance(child, dict):
            yield f"{path}.{key}", child
        yield from objects(child, f"{path}.{key}")
