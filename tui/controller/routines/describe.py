"""A routine in words, as the driver reads it: times of day ("07:30"), weekdays, durations,
thresholds in the driver's units, and each trigger, condition and action ("When the car comes
within 250 m of home, if it is dark at home: Porch light: on.")."""

from __future__ import annotations

import re

from tui.controller.errors import CockpitError, InvalidValue
from tui.controller.home import distance_text
from tui.controller.routines.vocabulary import DAY_NAMES, DAY_PRESETS, READING_NAMES, READINGS, Routine


def hhmm(text: str) -> int:
    """Minutes after midnight from "07:30"."""
    m = re.fullmatch(r"(\d{1,2}):(\d{2})", str(text).strip())
    if not m or int(m.group(1)) > 23 or int(m.group(2)) > 59:
        raise InvalidValue(f"'{text}' is not a time of day (like 07:30).")
    return int(m.group(1)) * 60 + int(m.group(2))


def mm_text(minutes: int) -> str:
    minutes %= 24 * 60
    return f"{minutes // 60:02d}:{minutes % 60:02d}"


def clock(at: str, controller=None) -> str:
    """A time of day kept as "19:00" as the driver reads it (their 12 or 24 hours: "7:00 PM")."""
    try:
        return controller.hmi_units().hhmm_text(at) if controller is not None else at
    except (ValueError, TypeError, AttributeError):
        return str(at)


def read_clock(text: str, time_format: str = "HR_24") -> str:
    """A time of day a person typed -> "HH:MM": "19:00", "7:05", "1900", and the 12-hour "7:30 pm",
    "7 PM", "12:15 a.m." (never ambiguous, so read whichever the driver chose; the message gives an
    example in their own format). Refuses what is no time of day."""
    raw = " ".join(str(text or "").lower().split())
    twelve = re.fullmatch(r"(\d{1,2})(?::?(\d{2}))?\s*([ap])\.?\s*m?\.?", raw)
    if twelve:
        h, m = int(twelve.group(1)), int(twelve.group(2) or 0)
        if 1 <= h <= 12 and m <= 59:
            return mm_text((h % 12 + (12 if twelve.group(3) == "p" else 0)) * 60 + m)
    else:
        plain = re.fullmatch(r"(\d{1,2}):(\d{2})|(\d{2})(\d{2})", raw)
        if plain:
            h, m = (int(x) for x in (plain.group(1, 2) if plain.group(1) else plain.group(3, 4)))
            if h <= 23 and m <= 59:
                return mm_text(h * 60 + m)
    example = "7:00 pm or 19:00" if time_format == "HR_12" else "19:00"
    raise InvalidValue(f"'{str(text).strip()}' is not a time of day: type it like {example}.")


def days_text(days) -> str:
    days = sorted(set(days or []))
    for name, preset in DAY_PRESETS[:3]:
        if days == preset:
            return name
    return ", ".join(DAY_NAMES[d] for d in days) or "no day"


def seconds_text(s: float) -> str:
    s = int(s)
    if s < 120:
        return f"{s} s"
    if s < 7200:
        return f"{s // 60} min"
    return f"{s // 3600} h"


def value_text(kind: str, value, controller=None) -> str:
    """A threshold as the driver reads it: charge in %, temperatures in the driver's unit."""
    if kind == "charge":
        return f"{value:g} %"
    if controller is not None:
        from tui.controller.units import temperature_text

        text = temperature_text(float(value), controller.hmi_units().temperature)
        return text.replace(".0 °C", " °C")
    return f"{value:g} °C"


def _distance(home, metres) -> str:
    """In the driver's unit when the home domain (and so the controller) is at hand."""
    return home.distance_text(metres) if home is not None and hasattr(home, "distance_text") else distance_text(metres)


def describe_trigger(t: dict, home=None) -> str:
    kind = t.get("type")
    if kind == "arrive":
        return f"the car comes within {_distance(home, t.get('distance_m', 250))} of home"
    if kind == "leave":
        return f"the car goes beyond {_distance(home, t.get('distance_m', 300))} from home"
    if kind == "ignition":
        return f"the ignition goes {t.get('state', 'on')}"
    if kind == "time":
        return f"it is {clock(t.get('at', '07:00'), getattr(home, 'c', None))} on {days_text(t.get('days'))}"
    if kind in READINGS:
        value = value_text(kind, t.get("value", 0), home.c if home is not None else None)
        return f"the {READING_NAMES[kind]} goes {t.get('op', 'below')} {value}"
    if kind == "device":
        name = device_name(home, t.get("device"))
        return f"{name} turns {t['state']}" if t.get("state") else f"{name} changes"
    if kind == "manual":
        return "you run it"
    if kind == "plugged":
        return "the car is plugged in" if t.get("state", "in") == "in" else "the car is unplugged"
    return f"unknown trigger {kind!r}"


