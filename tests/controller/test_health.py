"""The car's health: tyre pressures per wheel in the driver's unit with the TPMS warning, a slow
leak on the clock, washer fluid, the 12 V battery, service due, warning lights with their meaning."""

from __future__ import annotations

import pytest

from tui.controller.errors import InvalidValue

HMI = "Vehicle.Cabin.Infotainment.HMI.TirePressureUnit"
FL = "Vehicle.Chassis.Axle.Row1.Wheel.Left.Tire."
RR = "Vehicle.Chassis.Axle.Row2.Wheel.Right.Tire."
LEAK = "Vehicle.Private.SmartCockpit.Simulation.TireLeak"


@pytest.mark.parametrize("unit, shown", [("PSI", "35 psi"), ("BAR", "2.4 bar"), ("KPA", "240 kPa")])
def test_tyres_in_the_drivers_unit(controller, unit, shown):
    controller.set(HMI, unit)
    tyres = controller.health.tyres()
    assert [t.short for t in tyres] == ["FL", "FR", "RL", "RR"]
    assert {t.text for t in tyres} == {shown}
    assert controller.health.pressure_answer() == f"Tyres: FL {shown}, FR {shown}, RL {shown}, RR {shown}."


def test_low_pressure_sets_the_tpms_flag_and_a_warning(controller):
    health = controller.health
    assert health.warnings() == [] and health.summary() is None
    health.set_pressure("rear right", 205)  # under 90 % of 240: worth a look
    assert [t.level for t in health.tyres()] == ["ok", "ok", "ok", "check"]
    assert controller.get(RR + "IsPressureLow") is False
    assert [w.id for w in health.warnings()] == ["tyres_check"]
    health.set_pressure("RR", 170)  # under 75 %: the TPMS light
    assert controller.get(RR + "IsPressureLow") is True
    first = health.warnings()[0]
    assert (first.id, first.severity) == ("tyres", "error") and "rear right" in first.meaning
    assert "inflate" in first.todo
    assert health.summary() == "⚠ Tyre pressure"
    assert health.pressure_answer().endswith("RR 25 psi (low). Low: rear right; inflate soon.")
    health.set_pressure("RR", 240)
    assert controller.get(RR + "IsPressureLow") is False
    with pytest.raises(InvalidValue, match="Wheels"):
        health.set_pressure("spare", 200)


def test_a_slow_leak_loses_air_on_the_clock(controller, clock):
    health = controller.health
    assert health.simulate_leak("FL") == "Slow leak: front left tyre."
    assert controller.get(LEAK) == "Row1.Left"
    for _ in range(35):  # 35 minutes, ticking each minute
        clock.advance(60)
        controller.tick()
    assert controller.get(FL + "Pressure") == 170  # 2 kPa a minute
    assert controller.get(FL + "IsPressureLow") is True
    assert health.simulate_leak(None) == "No leak."
    clock.advance(600)
    controller.tick()
    assert controller.get(FL + "Pressure") == 170


def test_washer_battery_service_and_lights(controller):
    health = controller.health
    controller.set("Vehicle.Body.Windshield.Front.WasherFluid.Level", 10, "simulator")
    controller.set("Vehicle.LowVoltageBattery.CurrentVoltage", 11.5, "simulator")
    controller.set("Vehicle.Service.DistanceToService", 600.0, "simulator")
    controller.set("Vehicle.OBD.Status.IsMILOn", True, "simulator")
    controller.set("Vehicle.ADAS.ABS.IsError", True, "simulator")
    ids = [w.id for w in health.warnings()]
    assert ids[:2] == ["mil", "abs"]  # the serious ones first
    assert set(ids) == {"mil", "abs", "battery", "washer", "service"}
    assert health.battery_text() == "11.5 V · low"
    lines = dict(health.status_lines())
    assert lines["Washer fluid"] == "10 % · low"
    assert lines["Service due"] == "in 373 mi or 200 days"  # the demo car reads miles
    controller.set("Vehicle.Cabin.Infotainment.HMI.DistanceUnit", "KILOMETERS")
    assert dict(health.status_lines())["Service due"] == "in 600 km or 200 days"
    controller.set("Vehicle.Service.DistanceToService", -50.0, "simulator")
    assert health.service_text().startswith("overdue by 50 km")
    assert health.summary() == "⚠ 5 warnings"


def test_readings_cannot_be_set_by_a_person(controller):
    from tui.controller.errors import NotAllowed

    with pytest.raises(NotAllowed, match="reading from the car"):
        controller.set(FL + "Pressure", 100, "cli")
    with pytest.raises(NotAllowed):
        controller.set(LEAK, "Row1.Left", "cli")


def test_the_simulator_counts_service_down_and_charges_the_12v(controller, clock):
    sim = controller.simulator
    sim.load()
    sim.start()
    before = controller.get("Vehicle.Service.DistanceToService")
    sim.advance(600)
    assert controller.get("Vehicle.LowVoltageBattery.CurrentVoltage") == 14.2
    driven_km = controller.get("Vehicle.TraveledDistanceSinceStart") / 1000
    assert driven_km > 1
    assert controller.get("Vehicle.Service.DistanceToService") == pytest.approx(before - driven_km, abs=0.1)
    assert controller.get("Vehicle.Service.TimeToService") == 200 * 86400 - 600
    sim.stop()
    assert controller.get("Vehicle.LowVoltageBattery.CurrentVoltage") == 12.6


def test_a_warning_light_coming_on_is_an_alert(controller):
    controller.set("Vehicle.OBD.Status.IsMILOn", True, "simulator")
    controller.health.set_pressure("FL", 150)
    controller.health.set_pressure("FL", 140)  # the same light still on: no second alert
    alerts = [a for a in controller.alerts.list() if a.source == "car"]
    assert sorted(a.kind for a in alerts) == ["mil", "tyres"]
    assert any("Check engine" in a.text for a in alerts)
