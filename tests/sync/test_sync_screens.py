"""Profiles > Sync, reached by keys as a person would: the account, pending changes, each
profile's consent and a conflict with both values, settled with a choice; the status bar's sync
mark. No server: the car is in an account and offline, which is what the screen shows."""

from __future__ import annotations

from datetime import datetime, timezone

import pytest

from tests.sync.cars import TEMP
from tui.controller import Controller
from tui.controller.clock import FakeClock

SECRET = bytes(range(32))


def make_controller(path):
    clock = FakeClock(datetime(2026, 11, 23, 8, 30, tzinfo=timezone.utc))
    c = Controller.open(path, clock=clock)
    c.sync.connect("nats://127.0.0.1:4222")
    c.sync.join(SECRET, "test")
    c.sync.consent("Driver", enabled=True)
    sp = c.store.sync.profile(c.active_profile_id())
    c.sync.reconcile(sp.profile_id)
    c.set(TEMP, 23.0)  # edited here, not sent
    clock.advance(60)
    stamp = f"{int(clock.now().timestamp() * 1000) + 5000:016d}.00000.car-other"  # the other car's, newer
    c.sync.arrive(sp.uid, {"profile": sp.uid, "hlc": stamp, "settings": {TEMP: {"v": 19.0, "h": stamp}}})
    return c


@pytest.fixture
def sync_app(tmp_path):
    from tui.app import CockpitApp

    c = make_controller(tmp_path / "screen.db")
    yield CockpitApp(c)
    c.close()


async def _open_sync(pilot):
    await pilot.press("2")  # Profiles
    await pilot.pause()
    await pilot.press("y")  # Sync
    for _ in range(50):
        if type(pilot.app.screen).__name__ == "SyncScreen":
            break
        await pilot.pause(0.02)
    await pilot.pause()


async def test_sync_screen_shows_the_conflict_and_the_driver_settles_it(sync_app):
    from tui.widgets.menu_list import MenuList
    from tui.widgets.status_bar import StatusBar

    async with sync_app.run_test(size=(80, 24)) as pilot:
        await _open_sync(pilot)
        screen = pilot.app.screen
        assert type(screen).__name__ == "SyncScreen"
        rows = screen.query_one(MenuList)
        titles = [str(rows.get_option_at_index(i).prompt) for i in range(rows.option_count)]
        assert any("Conflict: Driver" in t and "here 73 °F" in t and "other car 66 °F (newer)" in t and "(newer)" in t
                   for t in titles)
        assert any("Driver: sync on" in t for t in titles)
        assert any("Guest: never syncs" in t for t in titles)
        assert "offline" in str(screen.query_one(StatusBar).content)
        rows.highlighted = next(i for i, t in enumerate(titles) if "Pending changes" in t)
        await pilot.press("enter")  # an information row: nothing happens
        await pilot.pause()
        assert pilot.app.screen is screen
        k = next(i for i, t in enumerate(titles) if "Conflict" in t)
        rows.highlighted = k
        await pilot.press("enter")
        await pilot.pause()
        assert type(pilot.app.screen).__name__ == "ChoiceScreen"
        await pilot.press("1")  # keep this car's value
        for _ in range(50):
            if not sync_app.controller.sync.conflicts():
                break
            await pilot.pause(0.02)
        assert sync_app.controller.sync.conflicts() == []
        assert sync_app.controller.store.profiles.prefs(1)[TEMP].value == 23.0
        assert sync_app.controller.get(TEMP) == 23.0


def test_sync_screen_80x24(sync_app, snap_compare):
    assert snap_compare(sync_app, terminal_size=(80, 24), run_before=_open_sync)


async def test_the_app_follows_the_account_live(tmp_path, nats_server):
    """A car in an account syncs in the background of the app: the status bar says synced, and a
    change made in another car reaches the profile at the wheel and the car, without a key."""
    import asyncio

    from tui.app import CockpitApp
    from tui.controller.sync.crypto import new_secret
    from tui.controller.sync.engine import run_once
    from tui.widgets.status_bar import StatusBar

    secret = new_secret()
    a, b = Controller.open(tmp_path / "a.db"), Controller.open(tmp_path / "b.db")
    for c in (a, b):
        c.sync.connect(nats_server.url)
        c.sync.join(secret, "test")
    a.sync.consent("Driver", enabled=True)
    app = CockpitApp(a)
    try:
        async with app.run_test(size=(80, 24)) as pilot:
            for _ in range(200):
                if "synced" in str(app.screen.query_one(StatusBar).content):
                    break
                await pilot.pause(0.05)
            assert "synced" in str(app.screen.query_one(StatusBar).content)
            await run_once(b.sync)
            b.profiles.switch("Driver (2)")
            b.set(TEMP, 25.5)
            await run_once(b.sync)
            for _ in range(200):
                if a.get(TEMP) == 25.5:
                    break
                await pilot.pause(0.05)
            assert a.get(TEMP) == 25.5  # applied to the car: Driver is at the wheel
            assert a.store.profiles.prefs(a.active_profile_id())[TEMP].value == 25.5
            a.sync.runner.cancel()
            await asyncio.sleep(0)
    finally:
        a.close()
        b.close()


