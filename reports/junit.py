"""JUnit XML from the outcome events: one testcase per test, rules and seed as properties."""

from __future__ import annotations

import re
import xml.etree.ElementTree as ET
from collections.abc import Iterable, Mapping
from pathlib import Path
from typing import Any

from reports.events import FAILED, SKIPPED, OutcomeEvent, count_events
from reports.html import exchange_heading

# XML 1.0 cannot carry most control characters, whatever the escaping; a target may send them.
_ILLEGAL_XML = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\ud800-\udfff\ufffe\uffff]")


def _clean(text: object) -> str:
    return _ILLEGAL_XML.sub("\ufffd", str(text))


def failure_text(event: OutcomeEvent) -> str:
    parts = [event.message or "failed"]
    if event.diff:
        parts += ["", event.diff]
    if event.exchange:
        parts += ["", f"{exchange_heading(event)}: {event.exchange}"]
    if event.example:
        parts += ["", "Minimal failing example:", event.example]
    if event.reproduce:
        parts += ["", event.reproduce]
    return "\n".join(parts)


def junit_tree(run: Mapping[str, Any], events: Iterable[OutcomeEvent]) -> ET.ElementTree[ET.Element]:
    events = list(events)
    counts = count_events(events)
    suite = ET.Element(
        "testsuite",
        {
            "name": "conformance",
            "tests": str(len(events)),
            "failures": str(counts.get(FAILED, 0)),
            "errors": "0",
            "skipped": str(counts.get(SKIPPED, 0)),
            "time": f"{sum(e.duration for e in events):.3f}",
            "timestamp": _clean(run.get("started", "")),
        },
    )
    properties = ET.SubElement(suite, "properties")
    for key in ("target_url", "implementation", "hypothesis_profile", "seed"):
        ET.SubElement(properties, "property", {"name": key, "value": _clean(run.get(key, ""))})
    for event in events:
        path, _, name = event.nodeid.partition("::")
        classname = path.removesuffix(".py").replace("/", ".")
        case = ET.SubElement(
            suite, "testcase", {"classname": _clean(classname), "name": _clean(name), "time": f"{event.duration:.3f}"}
        )
        case_properties = ET.SubElement(case, "properties")
        values = {
            "rules": " ".join(event.rules),
            "seed": event.seed or "",
            "examples": event.examples,
            "requests": event.requests,
            "target": event.target or "",
            "known_deviation": str(event.known_deviation).lower(),
        }
        for key, value in values.items():
            ET.SubElement(case_properties, "property", {"name": key, "value": _clean(value)})
        if event.outcome == FAILED:
            first_line = (event.message or "failed").splitlines()[0] if event.message else "failed"
            failure = ET.SubElement(case, "failure", {"message": _clean(first_line)})
            failure.text = _clean(failure_text(event))
        elif event.outcome == SKIPPED:
            ET.SubElement(case, "skipped", {"message": _clean(event.message or "skipped")})
    root = ET.Element("testsuites", {k: suite.attrib[k] for k in ("tests", "failures", "errors", "skipped", "time")})
    root.append(suite)
    ET.indent(root)
    return ET.ElementTree(root)


def write_junit(path: Path, run: Mapping[str, Any], events: Iterable[OutcomeEvent]) -> None:
    path.parent.mkdir(parents=True, exist_ok=True)
    junit_tree(run, events).write(path, encoding="utf-8", xml_declaration=True)
