"""The home's devices as the car sees them: Home Assistant style entities, the events they raise,
distances to the home and the state a driver reads.

Devices are modelled as Home Assistant entities so a later MQTT / REST bridge maps one to one:
an `entity_id` "<domain>.<object_id>" (domains: light, cover, lock, alarm_control_panel, climate,
switch, number, sensor, binary_sensor, event), a state string in HA's own words ("open",
"closing", "locked", "jammed", "armed_away", "heat", "on", ...) and attributes (brightness 0-255,
rgb_color, current_position, current_temperature, temperature, hvac_action, ...).
"""

from __future__ import annotations

import math
from dataclasses import dataclass, field
from datetime import datetime, timezone

from tui.controller.events import Event, StateBatch

# attributes the simulation keeps for itself: never part of the state a bridge or HA shows
SIM_ONLY = {"target_position", "moved_at", "rate", "until", "jam", "target", "follows", "every_s", "tripped_by"}


@dataclass(frozen=True)
class Entity:
    """One Home Assistant style entity, as the car sees it."""

    entity_id: str
    name: str
    room: str
    device_class: str | None
    state: str
    attributes: dict = field(default_factory=dict)
    updated_at: float = 0.0

    @property
    def domain(self) -> str:
        return self.entity_id.split(".", 1)[0]

    # names the assistant and other callers look for
    @property
    def id(self) -> str:
        return self.entity_id

    @property
    def kind(self) -> str:
        return self.domain

    @property
    def area(self) -> str:
        return self.room

    @property
    def object_id(self) -> str:
        return self.entity_id.split(".", 1)[1]

    def ha_state(self) -> dict:
        """The entity as HA's REST API shows it (GET /api/states/<entity_id>)."""
        attrs = {"friendly_name": self.name, **{k: v for k, v in self.attributes.items() if k not in SIM_ONLY}}
        if self.device_class:
            attrs["device_class"] = self.device_class
        if self.room:
            attrs["area"] = self.room
        at = datetime.fromtimestamp(self.updated_at, timezone.utc).isoformat(timespec="seconds") if self.updated_at else None
        return {"entity_id": self.entity_id, "state": self.state, "attributes": attrs, "last_updated": at}


@dataclass(frozen=True)
class EntityChanged(Event):
    """A home device changed (by a command, by the simulation, or by the bridge)."""

    entity_id: str
    old: str | None
    new: str
    source: str


@dataclass(frozen=True)
class HomeBatch(StateBatch):
    """One burst from a bridged home (everything that arrived between two drains): the event bus
    hands it whole to the listeners of batches (the app: one redraw, however many devices changed)
    and one EntityChanged at a time to the others (routines' device triggers), as it does a
    transaction's signals. It changes no VSS signal: `paths` is empty."""

    changes: tuple  # of EntityChanged

    @property
    def paths(self) -> frozenset[str]:
        return frozenset()


@dataclass(frozen=True)
class HomeChanged(Event):
    """Favourites, scenes or the home's place changed."""

    what: str


def distance_m(lat1: float, lon1: float, lat2: float, lon2: float) -> float:
    """Great-circle distance (haversine), metres."""
    r = 6371000.0
    p1, p2 = math.radians(lat1), math.radians(lat2)
    dp, dl = p2 - p1, math.radians(lon2 - lon1)
    a = math.sin(dp / 2) ** 2 + math.cos(p1) * math.cos(p2) * math.sin(dl / 2) ** 2
    return 2 * r * math.asin(min(1.0, math.sqrt(a)))


def distance_text(metres: float | None, unit: str = "") -> str:
    """A distance in the driver's unit (the HMI DistanceUnit: MILES, otherwise metric)."""
    from tui.controller.units import how_far_text

    return how_far_text(metres, unit)


def _degrees(celsius: float, unit: str, digits: int = 1) -> str:
    if unit == "F":
        return f"{celsius * 9 / 5 + 32:.0f} °F"
    return f"{celsius:.{digits}f} °C" if digits else f"{celsius:g} °C"


def state_text(entity: Entity, unit: str = "") -> str:
    """What a driver reads: "open", "closing 40 %", "on 60 %", "20.5 °C → 21 °C", "jammed"; a bridged
    device adds "(sent open)" until it confirms and "(no answer)" when it did not."""
    text = _state_text(entity, unit)
    a = entity.attributes
    if a.get("sent"):
        return f"{text} (sent {a['sent']})"
    if a.get("unconfirmed"):
        return f"{text} (no answer)"
    return text


def _state_text(entity: Entity, unit: str = "") -> str:
    a, s = entity.attributes, entity.state
    if s in ("unavailable", "unknown"):
        return "offline" if s == "unavailable" else "unknown"
    d = entity.domain
    if d == "light":
        if s == "on" and a.get("brightness") is not None:
            return f"on {round(a['brightness'] * 100 / 255)} %"
        return s
    if d == "cover":
        if s in ("opening", "closing") or (entity.device_class not in ("garage", "gate") and s == "open"):
            return f"{s} {a.get('current_position', 0)} %"
        return s
    if d == "climate":
        cur, tgt = a.get("current_temperature"), a.get("temperature")
        if s == "off":
            return f"off, {_degrees(cur, unit)}" if cur is not None else "off"
        action = a.get("hvac_action", "")
        now = _degrees(cur, unit) if cur is not None else "—"
        if unit != "F":
            now = now.replace(" °C", "")
        return f"{s} {now} → {_degrees(tgt, unit, 0)}{' (' + action + ')' if action and action != 'idle' else ''}"
    if d == "alarm_control_panel":
        return s.replace("_", " ")
    if d == "sensor":
        if a.get("unit_of_measurement") == "°C" and unit == "F":
            try:
                return _degrees(float(s), unit)
            except ValueError:
                return s
        return f"{s} {a.get('unit_of_measurement', '')}".strip()
    if d == "binary_sensor":
        return "open" if s == "on" else "closed"
    if d == "number":
        return f"{s} {a.get('unit_of_measurement', '')}".strip()
    if d == "event":
        return "rang " + s[11:16] if len(s) >= 16 else "quiet"
    if d == "switch" and entity.device_class == "ev_charger":
        return "charging" if s == "on" else "not charging"
    if d == "fan" and s == "on" and a.get("percentage") is not None:
        return f"on {a['percentage']} %"
    if d == "button":
        return "press"
    return s
