"""Bare aiohttp server: answers every POST with one constant JSON body.

It is the ceiling of the HTTP stack the mock is built on: whatever the mock spends above this server's
cost per request is GraphQL work (parsing, validation, execution, serialisation) or its own middleware.
It reads the request body, as any GraphQL server must, but does nothing with it.

Usage: python bench/bare_aiohttp.py --host 127.0.0.1 --port 0
Prints `bare_aiohttp listening on http://HOST:PORT/graphql` when ready.
"""

from __future__ import annotations

import argparse
import asyncio

from aiohttp import web

BODY = b'{"data":{"__typename":"_RootQuery"}}'


async def handle(request: web.Request) -> web.Response:
    """Read the body (as a real server would) and return the constant answer."""
    await request.read()
    return web.Response(body=BODY, content_type="application/json")


async def serve(host: str, port: int) -> None:
    """Serve until killed; print the ready line with the port actually bound."""
    app = web.Application()
    app.router.add_post("/graphql", handle)
    runner = web.AppRunner(app, access_log=None)
    await runner.setup()
    site = web.TCPSite(runner, host, port)
    await site.start()
    server = site._server
    assert server is not None and isinstance(server, asyncio.base_events.Server)
    bound_port = server.sockets[0].getsockname()[1]
    print(f"bare_aiohttp listening on http://{host}:{bound_port}/graphql", flush=True)
    await asyncio.Event().wait()


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--host", default="127.0.0.1")
    parser.add_argument("--port", type=int, default=0)
    args = parser.parse_args()
    asyncio.run(serve(args.host, args.port))


if __name__ == "__main__":
    main()
