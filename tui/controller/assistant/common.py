"""Pieces every group of intents uses when it acts: what this car has, short replies about a setting,
temperatures in the driver's unit, values on the car's grid, and intents that switch something on
or off. What a request says is read in slots.py."""

from __future__ import annotations

from tui.controller import units
from tui.controller.assistant.engine import intent
from tui.controller.assistant.slots import switch_of
from tui.controller.errors import InvalidValue, NotOnThisCar


def need(turn, path: str, what: str) -> None:
    """Refuse in plain words when this car does not have the thing asked for."""
    if not turn.has(path):
        raise NotOnThisCar(f"This {turn.c.car.model.name} has no {what}.")


def within(spec, value: float, what: str, unit: str = " %") -> None:
    """Refuse in plain words a value outside the car's range ("Fan goes from 0 to 100 %.")."""
    low = 0 if spec.min is None else spec.min
    if value < low or value > spec.max:
        raise InvalidValue(f"{what} goes from {low:g} to {spec.max:g}{unit}.")


def exact(spec, value: float, what: str, unit: str = " %") -> int | float:
    """A number said as a target, taken as said: refused in plain words outside the range, and when
    the setting holds whole numbers only, refused with a fraction (never rounded behind the
    driver's back: "volume 7" is 7, "volume 2.5" is a question back, not 2)."""
    within(spec, value, what, unit)
    if spec.datatype.startswith(("uint", "int")):
        if not float(value).is_integer():
            low = 0 if spec.min is None else spec.min
            raise InvalidValue(f"{what} takes whole numbers from {low:g} to {spec.max:g}{unit}.")
        return int(value)
    return value


def plural(what: str) -> bool:
    last = what.split()[-1] if what.split() else ""
    return last.endswith("s") and not last.endswith("ss")


def on_off_text(flag: bool) -> str:
    return "on" if flag else "off"


def said_flag(turn, events, what: str, flag: bool) -> str:
    changed = [e for e in (events if isinstance(events, list) else [events]) if e is not None]
    if not changed:
        return f"{what} {'are' if plural(what) else 'is'} already {on_off_text(flag)}."
    return f"{what} {on_off_text(flag)}."


def temperature_unit(turn) -> str:
    return turn.c.hmi_units().temperature


def temperature_text(turn, celsius: float) -> str:
    return units.temperature_text(celsius, temperature_unit(turn))


def temperature_range(turn, spec) -> str:
    return f"{temperature_text(turn, spec.min)} to {temperature_text(turn, spec.max)}"


def to_celsius(value: float, unit: str | None, driver_unit: str) -> tuple[float, str]:
    """A temperature as said, in Celsius: explicit C or F, else the range tells (16-32 is Celsius,
    50-90 Fahrenheit), else the driver's unit."""
    if unit == "C":
        return value, "C"
    if unit == "F":
        return units.f_to_c(value), "F"
    if 5 <= value <= 40:
        return value, "C"
    if 41 <= value <= 100:
        return units.f_to_c(value), "F"
    return (units.f_to_c(value), "F") if driver_unit == "F" else (value, "C")


def speed_kmh(turn, value: float, unit: str | None, bare: str | None = None) -> float:
    """A speed as said, in km/h: in "mph" or "km/h" when said, else in `bare` when given, else in
    the driver's unit."""
    said = unit or bare or ("mph" if turn.c.hmi_units().speed == "MILES_PER_HOUR" else "km/h")
    return value * units.KM_PER_MILE if said == "mph" else value


def snap(spec, value: float) -> float:
    """Onto the car's grid (0.5 °C steps, ...), without leaving the range when close to an end."""
    step = spec.step or 0
    if step and spec.min is not None:
        value = spec.min + round((value - spec.min) / step) * step
    return round(value, 4)


def switch_intent(name: str, paths, what: str, words: tuple[str, ...], examples=(), *, exclude=(), unless=None,
                  default: bool = True, priority: int = 45):
    """An intent that turns something on or off ("<words> on", "<words> off"; `default` when neither
    is said): every one of `paths` this car has; refused in plain words when it has none. `unless(req,
    assistant)` leaves a request to others (a room of the home)."""
    paths = [paths] if isinstance(paths, str) else list(paths)

    @intent(name, examples=examples, priority=priority)
    def match(req, a):
        if req.question or not req.has(*words) or req.has(*exclude) or (unless is not None and unless(req, a)):
            return None
        return {"on": switch_of(req, default)}

    @match.act
    def act(turn):
        have = [p for p in paths if turn.has(p)]
        need(turn, have[0] if have else paths[0], what.lower())
        on = bool(turn.slots["on"])
        return said_flag(turn, turn.set_many({p: on for p in have}), what, on)

    return match
