"""Every writer works from the same events: counts agree, target text is escaped, runs compare."""

from __future__ import annotations

import html
import json
import re
import xml.etree.ElementTree as ET
from pathlib import Path
from urllib.parse import urlsplit

import pytest

from reports import compare
from reports.events import FAILED, PASSED, SKIPPED, OutcomeEvent, count_events, rule_outcomes, totals
from reports.html import AREA_TITLES, load_runs, render_html
from reports.json_summary import read_summary, write_summary
from reports.junit import junit_tree, write_junit
from reports.markdown import code_block, escape, render_markdown
from specs import default_rules
from specs.loader import SCHEMA_FILE
from suites.failure_text import falsifying_example
from suites.plugin import reporting
from suites.reproduce import assertion_diff
from tests.reports.samples import DOC_HOSTS, REPLAY, RUN, Structure, outside_code_blocks, sample_events


def test_all_writers_agree_on_counts(tmp_path: Path) -> None:
    events = sample_events()
    outcomes = rule_outcomes(default_rules(), events, ["kontent"])
    write_summary(tmp_path / "summary.json", RUN, outcomes, events)
    write_junit(tmp_path / "junit.xml", RUN, events)
    summary = json.loads((tmp_path / "summary.json").read_text())
    suite = ET.parse(tmp_path / "junit.xml").getroot().find("testsuite")
    assert suite is not None
    assert summary["test_totals"] == count_events(events) == {PASSED: 1, FAILED: 1, SKIPPED: 1}
    assert int(suite.get("tests", -1)) == len(events) == len(suite.findall("testcase"))
    assert int(suite.get("failures", -1)) == summary["test_totals"][FAILED]
    assert int(suite.get("skipped", -1)) == summary["test_totals"][SKIPPED]
    parser = Structure()
    parser.feed(render_html(RUN, outcomes, events))
    assert parser.rows == totals(outcomes) == summary["totals"]
    markdown = render_markdown(RUN, outcomes, events)
    rules_row = next(line for line in markdown.splitlines() if line.startswith("| rules |"))
    assert [int(cell) for cell in rules_row.strip("| ").split("|")[1:]] == [
        summary["totals"].get(o, 0) for o in ("failed", "passed", "skipped", "pending", "not_run")
    ]
    assert markdown.count("<details><summary>suites/") == summary["test_totals"][FAILED]
    case = next(c for c in suite.findall("testcase") if c.find("failure") is not None)
    failure = case.find("failure")
    assert failure is not None and "curl -sS" in (failure.text or "") and "Failing test case" in (failure.text or "")
    properties = {p.get("name"): p.get("value") for p in case.iter("property")}
    assert properties["rules"] == "kontent.http.max_body" and properties["seed"] == "7"


def test_html_escapes_target_text_and_allows_only_its_own_script() -> None:
    events = sample_events()
    page = render_html(RUN, rule_outcomes(default_rules(), events, ["kontent"]), events)
    assert "<script>window.pwned" not in page and "<img src=x" not in page and "</td></tr></table><img" not in page
    assert "&lt;script&gt;window.pwned=1&lt;/script&gt;" in page
    assert page.count("&lt;script&gt;window.pwned=1&lt;/script&gt;") >= 4  # message, target, example, reason
    parser = Structure()
    parser.feed(page)
    assert parser.tags["script"] == 1 and parser.tags.get("img", 0) == 0
    assert "window.pwned" not in "".join(parser.scripts)
    assert "script-src 'sha256-" in page
    # offline: nothing external is loaded (the only external addresses are links to the public docs)
    assert not re.search(r"""(src=|<link[^>]*href=)["']?https?:""", page)
    assert {urlsplit(u).netloc for u in re.findall(r'href="(https?://[^"]+)"', page)} <= DOC_HOSTS
    assert parser.tags["table"] == 1 + len(
        {(o.api, o.area) for o in rule_outcomes(default_rules(), [], ["kontent"]).values()}
    )


