"""The driver's home, from the car: devices, favourites, scenes, safety, and home events as notices.

Devices are modelled as Home Assistant entities so a later MQTT / REST bridge maps one to one:
an `entity_id` "<domain>.<object_id>" (domains: light, cover, lock, alarm_control_panel, climate,
switch, number, sensor, binary_sensor, event), a state string in HA's own words ("open",
"closing", "locked", "jammed", "armed_away", "heat", "on", ...) and attributes (brightness 0-255,
rgb_color, current_position, current_temperature, temperature, hvac_action, ...). Commands are HA
services ("open_cover", "turn_on" with brightness_pct, "alarm_disarm", "set_temperature", ...).

`HomeBackend` is the interface a bridge implements; `SimulatedHome` is the embedded default and
behaves like the real thing: a garage door travels for seconds through opening/open/closing/closed,
a lock can jam, a thermostat drifts toward its target, an armed alarm goes off when a door opens,
the doorbell rings when asked to (now, or now and then). Its time is `controller.clock`.

`Home` (``controller.home``) holds the rules: valet mode hides the home; unlocking a door,
disarming the alarm and opening the garage from afar need the home_security permission and the PIN;
the "home.remote_access" feature gate applies when the car is away from home; every command is
logged; home events reach the car screen as short notices.
"""

from __future__ import annotations

import math
import random
from dataclasses import dataclass, field, replace
from datetime import datetime, timezone
from typing import Any, Callable

from tui.controller.authority import PinNeeded
from tui.controller.errors import CockpitError, InvalidValue, NotAllowed, NotOnThisCar, UnknownName
from tui.controller.events import Event

VALET = "Vehicle.Private.SmartCockpit.Valet.IsActive"
LAT = "Vehicle.CurrentLocation.Latitude"
LON = "Vehicle.CurrentLocation.Longitude"
VALET_HIDDEN = "The home is hidden in valet mode."
DOOR_OPEN_NOTICE_S = 300  # a door or window open this long while the car is away gets a notice
GARAGE_OPEN_NOTICE_S = 600

DOMAIN_NAMES = {
    "light": "light", "cover": "door / blind", "lock": "lock", "alarm_control_panel": "alarm",
    "climate": "thermostat", "switch": "switch", "number": "setting", "sensor": "sensor",
    "binary_sensor": "contact", "event": "doorbell",
}
COLOURS = {
    "warm white": (255, 197, 143), "white": (255, 255, 255), "red": (255, 0, 0), "orange": (255, 140, 0),
    "yellow": (255, 220, 0), "green": (0, 200, 0), "blue": (0, 80, 255), "purple": (150, 0, 255),
    "pink": (255, 80, 160),
}
ALARM_MODES = ("arm_away", "arm_home", "arm_night")
HVAC_MODES = ("off", "heat", "cool", "auto")
SIM_ONLY = {"target_position", "moved_at", "rate", "until", "jam", "target", "follows", "every_s", "tripped_by"}


# ============================================================================ entities and events
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
    if metres is None:
        return "unknown distance"
    if unit == "MILES":
        miles = metres / 1609.344
        if miles < 0.25:
            return f"{int(round(metres * 3.28084, -1))} ft"
        return f"{miles:.1f} mi"
    if metres < 1000:
        return f"{int(round(metres, -1))} m"
    return f"{metres / 1000:.1f} km"


def _degrees(celsius: float, unit: str, digits: int = 1) -> str:
    if unit == "F":
        return f"{celsius * 9 / 5 + 32:.0f} °F"
    return f"{celsius:.{digits}f} °C" if digits else f"{celsius:g} °C"


# ============================================================================ actions (friendly words -> HA services)
@dataclass(frozen=True)
class Action:
    name: str  # the word a driver uses: open, close, on, off, brightness, unlock, ...
    label: str
    service: str  # the HA service
    value: str | None = None  # None | "percent" | "colour" | "temperature" | "mode" | "number" | "seconds"


ACTIONS: dict[str, list[Action]] = {
    "light": [Action("on", "Turn on", "turn_on"), Action("off", "Turn off", "turn_off"),
              Action("toggle", "Toggle", "toggle"), Action("brightness", "Brightness", "turn_on", "percent"),
              Action("colour", "Colour", "turn_on", "colour")],
    "cover": [Action("open", "Open", "open_cover"), Action("close", "Close", "close_cover"),
              Action("stop", "Stop", "stop_cover"), Action("position", "Position", "set_cover_position", "percent")],
    "lock": [Action("lock", "Lock", "lock"), Action("unlock", "Unlock", "unlock")],
    "alarm_control_panel": [Action("arm_away", "Arm (away)", "alarm_arm_away"),
                            Action("arm_home", "Arm (home)", "alarm_arm_home"),
                            Action("arm_night", "Arm (night)", "alarm_arm_night"),
                            Action("disarm", "Disarm", "alarm_disarm")],
    "climate": [Action("temperature", "Target temperature", "set_temperature", "temperature"),
                Action("mode", "Mode", "set_hvac_mode", "mode")],
    "switch": [Action("on", "Turn on", "turn_on"), Action("off", "Turn off", "turn_off"),
               Action("toggle", "Toggle", "toggle")],
    "number": [Action("set", "Set", "set_value", "number")],
    "event": [Action("ring", "Ring now", "ring"), Action("ring_often", "Ring now and then", "ring_often", "seconds")],
    "sensor": [],
    "binary_sensor": [],
}
ALIASES = {
    "start": "on", "stop_charging": "off", "limit": "set", "arm": "arm_away", "dim": "brightness",
    "color": "colour", "target": "temperature", "set_temperature": "temperature", "turn_on": "on",
    "turn_off": "off", "up": "open", "down": "close",
}


def actions_for(entity: Entity) -> list[Action]:
    acts = list(ACTIONS.get(entity.domain, []))
    if entity.domain == "cover" and entity.device_class in ("garage", "gate", "door"):
        acts = [a for a in acts if a.name != "position"]
    if entity.domain == "switch" and entity.device_class == "ev_charger":
        acts = [Action("start", "Start charging", "turn_on"), Action("stop", "Stop charging", "turn_off")]
    return acts


def find_action(entity: Entity, name: str) -> Action:
    word = name.strip().lower().replace(" ", "_").replace("-", "_")
    acts = actions_for(entity)
    for a in acts:
        if a.name == word:
            return a
    alias = ALIASES.get(word)
    for a in acts:
        if a.name == alias:
            return a
    if not acts:
        raise NotAllowed(f"{entity.name} is a {DOMAIN_NAMES.get(entity.domain, entity.domain)}: it only reports.")
    raise InvalidValue(f"{entity.name} can: {', '.join(a.name for a in acts)}.")


