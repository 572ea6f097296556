"""Cross-car adaptation: a preference taken from one car (positions also as a share of its travel)
and fitted to another (positions rescaled, values clamped to this car's range and put on its step,
choices matched, climate zones mapped two onto four and four onto two), and the plan of what
switching to a profile would set on this car, with its report. Planning changes nothing."""

from __future__ import annotations

import re
from typing import Any

from store.profiles import Preference
from tui.controller.authority import BODY_MOVES
from tui.controller.errors import CockpitError
from tui.controller.profiles.report import ADAPTED, APPLIED, HELD, MISSING, ApplyItem, ApplyReport
from tui.controller.signals import INT_LIMITS, effective
from tui.controller.units import HMI

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


class AdaptMixin:
    """`Profiles`' preferences on this car: recording them, fitting them, planning a switch, and how
    a setting's label and value read to the driver (also for a setting this car lacks)."""

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
                    detail = f"this car's range ends at {self._plain(path, target)}"
                elif not detail:
                    detail = f"nearest step to {self._plain(path, value)}" if not isinstance(value, bool) else ""
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

    _hmi = None  # the units a plan is shown in: the profile's own (its °F, its miles), set by plan()

    def _plain(self, path: str, value) -> str:
        """A value as the driver reads it, also for a setting this car does not have."""
        try:
            if self.c.has(path):
                return self.c.format(path, value, self._hmi)
            from tui.controller.labels import value_text

            spec = self._offcar.get(path)
            if spec is None:
                signal = self.c.signal_catalog.get(path)
                if signal is None:
                    return str(value)
                spec = self._offcar[path] = effective(signal, None)
            shown = (self._hmi or self.c.hmi_units()).quantity(spec, value)
            return value_text(spec, value) if shown is None else shown
        except (CockpitError, TypeError, ValueError):
            return str(value)

    def plan(self, profile=None, prefs: dict[str, Preference] | None = None,
             render: bool = True) -> tuple[dict, ApplyReport]:
        """What switching to the profile would set on this car, and the report. Changes nothing."""
        p = self._resolve(profile)
        if prefs is None:
            prefs = self.store.profiles.prefs(p.id)
        if p.is_guest:
            # The Guest starts from the car's factory settings; its own changes (until forgotten) win.
            for path in self._personal_paths:
                if self.c.has(path) and path not in prefs:
                    default = self.c.spec(path).default
                    if default is not None:
                        prefs = {**prefs, path: Preference(path, default, None, self.c.car.model.id)}
        report = ApplyReport(p.name, self.c.car.title)
        # values and details read in the units the profile sets (a "range ends at" in its °F too)
        report.hmi = self.c.hmi_units({k: v.value for k, v in prefs.items() if k.startswith(HMI)})
        self._hmi = report.hmi
        try:
            return self._plan(p, prefs, report, render)
        finally:
            self._hmi = None

    def _plan(self, p, prefs: dict[str, Preference], report: ApplyReport, render: bool) -> tuple[dict, ApplyReport]:
        values: dict[str, Any] = {}
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
        self._hmi = report.hmi
        try:
            report.items = [ApplyItem(i.path, i.label, i.group, i.category, self._plain(i.path, raw[i.path]),
                                      i.detail) if i.path in raw else i for i in report.items]
        finally:
            self._hmi = None

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
