"""Profiles in the app (Pilot): the tile and the list, switching with the seat warning and the apply
report, PINs on the PIN pad, create/rename while parked only, ask-mode "keep or restore", valet mode,
history with undo, import of a bad file, export, delete (asks, default No), the command palette,
and 80x24."""

from __future__ import annotations

import json
from pathlib import Path

from textual.widgets import Input, Static

from tui.controller.profiles import VALET
from tui.screens.dialogs import ConfirmScreen, PinScreen
from tui.screens.profiles import ProblemsScreen, ProfileList, ProfileScreen, ProfilesScreen, TextPromptScreen
from tui.screens.profiles_history import ApplyReportScreen, HistoryScreen
from tests.tui.waits import palette_shows

POS = "Vehicle.Cabin.Seat.Row1.DriverSide.Position"
VOL = "Vehicle.Cabin.Infotainment.Media.Volume"


def ids(app, selector="#profiles") -> list[str]:
    menu = app.screen.query_one(selector)
    return [menu.get_option_at_index(i).id for i in range(menu.option_count)]


def prompts(app, selector="#profiles") -> list[str]:
    menu = app.screen.query_one(selector)
    return [str(menu.get_option_at_index(i).prompt) for i in range(menu.option_count)]


async def open_profiles(app, pilot):
    app.open_menu("profiles")
    await pilot.pause()
    assert isinstance(app.screen, ProfilesScreen)


async def highlight(app, pilot, name: str):
    menu = app.screen.query_one(ProfileList)
    for i in range(menu.option_count):
        if name in str(menu.get_option_at_index(i).prompt):
            menu.highlighted = i
            await pilot.pause()
            return
    raise AssertionError(name)


async def test_the_tile_opens_the_list_with_the_active_one_marked(app, controller):
    async with app.run_test(size=(100, 30)) as pilot:
        home_tiles = [t.id for t in app.screen.tiles()]
        assert "profiles" in home_tiles
        await pilot.press(str(home_tiles.index("profiles") + 1))  # its number key opens it
        await pilot.pause()
        assert isinstance(app.screen, ProfilesScreen)
        rows = prompts(app)
        assert "Driver" in rows[0] and "at the wheel" in rows[0]
        assert "Guest" in rows[1] and "at the wheel" not in rows[1]
        await pilot.press("enter")  # the one at the wheel: its page
        await pilot.pause()
        assert isinstance(app.screen, ProfileScreen)


async def test_switching_warns_about_the_seat_and_shows_the_report(app, controller):
    controller.profiles.create("Ada")
    controller.profiles.switch("Ada")
    controller.set(POS, 250)
    controller.profiles.switch("Driver")
    async with app.run_test(size=(100, 30)) as pilot:
        await open_profiles(app, pilot)
        await highlight(app, pilot, "Ada")
        await pilot.press("enter")
        await pilot.pause()
        assert isinstance(app.screen, ConfirmScreen) and "seat" in app.screen.question
        await pilot.press("enter")  # the default is No
        await pilot.pause()
        assert controller.active_profile_name() == "Driver"
        await pilot.press("enter")
        await pilot.pause()
        await pilot.press("tab", "enter")
        await pilot.pause()
        assert controller.active_profile_name() == "Ada" and controller.get(POS) == 250
        assert "Ada" in str(app.screen.query_one("#status", Static).content)
        await pilot.press("r")
        await pilot.pause()
        assert isinstance(app.screen, ApplyReportScreen)
        assert "applied" in str(app.screen.query_one("#report-summary", Static).content)
        await pilot.press("a")
        await pilot.pause()
        assert any("Applied" in p for p in prompts(app, "#report"))
        await pilot.press("backspace")
        await pilot.pause()
        assert isinstance(app.screen, ProfilesScreen)


