"""The words every part of the routines shares: the car readings a trigger or a condition watches
(VSS paths and the names a driver reads), what counts as the ignition on, the weekdays and their
presets, the longest routine name, and `Routine`, a routine as stored."""

from __future__ import annotations

from store.routines import RoutineRow

IGNITION = "Vehicle.LowVoltageSystemState"
OUTSIDE = "Vehicle.Exterior.AirTemperature"
CABIN = "Vehicle.Cabin.HVAC.AmbientAirTemperature"
CHARGE = "Vehicle.Powertrain.TractionBattery.StateOfCharge.Current"
SPEED = "Vehicle.Speed"
READINGS = {"outside_temp": OUTSIDE, "cabin_temp": CABIN, "charge": CHARGE}
PLUGGED = "Vehicle.Powertrain.TractionBattery.Charging.ChargingPort.AnyPosition.IsChargingCableConnected"
READING_NAMES = {"outside_temp": "outside temperature", "cabin_temp": "cabin temperature", "charge": "charge"}
IGNITION_ON = ("ON", "START")
DAY_NAMES = ("Mon", "Tue", "Wed", "Thu", "Fri", "Sat", "Sun")
DAY_PRESETS = [("every day", [0, 1, 2, 3, 4, 5, 6]), ("weekdays", [0, 1, 2, 3, 4]), ("weekends", [5, 6])] + [
    (name, [n]) for n, name in enumerate(DAY_NAMES)]
MAX_NAME = 40

Routine = RoutineRow  # a routine as stored: the store's row is the domain's record
