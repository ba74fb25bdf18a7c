"""The rule loader: every shipped file loads, and broken files fail with file, line and reason."""

from __future__ import annotations

import json
import re
import sys
import textwrap
from pathlib import Path

import jsonschema
import pytest

from specs import DOCS, Level, RuleFileError, UnknownRuleError, default_rules, load_rules, loader
from specs.loader import SCHEMA_FILE
from specs.model import ErrorCode, RequestLimit, ResponseStatus

SEED = Path(__file__).resolve().parent / "data" / "wikijs-docs-error-codes.md"
"""The docs' error table, code, slug and message as published (the rules must say the same)."""

VALID_RULE = """\
api: kontent
area: transport
rules:
  - id: kontent.http.example
    level: MUST
    summary: An example.
    source: {doc: seeds/003_b3e3e6499c7e5deb.txt, section: Errors}
    kind: request_limit
    data: {target: body, max: 10, unit: bytes, status: 413}
"""


def write_rules(directory: Path, text: str, name: str = "kontent/http.yaml") -> Path:
    path = directory / name
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(textwrap.dedent(text), encoding="utf-8")
    return path


def test_the_rules_schema_is_a_valid_json_schema() -> None:
    schema = json.loads(SCHEMA_FILE.read_text(encoding="utf-8"))
    jsonschema.validators.validator_for(schema).check_schema(schema)


def test_shipped_rules_load_with_unique_ids_and_sources() -> None:
    rules = default_rules()
    assert len(rules) > 60
    for rule in rules:
        assert rule.id.startswith(f"{rule.api}.")
        assert rule.level in Level
        assert rule.source.doc.startswith(("seeds/", "reference/"))


def test_valid_file_becomes_typed_frozen_rules(tmp_path: Path) -> None:
    write_rules(tmp_path, VALID_RULE)
    rule = load_rules(tmp_path)["kontent.http.example"]
    limit = rule.data_as(RequestLimit)
    assert (limit.max, limit.status, rule.line) == (10, 413, 4)
    with pytest.raises(AttributeError):
        limit.max = 11  # type: ignore[misc]
    with pytest.raises(TypeError):
        rule.data_as(ErrorCode)


@pytest.mark.parametrize(
    ("broken", "line", "reason"),
    [
        ("data: {target: body, max: 10, unit: bytes, status: 413}", None, None),
        ("data: {target: body, max: -1, unit: bytes, status: 413}", 9, "less than the minimum"),
        ("data: {target: body, max: 10, unit: bytes, status: 999}", 9, "maximum"),
        ("data: {target: elsewhere, max: 10, unit: bytes, status: 413}", 9, "elsewhere"),
        ("data: {target: body, max: 10, unit: bytes}", 9, "status"),
        ("data: {target: body, max: 10, unit: bytes, status: 413, extra: 1}", 9, "extra"),
        ("data: {target: body, max: 10, unit: bytes, status: 413\n", 9, "YAML syntax"),
    ],
)
def test_broken_file_names_file_line_and_problem(
    tmp_path: Path, broken: str, line: int | None, reason: str | None
) -> None:
    text = VALID_RULE.replace("data: {target: body, max: 10, unit: bytes, status: 413}", broken)
    write_rules(tmp_path, text)
    if reason is None:
        load_rules(tmp_path)
        return
    with pytest.raises(RuleFileError) as caught:
        load_rules(tmp_path)
    message = str(caught.value)
    assert re.search(rf"http\.yaml:{line}\b", message), message
    assert reason in message, message


