"""Import rules between the packages, read from the source (an ast walk, no import runs):

- a test module (``test_*.py`` under ``suites/`` or ``tests/``) never imports another test
  module: what two tests share lives in a module of its own, so pytest collects each test once
  and a helper can be found without knowing which test happens to hold it;
- ``load/``, ``reliability/`` and ``harness/`` never import the test package ``suites``: what
  they share with it is in ``harness/``;
- only the plugin reads the command line: a suite asks ``run_options(config)`` (``.live``) or its
  target's ``embedded``, so an option has one meaning.
"""

from __future__ import annotations

import ast
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]
TEST_TREES = ("suites", "tests")
OUTSIDE_SUITES = ("harness", "load", "reliability")
PLUGIN = ROOT / "suites" / "plugin"


def imported_modules(source: str, package: str) -> set[str]:
    """Every module an ``import`` or ``from ... import`` names, relative ones resolved against
    ``package``; ``from a import b`` names both ``a`` and ``a.b`` (``b`` may be a module)."""
    found: set[str] = set()
    for node in ast.walk(ast.parse(source)):
        if isinstance(node, ast.Import):
            found.update(alias.name for alias in node.names)
        elif isinstance(node, ast.ImportFrom):
            base = package.split(".")[: len(package.split(".")) - node.level + 1] if node.level else []
            module = ".".join([*base, *([node.module] if node.module else [])])
            found.add(module)
            found.update(f"{module}.{alias.name}" for alias in node.names)
    return found


def _module_name(path: Path) -> str:
    return ".".join(path.relative_to(ROOT).with_suffix("").parts)


def _is_test_module(module: str) -> bool:
    return module.split(".")[0] in TEST_TREES and module.rsplit(".", 1)[-1].startswith("test_")


def _sources(*trees: str) -> list[Path]:
    return sorted(path for tree in trees for path in (ROOT / tree).rglob("*.py"))


def test_the_detector_sees_direct_relative_and_from_imports() -> None:
    source = "import suites.wikijs.test_auth\nfrom suites.kontent import test_preview\nfrom .test_x import y\n"
    found = imported_modules(source, "tests.suites")
    assert {"suites.wikijs.test_auth", "suites.kontent.test_preview", "tests.suites.test_x"} <= found
    assert all(_is_test_module(module) for module in ("suites.wikijs.test_auth", "tests.suites.test_x"))
    assert not _is_test_module("suites.kontent.preview")


@pytest.mark.parametrize("tree", TEST_TREES)
def test_no_test_module_imports_another_test_module(tree: str) -> None:
    offenders = []
    for path in _sources(tree):
        module = _module_name(path)
        if not _is_test_module(module):
            continue
        package = module.rsplit(".", 1)[0]
        imported = imported_modules(path.read_text(encoding="utf-8"), package)
        offenders += [f"{module} imports {name}" for name in sorted(imported) if _is_test_module(name)]
    assert not offenders, "move what tests share into a module that is not a test:\n" + "\n".join(offenders)


def test_the_shared_packages_never_import_the_suites() -> None:
    offenders = []
    for path in _sources(*OUTSIDE_SUITES):
        module = _module_name(path)
        imported = imported_modules(path.read_text(encoding="utf-8"), module.rsplit(".", 1)[0])
        offenders += [f"{module} imports {name}" for name in sorted(imported) if name.split(".")[0] == "suites"]
    assert not offenders, "load/, reliability/ and harness/ import from harness/, not suites:\n" + "\n".join(offenders)


def option_reads(source: str) -> list[int]:
    """Lines calling ``<anything>.getoption(...)``."""
    return [
        node.lineno
        for node in ast.walk(ast.parse(source))
        if isinstance(node, ast.Call) and isinstance(node.func, ast.Attribute) and node.func.attr == "getoption"
    ]


def test_the_detector_sees_option_reads() -> None:
    assert option_reads('if request.config.getoption("target_url"):\n    pass\n') == [1]


def test_only_the_plugin_reads_options() -> None:
    offenders = [
        f"{path.relative_to(ROOT)}:{line}"
        for path in _sources("suites")
        if PLUGIN not in path.parents
        for line in option_reads(path.read_text(encoding="utf-8"))
    ]
    assert not offenders, "read suites.run_options.run_options(config) instead of getoption:\n" + "\n".join(offenders)