async def test_report_after_switching_to_a_very_different_car(app, controller):
    controller.car_for_model("ram-1500-2025")
    controller.profiles.create("Ram Person")
    controller.profiles.switch("Ram Person")
    controller.set("Vehicle.Private.SmartCockpit.DrivingMode", "TOW")
    controller.profiles.switch("Driver")
    controller.car_for_model("fiat-500e-2024")
    controller.profiles.switch("Ram Person")
    async with app.run_test(size=(100, 30)) as pilot:
        app.push_screen(ApplyReportScreen())
        await pilot.pause()
        rows = prompts(app, "#report")
        assert any("Adapted to this car" in r for r in rows) and any("Not on this car" in r for r in rows)
        menu = app.screen.query_one("#report")
        index = next(i for i, r in enumerate(rows) if "Driving mode" in r)
        menu.highlighted = index
        await pilot.pause()
        detail = str(app.screen.query_one("#report-detail", Static).content)
        assert "not one of this car's choices" in detail


async def test_a_protected_profile_asks_for_its_pin(app, controller):
    controller.profiles.create("Ada", pin="2468")
    async with app.run_test(size=(100, 30)) as pilot:
        await open_profiles(app, pilot)
        await highlight(app, pilot, "Ada")
        await pilot.press("enter")
        await pilot.pause()
        assert isinstance(app.screen, PinScreen)
        await pilot.press("1", "1", "1", "1", "enter")
        await pilot.pause()
        assert controller.active_profile_name() == "Driver"
        await pilot.press("enter")
        await pilot.pause()
        await pilot.press("2", "4", "6", "8", "enter")
        await pilot.pause()
        if isinstance(app.screen, ConfirmScreen):  # the seat warning, when it moves
            await pilot.press("y")
            await pilot.pause()
        assert controller.active_profile_name() == "Ada"


async def test_new_profile_while_parked_and_not_while_moving(app, controller):
    async with app.run_test(size=(100, 30)) as pilot:
        await open_profiles(app, pilot)
        await pilot.press("n")
        await pilot.pause()
        assert isinstance(app.screen, TextPromptScreen)
        await pilot.press(*"Sam", "enter")
        await pilot.pause()
        assert "Sam" in [p.name for p in controller.profiles.list()]
        controller.set_many({"Vehicle.Speed": 60}, source="simulator")
        await pilot.pause()
        await pilot.press("n")
        await pilot.pause()
        assert not isinstance(app.screen, TextPromptScreen)
        assert any("Available when parked" in p for p in prompts(app))


async def test_profile_page_rename_pin_and_delete(app, controller):
    controller.profiles.create("Ada")
    async with app.run_test(size=(100, 30)) as pilot:
        await open_profiles(app, pilot)
        await highlight(app, pilot, "Ada")
        await pilot.press("right")
        await pilot.pause()
        assert isinstance(app.screen, ProfileScreen)
        assert "Ada" in str(app.screen.query_one("#crumbs").render())
        app.screen.query_one("#profile-actions").highlighted = ids(app, "#profile-actions").index("rename")
        await pilot.press("enter")
        await pilot.pause()
        field = app.screen.query_one(Input)
        field.value = "Adele"
        await pilot.press("enter")
        await pilot.pause()
        assert controller.profiles.get("Adele")
        app.screen.query_one("#profile-actions").highlighted = ids(app, "#profile-actions").index("initials")
        await pilot.press("enter")
        await pilot.pause()
        app.screen.query_one(Input).value = "ae"
        await pilot.press("enter")
        await pilot.pause()
        assert controller.profiles.get("Adele").initials == "AE"
        # set a PIN: typed twice
        app.screen.query_one("#profile-actions").highlighted = ids(app, "#profile-actions").index("pin")
        await pilot.press("enter")
        await pilot.pause()
        await pilot.press(*"1357", "enter")
        await pilot.pause()
        await pilot.press(*"1357", "enter")
        await pilot.pause()
        assert controller.profiles.get("Adele").has_pin
        # delete: asks first (No by default), then the PIN
        app.screen.query_one("#profile-actions").highlighted = ids(app, "#profile-actions").index("delete")
        await pilot.press("enter")
        await pilot.pause()
        assert isinstance(app.screen, ConfirmScreen)
        await pilot.press("enter")
        await pilot.pause()
        assert controller.profiles.get("Adele")
        await pilot.press("enter")
        await pilot.pause()
        await pilot.press("tab", "enter")
        await pilot.pause()
        assert isinstance(app.screen, PinScreen)
        await pilot.press(*"1357", "enter")
        await pilot.pause()
        assert "Adele" not in [p.name for p in controller.profiles.list()]
        assert isinstance(app.screen, ProfilesScreen)


