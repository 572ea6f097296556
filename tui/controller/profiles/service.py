"""Driver profiles: a person's settings, carried from car to car.

A profile holds the preferences that belong to a person, keyed by VSS path. Switching applies them
all to the current car in one transaction and says what happened: applied as they are, adapted to
this car (positions as a share of the car's travel, climate zones mapped, values clamped to the
car's range), or not on this car (kept in the profile all the same). Changes a person makes while
a profile is at the wheel are remembered in it, automatically or after asking. The Guest profile
forgets its changes when someone else takes the car. PINs (via Security), valet mode, export and
import, and the history of a profile's changes with undo live here too.
"""

from __future__ import annotations

import functools
import hmac
import json
import math
import re
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from store import StoreError
from store.files import write_text_atomic
from store.profiles import Preference
from tui.controller.authority import BODY_MOVES, PinNeeded
from tui.controller.errors import CockpitError, InvalidValue, NotAllowed, UnknownName
from tui.controller.events import ContextChanged
from tui.controller.security import LOCK_SECONDS, MAX_ATTEMPTS, PERMISSIONS, check_pin_format, hash_pin
from tui.controller.signals import INT_LIMITS, effective, validate

VALET = "Vehicle.Private.SmartCockpit.Valet.IsActive"
VALET_CAP = "Vehicle.Private.SmartCockpit.Valet.SpeedCap"
DEFAULT_VALET_CAP = 113
GUEST = "Guest"
MAX_PROFILES = 5  # besides the Guest (Uconnect 5: five profiles plus valet)
MAX_NAME = 24
REMEMBER = {"auto": "Remember automatically", "ask": "Ask when switching away"}
COLOURS = ["#3B82F6", "#EF4444", "#10B981", "#F59E0B", "#8B5CF6", "#EC4899", "#14B8A6", "#F97316"]
NOT_IN_NAMES = set("/\\")  # a name is also an export file's name: never a path
BIDI_MARKS = set("\u202a\u202b\u202c\u202d\u202e\u2066\u2067\u2068\u2069\u200e\u200f")
EXPORT_FORMAT = "smartcockpit-profile"
EXPORT_VERSION = 1
MAX_IMPORT_BYTES = 1_000_000
PEOPLE_SOURCES = ("ui", "assistant", "cli", "routine", "undo")  # changes a person made (remembered)
PAGE = 20

# Which settings belong to a person: (pattern, group, stored relative to the car's travel).
_SEAT = r"Vehicle\.Cabin\.Seat\.Row1\.DriverSide\."
_ZONE = r"Vehicle\.Cabin\.HVAC\.Station\.Row[12]\.(Driver|Passenger)\."
PERSONAL_RULES: list[tuple[str, str, bool]] = [
    (_SEAT + r"(Position|Height|Tilt|Backrest\.Recline|Backrest\.LumbarSupport|Headrest\.Height|Seating\.Length)$",
     "Driver seat", True),
    (_SEAT + r"(HeatingCooling|Massage\.Level)$", "Driver seat", False),
    (r"Vehicle\.Body\.Mirrors\.(DriverSide|PassengerSide)\.(Tilt|Yaw)$", "Mirrors", True),
    (r"Vehicle\.Body\.Mirrors\.(DriverSide|PassengerSide)\.IsHeatingOn$", "Mirrors", False),
    (r"Vehicle\.Chassis\.SteeringWheel\.(Extension|Tilt)$", "Steering wheel", True),
    (r"Vehicle\.Chassis\.SteeringWheel\.HeatingCooling$", "Steering wheel", False),
    (_ZONE + r"(Temperature|FanSpeed|AirDistribution)$", "Climate", False),
    (r"Vehicle\.Cabin\.HVAC\.(IsAirConditioningActive|IsRecirculationActive)$", "Climate", False),
    (r"Vehicle\.Private\.SmartCockpit\.HVAC\.(IsAutoActive|IsZoneSyncActive)$", "Climate", False),
    (r"Vehicle\.Cabin\.Light\.AmbientLight\..*\.(Color|Intensity|IsLightOn)$", "Ambient light", False),
    (r"Vehicle\.Cabin\.Infotainment\.HMI\.(DistanceUnit|TemperatureUnit|SpeedUnit|TimeFormat|DateFormat|FuelVolumeUnit"
     r"|FuelEconomyUnits|TirePressureUnit|DayNightMode|Brightness|FontSize|IsScreenAlwaysOn)$", "Display and units", False),
    (r"Vehicle\.Private\.SmartCockpit\.Display\.(Theme|Language)$", "Display and units", False),
    (r"Vehicle\.Cabin\.Infotainment\.Media\.Volume$", "Media", False),
    (r"Vehicle\.Private\.SmartCockpit\.DrivingMode$", "Driving mode", False),
    (r"Vehicle\.Private\.SmartCockpit\.ADAS\.(FollowingDistance|LaneKeepAssist\.Mode|SpeedLimitAssist\.IsEnabled"
     r"|SpeedLimitAssist\.Offset|CollisionWarning)$", "Driver assist", False),
    (r"Vehicle\.ADAS\.(LaneDepartureDetection|ObstacleDetection\.Front\.Center|ObstacleDetection\.Rear\.Center)"
     r"\.IsEnabled$", "Driver assist", False),
]


@functools.cache
def _rules() -> list[tuple[re.Pattern, str, bool]]:
    """The rules compiled on first use (compiling them all costs start-up several milliseconds)."""
    return [(re.compile(p), g, r) for p, g, r in PERSONAL_RULES]


# Climate zones: a zone the car has but the profile lacks takes the value of the nearest zone the
# profile has (two onto four); a zone the profile has but the car lacks folds into the nearest zone
# the car has (four onto two, two onto one).
ZONE_RE = re.compile(r"^Vehicle\.Cabin\.HVAC\.Station\.(Row[12]\.(?:Driver|Passenger))\.(\w+)$")
ZONE_FALLBACK = {"Row1.Passenger": "Row1.Driver", "Row2.Driver": "Row1.Driver", "Row2.Passenger": "Row1.Passenger"}
ZONE_NAMES = {"Row1.Driver": "front left", "Row1.Passenger": "front right", "Row2.Driver": "rear left",
              "Row2.Passenger": "rear right"}
SEAT_PREFIX = "Vehicle.Cabin.Seat.Row1.DriverSide."

