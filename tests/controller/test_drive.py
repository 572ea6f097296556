"""The Drive dashboard and the home-tile summaries of the vehicle menus, in the driver's units."""

from __future__ import annotations

import pytest

from tui.controller import menus

HMI = "Vehicle.Cabin.Infotainment.HMI."
MINE = ("drive", "climate", "seats", "lights", "driver_assistance")


def test_dashboard_in_the_drivers_units(controller, clock):
    controller.set_many({HMI + "SpeedUnit": "KILOMETERS_PER_HOUR", HMI + "DistanceUnit": "KILOMETERS",
                         HMI + "TemperatureUnit": "C"})
    d = controller.drive.dashboard()
    assert (d.speed, d.gear, d.ignition, d.moving) == ("0 km/h", "P", "Off", False)
    assert d.outside == "14.0 °C" and "% charge" in d.energy and d.range.endswith("km")
    assert d.simulator.startswith("Not running")
    controller.simulator.start()
    for _ in range(100):
        clock.advance(0.1)
        controller.simulator.pump()
    d = controller.drive.dashboard()
    assert d.gear == "D" and d.ignition == "On" and d.moving
    assert d.speed.endswith("km/h") and d.speed != "0 km/h"
    assert d.trip.endswith("0:10") and d.simulator.startswith("Running")
    controller.set(HMI + "SpeedUnit", "MILES_PER_HOUR")
    assert controller.drive.dashboard().speed.endswith("mph")


def test_fuel_car_dashboard(controller):
    controller.car_for_model("ram-1500-2025")
    d = controller.drive.dashboard()
    assert "% fuel" in d.energy and "charge" not in d.energy


@pytest.mark.parametrize("model", ["fiat-500e-2024", "jeep-grand-cherokee-2024", "ram-1500-2025",
                                   "maserati-grecale-folgore-2024", "abarth-500e-2024"])
def test_tile_summaries_come_whole_on_one_line(controller, model):
    """The controller says the whole line (never cut by characters: that cut "Auto · warm whit" and
    split emoji); the tile fits it to its cells with an ellipsis (tests/tui/test_text_fit.py)."""
    controller.car_for_model(model)
    controller.lights.set_ambient_colour("Warm white") if controller.lights.sides() else None
    controller.set("Vehicle.Speed", 123.0, source="simulator")
    for m in menus.MENUS:
        if m.id in MINE:
            text = menus.summary(controller, m)
            assert text and "\n" not in text and not text.endswith("…"), (m.id, text)
            assert len(text) <= 40, (m.id, text)  # a line, not a paragraph
