"""Charging on the demo car (Jeep Wagoneer S: 100.5 kWh, 11 kW on-board charger, in the catalog):
plug, limit, current, cheap hours, departure preconditioning, time to full, the session history."""

from __future__ import annotations

from datetime import datetime

import pytest

from tui.controller.charging import (CABLE, IS_CHARGING, LIMIT, PRECONDITIONING, SOC, TIME_TO_COMPLETE, days_of,
                                     hhmm, in_window)
from tui.controller.errors import InvalidValue, NotAllowed, NotOnThisCar


def charge_for(controller, clock, seconds, step=1.0):
    for _ in range(int(seconds / step)):
        clock.advance(step)
        controller.tick()


def test_the_numbers_come_from_the_catalog(controller):
    ch = controller.charging
    assert ch.battery_kwh() == 100.5 and ch.charger_kw() == 11.0
    assert ch.power_kw() == 11.0  # 16 A, three phases: the charger's full power
    ch.set_current(8)
    assert ch.power_kw() == 5.5
    st = ch.status()
    assert (st.plugged, st.charging, st.limit) == (False, False, 80)


def test_plugged_in_it_charges_at_the_cars_rate_up_to_the_limit(controller, clock):
    ch = controller.charging
    controller.set(SOC, 70.0, "simulator")
    controller.simulator.plug()
    assert controller.get(CABLE) is True
    charge_for(controller, clock, 2)
    assert controller.get(IS_CHARGING) is True
    # 10 % of 100.5 kWh at 11 kW is 55 min
    assert 54 * 60 <= controller.get(TIME_TO_COMPLETE) <= 55 * 60
    soc0 = controller.get(SOC)
    charge_for(controller, clock, 600, step=10)  # ten minutes: 11 kW x 1/6 h = 1.83 kWh = 1.82 %
    assert controller.get(SOC) == pytest.approx(soc0 + 11 / 6 / 100.5 * 100, abs=0.05)
    charge_for(controller, clock, 3600, step=30)
    assert controller.get(SOC) == 80.0 and controller.get(IS_CHARGING) is False
    assert "charged to the limit" in ch.status().state
    session = ch.history()[0]
    assert session.ended_at and session.place == "42.6875, -83.2341"  # the demo car's parking, 2.7 mi from home (issue 16)
    assert any("Charged to 80 %" in a.text for a in controller.alerts.list())  # an alert says it is done
    assert (session.from_soc, session.to_soc) == (70.0, 80.0)
    assert session.energy_kwh == pytest.approx(10.05, abs=0.05)


def test_the_simulators_speedup_charges_faster(controller, clock):
    controller.set(SOC, 50.0, "simulator")
    controller.simulator.set_speedup(60)
    controller.simulator.plug()
    charge_for(controller, clock, 11)
    assert controller.get(SOC) == pytest.approx(50 + 11 * 10 / 60 / 100.5 * 100, abs=0.1)  # ten minutes of charge


def test_limit_start_stop_and_unplug(controller, clock):
    ch = controller.charging
    controller.set(SOC, 79.0, "simulator")
    with pytest.raises(NotAllowed):
        ch.start()
    controller.simulator.plug()
    assert ch.set_limit(90) == "Charge limit: 90 %"
    with pytest.raises(InvalidValue):
        ch.set_limit(120)
    charge_for(controller, clock, 2)
    assert controller.get(IS_CHARGING)
    ch.stop()
    assert controller.get(IS_CHARGING) is False
    ch.start()
    assert controller.get(IS_CHARGING) is True
    controller.simulator.plug(False)
    charge_for(controller, clock, 2)
    assert controller.get(IS_CHARGING) is False and ch.history()[0].ended_at