_P = "Vehicle.Private.SmartCockpit."
LABELS = {
    "Vehicle.ADAS.ObstacleDetection.Front.Center.IsEnabled": "Front parking sensors",
    "Vehicle.ADAS.ObstacleDetection.Rear.Center.IsEnabled": "Rear parking sensors",
    "Vehicle.ADAS.LaneDepartureDetection.IsEnabled": "Lane departure warning",
    _P + "ADAS.FollowingDistance": "Following distance",
    _P + "ADAS.LaneKeepAssist.Mode": "Lane keep assist",
    _P + "ADAS.SpeedLimitAssist.IsEnabled": "Speed limit assist",
    _P + "ADAS.SpeedLimitAssist.Offset": "Speed limit offset",
    _P + "ADAS.CollisionWarning": "Collision warning",
    _P + "HVAC.IsAutoActive": "Automatic climate",
    _P + "HVAC.IsZoneSyncActive": "Climate zone sync",
    "Vehicle.Cabin.Seat.Row1.DriverSide.HeatingCooling": "Seat heating / cooling",
    "Vehicle.Chassis.SteeringWheel.HeatingCooling": "Steering wheel heating",
}

APPLIED, ADAPTED, MISSING, HELD = "applied", "adapted", "missing", "held"
CATEGORY_TITLES = {APPLIED: "Applied", ADAPTED: "Adapted to this car", MISSING: "Not on this car",
                   HELD: "Not moved while driving"}


PinRequired = PinNeeded  # the profile is protected: ask for its PIN and try again (not a try)


class FileExists(NotAllowed):
    """The export would replace an existing file: ask first (the command line: --force)."""

    def __init__(self, message: str, path: Path):
        super().__init__(message)
        self.path = path


class DecisionNeeded(NotAllowed):
    """The profile at the wheel asks what to do with changes made while driving: save or restore."""


class ImportProblems(InvalidValue):
    def __init__(self, problems: list[str]):
        self.problems = problems
        n = len(problems)
        super().__init__(f"The file has {n} problem{'s' if n != 1 else ''}; nothing was imported. {problems[0]}")


@dataclass(frozen=True)
class ApplyItem:
    path: str
    label: str
    group: str
    category: str
    value: str  # as set on this car (or as kept in the profile when not applied)
    detail: str = ""


@dataclass
class ApplyReport:
    profile: str
    car: str
    items: list[ApplyItem] = field(default_factory=list)
    raw: dict = field(default_factory=dict, repr=False, compare=False)  # path -> value, to show in new units

    def of(self, category: str) -> list[ApplyItem]:
        return [i for i in self.items if i.category == category]

    def counts(self) -> dict[str, int]:
        return {c: len(self.of(c)) for c in (APPLIED, ADAPTED, MISSING, HELD)}

    def summary(self) -> str:
        n = self.counts()
        parts = [f"{n[APPLIED]} applied", f"{n[ADAPTED]} adapted", f"{n[MISSING]} not on this car"]
        if n[HELD]:
            parts.append(f"{n[HELD]} not moved while driving")
        return f"{self.profile}: " + ", ".join(parts)

    def to_dict(self) -> dict:
        return {"profile": self.profile, "car": self.car, "counts": self.counts(),
                "items": [{"path": i.path, "label": i.label, "group": i.group, "category": i.category,
                           "value": i.value, "detail": i.detail} for i in self.items]}

    @classmethod
    def from_dict(cls, data: dict) -> "ApplyReport":
        return cls(data["profile"], data["car"], [ApplyItem(**i) for i in data.get("items", [])])


@dataclass(frozen=True)
class ProfileInfo:
    id: int
    name: str
    initials: str
    colour: str
    is_guest: bool
    has_pin: bool
    active: bool
    locked_for: int
    remember: str
    permissions: dict
    preferences: int


@dataclass(frozen=True)
class HistoryEntry:
    id: int
    at: str
    path: str
    label: str
    old: str
    new: str
    source: str
    vin: str
    undone: bool
    undoable: bool
    why_not: str = ""
    when: str = ""  # local day and time in the driver's time format


@dataclass(frozen=True)
class HistoryPage:
    entries: list[HistoryEntry]
    before_id: int | None  # pass to history() for the next (older) page; None when this is the last
    page: int


def personal_rule(path: str) -> tuple[str, bool] | None:
    for rx, group, relative in _rules():
        if rx.match(path):
            return group, relative
    return None


