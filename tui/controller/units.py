"""Units, times and dates as the driver chose them (the VSS HMI signals): the one place that shows a
quantity the car reports in SI (°C, km/h, m) in the driver's unit, reads what a person typed with or
without a unit, and writes times and dates in the chosen 12/24-hour and date format.

Screens, the CLI and the assistant reach it through the Controller (`c.format`, `c.time_text`,
`c.date_text`, `c.parse_text`), which reads the settings; nothing else reads the HMI settings itself.
"""

from __future__ import annotations

import math
import re
from dataclasses import astuple, dataclass
from functools import lru_cache
from datetime import date, datetime
from typing import Any, Mapping

from tui.controller.errors import InvalidValue
from tui.controller.signals import _show

KM_PER_MILE = 1.609344
KPA_PER_PSI = 6.894757
KPA_PER_BAR = 100.0
HMI = "Vehicle.Cabin.Infotainment.HMI."

DATE_FORMATS = {  # VSS Vehicle.Cabin.Infotainment.HMI.DateFormat
    "YYYY_MM_DD": "%Y-%m-%d", "DD_MM_YYYY": "%d.%m.%Y", "MM_DD_YYYY": "%m/%d/%Y",
    "YY_MM_DD": "%y-%m-%d", "DD_MM_YY": "%d.%m.%y", "MM_DD_YY": "%m/%d/%y",
}


def c_to_f(c: float) -> float:
    return c * 9 / 5 + 32


def f_to_c(f: float) -> float:
    return (f - 32) * 5 / 9


def _whole(x: float) -> str:
    """A rounded number; a huge one (a refused 1e300) in short scientific form, never 300 digits."""
    if not math.isfinite(x) or abs(x) >= 1e9:
        return f"{x:.3g}"
    return f"{round(x):d}"


def temperature_text(celsius: float | None, unit: str) -> str:
    if celsius is None:
        return "—"
    if unit == "F":
        return f"{_whole(c_to_f(celsius))} °F"
    return f"{celsius:.1f} °C" if abs(celsius) < 1e9 else f"{celsius:.3g} °C"


def speed_text(kmh: float | None, unit: str) -> str:
    if kmh is None:
        return "—"
    if unit == "MILES_PER_HOUR":
        return f"{_whole(kmh / KM_PER_MILE)} mph"
    return f"{_whole(kmh)} km/h"


def distance_text(metres: float | None, unit: str) -> str:
    if metres is None:
        return "—"
    km = metres / 1000
    if unit == "MILES":
        return f"{_whole(km / KM_PER_MILE)} mi"
    return f"{_whole(km)} km"


def how_far_text(metres: float | None, unit: str) -> str:
    """How far a place is, in the driver's unit with a sensible precision: "820 ft", "2.7 mi",
    "640 m", "38.5 km", "6,876 km" (feet or metres below a quarter mile or a kilometre, one decimal
    below 100, whole numbers with thousands separated beyond)."""
    if metres is None or not math.isfinite(metres):
        return "unknown distance"
    if unit == "MILES":
        miles = metres / 1000 / KM_PER_MILE
        if miles < 0.25:
            return f"{int(round(metres * 3.28084, -1))} ft"
        return f"{miles:.1f} mi" if miles < 100 else f"{round(miles):,} mi"
    if metres < 1000:
        return f"{int(round(metres, -1))} m"
    km = metres / 1000
    return f"{km:.1f} km" if km < 100 else f"{round(km):,} km"


def pressure_text(kpa: float | None, unit: str) -> str:
    if kpa is None:
        return "—"
    if unit == "PSI":
        return f"{_whole(kpa / KPA_PER_PSI)} psi"
    if unit == "BAR":
        return f"{kpa / KPA_PER_BAR:.1f} bar"
    return f"{_whole(kpa)} kPa"


def clock_text(moment, time_format: str) -> str:
    if time_format == "HR_12":
        return moment.strftime("%I:%M %p").lstrip("0")
    return moment.strftime("%H:%M")


