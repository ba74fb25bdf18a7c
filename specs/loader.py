"""Load, validate and type the YAML rule files under ``specs/<api>/``.

Validation errors name the file and the line of the offending node, because the people who
edit these files are reading the docs, not the loader's code.
"""

from __future__ import annotations

import hashlib
import json
import sys
from collections.abc import Iterable, Iterator, Mapping
from dataclasses import dataclass
from functools import cache
from pathlib import Path
from typing import Any

import jsonschema
import yaml

from specs.errors import RuleFileError, UnknownRuleError
from specs.model import DOCS, Deviation, Level, Pending, Rule, RuleData, Source, build_data, freeze

SPECS_DIR = Path(__file__).resolve().parent
SCHEMA_FILE = SPECS_DIR / "schema" / "rules.schema.json"
SAFE_LOADER: type[yaml.SafeLoader] = getattr(yaml, "CSafeLoader", yaml.SafeLoader)
"""libyaml's safe loader when PyYAML has it: every mock and every suite process loads the rules,
and the pure-Python parser is ten times slower."""


@cache
def _validator() -> jsonschema.protocols.Validator:
    """The rule files' validator. The schema itself is checked against its metaschema by a harness
    test (tests/specs), not here: every mock and suite process loads the rules."""
    schema = json.loads(SCHEMA_FILE.read_text(encoding="utf-8"))
    validator: jsonschema.protocols.Validator = jsonschema.validators.validator_for(schema)(schema)
    return validator


VALIDATED_DIR = SPECS_DIR / "__pycache__" / "validated"
"""Empty marker files, one per (schema, rule file) content that passed validation. Checking the
schema costs four fifths of loading the rules, and every mock and suite process loads them
(the meta-tests start hundreds); a marker names a content hash, so an edited file or schema is
validated again, and an invalid one never gets a marker."""


@cache
def _schema_digest() -> bytes:
    return hashlib.sha256(SCHEMA_FILE.read_bytes()).digest()


def _validation_marker(text: str) -> Path:
    return VALIDATED_DIR / hashlib.sha256(_schema_digest() + text.encode("utf-8")).hexdigest()


def _remember_valid(marker: Path) -> None:
    """Like bytecode, markers are a cache: not written where bytecode may not be, and a
    read-only checkout only means validating again."""
    if sys.dont_write_bytecode:
        return
    try:
        marker.parent.mkdir(parents=True, exist_ok=True)
        marker.touch()
    except OSError:
        return


def _node_at(node: yaml.Node, path: Iterable[str | int]) -> yaml.Node:
    """Walk a composed YAML node tree along a JSON path, as deep as it goes."""
    for step in path:
        if isinstance(node, yaml.MappingNode):
            child = next((v for k, v in node.value if k.value == step), None)
            if child is None:
                break
            node = child
        elif isinstance(node, yaml.SequenceNode) and isinstance(step, int) and step < len(node.value):
            node = node.value[step]
        else:
            break
    return node


def _line(root: yaml.Node | None, path: Iterable[str | int]) -> int | None:
    if root is None:
        return None
    return _node_at(root, path).start_mark.line + 1


def _describe(error: jsonschema.ValidationError) -> str:
    where = "/".join(str(p) for p in error.absolute_path) or "(top level)"
    best = jsonschema.exceptions.best_match([error])
    return f"at {where}: {best.message}"


def load_file(path: Path) -> list[Rule]:
    """Parse one rule file; raise :class:`RuleFileError` with file and line on any problem."""
    name = _display(path)
    text = path.read_text(encoding="utf-8")
    try:
        root = yaml.compose(text, Loader=SAFE_LOADER)
        document = yaml.load(text, Loader=SAFE_LOADER)
    except yaml.MarkedYAMLError as exc:
        # The context mark is where the broken construct starts (an unclosed "{"), which is
        # where a person has to look; the problem mark is often just the end of the file.
        mark = exc.context_mark or exc.problem_mark
        context = f" ({exc.context})" if exc.context else ""
        raise RuleFileError(name, mark.line + 1 if mark else None, f"YAML syntax: {exc.problem}{context}") from exc
    marker = _validation_marker(text)
    if not marker.exists():
        errors = sorted(_validator().iter_errors(document), key=lambda e: list(e.absolute_path))
        if errors:
            # Deepest error first: "data/max: -1 is less than 1" beats "rule is not valid".
            error = max(errors, key=lambda e: len(e.absolute_path))
            raise RuleFileError(name, _line(root, error.absolute_path), _describe(error))
        _remember_valid(marker)
    if document["api"] != path.parent.name:
        raise RuleFileError(
            name, _line(root, ["api"]), f"a file of api {document['api']!r} must be under {document['api']}/"
        )
    rules = []
    for index, raw in enumerate(document["rules"]):
        line = _line(root, ["rules", index]) or 0
        _check_place(raw["id"], path, name, line)
        rules.append(_build_rule(document, raw, name, line))
    return rules


