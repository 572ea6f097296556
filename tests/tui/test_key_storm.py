"""A property-based key storm (hypothesis driving Pilot): random keys across every screen reachable
from the home tiles, with resizes down to 20x5 and back. No exception, and afterwards the app
still answers: it goes home, opens a menu, the database is sound and the audit log matches the
state.

The menus are read from tui.controller.menus.MENUS at run time, so every screen a later issue adds
is stormed too. The short storms run in the normal suite (about a thousand keys); the long one
(`-m slow`) sends many thousands.
"""

from __future__ import annotations

import asyncio
from pathlib import Path
import json

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

import tui.app as tui_app
from tui.app import CockpitApp
from tui.controller import Controller
from tui.controller.clock import FakeClock
from tui.controller.menus import MENUS
from tui.widgets.tile_grid import TileGrid

# Every key of UX.md and then some; never Ctrl+Q (quit) or Ctrl+C.
KEYS = [
    "up", "down", "left", "right", "h", "j", "k", "l", "enter", "space", "tab", "shift+tab",
    "backspace", "escape", "g", "home", "end", "pageup", "pagedown", "question_mark", "f1",
    "1", "2", "3", "4", "5", "6", "7", "8", "9", "0", "y", "n", "q", "a", "x", "z",
    "slash", "colon", "ctrl+p", "ctrl+z", "delete", "minus", "plus", "full_stop",
]
# weights: moving and opening dominate, as they would for a person
KEY = st.one_of(
    st.sampled_from(["up", "down", "left", "right", "enter", "backspace", "escape"]),
    st.sampled_from(KEYS),
)
SIZES = [(20, 5), (30, 8), (40, 12), (79, 23), (80, 24), (100, 30), (132, 43)]
ACTION = st.one_of(
    KEY.map(lambda k: ("key", k)),
    KEY.map(lambda k: ("key", k)),
    KEY.map(lambda k: ("key", k)),
    KEY.map(lambda k: ("key", k)),
    KEY.map(lambda k: ("key", k)),
    KEY.map(lambda k: ("key", k)),
    st.sampled_from(SIZES).map(lambda s: ("resize", s)),
)
MENU_IDS = [m.id for m in MENUS]


class StormApp(CockpitApp):
    """The app, except that choosing Quit (the palette lists it; a storm can pick it with Enter)
    is counted instead of ending the storm early: quitting on request is not a failure."""

    CSS_PATH = str(Path(tui_app.__file__).with_name("cockpit.tcss"))  # relative paths follow the subclass
    quits = 0

    async def action_quit(self) -> None:
        self.quits += 1


def audit_matches_state(c: Controller) -> list[str]:
    rows = c.store.db.execute(
        "SELECT a.path, a.new, s.value FROM audit a JOIN vehicle_state s ON s.vin = a.vin AND s.path = a.path "
        "WHERE a.id = (SELECT max(id) FROM audit b WHERE b.vin = a.vin AND b.path = a.path)").fetchall()
    return [p for p, new, value in rows if json.loads(new) != json.loads(value)]


async def storm(app: StormApp, start_menu: str | None, actions: list, seen: set[str]) -> None:
    async with app.run_test(size=(100, 30)) as pilot:
        if start_menu is not None:
            app.open_menu(start_menu)
            await pilot.pause()
        for kind, value in actions:
            if kind == "key":
                await pilot.press(value)
            else:
                await pilot.resize_terminal(*value)
            seen.add(type(app.screen).__name__)
        # back to a normal size: the app still answers
        await pilot.resize_terminal(100, 30)
        await pilot.pause()
        for _ in range(6):
            if type(app.screen).__name__ == "HomeScreen":
                break
            await pilot.press("escape")
        app.action_go_home()
        await pilot.pause()
        assert type(app.screen).__name__ == "HomeScreen"
        assert app.is_running
        app.open_menu("settings")
        await pilot.pause()
        assert type(app.screen).__name__ == "SettingsScreen"
        await pilot.press("g")
        await pilot.pause()
        assert type(app.screen).__name__ == "HomeScreen"
    c = app.controller
    assert c.db_check() == []
    assert audit_matches_state(c) == []


def run_storm(tmp_path, start_menu, actions, seen) -> None:
    folder = tmp_path / f"storm{len(list(tmp_path.iterdir()))}"
    folder.mkdir()
    c = Controller.open(folder / "cockpit.db", clock=FakeClock())
    try:
        asyncio.run(storm(StormApp(c), start_menu, actions, seen))
    finally:
        c.close()


