"""Hostile text in every text field of the app and every argument of the command line: empty, 1 MB,
control characters, right-to-left, emoji, combining marks, SQL-looking and path-looking strings.
Clear refusals, never a traceback, and nothing stored that should not be: no control or
direction-override characters, nothing enormous, every table still there, no stray files.

The fields are found at run time: every Input widget on every screen reachable from the home
tiles (tui.controller.menus.MENUS, and the screens their menu lists open), and the assistant bar.
The commands are found at run time by walking the click command tree (domain modules included).
"""

from __future__ import annotations

import json
import os
import sqlite3
import unicodedata
from pathlib import Path

import click
import pytest
from click.testing import CliRunner
from textual import events
from textual.widgets import Input

from tests.isolation import SANDBOX, entries
from tui.app import CockpitApp
from tui.cli import load_all_commands, main
from tui.controller import Controller
from tui.controller.clock import FakeClock
from tui.controller.menus import MENUS
from tui.screens.dialogs import ConfirmScreen
from tui.widgets.menu_list import MenuList
from tui.widgets.setting_list import SettingList

HOSTILE = {
    "empty": "",
    "blank": "   ",
    "huge": "x" * 1_000_000,
    "control": "\x00\x01\x1b[31mred\x07",
    "newline": "line\nbreak",
    "rtl": "\u202eevil\u202c",
    "arabic": "مرحبا بالعالم",
    "emoji": "🚗🔥" * 10,
    "combining": "e\u0301\u0301\u0301",
    "sql": "'; DROP TABLE vehicle_state; --",
    "sql_or": "\" OR 1=1 --",
    "path": "../../../../etc/passwd",
    "abs_path": "/dev/null",
    "win_path": "C:\\Windows\\System32",
}
BIDI = set("\u202a\u202b\u202c\u202d\u202e\u2066\u2067\u2068\u2069\u200e\u200f")
STATIC_TABLES = {"signals", "brands", "models", "_sqlite_migrations"}
LONGEST = 10_000


# ------------------------------------------------------------------------------ what is stored
def tables(db: Path) -> dict[str, set[tuple]]:
    conn = sqlite3.connect(f"file:{db}?mode=ro", uri=True)
    try:
        names = [r[0] for r in conn.execute(
            "SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite_%'")]
        out = {}
        for name in names:
            if name in STATIC_TABLES:
                out[name] = {(conn.execute(f'SELECT count(*) FROM "{name}"').fetchone()[0],)}
            else:
                out[name] = set(conn.execute(f'SELECT * FROM "{name}"').fetchall())
        return out
    finally:
        conn.close()


def bad_value(value) -> str | None:
    if isinstance(value, bytes):
        value = value.decode("utf-8", "replace")
    if not isinstance(value, str):
        return None
    if len(value) > LONGEST:
        return f"{len(value)} characters"
    for ch in value:
        if (unicodedata.category(ch) == "Cc" and ch not in "\n\t") or ch in BIDI:
            return f"character U+{ord(ch):04X}"
    if "line\nbreak" in value:
        return "a line break from typed text"
    return None


def stored_badly(before: dict, after: dict) -> list[str]:
    problems = [f"table {t} is gone" for t in before if t not in after]
    for table, rows in after.items():
        for row in rows - before.get(table, set()):
            for value in row:
                why = bad_value(value)
                if why:
                    problems.append(f"{table}: stored {why}: {str(value)[:60]!r}")
    return problems


def stray_files(folder: Path, known: set[str]) -> list[str]:
    """Files that appeared, but for the database, the car's own updates folder beside it (the
    Software Update tile keeps its signed metadata and slots there) and profile exports the text
    asked for by name (a file name may be SQL-looking or emoji; it may not hold control or
    text-direction marks)."""
    return sorted(str(p.relative_to(folder)) for p in folder.rglob("*")
                  if p.relative_to(folder).parts[0] not in (SANDBOX, "updates") and not p.is_dir() and p.name not in known and not p.name.startswith("cockpit.db") and not asked_export(p))


