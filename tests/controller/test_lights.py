"""Lights and display on cars with and without ambient lighting: the palette, intensity, the
exterior light switch's allowed values, day/night and brightness."""

from __future__ import annotations

import pytest

from tui.controller.errors import InvalidValue, NotAllowed, NotOnThisCar
from tui.controller.lights import PALETTE

AMB = "Vehicle.Cabin.Light.AmbientLight.Row1."
SWITCH = "Vehicle.Body.Lights.LightSwitch"
BRIGHT = "Vehicle.Cabin.Infotainment.HMI.Brightness"


@pytest.mark.parametrize("model", ["jeep-grand-cherokee-2024", "maserati-grecale-folgore-2024", "ram-1500-2025"])
def test_ambient_palette_and_intensity(controller, model):
    controller.car_for_model(model)
    lights = controller.lights
    assert lights.set_ambient_colour("teal") == "Ambient light: Teal"
    assert controller.get(AMB + "DriverSide.Color") == controller.get(AMB + "PassengerSide.Color") == PALETTE["Teal"]
    lights.change("ambientcolour", 1)
    assert controller.get(AMB + "DriverSide.Color") == PALETTE["Cyan"]
    with pytest.raises(InvalidValue, match="Ambient colours"):
        lights.set_ambient_colour("chartreuse")
    lights.set_ambient_level(40)
    assert controller.get(AMB + "PassengerSide.Intensity") == 40
    for bad in (-5, 101, "bright"):
        with pytest.raises(InvalidValue):
            lights.set_ambient_level(bad)
    lights.set_ambient_level(0)
    assert controller.get(AMB + "DriverSide.IsLightOn") is False
    assert next(c for c in lights.controls() if c.id == "ambientlevel").value == "Off"
    lights.change("ambientlevel", 1)
    assert controller.get(AMB + "DriverSide.IsLightOn") is True


def test_exterior_switch_cycles_the_specs_values(controller):
    lights = controller.lights
    seen = set()
    for _ in range(6):
        lights.activate(SWITCH)
        seen.add(controller.get(SWITCH))
    assert seen == {"OFF", "POSITION", "DAYTIME_RUNNING_LIGHTS", "AUTO", "BEAM"}
    with pytest.raises(InvalidValue):
        controller.set(SWITCH, "DISCO")


def test_day_night_and_brightness(controller):
    lights = controller.lights
    lights.activate("Vehicle.Cabin.Infotainment.HMI.DayNightMode")
    assert controller.get("Vehicle.Cabin.Infotainment.HMI.DayNightMode") == "NIGHT"
    controller.set(BRIGHT, 100.0)
    assert "limit" in lights.change(BRIGHT, 1)
    lights.change(BRIGHT, -1)
    assert controller.get(BRIGHT) == 90.0


def test_no_ambient_light_is_shown_dimmed_with_the_reason(controller):
    controller.car_for_model("fiat-500e-2024")
    lights = controller.lights
    row = next(c for c in lights.controls() if c.id == "ambientcolour")
    assert row.reason and "no ambient" in row.reason
    with pytest.raises(NotAllowed):
        lights.activate("ambientcolour")
    with pytest.raises(NotOnThisCar):
        lights.set_ambient_colour("Red")
