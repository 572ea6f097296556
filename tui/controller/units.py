"""Units the driver chose (VSS HMI signals) applied to what the car reports in SI."""

from __future__ import annotations

KM_PER_MILE = 1.609344


def c_to_f(c: float) -> float:
    return c * 9 / 5 + 32


def f_to_c(f: float) -> float:
    return (f - 32) * 5 / 9


def temperature_text(celsius: float | None, unit: str) -> str:
    if celsius is None:
        return "—"
    if unit == "F":
        return f"{round(c_to_f(celsius)):d} °F"
    return f"{celsius:.1f} °C"


def speed_text(kmh: float | None, unit: str) -> str:
    if kmh is None:
        return "—"
    if unit == "MILES_PER_HOUR":
        return f"{round(kmh / KM_PER_MILE):d} mph"
    return f"{round(kmh):d} km/h"


def distance_text(metres: float | None, unit: str) -> str:
    if metres is None:
        return "—"
    km = metres / 1000
    if unit == "MILES":
        return f"{round(km / KM_PER_MILE):d} mi"
    return f"{round(km):d} km"


def clock_text(moment, time_format: str) -> str:
    if time_format == "HR_12":
        return moment.strftime("%I:%M %p").lstrip("0")
    return moment.strftime("%H:%M")


def gear_text(gear) -> str:
    if gear is None:
        return "—"
    return {126: "P", 127: "D", 0: "N"}.get(gear, "R" if gear < 0 else str(gear))
