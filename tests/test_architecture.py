"""The layers of the code, seen by every import edge.

The domain and application import nothing from the views or the API; the one
exception is the command line's composition root, which imports each command
where it is invoked. Nothing imports the root back.
"""

from __future__ import annotations

import ast
from pathlib import Path

import gcm_process

PACKAGE = Path(gcm_process.__file__).parent
ROOT = PACKAGE.parent
COMPOSITION_ROOT = PACKAGE / "cli" / "__init__.py"
UPPER = ("projections", "api")


def _imported_modules(path: Path, top_level_only: bool = False) -> set[str]:
    tree = ast.parse(path.read_text(encoding="utf-8"))
    nodes = tree.body if top_level_only else list(ast.walk(tree))
    modules: set[str] = set()
    for node in nodes:
        if isinstance(node, ast.Import):
            modules.update(alias.name for alias in node.names)
        elif isinstance(node, ast.ImportFrom) and node.module and node.level == 0:
            modules.add(node.module)
    return modules


def test_gcm_process_imports_nothing_from_projections_or_api() -> None:
    offenders = {
        str(path.relative_to(PACKAGE)): sorted(
            m for m in _imported_modules(path) if m.split(".")[0] in UPPER
        )
        for path in PACKAGE.rglob("*.py")
        if path != COMPOSITION_ROOT
    }
    assert {k: v for k, v in offenders.items() if v} == {}


def test_the_composition_root_imports_the_upper_layers_only_where_a_command_is_invoked() -> None:
    top = _imported_modules(COMPOSITION_ROOT, top_level_only=True)
    assert {m for m in top if m.split(".")[0] in UPPER} == set()
    assert {m.split(".")[0] for m in _imported_modules(COMPOSITION_ROOT)} >= set(UPPER)


def test_nothing_imports_the_composition_root() -> None:
    sources = [
        p
        for package in ("gcm_process", "projections", "api")
        for p in (ROOT / package).rglob("*.py")
    ]
    offenders = sorted(
        str(path.relative_to(ROOT))
        for path in sources
        if path != COMPOSITION_ROOT and any(m == "gcm_process.cli" for m in _imported_modules(path))
    )
    assert offenders == []


def test_the_check_sees_an_offending_import(tmp_path: Path) -> None:
    module = tmp_path / "m.py"
    module.write_text(
        "from projections import queries\nimport api.app\ndef f():\n    import api.cli\n",
        encoding="utf-8",
    )
    assert _imported_modules(module) == {"projections", "api.app", "api.cli"}
    assert _imported_modules(module, top_level_only=True) == {"projections", "api.app"}
