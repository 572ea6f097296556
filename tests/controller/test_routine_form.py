"""The routine builder's form model (RoutineDraft), issue 16: times move 15 minutes with Left/Right
and an hour with PageUp/PageDown, can be typed when parked ("19:00", "1900", and "7:30 pm" for a
driver on 12-hour time), and days are picked several at once (presets, then single days on and
off) in one chooser. Typing stays a parked-only thing."""

from __future__ import annotations

import pytest

from tui.controller import InvalidValue, NotAllowed
from tui.controller.routines.describe import read_clock
from tui.controller.routines.editor import RoutineDraft

TIME_FORMAT = "Vehicle.Cabin.Infotainment.HMI.TimeFormat"
SPEED = "Vehicle.Speed"


@pytest.fixture
def draft(controller):
    d = controller.routines.draft()
    d.choose("trigger", ("time",))
    return d


def keys_of(draft, row):
    return next(r.keys for r in draft.rows() if r.id == row)


def test_an_hour_is_one_key_not_four(draft):
    assert draft.trigger["at"] == "07:00"
    draft.step("t.at", 1)
    assert draft.trigger["at"] == "07:15"  # Left/Right: 15 minutes, as before
    draft.step("t.at", -1)
    for _ in range(12):  # 07:00 to 19:00: 12 PageUp (it took 48 Right)
        draft.step("t.at", 1, big=True)
    assert draft.trigger["at"] == "19:00"
    draft.step("t.at", -1, big=True)
    assert draft.trigger["at"] == "18:00"
    assert "PgUp/PgDn: 1 h" in keys_of(draft, "t.at") and "Enter: type" in keys_of(draft, "t.at")


def test_a_time_typed_in_24_hours(controller, draft):
    controller.set(TIME_FORMAT, "HR_24")
    assert draft.takes_time("t.at") and not draft.takes_time("t.days") and not draft.takes_time("name")
    assert draft.type_time("t.at", "19:00") == "19:00"
    assert draft.trigger["at"] == "19:00" and draft.dirty
    draft.type_time("t.at", "0645")
    assert draft.trigger["at"] == "06:45"
    assert draft.time_text("t.at") == "06:45"


def test_a_time_typed_in_12_hours_for_a_driver_on_12_hours(controller, draft):
    controller.set(TIME_FORMAT, "HR_12")
    assert draft.type_time("t.at", "7:30 pm") == "7:30 PM"
    assert draft.trigger["at"] == "19:30"
    assert draft.time_text("t.at") == "7:30 PM"  # what the prompt starts from
    draft.type_time("t.at", "12:05 am")
    assert draft.trigger["at"] == "00:05"
    with pytest.raises(InvalidValue, match="like 7:00 pm or 19:00"):
        draft.type_time("t.at", "25:00")
    assert draft.trigger["at"] == "00:05"  # a refused time changes nothing


@pytest.mark.parametrize("typed, hhmm", [("19:00", "19:00"), ("7:05", "07:05"), ("1900", "19:00"),
                                         ("7 PM", "19:00"), ("7:30 p.m.", "19:30"), ("12 am", "00:00"),
                                         ("12pm", "12:00"), (" 23:59 ", "23:59")])
def test_times_people_type(typed, hhmm):
    assert read_clock(typed, "HR_12") == hhmm


@pytest.mark.parametrize("typed", ["24:00", "7:60", "13 pm", "0 am", "seven", "", "19", "1:2"])
def test_what_is_no_time_of_day(typed):
    with pytest.raises(InvalidValue, match="like 19:00"):
        read_clock(typed, "HR_24")


def test_typing_is_for_parked_cars(controller, draft):
    controller.set_many({SPEED: 50}, source="simulator")
    with pytest.raises(NotAllowed, match="when parked"):
        draft.type_time("t.at", "19:00")
    with pytest.raises(NotAllowed, match="when parked"):
        draft.pick_days("t.days", "preset:weekends")
    assert draft.trigger["at"] == "07:00" and draft.trigger["days"] == [0, 1, 2, 3, 4]


def test_days_picked_several_at_once(draft):
    assert draft.takes_days("t.days") and not draft.takes_days("t.at")
    draft.pick_days("t.days", "preset:every day")
    assert draft.trigger["days"] == [0, 1, 2, 3, 4, 5, 6]
    draft.pick_days("t.days", "preset:weekdays")
    assert draft.trigger["days"] == [0, 1, 2, 3, 4]
    draft.pick_days("t.days", "day:5")  # and Saturday too
    draft.pick_days("t.days", "day:0")  # but not Monday
    assert draft.trigger["days"] == [1, 2, 3, 4, 5]
    chosen = {key: on for key, _, on in draft.day_choices("t.days")}
    assert chosen["day:5"] and not chosen["day:0"] and not chosen["preset:weekdays"]
    assert [label for _, label, _ in draft.day_choices("t.days")][:4] == ["Every day", "Weekdays", "Weekend", "Monday"]
    assert next(r.value for r in draft.rows() if r.id == "t.days") == "Tue, Wed, Thu, Fri, Sat"


def test_the_last_day_stays(draft):
    draft.pick_days("t.days", "preset:weekends")
    draft.pick_days("t.days", "day:5")
    with pytest.raises(InvalidValue, match="one day at least"):
        draft.pick_days("t.days", "day:6")
    assert draft.trigger["days"] == [6]
    with pytest.raises(InvalidValue):
        draft.pick_days("t.days", "day:9")


def test_conditions_and_charging_times_are_typed_and_stepped_too(controller, draft):
    controller.set(TIME_FORMAT, "HR_24")
    draft.choose("add_c", ("evening",))
    draft.choose("add_c", ("weekdays",))
    assert draft.takes_time("c.0") and draft.takes_days("c.1") and not draft.takes_time("c.1")
    draft.type_time("c.0", "18:30")
    assert draft.conditions[0]["start"] == "18:30"
    draft.step("c.0", 1, big=True)
    assert draft.conditions[0]["start"] == "19:30"
    draft.pick_days("c.1", "day:6")
    assert draft.conditions[1]["days"] == [0, 1, 2, 3, 4, 6]
    assert "Enter: pick days" in keys_of(draft, "c.1") and "x: remove" in keys_of(draft, "c.1")
    assert controller.charging.available  # the demo car is electric
    draft.choose("add_a", ("charging", "precondition"))
    assert draft.takes_time("a.0")
    draft.type_time("a.0", "06:15")
    assert draft.actions[0]["at"] == "06:15"


def test_a_typed_time_is_saved_with_the_routine(controller, draft):
    draft.set_name("Evening")
    draft.type_time("t.at", "19:00")
    draft.pick_days("t.days", "preset:weekdays")
    draft.choose("add_a", ("notice", "0"))
    saved = draft.save()
    again = RoutineDraft(controller, controller.routines.get(saved.id))
    assert again.trigger["at"] == "19:00" and again.trigger["days"] == [0, 1, 2, 3, 4]
