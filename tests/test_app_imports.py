"""The apps do not import each other in a circle: accounts imports nothing from annotations, and the
helpers both need live below both in ``verifier.lib``, which imports neither app."""

from __future__ import annotations

import ast
from pathlib import Path

from django.conf import settings

ROOT = Path(settings.BASE_DIR)


def imported_packages(folder: str) -> dict[str, set[str]]:
    """Top-level package of every import (module level or inside functions) → the files importing it."""
    found: dict[str, set[str]] = {}
    for path in sorted((ROOT / folder).rglob("*.py")):
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"), filename=str(path))):
            if isinstance(node, ast.Import):
                names = [alias.name for alias in node.names]
            elif isinstance(node, ast.ImportFrom) and node.level == 0 and node.module:
                names = [node.module]
            else:
                continue
            for name in names:
                found.setdefault(name.split(".")[0], set()).add(str(path.relative_to(ROOT)))
    return found


def test_accounts_imports_nothing_from_annotations():
    assert "annotations" not in imported_packages("accounts"), imported_packages("accounts").get("annotations")


def test_the_apps_import_each_other_in_one_direction_at_most():
    accounts_to_annotations = "annotations" in imported_packages("accounts")
    annotations_to_accounts = "accounts" in imported_packages("annotations")
    assert not (accounts_to_annotations and annotations_to_accounts)


def test_the_shared_library_imports_neither_app():
    imports = imported_packages("verifier/lib")
    assert not {"accounts", "annotations"} & set(imports), imports


def test_the_scan_sees_imports_inside_functions(tmp_path, monkeypatch):
    (tmp_path / "pkg").mkdir()
    (tmp_path / "pkg" / "mod.py").write_text("def f():\n    from annotations.models import Claim\n")
    monkeypatch.setattr("tests.test_app_imports.ROOT", tmp_path)
    assert imported_packages("pkg") == {"annotations": {"pkg/mod.py"}}
