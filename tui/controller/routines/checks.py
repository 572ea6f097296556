"""Whether a routine can work, checked before it is saved: a name, a trigger, conditions and
actions this car and this home have, and no security action (unlocking a door, disarming the
alarm) that needs the driver's PIN each time. Each problem is a sentence for the driver."""

from __future__ import annotations

from tui.controller.errors import CockpitError, InvalidValue
from tui.controller.home import LAT, find_action, parse_value
from tui.controller.routines.describe import hhmm
from tui.controller.routines.vocabulary import IGNITION, MAX_NAME, READING_NAMES, READINGS


def find_problems(c, name: str, trigger: dict, conditions: list, actions: list, profile_id=None,
                  routine_id: int | None = None) -> list[str]:
    """Why this routine cannot work (empty when it can)."""
    out = []
    name = (name or "").strip()
    if not name:
        out.append("Give the routine a name.")
    elif len(name) > MAX_NAME or not name.isprintable():
        out.append(f"A routine name is at most {MAX_NAME} letters.")
    else:
        same = c.store.routines.by_name(name)
        if same is not None and same.id != routine_id:
            out.append(f"There is already a routine called {same.name}.")
    if profile_id is not None and c.store.profiles.get(profile_id) is None:
        out.append("That profile no longer exists.")
    out += _trigger_problems(c, trigger)
    for cond in conditions:
        out += _condition_problems(c, cond, trigger)
    if not actions:
        out.append("A routine needs at least one action.")
    for act in actions:
        out += _action_problems(c, act)
    return out


def _needs(c, path: str, what: str) -> list[str]:
    return [] if c.has(path) else [f"{c.car.title} has no {what} reading."]


def _trigger_problems(c, t: dict) -> list[str]:
    kind = t.get("type")
    if kind in ("arrive", "leave"):
        d = t.get("distance_m")
        out = [] if isinstance(d, (int, float)) and 50 <= d <= 5000 else ["The distance is 50 m to 5 km."]
        if c.store.home.place() is None:
            out.append("Set where home is first.")
        return out + _needs(c, LAT, "location")
    if kind == "ignition":
        return ([] if t.get("state") in ("on", "off") else ["The ignition goes on or off."]) + _needs(
            c, IGNITION, "ignition")
    if kind == "time":
        out = []
        try:
            hhmm(t.get("at", ""))
        except InvalidValue as exc:
            out.append(str(exc))
        days = t.get("days")
        if not days or not all(isinstance(d, int) and 0 <= d <= 6 for d in days):
            out.append("Choose at least one day.")
        return out
    if kind in READINGS:
        return _reading_problems(c, kind, t)
    if kind == "device":
        return _device_problems(c, t.get("device"))
    if kind == "manual":
        return []
    if kind == "plugged":
        return _charging_problems(c) or ([] if t.get("state", "in") in ("in", "out") else ["Plugged in or out?"])
    return ["Choose what starts the routine."]


def _charging_problems(c) -> list[str]:
    return [] if c.charging.available else [f"{c.car.title} has no battery to charge."]


def _reading_problems(c, kind: str, item: dict) -> list[str]:
    out = []
    if item.get("op") not in ("below", "above"):
        out.append("Choose above or below.")
    if not isinstance(item.get("value"), (int, float)):
        out.append("Choose a value.")
    return out + _needs(c, READINGS[kind], READING_NAMES[kind])


def _device_problems(c, entity_id) -> list[str]:
    if not entity_id or c.home.backend.get(entity_id) is None:
        return [f"The home has no device {entity_id!r}."]
    return []


def _condition_problems(c, cond: dict, trigger: dict) -> list[str]:
    kind = cond.get("type")
    if kind == "time_window":
        try:
            hhmm(cond.get("start", ""))
            hhmm(cond.get("end", ""))
        except InvalidValue as exc:
            return [str(exc)]
        return []
    if kind == "days":
        return [] if cond.get("days") else ["Choose at least one day."]
    if kind == "dark":
        return [] if c.store.home.place() is not None else ["Set where home is first."]
    if kind == "profile":
        return [] if c.store.profiles.get(cond.get("profile_id")) else ["That profile no longer exists."]
    if kind == "driving":
        return [] if cond.get("state") in ("parked", "moving") else ["Parked or moving?"]
    if kind in ("min_away", "cooldown"):
        s = cond.get("seconds")
        return [] if isinstance(s, (int, float)) and 0 < s <= 7 * 86400 else ["Choose how long."]
    if kind in READINGS:
        return _reading_problems(c, kind, cond)
    if kind == "device_state":
        return _device_problems(c, cond.get("device"))
    if kind == "plugged":
        return _charging_problems(c)
    if kind == "at_home":
        return [] if c.store.home.place() is not None else ["Set where home is first."]
    return [f"Unknown condition {kind!r}."]


