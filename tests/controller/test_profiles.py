"""Driver profiles in the controller: switching applies and adapts across very different cars,
remembering changes, the Guest, PINs (lockout survives a restart), valet mode, create/rename/delete
rules, history with undo of any one change, export and import (bad files import nothing)."""

from __future__ import annotations

import json
import os
import sqlite3
import stat

from tests.isolation import entries
import pytest

from tui.controller import Controller, InvalidValue, NotAllowed, UnknownName
from tui.controller.profiles import (
    ADAPTED, APPLIED, HELD, MISSING, VALET, DecisionNeeded, ImportProblems, PinRequired, personal_rule,
)

SEAT = "Vehicle.Cabin.Seat.Row1.DriverSide."
POS = SEAT + "Position"
HEIGHT = SEAT + "Height"
LUMBAR = SEAT + "Backrest.LumbarSupport"
ZONE = "Vehicle.Cabin.HVAC.Station."
T_FL = ZONE + "Row1.Driver.Temperature"
T_FR = ZONE + "Row1.Passenger.Temperature"
T_RL = ZONE + "Row2.Driver.Temperature"
T_RR = ZONE + "Row2.Passenger.Temperature"
MODE = "Vehicle.Private.SmartCockpit.DrivingMode"
VOL = "Vehicle.Cabin.Infotainment.Media.Volume"
UNIT = "Vehicle.Cabin.Infotainment.HMI.TemperatureUnit"
SPEED = "Vehicle.Speed"

FIAT = "fiat-500e-2024"  # one climate zone, short seat travel, no lumbar
JEEP = "jeep-grand-cherokee-2024"  # four zones
RAM = "ram-1500-2025"  # four zones, long seat travel


def item(report, path):
    return next(i for i in report.items if i.path == path)


def drive(c, speed=50):
    c.set_many({SPEED: speed}, source="simulator")


# ---------------------------------------------------------------------------- what a profile is
def test_personal_paths_cover_a_person_and_not_the_car(controller):
    paths = controller.profiles.personal_paths()
    for wanted in (POS, LUMBAR, T_FL, T_RR, MODE, VOL, UNIT, "Vehicle.Body.Mirrors.DriverSide.Tilt",
                   "Vehicle.Chassis.SteeringWheel.Tilt", "Vehicle.Private.SmartCockpit.ADAS.FollowingDistance",
                   "Vehicle.Cabin.Light.AmbientLight.Row1.DriverSide.Color"):
        assert wanted in paths, wanted
    for not_personal in (SPEED, VALET, "Vehicle.Cabin.Door.Row1.DriverSide.IsLocked", SEAT + "IsBelted",
                         "Vehicle.Private.SmartCockpit.ADAS.HandsFree.IsActive"):
        assert not_personal not in paths
    assert personal_rule(POS) == ("Driver seat", True)
    assert personal_rule(VOL) == ("Media", False)


def test_first_run_has_the_driver_with_the_cars_settings_and_a_guest(controller):
    profiles = controller.profiles.list()
    assert [p.name for p in profiles] == ["Driver", "Guest"]
    driver, guest = profiles
    assert driver.active and driver.preferences > 40
    assert guest.is_guest and guest.preferences == 0 and not guest.permissions["home_security"]


# ---------------------------------------------------------------------------- adaptation across cars
def make_profile_in(c, model, name, values):
    c.car_for_model(model)
    info = c.profiles.create(name)
    c.profiles.switch(info.id)
    c.set_many(values)
    return info


def test_fiat_profile_fits_a_ram_by_relative_seat_travel(controller):
    c = controller
    make_profile_in(c, FIAT, "Ada", {POS: 160, HEIGHT: 20})
    prefs = c.profiles.preferences("Ada")
    assert prefs[POS].value == 160 and prefs[POS].relative == pytest.approx(160 / 220)
    c.profiles.switch("Driver")
    c.car_for_model(RAM)
    report = c.profiles.switch("Ada")
    # Ram seat travel is 0..300 mm in steps of 10: 72.7 % of it is 218 mm -> 220 on the grid
    assert c.get(POS) == 220
    assert item(report, POS).category == ADAPTED and "% of the travel" in item(report, POS).detail
    assert c.get(HEIGHT) == 30  # 40 % of 0..80
    # back in the Fiat the exact millimetres come back
    c.profiles.switch("Driver")
    c.car_for_model(FIAT)
    report = c.profiles.switch("Ada")
    assert c.get(POS) == 160 and item(report, POS).category in (APPLIED, ADAPTED)