def asked_export(p: Path) -> bool:
    if any(not ch.isprintable() or ch in BIDI for ch in p.name) or not p.is_file():
        return False
    try:
        return json.loads(p.read_text(encoding="utf-8")).get("format") == "smartcockpit-profile"
    except (ValueError, OSError, AttributeError):
        return False


# ------------------------------------------------------------------------------ the app's text fields
async def open_route(app, pilot, route: tuple) -> bool:
    """route: ("assistant",) or (menu_id, item index, item index, ...). False when it no longer opens."""
    app.action_go_home()
    await pilot.pause()
    if route[0] == "assistant":
        await pilot.press("slash")
        await pilot.pause()
        return True
    app.open_menu(route[0])
    await pilot.pause()
    for step in route[1:]:
        lists = app.screen.query(MenuList)
        if not lists:
            return False
        menu = lists.first()
        # a step is the item's id where it has one (rows move as profiles and devices come and
        # go), else its position
        index = step
        if isinstance(step, str):
            ids = [menu.get_option_at_index(i).id for i in range(menu.option_count)]
            if step not in ids:
                return False
            index = ids.index(step)
        if index >= menu.option_count:
            return False
        before = app.screen
        menu.focus()
        menu.highlighted = index
        await pilot.press("enter")
        await pilot.pause()
        if app.screen is before:
            return False
    return True


async def find_fields(app, pilot, depth: int = 2) -> list[tuple[tuple, int]]:
    """(route, number of Input widgets) for every screen that has text fields: each menu, and
    depth-first each screen its menu lists open (value lists, SettingList, change values: skipped)."""
    found = [(("assistant",), 1)]
    seen: set[str] = set()

    async def visit(route: tuple) -> None:
        screen = app.screen
        if isinstance(screen, ConfirmScreen):
            return
        inputs = [w for w in screen.query(Input) if w.display]
        if inputs:
            found.append((route, len(inputs)))
        name = type(screen).__name__
        if name in seen or len(route) > depth:
            return
        seen.add(name)
        lists = [m for m in screen.query(MenuList) if not isinstance(m, SettingList)]
        if not lists:
            return
        menu = lists[0]
        for index in range(min(menu.option_count, 12)):
            if app.screen is not screen:
                break
            menu.focus()
            menu.highlighted = index
            await pilot.press("enter")
            await pilot.pause()
            if app.screen is not screen and app.screen in app.screen_stack:
                step = menu.get_option_at_index(index).id or index
                await visit((*route, step))
                while app.screen is not screen and len(app.screen_stack) > 1:
                    app.pop_screen()
                    await pilot.pause()

    for m in MENUS:
        app.action_go_home()
        await pilot.pause()
        app.open_menu(m.id)
        await pilot.pause()
        if type(app.screen).__name__ != "HomeScreen":
            await visit((m.id,))
    return found


async def back_at_the_wheel(app, pilot, driver) -> None:
    """Finding the fields walked every menu item, switching profile on the way (Enter on a profile
    switches to it, Enter on the one at the wheel opens its page): the walk's driver drives again."""
    c = app.controller
    if getattr(c, "profiles", None) is not None and c.active_profile_id() != driver:
        c.profiles.switch(driver, keep_changes=True)
        await pilot.pause()


async def feed(app, pilot, route: tuple, field: int, text: str) -> None:
    assert await open_route(app, pilot, route), route
    inputs = [w for w in app.screen.query(Input) if w.display]
    target = inputs[field]
    target.focus()
    target.value = ""
    target.post_message(events.Paste(text))  # as a person pastes it (typing rules apply)
    await pilot.pause()
    await pilot.press("enter")
    await pilot.pause()
    if isinstance(app.screen, ConfirmScreen):  # it asks first: say yes, so a bad value would be stored
        await pilot.press("y")
        await pilot.pause()


@pytest.fixture
def cockpit(tmp_path, monkeypatch):
    # relative, path-looking text lands in here if anywhere: the working folder is deep enough
    # that "../../../../etc/passwd" still names a file inside tmp_path, never the system's
    deep = tmp_path / "w1" / "w2" / "w3" / "w4" / "w5"
    deep.mkdir(parents=True)
    monkeypatch.chdir(deep)
    c = Controller.open(tmp_path / "cockpit.db", clock=FakeClock())
    yield c
    c.close()


