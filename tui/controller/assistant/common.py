"""Pieces every group of intents uses: directions, levels, sides, and short replies about a setting."""

from __future__ import annotations

from tui.controller import units
from tui.controller.assistant.words import learn
from tui.controller.errors import NotOnThisCar

UP_WORDS = ("warmer", "up", "increase", "raise", "higher", "more", "turnup", "louder", "brighter", "faster",
            "stronger", "longer", "further", "farther", "bigger", "larger")
DOWN_WORDS = ("cooler", "down", "decrease", "lower", "reduce", "less", "turndown", "quieter", "dimmer", "slower",
              "weaker", "shorter", "smaller", "closer", "dim")
LEVEL_WORDS = {"off": 0, "low": 1, "lowest": 1, "minimum": 1, "min": 1, "medium": 2, "mid": 2, "middle": 2,
               "high": 3, "highest": 3, "max": 3, "maximum": 3, "full": 3}
ALL_WORDS = ("all", "everyone", "everybody", "everywhere", "both", "whole", "zones", "every")
learn(UP_WORDS, DOWN_WORDS, LEVEL_WORDS, ALL_WORDS)


def direction(req) -> int | None:
    """+1 for more, -1 for less, None when the request says neither."""
    up = req.has(*UP_WORDS)
    down = req.has(*DOWN_WORDS)
    if up and not down:
        return 1
    if down and not up:
        return -1
    if up and down:  # "turn it down, it is too high": the verb decides
        for w in req.words:
            if w in UP_WORDS:
                return 1
            if w in DOWN_WORDS:
                return -1
    return None


def is_relative(req, q) -> bool:
    """A number that is a change ("by 2", "+2", "2 degrees warmer") rather than a target."""
    if q is None:
        return False
    if q.signed or req.has("by"):
        return True
    return direction(req) is not None and not req.has("to", "at")


def level_word(req) -> int | None:
    for w in req.words:
        if w in LEVEL_WORDS and w != "off":
            return LEVEL_WORDS[w]
    return None


def need(turn, path: str, what: str) -> None:
    """Refuse in plain words when this car does not have the thing asked for."""
    if not turn.has(path):
        raise NotOnThisCar(f"This {turn.c.car.model.name} has no {what}.")


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
    return turn.c.unit("TemperatureUnit") or "C"


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


def snap(spec, value: float) -> float:
    """Onto the car's grid (0.5 °C steps, ...), without leaving the range when close to an end."""
    step = spec.step or 0
    if step and spec.min is not None:
        value = spec.min + round((value - spec.min) / step) * step
    return round(value, 4)


def percent_value(q, levels_of: int = 10) -> int:
    """A percentage as said: "50 %" or "50"; small bare numbers (1-10) are levels of 10 %."""
    v = q.value
    if q.unit == "%":
        return int(round(v))
    if 0 <= v <= 10 and float(v).is_integer() and levels_of:
        return int(v * levels_of)
    return int(round(v))