def test_one_zone_profile_fills_four_zones_and_four_fold_onto_one(controller):
    c = controller
    make_profile_in(c, FIAT, "Ada", {T_FL: 23.5})
    assert T_FR not in c.profiles.preferences("Ada")
    c.profiles.switch("Driver")
    c.car_for_model(JEEP)
    report = c.profiles.switch("Ada")
    assert [c.get(p) for p in (T_FL, T_FR, T_RL, T_RR)] == [23.5] * 4
    assert item(report, T_FL).category == APPLIED
    assert item(report, T_RR).category == ADAPTED and "zone" in item(report, T_RR).detail

    make_profile_in(c, JEEP, "Bo", {T_FL: 20.0, T_FR: 24.0, T_RL: 22.0, T_RR: 26.0})
    c.profiles.switch("Driver")
    c.car_for_model(FIAT)
    report = c.profiles.switch("Bo")
    assert c.get(T_FL) == 20.0
    for path in (T_FR, T_RL, T_RR):
        row = item(report, path)
        assert row.category == ADAPTED and "1 zone" in row.detail
        assert path in c.profiles.preferences("Bo")  # kept, never dropped


def test_values_are_clamped_to_the_cars_range_and_missing_ones_kept(controller):
    c = controller
    make_profile_in(c, RAM, "Cy", {T_FL: 15.5, MODE: "TOW", LUMBAR: 80})
    c.profiles.switch("Driver")
    c.car_for_model(FIAT)  # 16..28 C, no TOW mode, no lumbar support
    report = c.profiles.switch("Cy")
    assert c.get(T_FL) == 16.0 and item(report, T_FL).category == ADAPTED
    assert item(report, MODE).category == MISSING and "not one of this car's choices" in item(report, MODE).detail
    assert item(report, LUMBAR).category == MISSING
    prefs = c.profiles.preferences("Cy")
    assert prefs[MODE].value == "TOW" and prefs[LUMBAR].value == 80 and prefs[T_FL].value == 15.5
    counts = report.counts()
    assert counts[APPLIED] + counts[ADAPTED] + counts[MISSING] == len(report.items)


def test_switching_is_one_transaction_with_profile_audit_rows(controller):
    c = controller
    make_profile_in(c, RAM, "Di", {T_FL: 26.0, VOL: 60})
    c.profiles.switch("Driver")
    before = c.store.audit.count()
    c.profiles.switch("Di")
    rows = c.store.audit.page(limit=c.store.audit.count() - before)
    assert rows and {r.source for r in rows} == {"profile"}
    assert {r.profile_id for r in rows} == {c.profiles.get("Di").id}
    assert len({r.at for r in rows}) == 1
    assert c.active_profile_name() == "Di"


def test_seat_positions_wait_until_parked_while_moving(controller):
    c = controller
    make_profile_in(c, RAM, "Ed", {POS: 280})
    c.profiles.switch("Driver")
    assert c.profiles.moves_seat("Ed")
    drive(c)
    report = c.profiles.switch("Ed")
    assert item(report, POS).category == HELD and c.get(POS) != 280


# ---------------------------------------------------------------------------- remembering and the Guest
def test_changes_are_remembered_automatically(controller):
    c = controller
    c.set(VOL, 44)
    assert c.profiles.preferences("Driver")[VOL].value == 44


def test_ask_mode_keeps_changes_pending_until_the_driver_chooses(controller):
    c = controller
    c.profiles.set_remember("ask")
    c.set(VOL, 70)
    assert c.profiles.preferences()[VOL].value != 70 and c.profiles.pending()[VOL].value == 70
    with pytest.raises(DecisionNeeded):
        c.profiles.switch("Guest")
    assert c.active_profile_name() == "Driver"
    c.profiles.switch("Guest", keep_changes=False)
    assert c.profiles.preferences("Driver")[VOL].value != 70 and not c.profiles.pending("Driver")
    c.profiles.switch("Driver")
    c.set(VOL, 72)
    c.profiles.switch("Guest", keep_changes=True)
    assert c.profiles.preferences("Driver")[VOL].value == 72


def test_guest_changes_are_forgotten_when_someone_else_takes_the_car(controller):
    c = controller
    c.profiles.switch("Guest")
    c.set(VOL, 90)
    assert c.profiles.preferences("Guest")[VOL].value == 90
    c.profiles.switch("Driver")
    assert c.profiles.preferences("Guest") == {}
    c.profiles.switch("Guest")
    assert c.get(VOL) == c.spec(VOL).default  # the guest starts from the factory setting