def _action_problems(c, act: dict) -> list[str]:
    kind = act.get("type")
    if kind == "home":
        e = c.home.backend.get(act.get("device") or "")
        if e is None:
            return [f"The home has no device {act.get('device')!r}."]
        try:
            a = find_action(e, act.get("action", ""))
            parse_value(e, a, act.get("value"))
        except CockpitError as exc:
            return [str(exc)]
        if (e.domain == "lock" and a.name == "unlock") or (e.domain == "alarm_control_panel" and a.name == "disarm"):
            what = "unlock a door" if e.domain == "lock" else "disarm the alarm"
            return [f"A routine can't {what}: that needs your PIN each time."]
        return []
    if kind == "scene":
        try:
            scene = c.home.scene(act.get("scene"))
        except CockpitError as exc:
            return [str(exc)]
        bad = [s for s in scene.actions if (s["action"] == "unlock" or s["action"] == "disarm")]
        return [f"Scene {scene.name} unlocks or disarms: a routine can't, that needs your PIN."] if bad else []
    if kind == "car":
        path = act.get("path") or ""
        if not c.has(path):
            try:
                c.spec(path)
            except CockpitError as exc:
                return [str(exc)]
        spec = c.spec(path)
        if not spec.writable:
            return [f"{spec.label} is a reading; a routine can't set it."]
        from tui.controller.signals import validate

        try:
            validate(spec, act.get("value"))
        except CockpitError as exc:
            return [str(exc)]
        return _car_action_authority(c, path, act.get("value"))
    if kind == "notice":
        text = act.get("text") or ""
        return [] if 0 < len(text) <= 80 else ["A notice is 1 to 80 characters."]
    if kind in ("charging", "precondition"):
        return _charging_problems(c) or _charging_action_problems(act)
    if kind == "ask":
        s = act.get("seconds")
        out = [] if isinstance(s, int) and 5 <= s <= 60 else ["A question waits 5 to 60 s."]
        inner = act.get("action") or {}
        if inner.get("type") not in ("home", "scene", "car"):
            out.append("A question asks before a home or car action.")
        return out + _action_problems(c, inner)
    return [f"Unknown action {kind!r}."]


def _charging_action_problems(act: dict) -> list[str]:
    """A charging or preconditioning action's times, days and limit (issue 17)."""
    out = []
    times = [act.get("at", "07:30")] if act["type"] == "precondition" else (
        [act.get("start", "01:00"), act.get("end", "06:00")] if act.get("do", "schedule") == "schedule" else [])
    for at in times:
        try:
            hhmm(at)
        except InvalidValue as exc:
            out.append(str(exc))
    days = act.get("days", [0, 1, 2, 3, 4, 5, 6])
    if not days or not all(isinstance(d, int) and 0 <= d <= 6 for d in days):
        out.append("Choose at least one day.")
    if act["type"] == "charging" and act.get("do", "schedule") not in ("schedule", "start", "stop", "limit"):
        out.append("Charging: start, stop, a limit or the cheap hours.")
    if act.get("do") == "limit" and not (isinstance(act.get("value"), int) and 50 <= act["value"] <= 100):
        out.append("A charge limit is 50 to 100 %.")
    return out


def _car_action_authority(c, path: str, value) -> list[str]:
    """A car action the authority never lets a routine do (unlocking needs the driver's PIN or yes
    each time) is refused when the routine is saved, not only when it runs. Asked for a parked car
    out of valet mode: what depends on the moment (moving, valet) is decided when it runs."""
    from dataclasses import replace

    from tui.controller.authority import TRUNKS, UNLOCKS

    if UNLOCKS.match(path) and value is False:
        action = "body.unlock"
    elif TRUNKS.match(path) and value is True:
        action = "body.trunk"
    else:
        return []
    context = replace(c.authority.context(), moving=False, valet=False)
    decision = c.authority.decide(action, context=context, source="routine")
    return [decision.reason] if decision.refused else []