def test_markdown_escapes_target_text() -> None:
    events = sample_events()
    markdown = render_markdown(RUN, rule_outcomes(default_rules(), events, ["kontent"]), events)
    outside = outside_code_blocks(markdown)
    assert "<script" not in outside and "<img" not in outside and "<!--" not in outside
    assert "](javascript:" not in outside and "<script" in markdown  # the message is shown, fenced
    for line in markdown.splitlines():
        if line.startswith("| `"):
            assert line.count("|") - line.count("\\|") == 5, line  # four cells, pipes in text are escaped
    assert escape("a|b\nc <x>") == "a\\|b c &lt;x&gt;"
    block = code_block("x ``` y ```` z")
    assert block.startswith("`````\n") and block.endswith("\n`````")


def test_github_step_summary_is_appended(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    from reports.markdown import write_markdown

    step = tmp_path / "step.md"
    step.write_text("earlier\n")
    monkeypatch.setenv("GITHUB_STEP_SUMMARY", str(step))
    events = sample_events()
    text = write_markdown(tmp_path / "summary.md", RUN, rule_outcomes(default_rules(), events, ["kontent"]), events)
    assert step.read_text() == "earlier\n" + text + "\n"


def test_every_format_carries_the_failure_values(tmp_path: Path) -> None:
    """The failing check's exchange, pytest's comparison and both replay commands reach HTML, Markdown
    and JUnit as the values the event holds, not text parsed back from the terminal section."""
    from reports.markdown import write_markdown

    events = sample_events()
    outcomes = rule_outcomes(default_rules(), events, ["kontent"])
    page = render_html(RUN, outcomes, events)
    markdown = write_markdown(tmp_path / "summary.md", RUN, outcomes, events)
    junit = ET.tostring(junit_tree(RUN, events).getroot(), encoding="unicode")
    for text in (page, markdown, junit):
        assert "The failing check's exchange" in html.unescape(text)
        assert "assert 200 == 413" in text
    for command in REPLAY:
        assert command in html.unescape(page) and command in markdown


def test_reproduction_and_falsifying_example_are_found() -> None:
    longrepr = "\n".join(
        [
            "E   AssertionError: boom",
            "E   Falsifying example: test(",
            "E       offset=1,",
            "E   )",
            "E   Explanation:",
            "E       These lines were always and only run by failing test cases:",
        ]
    )
    assert falsifying_example(longrepr) == "Falsifying example: test(\n    offset=1,\n)"
    assert falsifying_example("E   AssertionError: boom") is None


def test_pytest_comparison_is_taken_after_the_oracle_message() -> None:
    longrepr = "\n".join(
        [
            ">       assert status == 413, explain(...)",
            "E       AssertionError: kontent.http.max_body [MUST]: expected 413",
            "E           exchange: POST ...",
            "E       assert 200 == 413",
            "E         +200",
            "E         -413",
            "",
            "suites/http/test_limits.py:40: AssertionError",
        ]
    )
    assert assertion_diff(longrepr) == "      assert 200 == 413\n        +200\n        -413"
    assert assertion_diff("E   AssertionError: boom") is None


def test_load_section_only_when_a_verdict_exists(tmp_path: Path) -> None:
    events = sample_events()
    outcomes = rule_outcomes(default_rules(), events, ["kontent"])
    assert load_runs(tmp_path) == [] and 'id="load"' not in render_html(RUN, outcomes, events)
    run_dir = tmp_path / "load" / "kontent-rate"
    run_dir.mkdir(parents=True)
    (run_dir / "verdict.json").write_text(json.dumps({"verdict": "passed", "p95_ms": 12, "note": "<b>x</b>"}))
    (run_dir / "plot.svg").write_text("<svg xmlns='http://www.w3.org/2000/svg'><script>alert(1)</script></svg>")
    page = render_html(RUN, outcomes, events, load_runs(tmp_path))
    assert 'id="load"' in page and "&lt;b&gt;x&lt;/b&gt;" in page
    assert 'kontent-rate <span class="outcome passed">passed</span>' in page
    assert 'src="data:image/svg+xml;base64,' in page  # an <img>: scripts in an SVG image never run


def test_a_load_verdict_shows_its_rule_checks(tmp_path: Path) -> None:
    events = sample_events()
    outcomes = rule_outcomes(default_rules(), events, ["kontent"])
    run_dir = tmp_path / "load" / "kontent-ci"
    run_dir.mkdir(parents=True)
    check = {"check": "a retry after Retry-After succeeds", "passed": False, "detail": "1 of 2 `<refused>`"}
    verdict = {"verdict": "fail", "rules": [{"rule": "kontent.rate.retry_after", "level": "MUST", "checks": [check]}],
               "description": "Plan `ci` (24 s) with a stray ` backtick", "figures": {"peak_ru": 10}}  # fmt: skip
    (run_dir / "verdict.json").write_text(json.dumps(verdict))
    page = render_html(RUN, outcomes, events, load_runs(tmp_path))
    assert 'kontent-ci <span class="outcome failed">fail</span>' in page and "a retry after Retry-After" in page
    assert '<span class="level MUST">MUST</span>' in page and '<span class="outcome failed">failed</span>' in page
    assert "1 of 2 <code>&lt;refused&gt;</code>" in page and "<th>peak ru</th><td>10</td>" in page
    assert "Plan `ci` (24 s) with a stray ` backtick" in page  # unpaired: no code span, nothing lost


def test_compare_prints_what_changed_per_rule(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    rules = default_rules()
    old_events = [OutcomeEvent("a", ("kontent.http.max_body",), PASSED, 0.1, 1, 1)]
    new_events = [
        OutcomeEvent("a", ("kontent.http.max_body",), FAILED, 0.1, 1, 1),
        OutcomeEvent("b", ("kontent.http.max_url",), PASSED, 0.1, 1, 1),
    ]
    write_summary(tmp_path / "old.json", RUN, rule_outcomes(rules, old_events, ["kontent"]), old_events)
    write_summary(tmp_path / "new.json", RUN, rule_outcomes(rules, new_events, ["kontent"]), new_events)
    old, new = read_summary(tmp_path / "old.json"), read_summary(tmp_path / "new.json")
    assert [(c.rule_id, c.old, c.new) for c in compare.changes(old, new)] == [
        ("kontent.http.max_body", "passed", "failed"),
        ("kontent.http.max_url", "not_run", "passed"),
    ]
    assert new.events == new_events
    assert compare.main([str(tmp_path / "old.json"), str(tmp_path / "new.json")]) == 0
    assert compare.main([str(tmp_path / "old.json"), str(tmp_path / "new.json"), "--fail-on-regression"]) == 1
    printed = capsys.readouterr().out
    assert "kontent.http.max_body" in printed and "REGRESSION" in printed and "not_run   -> passed" in printed


def test_only_the_default_report_shows_the_load_checks_own_runs(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """``gqlconf load`` writes reports/load/<run>/: the default report shows those runs, a report
    written to another directory (a CI job's, a test's) only the runs put under it."""
    load_reports = tmp_path / "reports" / "load"
    (load_reports / "kontent-rate").mkdir(parents=True)
    (load_reports / "kontent-rate" / "verdict.json").write_text(json.dumps({"verdict": "passed"}))
    default_dir = tmp_path / "reports" / "out"
    monkeypatch.setattr(reporting, "LOAD_REPORTS", load_reports)
    monkeypatch.setattr(reporting, "DEFAULT_REPORT_DIR", default_dir)
    events = sample_events()
    outcomes = rule_outcomes(default_rules(), events, ["kontent"])
    for report_dir, shown in ((tmp_path / "elsewhere", False), (default_dir, True)):
        report_dir.mkdir(parents=True)
        reporting.write_reports(report_dir, RUN, outcomes, events, user_junit=None)
        assert ('id="load"' in (report_dir / "report.html").read_text(encoding="utf-8")) is shown, report_dir


def test_every_area_a_spec_may_name_is_used_and_titled() -> None:
    """An area in the schema that no spec file uses is dead; one without a title shows its raw key."""
    allowed = set(json.loads(SCHEMA_FILE.read_text(encoding="utf-8"))["properties"]["area"]["enum"])
    used = {rule.area for rule in default_rules()}
    assert allowed == used == set(AREA_TITLES)