# ---------------------------------------------------------------------------- PIN
def test_pin_protects_switching_and_editing(controller):
    c = controller
    ada = c.profiles.create("Ada", pin="2468")
    with pytest.raises(PinRequired):
        c.profiles.switch(ada.id)
    with pytest.raises(NotAllowed, match="Wrong PIN"):
        c.profiles.switch(ada.id, pin="1111")
    with pytest.raises(PinRequired):
        c.profiles.rename(ada.id, "Adaline")
    c.profiles.rename(ada.id, "Adaline", pin="2468")
    c.profiles.set_pin("1357", "2468", ada.id)
    c.profiles.switch(ada.id, pin="1357")
    assert c.active_profile_name() == "Adaline"
    c.profiles.set_pin(None, "1357", ada.id)
    assert not c.profiles.get(ada.id).has_pin
    pin_hash = c.store.db.execute("SELECT pin_hash FROM profiles WHERE id = ?", [ada.id]).fetchone()[0]
    assert pin_hash is None


def test_pin_is_stored_as_a_salted_hash(controller):
    c = controller
    c.profiles.create("Ada", pin="2468")
    c.profiles.create("Bo", pin="2468")
    rows = c.store.db.execute("SELECT pin_hash, pin_salt FROM profiles WHERE pin_hash IS NOT NULL").fetchall()
    assert len(rows) == 2 and rows[0][0] != rows[1][0] and all("2468" not in r[0] for r in rows)


def test_pin_lockout_survives_a_restart(db_path, clock):
    c = Controller.open(db_path, clock=clock)
    ada = c.profiles.create("Ada", pin="2468")
    for _ in range(5):
        with pytest.raises(NotAllowed):
            c.profiles.switch(ada.id, pin="0000")
    c.close()
    c = Controller.open(db_path, clock=clock)
    with pytest.raises(NotAllowed, match="Try again in 60 s"):
        c.profiles.switch(ada.id, pin="2468")  # even the right PIN waits
    assert c.profiles.get(ada.id).locked_for == 60
    clock.advance(61)
    c.profiles.switch(ada.id, pin="2468")
    assert c.active_profile_name() == "Ada"
    c.close()


# ---------------------------------------------------------------------------- create, rename, delete
def test_create_rename_and_pin_only_when_parked(controller):
    c = controller
    drive(c)
    with pytest.raises(NotAllowed, match="parked"):
        c.profiles.create("Ada")
    with pytest.raises(NotAllowed, match="parked"):
        c.profiles.rename("Driver", "Dee")
    with pytest.raises(NotAllowed, match="parked"):
        c.profiles.set_pin("1234")
    assert [p.name for p in c.profiles.list()] == ["Driver", "Guest"]


@pytest.mark.parametrize("name, message", [
    ("", "name"), ("   ", "name"), ("x" * 25, "at most 24"), ("guest", "guest profile"), ("Driver", "already"),
    ("bad\x07name", "control"), ("1234", "letter"),
])
def test_bad_names_are_refused_and_nothing_changes(controller, name, message):
    with pytest.raises(InvalidValue, match=message):
        controller.profiles.create(name)
    assert len(controller.profiles.list()) == 2


def test_delete_asks_nothing_of_the_last_profile_and_never_the_guest(controller):
    c = controller
    with pytest.raises(NotAllowed, match="last profile"):
        c.profiles.delete("Driver")
    with pytest.raises(NotAllowed, match="guest"):
        c.profiles.delete("Guest")
    ada = c.profiles.create("Ada")
    with pytest.raises(NotAllowed, match="at the wheel"):
        c.profiles.delete("Driver")
    c.profiles.delete(ada.id)
    assert [p.name for p in c.profiles.list()] == ["Driver", "Guest"]
    assert c.store.db.execute("SELECT count(*) FROM profile_prefs WHERE profile_id = ?", [ada.id]).fetchone()[0] == 0
    with pytest.raises(UnknownName):
        c.profiles.switch("Ada")


def test_at_most_five_profiles_besides_the_guest(controller):
    for name in ("A", "B", "C", "D"):
        controller.profiles.create(name + "x")
    with pytest.raises(NotAllowed, match="5 profiles"):
        controller.profiles.create("Ex")


