"""Size limits of the house rules, read from the source (an ast walk, no import runs): no module
over 400 lines and no function over 60, in every first-party package, the tests and the bench
included. A long module or function is where jobs pile up unseen; the limit makes the split
happen when the second job arrives, not in a later clean-up.
"""

from __future__ import annotations

import ast
from collections.abc import Iterator
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
MAX_MODULE_LINES = 400
MAX_FUNCTION_LINES = 60
SKIPPED_PARTS = frozenset({"node_modules", "__pycache__"})
"""Besides these, every hidden directory is skipped: tox's envs, caches, ``bench/.scratch``."""


def project_sources(root: Path) -> Iterator[Path]:
    for path in sorted(root.rglob("*.py")):
        parts = path.relative_to(root).parts
        if not any(part.startswith(".") or part in SKIPPED_PARTS for part in parts):
            yield path


def oversized(source: str, name: str) -> list[str]:
    """``name (N lines)`` when the module is too long, ``name:function (N lines)`` per function
    too long, nested functions included (a closure factory is a function like any other)."""
    found = []
    lines = len(source.splitlines())
    if lines > MAX_MODULE_LINES:
        found.append(f"{name} ({lines} lines)")
    for node in ast.walk(ast.parse(source)):
        if isinstance(node, ast.FunctionDef | ast.AsyncFunctionDef):
            length = (node.end_lineno or node.lineno) - node.lineno + 1
            if length > MAX_FUNCTION_LINES:
                found.append(f"{name}:{node.name} ({length} lines)")
    return found


def _function_of(lines: int) -> str:
    return "def f() -> None:\n" + "    x = 1\n" * (lines - 1)


def test_the_detector_names_a_long_module_and_a_long_function() -> None:
    assert oversized(_function_of(MAX_FUNCTION_LINES), "m.py") == []
    assert oversized(_function_of(MAX_FUNCTION_LINES + 1), "m.py") == [f"m.py:f ({MAX_FUNCTION_LINES + 1} lines)"]
    inner = _function_of(MAX_FUNCTION_LINES + 1).splitlines()
    nested = "async def outer() -> None:\n" + "".join(f"    {line}\n" for line in inner)
    assert oversized(nested, "m.py") == [
        f"m.py:outer ({MAX_FUNCTION_LINES + 2} lines)",
        f"m.py:f ({MAX_FUNCTION_LINES + 1} lines)",
    ]
    long_module = "x = 1\n" * (MAX_MODULE_LINES + 1)
    assert oversized(long_module, "m.py") == [f"m.py ({MAX_MODULE_LINES + 1} lines)"]


def test_the_walk_skips_hidden_and_vendored_directories(tmp_path: Path) -> None:
    for relative in ("pkg/a.py", ".tox/env/b.py", "bench/.scratch/c.py", "x/node_modules/d.py"):
        (tmp_path / relative).parent.mkdir(parents=True, exist_ok=True)
        (tmp_path / relative).write_text("", encoding="utf-8")
    assert [path.relative_to(tmp_path).as_posix() for path in project_sources(tmp_path)] == ["pkg/a.py"]


def test_no_module_or_function_is_too_long() -> None:
    offenders = [
        found
        for path in project_sources(ROOT)
        for found in oversized(path.read_text(encoding="utf-8"), path.relative_to(ROOT).as_posix())
    ]
    assert not offenders, (
        f"split these (at most {MAX_MODULE_LINES} lines a module, {MAX_FUNCTION_LINES} a function):\n"
        + "\n".join(offenders)
    )
