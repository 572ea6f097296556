"""Routines: when something happens (a trigger), if all is right (conditions), do things (actions).

controller.routines. Triggers: the car comes within a distance of home or leaves it; ignition on or
off; a time of day on chosen weekdays; outside or cabin temperature above or below a value; charge
below a value; a home device changes; or by hand only. Conditions: a time window, weekdays, which
profile drives, parked or moving, a minimum time away from home, not fired in the last N seconds, a
reading above or below a value, a device in a state. Actions: a home device action, a scene, a car
setting (VSS path and value), a notice on the car screen, or a question with a countdown that does
the action unless skipped ("Open the garage door? 10 s - Enter: open, Esc: skip").

Every run is logged with what it did and why (or why it did nothing). A routine that cannot work
(a missing device, a setting this car lacks, a security action no routine may take) is refused when
saved, and one that stops working (another car, a device removed) logs why at run time. The routines
react to the car's signals through controller events, edge-triggered: a reading crossing a value
fires once, not on every sample, and arrive/leave use a hysteresis so GPS jitter at the edge does
not fire again.
"""

from __future__ import annotations

import itertools
import re
from dataclasses import dataclass, field
from datetime import datetime, timedelta
from typing import Any

from store.routines import RoutineRow
from tui.controller.errors import CockpitError, InvalidValue, NotAllowed, NotOnThisCar, UnknownName
from tui.controller.events import ContextChanged, Event, StateChanged
from tui.controller.home import LAT, LON, VALET, EntityChanged, HomeChanged, distance_m, distance_text, find_action, parse_value

IGNITION = "Vehicle.LowVoltageSystemState"
OUTSIDE = "Vehicle.Exterior.AirTemperature"
CABIN = "Vehicle.Cabin.HVAC.AmbientAirTemperature"
CHARGE = "Vehicle.Powertrain.TractionBattery.StateOfCharge.Current"
SPEED = "Vehicle.Speed"
READINGS = {"outside_temp": OUTSIDE, "cabin_temp": CABIN, "charge": CHARGE}
READING_NAMES = {"outside_temp": "outside temperature", "cabin_temp": "cabin temperature", "charge": "charge"}
IGNITION_ON = ("ON", "START")
DAY_NAMES = ("Mon", "Tue", "Wed", "Thu", "Fri", "Sat", "Sun")
DAY_PRESETS = [("every day", [0, 1, 2, 3, 4, 5, 6]), ("weekdays", [0, 1, 2, 3, 4]), ("weekends", [5, 6])] + [
    (name, [n]) for n, name in enumerate(DAY_NAMES)]
QUESTION_SCREEN = "tui.screens.routines_question:QuestionScreen"
MAX_NAME = 40


# ============================================================================ events
@dataclass(frozen=True)
class Question:
    """A routine asks before it acts; the action happens at the end of the countdown unless skipped
    (or, with on_timeout="skip", only when confirmed)."""

    id: int
    routine_id: int
    routine_name: str
    prompt: str  # "Open the garage door"
    yes_label: str  # "open"
    seconds: int
    deadline: float  # controller.clock.monotonic()
    action: dict
    on_timeout: str  # "do" | "skip"

    def remaining(self, now: float) -> int:
        return max(0, int(self.deadline - now + 0.999))

    def text(self, now: float) -> str:
        return f"{self.prompt}? {self.remaining(now)} s - Enter: {self.yes_label}, Esc: skip"


@dataclass(frozen=True)
class QuestionAsked(Event):
    question: Question
    screen: str = QUESTION_SCREEN  # the app shows this modal on whatever screen is up


@dataclass(frozen=True)
class QuestionClosed(Event):
    question_id: int
    outcome: str  # "yes" | "skip" | "timeout"


@dataclass(frozen=True)
class RoutinesChanged(Event):
    what: str


@dataclass(frozen=True)
class RoutineRan(Event):
    routine_id: int
    outcome: str
    why: str


Routine = RoutineRow  # a routine as stored: the store's row is the domain's record


@dataclass(frozen=True)
class DryRun:
    routine: str
    blocked: str | None  # why it would do nothing now, or None
    steps: list  # what each action would do

    def lines(self) -> list[str]:
        head = f"{self.routine}: would do nothing now ({self.blocked})." if self.blocked else \
            f"{self.routine}: if triggered now it would:"
        return [head] + [f"  - {s}" for s in self.steps]


# ============================================================================ words
def hhmm(text: str) -> int:
    """Minutes after midnight from "07:30"."""
    m = re.fullmatch(r"(\d{1,2}):(\d{2})", str(text).strip())
    if not m or int(m.group(1)) > 23 or int(m.group(2)) > 59:
        raise InvalidValue(f"'{text}' is not a time of day (like 07:30).")
    return int(m.group(1)) * 60 + int(m.group(2))


def mm_text(minutes: int) -> str:
    minutes %= 24 * 60
    return f"{minutes // 60:02d}:{minutes % 60:02d}"


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


def _value_text(kind: str, value, controller=None) -> str:
    """A threshold as the driver reads it: charge in %, temperatures in the driver's unit."""
    if kind == "charge":
        return f"{value:g} %"
    if controller is not None:
        from tui.controller.units import temperature_text

        text = temperature_text(float(value), controller.unit("TemperatureUnit"))
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
        return f"it is {t.get('at', '07:00')} on {days_text(t.get('days'))}"
    if kind in READINGS:
        value = _value_text(kind, t.get("value", 0), home.c if home is not None else None)
        return f"the {READING_NAMES[kind]} goes {t.get('op', 'below')} {value}"
    if kind == "device":
        name = _device_name(home, t.get("device"))
        return f"{name} turns {t['state']}" if t.get("state") else f"{name} changes"
    if kind == "manual":
        return "you run it"
    return f"unknown trigger {kind!r}"


def describe_condition(c: dict, controller=None) -> str:
    kind = c.get("type")
    if kind == "time_window":
        return f"between {c.get('start')} and {c.get('end')}"
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
        return f"{READING_NAMES[kind]} {c.get('op', 'below')} {_value_text(kind, c.get('value', 0), controller)}"
    if kind == "device_state":
        name = _device_name(controller.home if controller is not None else None, c.get("device"))
        return f"{name} is {c.get('state')}"
    return f"unknown condition {kind!r}"


def describe_action(a: dict, controller=None) -> str:
    kind = a.get("type")
    if kind == "home":
        name = _device_name(controller.home if controller is not None else None, a.get("device"))
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
    if kind == "ask":
        inner = describe_action(a.get("action", {}), controller)
        return f"ask first ({a.get('seconds', 10)} s), then {inner}"
    return f"unknown action {kind!r}"


