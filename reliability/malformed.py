"""Hostile requests: every way the issue names a request can be malformed, one generator each.

Sizes are chosen to be over what a parser handles recursively (nesting) or what a sane client
sends (aliases), yet under the documented body limit where that matters, so the answer tested
is the parser's and not the size check's.
"""

from __future__ import annotations

import json
import random
import re
from collections.abc import Callable

from reliability.client import RawRequest

Maker = Callable[[random.Random, str], RawRequest]
"""(random source, a valid document from the pool) -> a hostile request."""

MAX_SLOW_DELAY_SECONDS = 0.2
"""Bounded: a slow body is four pieces at most this far apart."""
JSON = (("Content-Type", "application/json"),)


def _json(document: str, variables: object = None) -> bytes:
    return json.dumps({"query": document, "variables": variables}).encode()


def bad_json(rng: random.Random, document: str) -> RawRequest:
    body = _json(document)
    cut = rng.randrange(1, len(body))
    noise = bytes(rng.choice(b'{}[]":,\\ 0x') for _ in range(rng.randrange(0, 8)))
    return RawRequest("bad_json", body[:cut] + noise)


def wrong_variable_types(rng: random.Random, document: str) -> RawRequest:
    value = rng.choice(["x", 1.5, [1, [2]], {"a": {"b": None}}, True, -1, ""])
    variables = rng.choice([{"id": value, "n": value, "path": value}, [value], "variables", 7])
    return RawRequest("wrong_variable_types", _json("query($id: Int!, $n: String) { __typename }", variables))


def huge_numbers(rng: random.Random, document: str) -> RawRequest:
    huge = rng.choice(["9" * rng.randrange(11, 400), "1e999", "-" + "9" * 50, "1" + "0" * 5000, "2147483648"])
    literal = re.sub(r"(?<![\w.])-?\d+(?![\w.])", huge, document)
    variables = f'{{"id": {huge}, "n": {huge}}}'
    body = f'{{"query": {json.dumps(literal)}, "variables": {variables}}}'.encode()
    return RawRequest("huge_numbers", body)


def deep_nesting(rng: random.Random, document: str) -> RawRequest:
    depth = rng.choice([200, 500, 2000, 20000])
    if rng.random() < 0.5:
        return RawRequest("deep_nesting", _json("{" + " __typename {" * depth + "}" * (depth + 1)))
    variables = "[" * depth + "]" * depth
    return RawRequest("deep_nesting", f'{{"query": "{{ __typename }}", "variables": {{"v": {variables}}}}}'.encode())


def many_aliases(rng: random.Random, document: str) -> RawRequest:
    count = rng.choice([300, 1000, 10000])
    return RawRequest("many_aliases", _json("{" + " ".join(f"a{n}: __typename" for n in range(count)) + "}"))


def fragment_cycle(rng: random.Random, document: str) -> RawRequest:
    root = rng.choice(["Query", "Mutation"])
    cycle = f"query {{ ...A }} fragment A on {root} {{ ...B }} fragment B on {root} {{ ...A __typename }}"
    return RawRequest("fragment_cycle", _json(cycle))


def invalid_utf8(rng: random.Random, document: str) -> RawRequest:
    body = bytearray(_json(document))
    for _ in range(rng.randrange(1, 4)):
        body.insert(rng.randrange(0, len(body) + 1), rng.choice([0xFF, 0xC3, 0x80, 0xED]))
    return RawRequest("invalid_utf8", bytes(body))


def truncated_body(rng: random.Random, document: str) -> RawRequest:
    """Fewer bytes than declared; then the client half-closes, or stalls (the mock's body
    timeout must answer or close)."""
    body = _json(document)
    cut = rng.randrange(0, len(body))
    return RawRequest("truncated_body", body[:cut], declared_length=len(body), stalled=rng.random() < 0.5)


def slow_body(rng: random.Random, document: str) -> RawRequest:
    return RawRequest("slow_body", _json(document), piece_delay=rng.uniform(0, MAX_SLOW_DELAY_SECONDS))


def odd_transport(rng: random.Random, document: str) -> RawRequest:
    """Wrong method, media type or query string around a valid document."""
    choice = rng.randrange(4)
    if choice == 0:
        return RawRequest("odd_transport", method="GET", query_string="query=%ff%fe&variables=%7B", body=b"")
    if choice == 1:
        return RawRequest("odd_transport", _json(document), headers=(("Content-Type", "text/plain; charset=x"),))
    if choice == 2:
        return RawRequest("odd_transport", _json(document), method=rng.choice(["PUT", "DELETE", "PATCH", "OPTIONS"]))
    return RawRequest(
        "odd_transport", b"query=" + document.encode(), headers=(("Content-Type", "application/graphql"),)
    )


def odd_credentials(rng: random.Random, document: str) -> RawRequest:
    """Garbage tokens (sent before the campaign's own, so the server reads these first)."""
    token = rng.choice(
        [
            "",
            "a.b.c",
            "eyJhbGciOiJub25lIn0.eyJpZCI6MSwiYXBpIjoiMSJ9.",
            "eyJhbGciOiJIUzI1NiJ9.e30." + "A" * 43,
            "x" * rng.choice([100, 9000]),
            "\xe9\xff",
        ]
    )
    scheme = rng.choice(["Bearer ", "Basic ", "bearer  ", ""])
    headers = (*JSON, ("Authorization", scheme + token), ("Cookie", f"jwt={token}"))
    return RawRequest("odd_credentials", _json(document), headers=headers)


MAKERS: tuple[Maker, ...] = (
    bad_json,
    wrong_variable_types,
    huge_numbers,
    deep_nesting,
    many_aliases,
    fragment_cycle,
    invalid_utf8,
    truncated_body,
    slow_body,
    odd_transport,
    odd_credentials,
)
