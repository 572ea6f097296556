"""The routine editor's form model: a routine built from menus, with no typing but its name. The
rows a screen shows, the lists to choose from on Enter, Left/Right to change a value, remove, ask
first, and save (the engine checks and stores it). No screen here: a screen shows rows() and
forwards the keys."""

from __future__ import annotations

from dataclasses import dataclass

from tui.controller.errors import CockpitError, InvalidValue, NotAllowed
from tui.controller.home import find_action
from tui.controller.routines.describe import (clock, days_text, describe_action, describe_condition,
                                              describe_trigger, device_name, hhmm, mm_text, read_clock, value_text)
from tui.controller.routines.vocabulary import DAY_PRESETS, READINGS, Routine

HOUR = 60  # PageUp/PageDown on a time: an hour (Left/Right: its small step)
DAY_LONG_NAMES = ("Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday", "Sunday")
TIME_KEYS = "Enter: type a time  ←→: {step} min  PgUp/PgDn: 1 h"
DAYS_KEYS = "Enter: pick days  ←→: every day/weekdays/weekend/one day"


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
    ("plugged", "The car is plugged in", {"type": "plugged", "state": "in"}),
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
    ("at_home", "The car is at home", {"type": "at_home"}),
    ("plugged", "The car is plugged in", {"type": "plugged", "state": "in"}),
]
CHARGING_CHOICES = [  # charging (issue 17): Left/Right moves the time by 15 minutes
    ("schedule", "Charge in the cheap hours (from 01:00)", {"type": "charging", "do": "schedule", "start": "01:00",
                                                            "end": "06:00", "days": [0, 1, 2, 3, 4, 5, 6]}),
    ("start", "Start charging", {"type": "charging", "do": "start"}),
    ("stop", "Stop charging", {"type": "charging", "do": "stop"}),
    ("precondition", "Precondition the cabin (07:30 on weekdays)", {"type": "precondition", "at": "07:30",
                                                                    "days": [0, 1, 2, 3, 4]}),
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
            rows.append(EditorRow("t.at", "  Time", clock(t.get("at", "07:00"), c), TIME_KEYS.format(step=15)))
            rows.append(EditorRow("t.days", "  Days", days_text(t.get("days")), DAYS_KEYS))
        elif kind in READINGS:
            rows.append(EditorRow("t.value", f"  {t.get('op', 'below').capitalize()}",
                                  value_text(kind, t.get("value", 0), c), "Left/Right: change"))
        elif kind == "device":
            rows.append(EditorRow("t.device", "  Device", device_name(c.home, t.get("device")) if t.get("device")
                                  else "(Enter to choose)", "Enter: choose"))
            rows.append(EditorRow("t.state", "  Turns", t.get("state") or "any change", "Left/Right: change"))
        for i, cond in enumerate(self.conditions):
            rows.append(EditorRow(f"c.{i}", "If" if i == 0 else "and", describe_condition(cond, c),
                                  self._keys(f"c.{i}", "Left/Right: change") + "  x: remove"))
        rows.append(EditorRow("add_c", "+ Condition", "add one", "Enter: choose"))
        for i, act in enumerate(self.actions):
            rows.append(EditorRow(f"a.{i}", "Do" if i == 0 else "then", describe_action(act, c),
                                  self._keys(f"a.{i}", "Left/Right: value  a: ask first") + "  x: remove"))
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
            return ("Only if", [(k, label.split(" (")[0] + f" ({clock(v['start'], c)}-{clock(v['end'], c)})"
                                 if v["type"] == "time_window" else label)
                                for k, label, v in CONDITION_CHOICES]) if not path else None
        if row_id == "add_a":
            if not path:
                return "Do what?", [("home", "A home device"), ("scene", "A scene"), ("car", "A car setting"),
                                    ("notice", "A notice on the screen")] + (
                    [("charging", "Charging")] if c.charging.available else [])
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
            if kind == "charging":
                return ("Charging: do what?", [(k, label) for k, label, _ in CHARGING_CHOICES]) if len(path) == 1 \
                    else None
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
            elif kind == "charging":
                template = next(t for k, _, t in CHARGING_CHOICES if k == path[1])
                self.actions.append({k: list(v) if isinstance(v, list) else v for k, v in template.items()})

    # ---------------------------------------------------------------- Left/Right (PageUp/PageDown)
    def step(self, row_id: str, direction: int, big: bool = False) -> None:
        """Left/Right: the row's value one step; big (PageUp/PageDown): a time an hour at once (other
        rows: one step)."""
        c = self.c
        t = self.trigger
        self.dirty = True
        field = self._time_field(row_id) if big else None
        if field is not None:
            holder, key, _ = field
            holder[key] = mm_text(hhmm(holder[key]) + HOUR * direction)
            return
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
        elif kind == "precondition" or act.get("do") == "schedule":
            key = "at" if kind == "precondition" else "start"
            act[key] = mm_text(hhmm(act.get(key, "07:30")) + 15 * direction)
        elif kind == "scene":
            scenes = self.c.home.scenes()
            ids = [s.id for s in scenes]
            if ids:
                i = ids.index(act.get("scene")) if act.get("scene") in ids else 0
                act["scene"] = ids[(i + direction) % len(ids)]

    # ---------------------------------------------------------------- times typed, days multi-picked
    def _line(self, row_id: str) -> dict | None:
        """The condition or action a row "c.N" / "a.N" shows (the action inside an "ask first")."""
        kind, _, index = row_id.partition(".")
        items = {"c": self.conditions, "a": self.actions}.get(kind)
        if items is None or not index.isdigit() or int(index) >= len(items):
            return None
        item = items[int(index)]
        return item.get("action") if item.get("type") == "ask" else item

    def _time_field(self, row_id: str) -> tuple[dict, str, int] | None:
        """The time of day a row edits: (the dict that holds it, its key, its Left/Right step)."""
        if row_id == "t.at" and self.trigger.get("type") == "time":
            return self.trigger, "at", 15
        line = self._line(row_id) if row_id.startswith(("c.", "a.")) else None
        if line is None:
            return None
        if line.get("type") == "time_window":
            return line, "start", 30
        if line.get("type") == "precondition":
            return line, "at", 15
        if line.get("do") == "schedule":
            return line, "start", 15
        return None

    def _days_field(self, row_id: str) -> tuple[dict, str] | None:
        if row_id == "t.days" and self.trigger.get("type") == "time":
            return self.trigger, "days"
        line = self._line(row_id) if row_id.startswith("c.") else None
        return (line, "days") if line is not None and line.get("type") == "days" else None

    def _keys(self, row_id: str, otherwise: str) -> str:
        time = self._time_field(row_id)
        if time is not None:
            return TIME_KEYS.format(step=time[2])
        return DAYS_KEYS if self._days_field(row_id) is not None else otherwise

    def takes_time(self, row_id: str) -> bool:
        """Whether Enter on this row types a time (HH:MM, or "7:30 pm")."""
        return self._time_field(row_id) is not None

    def takes_days(self, row_id: str) -> bool:
        """Whether Enter on this row picks several days in one chooser."""
        return self._days_field(row_id) is not None

    def _parked(self, what: str) -> None:
        if self.c.restrictions().moving:
            raise NotAllowed(f"{what} when parked.")

    def time_text(self, row_id: str) -> str:
        """The row's time as the driver reads it (12 or 24 hours), to start typing from."""
        field = self._time_field(row_id)
        return clock(field[0][field[1]], self.c) if field else ""

    def type_time(self, row_id: str, text: str) -> str:
        """A typed time of day ("19:00", "1900", "7:30 pm"): set; returns it as the driver reads it."""
        self._parked("Type a time")
        field = self._time_field(row_id)
        if field is None:
            raise InvalidValue("This line has no time to type.")
        holder, key, _ = field
        holder[key] = read_clock(text, self.c.hmi_units().time)
        self.dirty = True
        return clock(holder[key], self.c)

    def day_choices(self, row_id: str) -> list[tuple[str, str, bool]]:
        """One chooser: the presets (every day, weekdays, weekend), then each day to toggle, as
        (key, label, chosen)."""
        field = self._days_field(row_id)
        days = sorted(set(field[0].get(field[1]) or [])) if field else []
        presets = [(f"preset:{name}", {"weekends": "Weekend"}.get(name, name.capitalize()), days == preset)
                   for name, preset in DAY_PRESETS[:3]]
        return presets + [(f"day:{n}", name, n in days) for n, name in enumerate(DAY_LONG_NAMES)]

    def pick_days(self, row_id: str, key: str) -> list[int]:
        """A preset sets the days; a day is toggled (one stays: a routine needs a day to run on)."""
        self._parked("Pick days")
        field = self._days_field(row_id)
        if field is None:
            raise InvalidValue("This line has no days to pick.")
        holder, name = field
        days = set(holder.get(name) or [])
        kind, _, value = key.partition(":")
        if kind == "preset":
            days = set(dict(DAY_PRESETS[:3])[value])
        elif kind == "day" and value.isdigit() and int(value) < 7:
            days ^= {int(value)}
            if not days:
                raise InvalidValue("Keep one day at least: a routine needs a day to run on.")
        else:
            raise InvalidValue(f"{key!r} is no day.")
        holder[name] = sorted(days)
        self.dirty = True
        return holder[name]

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
