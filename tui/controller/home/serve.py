"""`smartcockpit home serve`: the simulated home published as MQTT devices with Home Assistant
discovery, so a car (another process, `--home mqtt://...`) or a Home Assistant pointed at the same
broker controls it end to end.

Each device is announced per entity (retained) as its own HA device in its room, its state
retained on `smartcockpit/home/<object_id>/...`, one availability topic with a last will. The
commands that arrive (on the network thread) are queued and carried out on the serving thread,
where the controller and its SQLite connection live, by the simulated home itself (what a real
device does when told); every state that changed since is published again. Configs and states
are re-announced on every reconnect and when `homeassistant/status` says `online`.
"""

from __future__ import annotations

import json
import logging
import queue
import time

from tui.controller.errors import CockpitError

log = logging.getLogger("smartcockpit.home.serve")

BASE = "smartcockpit/home"
AVAILABILITY = f"{BASE}/availability"
ORIGIN = {"name": "SmartCockpit", "sw": "0.1"}
SERVED = ("light", "cover", "lock", "alarm_control_panel", "climate", "switch", "number", "sensor", "binary_sensor")


def _topic(entity_id: str, leaf: str) -> str:
    return f"{BASE}/{entity_id.split('.', 1)[1]}/{leaf}"


def config_of(e) -> tuple[str, dict] | None:
    """(config topic, config) for one entity of the simulated home; None for what HA's MQTT
    discovery has no component for here (the doorbell event)."""
    if e.domain not in SERVED:
        return None
    oid = e.object_id
    c: dict = {"name": None, "unique_id": f"smartcockpit_home_{oid}", "default_entity_id": e.entity_id,
               "availability_topic": AVAILABILITY, "origin": ORIGIN,
               "device": {"identifiers": [f"smartcockpit_home_{oid}"], "name": e.name, "suggested_area": e.room,
                          "manufacturer": "SmartCockpit", "model": "Simulated home"}}
    if e.device_class:
        c["device_class"] = e.device_class
    state, cmd = _topic(e.entity_id, "state"), _topic(e.entity_id, "set")
    d = e.domain
    if d == "light":
        c.update(schema="json", state_topic=state, command_topic=cmd, brightness=True, brightness_scale=100,
                 supported_color_modes=["rgb"] if "rgb_color" in e.attributes else ["brightness"])
    elif d == "cover":
        c.update(state_topic=state, command_topic=cmd, position_topic=_topic(e.entity_id, "position"))
        if e.device_class not in ("garage", "gate", "door"):
            c["set_position_topic"] = _topic(e.entity_id, "position/set")
    elif d == "lock":
        c.update(state_topic=state, command_topic=cmd)
    elif d == "alarm_control_panel":
        c.update(state_topic=state, command_topic=cmd, supported_features=["arm_home", "arm_away", "arm_night"])
    elif d == "climate":
        c.update(mode_state_topic=_topic(e.entity_id, "mode"), mode_command_topic=_topic(e.entity_id, "mode/set"),
                 temperature_state_topic=_topic(e.entity_id, "target"),
                 temperature_command_topic=_topic(e.entity_id, "target/set"),
                 current_temperature_topic=_topic(e.entity_id, "current"), action_topic=_topic(e.entity_id, "action"),
                 modes=list(e.attributes.get("hvac_modes", ["off", "heat"])), min_temp=e.attributes.get("min_temp", 7),
                 max_temp=e.attributes.get("max_temp", 30), precision=0.5, temperature_unit="C")
    elif d == "switch":
        c.update(state_topic=state, command_topic=cmd)
    elif d == "number":
        c.update(state_topic=state, command_topic=cmd, min=e.attributes.get("min", 0), max=e.attributes.get("max", 100),
                 step=e.attributes.get("step", 1))
        if e.attributes.get("unit_of_measurement"):
            c["unit_of_measurement"] = e.attributes["unit_of_measurement"]
    elif d in ("sensor", "binary_sensor"):
        c["state_topic"] = state
        if e.attributes.get("unit_of_measurement"):
            c["unit_of_measurement"] = e.attributes["unit_of_measurement"]
    return f"homeassistant/{d}/smartcockpit_home_{oid}/config", c


