"""CPU time per request of the Wiki.js mock, in-process: a figure a loaded machine barely moves.

``python bench/wikijs_request_cost.py [--requests 300]`` builds the Wiki.js mock with an admin key,
stores 10 pages, then POSTs each query of ``run.py --api wikijs`` (bearer key included) through
aiohttp's test client and prints the process CPU microseconds per request (client included), the
best of 5 rounds. Wall-clock rates need a quiet machine (``run.py``); CPU per request compares two
versions of the mock even when other work takes the cores.
"""

from __future__ import annotations

import argparse
import asyncio
import json
import time

from aiohttp.test_utils import TestClient, TestServer
from queries import QUERY_SETS
from run import HEADERS, WIKIJS_KEY
from schema_export import CREATE_PAGE, WIKIJS_PAGES

from mock_server.wikijs import build_wikijs_app
from mock_server.wikijs.samples import AdminLogin
from specs import default_rules

ROUNDS = 5


async def measure(requests: int) -> dict[str, float]:
    app = build_wikijs_app(default_rules().for_api("wikijs"), None, AdminLogin(api_key=WIKIJS_KEY))
    headers = HEADERS["wikijs"]
    async with TestClient(TestServer(app)) as client:
        for number in range(1, WIKIJS_PAGES):  # a new mock holds one page
            variables = {"p": f"bench/page-{number}", "t": f"Bench page {number}"}
            await (
                await client.post("/graphql", json={"query": CREATE_PAGE, "variables": variables}, headers=headers)
            ).read()
        figures: dict[str, float] = {}
        for query in QUERY_SETS["wikijs"]:
            rounds = []
            for _ in range(ROUNDS):
                started = time.process_time()
                for _ in range(requests):
                    await (await client.post("/graphql", json={"query": query.text}, headers=headers)).read()
                rounds.append((time.process_time() - started) / requests * 1e6)
            figures[query.key] = round(min(rounds), 1)
    return figures


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--requests", type=int, default=300, help="requests per query and round")
    print(json.dumps({"cpu_us_per_request": asyncio.run(measure(parser.parse_args().requests))}))


if __name__ == "__main__":
    main()
