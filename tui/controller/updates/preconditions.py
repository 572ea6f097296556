"""Whether the car may install now: each precondition checked, and in words when it fails.

Read from the car's state (VSS paths; the overlay `Vehicle.Private.SmartCockpit.*` for what VSS 6.0
lacks: fast charging and the next scheduled departure). A reading the car does not have is not
held against it, except the charge, which falls back on the 12 V battery's voltage.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

SPEED = "Vehicle.Speed"
GEAR = "Vehicle.Powertrain.Transmission.SelectedGear"
IGNITION = "Vehicle.LowVoltageSystemState"
CHARGE = "Vehicle.Powertrain.TractionBattery.StateOfCharge.Displayed"
LOW_VOLTAGE = "Vehicle.LowVoltageBattery.CurrentVoltage"
FAST_CHARGING = "Vehicle.Private.SmartCockpit.Charging.IsFastCharging"
DEPARTURE = "Vehicle.Private.SmartCockpit.Schedule.NextDeparture"

PARK = 126
IGNITION_OK = ("OFF", "LOCK", "ACC", "UNDEFINED")
MIN_CHARGE = 20.0  # percent
MIN_VOLTAGE = 12.2  # volts, a combustion car's 12 V battery
MARGIN_MINUTES = 15  # kept free before the next departure, on top of the install's own time


@dataclass(frozen=True)
class Check:
    name: str  # parked, ignition, charge, fast_charging, departure
    ok: bool
    text: str  # what holds, or what to do


def checks(state: dict, moving: bool, now: datetime, minutes_needed: int, time_text=None) -> list[Check]:
    """Every precondition, in the order a driver fixes them. `state`: the car's readings by path;
    `moving`: from the live speed reading; `time_text`: formats a time in the driver's format."""
    fmt = time_text or (lambda moment: moment.strftime("%H:%M"))
    out = []
    gear = state.get(GEAR)
    parked = not moving and (gear is None or gear == PARK)
    out.append(Check("parked", parked, "Parked." if parked else
                     "Stop and put the car in Park." if moving else "Put the car in Park."))
    ignition = state.get(IGNITION)
    ok = ignition is None or ignition in IGNITION_OK
    out.append(Check("ignition", ok, "Ignition off." if ok else f"Switch the ignition off (it is {ignition})."))
    charge = state.get(CHARGE)
    if charge is not None:
        ok = charge >= MIN_CHARGE
        out.append(Check("charge", ok, f"Battery at {charge:.0f} %." if ok else
                         f"Charge to at least {MIN_CHARGE:.0f} % first (the battery is at {charge:.0f} %)."))
    else:
        volts = state.get(LOW_VOLTAGE)
        ok = volts is None or volts >= MIN_VOLTAGE
        out.append(Check("charge", ok, "12 V battery fine." if ok else
                         f"The 12 V battery is low ({volts:.1f} V, {MIN_VOLTAGE} V needed): drive or charge it first."))
    fast = bool(state.get(FAST_CHARGING))
    out.append(Check("fast_charging", not fast, "Not fast charging." if not fast else
                     "Wait until fast charging has finished."))
    out.append(_departure(state.get(DEPARTURE), now, minutes_needed, fmt))
    return out


def _departure(text, now: datetime, minutes_needed: int, fmt) -> Check:
    if not text:
        return Check("departure", True, "No departure scheduled.")
    try:
        leave = datetime.fromisoformat(str(text))
    except ValueError:
        return Check("departure", True, "No departure scheduled.")
    if leave.tzinfo is None and now.tzinfo is not None:
        leave = leave.replace(tzinfo=now.tzinfo)
    left = (leave - now).total_seconds() / 60
    if left < 0:
        return Check("departure", True, "No departure scheduled.")
    need = minutes_needed + MARGIN_MINUTES
    if left >= need:
        return Check("departure", True, f"Time enough before the departure at {fmt(leave)}.")
    return Check("departure", False, f"Not enough time before the departure at {fmt(leave)}: the install takes "
                                     f"about {minutes_needed} min and {int(left)} min are left.")


def failed(found: list[Check]) -> list[Check]:
    return [c for c in found if not c.ok]


__all__ = ["Check", "checks", "failed", "MIN_CHARGE", "DEPARTURE", "FAST_CHARGING", "IGNITION", "CHARGE"]