def parse_value(entity: Entity, action: Action, value: Any) -> Any:
    """The value an action needs, checked; a clear sentence when it is wrong."""
    if action.value is None:
        return None
    if value is None or (isinstance(value, str) and not value.strip()):
        raise InvalidValue(f"Say what {action.label.lower()} you want for {entity.name}.")
    text = str(value).strip().lower().rstrip("%").strip()
    if action.value == "percent":
        try:
            n = int(round(float(text)))
        except (ValueError, OverflowError):
            raise InvalidValue(f"{action.label} is a number from 0 to 100.") from None
        low = 1 if action.name == "brightness" else 0
        if not low <= n <= 100:
            raise InvalidValue(f"{action.label} is a number from {low} to 100.")
        return n
    if action.value == "colour":
        if text in COLOURS:
            return text
        if text.startswith("#") and len(text) == 7:
            try:
                int(text[1:], 16)
                return text
            except ValueError:
                pass
        raise InvalidValue(f"Colours: {', '.join(COLOURS)}, or #RRGGBB.")
    if action.value == "temperature":
        try:
            t = float(text.rstrip("c°").strip())
        except ValueError:
            raise InvalidValue("A temperature is a number, like 20.5.") from None
        if t != t:
            raise InvalidValue("A temperature is a number, like 20.5.")
        lo, hi = entity.attributes.get("min_temp", 7), entity.attributes.get("max_temp", 30)
        if not lo <= t <= hi:
            raise InvalidValue(f"{entity.name} goes from {lo:g} to {hi:g} °C.")
        return round(t * 2) / 2
    if action.value == "mode":
        modes = entity.attributes.get("hvac_modes", list(HVAC_MODES))
        if text not in modes:
            raise InvalidValue(f"{entity.name} modes: {', '.join(modes)}.")
        return text
    if action.value == "number":
        try:
            n = float(text)
        except ValueError:
            raise InvalidValue(f"{entity.name} is a number.") from None
        if n != n:
            raise InvalidValue(f"{entity.name} is a number.")
        lo, hi, step = entity.attributes.get("min", 0), entity.attributes.get("max", 100), entity.attributes.get("step", 1)
        if not lo <= n <= hi:
            raise InvalidValue(f"{entity.name} goes from {lo:g} to {hi:g}.")
        n = round(n / step) * step
        return int(n) if float(n).is_integer() else n
    if action.value == "seconds":
        try:
            n = int(float(text))
        except (ValueError, OverflowError):
            raise InvalidValue("Say how often in seconds (0 stops it).") from None
        if not 0 <= n <= 86400:
            raise InvalidValue("Between 0 (never) and 86400 seconds.")
        return n
    return value


def service_data(action: Action, value: Any) -> dict:
    if action.value == "percent":
        return {"brightness_pct": value} if action.name == "brightness" else {"position": value}
    if action.value == "colour":
        rgb = COLOURS.get(value) or tuple(int(value[i:i + 2], 16) for i in (1, 3, 5))
        return {"rgb_color": list(rgb)}
    if action.value == "temperature":
        return {"temperature": value}
    if action.value == "mode":
        return {"hvac_mode": value}
    if action.value == "number":
        return {"value": value}
    if action.value == "seconds":
        return {"every_s": value}
    return {}


def state_text(entity: Entity, unit: str = "") -> str:
    """What a driver reads: "open", "closing 40 %", "on 60 %", "20.5 °C → 21 °C", "jammed"."""
    a, s = entity.attributes, entity.state
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
    return s


# ============================================================================ the MQTT mapping (for the bridge)
# HA MQTT component of each entity domain, and the command payload HA's defaults expect for each
# service (cover.mqtt, light.mqtt, lock.mqtt, switch.mqtt, alarm_control_panel.mqtt). Values
# (brightness, position, temperature, charge limit) go to the component's own *_command_topic.
MQTT_COMPONENT = {"light": "light", "cover": "cover", "lock": "lock", "alarm_control_panel": "alarm_control_panel",
                  "climate": "climate", "switch": "switch", "number": "number", "sensor": "sensor",
                  "binary_sensor": "binary_sensor", "event": "event"}
MQTT_PAYLOAD = {
    "open_cover": "OPEN", "close_cover": "CLOSE", "stop_cover": "STOP", "turn_on": "ON", "turn_off": "OFF",
    "lock": "LOCK", "unlock": "UNLOCK", "alarm_arm_away": "ARM_AWAY", "alarm_arm_home": "ARM_HOME",
    "alarm_arm_night": "ARM_NIGHT", "alarm_disarm": "DISARM", "alarm_trigger": "TRIGGER",
}


def mqtt_command(entity: "Entity", service: str, data: dict) -> tuple[str, str]:
    """(component, payload) an MQTT bridge publishes for a service call; values as plain text."""
    component = MQTT_COMPONENT[entity.domain]
    if service == "toggle":
        return component, "OFF" if entity.state == "on" else "ON"
    if service in MQTT_PAYLOAD and not data:
        return component, MQTT_PAYLOAD[service]
    for key in ("brightness_pct", "position", "temperature", "hvac_mode", "value"):
        if key in data:
            return component, str(data[key])
    if "rgb_color" in data:
        return component, ",".join(str(v) for v in data["rgb_color"])
    return component, MQTT_PAYLOAD.get(service, service.upper())


# ============================================================================ the backend interface
class HomeBackend:
    """What the car needs from a home. SimulatedHome implements it; an MQTT or Home Assistant REST
    bridge implements the same methods (entities from discovery or GET /api/states, `call` as
    POST /api/services/<domain>/<service>, `tick` to poll or drain the MQTT queue), and reports each
    change through `on_change`."""

    kind = "abstract"

    def __init__(self) -> None:
        self.on_change: Callable[[Entity | None, Entity, str], None] = lambda old, new, source: None

    @property
    def available(self) -> bool:
        return True

    def entities(self) -> list[Entity]:
        raise NotImplementedError

    def get(self, entity_id: str) -> Entity | None:
        return next((e for e in self.entities() if e.entity_id == entity_id), None)

    def call(self, entity_id: str, service: str, data: dict, source: str) -> str:
        """Carry out one HA service on one entity; return a short sentence of what happens."""
        raise NotImplementedError

    def tick(self) -> None:
        """Let time pass (the simulation) or pick up what arrived (a bridge)."""

    def reload(self) -> None:
        """Another process may have changed the home: read it again."""


# ============================================================================ the simulation
GARAGE_TRAVEL_S = 12.0
BLIND_TRAVEL_S = 20.0
LOCK_S = 2.0
ARMING_S = 10.0
ENTRY_DELAY_S = 30.0
HEAT_RATE = 0.5 / 60  # °C per second toward the target while heating or cooling
IDLE_RATE = 0.1 / 60  # °C per second toward 16 °C with the heating off
JAM_CHANCE = 0.03


