"""The embedded home, `SimulatedHome`, which behaves like the real thing: a garage door travels for
seconds through opening/open/closing/closed, a lock can jam, a thermostat drifts toward its target,
an armed alarm goes off when a door opens, the doorbell rings when asked to (now, or now and then).
Its time is `controller.clock`; its entities are kept in the database."""

from __future__ import annotations

import random
from dataclasses import replace
from datetime import datetime, timezone

from tui.controller.errors import InvalidValue, NotAllowed, UnknownName
from tui.controller.home.backend import HomeBackend
from tui.controller.home.entities import Entity
from tui.controller.units import temperature_text

GARAGE_TRAVEL_S = 12.0
BLIND_TRAVEL_S = 20.0
LOCK_S = 2.0
ARMING_S = 10.0
ENTRY_DELAY_S = 30.0
HEAT_RATE = 0.5 / 60  # °C per second toward the target while heating or cooling
IDLE_RATE = 0.1 / 60  # °C per second toward 16 °C with the heating off
JAM_CHANCE = 0.03


class SimulatedHome(HomeBackend):
    """The embedded home: entities kept in the database, moving in time with the controller's clock."""

    kind = "simulated"

    def __init__(self, store, clock, seed: int = 7, units=None) -> None:
        super().__init__()
        self.units = units  # the driver's units (controller.hmi_units), to answer in their °F
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
                t = data["temperature"]
                fahrenheit = self.units is not None and self.units().temperature == "F"
                return f"{e.name} set to {temperature_text(t, 'F') if fahrenheit else f'{t:g} °C'}."
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