# ---------------------------------------------------------------------------- valet
def test_valet_locks_settings_caps_speed_hides_profiles_and_needs_its_pin(db_path, clock):
    c = Controller.open(db_path, clock=clock)
    c.profiles.valet_on("4321")
    assert c.profiles.valet_active() and c.get(VALET) is True
    assert c.profiles.speed_cap() == 113
    with pytest.raises(NotAllowed, match="valet"):
        c.set(VOL, 10)
    with pytest.raises(NotAllowed, match="valet"):
        c.profiles.switch("Guest")
    assert c.profiles.list() == [] and c.profiles.palette() == []
    assert c.feature_block("home.remote_access") == "Hidden in valet mode."
    with pytest.raises(NotAllowed, match="[Vv]alet"):
        c.car_for_model("ram-1500-2025")  # no escaping valet mode by changing cars
    assert c.profiles.valet_active() and len(c.vehicles()) == 1  # and no car added on the way
    c.set_many({SPEED: 100}, source="simulator")
    with pytest.raises(NotAllowed, match="70 mph"):  # 113 km/h, in the Jeep's mph
        c.set_many({SPEED: 130}, source="simulator")
    assert c.get(SPEED) == 100
    c.set_many({SPEED: 0}, source="simulator")
    for _ in range(5):
        with pytest.raises(NotAllowed):
            c.profiles.valet_off("0000")
    c.close()
    c = Controller.open(db_path, clock=clock)  # a restart does not reset the lock
    with pytest.raises(NotAllowed, match="Try again"):
        c.profiles.valet_off("4321")
    clock.advance(60)
    c.profiles.valet_off("4321")
    assert not c.profiles.valet_active() and c.profiles.speed_cap() is None
    c.set(VOL, 10)
    assert c.feature_block("home.remote_access") is None
    c.close()


def test_valet_starts_only_when_parked_with_a_good_pin(controller):
    c = controller
    with pytest.raises(InvalidValue):
        c.profiles.valet_on("12")
    drive(c)
    with pytest.raises(NotAllowed, match="parked"):
        c.profiles.valet_on("1234")
    assert not c.profiles.valet_active()


# ---------------------------------------------------------------------------- history and undo
def test_history_pages_newest_first_and_undoes_any_one_change(controller):
    c = controller
    for v in range(10, 60, 2):  # 25 changes
        c.set(VOL, v)
    page1 = c.profiles.history()
    assert len(page1.entries) == 20 and page1.entries[0].new.startswith("58")
    page2 = c.profiles.history(before_id=page1.before_id, page=2)
    assert len(page2.entries) == 5 and page2.before_id is None
    assert page2.entries[0].id < page1.entries[-1].id
    # undo an old one, not the last
    middle = page1.entries[10]
    c.profiles.undo(middle.id)
    assert c.get(VOL) == int(middle.old.split()[0])
    again = [e for e in c.profiles.history().entries if e.id == middle.id][0]
    assert again.undone and not again.undoable
    with pytest.raises(Exception, match="already undone"):
        c.profiles.undo(middle.id)
    assert c.profiles.preferences()[VOL].value == c.get(VOL)  # the undo is remembered too


def test_history_leaves_out_the_cars_readings(controller):
    c = controller
    c.set_many({SPEED: 30}, source="simulator")
    c.set(VOL, 40)
    entries = c.profiles.history().entries
    assert entries and all(e.path != SPEED for e in entries)


def test_undo_of_a_change_made_in_another_car_is_refused(controller):
    c = controller
    c.set(VOL, 40)
    entry = c.profiles.history().entries[0]
    c.car_for_model(FIAT)
    assert not c.profiles.history().entries[0].undoable
    with pytest.raises(NotAllowed, match="another car"):
        c.profiles.undo(entry.id)


# ---------------------------------------------------------------------------- export and import
def test_export_and_import_round_trip_onto_another_install(controller, tmp_path, clock):
    c = controller
    make_profile_in(c, RAM, "Ada", {POS: 250, T_FL: 19.5, MODE: "TOW"})
    c.profiles.set_pin("2468", profile="Ada")
    with pytest.raises(PinRequired):
        c.profiles.export("Ada", tmp_path / "ada.json")
    path = c.profiles.export("Ada", tmp_path / "ada.json", pin="2468")
    data = json.loads(path.read_text())
    assert data["format"] == "smartcockpit-profile" and data["version"] == 1
    assert "pin" not in json.dumps(data).lower().replace("pin_", "")
    seat = next(p for p in data["preferences"] if p["path"] == POS)
    assert seat["value"] == 250 and seat["relative"] == pytest.approx(250 / 300) and seat["model"] == RAM

    other = Controller.open(tmp_path / "other.db", clock=clock)
    other.car_for_model(FIAT)
    info = other.profiles.import_file(path)
    assert info.name == "Ada" and not info.has_pin and info.preferences == len(data["preferences"])
    report = other.profiles.switch("Ada")
    assert other.get(POS) == 180  # 83 % of the Fiat's 0..220 on its 10 mm grid
    assert item(report, MODE).category == MISSING
    other.close()


