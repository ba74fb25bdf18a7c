"""The campaign's judges: leak patterns, excused 500s read from the rules, raw HTTP framing."""

from __future__ import annotations

import json
import random
from pathlib import Path

import pytest

from reliability.client import Endpoint, RawRequest, encode, parse_answer
from reliability.cors import CONFIGURED, Setup, judge
from reliability.malformed import MAKERS
from reliability.table import row, summary
from reliability.verdict import AccessCheck, excused_500_messages, is_excused, leaks, leaks_excused
from specs import default_rules


@pytest.mark.parametrize(
    ("body", "category"),
    [
        (b'{"errors":[{"message":"Traceback (most recent call last):\\n File \\"/x/a.py\\", line 3"}]}', "stack trace"),
        (b'{"errors":[{"message":"sqlite3.OperationalError: database is locked"}]}', "sql"),
        (b'{"errors":[{"message":"UNIQUE constraint failed: pages.path"}]}', "sql"),
        (b'{"errors":[{"message":"cannot open /work/main/mock_server/wikijs/store.py"}]}', "file path"),
        (b'{"errors":[{"message":"RecursionError"}]}', "python internals"),
    ],
)
def test_internal_detail_is_recognised(body: bytes, category: str) -> None:
    assert category in leaks(body)


@pytest.mark.parametrize(
    "body",
    [
        b'{"errors":[{"message":"Cannot query field \'select\' on type \'Query\'."}]}',
        b'{"data":{"pages":{"single":{"content":"from here to there"}}}}',
        b'{"errors":[{"message":"The request body is not valid UTF-8."}]}',
        b'{"data":{"system":{"info":{"dbType":"SQLite","configFile":"/wiki/config.yml"}}}}',
    ],
)
def test_ordinary_answers_do_not_leak(body: bytes) -> None:
    assert leaks(body) == []


def test_real_server_500s_are_excused_only_for_the_emulated_implementation() -> None:
    rules = default_rules().for_api("wikijs")
    excused = excused_500_messages(rules, "2.5.314")
    revoked = rules["wikijs.auth.revoked_key"]
    assert getattr(revoked.data, "message") in excused  # noqa: B009 - the data class varies by kind
    assert excused_500_messages(rules, "docs") == ()
    answer = parse_answer(
        b'HTTP/1.1 500 Internal Server Error\r\n\r\n{"errors":[{"message":"' + excused[0].encode() + b'"}]}'
    )
    assert is_excused(answer, excused)
    assert not is_excused(parse_answer(b'HTTP/1.1 500 Internal Server Error\r\n\r\n{"errors":[]}'), excused)


@pytest.mark.parametrize(("api", "implementation", "excused"), [("wikijs", "2.5.314", True), ("wikijs", "docs", False),
                                                                 ("kontent", "docs", False)])  # fmt: skip
def test_leaks_are_excused_only_where_the_served_schema_rule_records_them(
    api: str, implementation: str, excused: bool
) -> None:
    assert leaks_excused(default_rules().for_api(api), implementation) is excused


@pytest.mark.parametrize(
    ("kind", "body", "lost"),
    [
        (
            "odd_credentials",
            b'{"errors":[{"message":"API Key is invalid or was revoked."}]}',
            True,
        ),  # the campaign's key too
        ("query", b'{"data":null,"errors":[{"message":"Forbidden"}]}', True),  # full-access key read as guest
        ("odd_credentials", b'{"errors":[{"message":"Forbidden"}]}', False),  # a garbage token's own answer
        ("query", b'{"data":{"pages":{"single":{"content":"Forbidden"}}}}', False),  # only an error message counts
        ("mutation", b'{"data":{"x":{"responseResult":{"slug":"PageViewForbidden"}}}}', False),
        ("query", b'{"data":{"site":{"config":{"title":"ok"}}}}', False),
    ],
)
def test_lost_access_is_read_from_refusals_and_guest_denials(kind: str, body: bytes, lost: bool) -> None:
    check = AccessCheck.from_rules(default_rules().for_api("wikijs"))
    assert "Forbidden" in check.denials
    assert check.lost(kind, body) is lost


def test_a_truncated_body_declares_more_than_it_sends() -> None:
    endpoint = Endpoint("127.0.0.1", 8080, "/graphql", token="k")
    head, body = encode(endpoint, RawRequest("truncated_body", b'{"qu', declared_length=40))
    assert b"Content-Length: 40\r\n" in head and b"Authorization: Bearer k\r\n" in head and body == b'{"qu'


def test_every_malformed_generator_labels_its_requests() -> None:
    rng = random.Random(0)
    kinds = {maker(rng, "{ __typename }").kind for maker in MAKERS}
    assert kinds == {maker.__name__ for maker in MAKERS}


def test_the_results_table_shows_each_campaigns_counts() -> None:
    concurrency = {"campaign": "concurrency", "api": "wikijs", "clients": 50, "requests": 1000, "5xx": 0,
                   "database_locked_or_sql": 2, "serial_violations": 1, "peak_rss_bytes": 2**20 * 60, "seconds": 3.0,
                   "goals_met": False}  # fmt: skip
    cells = [cell.strip() for cell in row(concurrency).strip("|").split("|")]
    assert cells == ["concurrency", "wikijs", "50 clients, 1,000 requests", "0", "n/a", "n/a", "n/a", "2", "n/a", "1",
                     "n/a", "60", "3.0", "NO"]  # fmt: skip


OFF, ONE, ANY = (Setup("off", "wikijs", (), frozenset()), Setup("one", "wikijs", (), frozenset({CONFIGURED})),
                 Setup("any", "kontent", (), frozenset({"*"})))  # fmt: skip


@pytest.mark.parametrize(
    ("setup", "headers", "wrong"),
    [
        (OFF, {}, False),
        (OFF, {"access-control-allow-methods": "POST"}, True),
        (ONE, {"access-control-allow-origin": CONFIGURED}, False),
        (ONE, {"access-control-allow-origin": "http://evil.example"}, True),
        (ONE, {"access-control-allow-origin": "*"}, True),
        (ONE, {"access-control-allow-origin": CONFIGURED, "access-control-allow-credentials": "true"}, True),
        (ANY, {"access-control-allow-origin": "http://evil.example"}, False),
    ],
)
def test_cors_answers_are_judged_against_the_configuration(setup: Setup, headers: dict[str, str], wrong: bool) -> None:
    assert (judge(setup, headers) is not None) is wrong


def test_the_summary_names_every_missed_goal(tmp_path: Path) -> None:
    uploads = {"campaign": "uploads", "api": "wikijs", "uploads": 24, "fetches": 6, "5xx": 0, "violations": 1,
               "peak_rss_bytes": 2**20, "seconds": 1.0, "command": "python -m reliability uploads --out u.json",
               "goals": {"no 5xx": True, "no file outside the store served": False}, "goals_met": False}  # fmt: skip
    (tmp_path / "uploads.json").write_text(json.dumps(uploads), encoding="utf-8")
    text = summary([tmp_path / "uploads.json"])
    assert "| uploads | wikijs | 24 uploads, 6 fetches |" in text
    assert "`python -m reliability uploads --out u.json`: missed: no file outside the store served" in text