async def test_ask_mode_asks_keep_or_restore_when_switching_away(app, controller):
    controller.profiles.set_remember("ask")
    controller.set(VOL, 70)
    async with app.run_test(size=(100, 30)) as pilot:
        await open_profiles(app, pilot)
        await highlight(app, pilot, "Guest")
        await pilot.press("enter")
        await pilot.pause()
        assert isinstance(app.screen, ConfirmScreen) and "while driving" in app.screen.question
        await pilot.press("enter")  # No = keep the changes
        await pilot.pause()
        if isinstance(app.screen, ConfirmScreen):
            await pilot.press("y")
            await pilot.pause()
        assert controller.active_profile_name() == "Guest"
        assert controller.profiles.preferences("Driver")[VOL].value == 70


async def test_valet_mode_in_and_out_with_its_pin(app, controller):
    async with app.run_test(size=(100, 30)) as pilot:
        await open_profiles(app, pilot)
        await pilot.press("v")
        await pilot.pause()
        assert isinstance(app.screen, ConfirmScreen)
        await pilot.press("y")
        await pilot.pause()
        await pilot.press(*"4321", "enter")
        await pilot.pause()
        await pilot.press(*"4321", "enter")
        await pilot.pause()
        assert controller.get(VALET) is True
        assert ids(app) == ["valet"]  # profiles hidden
        await pilot.press("n")  # no new profile in valet mode
        await pilot.pause()
        assert not isinstance(app.screen, TextPromptScreen)
        await pilot.press("enter")
        await pilot.pause()
        assert isinstance(app.screen, PinScreen)
        await pilot.press(*"0000", "enter")
        await pilot.pause()
        assert controller.get(VALET) is True
        await pilot.press("enter")
        await pilot.pause()
        await pilot.press(*"4321", "enter")
        await pilot.pause()
        assert controller.get(VALET) is False
        assert any("Driver" in p for p in prompts(app))


async def test_leaving_valet_mode_is_the_authoritys_question(app, controller):
    """The valet PIN is asked as the authority says; locked out, it is not asked and says how long."""
    from tui.controller.errors import CockpitError

    controller.profiles.valet_on("4321")
    for _ in range(5):
        try:
            controller.profiles.valet_off("0000")
        except CockpitError:
            pass
    assert controller.security.lock_left("valet") > 0
    async with app.run_test(size=(100, 30)) as pilot:
        await open_profiles(app, pilot)
        await pilot.press("enter")
        await pilot.pause()
        assert not isinstance(app.screen, PinScreen)
        assert any("Too many wrong PINs (the valet PIN)" in str(n.message) for n in app._notifications)
        assert controller.get(VALET) is True


async def test_history_pages_and_undoes_a_change(app, controller):
    for v in range(10, 60, 2):
        controller.set(VOL, v)
    async with app.run_test(size=(100, 30)) as pilot:
        app.push_screen(HistoryScreen(controller.active_profile_id()))
        await pilot.pause()
        assert "Page 1" in str(app.screen.query_one("#history-title", Static).content)
        assert len(ids(app, "#history")) == 20
        await pilot.press("n")
        await pilot.pause()
        assert "Page 2" in str(app.screen.query_one("#history-title", Static).content)
        assert len(ids(app, "#history")) == 5
        await pilot.press("p")
        await pilot.pause()
        menu = app.screen.query_one("#history")
        menu.highlighted = 3
        target = int(menu.get_option_at_index(3).id)
        await pilot.press("u")
        await pilot.pause()
        assert isinstance(app.screen, ConfirmScreen) and app.screen.sensitive
        await pilot.press("tab", "enter")
        await pilot.pause()
        entry = controller.store.audit.get(target)
        assert entry.undone and controller.get(VOL) == entry.old


