"""Undo takes back a whole user action: a seat memory, a routine run, one write of several
settings is one undo step said in one sentence; a profile switch and a scene at home are not
undone and Ctrl+Z says so (changing nothing). In the app, Ctrl+Z says it in the row's words."""

from __future__ import annotations

import pytest

from tui.controller.errors import NothingToUndo

SEAT = "Vehicle.Cabin.Seat.Row1.DriverSide."
POS, HEIGHT = SEAT + "Position", SEAT + "Height"
VOL = "Vehicle.Cabin.Infotainment.Media.Volume"
AC = "Vehicle.Cabin.HVAC.IsAirConditioningActive"
RECIRC = "Vehicle.Cabin.HVAC.IsRecirculationActive"
HEAT = "Vehicle.Cabin.Seat.Row1.DriverSide.HeatingCooling"


def notes(app) -> list[str]:
    return [str(n.message) for n in app._notifications]


def travel(c, path, share):
    spec = c.spec(path)
    step = spec.step or 1
    return type(spec.min)(round((spec.min + share * (spec.max - spec.min)) / step) * step)


def test_a_seat_memory_is_one_undo_step(controller):
    c = controller
    c.set_many({POS: travel(c, POS, 0.2)})
    c.set(HEIGHT, travel(c, HEIGHT, 0.2))
    c.seats.save_preset(1)
    c.set(POS, travel(c, POS, 0.8))
    c.set(HEIGHT, travel(c, HEIGHT, 0.8))
    c.seats.recall_preset(1, confirmed=True)
    assert c.get(POS) == travel(c, POS, 0.2) and c.get(HEIGHT) == travel(c, HEIGHT, 0.2)
    undone = c.undo_action()
    assert undone.text == f"Undone: seat memory 1 ({len(undone.events)} settings put back)."
    assert {POS, HEIGHT} <= {e.path for e in undone.events}
    assert c.get(POS) == travel(c, POS, 0.8) and c.get(HEIGHT) == travel(c, HEIGHT, 0.8)
    undone = c.undo_action()  # then the change before it, alone
    assert len(undone.events) == 1 and undone.events[0].path == HEIGHT
    assert undone.text.startswith("Undone: Driver seat height back to ")
    assert c.get(POS) == travel(c, POS, 0.8)


def test_a_routine_run_is_one_undo_step(controller):
    c = controller
    c.set(AC, False)
    c.set(RECIRC, False)
    c.set(VOL, 20)
    c.routines.save("Cool down", {"type": "manual"}, [], [
        {"type": "car", "path": AC, "value": True}, {"type": "car", "path": RECIRC, "value": True}])
    c.routines.run("Cool down")
    assert c.get(AC) is True and c.get(RECIRC) is True
    undone = c.undo_action()
    assert undone.text == "Undone: the routine Cool down (2 settings put back)."
    assert c.get(AC) is False and c.get(RECIRC) is False and c.get(VOL) == 20


def test_one_write_of_several_settings_is_one_step_and_a_piece_undone_first_is_skipped(controller):
    c = controller
    c.set(AC, False)
    c.set(RECIRC, False)
    c.set(VOL, 20)
    events = c.set_many({AC: True, RECIRC: True, VOL: 35}, source="assistant")
    c.profiles.undo(events[2].audit_id)  # the volume, from the history, on its own
    assert c.get(VOL) == 20
    undone = c.undo_action()
    assert undone.text == "Undone: A/C and 2 more settings (2 settings put back)."
    assert (c.get(AC), c.get(RECIRC), c.get(VOL)) == (False, False, 20)


def test_a_profile_switch_is_not_undone_and_says_so(controller):
    c = controller
    c.set(VOL, 20)
    c.profiles.create("Ana")
    c.profiles.switch("Ana")
    c.set(VOL, 44)
    c.profiles.switch("Driver")
    state = c.state()
    with pytest.raises(NothingToUndo, match=r"^Undo does not take back a profile switch: switch back to Ana in "
                                             r"Profiles\.$"):
        c.undo_action()
    assert c.state() == state  # not one of its settings was put back


def test_a_scene_at_home_is_not_undone_and_says_so(controller):
    c = controller
    c.set(VOL, 20)
    c.set(VOL, 30)
    c.home.run_scene("Good night")
    with pytest.raises(NothingToUndo, match="Undo does not take back the Good night scene"):
        c.undo()
    assert c.get(VOL) == 30


def test_undo_still_puts_back_a_single_change(controller):
    c = controller
    c.set(VOL, 20)
    c.set(VOL, 30)
    assert c.undo().new == 20
    assert c.undo_action().text.startswith("Undone: Volume back to ")
    with pytest.raises(NothingToUndo):
        c.undo_action()


async def test_ctrl_z_after_a_profile_switch_and_after_seat_heating(app, controller):
    c = controller
    c.profiles.create("Ana")
    c.climate.set_seat_level("DriverSide", 2)
    async with app.run_test(size=(80, 24)) as pilot:
        c.profiles.switch("Ana")
        before = c.state()
        await pilot.press("ctrl+z")
        await pilot.pause()
        assert any(n.startswith("Undo does not take back a profile switch: switch back to Driver") for n in notes(app))
        assert c.state() == before
        c.climate.set_seat_level("DriverSide", 2)
        c.climate.set_seat_level("DriverSide", 3)
        await pilot.press("ctrl+z")
        await pilot.pause()
        assert "Undone: Driver seat heating back to Medium." in notes(app)
        assert c.get(HEAT) == 67
        row = next(r for r in c.climate.controls() if r.label == "Driver seat heating")
        assert row.value == "Medium"


def test_history_in_plain_words_80x24(fixed_app, fixed_controller, snap_compare):
    """Reached by keys: Profiles, → on the driver, 2 (History): what the driver saw, who did it."""
    c = fixed_controller
    c.climate.set_seat_level("DriverSide", 2)
    c.media.play_uri(c.media.stations()[0].uri)
    c.media.play_uri(c.media.items("USB")[0].uri, source="assistant")
    c.set(VOL, 18, source="cli")
    with c.store.write():  # the audit keeps wall-clock times: the picture's rows at the fixed clock's
        c.store.db.execute("UPDATE audit SET at = ?", [c.clock.now().isoformat()])

    async def open_history(pilot):
        pilot.app.open_menu("profiles")
        await pilot.pause()
        await pilot.press("right")
        await pilot.pause()
        await pilot.press("2")
        await pilot.pause()
        assert type(pilot.app.screen).__name__ == "HistoryScreen"

    assert snap_compare(fixed_app, terminal_size=(80, 24), run_before=open_history)


def test_valet_mode_is_not_undone_by_ctrl_z(controller):
    """Leaving valet mode takes its PIN: Ctrl+Z never turns it back on or off."""
    c = controller
    c.set(VOL, 20)
    c.profiles.valet_on("4321")
    c.profiles.valet_off("4321")
    with pytest.raises(NothingToUndo, match="^Undo does not turn valet mode on or off"):
        c.undo_action()
    assert not c.profiles.valet_active() and c.get(VOL) == 20