def _check_place(rule_id: str, path: Path, name: str, line: int) -> None:
    """A rule ``<api>.<area>.<name>`` lives in ``<api>/<area>.yaml``: ids are what users pass to
    ``--rule`` and what every place that serves a rule names, so the id alone must say where its
    file is."""
    prefix = f"{path.parent.name}.{path.stem}."
    if not rule_id.startswith(prefix):
        api, _, rest = rule_id.partition(".")
        raise RuleFileError(
            name,
            line,
            f"rule id {rule_id!r} must start with {prefix!r} (it belongs in {api}/{rest.partition('.')[0]}.yaml)",
        )


def _build_rule(document: Mapping[str, Any], raw: Mapping[str, Any], name: str, line: int) -> Rule:
    kind = raw["kind"]
    try:
        data = build_data(kind, raw["data"])
        deviations = tuple(
            Deviation(d["implementation"], d["note"], freeze(d["data"]), d.get("evidence"))
            for d in raw.get("deviations", ())
        )
        for deviation in deviations:  # an override that does not fit the kind is a file error
            build_data(kind, {**raw["data"], **deviation.data})
    except TypeError as exc:
        raise RuleFileError(name, line, f"rule {raw['id']}: {exc}") from exc
    pending = raw.get("pending")
    return Rule(
        id=raw["id"],
        api=document["api"],
        area=document["area"],
        level=Level(raw["level"]),
        summary=raw["summary"],
        source=Source(**raw["source"]),
        kind=kind,
        data=data,
        file=name,
        line=line,
        assumption=raw.get("assumption"),
        pending=Pending(**pending) if pending else None,
        deviations=deviations,
    )


def _display(path: Path) -> str:
    try:
        return str(path.resolve().relative_to(SPECS_DIR.parent))
    except ValueError:
        return str(path)


@dataclass(frozen=True)
class RuleSet:
    """All rules of a run, addressable by id; the one source of truth for mock and suites."""

    rules: Mapping[str, Rule]
    implementation: str = DOCS

    def __iter__(self) -> Iterator[Rule]:
        return iter(self.rules.values())

    def __len__(self) -> int:
        return len(self.rules)

    def __contains__(self, rule_id: object) -> bool:
        return rule_id in self.rules

    def __getitem__(self, rule_id: str) -> Rule:
        try:
            return self.rules[rule_id]
        except KeyError:
            raise UnknownRuleError(f"no rule {rule_id!r} in specs/") from None

    def data(self, rule_id: str) -> RuleData:
        return self[rule_id].data

    def for_api(self, api: str) -> RuleSet:
        return RuleSet({k: r for k, r in self.rules.items() if r.api == api}, self.implementation)

    def of_kind(self, kind: str) -> list[Rule]:
        return [r for r in self if r.kind == kind]

    def only(self, kind: str) -> Rule:
        """The one rule of ``kind`` (call on one API's rules): a kind several APIs or files
        define twice would make "the" GET parameter names or CORS policy ambiguous."""
        found = self.of_kind(kind)
        if len(found) != 1:
            raise UnknownRuleError(f"expected exactly one {kind} rule, found {[r.id for r in found]}")
        return found[0]

    def as_implemented_by(self, implementation: str) -> RuleSet:
        """Every rule as a named implementation answers it, for ``--emulate`` and live runs."""
        return RuleSet({k: r.as_implemented_by(implementation) for k, r in self.rules.items()}, implementation)

    def with_overrides(self, overrides: Mapping[str, Mapping[str, Any]]) -> RuleSet:
        changed = dict(self.rules)
        for rule_id, data in overrides.items():
            changed[rule_id] = self[rule_id].with_data(data)
        return RuleSet(changed, self.implementation)


def load_rules(directory: Path = SPECS_DIR) -> RuleSet:
    """Load every ``*.yaml`` under ``directory/<api>/``; ids must be unique across files."""
    rules: dict[str, Rule] = {}
    for path in sorted(directory.glob("*/*.yaml")):
        for rule in load_file(path):
            if rule.id in rules:
                first = rules[rule.id]
                raise RuleFileError(
                    rule.file, rule.line, f"duplicate rule id {rule.id} (first at {first.file}:{first.line})"
                )
            rules[rule.id] = rule
    return RuleSet(rules)


@cache
def default_rules() -> RuleSet:
    """The rule files shipped in this repository, loaded once per process."""
    return load_rules()
