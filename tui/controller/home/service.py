"""`Home` (``controller.home``): the rules of the driver's home, from the car.

Valet mode hides the home; unlocking a door, disarming the alarm and opening the garage from afar
need the home_security permission and the PIN; the "home.remote_access" feature gate applies when
the car is away from home; every command is logged; home events reach the car screen as short
notices. Favourites, scenes and the home's place live here too.
"""

from __future__ import annotations

from dataclasses import dataclass

from tui.controller.authority import PinNeeded
from tui.controller.errors import CockpitError, InvalidValue, NotAllowed, NotOnThisCar, UnknownName
from tui.controller.home.actions import (Action, Sensitive, actions_for, find_action, parse_value, pick_device,
                                         sensitive, service_data)
from tui.controller.home.backend import HomeBackend
from tui.controller.home.demo import seed_demo_home
from tui.controller.home.connection import ConnectionSettings, build_backend
from tui.controller.home.entities import (Entity, EntityChanged, HomeBatch, HomeChanged, distance_m, distance_text,
                                          state_text)
from tui.controller.home.simulated import ENTRY_DELAY_S

VALET = "Vehicle.Private.SmartCockpit.Valet.IsActive"
LAT = "Vehicle.CurrentLocation.Latitude"
LON = "Vehicle.CurrentLocation.Longitude"
VALET_HIDDEN = "The home is hidden in valet mode."
DOOR_OPEN_NOTICE_S = 300  # a door or window open this long while the car is away gets a notice
GARAGE_OPEN_NOTICE_S = 600


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


@dataclass(frozen=True)
class SceneStep:
    device: str
    action: str
    text: str  # what the device answered ("Garage door opening."), or why it was skipped
    skipped: bool = False


@dataclass(frozen=True)
class SceneRun:
    """What running a scene did: every step in the scene's order, done or skipped with its reason."""

    scene: str
    steps: tuple[SceneStep, ...]

    @property
    def done(self) -> list[str]:
        return [s.text for s in self.steps if not s.skipped]

    @property
    def skipped(self) -> list[SceneStep]:
        return [s for s in self.steps if s.skipped]

    def lines(self) -> list[str]:
        """One line a step, in order: what was done, or "Skipped <device>: <why>"."""
        return [f"Skipped {s.device}: {s.text}" if s.skipped else s.text for s in self.steps]

    def summary(self) -> str:
        """ "Good night: 5 done, 1 skipped (Front door is offline)." """
        skipped = self.skipped
        return f"{self.scene}: {len(self.steps) - len(skipped)} done" + (
            f", {len(skipped)} skipped ({skipped[0].text.rstrip('.')})." if skipped else ".")


