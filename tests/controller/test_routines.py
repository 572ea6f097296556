"""The routine engine with a fake clock, driven the way the drive simulator drives the car: VSS
sensor values written with source="simulator", step by step along a route."""

from __future__ import annotations

from datetime import date, datetime, timezone

import pytest

from tui.controller import Controller
from tui.controller.clock import FakeClock
from tui.controller.errors import CockpitError, InvalidValue, NotAllowed
from tui.controller.events import Notice
from tui.controller.home import LAT, LON, distance_m
from tui.controller.routines import CHARGE, IGNITION, OUTSIDE, QuestionAsked, QuestionClosed, SPEED

HOME = (42.6722, -83.1861)
GARAGE = "cover.garage_door"
DRIVER_TEMP = "Vehicle.Cabin.HVAC.Station.Row1.Driver.Temperature"
DEFROST = "Vehicle.Cabin.HVAC.IsFrontDefrosterActive"


def north_of_home(metres: float) -> tuple[float, float]:
    return HOME[0] + metres / 111_195.0, HOME[1]


class Drive:
    """A small stand-in for the drive simulator: moves the car in steps of one second."""

    def __init__(self, controller, clock):
        self.c = controller
        self.clock = clock

    def at(self, metres: float, speed: float = 30.0) -> None:
        lat, lon = north_of_home(metres)
        self.c.set_many({LAT: lat, LON: lon, SPEED: speed}, source="simulator")
        self.clock.advance(1)
        self.c.tick()

    def to(self, start: float, end: float, step: float = 50.0, speed: float = 30.0) -> None:
        n = max(1, int(abs(end - start) // step))
        for i in range(1, n + 1):
            self.at(start + (end - start) * i / n, speed)

    def park(self) -> None:
        self.c.set_many({SPEED: 0.0}, source="simulator")

    def wait(self, seconds: int) -> None:
        for _ in range(seconds):
            self.clock.advance(1)
            self.c.tick()


@pytest.fixture
def drive(controller, clock):
    return Drive(controller, clock)


@pytest.fixture
def notices(controller):
    seen = []
    controller.subscribe(lambda e: seen.append(e.text) if isinstance(e, Notice) else None)
    return seen


def garage(c) -> str:
    return c.home.backend.get(GARAGE).state


def runs(c, name):
    return list(reversed(c.routines.runs(name)))


def test_demo_routines_ship_switched_on(controller):
    names = {r.name: r for r in controller.routines.list()}
    for wanted in ("Open the garage on arrival", "Close the garage on departure",
                   "Pre-heat on cold weekday mornings", "Lights on when arriving after dark"):
        assert names[wanted].enabled
        assert controller.routines.problems(wanted, names[wanted].trigger, names[wanted].conditions,
                                            names[wanted].actions, routine_id=names[wanted].id) == []


def test_arriving_asks_then_opens_the_garage_once(controller, drive):
    c = controller
    asked = []
    c.subscribe(lambda e: asked.append(e.question) if isinstance(e, QuestionAsked) else None)
    drive.to(4000, 600, step=200)
    assert not asked and garage(c) == "closed"
    drive.to(600, 100, step=50)
    assert len(asked) == 1
    q = c.routines.question()
    assert q.text(c.clock.monotonic()).startswith("Open the garage door? ")
    assert "Enter: open, Esc: skip" in q.text(c.clock.monotonic())
    drive.park()
    drive.wait(10)  # nobody skipped: the countdown ends and the door opens
    assert c.routines.question() is None
    assert garage(c) == "opening"
    drive.wait(13)
    assert garage(c) == "open"
    log = runs(c, "Open the garage on arrival")
    assert [r.outcome for r in log] == ["asked", "done"]
    assert "came within 820 ft" in log[0].why and "nobody skipped" in log[1].why
    # GPS jitter at the edge of the circle: no second question
    for metres in (260, 240, 290, 230, 280):
        drive.at(metres, speed=5)
    assert len(asked) == 1


def test_not_twice_within_a_minute_nor_before_the_minimum_time_away(controller, drive):
    c = controller
    asked = []
    c.subscribe(lambda e: asked.append(e) if isinstance(e, QuestionAsked) else None)
    drive.to(2000, 100, step=100)
    assert len(asked) == 1
    c.routines.answer(True)
    # out past the circle and straight back: within the minute
    drive.to(100, 500, step=100)
    drive.to(500, 100, step=100)
    assert len(asked) == 1
    last = runs(c, "Open the garage on arrival")[-1]
    assert last.outcome == "skipped" and "ran" in last.why and "ago" in last.why
    # away for two minutes: more than the minute, less than the five minutes away
    drive.to(100, 800, step=100)
    drive.wait(120)
    drive.to(800, 100, step=100)
    assert len(asked) == 1
    last = runs(c, "Open the garage on arrival")[-1]
    assert last.outcome == "skipped" and "away only" in last.why
    # away for ten minutes: it asks again
    drive.to(100, 2000, step=200)
    drive.wait(600)
    drive.to(2000, 100, step=200)
    assert len(asked) == 2


def test_leaving_closes_the_garage(controller, drive):
    c = controller
    drive.to(2000, 50, step=100)
    c.routines.answer(True)
    drive.park()
    drive.wait(13)
    assert garage(c) == "open"
    drive.to(50, 1000, step=50)
    assert garage(c) in ("closing", "closed")
    log = runs(c, "Close the garage on departure")
    assert log[-1].outcome == "done" and "beyond 980 ft" in log[-1].why
    drive.wait(13)
    assert garage(c) == "closed"


def test_skip_the_question_leaves_the_garage_shut(controller, drive):
    c = controller
    closed = []
    c.subscribe(lambda e: closed.append(e.outcome) if isinstance(e, QuestionClosed) else None)
    drive.to(2000, 100, step=100)
    assert c.routines.question() is not None
    assert c.routines.answer(False).text.startswith("Skipped")
    drive.wait(15)
    assert garage(c) == "closed" and closed == ["skip"]
    assert runs(c, "Open the garage on arrival")[-1].outcome == "declined"
    with pytest.raises(CockpitError, match="no question"):
        c.routines.answer(True)


def test_lights_on_only_when_arriving_after_dark(db_path):
    noon = FakeClock(datetime(2026, 11, 23, 17, 0, tzinfo=timezone.utc))  # 12:00 at the demo home (Michigan)
    c = Controller.open(db_path, clock=noon)
    Drive(c, noon).to(3000, 100, step=100)
    assert c.home.backend.get("light.porch").state == "off"
    assert "daylight at home (sunset 10:04 PM)" in runs(c, "Lights on when arriving after dark")[-1].why
    c.close()
    evening = FakeClock(datetime(2026, 11, 24, 1, 0, tzinfo=timezone.utc))  # 20:00 there
    c = Controller.open(db_path, clock=evening)
    d = Drive(c, evening)
    d.to(100, 3000, step=200)
    d.wait(600)
    d.to(3000, 100, step=100)
    assert c.home.backend.get("light.porch").state == "on"
    assert c.home.backend.get("light.hallway").state == "on"
    c.close()


def test_preheat_on_a_cold_weekday_morning(db_path, notices):
    clock = FakeClock(datetime(2026, 11, 23, 7, 0).astimezone())  # a Monday
    c = Controller.open(db_path, clock=clock)
    seen = []
    c.subscribe(lambda e: seen.append(e.text) if isinstance(e, Notice) else None)
    c.set(OUTSIDE, 1.0, source="simulator")
    Drive(c, clock).wait(14 * 60)
    assert c.get(DRIVER_TEMP) != 22.0
    Drive(c, clock).wait(61)
    assert c.get(DRIVER_TEMP) == 22.0 and c.get(DEFROST) is True
    assert any("Cold morning" in t for t in seen)
    assert c.store.audit.page(limit=5)[0].source == "routine"
    c.close()


def test_preheat_not_on_a_warm_morning_nor_on_saturday(db_path):
    clock = FakeClock(datetime(2026, 11, 23, 7, 10).astimezone())  # Monday, mild
    c = Controller.open(db_path, clock=clock)
    c.set(OUTSIDE, 9.0, source="simulator")
    Drive(c, clock).wait(6 * 60)
    assert c.get(DRIVER_TEMP) != 22.0
    assert "outside temperature is" in runs(c, "Pre-heat on cold weekday mornings")[-1].why
    c.close()
    clock = FakeClock(datetime(2026, 11, 28, 7, 10).astimezone())  # Saturday, cold
    c = Controller.open(db_path, clock=clock)
    c.set(OUTSIDE, 0.0, source="simulator")
    Drive(c, clock).wait(6 * 60)
    assert c.get(DRIVER_TEMP) != 22.0
    c.close()


def test_readings_fire_on_the_crossing_not_on_every_sample(controller, drive, notices):
    c = controller
    c.routines.save("Low battery", {"type": "charge", "op": "below", "value": 20}, [],
                    [{"type": "notice", "text": "Charge low: find a charger."}])
    c.routines.save("Hot cabin", {"type": "cabin_temp", "op": "above", "value": 30}, [],
                    [{"type": "car", "path": "Vehicle.Cabin.HVAC.IsAirConditioningActive", "value": True}])
    c.routines.save("Ignition", {"type": "ignition", "state": "on"}, [], [{"type": "notice", "text": "Hello"}])
    for soc in (25, 22, 19.5, 19, 18, 17):
        c.set(CHARGE, float(soc), source="simulator")
    assert notices.count("Charge low: find a charger.") == 1
    for t in (28, 31, 33, 29, 31):
        c.set("Vehicle.Cabin.HVAC.AmbientAirTemperature", float(t), source="simulator")
    assert [r.outcome for r in runs(c, "Hot cabin")] == ["done", "done"]
    assert c.get("Vehicle.Cabin.HVAC.IsAirConditioningActive") is True
    c.set(IGNITION, "ON", source="simulator")
    c.set(IGNITION, "START", source="simulator")
    assert notices.count("Hello") == 1


def test_a_home_device_change_triggers(controller, notices):
    c = controller
    c.routines.save("Doorbell porch", {"type": "device", "device": "event.doorbell"}, [],
                    [{"type": "home", "device": "light.porch", "action": "on"}])
    c.home.do("doorbell", "ring", source="simulator")
    assert c.home.backend.get("light.porch").state == "on"
    assert any("Doorbell" in t for t in notices)
    assert "Doorbell changed" in runs(c, "Doorbell porch")[-1].why


def test_refuses_routines_that_cannot_work(controller):
    r = controller.routines
    with pytest.raises(InvalidValue, match="no device"):
        r.save("Ghost", {"type": "manual"}, [], [{"type": "home", "device": "light.attic", "action": "on"}])
    with pytest.raises(InvalidValue, match="does not have"):
        r.save("Seat", {"type": "manual"}, [], [{"type": "car", "path": "Vehicle.Cabin.Seat.Row1.DriverSide.Seating.HeatingCooling",
                                                  "value": 2}])
    with pytest.raises(InvalidValue, match="needs your PIN"):
        r.save("Let in", {"type": "arrive", "distance_m": 100}, [],
               [{"type": "home", "device": "lock.front_door", "action": "unlock"}])
    # unlocking the car needs the driver's PIN or yes each time: refused when saved, not only when run
    with pytest.raises(InvalidValue, match="A routine can't unlock"):
        r.save("Open up", {"type": "arrive", "distance_m": 100}, [],
               [{"type": "car", "path": "Vehicle.Cabin.Door.Row1.DriverSide.IsLocked", "value": False}])
    r.save("Lock up", {"type": "leave", "distance_m": 100}, [],  # locking is always allowed
           [{"type": "car", "path": "Vehicle.Cabin.Door.Row1.DriverSide.IsLocked", "value": True}])
    r.delete("Lock up")
    with pytest.raises(InvalidValue, match="reading"):
        r.save("Speedy", {"type": "manual"}, [], [{"type": "car", "path": SPEED, "value": 10}])
    with pytest.raises(InvalidValue, match="at least one action"):
        r.save("Nothing", {"type": "manual"}, [], [])
    with pytest.raises(InvalidValue, match="already a routine"):
        r.save("open the garage on ARRIVAL", {"type": "manual"}, [], [{"type": "notice", "text": "x"}])
    before = len(r.list())
    controller.car_for_model("abarth-695-2023")  # a petrol car: no battery charge
    with pytest.raises(InvalidValue, match="no charge reading"):
        r.save("Low", {"type": "charge", "op": "below", "value": 20}, [], [{"type": "notice", "text": "x"}])
    assert len(r.list()) == before


def test_editing_is_parked_only(controller):
    controller.set(SPEED, 50.0, source="simulator")
    with pytest.raises(NotAllowed, match="parked"):
        controller.routines.save("Later", {"type": "manual"}, [], [{"type": "notice", "text": "x"}])


def test_a_setting_missing_on_another_car_is_logged_not_crashed(controller):
    r = controller.routines
    rear = "Vehicle.Cabin.HVAC.Station.Row2.Passenger.Temperature"
    r.save("Warm", {"type": "manual"}, [], [{"type": "car", "path": rear, "value": 22.0},
                                             {"type": "notice", "text": "Warm"}])
    controller.car_for_model("abarth-500e-2024")  # one climate zone: no rear seats' temperature
    assert not controller.has(rear)
    did = r.run("Warm")
    assert did[0].startswith("refused") and did[1] == "notice: Warm"
    assert "would be refused" in r.dry_run("Warm").steps[0]


def test_dry_run_says_what_it_would_do_and_changes_nothing(controller, drive):
    c = controller
    before = c.home.backend.get(GARAGE).state
    dry = c.routines.dry_run("Open the garage on arrival")
    assert dry.blocked is None  # far from home: a routine may not open the garage from there
    assert dry.steps[0].startswith("ask") and "needs your PIN" in dry.steps[0]
    assert c.routines.question() is None
    c.routines.set_enabled("Open the garage on arrival", False)
    drive.at(80)
    drive.park()
    dry = c.routines.dry_run("Open the garage on arrival")
    assert "Garage door: open (now closed)" in dry.steps[0]
    dry = c.routines.dry_run("Pre-heat on cold weekday mornings")
    assert "outside temperature is" in dry.blocked
    assert c.home.backend.get(GARAGE).state == before and c.routines.question() is None
    assert c.routines.runs("Open the garage on arrival")[0].dry


def test_profile_routines_and_valet(controller, notices):
    c = controller
    with c.store.write():
        other = c.store.profiles.add("Sam", "SA", "#00FF00")
    c.routines.save("Sam's", {"type": "ignition", "state": "on"}, [], [{"type": "notice", "text": "Hi Sam"}],
                    profile_id=other.id)
    c.set(IGNITION, "ON", source="simulator")
    assert "Hi Sam" not in notices
    assert "belongs to Sam" in c.routines.runs("Sam's")[0].why
    c.set(IGNITION, "OFF", source="simulator")
    c.set("Vehicle.Private.SmartCockpit.Valet.IsActive", True)
    c.routines.save("Any", {"type": "ignition", "state": "on"}, [], [{"type": "notice", "text": "Hi all"}])
    c.set(IGNITION, "ON", source="simulator")
    assert "Hi all" not in notices and "valet" in c.routines.runs("Any")[0].why


def test_switching_off_and_deleting(controller, drive):
    c = controller
    c.routines.set_enabled("Open the garage on arrival", False)
    drive.to(3000, 100, step=200)
    assert c.routines.question() is None
    drive.park()
    c.routines.delete("Open the garage on arrival")
    with pytest.raises(CockpitError, match="no routine"):
        c.routines.get("Open the garage on arrival")


def test_routines_survive_a_restart(db_path, clock):
    c = Controller.open(db_path, clock=clock)
    c.routines.save("Mine", {"type": "time", "at": "18:30", "days": [5, 6]},
                    [{"type": "driving", "state": "parked"}], [{"type": "notice", "text": "Weekend"}])
    c.routines.set_enabled("Close the garage on departure", False)
    c.close()
    c = Controller.open(db_path, clock=clock)
    mine = c.routines.get("Mine")
    assert mine.trigger == {"type": "time", "at": "18:30", "days": [5, 6]}
    assert not c.routines.get("Close the garage on departure").enabled
    assert "6:30 PM on weekends" in c.routines.describe(mine)  # the demo car's 12-hour clock
    c.close()


def test_distance_is_sane():
    assert 1100 < distance_m(*HOME, *north_of_home(1112)) < 1125


def test_the_editor_builds_from_menus_and_offers_every_setting(controller):
    d = controller.routines.draft()
    title, options = d.options("add_a", ("car",))
    assert options[-1][0] == "*all"
    title, everything = d.options("add_a", ("car", "*all"))
    assert len(everything) > 20 and all(controller.spec(p).writable for p, _ in everything)
    path = everything[0][0]
    d.choose("add_a", ("car", "*all", path))
    d.choose("add_a", ("home", "cover.garage_door", "close"))
    assert d.toggle_ask("a.1")
    d.choose("trigger", ("time",))
    d.step("t.at", 1)
    d.step("t.days", 1)
    d.choose("add_c", ("cooldown",))
    d.step("c.0", 1)
    assert d.problems() == ["Give the routine a name."]
    d.set_name("Built")
    saved = d.save()
    assert saved.trigger == {"type": "time", "at": "07:15", "days": [5, 6]}
    assert saved.conditions == [{"type": "cooldown", "seconds": 120}]
    assert saved.actions[0]["path"] == path
    assert saved.actions[1] == {"type": "ask", "seconds": 10, "on_timeout": "do",
                                "action": {"type": "home", "device": "cover.garage_door", "action": "close"}}
    assert [o for o, _ in d.options("add_a", ("home", "lock.front_door"))[1]] == ["lock"]  # no unlock in routines


def test_sunrise_and_sunset():
    from tui.controller.routines import is_dark, sun_times

    rise, sset = sun_times(date(2026, 11, 23), *HOME)  # Auburn Hills, Michigan
    assert (rise.hour, sset.hour) == (12, 22) and 30 <= rise.minute <= 38 and 0 <= sset.minute <= 8
    assert sun_times(date(2026, 6, 21), 78.2, 15.6) == ("up", "up")  # Svalbard: midnight sun
    assert sun_times(date(2026, 12, 21), 78.2, 15.6) == (None, None)  # polar night
    assert is_dark(datetime(2026, 12, 21, 12, 0, tzinfo=timezone.utc), 78.2, 15.6)[0]
    assert not is_dark(datetime(2026, 11, 23, 17, 0, tzinfo=timezone.utc), *HOME)[0]
    assert is_dark(datetime(2026, 11, 24, 3, 0, tzinfo=timezone.utc), *HOME)[0]


def test_a_refused_answer_is_a_refused_step(controller, drive):
    """Yes to a question whose action the car refuses: the answer says so as a refused Step (the
    screen warns by that flag, never by reading the words), and the log says failed."""
    c = controller
    drive.to(2000, 100, step=100)
    assert c.routines.question() is not None
    c.set("Vehicle.Private.SmartCockpit.Valet.IsActive", True, source="system")  # valet: no home security
    step = c.routines.answer(True)
    assert step is not None and step.refused and step.text.startswith("refused: ")
    assert runs(c, "Open the garage on arrival")[-1].outcome == "failed"
    assert garage(c) == "closed"
