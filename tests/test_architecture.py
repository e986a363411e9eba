"""The layers of the code: the domain and application import nothing from the views or the API."""

from __future__ import annotations

import ast
from pathlib import Path

import gcm_process

PACKAGE = Path(gcm_process.__file__).parent


def _imported_modules(path: Path) -> set[str]:
    modules: set[str] = set()
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
        if isinstance(node, ast.Import):
            modules.update(alias.name for alias in node.names)
        elif isinstance(node, ast.ImportFrom) and node.module and node.level == 0:
            modules.add(node.module)
    return modules


def test_gcm_process_imports_nothing_from_projections_or_api() -> None:
    offenders = {
        str(path.relative_to(PACKAGE)): sorted(
            m for m in _imported_modules(path) if m.split(".")[0] in ("projections", "api")
        )
        for path in PACKAGE.rglob("*.py")
    }
    assert {k: v for k, v in offenders.items() if v} == {}


def test_the_check_sees_an_offending_import(tmp_path: Path) -> None:
    module = tmp_path / "m.py"
    module.write_text("from projections import queries\nimport api.app\n", encoding="utf-8")
    assert _imported_modules(module) == {"projections", "api.app"}