def states_of(e) -> dict[str, str]:
    """topic -> payload of an entity's state now (published retained)."""
    a, s, d = e.attributes, e.state, e.domain
    if d == "light":
        body = {"state": "ON" if s == "on" else "OFF", "brightness": round(a.get("brightness", 255) * 100 / 255)}
        if "rgb_color" in a:
            r, g, b = a["rgb_color"]
            body.update(color_mode="rgb", color={"r": r, "g": g, "b": b})
        return {_topic(e.entity_id, "state"): json.dumps(body)}
    if d == "cover":
        return {_topic(e.entity_id, "state"): s if s in ("open", "opening", "closed", "closing", "stopped") else "open",
                _topic(e.entity_id, "position"): str(int(a.get("current_position", 0)))}
    if d == "lock":
        return {_topic(e.entity_id, "state"): s.upper()}
    if d == "climate":
        return {_topic(e.entity_id, "mode"): s, _topic(e.entity_id, "target"): f"{float(a.get('temperature', 20)):g}",
                _topic(e.entity_id, "current"): f"{float(a.get('current_temperature', 20)):.1f}",
                _topic(e.entity_id, "action"): a.get("hvac_action", "idle")}
    if d in ("switch", "binary_sensor"):
        return {_topic(e.entity_id, "state"): "ON" if s == "on" else "OFF"}
    if d in ("alarm_control_panel", "number", "sensor"):
        return {_topic(e.entity_id, "state"): s}
    return {}


def command_of(e, leaf: str, payload: str) -> tuple[str, dict] | None:
    """The service (and data) a command payload asks of the entity; None: not understood."""
    d, p = e.domain, payload.strip()
    if d == "light" and leaf == "set":
        try:
            body = json.loads(p)
        except ValueError:
            return None
        if not isinstance(body, dict):
            return None
        if body.get("state") == "OFF":
            return "turn_off", {}
        data = {}
        if isinstance(body.get("brightness"), (int, float)):
            data["brightness_pct"] = max(1, min(100, round(body["brightness"])))
        col = body.get("color")
        if isinstance(col, dict) and all(isinstance(col.get(k), int) for k in "rgb"):
            data["rgb_color"] = [col["r"], col["g"], col["b"]]
        return "turn_on", data
    if d == "cover":
        if leaf == "position/set":
            try:
                return "set_cover_position", {"position": max(0, min(100, int(float(p))))}
            except ValueError:
                return None
        return {"OPEN": ("open_cover", {}), "CLOSE": ("close_cover", {}), "STOP": ("stop_cover", {})}.get(p)
    if d == "lock":
        return {"LOCK": ("lock", {}), "UNLOCK": ("unlock", {})}.get(p)
    if d == "alarm_control_panel":
        return {"ARM_AWAY": ("alarm_arm_away", {}), "ARM_HOME": ("alarm_arm_home", {}),
                "ARM_NIGHT": ("alarm_arm_night", {}), "DISARM": ("alarm_disarm", {})}.get(p)
    if d == "switch":
        return {"ON": ("turn_on", {}), "OFF": ("turn_off", {})}.get(p)
    if d == "climate":
        if leaf == "mode/set" and p in e.attributes.get("hvac_modes", []):
            return "set_hvac_mode", {"hvac_mode": p}
        if leaf == "target/set":
            try:
                t = float(p)
            except ValueError:
                return None
            lo, hi = e.attributes.get("min_temp", 7), e.attributes.get("max_temp", 30)
            return ("set_temperature", {"temperature": round(t * 2) / 2}) if lo <= t <= hi else None
    if d == "number" and leaf == "set":
        try:
            v = float(p)
        except ValueError:
            return None
        lo, hi = e.attributes.get("min", 0), e.attributes.get("max", 100)
        return ("set_value", {"value": int(v) if v.is_integer() else v}) if lo <= v <= hi else None
    return None