def hhmm_text(hhmm: str, time_format: str) -> str:
    """A time of day kept as "HH:MM" (a routine's) in the chosen format."""
    h, m = (int(x) for x in hhmm.split(":")[:2])
    return clock_text(datetime(2000, 1, 1, h, m), time_format)


def _moment(moment) -> datetime | date:
    if isinstance(moment, str):
        return datetime.fromisoformat(moment) if len(moment) > 10 else date.fromisoformat(moment)
    return moment


def date_text(moment, date_format: str) -> str:
    """A date (a datetime, a date or an ISO string) in the VSS date format chosen; ISO without one."""
    if moment is None:
        return "—"
    return _moment(moment).strftime(DATE_FORMATS.get(date_format, "%Y-%m-%d"))


def day_month_text(moment, date_format: str) -> str:
    """A date this year without the year: "12/06" (US order), "06.12" or "12-06"."""
    text = date_text(moment, {"DD_MM_YYYY": "DD_MM_YY", "MM_DD_YYYY": "MM_DD_YY"}.get(date_format, date_format))
    if date_format.startswith("Y"):
        return text.split("-", 1)[1]
    return text.rsplit("." if "." in text else "/", 1)[0]


def read_temperature(text: str, unit: str) -> float:
    """A temperature a person typed, in °C: a bare "70" in `unit` (the driver's), "21C" or "70 °F" as
    said. ValueError when it is no temperature."""
    m = NUMBER.fullmatch(str(text).strip())
    word = m.group(2).strip().lower().replace(" ", "") if m else ""
    said = TEMPERATURE.words.get(word) if word else (unit if unit in ("C", "F") else "C")
    if m is None or said is None:
        raise ValueError(text)
    value = TEMPERATURE.to_si(float(m.group(1)), said)
    if not math.isfinite(value):
        raise ValueError(text)
    return value


def degrees_text(celsius: float, unit: str) -> str:
    """A set point as short as it goes: "21 °C", "20.5 °C", "70 °F"."""
    return temperature_text(celsius, "F") if unit == "F" else f"{celsius:g} °C"


def gear_text(gear) -> str:
    if gear is None:
        return "—"
    return {126: "P", 127: "D", 0: "N"}.get(gear, "R" if gear < 0 else str(gear))


@dataclass(frozen=True)
class Status:
    """What the status bar shows, as text (built by Controller.status() with this module's texts)."""

    profile: str
    car: str
    gear: str
    speed: str
    outside: str
    energy: str
    clock: str
    driving: str
    media: str = ""  # now playing, from controller.media when there is one

    def line(self) -> str:
        return "  ".join(
            [self.profile, self.car, f"{self.gear} {self.speed}", self.outside, self.energy, self.clock, self.driving]
        )


