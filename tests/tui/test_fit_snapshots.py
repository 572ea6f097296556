"""Snapshots at 80x24 of text that fits (issue 16), reached by keys from the home screen: the home
grid with a long emoji profile name (the Profiles tile wraps it at words and ends with "…", the
status bar measures it in cells), the Mirrors list with its cut row ("Passenger mirror left / r…"),
and a dialog (which plan?) showing its own keys in its footer.

Deterministic: the fixed demo car and clock (tests/conftest.py fixed_app). When a picture changes
on purpose, look at it and accept it with `--snapshot-update`."""

from __future__ import annotations

from tests.tui.test_screen_journeys import tile
from tests.tui.waits import until
from tui.widgets.tile_grid import TileGrid

SIZE = (80, 24)
NAME = "Ana Müller 🚗 東京タワー運転手"


def screen_text(app) -> str:
    return "\n".join(strip.text for strip in app.screen._compositor.render_strips())


async def home(pilot) -> None:
    app = pilot.app
    assert await until(pilot, lambda: type(app.screen).__name__ == "HomeScreen" and app.screen.query(TileGrid))


async def walk(pilot, keys, screen: str, text: str) -> None:
    app = pilot.app
    await home(pilot)
    for key in keys:
        before = app.screen
        await pilot.press(key)
        await until(pilot, lambda: app.screen is not before, frames=5)
    assert await until(pilot, lambda: type(app.screen).__name__ == screen), type(app.screen).__name__
    assert await until(pilot, lambda: text in screen_text(app)), screen_text(app)
    await pilot.pause()


def test_home_with_a_long_emoji_name_80x24(fixed_app, fixed_controller, snap_compare):
    fixed_controller.profiles.rename("Driver", NAME)

    async def run(pilot):
        await walk(pilot, [], "HomeScreen", "Ana Müller 🚗 東京")

    assert snap_compare(fixed_app, terminal_size=SIZE, run_before=run)


def test_mirrors_with_a_cut_row_80x24(fixed_app, snap_compare):
    async def run(pilot):
        await walk(pilot, tile("seats") + ["down"] * 3 + ["enter"], "SeatPartScreen", "Passenger mirror left / r…")

    assert snap_compare(fixed_app, terminal_size=SIZE, run_before=run)


def test_a_dialog_shows_its_own_keys_80x24(fixed_app, snap_compare):
    """Services, b: which plan? The footer is the dialog's (Open, Cancel), not the Services
    screen's (Buy, Trial, Receipts...)."""

    async def run(pilot):
        await walk(pilot, tile("services") + ["b"], "ChoiceScreen", "esc Cancel")

    assert snap_compare(fixed_app, terminal_size=SIZE, run_before=run)
