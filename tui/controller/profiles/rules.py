"""What a profile is made of: which car settings belong to a person (PERSONAL_RULES, matched once
against the car's signals), and the limits every part of the profiles domain shares (the Guest, how
many profiles, names, remembering, the valet signals)."""

from __future__ import annotations

import functools
import re

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
PEOPLE_SOURCES = ("ui", "assistant", "cli", "routine", "undo")  # changes a person made (remembered)

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


def personal_rule(path: str) -> tuple[str, bool] | None:
    for rx, group, relative in _rules():
        if rx.match(path):
            return group, relative
    return None


class PersonalRulesMixin:
    """`Profiles`' view of the rules on this car: which of its settings are personal, their group,
    and which are positions (kept as a share of the car's travel)."""

    @property
    def _personal_paths(self) -> dict[str, tuple[str, bool]]:
        """The car settings that belong to a person, with their group and whether they are kept
        relative to the car's travel (matched against the rules once, when first needed)."""
        if self._personal_rules is None:
            found = {p: personal_rule(p) for p, s in self.c.signal_catalog.items() if s.type == "actuator"}
            self._personal_rules = {p: r for p, r in found.items() if r is not None}
        return self._personal_rules

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