DEMO_PLACE = ("Home", 42.6722, -83.1861, 300.0)  # 4 km from the demo car's parking at Auburn Hills
DEMO_ENTITIES: list[tuple[str, str, str, str | None, str, dict]] = [
    ("cover.garage_door", "Garage door", "Garage", "garage", "closed", {"current_position": 0}),
    ("light.garage", "Garage light", "Garage", None, "off", {"brightness": 255}),
    ("switch.ev_charger", "EV charger", "Garage", "ev_charger", "off", {"power_kw": 0.0}),
    ("number.ev_charge_limit", "EV charge limit", "Garage", None, "80",
     {"min": 50, "max": 100, "step": 5, "unit_of_measurement": "%"}),
    ("binary_sensor.garage_door_contact", "Garage door contact", "Garage", "garage_door", "off", {}),
    ("lock.front_door", "Front door", "Hallway", "lock", "locked", {}),
    ("binary_sensor.front_door_contact", "Front door contact", "Hallway", "door", "off", {}),
    ("event.doorbell", "Doorbell", "Hallway", "doorbell", "", {"event_types": ["ring"], "every_s": 0}),
    ("light.hallway", "Hallway light", "Hallway", None, "off", {"brightness": 200}),
    ("light.porch", "Porch light", "Outside", None, "off", {"brightness": 255}),
    ("alarm_control_panel.home_alarm", "Alarm", "Hallway", None, "disarmed", {"code_format": "number"}),
    ("light.living_room", "Living room lights", "Living room", None, "off",
     {"brightness": 180, "rgb_color": [255, 197, 143]}),
    ("climate.thermostat", "Thermostat", "Living room", None, "heat",
     {"current_temperature": 19.0, "temperature": 20.0, "hvac_action": "heating", "min_temp": 7, "max_temp": 30,
      "hvac_modes": list(HVAC_MODES)}),
    ("sensor.living_room_temperature", "Living room temperature", "Living room", "temperature", "19.0",
     {"unit_of_measurement": "°C", "follows": "climate.thermostat"}),
    ("cover.living_room_blinds", "Living room blinds", "Living room", "blind", "open", {"current_position": 100}),
    ("switch.coffee_machine", "Coffee machine", "Kitchen", "outlet", "off", {}),
    ("light.kitchen", "Kitchen lights", "Kitchen", None, "off", {"brightness": 255}),
    ("binary_sensor.kitchen_window", "Kitchen window", "Kitchen", "window", "off", {}),
    ("light.bedroom", "Bedroom lights", "Bedroom", None, "off", {"brightness": 120}),
    ("cover.bedroom_blinds", "Bedroom blinds", "Bedroom", "blind", "open", {"current_position": 100}),
    ("lock.back_door", "Back door", "Kitchen", "lock", "locked", {}),
    ("sensor.outdoor_temperature", "Outdoor temperature", "Outside", "temperature", "8.0",
     {"unit_of_measurement": "°C"}),
]
DEMO_FAVOURITES = [(1, "entity", "cover.garage_door"), (2, "entity", "light.porch"), (3, "entity", "lock.front_door"),
                   (4, "entity", "alarm_control_panel.home_alarm"), (5, "entity", "climate.thermostat")]
DEMO_SCENES = [
    ("Arrive home", [
        {"device": "cover.garage_door", "action": "open"},
        {"device": "light.hallway", "action": "on"},
        {"device": "light.porch", "action": "on"},
        {"device": "climate.thermostat", "action": "temperature", "value": 21},
    ]),
    ("Leave home", [
        {"device": "cover.garage_door", "action": "close"},
        {"device": "light.hallway", "action": "off"},
        {"device": "light.living_room", "action": "off"},
        {"device": "light.kitchen", "action": "off"},
        {"device": "light.bedroom", "action": "off"},
        {"device": "switch.coffee_machine", "action": "off"},
        {"device": "lock.front_door", "action": "lock"},
        {"device": "lock.back_door", "action": "lock"},
        {"device": "climate.thermostat", "action": "temperature", "value": 17},
        {"device": "alarm_control_panel.home_alarm", "action": "arm_away"},
    ]),
    ("Good night", [
        {"device": "light.living_room", "action": "off"},
        {"device": "light.kitchen", "action": "off"},
        {"device": "light.hallway", "action": "off"},
        {"device": "light.porch", "action": "off"},
        {"device": "cover.garage_door", "action": "close"},
        {"device": "cover.living_room_blinds", "action": "close"},
        {"device": "cover.bedroom_blinds", "action": "close"},
        {"device": "lock.front_door", "action": "lock"},
        {"device": "lock.back_door", "action": "lock"},
        {"device": "climate.thermostat", "action": "temperature", "value": 18},
        {"device": "alarm_control_panel.home_alarm", "action": "arm_night"},
    ]),
]


def seed_demo_home(store, now: float) -> None:
    """The demo home (inside the caller's write transaction)."""
    name, lat, lon, near = DEMO_PLACE
    store.home.set_place(name, lat, lon, near)
    for n, (eid, ename, room, dc, state, attrs) in enumerate(DEMO_ENTITIES):
        store.home.add_entity(eid, ename, room, dc, state, attrs, n, now)
    for slot, kind, target in DEMO_FAVOURITES:
        store.home.set_favourite(slot, kind, target)
    for scene_name, actions in DEMO_SCENES:
        store.home.add_scene(scene_name, actions, builtin=True)