async def storm_fields(cockpit, tmp_path, names) -> None:
    app = CockpitApp(cockpit)
    known = set(entries(tmp_path))
    async with app.run_test(size=(100, 30)) as pilot:
        driver = cockpit.active_profile_id()
        fields = await find_fields(app, pilot)
        assert fields[0] == (("assistant",), 1)
        for route, count in fields:
            for field in range(count):
                for name in names:
                    await back_at_the_wheel(app, pilot, driver)
                    before = tables(tmp_path / "cockpit.db")
                    await feed(app, pilot, route, field, HOSTILE[name])
                    assert app.is_running, (route, name)
                    problems = stored_badly(before, tables(tmp_path / "cockpit.db"))
                    assert problems == [], (route, field, name, problems)
        # the app still answers
        app.action_go_home()
        await pilot.pause()
        assert type(app.screen).__name__ == "HomeScreen"
    assert cockpit.db_check() == []
    assert stray_files(tmp_path, known) == []


# the default set, in four groups so that the suite's workers share them
DEFAULT_GROUPS = [["empty", "huge"], ["control", "newline"], ["rtl", "emoji"], ["sql", "path"]]


@pytest.mark.crawl
@pytest.mark.parametrize("names", DEFAULT_GROUPS, ids=["+".join(g) for g in DEFAULT_GROUPS])
async def test_every_text_field_refuses_or_stores_cleanly(cockpit, tmp_path, names):
    await storm_fields(cockpit, tmp_path, names)


@pytest.mark.slow
async def test_every_text_field_every_hostile_string(cockpit, tmp_path):
    await storm_fields(cockpit, tmp_path, list(HOSTILE))


def test_names_are_cleaned_or_refused_in_one_place():
    from tui.controller.errors import InvalidValue
    from tui.controller.text import clean_name

    assert clean_name("  Dad's car ") == "Dad's car"
    assert clean_name("e\u0301") == "\u00e9"  # combining accent composed
    assert clean_name("مرحبا 🚗") == "مرحبا 🚗"
    assert clean_name("", required=False) is None
    for bad in ("", "   ", "x" * 41, "a\x00b", "line\nbreak", "\u202eevil", "\x1b[31mred"):
        with pytest.raises(InvalidValue) as err:
            clean_name(bad, "nickname")
        assert str(err.value).endswith(".") and "nickname" in str(err.value)


def test_a_car_nickname_is_refused_and_nothing_is_added(cockpit):
    from tui.controller.errors import InvalidValue

    cars = len(cockpit.vehicles())
    for bad in ("x" * 1_000_000, "\x1b[31mred", "\u202eevil"):
        with pytest.raises(InvalidValue):
            cockpit.add_vehicle(cockpit.car.model.id, bad)
    assert len(cockpit.vehicles()) == cars


async def test_assistant_history_keeps_no_control_characters(cockpit):
    for text in ("\x1b[31mwarmer\x07", "\u202ecolder", "x" * 1_000_000):
        cockpit.assistant.ask(text)
    rows = cockpit.store.db.execute("SELECT text FROM assistant_requests").fetchall()
    assert len(rows) == 3 and all(bad_value(t) is None for (t,) in rows), rows
    assert all(len(t) <= 200 for (t,) in rows)


# ------------------------------------------------------------------------------ every command-line argument
GOOD = {  # a plausible value per parameter name, so each argument is tried alone
    "path": "Vehicle.Cabin.Infotainment.Media.Volume",
    "paths": "Vehicle.Cabin.Infotainment.Media.Volume",
    "value": "40",
    "text": "warmer",
}


def leaf_commands(group: click.Group, prefix=()) -> list[tuple[tuple, click.Command]]:
    out = []
    for name, cmd in sorted(group.commands.items()):
        if isinstance(cmd, click.Group):
            out.extend(leaf_commands(cmd, (*prefix, name)))
        else:
            out.append(((*prefix, name), cmd))
    return out


def text_params(cmd: click.Command) -> list[click.Parameter]:
    return [p for p in cmd.params if not getattr(p, "is_flag", False) and p.name != "help"
            and isinstance(p.type, click.types.StringParamType)]


