"""The suites reach targets over HTTP only: no suite module may import the mock."""

from __future__ import annotations

import ast
from pathlib import Path

SUITES = Path(__file__).resolve().parents[2] / "suites"


def imported_modules(path: Path) -> set[str]:
    tree = ast.parse(path.read_text(encoding="utf-8"))
    names: set[str] = set()
    for node in ast.walk(tree):
        if isinstance(node, ast.Import):
            names.update(alias.name for alias in node.names)
        elif isinstance(node, ast.ImportFrom) and node.module:
            names.add(node.module)
    return names


def test_no_suite_module_imports_the_mock() -> None:
    offenders = {
        str(path.relative_to(SUITES)): sorted(m for m in imported_modules(path) if m.split(".")[0] == "mock_server")
        for path in SUITES.rglob("*.py")
    }
    assert not {path: modules for path, modules in offenders.items() if modules}