class SimulatedHome(HomeBackend):
    """The embedded home: entities kept in the database, moving in time with the controller's clock."""

    kind = "simulated"

    def __init__(self, store, clock, seed: int = 7) -> None:
        super().__init__()
        self.store = store
        self.clock = clock
        self.rng = random.Random(seed)
        self._jam_next: set[str] = set()
        self._pending: list = []
        self._entities: dict[str, Entity] = {}
        self._last_tick = self._now()
        self.reload()

    def _now(self) -> float:
        return self.clock.now().timestamp()

    def reload(self) -> None:
        self._entities = {
            r.entity_id: Entity(r.entity_id, r.name, r.room, r.device_class, r.state, r.attributes, r.updated_at)
            for r in self.store.home.entities()
        }

    def entities(self) -> list[Entity]:
        return list(self._entities.values())

    def get(self, entity_id: str) -> Entity | None:
        return self._entities.get(entity_id)

    # -- test and demo hooks (a real home does these by itself)
    def jam_next(self, entity_id: str) -> None:
        """The next lock or unlock of this lock jams."""
        self._jam_next.add(entity_id)

    def simulate(self, entity_id: str, state: str, source: str = "simulator") -> None:
        """A sensor reports a new state (a door opened, a window closed)."""
        e = self._require(entity_id)
        self._pending = []
        with self.store.write():
            self._put(e, state, e.attributes, source)
            self._after_contact(self._entities[entity_id], source)
        self._flush()

    # -- commands
    def _require(self, entity_id: str) -> Entity:
        e = self._entities.get(entity_id)
        if e is None:
            raise UnknownName(f"There is no device {entity_id!r} at home.")
        return e

    def _put(self, e: Entity, state: str, attributes: dict, source: str) -> Entity:
        now = self._now()
        new = replace(e, state=state, attributes=attributes, updated_at=now)
        self.store.home.save_state(e.entity_id, state, attributes, now)
        self._entities[e.entity_id] = new
        if state != e.state:
            self._pending.append((e, new, source))
        return new

    def _flush(self) -> None:
        pending, self._pending = self._pending, []
        for old, new, source in pending:
            self.on_change(old, new, source)

    def call(self, entity_id: str, service: str, data: dict, source: str) -> str:
        self._pending = []
        try:
            with self.store.write():
                message = self._call(self._require(entity_id), service, data, source)
        except BaseException:
            self._pending = []
            self.reload()  # what is in memory follows what was saved
            raise
        self._flush()
        return message

    def _call(self, e: Entity, service: str, data: dict, source: str) -> str:
        a = dict(e.attributes)
        now = self._now()
        d = e.domain
        if d in ("light", "switch"):
            on = {"turn_on": True, "turn_off": False, "toggle": e.state != "on"}.get(service)
            if on is None:
                raise InvalidValue(f"{e.name} can't {service}.")
            if "brightness_pct" in data:
                a["brightness"] = max(1, round(data["brightness_pct"] * 255 / 100))
            if "rgb_color" in data:
                a["rgb_color"] = list(data["rgb_color"])
            if e.device_class == "ev_charger":
                a["power_kw"] = 7.4 if on else 0.0
            self._put(e, "on" if on else "off", a, source)
            if e.device_class == "ev_charger":
                return f"{e.name}: {'charging' if on else 'stopped'}."
            extra = f" at {data['brightness_pct']} %" if "brightness_pct" in data else ""
            return f"{e.name} {'on' if on else 'off'}{extra}."
        if d == "cover":
            travel = GARAGE_TRAVEL_S if e.device_class in ("garage", "gate", "door") else BLIND_TRAVEL_S
            pos = a.get("current_position", 0)
            if service == "open_cover":
                target = 100
            elif service == "close_cover":
                target = 0
            elif service == "set_cover_position":
                target = int(data["position"])
            elif service == "stop_cover":
                if e.state not in ("opening", "closing"):
                    return f"{e.name} is not moving."
                self._settle_cover(e, now)
                e = self._entities[e.entity_id]
                a = dict(e.attributes)
                a.pop("target_position", None)
                self._put(e, "stopped" if 0 < a["current_position"] < 100 else ("open" if a["current_position"] else "closed"), a, source)
                return f"{e.name} stopped at {a['current_position']} %."
            else:
                raise InvalidValue(f"{e.name} can't {service}.")
            if e.state in ("opening", "closing"):
                self._settle_cover(e, now)
                e = self._entities[e.entity_id]
                a = dict(e.attributes)
                pos = a.get("current_position", 0)
            if pos == target:
                return f"{e.name} is already {'open' if target else 'closed'}." if target in (0, 100) else \
                    f"{e.name} is already at {target} %."
            a.update(target_position=target, moved_at=now, rate=100.0 / travel)
            state = "opening" if target > pos else "closing"
            self._put(e, state, a, source)
            self._cover_contacts(self._entities[e.entity_id], source)
            return f"{e.name} {state}."
        if d == "lock":
            if service not in ("lock", "unlock"):
                raise InvalidValue(f"{e.name} can't {service}.")
            want = "locked" if service == "lock" else "unlocked"
            if e.state == want:
                return f"{e.name} is already {want}."
            jam = e.entity_id in self._jam_next or self.rng.random() < JAM_CHANCE
            self._jam_next.discard(e.entity_id)
            a.update(target=want, until=now + LOCK_S, jam=jam)
            self._put(e, "locking" if service == "lock" else "unlocking", a, source)
            return f"{e.name} {'locking' if service == 'lock' else 'unlocking'}."
        if d == "alarm_control_panel":
            if service == "alarm_disarm":
                a.pop("until", None)
                a.pop("target", None)
                if e.state == "disarmed":
                    return "The alarm is already off."
                self._put(e, "disarmed", a, source)
                return "Alarm disarmed."
            if service in ("alarm_arm_away", "alarm_arm_home", "alarm_arm_night"):
                target = service.replace("alarm_arm_", "armed_")
                if e.state == target:
                    return f"The alarm is already {target.replace('_', ' ')}."
                open_ones = [x.name for x in self._entities.values()
                             if x.domain == "binary_sensor" and x.state == "on" and x.device_class in ("door", "window")]
                a.update(target=target, until=now + ARMING_S)
                self._put(e, "arming", a, source)
                warn = f" ({', '.join(open_ones)} open)" if open_ones else ""
                return f"Alarm arming ({target.replace('armed_', '')}){warn}."
            if service == "alarm_trigger":
                self._put(e, "triggered", a, source)
                return "Alarm triggered."
            raise InvalidValue(f"The alarm can't {service}.")
        if d == "climate":
            if service == "set_temperature":
                a["temperature"] = data["temperature"]
                self._put(e, e.state, self._climate_action(e.state, a), source)
                self._changed_attrs(e, source)
                return f"{e.name} set to {data['temperature']:g} °C."
            if service == "set_hvac_mode":
                self._put(e, data["hvac_mode"], self._climate_action(data["hvac_mode"], a), source)
                return f"{e.name} {data['hvac_mode']}."
            raise InvalidValue(f"{e.name} can't {service}.")
        if d == "number":
            if service != "set_value":
                raise InvalidValue(f"{e.name} can't {service}.")
            value = data["value"]
            self._put(e, f"{value:g}" if isinstance(value, float) else str(value), a, source)
            self._changed_attrs(e, source)
            return f"{e.name} {value:g} {a.get('unit_of_measurement', '')}".rstrip() + "."
        if d == "event":
            if service == "ring":
                self._ring(e, source)
                return f"{e.name} rang."
            if service == "ring_often":
                a["every_s"] = int(data["every_s"])
                self._put(e, e.state, a, source)
                return f"{e.name} rings about every {a['every_s']} s." if a["every_s"] else f"{e.name} quiet."
        raise NotAllowed(f"{e.name} only reports; it takes no commands.")

    def _changed_attrs(self, old: Entity, source: str) -> None:
        """An attribute-only change (target temperature, charge limit) is announced too."""
        new = self._entities[old.entity_id]
        if new.state == old.state:
            self._pending.append((old, new, source))

    @staticmethod
    def _climate_action(mode: str, a: dict) -> dict:
        cur, tgt = a.get("current_temperature", 20.0), a.get("temperature", 20.0)
        if mode == "off":
            a["hvac_action"] = "off"
        elif mode in ("heat", "auto") and cur < tgt - 0.05:
            a["hvac_action"] = "heating"
        elif mode in ("cool", "auto") and cur > tgt + 0.05:
            a["hvac_action"] = "cooling"
        else:
            a["hvac_action"] = "idle"
        return a

    def _ring(self, e: Entity, source: str) -> None:
        at = datetime.fromtimestamp(self._now(), timezone.utc).astimezone().isoformat(timespec="seconds")
        self._put(e, at, dict(e.attributes, event_type="ring"), source)

    def _cover_contacts(self, cover: Entity, source: str) -> None:
        for x in self._entities.values():
            if x.domain == "binary_sensor" and x.entity_id == cover.entity_id.replace("cover.", "binary_sensor.") + "_contact":
                want = "off" if cover.state == "closed" else "on"
                if x.state != want:
                    self._put(x, want, x.attributes, source)

    def _after_contact(self, contact: Entity, source: str) -> None:
        """An armed alarm goes to pending when a door or window opens."""
        if contact.domain != "binary_sensor" or contact.state != "on":
            return
        for alarm in [x for x in self._entities.values() if x.domain == "alarm_control_panel"]:
            if alarm.state in ("armed_away", "armed_home", "armed_night") and (
                    alarm.state == "armed_away" or contact.device_class in ("door", "window", "garage_door")):
                self._put(alarm, "pending", dict(alarm.attributes, until=self._now() + ENTRY_DELAY_S,
                                                   tripped_by=contact.name.replace(" contact", "")), source)

    def _settle_cover(self, e: Entity, now: float) -> None:
        a = dict(e.attributes)
        target = a.get("target_position")
        if target is None:
            return
        start = a.get("current_position", 0)
        moved = (now - a.get("moved_at", now)) * a.get("rate", 10.0)
        pos = min(target, start + moved) if target > start else max(target, start - moved)
        a["current_position"] = int(round(pos))
        a["moved_at"] = now
        if a["current_position"] == target:
            a.pop("target_position", None)
            a.pop("moved_at", None)
            a.pop("rate", None)
            state = "open" if target > 0 else "closed"
            if e.device_class not in ("garage", "gate", "door") and 0 < target < 100:
                state = "open"
        else:
            state = e.state
        self._put(e, state, a, "simulator")

    def tick(self) -> None:
        now = self._now()
        dt = max(0.0, now - self._last_tick)
        self._last_tick = now
        if dt <= 0:
            return
        self._pending = []
        busy = [e for e in self._entities.values() if self._moving(e) or (e.domain == "climate" and self._drifting(e))
                or (e.domain == "event" and e.attributes.get("every_s"))]
        if not busy:
            return
        try:
            self._tick_write(busy, now, dt)
        except BaseException:
            self._pending = []
            self.reload()
            raise
        self._flush()

    def _tick_write(self, busy: list, now: float, dt: float) -> None:
        with self.store.write():
            for e in busy:
                e = self._entities[e.entity_id]
                if e.domain == "cover" and e.attributes.get("target_position") is not None:
                    self._settle_cover(e, now)
                    self._cover_contacts(self._entities[e.entity_id], "simulator")
                elif e.domain == "lock" and e.attributes.get("until") and now >= e.attributes["until"]:
                    a = dict(e.attributes)
                    jam = a.pop("jam", False)
                    target = a.pop("target", "locked")
                    a.pop("until", None)
                    self._put(e, "jammed" if jam else target, a, "simulator")
                elif e.domain == "alarm_control_panel" and e.attributes.get("until") and now >= e.attributes["until"]:
                    a = dict(e.attributes)
                    a.pop("until", None)
                    if e.state == "arming":
                        self._put(e, a.pop("target", "armed_away"), a, "simulator")
                    elif e.state == "pending":
                        self._put(e, "triggered", a, "simulator")
                elif e.domain == "climate":
                    self._drift(e, dt)
                elif e.domain == "event" and e.attributes.get("every_s"):
                    if self.rng.random() < min(1.0, dt / e.attributes["every_s"]):
                        self._ring(e, "simulator")

    @staticmethod
    def _drifting(e: Entity) -> bool:
        cur = float(e.attributes.get("current_temperature", 20.0))
        tgt = float(e.attributes.get("temperature", 20.0))
        if e.state == "off" or (e.state == "heat" and cur > tgt) or (e.state == "cool" and cur < tgt):
            return abs(cur - (16.0 if e.state != "cool" else 26.0)) > 0.01
        return abs(cur - tgt) > 0.01

    @staticmethod
    def _moving(e: Entity) -> bool:
        return e.state in ("opening", "closing", "locking", "unlocking", "arming", "pending")

    def _drift(self, e: Entity, dt: float) -> None:
        a = dict(e.attributes)
        cur, tgt = float(a.get("current_temperature", 20.0)), float(a.get("temperature", 20.0))
        if e.state == "off":
            goal, rate = 16.0, IDLE_RATE
        elif (e.state == "heat" and cur < tgt) or (e.state == "cool" and cur > tgt) or e.state == "auto":
            goal, rate = tgt, HEAT_RATE
        else:
            goal, rate = 16.0 if e.state == "heat" else 26.0, IDLE_RATE
        step = rate * dt
        new = cur + max(-step, min(step, goal - cur))
        if e.state in ("heat", "auto") and cur <= tgt:
            new = min(new, tgt) if goal == tgt else new
        if round(new, 1) == round(cur, 1):
            a["current_temperature"] = new
            self._entities[e.entity_id] = replace(e, attributes=a)  # below display precision: memory only
            return
        a["current_temperature"] = round(new, 2)
        self._put(e, e.state, self._climate_action(e.state, a), "simulator")
        for s in self._entities.values():
            if s.domain == "sensor" and s.attributes.get("follows") == e.entity_id:
                text = f"{new:.1f}"
                if s.state != text:
                    self._put(s, text, s.attributes, "simulator")