async def test_importing_a_bad_file_lists_its_problems(app, controller, tmp_path):
    bad = tmp_path / "bad.json"
    bad.write_text(json.dumps({"format": "smartcockpit-profile", "version": 1, "profile": {"name": ""},
                               "preferences": [{"path": "Vehicle.Nope", "value": 1}]}))
    async with app.run_test(size=(100, 30)) as pilot:
        await open_profiles(app, pilot)
        await pilot.press("i")
        await pilot.pause()
        app.screen.query_one(Input).value = str(bad)
        await pilot.press("enter")
        await pilot.pause()
        assert isinstance(app.screen, ProblemsScreen)
        assert len(ids(app, "#problems")) >= 3
        await pilot.press("escape")
        await pilot.pause()
        assert isinstance(app.screen, ProfilesScreen)
        assert [p.name for p in controller.profiles.list()] == ["Driver", "Guest"]


async def test_export_from_the_profile_page(app, controller, tmp_path):
    async with app.run_test(size=(100, 30)) as pilot:
        await open_profiles(app, pilot)
        await pilot.press("right")
        await pilot.pause()
        app.screen.query_one("#profile-actions").highlighted = ids(app, "#profile-actions").index("export")
        await pilot.press("enter")
        await pilot.pause()
        # a file name only: it goes in the export folder (the home folder, inside tmp_path here)
        app.screen.query_one(Input).value = "me.json"
        await pilot.press("enter")
        await pilot.pause()
        written = Path.home() / "me.json"
        data = json.loads(written.read_text())
        assert data["profile"]["name"] == "Driver" and data["preferences"]
        assert str(Path.home()).startswith(str(tmp_path))
        # again: the file exists, so it asks before replacing it (No keeps it)
        written.write_text("precious")
        await pilot.press("enter")
        await pilot.pause()
        app.screen.query_one(Input).value = "me.json"
        await pilot.press("enter")
        await pilot.pause()
        assert isinstance(app.screen, ConfirmScreen) and "already exists" in app.screen.question
        await pilot.press("escape")
        await pilot.pause()
        assert written.read_text() == "precious"
        # a path instead of a name is refused, and nothing lands outside the folder
        await pilot.press("enter")
        await pilot.pause()
        app.screen.query_one(Input).value = "../../escaped.json"
        await pilot.press("enter")
        await pilot.pause()
        assert not (Path.home().parent.parent / "escaped.json").exists()
        assert "file name only" in " ".join(n.message for n in app._notifications)


async def test_the_palette_offers_switching(app, controller):
    controller.profiles.create("Ada")
    async with app.run_test(size=(100, 30)) as pilot:
        from tui.commands import CockpitCommands

        names = [name for name, _action, _help in CockpitCommands(app.screen)._commands()]
        assert "Switch profile to Ada" in names and "Switch profile to Guest" in names
        assert "Switch profile to Driver" not in names  # already at the wheel
        action = next(a for n, a, _h in CockpitCommands(app.screen)._commands() if n == "Switch profile to Guest")
        action()
        await pilot.pause()
        await pilot.pause()
        assert controller.active_profile_name() == "Guest"


async def test_everything_fits_at_80_by_24(app, controller):
    async with app.run_test(size=(80, 24)) as pilot:
        await open_profiles(app, pilot)
        assert not app.screen.has_class("too-small")
        menu = app.screen.query_one(ProfileList)
        assert menu.region.bottom <= 23 and menu.region.width <= 80
        await pilot.press("right")
        await pilot.pause()
        actions = app.screen.query_one("#profile-actions")
        assert actions.region.bottom <= 23