def _device_name(home, entity_id) -> str:
    if home is not None:
        e = home.backend.get(entity_id) if entity_id else None
        if e is not None:
            return e.name
    return str(entity_id)


def sun_times(day, latitude: float, longitude: float):
    """Sunrise and sunset (UTC datetimes) at a place on a day, by the sunrise equation (within a
    minute or two); (None, None) in polar night, ("up", "up") under the midnight sun."""
    import math
    from datetime import timezone

    jd_noon = day.toordinal() + 1721425.0
    n = round(jd_noon - 2451545.0 + 0.0008)
    j_star = n - longitude / 360.0
    m = (357.5291 + 0.98560028 * j_star) % 360
    mr = math.radians(m)
    c = 1.9148 * math.sin(mr) + 0.02 * math.sin(2 * mr) + 0.0003 * math.sin(3 * mr)
    lam = math.radians((m + c + 180 + 102.9372) % 360)
    transit = 2451545.0 + j_star + 0.0053 * math.sin(mr) - 0.0069 * math.sin(2 * lam)
    sin_d = math.sin(lam) * math.sin(math.radians(23.4397))
    cos_d = math.cos(math.asin(sin_d))
    phi = math.radians(latitude)
    cos_w = (math.sin(math.radians(-0.833)) - math.sin(phi) * sin_d) / (math.cos(phi) * cos_d)
    if cos_w > 1:
        return None, None
    if cos_w < -1:
        return "up", "up"
    w = math.degrees(math.acos(cos_w)) / 360.0

    def when(jd: float):
        return datetime.fromtimestamp((jd - 2440587.5) * 86400.0, timezone.utc)

    return when(transit - w), when(transit + w)


def is_dark(now: datetime, latitude: float, longitude: float) -> tuple[bool, datetime | None]:
    """Whether the sun is down at the place now, and the next sunset or sunrise."""
    from datetime import timezone

    utc = now.astimezone(timezone.utc)
    nxt = None
    for offset in (-1, 0, 1):
        rise, sset = sun_times((utc + timedelta(days=offset)).date(), latitude, longitude)
        if rise == "up":
            return False, None
        if rise is None:
            continue
        if rise <= utc <= sset:
            return False, sset
        if utc < rise and (nxt is None or rise < nxt):
            nxt = rise
    return True, nxt


def _compare(value, op: str, limit: float) -> bool:
    if value is None:
        return False
    return value < limit if op == "below" else value > limit


# ============================================================================ the engine
DEMO_ROUTINES = [
    ("Open the garage on arrival", {"type": "arrive", "distance_m": 250},
     [{"type": "cooldown", "seconds": 60}, {"type": "min_away", "seconds": 300}],
     [{"type": "ask", "seconds": 10, "on_timeout": "do",
       "action": {"type": "home", "device": "cover.garage_door", "action": "open"}}]),
    ("Close the garage on departure", {"type": "leave", "distance_m": 300},
     [{"type": "cooldown", "seconds": 60}],
     [{"type": "home", "device": "cover.garage_door", "action": "close"}]),
    ("Pre-heat on cold weekday mornings", {"type": "time", "at": "07:15", "days": [0, 1, 2, 3, 4]},
     [{"type": "outside_temp", "op": "below", "value": 5}],
     [{"type": "car", "path": "Vehicle.Cabin.HVAC.Station.Row1.Driver.Temperature", "value": 22.0},
      {"type": "car", "path": "Vehicle.Cabin.HVAC.IsFrontDefrosterActive", "value": True},
      {"type": "notice", "text": "Cold morning: the cabin is warming up."}]),
    ("Lights on when arriving after dark", {"type": "arrive", "distance_m": 500},
     [{"type": "dark"}, {"type": "cooldown", "seconds": 60}],
     [{"type": "home", "device": "light.porch", "action": "on"},
      {"type": "home", "device": "light.hallway", "action": "on"}]),
]