class Profiles:
    def __init__(self, controller):
        self.c = controller
        self.store = controller.store
        self._valet_changing = False
        self.last_report: ApplyReport | None = None
        self._labels: dict[str, str] = {}
        self._offcar: dict = {}  # specs of settings the current car lacks, to show their values
        self._personal_rules: dict[str, tuple[str, bool]] | None = None  # built on first use
        controller.add_write_guard(self._guard)
        controller.add_write_hook(self._remember)
        controller.add_feature_gate(self._gate)
        controller.subscribe(self._on_event)

    @property
    def _personal_paths(self) -> dict[str, tuple[str, bool]]:
        """The car settings that belong to a person, with their group and whether they are kept
        relative to the car's travel (matched against the rules once, when first needed)."""
        if self._personal_rules is None:
            found = {p: personal_rule(p) for p, s in self.c.signal_catalog.items() if s.type == "actuator"}
            self._personal_rules = {p: r for p, r in found.items() if r is not None}
        return self._personal_rules

    def started(self) -> None:
        if not any(p.is_guest for p in self.store.profiles.list()):
            try:
                with self.store.write():
                    self.store.profiles.add(GUEST, "G", "#6B7280", is_guest=True,
                                            permissions={"home_security": False, "purchases": False})
            except CockpitError:
                pass  # another instance made it at the same moment
        active = self.store.profiles.get(self.c.active_profile_id()) if self.c.active_profile_id() is not None else None
        if active is not None and not active.is_guest and not self.store.profiles.prefs(active.id):
            try:  # the first profile starts from the car as it is
                with self.store.write():
                    self.store.profiles.put_prefs(active.id, self.snapshot())
            except CockpitError:
                pass
        self._load_report()

    def _load_report(self) -> None:
        saved = self.store.settings.get("profiles.last_report")
        if saved:
            try:
                self.last_report = ApplyReport.from_dict(saved)
            except (KeyError, TypeError):
                self.last_report = None

    # ------------------------------------------------------------------ what belongs to a person
    def personal_paths(self) -> list[str]:
        return sorted(self._personal_paths)

    def is_personal(self, path: str) -> bool:
        return path in self._personal_paths

    def group_of(self, path: str) -> str:
        rule = self._personal_paths.get(path)
        return rule[0] if rule else ""

    def is_position(self, path: str) -> bool:
        rule = self._personal_paths.get(path)
        return bool(rule and rule[1])

    # ------------------------------------------------------------------ listing
    def _resolve(self, profile) -> Any:
        s = self.store.profiles
        if profile is None:
            found = s.get(self.c.active_profile_id()) if self.c.active_profile_id() is not None else None
        elif hasattr(profile, "id") and hasattr(profile, "name"):
            found = s.get(profile.id)
        elif isinstance(profile, int) and not isinstance(profile, bool):
            found = s.get(profile)
        elif isinstance(profile, str):
            text = profile.strip()
            found = s.by_name(text)
            if found is None and text.isdigit():
                found = s.get(int(text))
        else:
            found = None
        if found is None:
            raise UnknownName(f"There is no profile called {str(profile)!r}." if isinstance(profile, str)
                              else "There is no such profile.")
        return found

    def get(self, profile=None) -> ProfileInfo:
        p = self._resolve(profile)
        return self._info(p, self.store.profiles.pref_counts().get(p.id, 0))

    def _info(self, p, prefs: int) -> ProfileInfo:
        return ProfileInfo(p.id, p.name, p.initials, p.colour, p.is_guest, p.has_pin,
                           p.id == self.c.active_profile_id(), self.c.security.locked_for(p.id) if p.has_pin else 0,
                           self.store.profiles.remember(p.id), dict(p.permissions), prefs)

    def list(self) -> list[ProfileInfo]:
        """Every profile, people first by name, the Guest last. Hidden (empty) in valet mode."""
        if self.valet_active():
            return []
        counts = self.store.profiles.pref_counts()
        return [self._info(p, counts.get(p.id, 0)) for p in self.store.profiles.list()]

    def active(self) -> ProfileInfo | None:
        pid = self.c.active_profile_id()
        return self.get(pid) if pid is not None and self.store.profiles.get(pid) else None

    def palette(self) -> list[tuple[str, int, str]]:
        """Command palette entries: (title, profile id, help) for each profile one can switch to."""
        if self.valet_active():
            return []
        active = self.c.active_profile_id()
        return [(f"Switch profile to {p.name}", p.id, "profile user driver " + ("PIN" if p.has_pin else ""))
                for p in self.store.profiles.list() if p.id != active]

    def preferences(self, profile=None) -> dict[str, Preference]:
        return self.store.profiles.prefs(self._resolve(profile).id)

    def pending(self, profile=None) -> dict[str, Preference]:
        return self.store.profiles.prefs(self._resolve(profile).id, pending=True)

    # ------------------------------------------------------------------ preference values on this car
    def _record(self, path: str, value) -> Preference:
        """A preference as taken from this car: positions also as a share of its travel."""
        relative = None
        if self.is_position(path) and self.c.has(path) and isinstance(value, (int, float)) and not isinstance(value, bool):
            spec = self.c.spec(path)
            if spec.min is not None and spec.max is not None and spec.max > spec.min:
                relative = round(min(1.0, max(0.0, (value - spec.min) / (spec.max - spec.min))), 6)
        return Preference(path, value, relative, self.c.car.model.id)

    def snapshot(self) -> list[Preference]:
        """This car's current personal settings as preferences."""
        out = []
        for path in self._personal_paths:
            if self.c.has(path):
                value = self.c.get(path)
                if value is not None:
                    out.append(self._record(path, value))
        return out

    def _fit(self, path: str, pref: Preference):
        """(value for this car, category, detail) for a preference of a path the car has."""
        spec = self.c.spec(path)
        value = pref.value
        detail = ""
        same_model = pref.model_id == self.c.car.model.id
        if spec.kind == "range" and isinstance(value, (int, float)) and not isinstance(value, bool):
            lo, hi = spec.min, spec.max
            target = float(value)
            if pref.relative is not None and not same_model and lo is not None and hi is not None:
                target = lo + pref.relative * (hi - lo)
                detail = f"{round(pref.relative * 100)} % of the travel"
            if spec.step and lo is not None:
                k = (target - lo) / spec.step
                if detail or (spec.datatype not in INT_LIMITS and abs(k - round(k)) > 1e-6):
                    target = lo + round(k) * spec.step  # onto the car's grid
            clamped = False
            if lo is not None and target < lo:
                target, clamped = lo, True
            if hi is not None and target > hi:
                target, clamped = hi, True
            if spec.datatype in INT_LIMITS:
                target = int(round(target))
            else:
                target = round(target, 4)
            if target == value:
                return value, APPLIED, ""
            if target != value:
                if clamped and not detail:
                    detail = f"this car's range ends at {self.c.format(path, target)}"
                elif not detail:
                    detail = f"nearest step to {self.c.format(path, value)}" if not isinstance(value, bool) else ""
                else:
                    detail += f" (was {self._plain(path, value)} in the other car)"
                return target, ADAPTED, detail
            return target, APPLIED, ""
        if spec.kind == "choice" and isinstance(value, str):
            for choice in spec.allowed:
                if str(choice).upper() == value.upper():
                    return choice, APPLIED, ""
            return value, MISSING, f"{self._plain(path, value)} is not one of this car's choices"
        return value, APPLIED, ""

    def _plain(self, path: str, value) -> str:
        """A value as the driver reads it, also for a setting this car does not have."""
        try:
            if self.c.has(path):
                return self.c.format(path, value)
            from tui.controller import units
            from tui.controller.labels import value_text

            spec = self._offcar.get(path)
            if spec is None:
                signal = self.c.signal_catalog.get(path)
                if signal is None:
                    return str(value)
                spec = self._offcar[path] = effective(signal, None)
            if spec.unit == "Celsius" and isinstance(value, (int, float)) and not isinstance(value, bool):
                return units.temperature_text(value, self.c.unit("TemperatureUnit"))
            return value_text(spec, value)
        except (CockpitError, TypeError, ValueError):
            return str(value)

    def plan(self, profile=None, prefs: dict[str, Preference] | None = None,
             render: bool = True) -> tuple[dict, ApplyReport]:
        """What switching to the profile would set on this car, and the report. Changes nothing."""
        p = self._resolve(profile)
        if prefs is None:
            prefs = self.store.profiles.prefs(p.id)
        report = ApplyReport(p.name, self.c.car.title)
        values: dict[str, Any] = {}
        if p.is_guest:
            # The Guest starts from the car's factory settings; its own changes (until forgotten) win.
            for path in self._personal_paths:
                if self.c.has(path) and path not in prefs:
                    default = self.c.spec(path).default
                    if default is not None:
                        prefs = {**prefs, path: Preference(path, default, None, self.c.car.model.id)}
        moving = self.c.restrictions().moving
        zones = {}
        for path, pref in prefs.items():
            m = ZONE_RE.match(path)
            if m:
                zones.setdefault(m.group(2), {})[m.group(1)] = pref
        items = []
        raw = report.raw

        def add(path, label, group, category, value, detail=""):
            raw[path] = value
            items.append(ApplyItem(path, label, group, category, "", detail))

        for path in sorted(prefs):
            pref = prefs[path]
            label = self._label(path)
            group = self.group_of(path) or "Other"
            if not self.c.has(path):
                m = ZONE_RE.match(path)
                detail = "kept in the profile"
                if m:
                    into = self._zone_into(m.group(1), m.group(2))
                    if into:
                        n = self._zone_count()
                        detail = (f"this car has {n} zone{'s' if n != 1 else ''}: the {ZONE_NAMES[m.group(1)]} zone "
                                  f"folds into the {ZONE_NAMES[into]} one")
                        add(path, label, group, ADAPTED, pref.value, detail)
                        continue
                add(path, label, group, MISSING, pref.value, detail)
                continue
            try:
                value, category, detail = self._fit(path, pref)
                held = moving and category != MISSING and BODY_MOVES.match(path) and self.c.get(path) != value
                if category != MISSING and not held:
                    value = self.c.validate(path, value, "profile")
            except CockpitError as exc:
                add(path, label, group, MISSING, pref.value, str(exc))
                continue
            if category == MISSING:
                add(path, label, group, MISSING, pref.value, detail)
                continue
            if held:  # seats, the wheel and mirrors move only when parked (the authority's body.move)
                what = "the seat moves" if path.startswith(SEAT_PREFIX) else "it moves"
                add(path, label, group, HELD, value, f"{what} only when parked: apply the profile again then")
                continue
            self._put(values, path, value)
            add(path, label, group, category, value, detail)
        # zones this car has that the profile does not: from the nearest zone the profile has
        for path in sorted(self._personal_paths):
            m = ZONE_RE.match(path)
            if not m or path in prefs or not self.c.has(path):
                continue
            source_zone = self._zone_from(m.group(1), zones.get(m.group(2), {}))
            if source_zone is None:
                continue
            pref = zones[m.group(2)][source_zone]
            try:
                value, category, _ = self._fit(path, pref)
                if category == MISSING:
                    continue
                value = self.c.validate(path, value, "profile")
            except CockpitError:
                continue
            self._put(values, path, value)
            add(path, self._label(path), "Climate", ADAPTED, value,
                f"from the {ZONE_NAMES[source_zone]} zone (the profile has fewer zones)")
        report.items = items
        if render:
            self._render(report)
        return values, report

    def _render(self, report: ApplyReport) -> None:
        raw = report.raw
        report.items = [ApplyItem(i.path, i.label, i.group, i.category, self._plain(i.path, raw[i.path]), i.detail)
                        if i.path in raw else i for i in report.items]

    def _put(self, values: dict, path: str, value) -> None:
        """Only what differs from the car's current value is written (and audited)."""
        current = self.c.get(path)
        if current == value and isinstance(current, bool) == isinstance(value, bool):
            return
        values[path] = value

    def _zone_count(self) -> int:
        return sum(1 for z in ZONE_NAMES if self.c.has(f"Vehicle.Cabin.HVAC.Station.{z}.Temperature"))

    def _zone_into(self, zone: str, fieldname: str) -> str | None:
        z = ZONE_FALLBACK.get(zone)
        while z is not None:
            if self.c.has(f"Vehicle.Cabin.HVAC.Station.{z}.{fieldname}"):
                return z
            z = ZONE_FALLBACK.get(z)
        return None

    @staticmethod
    def _zone_from(zone: str, have: dict) -> str | None:
        z = ZONE_FALLBACK.get(zone)
        while z is not None:
            if z in have:
                return z
            z = ZONE_FALLBACK.get(z)
        return None

    def _label(self, path: str) -> str:
        text = self._labels.get(path)
        if text is None:
            from tui.controller.labels import label

            text = self._labels[path] = LABELS.get(path) or label(path)
        return text

    # ------------------------------------------------------------------ switching
    def moves_seat(self, profile) -> bool:
        """True when switching to the profile would move the driver seat (the screen warns first)."""
        values, _ = self.plan(profile)
        return any(p.startswith(SEAT_PREFIX) and self.is_position(p) for p in values)

    def needs_decision(self) -> int:
        """How many changes made while driving wait for "save to profile or restore?" (0: none)."""
        pid = self.c.active_profile_id()
        if pid is None or self.store.profiles.get(pid) is None:
            return 0
        return self.store.profiles.pending_count(pid)

    def switch(self, profile, pin: str | None = None, keep_changes: bool | None = None,
               source: str = "ui") -> ApplyReport:
        """Make the profile the one at the wheel and apply its preferences, all in one transaction.
        The authority decides (valet, the profile's PIN; the screens and the assistant ask the yes
        for a seat that moves before calling this)."""
        target = self._resolve(profile)
        self.c.authority.require("profile.switch", pin=pin, target=target.id, source=source)
        leaving = self.store.profiles.get(self.c.active_profile_id()) if self.c.active_profile_id() is not None else None
        pending = self.store.profiles.pending_count(leaving.id) if leaving and leaving.id != target.id else 0
        if pending and keep_changes is None:
            raise DecisionNeeded(f"{leaving.name} has {pending} change{'s' if pending != 1 else ''} made while driving: "
                                 "save them to the profile or restore?")
        values, report = self.plan(target, render=False)
        s = self.store
        with s.write():
            if leaving is not None and leaving.id != target.id:
                if pending:
                    if keep_changes:
                        s.profiles.put_prefs(leaving.id, list(s.profiles.prefs(leaving.id, pending=True).values()))
                    s.profiles.clear_prefs(leaving.id, pending=True)
                if leaving.is_guest:
                    s.profiles.clear_prefs(leaving.id)  # the Guest forgets when someone else takes the car
            s.settings.set("active_profile_id", target.id)
            self.c.set_many(values, source="profile", profile_id=target.id)
            self._render(report)  # values read in the units the profile just set (its Fahrenheit, its miles)
            s.settings.set("profiles.last_report", report.to_dict())
        self.c.wrote()
        self.last_report = report
        self.c.events.publish(ContextChanged("profile"))
        return report

    # the assistant's duck-typed names
    def switch_to(self, profile, pin: str | None = None) -> ApplyReport:
        return self.switch(profile, pin=pin, keep_changes=True if self.needs_decision() else None, source="assistant")

    def use_guest(self) -> ApplyReport:
        guest = next(p for p in self.store.profiles.list() if p.is_guest)
        return self.switch(guest, keep_changes=True if self.needs_decision() else None)

    def save_pending(self, keep: bool) -> int:
        """Save (True) or drop (False) the active profile's changes waiting for a choice; how many."""
        pid = self.c.active_profile_id()
        n = self.store.profiles.pending_count(pid)
        with self.store.write():
            if keep:
                self.store.profiles.put_prefs(pid, list(self.store.profiles.prefs(pid, pending=True).values()))
            self.store.profiles.clear_prefs(pid, pending=True)
        return n

    def _check_pin(self, target, pin, doing: str) -> None:
        if not target.has_pin:
            return
        if pin is None or pin == "":
            locked = self.c.security.locked_for(target.id)
            if locked:
                raise NotAllowed(f"Too many wrong PINs for {target.name}. Try again in {locked} s.")
            raise PinRequired(f"{target.name}'s profile has a PIN: enter it to {doing} it.")
        self.c.security.verify(pin, target.id)

    # ------------------------------------------------------------------ remembering changes
    def _remember(self, controller, changes, source: str) -> None:
        if source not in PEOPLE_SOURCES or self._valet_changing or self.valet_active():
            return
        pid = controller.active_profile_id()
        if pid is None:
            return
        prefs = [self._record(path, new) for path, _old, new in changes if path in self._personal_paths and new is not None]
        if not prefs:
            return
        profile = self.store.profiles.get(pid)
        if profile is None:
            return
        ask = not profile.is_guest and self.store.profiles.remember(pid) == "ask"
        self.store.profiles.put_prefs(pid, prefs, pending=ask)

    def _on_event(self, event) -> None:
        """Another process (the CLI) may have switched profile: pick up its report. (An undo is
        remembered by the write hook, in the undo's own transaction.)"""
        if isinstance(event, ContextChanged) and event.what == "external":
            self._load_report()

    def restore_saved(self, pin: str | None = None) -> ApplyReport:
        """Drop the changes made while driving and put the profile's saved settings back on the car."""
        pid = self.c.active_profile_id()
        with self.store.write():
            self.store.profiles.clear_prefs(pid, pending=True)
        return self.switch(pid, pin=pin, keep_changes=False)

    def set_remember(self, mode: str, profile=None, pin: str | None = None) -> None:
        if mode not in REMEMBER:
            raise InvalidValue("Choose remember automatically or ask when switching away.")
        p = self._editable(profile, pin, parked=False)
        with self.store.write():
            self.store.profiles.set_remember(p.id, mode)
            if mode == "auto":
                pending = self.store.profiles.prefs(p.id, pending=True)
                if pending:
                    self.store.profiles.put_prefs(p.id, list(pending.values()))
                    self.store.profiles.clear_prefs(p.id, pending=True)
        self.c.events.publish(ContextChanged("profile"))

    def save_current(self, profile=None, pin: str | None = None) -> int:
        """Save this car's current personal settings into the profile; how many."""
        p = self._editable(profile, pin, parked=False)
        prefs = self.snapshot()
        with self.store.write():
            self.store.profiles.put_prefs(p.id, prefs)
            self.store.profiles.clear_prefs(p.id, pending=True)
        return len(prefs)

    # ------------------------------------------------------------------ create, edit, delete
    def _parked(self, doing: str) -> None:
        if self.c.restrictions().moving:
            raise NotAllowed(f"{doing} when parked.")

    def _no_valet(self, message: str = "Settings are locked in valet mode.") -> None:
        if self.valet_active():
            raise NotAllowed(message)

    def _editable(self, profile, pin, parked: bool = True, doing: str = "Edit profiles"):
        self._no_valet()
        if parked:
            self._parked(doing)
        p = self._resolve(profile)
        self._check_pin(p, pin, "change")
        return p

    def check_name(self, name, exclude_id: int | None = None) -> str:
        if not isinstance(name, str):
            raise InvalidValue("A profile name is text.")
        name = " ".join(name.split())
        if not name:
            raise InvalidValue("Give the profile a name.")
        if len(name) > MAX_NAME:
            raise InvalidValue(f"A profile name is at most {MAX_NAME} characters.")
        if any(not ch.isprintable() or ch in BIDI_MARKS for ch in name):
            raise InvalidValue("A profile name cannot contain control characters.")
        if any(ch in NOT_IN_NAMES for ch in name) or name.strip(".") == "":
            raise InvalidValue("A profile name cannot contain / or \\ (it also names export files).")
        if name.isdigit():
            raise InvalidValue("A profile name needs at least one letter.")
        if name.lower() == GUEST.lower():
            raise InvalidValue(f"{GUEST} is the name of the guest profile; choose another.")
        other = self.store.profiles.by_name(name)
        if other is not None and other.id != exclude_id:
            raise InvalidValue(f"There is already a profile called {other.name}.")
        return name

    @staticmethod
    def check_initials(initials) -> str:
        if not isinstance(initials, str) or not (1 <= len(initials.strip()) <= 3) or not initials.strip().isalpha():
            raise InvalidValue("Initials are 1 to 3 letters.")
        return initials.strip().upper()

    @staticmethod
    def check_colour(colour) -> str:
        if not isinstance(colour, str) or not re.fullmatch(r"#[0-9A-Fa-f]{6}", colour):
            raise InvalidValue("A colour is written #RRGGBB, for example #3B82F6.")
        return colour.upper()

    @staticmethod
    def initials_of(name: str) -> str:
        letters = [w[0] for w in name.split() if w and w[0].isalpha()]
        if len(letters) >= 2:
            return (letters[0] + letters[-1]).upper()
        alpha = [ch for ch in name if ch.isalpha()]
        return ("".join(alpha[:2]) or "P").upper()

    def create(self, name: str, initials: str | None = None, colour: str | None = None, pin: str | None = None,
               copy_current: bool = True, remember: str = "auto", owner_pin: str | None = None,
               source: str = "ui") -> ProfileInfo:
        """A new profile (parked only), starting from this car's current settings. `pin`: the new
        profile's own PIN; `owner_pin`: the owner's, needed when the owner has one. A new profile
        has no security or purchase rights: only the owner grants them."""
        name = self.check_name(name)
        self.c.authority.require("profile.create", pin=owner_pin, source=source)
        initials = self.check_initials(initials) if initials else self.initials_of(name)
        people = [p for p in self.store.profiles.list() if not p.is_guest]
        if len(people) >= MAX_PROFILES:
            raise NotAllowed(f"This car keeps {MAX_PROFILES} profiles besides the guest; delete one first.")
        colour = self.check_colour(colour) if colour else COLOURS[len(people) % len(COLOURS)]
        if pin is not None:
            check_pin_format(pin)
        if remember not in REMEMBER:
            raise InvalidValue("Choose remember automatically or ask when switching away.")
        prefs = self.snapshot() if copy_current else []
        with self.store.write():
            p = self.store.profiles.add(name, initials, colour)
            self.store.profiles.set_remember(p.id, remember)
            if prefs:
                self.store.profiles.put_prefs(p.id, prefs)
            if pin is not None:
                digest, salt = hash_pin(pin)
                self.store.profiles.set_pin(p.id, digest, salt)
        self.c.events.publish(ContextChanged("profile"))
        return self.get(p.id)

    def rename(self, profile, new_name: str, pin: str | None = None) -> ProfileInfo:
        p = self._editable(profile, pin, doing="Rename profiles")
        if p.is_guest:
            raise NotAllowed("The guest profile keeps its name.")
        name = self.check_name(new_name, exclude_id=p.id)
        with self.store.write():
            self.store.profiles.update(p.id, name=name)
        self.c.events.publish(ContextChanged("profile"))
        return self.get(p.id)

    def update(self, profile, pin: str | None = None, *, initials: str | None = None, colour: str | None = None,
               permissions: dict | None = None, source: str = "ui") -> ProfileInfo:
        """`pin`: the profile's own PIN for its looks; for permissions, the owner's (only the owner
        grants rights)."""
        if permissions is not None:
            p = self._resolve(profile)
            self.c.authority.require("profile.permissions", pin=pin, target=p.id, source=source)
        else:
            p = self._editable(profile, pin)
        fields: dict = {}
        if initials is not None:
            fields["initials"] = self.check_initials(initials)
        if colour is not None:
            fields["colour"] = self.check_colour(colour)
        if permissions is not None:
            bad = set(permissions) - set(PERMISSIONS)
            if bad or not all(isinstance(v, bool) for v in permissions.values()):
                raise InvalidValue("Permissions are on or off: " + ", ".join(PERMISSIONS) + ".")
            if p.is_guest and any(permissions.values()):
                raise NotAllowed("The guest profile cannot use home security or buy services.")
            fields["permissions"] = {**p.permissions, **permissions}
        if fields:
            with self.store.write():
                self.store.profiles.update(p.id, **fields)
            self.c.events.publish(ContextChanged("profile"))
        return self.get(p.id)

    def delete(self, profile, pin: str | None = None, source: str = "ui") -> None:
        """`pin`: the owner's when the owner has one, else the profile's own when it has one."""
        p = self._resolve(profile)
        if p.is_guest:
            raise NotAllowed("The guest profile always exists; it cannot be deleted.")
        people = [x for x in self.store.profiles.list() if not x.is_guest]
        if len(people) <= 1:
            raise NotAllowed(f"{p.name} is the last profile; it cannot be deleted.")
        if p.id == self.c.active_profile_id():
            raise NotAllowed(f"{p.name} is at the wheel; switch to another profile first.")
        self.c.authority.require("profile.delete", pin=pin, target=p.id, source=source)
        with self.store.write():
            self.store.profiles.delete(p.id)
        self.c.events.publish(ContextChanged("profile"))

    # ------------------------------------------------------------------ PIN
    def set_pin(self, new_pin: str | None, current_pin: str | None = None, profile=None, source: str = "ui") -> None:
        """Set, change or remove (new_pin None) a profile's PIN, parked. `current_pin`: the
        profile's PIN when it has one; a profile without one sets its own, the owner sets others'."""
        p = self._resolve(profile)
        if new_pin is not None:
            check_pin_format(new_pin)  # a bad new PIN is refused before any try is counted
        self.c.authority.require("profile.pin", pin=current_pin, target=p.id, source=source)
        self.c.security.store_pin(p.id, new_pin)
        self.c.events.publish(ContextChanged("profile"))

    def remove_pin(self, current_pin: str, profile=None) -> None:
        self.set_pin(None, current_pin, profile)

    # ------------------------------------------------------------------ valet
    def valet_active(self) -> bool:
        return bool(self.c.get(VALET))

    def speed_cap(self) -> float | None:
        """The top speed in valet mode (km/h), None when valet mode is off."""
        if not self.valet_active():
            return None
        return self.c.get(VALET_CAP) or DEFAULT_VALET_CAP

    def valet_on(self, pin: str, source: str = "ui") -> None:
        """Enter valet mode (parked) with a PIN of 4 to 6 digits chosen now; it is asked again to leave."""
        if self.valet_active():
            raise NotAllowed("Valet mode is already on.")
        if not self.c.has(VALET):
            from tui.controller.errors import NotOnThisCar

            raise NotOnThisCar(f"{self.c.car.title} has no valet mode.")
        self._parked("Start valet mode")
        check_pin_format(pin)
        digest, salt = hash_pin(pin)
        values = {VALET: True}
        if self.c.has(VALET_CAP) and not self.c.get(VALET_CAP):
            values[VALET_CAP] = DEFAULT_VALET_CAP
        self._valet_changing = True
        try:
            with self.store.write():
                self.store.profiles.start_valet(self.c.active_profile_id(), digest, salt)
                self.c.set_many(values, source=source)
        finally:
            self._valet_changing = False
        self.c.events.publish(ContextChanged("profile"))

    def verify_valet(self, pin) -> None:
        """Check the valet PIN (counted and locked like every PIN)."""
        record = self.store.profiles.valet()
        if record is None:
            return
        self.c.security.check_pin("valet", pin, (record.pin_hash, record.pin_salt), "the valet PIN")

    def valet_off(self, pin: str | None, source: str = "ui") -> None:
        """Leave valet mode with its PIN. Five wrong tries lock it, longer each time, across restarts too."""
        if not self.valet_active():
            raise NotAllowed("Valet mode is off.")
        self.c.authority.require("valet.leave", pin=pin, source=source)
        self._valet_changing = True
        try:
            with self.store.write():
                self.store.profiles.end_valet()
                self.c.set_many({VALET: False}, source=source)
        finally:
            self._valet_changing = False
        self.c.events.publish(ContextChanged("profile"))

    def valet_locked_for(self) -> int:
        record = self.store.profiles.valet()
        if record is None or not record.locked_until:
            return 0
        return max(0, int(record.locked_until - self.c.clock.now().timestamp() + 0.999))

    def _guard(self, controller, spec, value, source: str) -> None:
        if self._valet_changing or not self.valet_active():
            return
        if source in ("simulator", "system"):
            cap = self.speed_cap()
            if spec.path == "Vehicle.Speed" and isinstance(value, (int, float)) and cap and value > cap:
                raise NotAllowed(f"Valet mode caps the speed at {cap:g} km/h.")
            return
        raise NotAllowed("Settings are locked in valet mode. Leave valet mode with its PIN.")

    def _gate(self, feature: str) -> str | None:
        if feature.startswith("home.") and self.valet_active():
            return "Hidden in valet mode."
        return None

    # ------------------------------------------------------------------ history and undo
    def history(self, profile=None, before_id: int | None = None, page: int = 1, limit: int = PAGE,
                pin: str | None = None, source: str = "ui") -> HistoryPage:
        """The profile's changes from the audit log, newest first, one page at a time. Another
        profile's history needs that profile's PIN when it has one."""
        p = self._resolve(profile)
        self.c.authority.require("profile.history", pin=pin, target=p.id, source=source)
        rows = self.store.profiles.history(p.id, before_id, limit + 1)
        more = len(rows) > limit
        rows = rows[:limit]
        vin = self.c.car.vin
        entries = []
        for e in rows:
            why = ""
            if e.undone:
                why = "already undone"
            elif e.vin != vin:
                why = "in another car"
            elif not self.c.has(e.path):
                why = "not on this car"
            entries.append(HistoryEntry(e.id, e.at, e.path, self._label(e.path), self._plain_any(e.path, e.old),
                                        self._plain_any(e.path, e.new), e.source, e.vin, e.undone, not why, why,
                                        self._when(e.at)))
        return HistoryPage(entries, rows[-1].id if more and rows else None, page)

    def _when(self, at: str) -> str:
        """An audit time as the driver reads it: local day and time in their time format."""
        from datetime import datetime

        from tui.controller.units import clock_text

        try:
            moment = datetime.fromisoformat(at).astimezone(self.c.clock.now().tzinfo)
        except (TypeError, ValueError):
            return at
        today = self.c.clock.now().date()
        day = "Today" if moment.date() == today else moment.strftime("%d %b").lstrip("0")
        return f"{day} {clock_text(moment, self.c.unit('TimeFormat'))}"

    def _plain_any(self, path: str, value) -> str:
        return "—" if value is None else self._plain(path, value)

    def undo(self, audit_id: int, source: str = "ui") -> Any:
        """Undo one change from the history (any of them, not only the last)."""
        self._no_valet()
        entry = self.store.audit.get(audit_id)
        if entry is None:
            raise UnknownName("That change is not in the history.")
        if entry.vin != self.c.car.vin:
            raise NotAllowed("That change was made in another car; undo it there.")
        with self.store.write():  # the undo and the profile remembering it: one transaction
            event = self.c.undo_entry(audit_id)
            self._remember(self.c, [(event.path, event.old, event.new)], "undo")
        return event

    # ------------------------------------------------------------------ export and import
    def export_data(self, profile=None) -> dict:
        p = self._resolve(profile)
        prefs = self.store.profiles.prefs(p.id)
        return {
            "format": EXPORT_FORMAT,
            "version": EXPORT_VERSION,
            "profile": {"name": p.name, "initials": p.initials, "colour": p.colour,
                        "permissions": dict(p.permissions), "remember": self.store.profiles.remember(p.id)},
            "preferences": [
                {k: v for k, v in {"path": x.path, "value": x.value, "relative": x.relative, "model": x.model_id}.items()
                 if v is not None or k == "value"}
                for x in sorted(prefs.values(), key=lambda x: x.path)
            ],
        }

    def export_name(self, profile=None) -> str:
        """The file name an export gets by default: the profile's name (never a path)."""
        return f"{self._resolve(profile).name}.smartcockpit.json"

    def export(self, profile, path: str | Path, pin: str | None = None, *, force: bool = False,
               folder: str | Path | None = None, source: str = "ui") -> Path:
        """Write the profile to a JSON file (never its PIN). Written whole or not at all.

        With `folder` (the screens), `path` is a file name inside that folder: a name with a path
        separator, "..", or a leading "~" is refused, so a hostile name can never land outside it.
        Without (the command line), `path` is the path the person typed. An existing file is never
        replaced unless `force` (the screen asks first; the command line takes --force)."""
        p = self._resolve(profile)
        self.c.authority.require("profile.export", pin=pin, target=p.id, source=source)
        text = str(path)
        if "\x00" in text:
            raise InvalidValue("A file name cannot contain a NUL character.")
        if any(not ch.isprintable() or ch in BIDI_MARKS for ch in text):
            raise InvalidValue("A file name cannot contain control or text-direction characters.")
        if folder is not None:
            name = text.strip()
            if not name:
                raise InvalidValue("Give the file a name.")
            if any(ch in NOT_IN_NAMES for ch in name) or name in (".", "..") or name.startswith("~"):
                raise InvalidValue("Give a file name only, without a folder: the file goes in "
                                   f"{Path(folder)}.")
            base = Path(folder).expanduser()
            target = base / name
            try:
                if target.resolve().parent != base.resolve():
                    raise InvalidValue(f"The file must stay in {base}.")
            except OSError as exc:
                raise NotAllowed(f"Cannot write a file there: {exc.strerror or exc}.") from None
        else:
            target = Path(text).expanduser()
        try:
            if target.is_dir():
                target = target / self.export_name(p)
            exists = target.exists() or target.is_symlink()
        except OSError as exc:  # a name too long for the file system, a folder we may not read
            raise NotAllowed(f"Cannot write a file there: {exc.strerror or exc}.") from None
        if exists and not force and target.is_file():  # a special file is refused by the writer below
            raise FileExists(f"{target} already exists. Replace it?", target)
        try:
            write_text_atomic(target, json.dumps(self.export_data(p), indent=2, ensure_ascii=False))
        except StoreError as exc:
            raise NotAllowed(str(exc)) from None
        return target

    def read_import(self, path: str | Path) -> dict:
        if "\x00" in str(path):
            raise ImportProblems(["A file name cannot contain a NUL character."])
        source = Path(path).expanduser()
        from store.files import NotPlainFile, TooLarge, read_limited

        try:
            # at most 1 MB is read whatever the file says of itself; a pipe or a device is refused
            raw = read_limited(source, MAX_IMPORT_BYTES)
        except TooLarge:
            raise ImportProblems([f"{source.name} is larger than 1 MB; a profile file is much smaller."]) from None
        except NotPlainFile:
            raise ImportProblems([f"{source} is not a plain file, so it cannot be a profile file."]) from None
        except FileNotFoundError:
            raise ImportProblems([f"There is no file {source}."]) from None
        except IsADirectoryError:
            raise ImportProblems([f"{source} is a folder, not a profile file."]) from None
        except OSError as exc:
            raise ImportProblems([f"Could not read {source}: {exc.strerror or exc}."]) from None
        try:
            text = raw.decode("utf-8")
        except UnicodeDecodeError:
            raise ImportProblems([f"{source.name} is not a text file (it is not UTF-8)."]) from None
        if not text.strip():
            raise ImportProblems([f"{source} is empty."])
        try:
            return json.loads(text, parse_constant=lambda c: (_ for _ in ()).throw(ValueError(c)))
        except RecursionError:
            raise ImportProblems([f"{source.name} is nested too deeply to be a profile file."]) from None
        except ValueError as exc:
            raise ImportProblems([f"{source.name} is not valid JSON ({str(exc)[:60]})."]) from None

    def check_import(self, data, name: str | None = None) -> tuple[dict, list[Preference]]:
        """Check every part of an export; raise ImportProblems listing all problems found."""
        problems: list[str] = []
        if not isinstance(data, dict):
            raise ImportProblems(["The file does not hold a SmartCockpit profile."])
        if data.get("format") != EXPORT_FORMAT:
            problems.append("The file is not a SmartCockpit profile export (format is missing or wrong).")
        version = data.get("version")
        if not isinstance(version, int) or isinstance(version, bool):
            problems.append("The file has no format version.")
        elif version > EXPORT_VERSION:
            problems.append(f"The file was made by a newer SmartCockpit (format {version}); update to import it.")
        elif version < 1:
            problems.append(f"Format version {version} does not exist.")
        head = data.get("profile")
        fields: dict = {}
        if not isinstance(head, dict):
            problems.append("The file has no profile section.")
            head = {}
        for key, check in (("name", lambda v: self.check_name(name if name is not None else v)),
                           ("initials", self.check_initials), ("colour", self.check_colour)):
            try:
                fields[key] = check(head.get(key))
            except CockpitError as exc:
                problems.append(f"Profile {key}: {exc}")
        perms = head.get("permissions", {})
        if not isinstance(perms, dict) or set(perms) - set(PERMISSIONS) or not all(isinstance(v, bool) for v in perms.values()):
            problems.append("Profile permissions: only home_security and purchases, each true or false.")
        else:
            fields["permissions"] = {**{k: False for k in PERMISSIONS}, **perms}
        remember = head.get("remember", "auto")
        if remember not in REMEMBER:
            problems.append("Profile remember: must be \"auto\" or \"ask\".")
        fields["remember"] = remember
        prefs: list[Preference] = []
        raw_prefs = data.get("preferences")
        if not isinstance(raw_prefs, list):
            problems.append("The file has no list of preferences.")
            raw_prefs = []
        seen = set()
        signals = self.c.signal_catalog
        ranges = self.store.profiles.catalog_ranges()
        choices = self.store.profiles.catalog_choices()
        for n, item in enumerate(raw_prefs, 1):
            where = f"Preference {n}"
            if not isinstance(item, dict) or "path" not in item or "value" not in item:
                problems.append(f"{where}: needs a path and a value.")
                continue
            path = item["path"]
            if not isinstance(path, str) or path not in signals:
                problems.append(f"{where}: {str(path)[:60]!r} is not a known VSS path.")
                continue
            where = f"Preference {n} ({path})"
            if path not in self._personal_paths:
                problems.append(f"{where}: not a personal setting a profile can carry.")
                continue
            if path in seen:
                problems.append(f"{where}: appears twice.")
                continue
            seen.add(path)
            spec = effective(signals[path], None)
            try:
                value = validate(spec, item["value"])
            except CockpitError as exc:
                problems.append(f"{where}: {exc}")
                continue
            lo, hi = ranges.get(path, (None, None))
            if isinstance(value, (int, float)) and not isinstance(value, bool) and (
                    (lo is not None and value < lo) or (hi is not None and value > hi)):
                span = f"{'' if lo is None else f'{lo:g}'} to {'' if hi is None else f'{hi:g}'}".strip()
                problems.append(f"{where}: {value:g} is out of range for every car ({span}).")
                continue
            if isinstance(value, str) and path in choices and value not in choices[path]:
                problems.append(f"{where}: {value[:40]!r} is not a choice of any car in the catalog.")
                continue
            relative = item.get("relative")
            if relative is not None:
                if (isinstance(relative, bool) or not isinstance(relative, (int, float)) or not math.isfinite(relative)
                        or not 0 <= relative <= 1):
                    problems.append(f"{where}: relative position must be between 0 and 1.")
                    continue
                if not self.is_position(path):
                    problems.append(f"{where}: only positions carry a relative value.")
                    continue
            model = item.get("model")
            if model is not None and (not isinstance(model, str) or len(model) > 80):
                problems.append(f"{where}: the model must be a catalog model id.")
                continue
            prefs.append(Preference(path, value, None if relative is None else float(relative), model))
        if not problems and len([p for p in self.store.profiles.list() if not p.is_guest]) >= MAX_PROFILES:
            problems.append(f"This car keeps {MAX_PROFILES} profiles besides the guest; delete one first.")
        if problems:
            raise ImportProblems(problems)
        return fields, prefs

    def import_file(self, path: str | Path, name: str | None = None, owner_pin: str | None = None,
                    source: str = "ui") -> ProfileInfo:
        """Import a profile file: everything is checked first; on any problem nothing is imported."""
        decision = self.c.authority.decide("profile.import", source=source)
        if decision.refused:
            raise NotAllowed(decision.reason)
        data = self.read_import(path)
        return self.import_data(data, name, owner_pin=owner_pin, source=source)

    def import_data(self, data, name: str | None = None, owner_pin: str | None = None,
                    source: str = "ui") -> ProfileInfo:
        """An imported profile never brings rights: whatever the file says, it may not unlock,
        disarm or buy until the owner grants it. The owner's PIN is needed when the owner has one."""
        fields, prefs = self.check_import(data, name)
        self.c.authority.require("profile.import", pin=owner_pin, source=source)
        fields["permissions"] = {k: False for k in PERMISSIONS}
        with self.store.write():
            p = self.store.profiles.add(fields["name"], fields["initials"], fields["colour"],
                                        permissions=fields["permissions"])
            self.store.profiles.set_remember(p.id, fields["remember"])
            if prefs:
                self.store.profiles.put_prefs(p.id, prefs)
        self.c.events.publish(ContextChanged("profile"))
        return self.get(p.id)


__all__ = ["FileExists", "Profiles", "ApplyReport", "ApplyItem", "ProfileInfo", "HistoryEntry", "HistoryPage", "PinRequired",
           "DecisionNeeded", "ImportProblems", "personal_rule", "VALET", "APPLIED", "ADAPTED", "MISSING", "HELD",
           "CATEGORY_TITLES", "REMEMBER"]
