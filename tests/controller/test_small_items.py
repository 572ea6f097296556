"""Issue 16, "Small": what the Drive dashboard, Driver Assist and the trips tell the driver must
agree with the car (trip time after parking, gear and parked, armed assistance, the tile's level,
two-valued settings, a slower key, distances, one time base for trips)."""

from __future__ import annotations

from datetime import datetime
from itertools import pairwise

import pytest

from tui.controller import units
from tui.controller.controls import AtLimit
from tui.controller.simulator import DRIVE, PARK

P = "Vehicle.Private.SmartCockpit."
HF = P + "ADAS.HandsFree.IsActive"
EO = P + "ADAS.EyesOff.IsActive"
CRUISE = "Vehicle.ADAS.CruiseControl.IsEnabled"
DMS = "Vehicle.ADAS.DMS.IsEnabled"
GEAR = "Vehicle.Powertrain.Transmission.SelectedGear"
IGNITION = "Vehicle.LowVoltageSystemState"
SPEED = "Vehicle.Speed"


def drive(c, sim_seconds, speedup=10, step=0.5):
    sim = c.simulator
    sim.set_speedup(speedup)
    if sim.state != "running":
        sim.start()
    for _ in range(int(sim_seconds / speedup / step)):
        c.clock.advance(step)
        sim.pump()
        if sim.state != "running":
            break


# ---------------------------------------------------------------------- trip time after X (park)
def test_after_parking_the_trip_keeps_its_real_duration(controller):
    c = controller
    drive(c, 600)
    while_driving = c.drive.dashboard().trip
    assert while_driving.endswith("10:00"), while_driving
    c.simulator.stop()  # X
    trip = c.drive.dashboard().trip
    assert not trip.endswith("· 0:00"), trip
    assert trip.endswith("10:00") and trip.split(" · ")[0] == while_driving.split(" · ")[0]
    assert c.store.trips.list(c.car.vin, 1)[0].duration_s == pytest.approx(600, abs=1)
    c.simulator.load_named("builtin")  # choosing a route after parking does not zero it either
    assert c.drive.dashboard().trip.endswith("10:00")


# ---------------------------------------------------------------------- gear and parked agree
def test_in_drive_at_zero_the_car_is_stopped_not_parked(controller):
    c = controller
    assert c.drive.dashboard().status == "Parked" and c.status().driving == "Parked"
    c.simulator.start()  # ignition on, in D, not yet rolling
    d = c.drive.dashboard()
    assert (d.gear, c.get(SPEED)) == ("D", 0.0)
    assert d.status == "Stopped" and c.status().driving == "Stopped"
    assert c.restrictions().text_entry  # standing still: what is allowed parked still is
    drive(c, 60)
    assert c.drive.dashboard().status == "Moving"
    c.simulator.stop()
    d = c.drive.dashboard()
    assert (d.gear, d.status, c.get(GEAR)) == ("P", "Parked", PARK)


# ---------------------------------------------------------------------- hands-free / eyes-off parked
def ready_for_assist(c):
    c.services.start_trial("handsfree")
    c.set_many({CRUISE: True, DMS: True})


def row(c, path):
    return next(r for r in c.driver_assistance.controls() if r.id == path)


def test_hands_free_and_eyes_off_are_only_armed_while_parked_with_the_ignition_off(controller):
    c = controller  # the demo Jeep: Level 3, parked, ignition off
    ready_for_assist(c)
    a = c.driver_assistance
    assert (c.get(IGNITION), c.get(GEAR)) == ("OFF", PARK)
    said = a.activate(HF)
    assert said == "Hands-free armed: it engages once you drive (the car is parked now)."
    assert row(c, HF).value == "Armed" and a.state_text() == "Hands-free armed"
    assert c.format(HF) == "Armed"  # the same word wherever it is shown (CLI, assistant, history)
    assert a.summary() == "L3 · hands-free armed"
    assert not a.engaged(HF)
    c.set_many({IGNITION: "ON", GEAR: DRIVE}, source="simulator")  # the drive begins: it engages
    assert row(c, HF).value == "On" and a.state_text() == "Hands-free engaged" and a.engaged(HF)
    c.set_many({IGNITION: "OFF", GEAR: PARK}, source="simulator")
    assert a.activate(EO).startswith("Eyes-off armed:")
    assert row(c, EO).value == "Armed" and a.state_text() == "Eyes-off (L3) armed"


def test_the_tile_says_l3_only_once_the_eyes_off_row_can_be_used(controller):
    c = controller
    a = c.driver_assistance
    assert row(c, EO).reason is not None  # no AutoDrive Hands-Free service yet: the row is dimmed
    assert "L3" not in a.summary() and a.summary() == "ACC off"
    c.services.start_trial("handsfree")
    assert row(c, EO).value == "Off" and a.summary() == "L3 · ACC off"
    c.car_for_model("abarth-695-2023")  # no hands-free at all
    assert a.summary() == "ACC off"


