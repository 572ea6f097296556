"""What a signal may be on this car: the effective spec, validation, parsing and stepping.

The car's own range (from the model catalog) comes first, then the VSS spec's, then the limits of
the datatype itself.
"""

from __future__ import annotations

import json
import math
from dataclasses import dataclass
from typing import Any

from tui.controller.errors import InvalidValue, NotAllowed
from tui.controller.labels import label as label_of, value_text

INT_LIMITS = {
    "uint8": (0, 255), "int8": (-128, 127), "uint16": (0, 65535), "int16": (-32768, 32767),
    "uint32": (0, 2**32 - 1), "int32": (-(2**31), 2**31 - 1), "uint64": (0, 2**64 - 1), "int64": (-(2**63), 2**63 - 1),
}
FLOATS = ("float", "double")
TRUE_WORDS = {"true", "on", "yes", "1", "enabled"}
FALSE_WORDS = {"false", "off", "no", "0", "disabled"}
MAX_STRING = 200


@dataclass(frozen=True)
class Spec:
    """A signal as this car has it: the catalog entry narrowed by the model's capability."""

    path: str
    label: str
    datatype: str
    type: str
    unit: str | None
    min: float | None
    max: float | None
    step: float | None
    allowed: tuple | None
    description: str
    default: Any

    @property
    def writable(self) -> bool:
        return self.type == "actuator"

    @property
    def kind(self) -> str:
        """How a screen offers it: toggle, choice, range, text or list."""
        if self.datatype == "boolean":
            return "toggle"
        if self.allowed:
            return "choice"
        if self.datatype in INT_LIMITS or self.datatype in FLOATS:
            return "range"
        if self.datatype.endswith("[]"):
            return "list"
        return "text"


def effective(signal, cap) -> Spec:
    """Merge the VSS signal with the car's capability: car range inside the spec's range."""
    lo, hi = signal.min, signal.max
    if cap is not None:
        if cap.min is not None:
            lo = cap.min if lo is None else max(lo, cap.min)
        if cap.max is not None:
            hi = cap.max if hi is None else min(hi, cap.max)
    limits = INT_LIMITS.get(signal.datatype)
    if limits:
        lo = limits[0] if lo is None else max(lo, limits[0])
        hi = limits[1] if hi is None else min(hi, limits[1])
    allowed = signal.allowed
    if cap is not None and cap.allowed:
        allowed = tuple(a for a in cap.allowed if not signal.allowed or a in signal.allowed)
    step = cap.step if cap is not None and cap.step else (1 if signal.datatype in INT_LIMITS else None)
    return Spec(signal.path, label_of(signal.path), signal.datatype, signal.type, signal.unit,
                _tidy(lo), _tidy(hi), step, allowed, signal.description,
                cap.default if cap is not None else None)


def _tidy(x):
    if x is None:
        return None
    return int(x) if float(x).is_integer() else x


def validate(spec: Spec, value: Any, show=None) -> Any:
    """Return the value in its canonical Python type, or raise InvalidValue. Changes nothing.

    `show(value)` writes a value as the driver reads it (the controller's, in the driver's units;
    `show(step, step=True)` a step); without it, in the signal's own unit."""
    dt = spec.datatype
    if dt.endswith("[]"):
        if not isinstance(value, (list, tuple)):
            raise InvalidValue(f"{spec.label} takes a list of values.")
        inner = Spec(**{**spec.__dict__, "datatype": dt[:-2]})
        return [validate(inner, v, show) for v in value]
    if dt == "boolean":
        if not isinstance(value, bool):
            raise InvalidValue(f"{spec.label} is on or off, not {value!r}.")
        return value
    if dt in INT_LIMITS or dt in FLOATS:
        if isinstance(value, bool) or not isinstance(value, (int, float)):
            raise InvalidValue(f"{spec.label} takes a number, not {_show(value)}.")
        if isinstance(value, float) and not math.isfinite(value):
            raise InvalidValue(f"{spec.label} takes a finite number.")
        if dt in INT_LIMITS:
            if isinstance(value, float):
                if not value.is_integer():
                    raise InvalidValue(f"{spec.label} takes a whole number, not {value:g}.")
                value = int(value)
        else:
            value = float(value)
        if (spec.min is not None and value < spec.min) or (spec.max is not None and value > spec.max):
            raise InvalidValue(f"{spec.label} must be {range_text(spec, show)}; {_say(spec, value, show)} is out of range.")
        if spec.step and dt in FLOATS and spec.min is not None:
            k = (value - spec.min) / spec.step
            if abs(k - round(k)) > 1e-6:
                step = show(spec.step, step=True) if show else value_text(spec, spec.step)
                raise InvalidValue(f"{spec.label} moves in steps of {step}.")
        return value
    if dt == "string":
        if not isinstance(value, str):
            raise InvalidValue(f"{spec.label} takes text, not {_show(value)}.")
        if spec.allowed:
            for choice in spec.allowed:
                if value.upper() == str(choice).upper():
                    return choice
            raise InvalidValue(f"{spec.label} must be one of: {', '.join(value_text(spec, a) for a in spec.allowed)}.")
        if len(value) > MAX_STRING:
            raise InvalidValue(f"{spec.label} is at most {MAX_STRING} characters.")
        if any(ord(c) < 32 or ord(c) == 127 for c in value):
            raise InvalidValue(f"{spec.label} cannot contain control characters.")
        return value
    raise InvalidValue(f"{spec.label} has a datatype ({dt}) this console cannot set.")


