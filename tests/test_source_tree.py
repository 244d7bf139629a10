"""The shape of the code, read from the source tree, so that it stays the shape the architecture
notes describe (docs/architecture.md):

- apps import down the house, never up (migrations excepted: they name other apps' migrations);
- no Python file outside migrations is over 600 lines, tests included;
- view modules hold no queries (`.objects`) and no role tests: they ask their app's selectors and
  its one rules module;
- every app has its one rules module.
"""

from __future__ import annotations

import ast
import re
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
# Lowest first. `leep` is wiring: it may import any app, and no app imports it except its own
# infrastructure (settings-level modules such as leep.celery and leep.middleware).
HOUSE = ["partnership", "schools", "consultation", "inclusion", "support", "governance"]
MAX_LINES = 600
SKIPPED = {".venv", "node_modules", "static", "staticfiles", ".git", "__pycache__"}


def python_files() -> list[Path]:
    return sorted(
        path
        for path in ROOT.rglob("*.py")
        if not SKIPPED.intersection(path.relative_to(ROOT).parts)
        and "migrations" not in path.relative_to(ROOT).parts
    )


def app_of(path: Path) -> str | None:
    first = path.relative_to(ROOT).parts[0]
    return first if first in HOUSE else None


def is_view_module(path: Path) -> bool:
    parts = path.relative_to(ROOT).parts
    if "tests" in parts or app_of(path) is None:
        return False
    name = path.stem
    return "views" in parts[:-1] or name == "views" or name.startswith("views_") or name.endswith("_views")


def imported_apps(path: Path) -> set[str]:
    tree = ast.parse(path.read_text())
    names = set()
    for node in ast.walk(tree):
        if isinstance(node, ast.Import):
            names.update(alias.name.split(".")[0] for alias in node.names)
        elif isinstance(node, ast.ImportFrom) and node.level == 0 and node.module:
            names.add(node.module.split(".")[0])
    return names & set(HOUSE)


def test_the_tree_is_found():
    files = python_files()
    assert len(files) > 200
    assert any(is_view_module(path) for path in files)


@pytest.mark.parametrize("app", HOUSE)
def test_apps_import_down_the_house_never_up(app):
    higher = set(HOUSE[HOUSE.index(app) + 1 :])
    upward = {
        str(path.relative_to(ROOT)): sorted(imported_apps(path) & higher)
        for path in python_files()
        if app_of(path) == app and "tests" not in path.relative_to(ROOT).parts
    }
    assert {path: apps for path, apps in upward.items() if apps} == {}


def test_no_python_file_outside_migrations_is_over_600_lines():
    long = {
        str(path.relative_to(ROOT)): count
        for path in python_files()
        if (count := len(path.read_text().splitlines())) > MAX_LINES
    }
    assert long == {}


def test_no_view_module_builds_a_query():
    querying = {
        str(path.relative_to(ROOT)): [
            n for n, line in enumerate(path.read_text().splitlines(), 1) if ".objects" in line
        ]
        for path in python_files()
        if is_view_module(path)
    }
    assert {path: lines for path, lines in querying.items() if lines} == {}


# A role test written in a view: the person's roles or schools looked at directly, or a literal
# set of roles. Views ask their app's rules module instead.
ROLE_TEST = re.compile(
    r"ctx\.is_la\b|\.has_any\(|in ctx\.roles|ctx\.school_ids\(|require_roles\(|roles=[\[{]|Role\.[A-Z_]+"
)


def test_no_view_module_tests_a_role_itself():
    testing = {
        str(path.relative_to(ROOT)): [
            n for n, line in enumerate(path.read_text().splitlines(), 1) if ROLE_TEST.search(line)
        ]
        for path in python_files()
        if is_view_module(path)
    }
    assert {path: lines for path, lines in testing.items() if lines} == {}


@pytest.mark.parametrize("app", HOUSE)
def test_every_app_has_one_rules_module(app):
    assert (ROOT / app / "rules.py").is_file()
    assert not (ROOT / app / "access.py").exists() or app == "partnership"