# ---------------------------------------------------------------------- two-valued settings
def test_a_two_valued_setting_flips_with_left_right_and_enter(controller):
    c = controller
    lights = "Vehicle.ADAS.EBA.IsEnabled"
    assert c.spec(lights).kind == "toggle"
    start = c.get(lights)
    c.step(lights, -1)
    c.step(lights, -1)  # never "at its limit": Left flips it back
    assert c.get(lights) == start
    c.step(lights, -1)
    assert c.get(lights) is (not start)
    unit = "Vehicle.Cabin.Infotainment.HMI.TimeFormat"
    assert c.spec(unit).allowed == ("HR_12", "HR_24") and c.get(unit) == "HR_12"
    c.step(unit, -1)
    assert c.get(unit) == "HR_24"
    c.step(unit, 1)
    assert c.get(unit) == "HR_12"
    c.toggle(unit)
    assert c.get(unit) == "HR_24"
    said = c.driver_assistance.change("Vehicle.ADAS.EBA.IsEnabled", 1)
    assert not isinstance(said, AtLimit)


# ---------------------------------------------------------------------- a slower key
def test_the_simulator_has_a_slower_step_as_well_as_a_faster_one(controller):
    sim = controller.simulator
    assert sim.speedup == 1 and sim.slower() == 1  # real time is the slowest
    sim.set_speedup(60)
    assert [sim.slower() for _ in range(6)] == [30, 10, 5, 2, 1, 1]
    sim.set_speedup(7)
    assert sim.slower() == 5 and sim.faster() == 10


# ---------------------------------------------------------------------- distances
@pytest.mark.parametrize("metres, unit, text", [
    (6_876_200, "KILOMETERS", "6,876 km"), (38_500, "KILOMETERS", "38.5 km"), (640, "KILOMETERS", "640 m"),
    (4_300, "MILES", "2.7 mi"), (250, "MILES", "820 ft"), (6_876_200, "MILES", "4,273 mi"),
    (None, "MILES", "unknown distance"),
])
def test_distances_read_with_a_sensible_precision_in_the_drivers_unit(metres, unit, text):
    assert units.how_far_text(metres, unit) == text


def test_how_far_home_is_in_the_drivers_unit(controller):
    c = controller
    c.car_for_model("peugeot-e-208-2024")  # in Turin, the demo home in Michigan
    assert c.home.distance_text() == "6,876 km"
    c.set("Vehicle.Cabin.Infotainment.HMI.DistanceUnit", "MILES")
    assert c.home.distance_text() == "4,273 mi"


# ---------------------------------------------------------------------- one time base for trips
def test_trips_driven_at_a_speed_up_follow_each_other_on_one_clock(controller):
    c = controller
    for _ in range(3):
        drive(c, 1200, speedup=60)  # 20 minutes of driving in 20 s of wall time
        c.simulator.stop()
        c.clock.advance(30)  # half a minute later, the next drive
    trips = sorted(c.store.trips.list(c.car.vin, 10), key=lambda t: t.started_at)
    assert len(trips) == 3
    for t in trips:
        started, ended = datetime.fromisoformat(t.started_at), datetime.fromisoformat(t.ended_at)
        assert (ended - started).total_seconds() == pytest.approx(t.duration_s, abs=1)
        assert t.duration_s == pytest.approx(1200, abs=2)
    for before, after in pairwise(trips):
        assert datetime.fromisoformat(after.started_at) >= datetime.fromisoformat(before.ended_at)
    assert c.trips.totals("day").trips == 3  # the day's totals read the same clock


def test_the_simulators_clock_is_kept_for_other_processes(controller, db_path, clock):
    from tui.controller import Controller

    c = controller
    drive(c, 1200, speedup=60)
    c.simulator.stop()
    ahead = (c.simulator.now() - c.clock.now()).total_seconds()
    assert ahead == pytest.approx(1200 - 20, abs=2)
    other = Controller.open(db_path, clock=clock)
    try:
        other.simulator.start()
        assert (other.simulator.now() - clock.now()).total_seconds() == pytest.approx(ahead, abs=0.01)
        other.simulator.stop()
    finally:
        other.close()


def test_the_command_line_says_armed_while_parked(tmp_path, monkeypatch):
    from click.testing import CliRunner

    from tui.cli import main

    monkeypatch.delenv("SMARTCOCKPIT_DB", raising=False)
    runner = CliRunner()

    def cli(*args):
        return runner.invoke(main, ["--db", str(tmp_path / "cli.db"), *args], catch_exceptions=False)

    assert cli("services", "trial", "handsfree").exit_code == 0
    cli("state", "set", CRUISE, "true")
    r = cli("state", "set", HF, "true")
    assert r.exit_code == 0 and r.stdout.strip() == "Hands-free (Level 2+): Armed", r.output
    assert cli("state", "get", HF).stdout.strip().endswith("Armed")
