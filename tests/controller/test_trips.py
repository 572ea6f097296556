"""Trips: a drive of the simulator (start .. park) is a trip in SQLite; list, totals, CSV export."""

from __future__ import annotations

import os
import stat

import pytest

from tui.controller.errors import InvalidValue, NotAllowed


def drive(controller, clock, seconds=240, step=0.5):
    sim = controller.simulator
    sim.set_speedup(10)
    sim.start()
    for _ in range(int(seconds / step)):
        clock.advance(step)
        sim.pump()
        if sim.state != "running":
            break
    sim.stop()


def test_a_drive_is_a_trip(controller, clock):
    trips = controller.trips
    assert trips.count() == 0
    drive(controller, clock)
    assert trips.count() == 1
    t = trips.list()[0]
    assert t.start_place == "Home" and t.ended_at
    assert t.distance_m > 1000 and 1500 < t.duration_s <= 2400  # simulated time (ten times faster), not wall time
    assert t.energy_kwh > 0 and t.fuel_l is None
    v = trips.view(t)
    assert v.distance.endswith(" mi") and v.average.endswith(" mph") and "mi/kWh" in v.efficiency  # a US car
    day = trips.totals("day")
    assert day.trips == 1 and day.distance == v.distance
    assert trips.totals("week").trips == 1
    with pytest.raises(InvalidValue):
        trips.totals("year")


def test_a_whole_route_ends_as_a_trip_home(controller, clock):
    sim = controller.simulator
    sim.set_speedup(60)
    sim.start()
    while sim.state == "running":
        clock.advance(1)
        sim.pump()
    t = controller.trips.list()[0]
    assert t.end_place == "Home" and t.distance_m > 20_000


def test_fuel_cars_count_litres(controller, clock):
    controller.add_vehicle("jeep-cherokee-2023", "Petrol")
    drive(controller, clock, 600)
    t = controller.trips.list()[0]
    assert t.fuel_l is not None and t.energy_kwh is None
    assert "L" in controller.trips.view(t).used or "gal" in controller.trips.view(t).used


def test_csv_export_is_private_and_refuses_special_files(controller, clock, tmp_path):
    drive(controller, clock)
    drive(controller, clock)
    target, rows = controller.trips.export(tmp_path / "trips.csv")
    assert rows == 2
    text = target.read_text()
    assert text.splitlines()[0].startswith("started,ended,from,to,distance_km")
    assert stat.S_IMODE(os.stat(target).st_mode) == 0o600
    fifo = tmp_path / "pipe"
    os.mkfifo(fifo)
    with pytest.raises(InvalidValue):
        controller.trips.export(fifo)
    with pytest.raises(InvalidValue):
        controller.trips.export(tmp_path)


def test_trips_are_hidden_in_valet_mode(controller, clock):
    drive(controller, clock)
    controller.set("Vehicle.Private.SmartCockpit.Valet.IsActive", True, "ui")
    with pytest.raises(NotAllowed):
        controller.trips.list()