class Routines:
    """controller.routines"""

    def __init__(self, controller) -> None:
        self.c = controller
        self._ids = itertools.count(1)
        self.pending: list[Question] = []
        self._inside: dict[int, bool] = {}  # arrive/leave routine id -> car inside its circle
        self._routines: list[Routine] = []
        self._by_path: dict[str, list[Routine]] = {}
        self._by_device: dict[str, list[Routine]] = {}
        self._geo: list[Routine] = []
        self._timed: list[Routine] = []
        self._place = None
        self._last_tick: datetime | None = None
        store = controller.store
        if not store.settings.get("routines_seeded"):
            with store.write():
                for name, trig, conds, acts in DEMO_ROUTINES:
                    if store.routines.by_name(name) is None:
                        store.routines.add(name, trig, conds, acts, builtin=True)
                store.settings.set("routines_seeded", True)
        self.reload()
        controller.subscribe(self._on_event)

    # ---------------------------------------------------------------- reading
    def reload(self) -> None:
        rows = self.c.store.routines.list()
        self._routines = list(rows)
        self._place = self.c.store.home.place()
        by_path: dict[str, list] = {}
        by_device: dict[str, list] = {}
        geo, timed = [], []
        for r in self._routines:
            if not r.enabled:
                continue
            kind = r.trigger.get("type")
            if kind in ("arrive", "leave"):
                geo.append(r)
            elif kind == "ignition":
                by_path.setdefault(IGNITION, []).append(r)
            elif kind in READINGS:
                by_path.setdefault(READINGS[kind], []).append(r)
            elif kind == "device":
                by_device.setdefault(r.trigger.get("device"), []).append(r)
            elif kind == "time":
                timed.append(r)
        self._by_path, self._by_device, self._geo, self._timed = by_path, by_device, geo, timed
        d = self._distance()
        self._inside = {r.id: self._inside.get(r.id, d is not None and d <= r.trigger.get("distance_m", 250))
                        for r in geo}

    def list(self) -> list[Routine]:
        """Every routine (everyone's and each profile's)."""
        return list(self._routines)

    all = list

    def for_profile(self) -> list[Routine]:
        pid = self.c.active_profile_id()
        return [r for r in self._routines if r.profile_id is None or r.profile_id == pid]

    def get(self, ref) -> Routine:
        for r in self._routines:
            if str(r.id) == str(ref) or r.name.lower() == str(ref).strip().lower():
                return r
        starts = [r for r in self._routines if r.name.lower().startswith(str(ref).strip().lower())]
        if len(starts) == 1:
            return starts[0]
        raise UnknownName(f"There is no routine called '{ref}'. `smartcockpit routine list` shows them.")

    def draft(self, ref=None) -> "RoutineDraft":
        """A routine to edit from menus: a new one, or a copy of an existing one."""
        if self.c.restrictions().moving:
            raise NotAllowed("Edit routines when parked.")
        return RoutineDraft(self.c, self.get(ref) if ref is not None else None)

    def runs(self, ref=None, limit: int = 50):
        rid = self.get(ref).id if ref is not None else None
        return self.c.store.routines.runs(rid, limit)

    def describe(self, r: Routine) -> str:
        text = f"When {describe_trigger(r.trigger, self.c.home)}"
        if r.conditions:
            text += ", if " + " and ".join(describe_condition(c, self.c) for c in r.conditions)
        text += ": " + "; ".join(describe_action(a, self.c) for a in r.actions) + "."
        return text

    def owner(self, r: Routine) -> str:
        if r.profile_id is None:
            return "everyone"
        p = self.c.store.profiles.get(r.profile_id)
        return p.name if p else "?"

    # ---------------------------------------------------------------- checking
    def problems(self, name: str, trigger: dict, conditions: list, actions: list, profile_id=None,
                 routine_id: int | None = None) -> list[str]:
        """Why this routine cannot work (empty when it can)."""
        c = self.c
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
        out += self._trigger_problems(trigger)
        for cond in conditions:
            out += self._condition_problems(cond, trigger)
        if not actions:
            out.append("A routine needs at least one action.")
        for act in actions:
            out += self._action_problems(act)
        return out

    def _needs(self, path: str, what: str) -> list[str]:
        return [] if self.c.has(path) else [f"{self.c.car.title} has no {what} reading."]

    def _trigger_problems(self, t: dict) -> list[str]:
        kind = t.get("type")
        if kind in ("arrive", "leave"):
            d = t.get("distance_m")
            out = [] if isinstance(d, (int, float)) and 50 <= d <= 5000 else ["The distance is 50 m to 5 km."]
            if self.c.store.home.place() is None:
                out.append("Set where home is first.")
            return out + self._needs(LAT, "location")
        if kind == "ignition":
            return ([] if t.get("state") in ("on", "off") else ["The ignition goes on or off."]) + self._needs(
                IGNITION, "ignition")
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
            return self._reading_problems(kind, t)
        if kind == "device":
            return self._device_problems(t.get("device"))
        if kind == "manual":
            return []
        return ["Choose what starts the routine."]

    def _reading_problems(self, kind: str, item: dict) -> list[str]:
        out = []
        if item.get("op") not in ("below", "above"):
            out.append("Choose above or below.")
        if not isinstance(item.get("value"), (int, float)):
            out.append("Choose a value.")
        return out + self._needs(READINGS[kind], READING_NAMES[kind])

    def _device_problems(self, entity_id) -> list[str]:
        if not entity_id or self.c.home.backend.get(entity_id) is None:
            return [f"The home has no device {entity_id!r}."]
        return []

    def _condition_problems(self, cond: dict, trigger: dict) -> list[str]:
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
            return [] if self.c.store.home.place() is not None else ["Set where home is first."]
        if kind == "profile":
            return [] if self.c.store.profiles.get(cond.get("profile_id")) else ["That profile no longer exists."]
        if kind == "driving":
            return [] if cond.get("state") in ("parked", "moving") else ["Parked or moving?"]
        if kind in ("min_away", "cooldown"):
            s = cond.get("seconds")
            return [] if isinstance(s, (int, float)) and 0 < s <= 7 * 86400 else ["Choose how long."]
        if kind in READINGS:
            return self._reading_problems(kind, cond)
        if kind == "device_state":
            return self._device_problems(cond.get("device"))
        return [f"Unknown condition {kind!r}."]

    def _action_problems(self, act: dict) -> list[str]:
        kind = act.get("type")
        c = self.c
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
            return []
        if kind == "notice":
            text = act.get("text") or ""
            return [] if 0 < len(text) <= 80 else ["A notice is 1 to 80 characters."]
        if kind == "ask":
            s = act.get("seconds")
            out = [] if isinstance(s, int) and 5 <= s <= 60 else ["A question waits 5 to 60 s."]
            inner = act.get("action") or {}
            if inner.get("type") not in ("home", "scene", "car"):
                out.append("A question asks before a home or car action.")
            return out + self._action_problems(inner)
        return [f"Unknown action {kind!r}."]

    # ---------------------------------------------------------------- saving
    def save(self, name: str, trigger: dict, conditions: list, actions: list, profile_id: int | None = None,
             routine_id: int | None = None, enabled: bool = True) -> Routine:
        """Add (or replace) a routine. Parked only; refused with every reason when it cannot work."""
        if self.c.restrictions().moving:
            raise NotAllowed("Edit routines when parked.")
        problems = self.problems(name, trigger, conditions, actions, profile_id, routine_id)
        if problems:
            raise InvalidValue(" ".join(problems))
        with self.c.store.write():
            if routine_id is None:
                routine_id = self.c.store.routines.add(name.strip(), trigger, conditions, actions, profile_id, enabled)
            else:
                self.get(routine_id)
                self.c.store.routines.update(routine_id, name.strip(), trigger, conditions, actions, profile_id)
        self._changed("saved")
        return self.get(routine_id)

    def set_enabled(self, ref, enabled: bool) -> Routine:
        r = self.get(ref)
        with self.c.store.write():
            self.c.store.routines.set_enabled(r.id, enabled)
        self._changed("enabled")
        return self.get(r.id)

    def delete(self, ref) -> None:
        if self.c.restrictions().moving:
            raise NotAllowed("Delete routines when parked.")
        r = self.get(ref)
        with self.c.store.write():
            self.c.store.routines.delete(r.id)
        self._changed("deleted")

    def _changed(self, what: str) -> None:
        self.reload()
        self.c.events.publish(RoutinesChanged(what))

    # ---------------------------------------------------------------- reacting
    def _distance(self) -> float | None:
        place = self._place
        lat, lon = self.c.get(LAT), self.c.get(LON)
        if place is None or lat is None or lon is None:
            return None
        return distance_m(float(lat), float(lon), place.latitude, place.longitude)

    def _on_event(self, event) -> None:
        if isinstance(event, StateChanged):
            path = event.path
            if path in (LAT, LON):
                self._moved()
                return
            routines = self._by_path.get(path)
            if routines:
                self._reading_changed(path, event.old, event.new, routines)
        elif isinstance(event, EntityChanged):
            for r in self._by_device.get(event.entity_id, ()):
                want = r.trigger.get("state")
                if want is None or event.new == want:
                    name = _device_name(self.c.home, event.entity_id)
                    self._fire(r, f"{name} turned {event.new}" if want else f"{name} changed to {event.new}")
        elif isinstance(event, HomeChanged) and event.what == "place":
            self._place = self.c.store.home.place()
            self._inside = {}
            self.reload()
        elif isinstance(event, ContextChanged):
            self.reload()

    def _moved(self) -> None:
        d = self._distance()
        if d is None:
            return
        self._presence(d)
        for r in self._geo:
            radius = r.trigger.get("distance_m", 250)
            slack = max(50.0, radius * 0.2)  # GPS jitter at the edge does not fire again
            was = self._inside.get(r.id)
            if r.trigger["type"] == "arrive":
                if d <= radius:
                    self._inside[r.id] = True
                    if was is False:
                        self._fire(r, f"the car came within {self.c.home.distance_text(radius)} of home ({self.c.home.distance_text(d)})")
                elif d > radius + slack:
                    self._inside[r.id] = False
            else:
                if d > radius:
                    self._inside[r.id] = False
                    if was is True:
                        self._fire(r, f"the car went beyond {self.c.home.distance_text(radius)} from home ({self.c.home.distance_text(d)})")
                elif d <= max(0.0, radius - slack):
                    self._inside[r.id] = True

    def _presence(self, d: float) -> None:
        """Remember when the car left home and came back (for 'minimum time away'); kept in the
        database so a restart does not forget it."""
        place = self._place
        if place is None:
            return
        state = "home" if d <= place.near_m else ("away" if d > place.near_m + 50 else place.presence)
        if state == place.presence or state is None:
            return
        now = self.c.clock.now().timestamp()
        if place.presence is None:  # the first reading says where the car is; it did not leave
            with self.c.store.write():
                self.c.store.home.set_presence(state, None, None)
            self._place = self.c.store.home.place()
            return
        left = now if state == "away" else place.left_at
        arrived = now if state == "home" else place.arrived_at
        with self.c.store.write():
            self.c.store.home.set_presence(state, left, arrived)
        self._place = self.c.store.home.place()

    def _reading_changed(self, path: str, old, new, routines) -> None:
        for r in routines:
            t = r.trigger
            kind = t["type"]
            if kind == "ignition":
                on_now, on_before = new in IGNITION_ON, old in IGNITION_ON
                if t.get("state", "on") == "on" and on_now and not on_before:
                    self._fire(r, "the ignition went on")
                elif t.get("state") == "off" and on_before and not on_now:
                    self._fire(r, "the ignition went off")
                continue
            op, limit = t.get("op", "below"), t.get("value", 0)
            if _compare(new, op, limit) and not _compare(old, op, limit):
                self._fire(r, f"the {READING_NAMES[kind]} went {op} {_value_text(kind, limit, self.c)} "
                              f"({_value_text(kind, new, self.c)})")

    def tick(self) -> None:
        now = self.c.clock.now()
        mono = self.c.clock.monotonic()
        for q in list(self.pending):
            if mono >= q.deadline:
                self._close(q, "timeout")
        last, self._last_tick = self._last_tick, now
        if last is None or not self._timed or now <= last:
            return
        if now - last > timedelta(hours=1):
            last = now - timedelta(minutes=1)  # after a long sleep, only what is due now
        for r in self._timed:
            try:
                at = hhmm(r.trigger.get("at", ""))
            except InvalidValue:
                continue
            day = last.date()
            while day <= now.date():
                moment = datetime(day.year, day.month, day.day, at // 60, at % 60, tzinfo=now.tzinfo)
                if last < moment <= now and moment.weekday() in r.trigger.get("days", []):
                    self._fire(r, f"it is {mm_text(at)} on a {moment.strftime('%A')}")
                day += timedelta(days=1)

    # ---------------------------------------------------------------- conditions
    def _blocked(self, r: Routine) -> str | None:
        """Why the routine should not run now, or None."""
        c = self.c
        if c.get(VALET, False):
            return "valet mode is on"
        if r.profile_id is not None and r.profile_id != c.active_profile_id():
            return f"it belongs to {self.owner(r)} and {c.active_profile_name()} drives"
        now = c.clock.now()
        for cond in r.conditions:
            why = self._condition_fails(r, cond, now)
            if why:
                return why
        return None

    def _condition_fails(self, r: Routine, cond: dict, now: datetime) -> str | None:
        c = self.c
        kind = cond.get("type")
        if kind == "time_window":
            start, end, minute = hhmm(cond["start"]), hhmm(cond["end"]), now.hour * 60 + now.minute
            inside = start <= minute < end if start <= end else (minute >= start or minute < end)
            return None if inside else f"it is {mm_text(minute)}, outside {cond['start']}-{cond['end']}"
        if kind == "dark":
            place = self._place
            if place is None:
                return "home has no place set"
            dark, change = is_dark(now, place.latitude, place.longitude)
            if dark:
                return None
            return "it is daylight at home" + (f" (sunset {change.astimezone(now.tzinfo).strftime('%H:%M')})"
                                               if change else "")
        if kind == "days":
            return None if now.weekday() in cond.get("days", []) else f"it is {now.strftime('%A')}"
        if kind == "profile":
            return None if c.active_profile_id() == cond.get("profile_id") else f"{c.active_profile_name()} drives"
        if kind == "driving":
            state = "moving" if c.restrictions().moving else "parked"
            return None if state == cond.get("state") else f"the car is {state}"
        if kind == "min_away":
            place = self._place
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
            if not _compare(value, cond.get("op", "below"), cond.get("value", 0)):
                return f"the {READING_NAMES[kind]} is {c.format(path, value)}"
            return None
        if kind == "device_state":
            e = c.home.backend.get(cond.get("device") or "")
            if e is None:
                return f"the home has no {cond.get('device')}"
            return None if e.state == cond.get("state") else f"{e.name} is {e.state}"
        return f"unknown condition {kind!r}"

    # ---------------------------------------------------------------- running
    def _fire(self, r: Routine, why: str) -> None:
        blocked = self._blocked(r)
        now = self.c.clock.now()
        if blocked:
            self._log(r, f"{why}, but {blocked}", "skipped", [])
            return
        did, asked = self._act(r, r.actions, why)
        with self.c.store.write():
            self.c.store.routines.set_fired(r.id, now.timestamp())
        self._routines = [replace_fired(x, now.timestamp()) if x.id == r.id else x for x in self._routines]
        self._reindex_fired(r.id, now.timestamp())
        failed = did and all(d.startswith("refused") for d in did)
        self._log(r, why, "asked" if asked else ("failed" if failed else "done"), did)
        acted = [d for d, a in zip(did, r.actions) if a.get("type") in ("home", "scene", "car")]
        if acted:
            self.c.notice(f"{r.name}: {acted[0]}", "warning" if acted[0].startswith("refused") else "information")

    def _reindex_fired(self, rid: int, at: float) -> None:
        for table in (self._by_path, self._by_device):
            for key, items in table.items():
                table[key] = [replace_fired(x, at) if x.id == rid else x for x in items]
        self._geo = [replace_fired(x, at) if x.id == rid else x for x in self._geo]
        self._timed = [replace_fired(x, at) if x.id == rid else x for x in self._timed]

    def _act(self, r: Routine, actions: list, why: str) -> tuple[list[str], bool]:
        did, asked = [], False
        for act in actions:
            if act.get("type") == "ask":
                self._ask(r, act)
                asked = True
                did_text = f"asked: {self._prompt(act.get('action', {}))}?"
                did.append(did_text)
                continue
            did.append(self._do(act))
        return did, asked

    def _do(self, act: dict) -> str:
        c = self.c
        kind = act.get("type")
        try:
            if kind == "home":
                return c.home.do(act["device"], act["action"], act.get("value"), source="routine")
            if kind == "scene":
                results = c.home.run_scene(act["scene"], source="routine")
                return f"scene {c.home.scene(act['scene']).name}: " + " ".join(results)
            if kind == "car":
                path = act["path"]
                if not c.has(path):
                    return f"refused: {c.car.title} has no {path.rsplit('.', 1)[-1]}"
                event = c.set(path, act["value"], source="routine")
                spec = c.spec(path)
                return f"{spec.label} {c.format(path)}" + ("" if event else " (already)")
            if kind == "notice":
                c.notice(act["text"])
                return f"notice: {act['text']}"
        except CockpitError as exc:
            return f"refused: {exc}"
        return f"refused: unknown action {kind!r}"

    def _prompt(self, action: dict) -> str:
        c = self.c
        if action.get("type") == "home":
            e = c.home.backend.get(action.get("device") or "")
            name = e.name.lower() if e else str(action.get("device"))
            verb = {"on": "Turn on", "off": "Turn off", "arm_away": "Arm", "arm_home": "Arm",
                    "arm_night": "Arm"}.get(action.get("action"), str(action.get("action", "")).capitalize())
            return f"{verb} the {name}"
        if action.get("type") == "scene":
            return f"Run {describe_action(action, c)}"
        return describe_action(action, c).capitalize()

    def _ask(self, r: Routine, act: dict) -> Question:
        inner = act.get("action", {})
        yes = inner.get("action", "yes") if inner.get("type") == "home" else "yes"
        yes = {"on": "turn on", "off": "turn off"}.get(yes, yes.replace("_", " "))
        q = Question(next(self._ids), r.id, r.name, self._prompt(inner), yes, int(act.get("seconds", 10)),
                     self.c.clock.monotonic() + int(act.get("seconds", 10)), inner, act.get("on_timeout", "do"))
        self.pending.append(q)
        self.c.events.publish(QuestionAsked(q))
        return q

    def question(self) -> Question | None:
        """The question on screen now (the oldest one waiting)."""
        return self.pending[0] if self.pending else None

    def answer(self, yes: bool, question_id: int | None = None) -> str:
        """Enter (yes) or Esc (skip) on the question."""
        q = next((x for x in self.pending if question_id is None or x.id == question_id), None)
        if q is None:
            raise UnknownName("There is no question waiting.")
        return self._close(q, "yes" if yes else "skip")

    def _close(self, q: Question, outcome: str) -> str:
        if q not in self.pending:
            return ""
        self.pending.remove(q)
        self.c.events.publish(QuestionClosed(q.id, outcome))
        try:
            r = self.get(q.routine_id)
        except UnknownName:
            return "The routine is gone."
        go = outcome == "yes" or (outcome == "timeout" and q.on_timeout == "do")
        if not go:
            why = "you skipped it" if outcome == "skip" else "nobody answered"
            self._log(r, f"{q.prompt}? {why}", "declined", [])
            return f"Skipped: {q.prompt.lower()}."
        result = self._do(q.action)
        why = "you said yes" if outcome == "yes" else f"nobody skipped it in {q.seconds} s"
        self._log(r, f"{q.prompt}? {why}", "failed" if result.startswith("refused") else "done", [result])
        return result

    def run(self, ref, source: str = "ui") -> list[str]:
        """Run a routine now, by hand: its actions (questions are asked), without trigger or conditions."""
        r = self.get(ref)
        if self.c.get(VALET, False):
            raise NotAllowed("Routines are off in valet mode.")
        if r.profile_id is not None and r.profile_id != self.c.active_profile_id():
            raise NotAllowed(f"{r.name} belongs to {self.owner(r)}.")
        did, _ = self._act(r, r.actions, f"run by hand ({source})")
        self._log(r, f"run by hand ({source})", "done", did)
        return did

    start = run

    def dry_run(self, ref) -> DryRun:
        """What the routine would do if its trigger came now: whether a condition stops it, and what
        each action would do (nothing is changed)."""
        r = self.get(ref)
        blocked = self._blocked(r)
        steps = [self._would(a) for a in r.actions]
        self._log(r, "what would it do now", "dry", steps, dry=True)
        return DryRun(r.name, blocked, steps)

    def _would(self, act: dict) -> str:
        c = self.c
        kind = act.get("type")
        try:
            if kind == "ask":
                inner = act.get("action", {})
                return f"ask \u201c{self._prompt(inner)}?\u201d for {act.get('seconds', 10)} s, then " + \
                    self._would(inner)
            if kind == "home":
                e, a, value = c.home.check(act["device"], act["action"], act.get("value"), source="routine")
                primary_done = {"open": "open", "close": "closed", "lock": "locked", "on": "on", "off": "off"}
                if primary_done.get(a.name) == e.state:
                    return f"{e.name}: already {e.state}, nothing to do"
                return f"{e.name}: {a.label.lower()}{'' if value is None else ' ' + str(value)} (now {e.state})"
            if kind == "scene":
                s = c.home.scene(act["scene"])
                return f"run scene {s.name} ({s.summary()})"
            if kind == "car":
                path = act["path"]
                if not c.has(path):
                    return f"would be refused: {c.car.title} has no {path.rsplit('.', 1)[-1]}"
                value = c.validate(path, act["value"], "routine")
                spec = c.spec(path)
                if c.get(path) == value:
                    return f"{spec.label}: already {c.format(path, value)}"
                return f"{spec.label}: {c.format(path)} → {c.format(path, value)}"
            if kind == "notice":
                return f"show \u201c{act['text']}\u201d"
        except CockpitError as exc:
            return f"would be refused: {exc}"
        return f"unknown action {kind!r}"

    def _log(self, r: Routine, why: str, outcome: str, did: list, dry: bool = False) -> None:
        with self.c.store.write():
            self.c.store.routines.log_run(r.id, why, outcome, did, dry, self.c.clock.now().isoformat(timespec="seconds"))
        if not dry:
            self.c.events.publish(RoutineRan(r.id, outcome, why))


def replace_fired(r: Routine, at: float) -> Routine:
    from dataclasses import replace

    return replace(r, last_fired_at=at)


__all__ = ["Routines", "Routine", "Question", "QuestionAsked", "QuestionClosed", "RoutinesChanged", "RoutineRan",
           "DryRun", "describe_trigger", "describe_condition", "describe_action"]


# ============================================================================ the editor (menus, no typing but the name)
@dataclass
class EditorRow:
    id: str
    label: str
    value: str
    keys: str = ""  # what the keys do on this row, for the footer hint


TRIGGER_CHOICES = [
    ("arrive", "Arriving home", {"type": "arrive", "distance_m": 250}),
    ("leave", "Leaving home", {"type": "leave", "distance_m": 300}),
    ("ignition_on", "Ignition on", {"type": "ignition", "state": "on"}),
    ("ignition_off", "Ignition off", {"type": "ignition", "state": "off"}),
    ("time", "A time of day", {"type": "time", "at": "07:00", "days": [0, 1, 2, 3, 4]}),
    ("outside_below", "Outside colder than", {"type": "outside_temp", "op": "below", "value": 3}),
    ("outside_above", "Outside warmer than", {"type": "outside_temp", "op": "above", "value": 25}),
    ("cabin_above", "Cabin warmer than", {"type": "cabin_temp", "op": "above", "value": 28}),
    ("cabin_below", "Cabin colder than", {"type": "cabin_temp", "op": "below", "value": 10}),
    ("charge_below", "Charge below", {"type": "charge", "op": "below", "value": 20}),
    ("device", "A home device changes", {"type": "device"}),
    ("manual", "Only when I run it", {"type": "manual"}),
]
CONDITION_CHOICES = [
    ("after_dark", "After dark (sunset to sunrise at home)", {"type": "dark"}),
    ("evening", "In the evening (17:00-23:00)", {"type": "time_window", "start": "17:00", "end": "23:00"}),
    ("morning", "In the morning (06:00-10:00)", {"type": "time_window", "start": "06:00", "end": "10:00"}),
    ("weekdays", "On weekdays", {"type": "days", "days": [0, 1, 2, 3, 4]}),
    ("weekends", "At weekends", {"type": "days", "days": [5, 6]}),
    ("parked", "The car is parked", {"type": "driving", "state": "parked"}),
    ("moving", "The car is moving", {"type": "driving", "state": "moving"}),
    ("me", "I am driving", {"type": "profile"}),
    ("min_away", "Away at least 5 min", {"type": "min_away", "seconds": 300}),
    ("cooldown", "Not run in the last minute", {"type": "cooldown", "seconds": 60}),
    ("outside_below", "Outside colder than…", {"type": "outside_temp", "op": "below", "value": 5}),
    ("outside_above", "Outside warmer than…", {"type": "outside_temp", "op": "above", "value": 25}),
    ("charge_below", "Charge below…", {"type": "charge", "op": "below", "value": 30}),
]
NOTICES = ["Welcome home.", "The garage is closing.", "Remember to plug in the car.", "Cold outside: drive carefully.",
           "Charge is low: find a charger.", "Have a good trip."]
CAR_PATHS = [
    "Vehicle.Cabin.HVAC.Station.Row1.Driver.Temperature", "Vehicle.Cabin.HVAC.Station.Row1.Passenger.Temperature",
    "Vehicle.Cabin.HVAC.Station.Row1.Driver.FanSpeed", "Vehicle.Cabin.HVAC.IsAirConditioningActive",
    "Vehicle.Cabin.HVAC.IsFrontDefrosterActive", "Vehicle.Cabin.HVAC.IsRearDefrosterActive",
    "Vehicle.Cabin.HVAC.IsRecirculationActive", "Vehicle.Private.SmartCockpit.HVAC.IsAutoActive",
    "Vehicle.Cabin.Seat.Row1.DriverSide.Seating.HeatingCooling", "Vehicle.Cabin.Seat.Row1.DriverSide.Backrest.HeatingCooling",
    "Vehicle.Cabin.SteeringWheel.Heating.IsActive", "Vehicle.Cabin.Infotainment.Media.Volume",
    "Vehicle.Cabin.Light.AmbientLight.Row1.DriverSide.IsLightOn",
]
DEVICE_STATES = {
    "cover": ["open", "closed", "opening", "closing"], "lock": ["locked", "unlocked", "jammed"],
    "alarm_control_panel": ["triggered", "pending", "armed_away", "disarmed"], "light": ["on", "off"],
    "switch": ["on", "off"], "binary_sensor": ["on", "off"], "climate": ["heat", "off"],
}
ACTION_DEFAULTS = {"percent": 100, "colour": "warm white", "temperature": 20, "mode": "heat", "number": 80,
                   "seconds": 0}


class RoutineDraft:
    """A routine being built from menus. The screen shows rows() and forwards keys: choose (Enter,
    opening a list of options), step (Left/Right), remove, toggle_ask, save."""

    def __init__(self, controller, routine: Routine | None = None) -> None:
        self.c = controller
        self.routine_id = routine.id if routine else None
        self.name = routine.name if routine else ""
        self.profile_id = routine.profile_id if routine else None
        self.trigger: dict = dict(routine.trigger) if routine else {"type": "arrive", "distance_m": 250}
        self.conditions: list = [dict(x) for x in routine.conditions] if routine else []
        self.actions: list = [dict(x) for x in routine.actions] if routine else []
        self.dirty = False

    # ---------------------------------------------------------------- what the screen shows
    def rows(self) -> list[EditorRow]:
        c = self.c
        rows = [EditorRow("name", "Name", self.name or "(Enter to type a name)", "Enter: type"),
                EditorRow("for", "For", self._owner(), "Left/Right: change"),
                EditorRow("trigger", "When", self._trigger_label(), "Enter: choose")]
        t = self.trigger
        kind = t.get("type")
        if kind in ("arrive", "leave"):
            rows.append(EditorRow("t.distance", "  Distance", c.home.distance_text(t.get("distance_m", 250)),
                                  "Left/Right: 50 m"))
        elif kind == "time":
            rows.append(EditorRow("t.at", "  Time", t.get("at", "07:00"), "Left/Right: 15 min"))
            rows.append(EditorRow("t.days", "  Days", days_text(t.get("days")), "Left/Right: change"))
        elif kind in READINGS:
            rows.append(EditorRow("t.value", f"  {t.get('op', 'below').capitalize()}",
                                  _value_text(kind, t.get("value", 0), c), "Left/Right: change"))
        elif kind == "device":
            rows.append(EditorRow("t.device", "  Device", _device_name(c.home, t.get("device")) if t.get("device")
                                  else "(Enter to choose)", "Enter: choose"))
            rows.append(EditorRow("t.state", "  Turns", t.get("state") or "any change", "Left/Right: change"))
        for i, cond in enumerate(self.conditions):
            rows.append(EditorRow(f"c.{i}", "If" if i == 0 else "and", describe_condition(cond, c),
                                  "Left/Right: change  x: remove"))
        rows.append(EditorRow("add_c", "+ Condition", "add one", "Enter: choose"))
        for i, act in enumerate(self.actions):
            rows.append(EditorRow(f"a.{i}", "Do" if i == 0 else "then", describe_action(act, c),
                                  "Left/Right: value  a: ask first  x: remove"))
        rows.append(EditorRow("add_a", "+ Action", "add one", "Enter: choose"))
        problems = self.problems()
        rows.append(EditorRow("save", "Save", "ready" if not problems else problems[0], "Enter: save"))
        return rows

    def problems(self) -> list[str]:
        return self.c.routines.problems(self.name, self.trigger, self.conditions, self.actions, self.profile_id,
                                        self.routine_id)

    def _owner(self) -> str:
        if self.profile_id is None:
            return "Everyone"
        p = self.c.store.profiles.get(self.profile_id)
        return p.name if p else "?"

    def _trigger_label(self) -> str:
        for key, label, template in TRIGGER_CHOICES:
            if template["type"] == self.trigger.get("type") and all(
                    self.trigger.get(k) == v for k, v in template.items() if k in ("state", "op")):
                return label
        return describe_trigger(self.trigger, self.c.home)

    # ---------------------------------------------------------------- Enter: lists to choose from
    def options(self, row_id: str, path: tuple = ()) -> tuple[str, list[tuple[str, str]]] | None:
        """The list to choose from for this row after the choices in path, or None when the
        choices are complete (then `choose` applies them)."""
        c = self.c
        if row_id == "trigger":
            if not path:
                return "What starts it?", [(k, label) for k, label, _ in TRIGGER_CHOICES]
            if path[0] == "device" and len(path) == 1:
                return "Which device?", self._device_options(lambda e: e.domain != "sensor")
            return None
        if row_id == "t.device":
            return ("Which device?", self._device_options(lambda e: e.domain != "sensor")) if not path else None
        if row_id == "add_c":
            return ("Only if", [(k, label) for k, label, _ in CONDITION_CHOICES]) if not path else None
        if row_id == "add_a":
            if not path:
                return "Do what?", [("home", "A home device"), ("scene", "A scene"), ("car", "A car setting"),
                                    ("notice", "A notice on the screen")]
            kind = path[0]
            if kind == "home":
                if len(path) == 1:
                    return "Which device?", self._device_options(lambda e: bool(self._routine_actions(e)))
                if len(path) == 2:
                    e = c.home.backend.get(path[1])
                    return f"{e.name}: do what?", [(a.name, a.label) for a in self._routine_actions(e)]
                return None
            if kind == "scene":
                return ("Which scene?", [(str(s.id), s.name) for s in c.home.scenes()]) if len(path) == 1 else None
            if kind == "car":
                if len(path) == 1:
                    return "Which setting?", [(p, c.spec(p).label) for p in CAR_PATHS
                                              if c.has(p) and c.spec(p).writable] + [("*all", "Every other setting…")]
                if path[1] == "*all" and len(path) == 2:
                    others = [(p, c.spec(p).label) for p in c.signal_paths()
                              if c.spec(p).writable and p not in CAR_PATHS and c.spec(p).kind in ("toggle", "choice",
                                                                                                     "range")]
                    return "Which setting?", sorted(others, key=lambda o: o[1].lower())
                return None
            if kind == "notice":
                return ("Which notice?", [(str(i), t) for i, t in enumerate(NOTICES)]) if len(path) == 1 else None
        return None

    def _device_options(self, keep) -> list[tuple[str, str]]:
        return [(e.entity_id, f"{e.name} ({e.room})" if e.room else e.name) for e in self.c.home.backend.entities()
                if keep(e)]

    @staticmethod
    def _routine_actions(e):
        from tui.controller.home import actions_for

        return [a for a in actions_for(e) if not ((e.domain == "lock" and a.name == "unlock") or
                                                  (e.domain == "alarm_control_panel" and a.name == "disarm"))]

    def choose(self, row_id: str, path: tuple) -> None:
        c = self.c
        self.dirty = True
        if row_id == "trigger":
            template = next(t for k, _, t in TRIGGER_CHOICES if k == path[0])
            self.trigger = dict(template, days=list(template["days"])) if "days" in template else dict(template)
            if path[0] == "device" and len(path) > 1:
                self.trigger["device"] = path[1]
        elif row_id == "t.device":
            self.trigger["device"] = path[0]
            self.trigger.pop("state", None)
        elif row_id == "add_c":
            cond = dict(next(t for k, _, t in CONDITION_CHOICES if k == path[0]))
            if cond["type"] == "profile":
                cond["profile_id"] = c.active_profile_id()
            self.conditions.append(cond)
        elif row_id == "add_a":
            kind = path[0]
            if kind == "home":
                e = c.home.backend.get(path[1])
                act = next(a for a in self._routine_actions(e) if a.name == path[2])
                action = {"type": "home", "device": e.entity_id, "action": act.name}
                if act.value:
                    default = ACTION_DEFAULTS[act.value]
                    if act.value == "number":
                        default = e.attributes.get("max", 80)
                    action["value"] = default
                self.actions.append(action)
            elif kind == "scene":
                self.actions.append({"type": "scene", "scene": int(path[1])})
            elif kind == "car":
                spec = c.spec(path[-1])
                value = c.get(path[-1], spec.default)
                if spec.kind == "toggle":
                    value = True
                elif spec.kind == "choice" and value not in (spec.allowed or ()):
                    value = spec.allowed[0]
                self.actions.append({"type": "car", "path": path[-1], "value": value})
            elif kind == "notice":
                self.actions.append({"type": "notice", "text": NOTICES[int(path[1])]})

    # ---------------------------------------------------------------- Left/Right
    def step(self, row_id: str, direction: int) -> None:
        c = self.c
        t = self.trigger
        self.dirty = True
        if row_id == "for":
            ids = [None] + [p.id for p in c.store.profiles.list()]
            i = ids.index(self.profile_id) if self.profile_id in ids else 0
            self.profile_id = ids[(i + direction) % len(ids)]
        elif row_id == "t.distance":
            t["distance_m"] = max(50, min(5000, t.get("distance_m", 250) + 50 * direction))
        elif row_id == "t.at":
            t["at"] = mm_text(hhmm(t.get("at", "07:00")) + 15 * direction)
        elif row_id == "t.days":
            t["days"] = self._next_days(t.get("days"), direction)
        elif row_id == "t.value":
            t["value"] = t.get("value", 0) + (5 if t["type"] == "charge" else 1) * direction
            if t["type"] == "charge":
                t["value"] = max(5, min(95, t["value"]))
        elif row_id == "t.state":
            e = c.home.backend.get(t.get("device") or "")
            states = [None] + DEVICE_STATES.get(e.domain if e else "", [])
            i = states.index(t.get("state")) if t.get("state") in states else 0
            t["state"] = states[(i + direction) % len(states)]
            if t["state"] is None:
                t.pop("state")
        elif row_id.startswith("c."):
            self._step_condition(self.conditions[int(row_id[2:])], direction)
        elif row_id.startswith("a."):
            act = self.actions[int(row_id[2:])]
            self._step_action(act.get("action") if act.get("type") == "ask" else act, direction)

    @staticmethod
    def _next_days(days, direction: int) -> list[int]:
        presets = [d for _, d in DAY_PRESETS]
        i = presets.index(sorted(days)) if days and sorted(days) in presets else 0
        return list(presets[(i + direction) % len(presets)])

    def _step_condition(self, cond: dict, direction: int) -> None:
        kind = cond.get("type")
        if kind == "time_window":
            cond["start"] = mm_text(hhmm(cond["start"]) + 30 * direction)
        elif kind == "days":
            cond["days"] = self._next_days(cond.get("days"), direction)
        elif kind == "driving":
            cond["state"] = "moving" if cond.get("state") == "parked" else "parked"
        elif kind == "profile":
            ids = [p.id for p in self.c.store.profiles.list()]
            i = ids.index(cond.get("profile_id")) if cond.get("profile_id") in ids else 0
            cond["profile_id"] = ids[(i + direction) % len(ids)]
        elif kind in ("min_away", "cooldown"):
            steps = [30, 60, 120, 300, 600, 1800, 3600, 7200]
            cur = cond.get("seconds", 60)
            i = min(range(len(steps)), key=lambda n: abs(steps[n] - cur))
            cond["seconds"] = steps[max(0, min(len(steps) - 1, i + direction))]
        elif kind in READINGS:
            cond["value"] = cond.get("value", 0) + (5 if kind == "charge" else 1) * direction

    def _step_action(self, act: dict, direction: int) -> None:
        c = self.c
        kind = act.get("type")
        if kind == "home":
            e = c.home.backend.get(act.get("device") or "")
            if e is None:
                return
            try:
                a = find_action(e, act.get("action", ""))
            except CockpitError:
                return
            v = act.get("value")
            if a.value == "percent":
                act["value"] = max(1 if a.name == "brightness" else 0, min(100, (v or 0) + 10 * direction))
            elif a.value == "temperature":
                act["value"] = max(e.attributes.get("min_temp", 7), min(e.attributes.get("max_temp", 30),
                                                                         (v or 20) + 0.5 * direction))
            elif a.value == "colour":
                from tui.controller.home import COLOURS

                names = list(COLOURS)
                i = names.index(v) if v in names else 0
                act["value"] = names[(i + direction) % len(names)]
            elif a.value == "mode":
                modes = e.attributes.get("hvac_modes", ["off", "heat"])
                i = modes.index(v) if v in modes else 0
                act["value"] = modes[(i + direction) % len(modes)]
            elif a.value == "number":
                step = e.attributes.get("step", 1)
                act["value"] = max(e.attributes.get("min", 0), min(e.attributes.get("max", 100), (v or 0) + step * direction))
        elif kind == "car" and c.has(act.get("path", "")):
            from tui.controller.signals import stepped

            spec = c.spec(act["path"])
            if spec.kind == "toggle":
                act["value"] = not act.get("value")
            else:
                act["value"] = stepped(spec, act.get("value"), direction)
        elif kind == "notice":
            i = NOTICES.index(act["text"]) if act.get("text") in NOTICES else 0
            act["text"] = NOTICES[(i + direction) % len(NOTICES)]
        elif kind == "scene":
            scenes = self.c.home.scenes()
            ids = [s.id for s in scenes]
            if ids:
                i = ids.index(act.get("scene")) if act.get("scene") in ids else 0
                act["scene"] = ids[(i + direction) % len(ids)]

    # ---------------------------------------------------------------- other keys
    def remove(self, row_id: str) -> bool:
        if row_id.startswith("c."):
            del self.conditions[int(row_id[2:])]
        elif row_id.startswith("a."):
            del self.actions[int(row_id[2:])]
        else:
            return False
        self.dirty = True
        return True

    def toggle_ask(self, row_id: str) -> bool:
        """Ask first (10 s countdown, skip with Esc) before this action, or not."""
        if not row_id.startswith("a."):
            return False
        i = int(row_id[2:])
        act = self.actions[i]
        if act.get("type") == "ask":
            self.actions[i] = act["action"]
        elif act.get("type") in ("home", "scene", "car"):
            self.actions[i] = {"type": "ask", "seconds": 10, "on_timeout": "do", "action": act}
        else:
            return False
        self.dirty = True
        return True

    def set_name(self, name: str) -> None:
        if self.c.restrictions().moving:
            raise NotAllowed("Type a name when parked.")
        self.name = (name or "").strip()
        self.dirty = True

    def save(self) -> Routine:
        routine = self.c.routines.save(self.name, self.trigger, self.conditions, self.actions, self.profile_id,
                                       self.routine_id)
        self.routine_id = routine.id
        self.dirty = False
        return routine