def argv_for(words: tuple, cmd: click.Command, target: click.Parameter, text: str, good: dict) -> list[str]:
    argv = list(words)
    for p in cmd.params:
        value = text if p is target else good.get(p.name)
        if isinstance(p, click.Argument):
            if value is None:
                if not p.required:
                    continue
                value = text
            argv.append(value)
        elif p is target:
            argv += [p.opts[0], value]
    if getattr(cmd, "name", "") == "restore" or "--yes" in [o for p in cmd.params for o in p.opts]:
        argv.append("--yes")
    return argv


CASES = [(words, p.name) for words, cmd in leaf_commands(load_all_commands()) for p in text_params(cmd)]


def test_the_command_walk_finds_the_commands():
    names = {" ".join(w) for w, _ in CASES}
    assert {"state set", "state get", "vehicle use", "vehicle add"} <= names


@pytest.mark.crawl
@pytest.mark.parametrize("case", CASES, ids=[f"{' '.join(w)}:{p}" for w, p in CASES])
def test_every_command_argument(cockpit, tmp_path, case):
    words, param_name = case
    cmd = main
    for w in words:
        cmd = cmd.commands[w]
    target = next(p for p in cmd.params if p.name == param_name)
    db = tmp_path / "cockpit.db"
    good = {**GOOD, "vin": cockpit.car.vin, "model_id": cockpit.car.model.id}
    known = set(entries(tmp_path))
    for name, text in HOSTILE.items():
        cockpit.catch_up()
        state_before = dict(cockpit.state())
        before = tables(db)
        argv = argv_for(words, cmd, target, text, good)
        result = CliRunner().invoke(main, ["--db", str(db), *argv], catch_exceptions=True)
        assert result.exception is None or isinstance(result.exception, SystemExit), (name, repr(result.exception))
        assert "Traceback" not in result.output, name
        if result.exit_code != 0:
            message = result.output.strip()
            assert message, f"{name}: a refusal says why"
            assert len(message) < 2000 and bad_value(message.replace("\n", " ")) is None, (name, message[:100])
        assert stored_badly(before, tables(db)) == [], name
        cockpit.catch_up()
        changed = {p for p, v in cockpit.state().items() if state_before.get(p) != v}
        if words[:2] == ("state", "set"):
            # only the one good path, and only with a value that is really a number
            assert changed <= ({GOOD["path"]} if result.exit_code == 0 else set()), (name, changed)
        assert stray_files(tmp_path, known) == [], name
    assert cockpit.db_check() == []
    assert not Path("/dev/null").is_file()
    assert os.path.exists("/etc/passwd")


@pytest.mark.parametrize("name", list(HOSTILE))
def test_top_level_options(cockpit, tmp_path, monkeypatch, name):
    """--vehicle with every hostile string; --db with those that cannot name a system file (the
    test never points the database at /dev/null or /etc/passwd on a shared machine)."""
    text = HOSTILE[name]
    db = tmp_path / "cockpit.db"
    before = tables(db)
    result = CliRunner().invoke(main, ["--db", str(db), "--vehicle", text, "state", "get", GOOD["path"]])
    assert result.exception is None or isinstance(result.exception, SystemExit), repr(result.exception)
    assert "Traceback" not in result.output
    if text.strip():  # an empty --vehicle means the current car
        assert result.exit_code != 0 and "No car with VIN" in result.output, result.output
        message = result.output.strip()
        # the refusal echoes what was typed, but never raw control characters or a megabyte
        assert len(message) < 600 and bad_value(message.replace("\n", " ")) is None, message[:100]
    assert stored_badly(before, tables(db)) == []
    if name not in ("path", "abs_path"):
        folder = tmp_path / "elsewhere"
        folder.mkdir()
        monkeypatch.chdir(folder)
        result = CliRunner().invoke(main, ["--db", text, "state", "get", GOOD["path"]])
        assert result.exception is None or isinstance(result.exception, SystemExit), repr(result.exception)
        assert "Traceback" not in result.output
        if result.exit_code != 0:
            assert result.output.strip().startswith("smartcockpit: "), result.output
