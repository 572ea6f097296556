"""The house rules of ../shared/design/ARCHITECTURE.md that a reader can check by looking at the
files (issue 15): no module under tui/ or store/ over 600 lines; all layout and colour in
tui/cockpit.tcss (DEFAULT_CSS only in reusable widgets, never in a screen); no "module:Class"
strings naming code to import. (The layers' imports are checked in test_import_hygiene.py.)"""

from __future__ import annotations

import ast
import re
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
SOURCES = sorted(p for base in ("tui", "store") for p in (ROOT / base).rglob("*.py") if "__pycache__" not in p.parts)


def test_no_module_is_over_600_lines():
    long = {str(p.relative_to(ROOT)): n for p in SOURCES if (n := len(p.read_text().splitlines())) > 600}
    assert not long, long


def test_screens_keep_their_css_in_cockpit_tcss():
    with_css = []
    for path in sorted((ROOT / "tui" / "screens").glob("*.py")):
        for node in ast.walk(ast.parse(path.read_text())):
            if isinstance(node, ast.ClassDef) and any(
                    isinstance(t, ast.Name) and t.id == "DEFAULT_CSS"
                    for stmt in node.body if isinstance(stmt, ast.Assign) for t in stmt.targets):
                with_css.append(f"{path.name}:{node.name}")
    assert not with_css, with_css


def test_no_code_is_named_by_a_module_colon_class_string():
    pattern = re.compile(r"""["'](?:tui|store)(?:\.\w+)+:[A-Z]\w*["']""")
    found = [f"{p.relative_to(ROOT)}:{n}" for p in SOURCES
             for n, line in enumerate(p.read_text().splitlines(), 1) if pattern.search(line)]
    assert not found, found