def parse(spec: Spec, text: str) -> Any:
    """Turn what a person typed (CLI, assistant) into a value of the signal's type."""
    raw = text.strip()
    dt = spec.datatype
    if dt.endswith("[]"):
        try:
            value = json.loads(raw)
        except ValueError:
            value = [part.strip() for part in raw.split(",") if part.strip()]
        inner = Spec(**{**spec.__dict__, "datatype": dt[:-2]})
        return [parse(inner, v) if isinstance(v, str) else v for v in value]
    if dt == "boolean":
        low = raw.lower()
        if low in TRUE_WORDS:
            return True
        if low in FALSE_WORDS:
            return False
        raise InvalidValue(f"{spec.label} is on or off; say on or off, not {_show(raw)}.")
    if dt in INT_LIMITS or dt in FLOATS:
        try:
            number = float(raw)
        except ValueError:
            raise InvalidValue(f"{spec.label} takes a number, not {_show(raw)}.") from None
        if dt in INT_LIMITS and number.is_integer():
            return int(number)
        return number
    return raw


def check_writable(spec: Spec, source: str) -> None:
    if spec.type == "attribute":
        raise NotAllowed(f"{spec.label} is fixed by the car and cannot be changed.")
    if spec.type == "sensor" and source not in ("simulator", "system"):
        raise NotAllowed(f"{spec.label} is a reading from the car; it cannot be set.")


def stepped(spec: Spec, current: Any, direction: int) -> Any:
    """The next value one step left (-1) or right (+1); stays put at either end. A setting of two
    values (a toggle, a choice of two) has no end to stop at: either key flips it, as Enter does."""
    kind = spec.kind
    if kind == "toggle":
        return not bool(current) if direction else bool(current)
    if kind == "choice" and len(spec.allowed or ()) == 2 and current in spec.allowed and direction:
        return spec.allowed[1] if current == spec.allowed[0] else spec.allowed[0]
    if kind == "choice":
        choices = list(spec.allowed)
        try:
            i = choices.index(current)
        except ValueError:
            i = 0 if direction > 0 else len(choices) - 1
            return choices[i]
        return choices[max(0, min(len(choices) - 1, i + direction))]
    if kind == "range":
        step = spec.step or 1
        base = current if isinstance(current, (int, float)) and not isinstance(current, bool) else (spec.min or 0)
        value = base + direction * step
        if spec.min is not None:
            # snap onto the grid of the car's range
            value = spec.min + round((value - spec.min) / step) * step
        if spec.min is not None:
            value = max(spec.min, value)
        if spec.max is not None:
            value = min(spec.max, value)
        if spec.datatype in INT_LIMITS:
            return int(round(value))
        return round(float(value), 4)
    raise InvalidValue(f"{spec.label} cannot be changed step by step.")


def range_text(spec: Spec, show=None) -> str:
    if spec.min is not None and spec.max is not None:
        return f"between {_say(spec, spec.min, show)} and {_say(spec, spec.max, show)}"
    if spec.min is not None:
        return f"at least {_say(spec, spec.min, show)}"
    if spec.max is not None:
        return f"at most {_say(spec, spec.max, show)}"
    return "a number"


def _say(spec: Spec, value, show) -> str:
    return show(value) if show else value_text(spec, value)


def _show(value) -> str:
    text = repr(value)
    return text if len(text) <= 30 else text[:27] + "..."