# ============================================================================ the domain: controller.home
@dataclass(frozen=True)
class Room:
    name: str
    entities: list


@dataclass(frozen=True)
class FavouriteView:
    slot: int
    kind: str  # "entity" | "scene"
    target: str
    label: str
    state: str


@dataclass(frozen=True)
class Scene:
    id: int
    name: str
    profile_id: int | None
    actions: list
    builtin: bool

    def summary(self) -> str:
        return f"{len(self.actions)} action{'s' if len(self.actions) != 1 else ''}"


class Home:
    """controller.home"""

    def __init__(self, controller) -> None:
        self.c = controller
        store = controller.store
        if store.home.place() is None:
            with store.write():
                seed_demo_home(store, controller.clock.now().timestamp())
        self.backend: HomeBackend = SimulatedHome(store, controller.clock)
        self.backend.on_change = self._backend_changed
        self._open_since: dict[str, float] = {}
        self._told: set[str] = set()
        controller.subscribe(self._on_event)

    # ---------------------------------------------------------------- reading
    def hidden(self) -> bool:
        return bool(self.c.get(VALET, False))

    def place(self):
        return self.c.store.home.place()

    def devices(self) -> list[Entity]:
        """Every device (entity), in the home's order; none in valet mode."""
        if self.hidden():
            return []
        return self.backend.entities()

    entities = devices

    def device(self, ref: str) -> Entity:
        """A device by entity_id, object id ("garage_door") or name ("Garage door"), case-insensitive."""
        if self.hidden():
            raise NotAllowed(VALET_HIDDEN)
        if not isinstance(ref, str) or not ref.strip():
            raise UnknownName("Say which device.")
        key = ref.strip().lower()
        items = self.backend.entities()
        for e in items:
            if e.entity_id == key or e.object_id == key.replace(" ", "_") or e.name.lower() == key:
                return e
        starts = [e for e in items if e.name.lower().startswith(key)]
        if len(starts) == 1:
            return starts[0]
        if len(starts) > 1:
            raise UnknownName(f"'{ref}' could be: {', '.join(e.name for e in starts[:4])}.")
        raise UnknownName(f"There is no device called '{ref}' at home. `smartcockpit home list` shows them.")

    def rooms(self) -> list[Room]:
        rooms: dict[str, list] = {}
        for e in self.devices():
            rooms.setdefault(e.room or "Other", []).append(e)
        return [Room(name, items) for name, items in rooms.items()]

    def actions(self, ref) -> list[Action]:
        return actions_for(self.device(ref) if isinstance(ref, str) else ref)

    def state_text(self, entity: Entity) -> str:
        """The device's state in the driver's units."""
        return state_text(entity, self.c.unit("TemperatureUnit"))

    def distance_text(self, metres: float | None = None) -> str:
        """How far the car is from home (or any distance) in the driver's unit."""
        return distance_text(self.distance_m() if metres is None else metres, self.c.unit("DistanceUnit"))

    def distance_m(self) -> float | None:
        place = self.place()
        lat, lon = self.c.get(LAT), self.c.get(LON)
        if place is None or lat is None or lon is None:
            return None
        return distance_m(float(lat), float(lon), place.latitude, place.longitude)

    def near(self) -> bool:
        d = self.distance_m()
        place = self.place()
        return d is not None and place is not None and d <= place.near_m

    def summary(self) -> str:
        """One line for the home-screen tile (at most 24 characters)."""
        if self.hidden():
            return "hidden (valet)"
        garage = self.backend.get("cover.garage_door")
        lights = sum(1 for e in self.backend.entities() if e.domain == "light" and e.state == "on")
        text = f"{lights} light{'s' if lights != 1 else ''} on"
        if garage is not None:
            text = f"Garage {garage.state}" + (f", {lights} lit" if lights else "")
        return text[:24]

    # ---------------------------------------------------------------- safety
    def needs_pin(self, ref, action: str) -> bool:
        """True when this action is a security action here and now (unlock, disarm, garage from afar)."""
        e = self.device(ref) if isinstance(ref, str) else ref
        act = find_action(e, action)
        return self._sensitive(e, act) is not None

    def _sensitive(self, e: Entity, act: Action) -> str | None:
        if e.domain == "lock" and act.name == "unlock":
            return f"unlock the {e.name.lower()}"
        if e.domain == "alarm_control_panel" and act.name == "disarm":
            return "disarm the alarm"
        if e.domain == "cover" and e.device_class in ("garage", "gate") and act.name in ("open", "position"):
            if not self.near():
                return f"open the {e.name.lower()} from {self.distance_text()} away"
        return None

    def refusal(self, ref, action: str, source: str = "ui") -> str | None:
        """Why this action can't be done now (valet, reachability, remote access, permission), before
        any PIN is asked; None when it can."""
        try:
            self._rules(ref, action, source)
        except CockpitError as exc:
            return str(exc)
        return None

    def ask_first(self, ref, action: str) -> str | None:
        """The question a screen asks before a sensitive action (default No), or None."""
        e = self.device(ref) if isinstance(ref, str) else ref
        act = find_action(e, action)
        if e.domain == "cover" and e.device_class in ("garage", "gate") and act.name == "open":
            return f"Open the {e.name.lower()}?"
        if e.domain == "lock" and act.name == "unlock":
            return f"Unlock the {e.name.lower()}?"
        if e.domain == "alarm_control_panel" and act.name == "disarm":
            return "Disarm the alarm?"
        return None

    def authority_action(self, e: Entity, act: Action) -> str | None:
        """The authority's name for a security action on this device here and now, or None."""
        if e.domain == "lock" and act.name == "unlock":
            return "home.unlock"
        if e.domain == "alarm_control_panel" and act.name == "disarm":
            return "home.disarm"
        if e.domain == "cover" and e.device_class in ("garage", "gate") and act.name in ("open", "position"):
            if not self.near():
                return "home.garage"
        return None

    def _rules(self, ref, action: str, source: str):
        if self.hidden():
            raise NotAllowed(VALET_HIDDEN)
        e = self.device(ref) if isinstance(ref, str) else ref
        act = find_action(e, action)
        if not self.backend.available:
            raise NotAllowed("The home is not reachable right now.")
        if not self.near():
            block = self.c.feature_block("home.remote_access")
            if block:
                raise NotAllowed(block)
        what = self._sensitive(e, act)
        if what is not None:  # the one authority decides (rights, routines, valet, lockouts)
            decision = self.c.authority.decide(self.authority_action(e, act), source=source, doing=what)
            if decision.refused:
                raise NotAllowed(decision.reason)
        return e, act, what

    def decision(self, ref, action: str, source: str = "ui"):
        """The authority's answer for this device action (None: no security action)."""
        e = self.device(ref) if isinstance(ref, str) else ref
        act = find_action(e, action)
        name = self.authority_action(e, act)
        return None if name is None else self.c.authority.decide(name, source=source, doing=self._sensitive(e, act))

    def check(self, ref, action: str, value=None, pin: str | None = None, source: str = "ui"):
        """Every rule before a command; returns (entity, action, value). Raises with a sentence."""
        e, act, what = self._rules(ref, action, source)
        value = parse_value(e, act, value)
        if what is not None:
            self.c.authority.require(self.authority_action(e, act), pin=pin, source=source, doing=what)
        return e, act, value

    # ---------------------------------------------------------------- commands
    def do(self, ref, action: str, value=None, pin: str | None = None, source: str = "ui") -> str:
        """Carry out one action on one device; returns what happens, in a short sentence."""
        e, act, value = self.check(ref, action, value, pin, source)
        data = service_data(act, value)
        try:
            message = self.backend.call(e.entity_id, act.service, data, source)
        except CockpitError as exc:
            self._log(e.entity_id, act.service, data, source, f"refused: {exc}")
            raise
        self._log(e.entity_id, act.service, data, source, message)
        return message

    command = do

    def _log(self, entity_id: str, service: str, data: dict, source: str, result: str) -> None:
        with self.c.store.write():
            self.c.store.home.log(self.c.active_profile_id(), entity_id, service, data, source, result,
                                  self.c.clock.now().isoformat(timespec="seconds"))

    def primary(self, ref) -> str:
        """What Enter does on a device (toggle a light, open or close the garage, lock or unlock,
        arm or disarm, heating on or off); "" when the device only reports."""
        e = self.device(ref) if isinstance(ref, str) else ref
        s = e.state
        if e.domain in ("light", "switch"):
            if e.device_class == "ev_charger":
                return "stop" if s == "on" else "start"
            return "off" if s == "on" else "on"
        if e.domain == "cover":
            return "close" if s in ("open", "opening", "stopped") else "open"
        if e.domain == "lock":
            return "unlock" if s == "locked" else "lock"
        if e.domain == "alarm_control_panel":
            return "arm_away" if s == "disarmed" else "disarm"
        if e.domain == "climate":
            return "mode"
        if e.domain == "event":
            return "ring"
        return ""

    def primary_value(self, e: Entity, action: str):
        if e.domain == "climate" and action == "mode":
            return "off" if e.state != "off" else "heat"
        return None

    def adjust(self, ref, direction: int, source: str = "ui") -> str:
        """Left/Right on a device: brightness ±10 %, target ±0.5 °C, position ±10 %, limit ±step."""
        e = self.device(ref) if isinstance(ref, str) else ref
        a = e.attributes
        if e.domain == "light":
            pct = round(a.get("brightness", 255) * 100 / 255) if e.state == "on" else 0
            new = ((pct - 1) // 10) * 10 if direction < 0 else (pct // 10 + 1) * 10
            new = max(1, min(100, new))
            if direction < 0 and pct <= 10:
                return self.do(e, "off", source=source)
            return self.do(e, "brightness", new, source=source)
        if e.domain == "climate":
            tgt = float(a.get("temperature", 20)) + 0.5 * direction
            return self.do(e, "temperature", max(a.get("min_temp", 7), min(a.get("max_temp", 30), tgt)), source=source)
        if e.domain == "cover" and e.device_class not in ("garage", "gate", "door"):
            pos = int(a.get("target_position", a.get("current_position", 0)))
            return self.do(e, "position", max(0, min(100, pos + 10 * direction)), source=source)
        if e.domain == "number":
            step = a.get("step", 1)
            return self.do(e, "set", max(a.get("min", 0), min(a.get("max", 100), float(e.state) + step * direction)),
                           source=source)
        if e.domain == "alarm_control_panel" and e.state != "disarmed":
            raise InvalidValue("Disarm the alarm first to change how it is armed.")
        raise InvalidValue(f"{e.name}: Enter changes it.")

    # the names the assistant looks for
    def turn_on(self, device_id: str, source: str = "ui") -> str:
        e = self.device(device_id)
        return self.do(e, "start" if e.device_class == "ev_charger" else "on", source=source)

    def turn_off(self, device_id: str, source: str = "ui") -> str:
        e = self.device(device_id)
        return self.do(e, "stop" if e.device_class == "ev_charger" else "off", source=source)

    def set_light(self, device_id: str, brightness: int, source: str = "ui") -> str:
        return self.do(device_id, "brightness", brightness, source=source)

    def open(self, device_id: str, pin: str | None = None, source: str = "ui") -> str:
        return self.do(device_id, "open", pin=pin, source=source)

    def close(self, device_id: str, source: str = "ui") -> str:
        return self.do(device_id, "close", source=source)

    def lock(self, device_id: str, source: str = "ui") -> str:
        return self.do(device_id, "lock", source=source)

    def unlock(self, device_id: str, pin: str | None = None, source: str = "ui") -> str:
        return self.do(device_id, "unlock", pin=pin, source=source)

    def arm(self, device_id: str, mode: str = "away", source: str = "ui") -> str:
        return self.do(device_id, f"arm_{mode}", source=source)

    def disarm(self, device_id: str, pin: str | None = None, source: str = "ui") -> str:
        return self.do(device_id, "disarm", pin=pin, source=source)

    def set_temperature(self, device_id: str, value: float, source: str = "ui") -> str:
        return self.do(device_id, "temperature", value, source=source)

    # ---------------------------------------------------------------- favourites
    def favourites(self) -> list[FavouriteView]:
        if self.hidden():
            return []
        out = []
        scenes = {str(s.id): s for s in self.scenes()}
        for f in self.c.store.home.favourites():
            if f.kind == "entity":
                e = self.backend.get(f.target)
                if e is not None:
                    out.append(FavouriteView(f.slot, f.kind, f.target, e.name, self.state_text(e)))
            elif f.target in scenes:
                out.append(FavouriteView(f.slot, f.kind, f.target, scenes[f.target].name, "scene"))
        return out

    def is_favourite(self, kind: str, target: str) -> int | None:
        for f in self.c.store.home.favourites():
            if f.kind == kind and f.target == target:
                return f.slot
        return None

    def toggle_favourite(self, kind: str, target: str) -> str:
        """Add to the first free key 1-6, or remove when it is already a favourite."""
        if self.hidden():
            raise NotAllowed(VALET_HIDDEN)
        slot = self.is_favourite(kind, target)
        label = self.device(target).name if kind == "entity" else self.scene(target).name
        if slot is not None:
            with self.c.store.write():
                self.c.store.home.remove_favourite(slot)
            self.c.events.publish(HomeChanged("favourites"))
            return f"{label} is no longer a favourite."
        used = {f.slot for f in self.c.store.home.favourites()}
        free = [n for n in range(1, 7) if n not in used]
        if not free:
            raise NotAllowed("Six favourites already: remove one first.")
        with self.c.store.write():
            self.c.store.home.set_favourite(free[0], kind, target)
        self.c.events.publish(HomeChanged("favourites"))
        return f"{label} is favourite {free[0]}."

    def favourite(self, slot: int) -> FavouriteView:
        for f in self.favourites():
            if f.slot == slot:
                return f
        raise UnknownName(f"There is no favourite {slot}.")

    # ---------------------------------------------------------------- scenes
    def scenes(self) -> list[Scene]:
        if self.hidden():
            return []
        pid = self.c.active_profile_id()
        return [Scene(s.id, s.name, s.profile_id, s.actions, s.builtin) for s in self.c.store.home.scenes()
                if s.profile_id is None or s.profile_id == pid]

    def scene(self, ref) -> Scene:
        for s in self.scenes():
            if str(s.id) == str(ref) or s.name.lower() == str(ref).strip().lower():
                return s
        raise UnknownName(f"There is no scene called '{ref}'.")

    def scene_needs_pin(self, ref) -> bool:
        s = self.scene(ref)
        for step in s.actions:
            try:
                if self.needs_pin(step["device"], step["action"]):
                    return True
            except CockpitError:
                continue
        return False

    def run_scene(self, ref, pin: str | None = None, source: str = "ui") -> list[str]:
        """Every action of the scene; a device that refuses does not stop the others."""
        s = self.scene(ref)
        pin_ok = False
        if self.scene_needs_pin(s.id) and self.c.security.has_pin() and source != "routine":
            if pin is None:
                raise PinNeeded(f"Enter your PIN to run {s.name}.")
            self.c.authority.verify(f"profile:{self.c.active_profile_id()}", pin)
            pin_ok = True
        results = []
        for step in s.actions:
            try:
                e = self.device(step["device"])
                results.append(self.do(e, step["action"], step.get("value"), pin=pin if pin_ok else None,
                                       source=source))
            except CockpitError as exc:
                results.append(f"Skipped: {exc}")
        return results

    def save_scene_from_now(self, name: str, source: str = "ui") -> Scene:
        """A scene of the driver's own: the lights, blinds, switches and thermostat as they are now."""
        if self.c.restrictions().moving:
            raise NotAllowed("Make a scene when parked.")
        if self.hidden():
            raise NotAllowed(VALET_HIDDEN)
        name = (name or "").strip()
        if not name or len(name) > 30 or not name.isprintable():
            raise InvalidValue("A scene name is 1 to 30 letters.")
        if any(s.name.lower() == name.lower() for s in self.c.store.home.scenes()):
            raise InvalidValue(f"There is already a scene called {name}.")
        actions = []
        for e in self.backend.entities():
            if e.domain == "light":
                if e.state == "on":
                    actions.append({"device": e.entity_id, "action": "brightness",
                                    "value": round(e.attributes.get("brightness", 255) * 100 / 255)})
                else:
                    actions.append({"device": e.entity_id, "action": "off"})
            elif e.domain == "switch" and e.device_class != "ev_charger":
                actions.append({"device": e.entity_id, "action": e.state if e.state in ("on", "off") else "off"})
            elif e.domain == "cover" and e.device_class == "blind":
                actions.append({"device": e.entity_id, "action": "position",
                                "value": e.attributes.get("current_position", 0)})
            elif e.domain == "climate":
                actions.append({"device": e.entity_id, "action": "temperature",
                                "value": e.attributes.get("temperature", 20)})
        with self.c.store.write():
            sid = self.c.store.home.add_scene(name, actions, profile_id=self.c.active_profile_id())
        self.c.events.publish(HomeChanged("scenes"))
        return self.scene(sid)

    def delete_scene(self, ref) -> None:
        s = self.scene(ref)
        if s.builtin:
            raise NotAllowed(f"{s.name} comes with the car and stays.")
        with self.c.store.write():
            self.c.store.home.delete_scene(s.id)
        self.c.events.publish(HomeChanged("scenes"))

    # ---------------------------------------------------------------- time and events
    def tick(self) -> None:
        self.backend.tick()
        self._watch_open_doors()

    def _watch_open_doors(self) -> None:
        now = self.c.clock.now().timestamp()
        away = not self.near()
        for e in self.backend.entities():
            is_open = (e.domain == "binary_sensor" and e.state == "on" and e.device_class in ("door", "window")) or (
                e.domain == "cover" and e.device_class in ("garage", "gate") and e.state == "open")
            if not is_open:
                self._open_since.pop(e.entity_id, None)
                self._told.discard(e.entity_id)
                continue
            since = self._open_since.setdefault(e.entity_id, e.updated_at or now)
            limit = GARAGE_OPEN_NOTICE_S if e.domain == "cover" else DOOR_OPEN_NOTICE_S
            if away and now - since >= limit and e.entity_id not in self._told:
                self._told.add(e.entity_id)
                name = e.name.replace(" contact", "")
                self._notice(f"{name} has been open for {int((now - since) // 60)} min.", "warning")

    def _backend_changed(self, old: Entity | None, new: Entity, source: str) -> None:
        self.c.events.publish(EntityChanged(new.entity_id, old.state if old else None, new.state, source))
        if new.domain == "event" and new.state and (old is None or new.state != old.state):
            self._notice(f"{new.name}: someone is at the door.", "information")
        elif new.domain == "alarm_control_panel" and new.state != (old.state if old else None):
            if new.state == "triggered":
                self._notice("The alarm is going off at home!", "error")
            elif new.state == "pending":
                who = new.attributes.get("tripped_by", "a door")
                self._notice(f"Alarm: {who} opened. Disarm within {int(ENTRY_DELAY_S)} s.", "warning")
        elif new.domain == "lock" and new.state == "jammed":
            self._notice(f"{new.name} lock is jammed. Try again or check it.", "warning")
        elif new.domain == "binary_sensor" and new.state == "on" and new.device_class in ("door", "window") and \
                not self.near():
            self._notice(f"{new.name.replace(' contact', '')} opened at home.", "information")

    def _notice(self, text: str, severity: str) -> None:
        if self.hidden():
            return  # valet mode hides the home, its news included
        self.c.notice(text, severity)

    def _on_event(self, event) -> None:
        from tui.controller.events import ContextChanged

        if isinstance(event, ContextChanged) and event.what == "external":
            self.backend.reload()

    # ---------------------------------------------------------------- the place
    def set_place(self, latitude: float, longitude: float, near_m: float | None = None, name: str | None = None,
                  pin: str | None = None, source: str = "ui") -> None:
        """Owner only (the owner's PIN when set), parked, never in valet: where home is decides what
        "from afar" means for the garage."""
        self.c.authority.require("home.place", pin=pin, source=source)
        try:
            lat, lon = float(latitude), float(longitude)
        except (TypeError, ValueError):
            raise InvalidValue("A place is a latitude and a longitude in degrees.") from None
        if not (-90 <= lat <= 90 and -180 <= lon <= 180):
            raise InvalidValue("Latitude is -90 to 90 and longitude -180 to 180.")
        place = self.place()
        near = float(near_m if near_m is not None else place.near_m)
        if not 50 <= near <= 5000:
            raise InvalidValue("'Near home' is 50 to 5000 m.")
        with self.c.store.write():
            self.c.store.home.set_place(name or place.name, lat, lon, near, place.backend)
        self.c.events.publish(HomeChanged("place"))

    def set_here(self, pin: str | None = None, source: str = "ui") -> None:
        """Home is where the car is now."""
        lat, lon = self.c.get(LAT), self.c.get(LON)
        if lat is None or lon is None:
            raise NotOnThisCar("This car does not report where it is.")
        self.set_place(lat, lon, pin=pin, source=source)


__all__ = ["Home", "HomeBackend", "SimulatedHome", "Entity", "EntityChanged", "HomeChanged", "distance_m",
           "actions_for", "state_text", "Action"]