def describe_condition(c: dict, controller=None) -> str:
    kind = c.get("type")
    if kind == "time_window":
        return f"between {clock(c.get('start'), controller)} and {clock(c.get('end'), controller)}"
    if kind == "dark":
        return "it is dark at home (sunset to sunrise)"
    if kind == "days":
        return f"on {days_text(c.get('days'))}"
    if kind == "profile":
        name = "?"
        if controller is not None:
            p = controller.store.profiles.get(c.get("profile_id"))
            name = p.name if p else "a deleted profile"
        return f"{name} drives"
    if kind == "driving":
        return f"the car is {c.get('state', 'parked')}"
    if kind == "min_away":
        return f"the car was away at least {seconds_text(c.get('seconds', 300))}"
    if kind == "cooldown":
        return f"not run in the last {seconds_text(c.get('seconds', 60))}"
    if kind in READINGS:
        return f"{READING_NAMES[kind]} {c.get('op', 'below')} {value_text(kind, c.get('value', 0), controller)}"
    if kind == "device_state":
        name = device_name(controller.home if controller is not None else None, c.get("device"))
        return f"{name} is {c.get('state')}"
    if kind == "plugged":
        return "the car is plugged in" if c.get("state", "in") == "in" else "the car is not plugged in"
    if kind == "at_home":
        return "the car is at home"
    return f"unknown condition {kind!r}"


def describe_action(a: dict, controller=None) -> str:
    kind = a.get("type")
    if kind == "home":
        name = device_name(controller.home if controller is not None else None, a.get("device"))
        value = a.get("value")
        return f"{name}: {a.get('action', '').replace('_', ' ')}" + (f" {value}" if value is not None else "")
    if kind == "scene":
        if controller is not None:
            try:
                return f"scene {controller.home.scene(a.get('scene')).name}"
            except CockpitError:
                pass
        return f"scene {a.get('scene')}"
    if kind == "car":
        path = a.get("path", "")
        if controller is not None and controller.has(path):
            return f"{controller.spec(path).label}: {controller.format(path, a.get('value'))}"
        return f"{path.rsplit('.', 1)[-1]}: {a.get('value')}"
    if kind == "notice":
        return f"notice \u201c{a.get('text', '')}\u201d"
    if kind == "precondition":
        return f"precondition the cabin for {clock(a.get('at', '07:30'), controller)} on {days_text(a.get('days'))}"
    if kind == "charging":
        do = a.get("do", "schedule")
        if do == "schedule":
            return (f"charge in the cheap hours, {clock(a.get('start', '01:00'), controller)}-"
                    f"{clock(a.get('end', '06:00'), controller)} on {days_text(a.get('days', range(7)))}")
        return {"start": "start charging", "stop": "stop charging"}.get(do, f"charge limit {a.get('value', 80)} %")
    if kind == "ask":
        inner = describe_action(a.get("action", {}), controller)
        return f"ask first ({a.get('seconds', 10)} s), then {inner}"
    return f"unknown action {kind!r}"


def device_name(home, entity_id) -> str:
    if home is not None:
        e = home.backend.get(entity_id) if entity_id else None
        if e is not None:
            return e.name
    return str(entity_id)


def describe_routine(r: Routine, controller) -> str:
    text = f"When {describe_trigger(r.trigger, controller.home)}"
    if r.conditions:
        text += ", if " + " and ".join(describe_condition(c, controller) for c in r.conditions)
    text += ": " + "; ".join(describe_action(a, controller) for a in r.actions) + "."
    return text


def owner_text(r: Routine, controller) -> str:
    """Whose routine it is: "everyone", or a profile's name."""
    if r.profile_id is None:
        return "everyone"
    p = controller.store.profiles.get(r.profile_id)
    return p.name if p else "?"
