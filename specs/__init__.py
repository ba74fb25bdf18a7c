"""Documented API rules as data: the YAML files, their JSON Schema and the typed loader."""

from specs.errors import RuleFileError, UnknownRuleError
from specs.loader import RuleSet, default_rules, load_file, load_rules
from specs.model import DOCS, Level, Rule

__all__ = [
    "DOCS",
    "Level",
    "Rule",
    "RuleFileError",
    "RuleSet",
    "UnknownRuleError",
    "default_rules",
    "load_file",
    "load_rules",
]
