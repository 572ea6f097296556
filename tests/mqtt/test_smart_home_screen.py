"""The Smart Home screen on a bridged home, by keys: a favourite's key sends the device's command,
the row says "sent" until the device confirms, a device that never answers says so, and the home
shows offline when the broker goes away."""

from __future__ import annotations

import asyncio
import time

from tests.mqtt.devices import LIGHT, LOCK, PLUG, Devices


async def until(condition, timeout: float = 10.0) -> bool:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if condition():
            return True
        await asyncio.sleep(0.02)
    return condition()


def row(app, item_id: str) -> str:
    from tui.screens.smart_home import SectionMenu

    menu = app.screen.query_one(SectionMenu)
    try:
        return str(menu.get_option(item_id).prompt)
    except Exception:  # noqa: BLE001 - not shown (yet)
        return ""


async def test_favourite_key_sent_confirmed_and_no_answer(broker, db_path, no_key_guard):
    from tui.app import CockpitApp
    from tui.controller import Controller
    from tui.controller.home.connection import use_broker_for_this_run
    from tui.screens.smart_home import SmartHomeScreen

    devices = Devices(broker.url)
    devices.announce(LIGHT, LOCK, PLUG)
    use_broker_for_this_run(broker.url)
    try:
        c = Controller.open(db_path, staged=True)  # as the app opens it: the home is built on its loop
        app = CockpitApp(c)
        async with app.run_test(size=(80, 24)) as pilot:
            await pilot.pause()
            app.open_menu("smart_home")
            await pilot.pause()
            assert isinstance(app.screen, SmartHomeScreen)
            assert await until(lambda: "Porch light" in row(app, "fav:2") and "off" in row(app, "fav:2"))
            await pilot.press("2")  # the porch light's key: on
            assert await until(lambda: devices.sent("zigbee2mqtt/Porch/set") == [('{"state": "ON"}', False)])
            assert await until(lambda: "Enter: off" in row(app, "fav:2"))  # confirmed: on
            # a device that never answers: the row says "sent", then "no answer"
            c.home.backend.confirm_timeout = 1.0
            devices.quiet.add("zigbee2mqtt/Porch/set")
            await pilot.press("2")
            assert await until(lambda: "(sent off)" in row(app, "fav:2"))
            assert await until(lambda: "(no answer)" in row(app, "fav:2"), timeout=5)
            # the broker goes away: the home shows offline, a key fails at once with the reason
            broker.stop()
            assert await until(lambda: "home offline" in str(app.screen.query_one("#home-where").content), timeout=10)
            notes = []
            app.notify = lambda text, **kw: notes.append(text)
            await pilot.press("3")  # the front door: unlock is a security command, never queued
            assert await until(lambda: any("not reachable" in n for n in notes))
            broker.start()
            assert await until(lambda: "home offline" not in str(app.screen.query_one("#home-where").content),
                               timeout=15)
        c.home.stop()
        c.close()
    finally:
        use_broker_for_this_run(None)
        devices.stop()


def test_smart_home_on_a_bridged_home_80x24(broker, tmp_path, snap_compare):
    """The Smart Home screen as a Zigbee2MQTT/Tasmota home announced it (retained before the car)."""
    from datetime import datetime, timezone

    from tui.app import CockpitApp
    from tui.controller import Controller
    from tui.controller.clock import FakeClock
    from tui.controller.home.connection import use_broker_for_this_run

    devices = Devices(broker.url)
    devices.announce(LIGHT, LOCK, PLUG)
    devices.stop()
    use_broker_for_this_run(broker.url)
    clock = FakeClock(datetime(2026, 11, 23, 8, 30, tzinfo=timezone.utc))
    controller = Controller.open(tmp_path / "snapshot.db", clock=clock, staged=True)

    async def open_screen(pilot):
        await pilot.pause()
        assert await until(lambda: len(controller.home.backend.entities()) == 3
                           and "unknown" not in {e.state for e in controller.home.backend.entities()})
        pilot.app.open_menu("smart_home")
        await pilot.pause()
        assert await until(lambda: "Porch light" in row(pilot.app, "fav:2"))
        await pilot.pause()

    try:
        assert snap_compare(CockpitApp(controller), terminal_size=(80, 24), run_before=open_screen)
    finally:
        use_broker_for_this_run(None)
        controller.home.stop()
        controller.close()