async def _wait(pilot, check, rounds: int = 200):
    for _ in range(rounds):
        if check():
            return True
        await pilot.pause(0.05)
    return check()


def _highlight(screen, words: str) -> None:
    from tui.widgets.menu_list import MenuList

    rows = screen.query_one(MenuList)
    rows.highlighted = next(i for i in range(rows.option_count) if words in str(rows.get_option_at_index(i).prompt))


async def test_pairing_from_the_screen_a_new_account_and_its_code(tmp_path, nats_server):
    """Parked, by keys: the server typed in, a new account (a yes first), a code shown, and another
    car joining with that code."""
    from textual.widgets import Static

    from tui.app import CockpitApp
    from tui.controller.sync.engine import SyncEngine

    a, b = Controller.open(tmp_path / "a.db"), Controller.open(tmp_path / "b.db")
    app = CockpitApp(a)
    try:
        async with app.run_test(size=(80, 24)) as pilot:
            await _open_sync(pilot)
            screen = app.screen
            _highlight(screen, "Server:")
            await pilot.press("enter")
            assert await _wait(pilot, lambda: type(app.screen).__name__ == "PromptScreen")
            await pilot.press(*nats_server.url, "enter")
            assert await _wait(pilot, lambda: a.sync.account().url == nats_server.url)
            _highlight(screen, "New account")
            await pilot.press("enter")
            assert await _wait(pilot, lambda: type(app.screen).__name__ == "ConfirmScreen")
            from tui.screens.dialogs import KEY_GUARD_S

            await pilot.pause(KEY_GUARD_S + 0.1)  # the driver reads the question
            await pilot.press("tab", "enter")  # a deliberate yes
            assert await _wait(pilot, lambda: a.sync.paired)
            _highlight(screen, "Show a pairing code")
            await pilot.press("enter")
            note = screen.query_one("#sync-note", Static)
            assert await _wait(pilot, lambda: "Pairing code:" in str(note.content))
            code = str(note.content).split("Pairing code:")[1].split()[0]
            b.sync.connect(nats_server.url)
            engine = await SyncEngine(b.sync).open()
            try:
                await engine.accept_code(code)
            finally:
                await engine.close()
            assert b.sync.keys().account == a.sync.keys().account
            if a.sync.runner is not None:
                a.sync.runner.cancel()
    finally:
        a.close()
        b.close()


async def test_a_home_favourite_this_home_lacks_is_shown_unavailable_and_kept(sync_app):
    """A favourite that arrived for a device this car's home does not have: its key stays empty
    here, the Sync screen names it, and Enter on the row explains (it does not switch sync off)."""
    from tui.widgets.menu_list import MenuList

    c = sync_app.controller
    c.sync.consent("Driver", groups=["comfort", "home"])
    sp = c.store.sync.profile(c.active_profile_id())
    c.clock.advance(60)
    stamp = f"{int(c.clock.now().timestamp() * 1000) + 9000:016d}.00000.car-other"
    favs = [[1, "entity", "cover.garage_door", "Garage door"], [2, "entity", "light.garden", "Garden light"]]
    c.sync.arrive(sp.uid, {"profile": sp.uid, "hlc": stamp, "settings": {"@home": {"v": {"favourites": favs},
                                                                                    "h": stamp}}})
    assert {f.slot: f.target for f in c.store.home.favourites()} == {1: "cover.garage_door"}
    async with sync_app.run_test(size=(80, 24)) as pilot:
        await _open_sync(pilot)
        screen = pilot.app.screen
        rows = screen.query_one(MenuList)
        titles = [str(rows.get_option_at_index(i).prompt) for i in range(rows.option_count)]
        k = next(i for i, t in enumerate(titles) if "home favourites unavailable here" in t)
        assert "Garden light (key 2)" in titles[k]
        rows.highlighted = k
        await pilot.press("enter")
        await pilot.pause()
        assert pilot.app.screen is screen and c.sync.consents()[0]["sync"]
    from tui.controller.sync.extras_home import HOME, known

    c.sync.reconcile(sp.profile_id)  # what this car sends on still carries the one its home lacks
    assert [2, "entity", "light.garden", "Garden light"] in known(c.sync, sp.profile_id, HOME)["favourites"]
