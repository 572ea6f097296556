"""Settings > Smart home connection, driven by keys as a person would, against a real broker; the
secrets file beside the database (0600, never in the database, never printed)."""

from __future__ import annotations

import os
import stat
import sqlite3



async def _choose(pilot, app, row_id: str) -> None:
    from tui.widgets.menu_list import MenuList

    menu = app.screen.query_one(MenuList)
    menu.highlighted = menu.get_option_index(row_id)
    await pilot.press("enter")
    await pilot.pause()


async def _type(pilot, text: str) -> None:
    inp = pilot.app.screen.query_one("Input")
    inp.value = ""
    await pilot.press(*list(text) if text else [])
    await pilot.press("enter")
    await pilot.pause()


async def test_configure_test_and_save_a_broker_by_keys(controller, db_path, password_broker, no_key_guard):
    from tui.app import CockpitApp
    from tui.screens.home_connection import HomeConnectionScreen

    app = CockpitApp(controller)
    async with app.run_test(size=(80, 24)) as pilot:
        app.open_menu("settings")
        await pilot.pause()
        await pilot.press("end", "enter")  # the last row: Smart home connection
        await pilot.pause()
        assert isinstance(app.screen, HomeConnectionScreen)
        await _choose(pilot, app, "host")
        await _type(pilot, "127.0.0.1")
        await _choose(pilot, app, "port")
        await _type(pilot, str(password_broker.port))
        await _choose(pilot, app, "username")
        await _type(pilot, "car")
        await _choose(pilot, app, "password")
        await _type(pilot, "wrong")
        notes = []
        app.notify = lambda text, **kw: notes.append(text)  # what the driver is told
        await _choose(pilot, app, "test")
        assert await _until(pilot, lambda: any("refused the user name or password" in n for n in notes))
        await _choose(pilot, app, "password")
        await _type(pilot, "s3cret-pass")
        await _choose(pilot, app, "test")
        assert await _until(pilot, lambda: any(n.startswith("Connected to car@127.0.0.1") for n in notes))
        await _choose(pilot, app, "use")
        await _choose(pilot, app, "save")
        from tui.screens.dialogs import ConfirmScreen

        # the owner has no PIN here: a sensitive yes, default No

        assert isinstance(app.screen, ConfirmScreen)
        await pilot.press("left", "enter")
        await pilot.pause()
        assert controller.home.backend.kind == "mqtt"
        assert "The home is now 127.0.0.1" in " ".join(notes)
    controller.home.stop()
    secrets = db_path.parent / (db_path.name + ".home-connection.json")
    assert stat.S_IMODE(os.stat(secrets).st_mode) == 0o600
    assert "s3cret-pass" in secrets.read_text()
    with sqlite3.connect(db_path) as db:  # never in the database
        dump = "\n".join(db.iterdump())
    assert "s3cret-pass" not in dump and "mqtt" in dump


async def _until(pilot, condition, timeout: float = 10.0) -> bool:
    import asyncio
    import time

    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if condition():
            return True
        await asyncio.sleep(0.05)
    return condition()


def test_connection_screen_80x24(tmp_path, snap_compare):
    from datetime import datetime, timezone

    from tui.app import CockpitApp
    from tui.controller import Controller
    from tui.controller.clock import FakeClock

    clock = FakeClock(datetime(2026, 11, 23, 8, 30, tzinfo=timezone.utc))
    controller = Controller.open(tmp_path / "snapshot.db", clock=clock)

    async def open_screen(pilot):
        pilot.app.open_menu("settings")
        await pilot.pause()
        await pilot.press("end", "enter")
        await pilot.pause()

    try:
        assert snap_compare(CockpitApp(controller), terminal_size=(80, 24), run_before=open_screen)
    finally:
        controller.close()