# ---------------------------------------------------------------------------------- the driver's
@dataclass(frozen=True)
class Units:
    """The driver's choices, read once from the HMI signals (missing ones: metric, 24 h, ISO)."""

    temperature: str = "C"
    speed: str = "KILOMETERS_PER_HOUR"
    distance: str = "KILOMETERS"
    pressure: str = "KPA"
    time: str = "HR_24"
    date: str = "YYYY_MM_DD"

    @classmethod
    def of(cls, state: Mapping[str, Any], over: Mapping[str, Any] | None = None) -> "Units":
        """From the car's state, with `over` (values about to be set, a profile's) laid on top."""
        over = over or {}
        return _units(tuple(over.get(key) or state.get(key) for key in SETTINGS))

    # -- showing
    def quantity(self, spec, value) -> str | None:
        """A number of a signal in SI shown in the driver's unit; None when it is no such quantity."""
        if spec is None or isinstance(value, bool) or not isinstance(value, (int, float)):
            return None
        kind = KINDS.get(spec.unit)
        if kind is None or (kind is DISTANCE_M and not _is_distance(spec.path)):
            return None
        return kind.show(self, value)

    def step_text(self, spec, step: float) -> str | None:
        """A step (a difference, not a reading) in the driver's unit."""
        kind = KINDS.get(spec.unit) if spec is not None else None
        if kind is None or kind.choice(self) == kind.si:
            return None
        mine = kind.choice(self)
        size = step * 9 / 5 if kind is TEMPERATURE else step * kind.units[kind.si] / kind.units[mine]
        return f"{size:.2g} {kind.symbols[mine]}"

    def far_text(self, metres: float | None) -> str:
        """How far a place is: "820 ft", "2.7 mi", "6,876 km" (how_far_text in the driver's unit)."""
        return how_far_text(metres, self.distance)

    def length_text(self, metres: float) -> str:
        """A length to one decimal in the driver's km or miles: "12.3 km", "7.6 mi"."""
        return f"{metres / 1000 / KM_PER_MILE:.1f} mi" if self.distance == "MILES" else f"{metres / 1000:.1f} km"

    def time_text(self, moment) -> str:
        return clock_text(_moment(moment), self.time)

    def hhmm_text(self, hhmm: str) -> str:
        return hhmm_text(hhmm, self.time)

    def date_text(self, moment) -> str:
        return date_text(moment, self.date)

    def datetime_text(self, moment) -> str:
        return "—" if moment is None else f"{self.date_text(moment)} {self.time_text(moment)}"

    def when_text(self, moment, now: datetime) -> str:
        """A moment (an audit time in UTC) in `now`'s zone: its time today, else date and time."""
        moment = _moment(moment).astimezone(now.tzinfo)
        return self.time_text(moment) if moment.date() == now.date() else self.datetime_text(moment)

    def day_month_text(self, moment) -> str:
        return day_month_text(moment, self.date)

    # -- reading
    def parse(self, spec, text: str) -> tuple[float, str] | None:
        """What a person typed for a quantity signal -> (value in the signal's SI unit, note saying
        which unit was read), or None when the signal is no quantity. A bare number is in the
        driver's unit; a value converted from another unit lands on the car's step."""
        kind = KINDS.get(spec.unit)
        if kind is None or (kind is DISTANCE_M and not _is_distance(spec.path)):
            return None
        raw = text.strip()
        m = NUMBER.fullmatch(raw)
        if not m:
            raise InvalidValue(f"{spec.label} takes a number{kind.hint}, not {_show(raw)}.")
        number, word = float(m.group(1)), m.group(2).strip().lower()
        if not math.isfinite(number):
            raise InvalidValue(f"{spec.label} takes a finite number.")
        mine = kind.choice(self)
        if word:
            said = kind.words.get(word.replace(" ", ""))
            if said is None:
                raise InvalidValue(f"{spec.label} takes a number{kind.hint}, not {_show(raw)}.")
        else:
            said = mine
        value = kind.to_si(number, said)
        if not math.isfinite(value):
            raise InvalidValue(f"{spec.label} takes a finite number.")
        if said != kind.si:
            value = snap(spec, value)
        typed = kind.say(number, said)
        if not word:
            note = f"{typed} (this car shows {kind.symbols[mine]})"
        elif said != mine:
            note = f"{typed} = {kind.show(self, value)} (this car shows {kind.symbols[mine]})"
        else:
            note = ""
        return value, note


SETTINGS = tuple(HMI + name for name in ("TemperatureUnit", "SpeedUnit", "DistanceUnit", "TirePressureUnit",
                                         "TimeFormat", "DateFormat"))


@lru_cache(maxsize=64)
def _units(chosen: tuple) -> Units:
    """One Units per combination of settings (a screen asks on every row it draws)."""
    return Units(*(value or default for value, default in zip(chosen, astuple(Units()))))


def snap(spec, value: float):
    """Onto the car's grid (0.5 °C, 1 km/h) when it has one; a whole number for an integer signal."""
    step = spec.step
    if step and spec.min is not None:
        value = spec.min + round((value - spec.min) / step) * step
    elif step:
        value = round(value / step) * step
    value = round(value, 4) if step else round(value, 2)
    if spec.datatype.startswith(("int", "uint")):
        return int(round(value))
    return float(value)


