"""CPU time per request of the Wiki.js mock, in-process: a figure a loaded machine barely moves.

``python bench/wikijs_request_cost.py [--requests 300] [--profile FILE]`` builds the Wiki.js mock
with an admin key, stores 10 pages, then POSTs each query of ``run.py --api wikijs`` (bearer key
included) over one keep-alive connection and prints the process CPU microseconds per request, the
best of 5 rounds. The client writes prepared bytes and reads the answer by its Content-Length, a
few microseconds of the figure: nearly all of it is the server's own work, access log included
(written as the command-line mock writes it, to a null stream here). Wall-clock rates need a quiet
machine (``run.py``); CPU per request compares two versions of the mock even when other work takes
the cores. ``--profile`` writes cProfile statistics of the measured rounds (``python -m pstats``).
"""

from __future__ import annotations

import argparse
import asyncio
import cProfile
import gc
import json
import logging
import os
import sys
import time
from pathlib import Path

from aiohttp.test_utils import TestServer
from queries import QUERY_SETS
from run import HEADERS, WIKIJS_KEY
from schema_export import CREATE_PAGE, WIKIJS_PAGES

from mock_server.accesslog import ACCESS_LOGGER, install_batching_handler
from mock_server.wikijs import build_wikijs_app
from mock_server.wikijs.samples import AdminLogin
from specs import default_rules

ROUNDS = 5
ENDPOINT = "/graphql"


class Connection:
    """One keep-alive HTTP/1.1 connection that sends prepared requests and reads whole answers."""

    def __init__(self, reader: asyncio.StreamReader, writer: asyncio.StreamWriter) -> None:
        self._reader, self._writer = reader, writer

    @staticmethod
    def request(host: str, payload: object) -> bytes:
        body = json.dumps(payload).encode()
        lines = [f"POST {ENDPOINT} HTTP/1.1", f"Host: {host}", "Content-Type: application/json"]
        lines += [f"{name}: {value}" for name, value in HEADERS["wikijs"].items()]
        lines.append(f"Content-Length: {len(body)}")
        return ("\r\n".join(lines) + "\r\n\r\n").encode() + body

    async def exchange(self, request: bytes) -> bytes:
        """Send one request, return the answer's body (its status is checked by the caller once)."""
        self._writer.write(request)
        head = await self._reader.readuntil(b"\r\n\r\n")
        length = next(
            int(line.split(b":", 1)[1]) for line in head.split(b"\r\n") if line.lower().startswith(b"content-length:")
        )
        return head[: head.index(b"\r\n")] + b"\n" + await self._reader.readexactly(length)


async def measure(requests: int, profile: cProfile.Profile | None) -> dict[str, float]:
    app = build_wikijs_app(default_rules().for_api("wikijs"), None, AdminLogin(api_key=WIKIJS_KEY))
    async with TestServer(app) as server:
        host = f"{server.host}:{server.port}"
        connection = Connection(*await asyncio.open_connection(server.host, server.port))
        for number in range(1, WIKIJS_PAGES):  # a new mock holds one page
            variables = {"p": f"bench/page-{number}", "t": f"Bench page {number}"}
            await connection.exchange(Connection.request(host, {"query": CREATE_PAGE, "variables": variables}))
        gc.freeze()  # as the command-line mock does once its app is built
        figures: dict[str, float] = {}
        for query in QUERY_SETS["wikijs"]:
            request = Connection.request(host, {"query": query.text})
            print(f"{query.key}: {(await connection.exchange(request))[:60]!r}", file=sys.stderr)  # a sane answer?
            rounds = []
            for _ in range(ROUNDS):
                if profile is not None:
                    profile.enable()
                started = time.process_time()
                for _ in range(requests):
                    await connection.exchange(request)
                rounds.append((time.process_time() - started) / requests * 1e6)
                if profile is not None:
                    profile.disable()
            figures[query.key] = round(min(rounds), 1)
    return figures


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--requests", type=int, default=300, help="requests per query and round")
    parser.add_argument("--profile", type=Path, help="write cProfile statistics of the measured rounds here")
    args = parser.parse_args()
    logging.getLogger(ACCESS_LOGGER).setLevel(logging.INFO)
    install_batching_handler(open(os.devnull, "w"))  # noqa: SIM115  # lives as long as the process
    profile = cProfile.Profile() if args.profile else None
    figures = asyncio.run(measure(args.requests, profile))
    if profile is not None:
        profile.dump_stats(args.profile)
    print(json.dumps({"cpu_us_per_request": figures}))


if __name__ == "__main__":
    main()