BAD_FILES = {
    "not json": ("{oops", "not valid JSON"),
    "not utf-8": (b"\xff\xfe\x00", "not a text file"),
    "a list": ("[]", "does not hold"),
    "wrong format": (json.dumps({"format": "other", "version": 1}), "not a SmartCockpit profile"),
    "newer version": (None, "newer SmartCockpit"),
    "bad value": (None, "out of range"),
    "unknown path": (None, "not a known VSS path"),
    "not personal": (None, "not a personal setting"),
    "bad relative": (None, "between 0 and 1"),
    "NaN": (None, "not valid JSON"),
    "unknown mode": (None, "not a choice of any car"),
}


def good_export(c):
    return c.profiles.export_data("Driver") | {"profile": {**c.profiles.export_data("Driver")["profile"], "name": "Zed"}}


@pytest.mark.parametrize("case", list(BAD_FILES))
def test_bad_import_files_list_problems_and_import_nothing(controller, tmp_path, case):
    c = controller
    content, message = BAD_FILES[case]
    if content is None:
        data = good_export(c)
        if case == "newer version":
            data["version"] = 99
        elif case == "bad value":
            data["preferences"] = [p | {"value": 99.0} if p["path"] == T_FL else p for p in data["preferences"]]
        elif case == "unknown path":
            data["preferences"].append({"path": "Vehicle.Cabin.Nonsense", "value": 1})
        elif case == "not personal":
            data["preferences"].append({"path": "Vehicle.Cabin.Door.Row1.DriverSide.IsLocked", "value": True})
        elif case == "bad relative":
            data["preferences"] = [p | {"relative": 1.5} if p["path"] == POS else p for p in data["preferences"]]
        elif case == "unknown mode":
            data["preferences"] = [p | {"value": "WARP"} if p["path"] == MODE else p for p in data["preferences"]]
        elif case == "NaN":
            data = json.dumps(data).replace('"value": 30', '"value": NaN', 1)
        content = data if isinstance(data, str) else json.dumps(data)
    path = tmp_path / "bad.json"
    path.write_bytes(content if isinstance(content, bytes) else content.encode())
    before = [p.name for p in c.profiles.list()]
    prefs = c.store.db.execute("SELECT count(*) FROM profile_prefs").fetchone()[0]
    with pytest.raises(ImportProblems) as caught:
        c.profiles.import_file(path)
    assert any(message in p for p in caught.value.problems), caught.value.problems
    assert "nothing was imported" in str(caught.value)
    assert [p.name for p in c.profiles.list()] == before
    assert c.store.db.execute("SELECT count(*) FROM profile_prefs").fetchone()[0] == prefs


def test_import_lists_every_problem_at_once(controller, tmp_path):
    data = good_export(controller)
    data["profile"]["colour"] = "blue"
    data["preferences"] += [{"path": "Vehicle.Nope", "value": 1}, {"path": VOL, "value": "loud"}]
    path = tmp_path / "many.json"
    path.write_text(json.dumps(data))
    with pytest.raises(ImportProblems) as caught:
        controller.profiles.import_file(path)
    assert len(caught.value.problems) >= 3


def test_import_under_another_name_when_taken(controller, tmp_path):
    path = controller.profiles.export("Driver", tmp_path / "d.json")
    with pytest.raises(ImportProblems, match="already a profile called Driver"):
        controller.profiles.import_file(path)
    assert controller.profiles.import_file(path, name="Dee").name == "Dee"


def test_missing_file_and_huge_file(controller, tmp_path):
    with pytest.raises(ImportProblems, match="no file"):
        controller.profiles.import_file(tmp_path / "nope.json")
    big = tmp_path / "big.json"
    big.write_bytes(b" " * 1_000_001)
    with pytest.raises(ImportProblems, match="larger than 1 MB"):
        controller.profiles.import_file(big)


