"""The controller and the store are plain Python: importing them, opening a database and changing a
setting in a fresh interpreter never loads Textual or Rich."""

from __future__ import annotations

import ast
import json
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]

PROBE = """
import json, pkgutil, importlib, sys
import store, tui.controller
from tui.controller import Controller
# every module under tui/controller and store, not only what __init__ pulls in
for pkg in (store, tui.controller):
    for info in pkgutil.walk_packages(pkg.__path__, pkg.__name__ + "."):
        importlib.import_module(info.name)
c = Controller.open(sys.argv[1])
c.set("Vehicle.Cabin.Infotainment.Media.Volume", 40)
c.undo()
c.close()
print(json.dumps(sorted(m for m in sys.modules if m.split(".")[0] in ("textual", "rich"))))
"""


def test_controller_and_store_never_load_textual_or_rich(tmp_path):
    result = subprocess.run(
        [sys.executable, "-c", PROBE, str(tmp_path / "cockpit.db")],
        capture_output=True, text=True, cwd=ROOT, timeout=120,
    )
    assert result.returncode == 0, result.stderr
    assert json.loads(result.stdout.strip().splitlines()[-1]) == []


def test_no_source_file_under_controller_or_store_imports_them():
    """Also catches an import inside a function that the probe above did not happen to run."""
    offenders = []
    for folder in (ROOT / "tui" / "controller", ROOT / "store"):
        for source in folder.rglob("*.py"):
            for node in ast.walk(ast.parse(source.read_text(encoding="utf-8"))):
                names = []
                if isinstance(node, ast.Import):
                    names = [a.name for a in node.names]
                elif isinstance(node, ast.ImportFrom) and node.module and node.level == 0:
                    names = [node.module]
                for name in names:
                    if name.split(".")[0] in ("textual", "rich"):
                        offenders.append(f"{source.relative_to(ROOT)}: {name}")
    assert offenders == []


def _imports(source: Path) -> list[str]:
    names = []
    for node in ast.walk(ast.parse(source.read_text(encoding="utf-8"))):
        if isinstance(node, ast.Import):
            names += [a.name for a in node.names]
        elif isinstance(node, ast.ImportFrom) and node.module and node.level == 0:
            names.append(node.module)
    return names


def _sources(*parts: str):
    for part in parts:
        path = ROOT / part
        yield from ([path] if path.is_file() else sorted(path.rglob("*.py")))


def test_the_layers_keep_their_contracts():
    """store imports nothing of tui; the controller no Textual, Rich, screen or widget, and names no
    screen in a string; screens, widgets and the app never touch the store."""
    broken = []
    for source in _sources("store"):
        broken += [f"{source.relative_to(ROOT)} imports {n}" for n in _imports(source) if n.split(".")[0] == "tui"]
    for source in _sources("tui/controller"):
        for name in _imports(source):
            if name.split(".")[0] in ("textual", "rich") or name.startswith(("tui.screens", "tui.widgets", "tui.app")):
                broken.append(f"{source.relative_to(ROOT)} imports {name}")
        for node in ast.walk(ast.parse(source.read_text(encoding="utf-8"))):
            if isinstance(node, ast.Constant) and isinstance(node.value, str) and node.value.startswith(
                    ("tui.screens", "tui.widgets", "tui.app")):
                broken.append(f"{source.relative_to(ROOT)} names {node.value!r}")
    for source in _sources("tui/screens", "tui/widgets", "tui/app.py"):
        for name in _imports(source):
            if name.split(".")[0] == "store":
                broken.append(f"{source.relative_to(ROOT)} imports {name}")
        for node in ast.walk(ast.parse(source.read_text(encoding="utf-8"))):
            if isinstance(node, ast.Attribute) and node.attr == "store":
                broken.append(f"{source.relative_to(ROOT)}:{node.lineno} reaches for .store")
    assert broken == []