def test_cheap_hours_wait_then_charge(controller, clock):
    ch = controller.charging  # the clock starts Monday 23 Nov 2026 08:00 local
    ch.set_schedule("09:00", "10:00", "weekdays")
    controller.set(SOC, 60.0, "simulator")
    controller.simulator.plug()
    charge_for(controller, clock, 60, step=10)
    assert controller.get(IS_CHARGING) is False and "waiting for the cheap hours" in ch.status().state
    charge_for(controller, clock, 3600, step=30)  # 09:01
    assert controller.get(IS_CHARGING) is True
    charge_for(controller, clock, 3600, step=30)  # 10:01
    assert controller.get(IS_CHARGING) is False and 60 < controller.get(SOC) < 80
    assert ch.start().startswith("Charging at")  # start now overrides the cheap hours
    with pytest.raises(InvalidValue):
        ch.set_schedule("25:00")


def test_departure_preconditions_the_cabin_before_it(controller, clock):
    ch = controller.charging
    ch.set_departure("8:30 am", "weekdays")
    assert "8:30 AM Mon-Fri" in ch.status().departure  # the demo car reads 12 hours
    charge_for(controller, clock, 60 * 9, step=30)  # 08:09
    assert controller.get(PRECONDITIONING) is False
    controller.set("Vehicle.Cabin.HVAC.AmbientAirTemperature", 10.0, "simulator")
    charge_for(controller, clock, 60 * 2, step=30)  # 08:11, 19 min before
    assert controller.get(PRECONDITIONING) is True
    warmed = controller.get("Vehicle.Cabin.HVAC.AmbientAirTemperature")
    assert 10 < warmed <= 11  # warming since 08:10, 0.5 °C a minute
    charge_for(controller, clock, 60 * 10, step=30)
    assert controller.get("Vehicle.Cabin.HVAC.AmbientAirTemperature") == pytest.approx(warmed + 5, abs=0.01)
    charge_for(controller, clock, 60 * 20, step=30)  # 08:31
    assert controller.get(PRECONDITIONING) is False
    # a software update keeps clear of the next departure: Tuesday 8:30
    assert controller.get("Vehicle.Private.SmartCockpit.Schedule.NextDeparture").startswith("2026-11-24T08:30")
    ch.set_departure(enabled=False)
    assert controller.get("Vehicle.Private.SmartCockpit.Schedule.NextDeparture") == ""


def test_valet_mode_locks_the_settings_and_hides_the_history(controller):
    controller.set("Vehicle.Private.SmartCockpit.Valet.IsActive", True, "ui")
    with pytest.raises(NotAllowed):
        controller.charging.set_limit(90)
    with pytest.raises(NotAllowed):
        controller.charging.history()
    assert controller.simulator.plug().startswith("Plugged in.")  # a hand at the car, not a setting


def test_port_and_moving_rules(controller, clock):
    ch = controller.charging
    assert ch.set_flap(True) == "Charge port open."
    controller.simulator.plug()
    with pytest.raises(NotAllowed):
        ch.set_flap(False)  # the cable is in
    controller.simulator.plug(False)
    assert ch.set_flap(False) == "Charge port closed."
    controller.simulator.start()
    with pytest.raises(NotAllowed):
        controller.simulator.plug()


def test_a_combustion_car_has_no_charging(controller):
    controller.add_vehicle("jeep-cherokee-2023", "Petrol")
    assert not controller.charging.available
    with pytest.raises(NotOnThisCar):
        controller.charging.status()
    assert controller.charging.controls()[0].reason


def test_a_plugin_hybrid_charges_at_its_own_rate(controller):
    controller.add_vehicle("jeep-wrangler-4xe-2024", "4xe")
    ch = controller.charging
    assert (ch.battery_kwh(), ch.charger_kw(), ch.power_kw()) == (17.3, 7.4, 7.4)
    assert not controller.has(LIMIT)  # this model has no charge limit
    with pytest.raises(NotOnThisCar):
        ch.set_limit(80)


