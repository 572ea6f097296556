"""Human names for VSS paths and values (what a driver reads, never a raw path)."""

from __future__ import annotations

import re

LABELS = {
    "Vehicle.Speed": "Speed",
    "Vehicle.IsMoving": "Moving",
    "Vehicle.Powertrain.Transmission.SelectedGear": "Gear",
    "Vehicle.Exterior.AirTemperature": "Outside temperature",
    "Vehicle.Cabin.HVAC.AmbientAirTemperature": "Cabin temperature",
    "Vehicle.Powertrain.Range": "Range",
    "Vehicle.Powertrain.TractionBattery.StateOfCharge.Current": "Charge",
    "Vehicle.Powertrain.FuelSystem.RelativeLevel": "Fuel",
    "Vehicle.LowVoltageSystemState": "Ignition",
    "Vehicle.Cabin.Infotainment.HMI.DistanceUnit": "Distance unit",
    "Vehicle.Cabin.Infotainment.HMI.TemperatureUnit": "Temperature unit",
    "Vehicle.Cabin.Infotainment.HMI.TimeFormat": "Time format",
    "Vehicle.Cabin.Infotainment.HMI.DateFormat": "Date format",
    "Vehicle.Cabin.Infotainment.HMI.SpeedUnit": "Speed unit",
    "Vehicle.Cabin.Infotainment.HMI.FuelVolumeUnit": "Fuel volume unit",
    "Vehicle.Cabin.Infotainment.HMI.FuelEconomyUnits": "Fuel economy unit",
    "Vehicle.Cabin.Infotainment.HMI.TirePressureUnit": "Tyre pressure unit",
    "Vehicle.Cabin.Infotainment.HMI.DayNightMode": "Day / night",
    "Vehicle.Cabin.Infotainment.HMI.Brightness": "Screen brightness",
    "Vehicle.Cabin.Infotainment.HMI.FontSize": "Font size",
    "Vehicle.Cabin.Infotainment.HMI.IsScreenAlwaysOn": "Screen always on",
    "Vehicle.Private.SmartCockpit.Display.Theme": "Theme",
    "Vehicle.Private.SmartCockpit.Display.Language": "Language",
    "Vehicle.Private.SmartCockpit.DrivingMode": "Driving mode",
    "Vehicle.Cabin.Infotainment.Media.Volume": "Volume",
}

VALUE_NAMES = {
    "KILOMETERS": "Kilometres", "MILES": "Miles", "HR_12": "12-hour", "HR_24": "24-hour",
    "C": "Celsius", "F": "Fahrenheit", "MILES_PER_HOUR": "mph", "KILOMETERS_PER_HOUR": "km/h",
    "YYYY_MM_DD": "2026-11-23", "DD_MM_YYYY": "23.11.2026", "MM_DD_YYYY": "11/23/2026",
    "YY_MM_DD": "26-11-23", "DD_MM_YY": "23.11.26", "MM_DD_YY": "11/23/26",
    "LITER": "Litres", "GALLON_US": "US gallons", "GALLON_UK": "UK gallons",
    "LITERS_PER_100_KILOMETERS": "l/100 km", "MPG_US": "mpg (US)", "MPG_UK": "mpg (UK)",
    "KILOMETERS_PER_LITER": "km/l", "MILES_PER_LITER": "miles/l",
    "PSI": "psi", "KPA": "kPa", "BAR": "bar",
    "en-US": "English (US)", "en-GB": "English (UK)", "fr-FR": "Français", "it-IT": "Italiano",
    "de-DE": "Deutsch", "es-ES": "Español", "nl-NL": "Nederlands", "pt-PT": "Português",
    "BRAND": "Brand colours", "DARK": "Dark", "LIGHT": "Light", "DAY": "Day", "NIGHT": "Night",
}

UNIT_TEXT = {"Celsius": "°C", "percent": "%", "degrees": "°", "km/h": "km/h", "mm": "mm", "m": "m", "s": "s",
             "kWh": "kWh", "V": "V", "km": "km"}

_ROW_SIDE = re.compile(r"\.Row(\d)\.(Driver|Passenger)(Side)?")
_CAMEL = re.compile(r"(?<=[a-z])(?=[A-Z])")


def label(path: str) -> str:
    if path in LABELS:
        return LABELS[path]
    parts = path.split(".")
    # drop the root and the overlay branch, keep the last two meaningful parts
    parts = [p for p in parts if p not in ("Vehicle", "Private", "SmartCockpit", "Cabin", "Body", "Chassis")]
    tail = parts[-2:] if len(parts) >= 2 else parts
    where = ""
    m = _ROW_SIDE.search(path)
    if m:
        row, side = m.group(1), m.group(2).lower()
        where = f" ({side}{', rear' if row != '1' else ''})"
        tail = [p for p in tail if not p.startswith("Row") and p not in ("DriverSide", "PassengerSide", "Driver", "Passenger")]
        if not tail:
            tail = parts[-1:]
    words = " ".join(_CAMEL.sub(" ", p) for p in tail)
    words = words.replace("Is ", "").replace(" Is ", " ")
    # lower-case the words but keep acronyms as they are written (ABS, HVAC, VIN, ...)
    words = " ".join(w if len(w) > 1 and w.isupper() else w.lower() for w in words.split())
    return (words[:1].upper() + words[1:]) + where


def value_text(spec, value) -> str:
    """A value as the driver reads it, in the signal's own unit."""
    if value is None:
        return "—"
    if isinstance(value, bool):
        return "On" if value else "Off"
    if isinstance(value, str):
        if value in VALUE_NAMES:
            return VALUE_NAMES[value]
        if spec is not None and spec.allowed and value.isupper():
            return value.replace("_", " ").capitalize()
        return value
    unit = UNIT_TEXT.get(spec.unit, spec.unit or "") if spec is not None else ""
    if isinstance(value, float):
        number = f"{value:.1f}" if spec is not None and spec.unit == "Celsius" else f"{value:g}"
    else:
        number = str(value)
    return f"{number} {unit}".strip() if unit not in ("%", "°") else f"{number}{' ' if unit == '%' else ''}{unit}"