def storm_test(examples: int, keys: int):
    @settings(max_examples=examples, deadline=None, derandomize=True, database=None,
              suppress_health_check=list(HealthCheck))
    @given(start=st.sampled_from([None, *MENU_IDS]), actions=st.lists(ACTION, min_size=keys // 2, max_size=keys))
    def run(tmp_path, start, actions):
        run_storm(tmp_path, start, actions, set())

    return run


test_key_storm = pytest.mark.crawl(storm_test(examples=5, keys=100))
test_key_storm_long = pytest.mark.slow(storm_test(examples=40, keys=400))


def fixed_storm(tmp_path, menu_id: str, count: int) -> set[str]:
    import random

    rng = random.Random(menu_id)
    actions = [("key", rng.choice(KEYS)) if rng.random() > 0.1 else ("resize", rng.choice(SIZES))
               for _ in range(count)]
    seen: set[str] = set()
    run_storm(tmp_path, menu_id, actions, seen)
    return seen


@pytest.mark.crawl
@pytest.mark.parametrize("menu_id", MENU_IDS)
def test_storm_inside_every_menu(tmp_path, menu_id):
    """Each menu that exists gets its own storm, starting on its screen (fixed seed per menu)."""
    assert fixed_storm(tmp_path, menu_id, 60)  # the storm ran on real screens


@pytest.mark.slow
@pytest.mark.parametrize("menu_id", MENU_IDS)
def test_storm_inside_every_menu_long(tmp_path, menu_id):
    assert fixed_storm(tmp_path, menu_id, 2000)


def test_page_keys_on_a_list_never_laid_out(tmp_path):
    """Found by the storm: at 79x23 (only "enlarge the window" shows) the Settings list, opened
    and moved with End, had never been laid out, and PageDown raised KeyError and stopped the app.
    This is the end of that storm, replayed."""
    keys = ["1", "space", "end", "full_stop", "shift+tab", "shift+tab", "0", "j", "g", "1", "end", "0", "pagedown",
            "shift+tab", "pageup", "pagedown"]
    run_storm(tmp_path, "settings", [("resize", (79, 23)), *(("key", k) for k in keys)], set())


@pytest.mark.crawl
def test_storm_reaches_the_screens_below_the_tiles(tmp_path):
    """Moving and opening from the home screen reaches each tile's screen and a screen below it."""
    seen: set[str] = set()
    actions = []
    for index in range(len(MENUS)):
        # the home highlight stays where it was left (and a dialog may still be open): close what is
        # open, go home, End to the last tile, then up and along to this one
        cols, last = TileGrid.COLUMNS, len(MENUS) - 1
        along = index % cols - last % cols
        moves = ["escape"] * 3 + ["g", "end"] + ["up"] * (last // cols - index // cols)
        moves += ["right"] * along if along > 0 else ["left"] * -along
        actions += [("key", m) for m in moves]
        actions += [("key", "enter")]
        actions += [("key", "down"), ("key", "enter"), ("key", "down"), ("key", "right"), ("key", "enter"),
                    ("resize", (20, 5)), ("key", "down"), ("resize", (100, 30)), ("key", "backspace"),
                    ("key", "backspace")]
    run_storm(tmp_path, None, actions, seen)
    from tui.screens.menu_screens import screen_for

    assert {screen_for(m.id).__name__ for m in MENUS} <= seen  # every tile's screen, Settings the last
    assert len(seen) >= 3, seen  # home, the menu, and at least one screen below


def test_a_menu_under_a_dialog_when_the_window_shrinks(tmp_path):
    """Found by the long storm: Media under the assistant bar, the window shrunk to 30x8. The
    screen below was laid out at the new size without its "make the window larger" state, its
    lists squeezed to no columns, and Textual failed to wrap a station's name in zero columns."""
    seen: set[str] = set()
    run_storm(tmp_path, "media", [("key", "slash"), ("resize", (30, 8)), ("key", "right"), ("resize", (132, 43)),
                                  ("key", "escape"), ("resize", (20, 5)), ("key", "question_mark"),
                                  ("resize", (100, 30))], seen)
    assert {"MediaScreen", "AssistantScreen"} <= seen