def test_times_and_days():
    assert hhmm("7:30 pm") == "19:30" and hhmm("01:00") == "01:00" and hhmm("7") == "07:00"
    with pytest.raises(InvalidValue):
        hhmm("13:00 pm")
    assert days_of("weekdays") == ["MO", "TU", "WE", "TH", "FR"] and days_of("su, mo") == ["MO", "SU"]
    monday_late = datetime(2026, 11, 23, 23, 30)
    tuesday_early = datetime(2026, 11, 24, 5, 0)
    assert in_window(monday_late, "22:00", "06:00", ["MO"]) and in_window(tuesday_early, "22:00", "06:00", ["MO"])
    assert not in_window(tuesday_early, "22:00", "06:00", ["TU"])


# ---------------------------------------------------------------- routines (issue 17)
def _at_home(controller):
    place = controller.store.home.place()
    assert place is not None  # the demo home has its place
    controller.set_many({"Vehicle.CurrentLocation.Latitude": place.latitude + 0.0001,
                         "Vehicle.CurrentLocation.Longitude": place.longitude}, "simulator")


def test_routine_when_home_and_plugged_in_charge_from_one(controller, clock):
    from tui.controller.charging import SCHEDULE_ON, SCHEDULE_START

    r = controller.routines.save("Cheap night", {"type": "plugged", "state": "in"}, [{"type": "at_home"}],
                                 [{"type": "charging", "do": "schedule", "start": "01:00", "end": "06:00",
                                   "days": [0, 1, 2, 3, 4, 5, 6]}])
    from tui.controller.routines.describe import describe_routine

    assert describe_routine(r, controller) == ("When the car is plugged in, if the car is at home: charge in the "
                                               "cheap hours, 1:00 AM-6:00 AM on every day.")
    _at_home(controller)
    controller.set(SOC, 60.0, "simulator")
    controller.simulator.plug()
    assert controller.get(SCHEDULE_ON) is True and controller.get(SCHEDULE_START) == "01:00"
    charge_for(controller, clock, 5)
    assert controller.get(IS_CHARGING) is False  # 08:00: waiting for 01:00
    assert "waiting for the cheap hours" in controller.charging.status().state


def test_routine_away_from_home_does_not_schedule(controller, clock):
    from tui.controller.charging import SCHEDULE_ON

    controller.routines.save("Cheap night", {"type": "plugged"}, [{"type": "at_home"}],
                             [{"type": "charging", "do": "schedule"}])
    place = controller.store.home.place()
    controller.set_many({"Vehicle.CurrentLocation.Latitude": place.latitude + 0.05,
                         "Vehicle.CurrentLocation.Longitude": place.longitude}, "simulator")
    controller.simulator.plug()
    assert controller.get(SCHEDULE_ON) is False


def test_routine_precondition_at_half_past_seven_on_weekdays(controller, clock):
    from tui.controller.charging import DEPARTURE_DAYS, DEPARTURE_ON, DEPARTURE_TIME

    controller.routines.save("Warm mornings", {"type": "manual"}, [],
                             [{"type": "precondition", "at": "07:30", "days": [0, 1, 2, 3, 4]}])
    controller.routines.run("Warm mornings")
    assert (controller.get(DEPARTURE_ON), controller.get(DEPARTURE_TIME), controller.get(DEPARTURE_DAYS)) == (
        True, "07:30", "MO,TU,WE,TH,FR")


def test_routine_checks_refuse_what_cannot_work(controller):
    problems = controller.routines.problems("X", {"type": "manual"}, [],
                                            [{"type": "precondition", "at": "25:00"},
                                             {"type": "charging", "do": "limit", "value": 30}])
    assert any("not a time of day" in p for p in problems) and any("50 to 100" in p for p in problems)
    controller.add_vehicle("jeep-cherokee-2023", "Petrol")
    problems = controller.routines.problems("X", {"type": "plugged"}, [], [{"type": "charging", "do": "start"}])
    assert problems and "no battery to charge" in problems[0]


