"""Any other setting of this car by its name: "set <setting> to <value>" and "what is <setting>".

Names come from the car's own signals (their labels, e.g. "Fan speed (passenger)"), matched with
rapidfuzz; values are read as the signal's type (numbers, on/off, one of its choices)."""

from __future__ import annotations

from tui.controller.assistant import fuzzy
from tui.controller.assistant.engine import intent
from tui.controller.assistant.words import learn
from tui.controller.errors import InvalidValue
from tui.controller.labels import value_text
from tui.controller.signals import parse as parse_value, range_text

SKIP = ("Vehicle.VehicleIdentification.", "Vehicle.CurrentLocation.", "Vehicle.Private.SmartCockpit.Valet.",
        "Vehicle.Private.SmartCockpit.SpeedLimit.", "Vehicle.Cabin.Door.", "Vehicle.Body.Trunk.")
FILLER = {"the", "set", "to", "change", "make", "put", "my", "a", "please", "what", "is", "are", "how", "much",
          "tell", "me", "current", "currently", "value", "of", "at", "on", "it", "level"}


def _labels(a, writable: bool) -> list[tuple[str, str]]:
    c = a.c
    key = (c.car.vin, writable)
    cache = a.__dict__.setdefault("_label_cache", {})
    if key not in cache:
        items = []
        for path in c.signal_paths():
            if path.startswith(SKIP):
                continue
            spec = c.spec(path)
            if writable and not spec.writable:
                continue
            items.append((spec.label, path))
        cache[key] = items
    return cache[key]


def _split(req) -> tuple[str, str] | None:
    """(name, value) of "set NAME to VALUE"."""
    words = req.words
    if "to" not in words[1:]:
        return None
    i = len(words) - 1 - words[::-1].index("to")
    name = " ".join(w for w in words[:i] if w not in FILLER)
    start = req.spans[i + 1][0] if i + 1 < len(words) else len(req.plain_words)
    value = " ".join(req.plain_words[start:])
    if not name or not value:
        return None
    return name, value


@intent("settings.set", examples=("set the navigation volume to 60",), priority=80)
def set_setting(req, a):
    if req.question or not req.starts("set", "change", "make", "put"):
        return None
    parts = _split(req)
    if parts is None:
        return None
    name, value = parts
    found = fuzzy.pick(name, _labels(a, True), cutoff=80)
    if found.found:
        return {"path": found.best, "value": value}
    if found.unsure:
        return {"options": [path for _, path in found.ambiguous[:6]], "value": value}
    return None


@set_setting.act
def act_set(turn):
    s = turn.slots
    if "path" not in s:
        turn.choose("Which setting?", [(turn.label(p), {"path": p}) for p in s["options"]])
    path = s["path"]
    spec = turn.c.spec(path)
    raw = str(s["value"]).strip()
    if spec.kind == "choice":
        found = fuzzy.pick(raw, [(value_text(spec, v), v) for v in spec.allowed] + [(str(v), v) for v in spec.allowed],
                           cutoff=75)
        if not found.found:
            names = ", ".join(value_text(spec, v) for v in spec.allowed)
            raise InvalidValue(f"{spec.label} can be {names}."[:200])
        value = found.best
    elif spec.kind == "range":
        from tui.controller.assistant.words import parse as parse_words

        q = parse_words(raw).number()
        if q is None:
            raise InvalidValue(f"{spec.label} takes a number, {range_text(spec)}.")
        value = q.value
        if spec.datatype.startswith(("uint", "int")):
            value = int(round(value))
        if (spec.min is not None and value < spec.min) or (spec.max is not None and value > spec.max):
            raise InvalidValue(f"{spec.label} goes from {value_text(spec, spec.min)} to {value_text(spec, spec.max)}.")
        if spec.step and spec.min is not None:
            value = spec.min + round((value - spec.min) / spec.step) * spec.step
            value = int(value) if spec.datatype.startswith(("uint", "int")) else float(value)
    else:
        value = parse_value(spec, raw)
    event = turn.set(path, value)
    return f"{spec.label}: {turn.fmt(path)}" + ("." if event else " already.")


@intent("settings.get", examples=("what is the passenger fan speed",), priority=85)
def get_setting(req, a):
    if not req.question:
        return None
    name = req.rest(FILLER | {"on", "off", "open", "closed", "enabled"})
    if not name:
        return None
    found = fuzzy.pick(name, _labels(a, False), cutoff=84)
    if found.found:
        return {"path": found.best}
    if found.unsure:
        return {"path": found.ambiguous[0][1]}
    return None


@get_setting.act
def act_get(turn):
    path = turn.slots["path"]
    return f"{turn.label(path)}: {turn.fmt(path)}."


learn(FILLER)