def test_profiles_list_snapshot(snap_compare, tmp_path):
    from tui.app import CockpitApp
    from tui.controller import Controller
    from tui.controller.clock import FakeClock

    controller = Controller.open(tmp_path / "snap.db", clock=FakeClock())
    controller.profiles.create("Ada Lovelace", pin="2468")
    controller.profiles.create("Sam")
    app = CockpitApp(controller)

    async def run_before(pilot):
        app.open_menu("profiles")
        await pilot.pause()

    try:
        assert snap_compare(app, terminal_size=(100, 30), run_before=run_before)
    finally:
        controller.close()


async def test_while_moving_history_shows_six_rows_and_editing_waits(app, controller):
    for v in range(10, 60, 2):
        controller.set(VOL, v)
    controller.set_many({"Vehicle.Speed": 80}, source="simulator")
    async with app.run_test(size=(100, 30)) as pilot:
        app.push_screen(HistoryScreen(controller.active_profile_id()))
        await pilot.pause()
        assert len(ids(app, "#history")) == 6
        await pilot.press("backspace")
        await pilot.pause()
        app.push_screen(ProfileScreen(controller.active_profile_id()))
        await pilot.pause()
        rows = dict(zip(ids(app, "#profile-actions"), prompts(app, "#profile-actions")))
        assert "Available when parked" in rows["rename"] and "Available when parked" in rows["pin"]
        app.screen.query_one("#profile-actions").highlighted = ids(app, "#profile-actions").index("rename")
        await pilot.press("enter")
        await pilot.pause()
        assert isinstance(app.screen, ProfileScreen)  # no text entry while moving


async def test_profile_page_keeps_or_restores_changes_made_while_driving(app, controller):
    controller.profiles.set_remember("ask")
    saved = controller.get(VOL)
    controller.set(VOL, 80)
    async with app.run_test(size=(100, 30)) as pilot:
        app.push_screen(ProfileScreen(controller.active_profile_id()))
        await pilot.pause()
        actions = ids(app, "#profile-actions")
        assert "keep" in actions and "restore" in actions
        app.screen.query_one("#profile-actions").highlighted = actions.index("restore")
        await pilot.press("enter")
        await pilot.pause()
        assert controller.get(VOL) == saved and controller.profiles.needs_decision() == 0
        assert "keep" not in ids(app, "#profile-actions")


async def test_switching_from_the_palette_by_typing(app, controller):
    async with app.run_test(size=(100, 30)) as pilot:
        await pilot.press("ctrl+p")
        await pilot.pause()
        await pilot.press(*"switch profile to guest")
        await palette_shows(pilot, "Guest")
        await pilot.press("enter")
        for _ in range(100):
            if controller.active_profile_name() == "Guest":
                break
            await pilot.pause(0.02)
        assert controller.active_profile_name() == "Guest"


def test_apply_report_snapshot(snap_compare, tmp_path):
    from tui.app import CockpitApp
    from tui.controller import Controller
    from tui.controller.clock import FakeClock

    controller = Controller.open(tmp_path / "snap.db", clock=FakeClock())
    controller.car_for_model("ram-1500-2025")
    controller.profiles.create("Ada")
    controller.profiles.switch("Ada")
    controller.set_many({POS: 280, "Vehicle.Private.SmartCockpit.DrivingMode": "TOW"})
    controller.profiles.switch("Driver")
    controller.car_for_model("fiat-500e-2024")
    controller.profiles.switch("Ada")
    app = CockpitApp(controller)

    async def run_before(pilot):
        app.push_screen(ApplyReportScreen())
        await pilot.pause()

    try:
        assert snap_compare(app, terminal_size=(80, 24), run_before=run_before)
    finally:
        controller.close()
