"""Whether a routine may run now: not in valet mode, not another driver's, and each of its
conditions (a time window, after dark, weekdays, who drives, parked or moving, time away from home,
not run lately, a reading, a device's state). The answer is why not, in words for the log, or None."""

from __future__ import annotations

from datetime import datetime

from tui.controller.home import VALET
from tui.controller.routines.describe import clock, hhmm, mm_text, owner_text, seconds_text
from tui.controller.routines.sun import is_dark
from tui.controller.routines.vocabulary import PLUGGED, READING_NAMES, READINGS, Routine


def compare(value, op: str, limit: float) -> bool:
    """A reading below or above a limit (never when there is no reading)."""
    if value is None:
        return False
    return value < limit if op == "below" else value > limit


def why_blocked(c, r: Routine, place) -> str | None:
    """Why the routine should not run now, or None (place: the home's, as the engine last read it)."""
    if c.get(VALET, False):
        return "valet mode is on"
    if r.profile_id is not None and r.profile_id != c.active_profile_id():
        return f"it belongs to {owner_text(r, c)} and {c.active_profile_name()} drives"
    now = c.simulator.now()  # the drive's time base: minutes away count simulated minutes (issue 16)
    for cond in r.conditions:
        why = condition_fails(c, r, cond, now, place)
        if why:
            return why
    return None


def condition_fails(c, r: Routine, cond: dict, now: datetime, place) -> str | None:
    kind = cond.get("type")
    if kind == "time_window":
        start, end, minute = hhmm(cond["start"]), hhmm(cond["end"]), now.hour * 60 + now.minute
        inside = start <= minute < end if start <= end else (minute >= start or minute < end)
        return None if inside else (f"it is {clock(mm_text(minute), c)}, outside "
                                    f"{clock(cond['start'], c)}-{clock(cond['end'], c)}")
    if kind == "dark":
        if place is None:
            return "home has no place set"
        dark, change = is_dark(now, place.latitude, place.longitude)
        if dark:
            return None
        return "it is daylight at home" + (f" (sunset {c.time_text(change.astimezone(now.tzinfo))})"
                                           if change else "")
    if kind == "days":
        return None if now.weekday() in cond.get("days", []) else f"it is {now.strftime('%A')}"
    if kind == "profile":
        return None if c.active_profile_id() == cond.get("profile_id") else f"{c.active_profile_name()} drives"
    if kind == "driving":
        state = "moving" if c.restrictions().moving else "parked"
        return None if state == cond.get("state") else f"the car is {state}"
    if kind == "min_away":
        if place is None or place.left_at is None:
            return None
        arrived = place.arrived_at if place.presence == "home" else now.timestamp()
        away = (arrived or now.timestamp()) - place.left_at
        if away < cond["seconds"]:
            return f"the car was away only {seconds_text(max(0, away))} (less than {seconds_text(cond['seconds'])})"
        return None
    if kind == "cooldown":
        last = r.last_fired_at
        if last is not None and now.timestamp() - last < cond["seconds"]:
            return f"it ran {seconds_text(now.timestamp() - last)} ago"
        return None
    if kind in READINGS:
        path = READINGS[kind]
        if not c.has(path):
            return f"{c.car.title} has no {READING_NAMES[kind]} reading"
        value = c.get(path)
        if not compare(value, cond.get("op", "below"), cond.get("value", 0)):
            return f"the {READING_NAMES[kind]} is {c.format(path, value)}"
        return None
    if kind == "plugged":  # charging (issue 17)
        plugged = bool(c.get(PLUGGED))
        return None if plugged == (cond.get("state", "in") == "in") else (
            "the car is plugged in" if plugged else "the car is not plugged in")
    if kind == "at_home":
        if place is None:
            return "home has no place set"
        return None if place.presence == "home" else "the car is not at home"
    if kind == "device_state":
        e = c.home.backend.get(cond.get("device") or "")
        if e is None:
            return f"the home has no {cond.get('device')}"
        return None if e.state == cond.get("state") else f"{e.name} is {c.home.state_text(e)}"
    return f"unknown condition {kind!r}"