def test_a_remembered_valid_file_is_validated_again_once_edited(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Every mock and suite process loads the rules, so a passed validation is remembered per
    content: the file loads again without the schema check, and an edit that breaks it is caught."""
    monkeypatch.setattr(loader, "VALIDATED_DIR", tmp_path / "validated")
    monkeypatch.setattr(sys, "dont_write_bytecode", False)
    path = write_rules(tmp_path / "rules", VALID_RULE)
    load_rules(tmp_path / "rules")
    assert len(list((tmp_path / "validated").iterdir())) == 1
    assert load_rules(tmp_path / "rules")["kontent.http.example"].line == 4
    path.write_text(VALID_RULE.replace("max: 10", "max: -1"), encoding="utf-8")
    with pytest.raises(RuleFileError, match="less than the minimum"):
        load_rules(tmp_path / "rules")


def test_missing_level_points_at_the_rule(tmp_path: Path) -> None:
    write_rules(tmp_path, VALID_RULE.replace("    level: MUST\n", ""))
    with pytest.raises(RuleFileError, match=r"http\.yaml:4: .*'level' is a required property"):
        load_rules(tmp_path)


def test_a_file_must_sit_under_its_api(tmp_path: Path) -> None:
    write_rules(tmp_path, VALID_RULE.replace("api: kontent", "api: wikijs"))
    with pytest.raises(RuleFileError, match=r"http\.yaml:1: a file of api 'wikijs' must be under wikijs/"):
        load_rules(tmp_path)


@pytest.mark.parametrize(
    ("name", "rule_id", "home"),
    [
        ("kontent/limits.yaml", "kontent.http.example", "kontent/http.yaml"),
        ("kontent/http.yaml", "kontent.query.example", "kontent/query.yaml"),
        ("kontent/http.yaml", "kontent.httpx.example", "kontent/httpx.yaml"),
    ],
)
def test_a_rule_id_must_name_its_file(tmp_path: Path, name: str, rule_id: str, home: str) -> None:
    """``--rule`` ids are a user contract: the file follows the id, never the other way round."""
    write_rules(tmp_path, VALID_RULE.replace("kontent.http.example", rule_id), name)
    with pytest.raises(RuleFileError, match=rf"4: rule id '{re.escape(rule_id)}' must start with .*belongs in {home}"):
        load_rules(tmp_path)


def test_duplicate_ids_are_refused(tmp_path: Path) -> None:
    rule = VALID_RULE.partition("rules:\n")[2]
    write_rules(tmp_path, VALID_RULE + rule)
    with pytest.raises(
        RuleFileError, match=r"http\.yaml:10: duplicate rule id kontent\.http\.example \(first at .*http\.yaml:4\)"
    ):
        load_rules(tmp_path)


def test_deviation_that_does_not_fit_the_kind_is_refused(tmp_path: Path) -> None:
    text = VALID_RULE + "    deviations:\n      - {implementation: x, note: y, data: {bogus: 1}}\n"
    write_rules(tmp_path, text)
    with pytest.raises(RuleFileError, match="bogus"):
        load_rules(tmp_path)


def test_deviations_apply_per_implementation() -> None:
    rules = default_rules()
    documented = rules["wikijs.response_status.shape"].data_as(ResponseStatus).success
    observed = rules.as_implemented_by("2.5.314")["wikijs.response_status.shape"].data_as(ResponseStatus).success
    assert (documented.slug, observed.slug) == ("success", "ok")
    assert observed.message_for("pages.delete") == "Page has been deleted."
    assert rules.implementation == DOCS and rules.as_implemented_by("2.5.314").implementation == "2.5.314"


def test_overrides_and_unknown_ids() -> None:
    rules = default_rules()
    broken = rules.with_overrides({"kontent.http.max_body": {"status": 400}})
    assert broken["kontent.http.max_body"].data_as(RequestLimit).status == 400
    assert rules["kontent.http.max_body"].data_as(RequestLimit).status != 400
    with pytest.raises(UnknownRuleError):
        rules["kontent.nope"]


def test_error_table_matches_the_docs_character_for_character() -> None:
    table = re.findall(r"^\| (\d{4}) \| (\w+) \| (.+?) \|$", SEED.read_text(encoding="utf-8"), flags=re.M)
    encoded = {r.data_as(ErrorCode).code: r.data_as(ErrorCode) for r in default_rules().of_kind("error_code")}
    assert len(table) == len(encoded)
    for code, slug, message in table:
        assert (encoded[int(code)].slug, encoded[int(code)].message) == (slug, message.strip())