def test_routine_builder_offers_charging(controller):
    from tui.controller.routines.editor import RoutineDraft

    d = RoutineDraft(controller)
    assert ("charging", "Charging") in d.options("add_a")[1]
    d.choose("add_a", ("charging", "precondition"))
    d.step("a.0", 1)
    assert d.actions == [{"type": "precondition", "at": "07:45", "days": [0, 1, 2, 3, 4]}]
    assert "plugged" in [k for k, _ in d.options("trigger")[1]]


# ---------------------------------------------------------------- the assistant (issue 17)
def test_assistant_charging(controller, clock):
    from tui.controller.charging import DEPARTURE_ON, DEPARTURE_TIME, FLAP, SCHEDULE_ON, SCHEDULE_START

    a = controller.assistant
    controller.set(SOC, 70.0, "simulator")
    assert "Not plugged in" in a.ask("when will it be full?").text
    controller.simulator.plug()
    assert a.ask("charge to 90 percent").text == "Charge limit 90 %."
    charge_for(controller, clock, 2)
    reply = a.ask("when will it be full?").text
    assert reply.startswith("Full (90 %) in 1 h 50 min") and "mi/h at 11 kW" in reply
    assert a.understand("is it charging").intent == "charging.status"
    assert "Charging at 11 kW" in a.ask("is it charging?").text
    assert a.ask("charge from 1 am to 5 am on weekdays").text == "Cheap hours: 1:00 AM-5:00 AM Mon-Fri."
    assert controller.get(SCHEDULE_ON) is True and controller.get(SCHEDULE_START) == "01:00"
    assert a.ask("precondition the cabin at 7:30").text == "Departure: 7:30 AM Mon-Fri, cabin preconditioned."
    assert controller.get(DEPARTURE_ON) is True and controller.get(DEPARTURE_TIME) == "07:30"
    a.ask("start charging")
    assert a.ask("close the charge port").text.startswith("Unplug the cable")
    controller.simulator.plug(False)
    assert a.ask("close the charge port").text == "Charge port closed." and controller.get(FLAP) is False


def test_assistant_trips(controller, clock):
    a = controller.assistant
    assert a.ask("how far did I drive today?").text == "No trips today yet."
    sim = controller.simulator
    sim.set_speedup(60)
    sim.start()
    while sim.state == "running":
        clock.advance(1)
        sim.pump()
    reply = a.ask("how far did I drive this week?").text
    assert reply.startswith("This week: 1 trip, ") and " mi in " in reply and "kWh" in reply
    assert a.understand("how far can I go").intent == "car.range"  # the range, not the trips


def test_two_processes_on_one_car_do_not_charge_twice(controller, clock, db_path):
    from tui.controller import Controller

    controller.set(SOC, 50.0, "simulator")
    controller.simulator.plug()
    other = Controller.open(db_path, clock=clock)  # `charging plug --charge` beside the app
    try:
        for _ in range(600):
            clock.advance(1)
            for c in (controller, other):  # each picks up the other's writes, as the app does
                c.catch_up()
                c.tick()
        # ten minutes at 11 kW: 1.83 kWh = 1.82 % of 100.5 kWh, once
        assert other.get(SOC) == pytest.approx(50 + 11 / 6 / 100.5 * 100, abs=0.05)
    finally:
        other.close()


def test_a_departure_just_after_midnight_preconditions_before_it(controller, clock):
    ch = controller.charging  # Monday 08:00; the departure is Tuesday 00:10
    ch.set_departure("00:10", "TU")
    charge_for(controller, clock, 15 * 3600 + 45 * 60, step=60)  # Monday 23:45
    assert controller.get(PRECONDITIONING) is False
    charge_for(controller, clock, 10 * 60, step=60)  # 23:55, 15 min before
    assert controller.get(PRECONDITIONING) is True
    charge_for(controller, clock, 20 * 60, step=60)  # 00:15 Tuesday: gone
    assert controller.get(PRECONDITIONING) is False