@dataclass(frozen=True)
class Kind:
    """One kind of quantity: its SI unit as stored, the driver's choices and the words for them."""

    si: str
    setting: str  # Units attribute
    units: dict  # choice -> size in some base (for conversions by ratio)
    symbols: dict  # choice -> what is printed
    words: dict  # what a person may type -> choice
    hint: str
    scale: float = 1.0  # the stored unit in the unit its SHOW function takes (km -> m: 1000)

    def choice(self, u: Units) -> str:
        c = getattr(u, self.setting)
        return c if c in self.units else self.si

    def to_si(self, number: float, unit: str) -> float:
        if self.si == "C":
            return f_to_c(number) if unit == "F" else number
        return number * self.units[unit] / self.units[self.si]

    def show(self, u: Units, value: float) -> str:
        return SHOW[self.setting](value * self.scale, self.choice(u))

    def say(self, number: float, unit: str) -> str:
        return f"{number:g} {self.symbols[unit]}"


SHOW = {"temperature": temperature_text, "speed": speed_text, "distance": distance_text, "pressure": pressure_text}
TEMPERATURE = Kind("C", "temperature", {"C": 1.0, "F": 1.0}, {"C": "°C", "F": "°F"},
                   {"c": "C", "°c": "C", "degc": "C", "celsius": "C", "f": "F", "°f": "F", "degf": "F",
                    "fahrenheit": "F"}, " (with °C or °F if you like)")
SPEED = Kind("KILOMETERS_PER_HOUR", "speed", {"KILOMETERS_PER_HOUR": 1.0, "MILES_PER_HOUR": KM_PER_MILE},
             {"KILOMETERS_PER_HOUR": "km/h", "MILES_PER_HOUR": "mph"},
             {"km/h": "KILOMETERS_PER_HOUR", "kmh": "KILOMETERS_PER_HOUR", "kph": "KILOMETERS_PER_HOUR",
              "mph": "MILES_PER_HOUR", "mi/h": "MILES_PER_HOUR"}, " (with km/h or mph if you like)")
DISTANCE_M = Kind("METRES", "distance", {"METRES": 1.0, "KILOMETERS": 1000.0, "MILES": 1000 * KM_PER_MILE},
                  {"METRES": "m", "KILOMETERS": "km", "MILES": "mi"},
                  {"km": "KILOMETERS", "mi": "MILES", "mile": "MILES", "miles": "MILES"},
                  " (with km or mi if you like)")
DISTANCE_KM = Kind("KILOMETERS", "distance", {"KILOMETERS": 1.0, "MILES": KM_PER_MILE},
                   {"KILOMETERS": "km", "MILES": "mi"},
                   {"km": "KILOMETERS", "mi": "MILES", "mile": "MILES", "miles": "MILES"},
                   " (with km or mi if you like)", scale=1000.0)
PRESSURE = Kind("KPA", "pressure", {"KPA": 1.0, "PSI": KPA_PER_PSI, "BAR": KPA_PER_BAR},
                {"KPA": "kPa", "PSI": "psi", "BAR": "bar"}, {"kpa": "KPA", "psi": "PSI", "bar": "BAR"},
                " (with kPa, psi or bar if you like)")
KINDS = {"Celsius": TEMPERATURE, "celsius": TEMPERATURE, "km/h": SPEED, "m": DISTANCE_M, "km": DISTANCE_KM,
         "kPa": PRESSURE, "kilopascal": PRESSURE}
NUMBER = re.compile(r"([+-]?(?:\d+(?:\.\d*)?|\.\d+)(?:[eE][+-]?\d+)?)(\s*(?:[^\d\s.+-][^\d]*)?)")


def _is_distance(path: str) -> bool:
    """A length in metres the driver reads in km or miles (a range, a distance), not a seat's mm."""
    return path.endswith(("Range", "Distance", "DistanceSinceStart", "TripMeterReading", "DistanceToService"))