class HomeServer:
    """Serves controller.home's simulated home on a broker. run() on the thread that owns the
    controller; stop() from anywhere."""

    def __init__(self, controller, settings, *, min_backoff: float | None = None) -> None:
        from tui.controller.net.mqtt import BrokerUnreachable, MqttLink

        self.c = controller
        self.inbox: queue.Queue = queue.Queue()
        self.published: dict[str, str] = {}
        self.handled = 0
        self._running = True
        kw = {} if min_backoff is None else {"min_backoff": min_backoff, "max_backoff": max(min_backoff * 4, 0.5)}
        self.link = MqttLink(settings, on_message=lambda t, p, r: self.inbox.put((t, p)),
                             on_state=lambda up: self.inbox.put((None, up)), will=(AVAILABILITY, "offline", True),
                             birth=(AVAILABILITY, "online", True), **kw)
        self.link.subscribe(f"{BASE}/+/set")
        self.link.subscribe(f"{BASE}/+/+/set")
        self.link.subscribe("homeassistant/status")

    def entities(self):
        return self.c.home.backend.entities()

    def announce(self) -> None:
        """Every config and state again (retained)."""
        for e in self.entities():
            found = config_of(e)
            if found is not None:
                self.link.publish(found[0], json.dumps(found[1]), retain=True)
        self.published = {}
        self.publish_states()

    def publish_states(self) -> int:
        sent = 0
        for e in self.entities():
            for topic, payload in states_of(e).items():
                if self.published.get(topic) != payload:
                    self.link.publish(topic, payload, retain=True)
                    self.published[topic] = payload
                    sent += 1
        return sent

    def handle(self, topic: str, payload: bytes) -> None:
        if topic == "homeassistant/status":
            if payload.strip() == b"online":
                self.announce()
            return
        rest = topic[len(BASE) + 1:].split("/", 1)
        if len(rest) != 2:
            return
        entity = next((e for e in self.entities() if e.object_id == rest[0]), None)
        if entity is None:
            return
        try:
            wanted = command_of(entity, rest[1], payload.decode("utf-8", "replace"))
        except (TypeError, ValueError):
            wanted = None
        if wanted is None:
            log.warning("home serve: %s does not understand %r on %s", entity.entity_id, payload[:40], topic)
            return
        try:
            self.c.home.backend.call(entity.entity_id, wanted[0], wanted[1], "mqtt")
            self.handled += 1
        except CockpitError as exc:
            log.info("home serve: %s refused %s: %s", entity.entity_id, wanted[0], exc)
        for key in states_of(entity):  # a device answers every command with its state, changed or not
            self.published.pop(key, None)

    def run(self, duration: float | None = None, tick_s: float = 0.25, first_connect_s: float = 10.0,
            on_serving=None) -> None:
        """Serve until stop() (or for `duration` seconds). A broker that cannot be reached at the
        start is an error (BrokerUnreachable), said at once; once connected, a broker that goes away
        is waited for (the link reconnects by itself with backoff)."""
        from tui.controller.net.mqtt import BrokerUnreachable

        self.link.start()
        if not self.link.wait_connected(first_connect_s if duration is None else min(first_connect_s, duration)):
            text = self.link.unreachable_text()
            self.link.stop()
            raise BrokerUnreachable(text)
        if on_serving is not None:
            on_serving()
        end = None if duration is None else time.monotonic() + duration
        next_tick = time.monotonic()
        while self._running and (end is None or time.monotonic() < end):
            try:
                topic, payload = self.inbox.get(timeout=tick_s)
            except queue.Empty:
                topic = payload = None
            try:
                if topic is None and payload is True:
                    self.announce()  # (re)connected: configs and states again
                elif topic is not None:
                    self.handle(topic, payload)
                    while not self.inbox.empty():  # the rest of the burst, then one publish
                        t, p = self.inbox.get_nowait()
                        if t is None:
                            if p is True:
                                self.announce()
                        else:
                            self.handle(t, p)
                if time.monotonic() >= next_tick:
                    next_tick = time.monotonic() + tick_s
                    self.c.home.tick()
                if self.link.connected:
                    self.publish_states()
            except CockpitError as exc:  # the broker went away mid-publish: it comes back by itself
                log.info("home serve: %s", exc)
        self.link.stop()

    def stop(self) -> None:
        self._running = False