class Home:
    """controller.home"""

    def __init__(self, controller) -> None:
        self.c = controller
        store = controller.store
        if store.home.place() is None:
            with store.write():
                seed_demo_home(store, controller.clock.now().timestamp())
        self.backend: HomeBackend = build_backend(controller)
        self._attach()
        self.connection = ConnectionSettings(self)
        self._open_since: dict[str, float] = {}
        self._told: set[str] = set()
        controller.subscribe(self._on_event)

    def _attach(self) -> None:
        self.backend.on_change = self._backend_changed
        if hasattr(self.backend, "on_batch"):
            self.backend.on_batch = self._backend_batch

    def use_backend(self) -> None:
        """The saved choice (or this run's --home) again: a new backend, the old one let go."""
        old = self.backend
        self.backend = build_backend(self.c)
        self._attach()
        old.stop()
        self.c.events.publish(HomeChanged("backend"))

    def stop(self) -> None:
        self.backend.stop()

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

    def device(self, ref: str) -> Entity:
        """A device by entity_id, object id ("garage_door") or name ("Garage door"), case-insensitive."""
        if self.hidden():
            raise NotAllowed(VALET_HIDDEN)
        if not isinstance(ref, str) or not ref.strip():
            raise UnknownName("Say which device.")
        key = ref.strip().lower()
        exact = self.backend.get(key) if "." in key else None
        if exact is not None:  # an entity id: no scan (a bridged home may hold thousands)
            return exact
        items = self.backend.entities()
        for e in items:
            if e.entity_id == key or e.object_id == key.replace(" ", "_") or e.name.lower() == key:
                return e
        starts = [e for e in items if e.name.lower().startswith(key)]
        if len(starts) == 1:
            return starts[0]
        if len(starts) > 1:
            raise UnknownName(f"'{ref}' could be: {', '.join(e.name for e in starts[:4])}.")
        if not self.backend.available:  # a bridged home whose broker can't be reached knows no devices
            raise NotAllowed(self.backend.unavailable_reason())
        raise UnknownName(f"There is no device called '{ref}' at home. `smartcockpit home list` shows them.")

    def device_for(self, ref, action: str) -> Entity:
        """The device `ref` means for `action` (actions.pick_device): "garage" + "open" = the door."""
        return pick_device(self.device, self.backend.entities, ref, action) if isinstance(ref, str) else ref

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
        if not self.backend.available:
            return "home offline"
        garage = self.backend.get("cover.garage_door")
        lights = sum(1 for e in self.backend.entities() if e.domain == "light" and e.state == "on")
        text = f"{lights} light{'s' if lights != 1 else ''} on"
        if garage is not None:
            text = f"Garage {garage.state}" + (f", {lights} lit" if lights else "")
        return text  # the tile fits it (cells, "…")

    # ---------------------------------------------------------------- safety
    def _security(self, e: Entity, act: Action) -> tuple[Sensitive, str] | None:
        """The row of the device-action table (actions.SENSITIVE) when this is a security action here
        and now (the garage only from afar), with what it is in words; None otherwise."""
        row = sensitive(e, act)
        if row is None or (row.from_afar and self.near()):
            return None
        distance = self.distance_text() if row.from_afar else ""
        return row, row.doing.format(name=e.name.lower(), distance=distance)

    def pin_for(self, ref, action: str) -> str | None:
        """What the PIN is asked for ("unlock the front door", "open the garage door from afar") when
        this is a security action here and now; None otherwise."""
        e = self.device_for(ref, action)
        found = self._security(e, find_action(e, action))
        return None if found is None else found[0].said.format(name=e.name.lower())

    def needs_pin(self, ref, action: str) -> bool:
        """True when this action is a security action here and now (unlock, disarm, garage from afar)."""
        return self.pin_for(ref, action) is not None

    def refusal(self, ref, action: str, source: str = "ui") -> str | None:
        """Why this action can't be done now (valet, reachability, remote access, permission), before
        any PIN is asked; None when it can."""
        try:
            self._rules(ref, action, source)
        except CockpitError as exc:
            return str(exc)
        return None

    def ask_first(self, ref, action: str) -> str | None:
        """The question asked before a sensitive action (default No), near home too, or None."""
        e = self.device_for(ref, action)
        row = sensitive(e, find_action(e, action))
        return None if row is None else row.question.format(name=e.name.lower())

    def authority_action(self, e: Entity, act: Action) -> str | None:
        """The authority's name for a security action on this device here and now, or None."""
        found = self._security(e, act)
        return None if found is None else found[0].authority

    def _rules(self, ref, action: str, source: str):
        if self.hidden():
            raise NotAllowed(VALET_HIDDEN)
        e = self.device_for(ref, action)
        act = find_action(e, action)
        if not self.backend.available:  # never queued: a security command fails here at once
            raise NotAllowed(self.backend.unavailable_reason())
        if not self.near():
            block = self.c.feature_block("home.remote_access")
            if block:
                raise NotAllowed(block)
        found = self._security(e, act)
        if found is not None:  # the one authority decides (rights, routines, valet, lockouts)
            decision = self.c.authority.decide(found[0].authority, source=source, doing=found[1])
            if decision.refused:
                raise NotAllowed(decision.reason)
        return e, act, found

    def decision(self, ref, action: str, source: str = "ui"):
        """The authority's answer for this device action (None: no security action)."""
        e = self.device_for(ref, action)
        found = self._security(e, find_action(e, action))
        return None if found is None else self.c.authority.decide(found[0].authority, source=source, doing=found[1])

    def check(self, ref, action: str, value=None, pin: str | None = None, source: str = "ui"):
        """Every rule before a command; returns (entity, action, value). Raises with a sentence."""
        e, act, found = self._rules(ref, action, source)
        value = parse_value(e, act, value, self.c.hmi_units())
        if found is not None:
            self.c.authority.require(found[0].authority, pin=pin, source=source, doing=found[1])
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

    def _log(self, entity_id: str, service: str, data: dict, source: str, result: str) -> None:
        with self.c.store.write():
            self.c.store.home.log(self.c.active_profile_id(), entity_id, service, data, source, result,
                                  self.c.clock.now().isoformat(timespec="seconds"))

    def primary(self, ref) -> str:
        """What Enter does on a device (toggle a light, open or close the garage, lock or unlock,
        arm or disarm, heating on or off); "" when the device only reports."""
        e = self.device(ref) if isinstance(ref, str) else ref
        s = e.state
        if e.domain == "button":
            return "press"
        if e.domain in ("light", "switch", "fan"):
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

    # shortcuts (the assistant's switches: an EV charger's on is "start")
    def turn_on(self, device_id: str, source: str = "ui") -> str:
        e = self.device(device_id)
        return self.do(e, "start" if e.device_class == "ev_charger" else "on", source=source)

    def turn_off(self, device_id: str, source: str = "ui") -> str:
        e = self.device(device_id)
        return self.do(e, "stop" if e.device_class == "ev_charger" else "off", source=source)

    def open(self, device_id: str, pin: str | None = None, source: str = "ui") -> str:
        return self.do(device_id, "open", pin=pin, source=source)

    def arm(self, device_id: str, mode: str = "away", source: str = "ui") -> str:
        return self.do(device_id, f"arm_{mode}", source=source)

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
    def scenes(self, in_valet: bool = False) -> list[Scene]:
        """The driver's scenes; none in valet mode unless in_valet (the assistant still knows "run
        good night" is a scene, to answer that the home is hidden)."""
        if self.hidden() and not in_valet:
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

    def run_scene(self, ref, pin: str | None = None, source: str = "ui") -> SceneRun:
        """Every action of the scene; a device that refuses is skipped (with why) and does not stop
        the others."""
        s = self.scene(ref)
        pin_ok = False
        if self.scene_needs_pin(s.id) and self.c.security.has_pin() and source != "routine":
            if pin is None:
                raise PinNeeded(f"Enter your PIN to run {s.name}.")
            self.c.authority.verify(f"profile:{self.c.active_profile_id()}", pin)
            pin_ok = True
        steps = []
        with self.c.user_action(f"the {s.name} scene", source, undoable=False,  # Ctrl+Z stops here, saying why
                                why_not=f"Undo does not take back the {s.name} scene at home; change the devices in Home."):
            for step in s.actions:
                device, action = str(step.get("device")), str(step.get("action"))
                try:
                    e = self.device(device)
                    text = self.do(e, action, step.get("value"), pin=pin if pin_ok else None, source=source)
                    steps.append(SceneStep(device, action, text))
                except CockpitError as exc:
                    steps.append(SceneStep(device, action, str(exc), skipped=True))
        return SceneRun(s.name, tuple(steps))

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

    def _backend_batch(self, changes: list) -> None:
        """A bridged home's burst: one event for all of it, then the notices it calls for."""
        events = tuple(EntityChanged((new or old).entity_id, old.state if old else None,
                                     new.state if new else "unavailable", source) for old, new, source in changes)
        self.c.events.publish(HomeBatch(events))
        for old, new, source in changes:
            if new is None:
                continue
            if source == "timeout" and new.attributes.get("unconfirmed"):
                self._notice(f"{new.name} did not answer ({new.attributes['unconfirmed']}).", "warning")
            elif old is not None and old.state not in ("unknown", "unavailable"):
                self._tell(old, new)  # not for what a device said when it was first heard

    def _backend_changed(self, old: Entity | None, new: Entity, source: str) -> None:
        self.c.events.publish(EntityChanged(new.entity_id, old.state if old else None, new.state, source))
        self._tell(old, new)

    def _tell(self, old: Entity | None, new: Entity) -> None:
        """The notices a device's change calls for (a doorbell, the alarm, a jammed lock...)."""
        if new.domain == "event" and new.state and (old is None or new.state != old.state):
            self._notice(f"{new.name}: someone is at the door.", "information")
        elif new.domain == "alarm_control_panel" and new.state != (old.state if old else None):
            if new.state == "triggered":
                self._notice("The alarm is going off at home!", "error", "alarm")
            elif new.state == "pending":
                who = new.attributes.get("tripped_by", "a door")
                self._notice(f"Alarm: {who} opened. Disarm within {int(ENTRY_DELAY_S)} s.", "warning")
        elif new.state == "unavailable" and old is not None and old.state not in ("unknown", "unavailable"):
            self._notice(f"{new.name} went offline.", "warning", "offline")
        elif new.domain == "lock" and new.state == "jammed":
            self._notice(f"{new.name} lock is jammed. Try again or check it.", "warning")
        elif new.domain == "binary_sensor" and new.state == "on" and new.device_class in ("door", "window") and \
                not self.near():
            self._notice(f"{new.name.replace(' contact', '')} opened at home.", "information")

    def _notice(self, text: str, severity: str, kind: str = "home") -> None:
        if self.hidden():
            return  # valet mode hides the home, its news included
        self.c.notice(text, severity)
        if severity != "information":  # a warning or an alarm is kept in the alert centre (issue 17)
            self.c.alerts.raise_("home", kind, text, severity)

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