def test_undo_from_anywhere_is_remembered_and_restore_puts_saved_settings_back(controller):
    c = controller
    c.set(VOL, 44)
    c.undo()  # Ctrl+Z, not through the history
    assert c.profiles.preferences()[VOL].value == c.get(VOL) != 44
    c.profiles.set_remember("ask")
    saved = c.get(VOL)
    c.set(VOL, 80)
    assert c.profiles.needs_decision() == 1
    c.profiles.restore_saved()
    assert c.get(VOL) == saved and c.profiles.needs_decision() == 0


def test_the_status_shows_valet_not_the_drivers_name(controller):
    controller.profiles.valet_on("1234")
    assert controller.status().profile == "Valet"
    controller.profiles.valet_off("1234")
    assert controller.status().profile == "Driver"


def test_assistant_switches_to_the_driver_profile_by_its_name(controller):
    controller.profiles.switch("Guest")
    reply = controller.assistant.ask("switch to driver")
    assert reply.acted and controller.active_profile_name() == "Driver"


def test_empty_and_deeply_nested_files(controller, tmp_path):
    empty = tmp_path / "empty.json"
    empty.write_text("  \n")
    with pytest.raises(ImportProblems, match="empty"):
        controller.profiles.import_file(empty)
    deep = tmp_path / "deep.json"
    deep.write_text("[" * 100_000)
    with pytest.raises(ImportProblems, match="nested too deeply"):
        controller.profiles.import_file(deep)


def test_a_switch_made_by_another_process_is_picked_up(db_path, clock):
    app_side = Controller.open(db_path, clock=clock)
    cli_side = Controller.open(db_path, clock=clock)
    cli_side.profiles.switch("Guest", source="cli")
    cli_side.close()
    assert app_side.catch_up()
    assert app_side.active_profile_name() == "Guest"
    assert app_side.profiles.last_report is not None and app_side.profiles.last_report.profile == "Guest"
    app_side.close()


def test_assistant_valet_asks_first_then_for_a_pin_and_leaves_only_with_it(controller):
    a = controller.assistant
    assert a.ask("valet mode on").needs == "confirm"
    assert a.answer(confirm=True).needs == "pin"
    reply = a.answer(pin="1234")
    assert reply.acted and controller.profiles.valet_active()
    assert a.ask("turn valet mode off").needs == "pin"
    reply = a.answer(pin="9999")
    assert reply.refused and "Wrong PIN" in reply.text and controller.profiles.valet_active()
    a.ask("turn valet mode off")
    assert a.answer(pin="1234").acted and not controller.profiles.valet_active()


def test_assistant_asks_for_the_pin_of_a_protected_profile(controller):
    controller.profiles.create("Ada", pin="2468")
    a = controller.assistant
    assert a.ask("switch to Ada").needs == "pin"
    assert a.answer(pin="2468").acted and controller.active_profile_name() == "Ada"


def test_export_never_replaces_a_device_or_a_pipe(controller, tmp_path):
    """Export writes beside the target and renames over it; over a pipe (or, run as root, over
    /dev/null) that would leave a plain file in place of the special one. It is refused instead."""
    pipe = tmp_path / "pipe"
    os.mkfifo(pipe)
    with pytest.raises(NotAllowed, match="not a plain file"):
        controller.profiles.export("Driver", pipe)
    assert stat.S_ISFIFO(os.stat(pipe).st_mode)
    assert [n for n in entries(tmp_path) if not n.startswith("cockpit.db")] \
        == ["pipe"]


def test_an_undo_and_what_the_profile_remembers_of_it_are_one_transaction(controller):
    """Ctrl+Z writes the old value, marks the change undone and updates the driver's remembered
    setting together: a failure part way leaves all three as they were."""
    c = controller
    before = c.get(VOL)
    c.set(VOL, before + 5)
    assert c.profiles.preferences()[VOL].value == before + 5

    def broken(controller, changes, source):
        if source == "undo":
            raise sqlite3.OperationalError("disk I/O error")

    c.add_write_hook(broken)
    with pytest.raises(Exception, match="disk I/O"):
        c.undo()
    c._hooks.remove(broken)
    assert c.get(VOL) == before + 5
    assert c.profiles.preferences()[VOL].value == before + 5
    assert not c.store.audit.last_undoable(c.car.vin, ("ui",)).undone
    c.undo()
    assert c.get(VOL) == before and c.profiles.preferences()[VOL].value == before
