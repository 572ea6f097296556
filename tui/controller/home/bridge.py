"""`BridgedHome`: a real home over MQTT, behind the same `HomeBackend` interface as the simulation,
so favourites, scenes, routines, the assistant, the CLI and the authority's rules work the same.

- Devices come from Home Assistant discovery (tui/controller/home/discovery.py) under the
  discovery prefix; their state, position, brightness... topics are subscribed as they appear.
- The network thread (tui/controller/net/mqtt.py) only queues what arrives. `drain()` runs on the
  controller's thread: in the app it is scheduled on the app's event loop once per burst (one
  call for everything that arrived meanwhile), elsewhere `tick()` and the CLI's waits call it.
  One drain = one `on_batch` call = one controller event, however many devices changed.
- A command goes out on the device's command topic with its own payloads, never retained. The
  entity shows it as "sent" until its state confirms; after `confirm_timeout` it says so. Nothing
  is queued: while the broker is unreachable a command fails at once with a clear sentence (the
  Home domain refuses before it gets here; the link refuses too if the broker went away since).
- The broker away, or a device's availability offline, shows its entities "unavailable".
"""

from __future__ import annotations

import asyncio
import collections
import logging
import threading
import time
from dataclasses import dataclass, replace
from typing import Callable

from tui.controller.errors import NotAllowed, UnknownName
from tui.controller.home import mqtt_state
from tui.controller.home.backend import HomeBackend
from tui.controller.home.discovery import Discovered, DiscoveryProblem, parse
from tui.controller.home.entities import Entity
from tui.controller.home.templates import TemplateUnsupported, Undefined, render, value_names

log = logging.getLogger("smartcockpit.home.bridge")

CONFIRM_TIMEOUT_S = 10.0
CONNECT_WAIT_S = 5.0  # a command-line run waits this long for the broker
QUIET_S = 0.3  # ...and for the retained configs and states to stop arriving
SETTLE_MAX_S = 4.0
MAX_PROBLEMS = 50
MAX_ENTITIES = 5000

Change = tuple  # (old Entity | None, new Entity | None, source)


@dataclass
class Pending:
    label: str  # "open", "unlock", "50 %"
    confirms: Callable[[Entity], bool]
    deadline: float


class BridgedHome(HomeBackend):
    kind = "mqtt"

    def __init__(self, settings, prefix: str = "homeassistant", *, alarm_code: str | None = None,
                 confirm_timeout: float = CONFIRM_TIMEOUT_S, min_backoff: float | None = None,
                 max_backoff: float | None = None, loop: asyncio.AbstractEventLoop | None = None,
                 start: bool = True) -> None:
        from tui.controller.net.mqtt import MAX_BACKOFF_S, MIN_BACKOFF_S, MqttLink

        super().__init__()
        self.settings = settings
        self.prefix = prefix.strip("/") or "homeassistant"
        self.alarm_code = alarm_code or None
        self.confirm_timeout = confirm_timeout
        self.on_batch: Callable[[list[Change]], None] = lambda changes: [self.on_change(o, n, s)
                                                                         for o, n, s in changes if n is not None]
        self.problems: collections.deque[str] = collections.deque(maxlen=MAX_PROBLEMS)
        self._inbox: collections.deque = collections.deque()
        self._by_config: dict[str, list[str]] = {}
        self._found: dict[str, Discovered] = {}
        self._raw: dict[str, Entity] = {}
        self._order: list[str] = []  # entity ids by room, then name (sorted when asked, after a change)
        self._order_sorted = True
        self._owner: dict[str, str] = {}  # entity_id -> the config topic that announced it
        self._routes: dict[str, list[tuple[str, str, str]]] = {}  # topic -> (entity_id, role, template key)
        self._avail: dict[str, dict[str, bool | None]] = {}
        self._subscribed: set[str] = set()
        self._pending: dict[str, Pending] = {}
        self._unconfirmed: dict[str, str] = {}
        self._wake_lock = threading.Lock()
        self._wake_due = False
        self._settled = False
        self._acks: list = []  # subscriptions not acknowledged yet (waited for by _settle)
        self.on_connected: list[Callable[[], None]] = []  # run on the controller's thread at each connect
        self.tickers: list[Callable[[], None]] = []  # run at each tick (the car's own device: car_device.py)
        self._watched: dict[str, Callable[[bytes], None]] = {}
        self.own_configs: set[str] = set()  # what this car announces itself: not a device of the home
        self._online = False  # the connection as the controller's thread has seen it (drain)
        self._before: dict[str, Entity | None] | None = None  # during a drain: entities as they were
        if loop is None:
            try:
                loop = asyncio.get_running_loop()  # the app's: drains are scheduled on it
            except RuntimeError:
                loop = None
        self._loop = loop
        self.link = MqttLink(settings, on_message=self._arrived, on_state=self._link_state,
                             min_backoff=MIN_BACKOFF_S if min_backoff is None else min_backoff,
                             max_backoff=MAX_BACKOFF_S if max_backoff is None else max_backoff)
        self.link.subscribe(f"{self.prefix}/+/+/config")
        self.link.subscribe(f"{self.prefix}/+/+/+/config")
        if start:
            self.link.start()

    car = None  # the car's own device on this broker (car_device.CarDevice), when announced

    @property
    def has_loop(self) -> bool:
        """Drains are scheduled on an event loop (the app's)."""
        return self._loop is not None

    def stop(self) -> None:
        self.link.stop()

    def watch(self, topic: str, callback: Callable[[bytes], None]) -> None:
        """Hand what arrives on `topic` to callback (on the controller's thread), e.g. homeassistant/status."""
        self._watched[topic] = callback
        self.link.subscribe(topic)

    # ---------------------------------------------------------------- the network thread's side
    def _arrived(self, topic: str, payload: bytes, retain: bool) -> None:
        self._inbox.append((topic, payload))
        self._wake()

    def _link_state(self, connected: bool) -> None:
        self._inbox.append((None, connected))
        self._wake()

    def _wake(self) -> None:
        loop = self._loop
        if loop is None or loop.is_closed():
            return
        with self._wake_lock:
            if self._wake_due:
                return  # a drain is already on its way: it takes this message too
            self._wake_due = True
        try:
            loop.call_soon_threadsafe(self._drain_on_loop)
        except RuntimeError:  # the app's loop has closed
            pass

    def _drain_on_loop(self) -> None:
        with self._wake_lock:
            self._wake_due = False
        try:
            self.drain()
        except Exception:  # noqa: BLE001 - a bad message must never take the app down
            log.exception("home bridge: drain failed")

    # ---------------------------------------------------------------- reading
    @property
    def available(self) -> bool:
        return self.link.connected

    def unavailable_reason(self) -> str:
        return self.link.unreachable_text()

    def entities(self) -> list[Entity]:
        self._settle()
        if not self._order_sorted:
            raw = self._raw
            self._order.sort(key=lambda eid: (raw[eid].room.lower() or "\uffff", raw[eid].name.lower(), eid))
            self._order_sorted = True
        return [self._visible(eid) for eid in self._order]

    def get(self, entity_id: str) -> Entity | None:
        self._settle()
        return self._visible(entity_id) if entity_id in self._raw else None

    def discovered(self, entity_id: str) -> Discovered | None:
        return self._found.get(entity_id)

    def _visible(self, entity_id: str) -> Entity:
        e = self._raw[entity_id]
        extra = {}
        if entity_id in self._pending:
            extra["sent"] = self._pending[entity_id].label
        elif entity_id in self._unconfirmed:
            extra["unconfirmed"] = self._unconfirmed[entity_id]
        if not self._online or not self._device_available(entity_id):
            return replace(e, state="unavailable", attributes={**e.attributes, **extra})
        return replace(e, attributes={**e.attributes, **extra}) if extra else e

    def _device_available(self, entity_id: str) -> bool:
        d = self._found[entity_id]
        if not d.availability:
            return True
        seen = self._avail.get(entity_id, {})
        values = [seen.get(a.topic) for a in d.availability]
        if d.availability_mode == "all":
            return all(v is True for v in values)
        if d.availability_mode == "any":
            return any(v is True for v in values)
        latest = seen.get("__latest__")
        return latest is True

    # ---------------------------------------------------------------- the controller's side
    def tick(self) -> None:
        self.drain()
        for ticker in self.tickers:
            ticker()

    def reload(self) -> None:
        """Another process changed the database: a bridged home keeps nothing there."""

    def _settle(self) -> None:
        """Without the app's loop (the command line, a script): the first look waits for the
        broker and for the retained configs and states to arrive."""
        if self._settled or self._loop is not None:
            return
        self._settled = True
        deadline = time.monotonic() + CONNECT_WAIT_S
        while not self.link.connected and self.link.last_error is None and time.monotonic() < deadline:
            self.link.wait_connected(0.05)  # until the first attempt has connected or said why not
        if not self.link.connected:
            self.drain()
            return
        deadline = time.monotonic() + SETTLE_MAX_S
        quiet_since = time.monotonic()
        while time.monotonic() < deadline:
            if self._inbox:
                self.drain()
                quiet_since = time.monotonic()
            elif self._acks and all(f.done() for f in self._acks):
                self._acks.clear()  # acknowledged: their retained states follow at once
                quiet_since = time.monotonic()
            elif not self._acks and time.monotonic() - quiet_since >= QUIET_S:
                break
            time.sleep(0.02)
        self._acks.clear()
        self.drain()

    def drain(self) -> int:
        """Apply everything that arrived; one on_batch call for all of it. Returns the count.
        Only the entities a message touches are compared (a big home's burst costs what it changes)."""
        now = time.monotonic()
        if not self._inbox and not any(p.deadline <= now for p in self._pending.values()):
            return 0
        self._before = {}
        count = 0
        connected = False
        late: list[str] = []
        try:
            while self._inbox:
                topic, payload = self._inbox.popleft()
                count += 1
                if topic is None:  # the broker came or went: every entity shows it
                    for eid in self._raw:
                        self._remember(eid)
                    self._online = bool(payload)
                    connected = connected or bool(payload)
                    continue
                if topic in self._watched:
                    self._safe(self._watched[topic], payload)
                    continue
                if topic in self.own_configs:
                    continue
                try:
                    if topic.startswith(self.prefix + "/") and topic.endswith("/config"):
                        self._config(topic, payload)
                    else:
                        self._state(topic, payload)
                except DiscoveryProblem as exc:
                    self._problem(f"{topic[:80]}: {exc}")
            late = self._check_timeouts()
        finally:
            before, self._before = self._before, None
        out: list[Change] = []
        for eid, old in before.items():
            if eid in self._raw:
                new = self._visible(eid)
                if old != new:
                    out.append((old, new, "timeout" if eid in late else "bridge"))
            elif old is not None:
                out.append((old, None, "bridge"))
        if out:
            self.on_batch(out)
        if connected and self.link.connected:
            for callback in self.on_connected:
                self._safe(callback)
        return count

    def _remember(self, entity_id: str) -> None:
        """How the entity looked before this drain changed it (once per drain)."""
        if self._before is not None and entity_id not in self._before:
            self._before[entity_id] = self._visible(entity_id) if entity_id in self._raw else None

    @staticmethod
    def _safe(callback, *args) -> None:
        try:
            callback(*args)
        except Exception:  # noqa: BLE001 - one listener's bug must not stop the home
            log.exception("home bridge: a listener failed")

    def _problem(self, text: str) -> None:
        log.warning("home bridge: %s", text)
        self.problems.append(text)

    def _config(self, topic: str, payload: bytes) -> None:
        """A discovery config: the topic's entities replaced by what it announces now."""
        found = parse(topic, payload, self.prefix)
        now_ids = {d.entity_id for d in found}
        for eid in self._by_config.get(topic, []):
            if eid not in now_ids:
                self._remember(eid)
                self._forget(eid)
        kept = []
        for d in found:
            owner = self._owner.get(d.entity_id)
            if owner is not None and owner != topic:
                self._problem(f"{topic[:80]}: {d.entity_id} is already announced by {owner[:60]}")
                continue
            if d.entity_id not in self._raw and len(self._raw) >= MAX_ENTITIES:
                self._problem(f"{topic[:80]}: more than {MAX_ENTITIES} devices; ignored")
                continue
            self._remember(d.entity_id)
            self._learn(d)
            self._owner[d.entity_id] = topic
            kept.append(d.entity_id)
        if kept:
            self._by_config[topic] = kept
        else:
            self._by_config.pop(topic, None)

    def _learn(self, d: Discovered) -> None:
        old = self._found.get(d.entity_id)
        self._found[d.entity_id] = d
        fresh = mqtt_state.initial(d)
        if old is None:
            self._raw[d.entity_id] = fresh
            self._order.append(d.entity_id)
            self._order_sorted = False
        else:  # a config update keeps what the device said so far
            kept = self._raw[d.entity_id]
            self._raw[d.entity_id] = replace(fresh, state=kept.state, attributes={**fresh.attributes, **{
                k: v for k, v in kept.attributes.items() if k not in fresh.attributes}})
            self._unroute(d.entity_id)
            self._order_sorted = False  # its name or room may have changed
        for key, (role, template_key) in mqtt_state.ROLES.items():
            topic = d.config.get(key)
            if isinstance(topic, str) and topic:
                self._route(topic, (d.entity_id, role, template_key))
        for a in d.availability:
            self._route(a.topic, (d.entity_id, "availability", ""))

    def _route(self, topic: str, target: tuple) -> None:
        self._routes.setdefault(topic, []).append(target)
        if topic not in self._subscribed:
            self._subscribed.add(topic)
            acked = self.link.subscribe(topic)
            if acked is not None and self._loop is None:
                self._acks.append(acked)

    def _unroute(self, entity_id: str) -> None:
        for topic in list(self._routes):
            self._routes[topic] = [r for r in self._routes[topic] if r[0] != entity_id]
            if not self._routes[topic]:
                del self._routes[topic]

    def _forget(self, entity_id: str) -> None:
        self._unroute(entity_id)
        for table in (self._found, self._raw, self._avail, self._pending, self._unconfirmed, self._owner):
            table.pop(entity_id, None)
        if entity_id in self._order:
            self._order.remove(entity_id)  # (removing keeps the order sorted)

    def _state(self, topic: str, payload: bytes) -> None:
        targets = self._routes.get(topic, ())
        if not targets:
            return
        try:
            text = payload.decode("utf-8")
        except UnicodeDecodeError:
            self._problem(f"{topic[:80]}: a state that is not UTF-8")
            return
        for entity_id, role, template_key in targets:
            d = self._found.get(entity_id)
            if d is None:
                continue
            self._remember(entity_id)
            if role == "availability":
                self._availability(d, topic, text)
            else:
                value = mqtt_state.read(d, role, template_key, text)
                if value is None:
                    continue
                self._raw[entity_id] = replace(mqtt_state.apply(d, self._raw[entity_id], role, str(value)),
                                               updated_at=time.time())
                pending = self._pending.get(entity_id)
                if pending is None:
                    self._unconfirmed.pop(entity_id, None)  # the device speaks again
                elif pending.confirms(self._raw[entity_id]):
                    del self._pending[entity_id]

    def _availability(self, d: Discovered, topic: str, text: str) -> None:
        for a in d.availability:
            if a.topic != topic:
                continue
            value = text
            if a.value_template:
                try:
                    value = render(a.value_template, value_names(text))
                except TemplateUnsupported:
                    self._problem(f"{d.entity_id}: availability template not understood")
                    continue
                if value is Undefined:
                    continue
            seen = self._avail.setdefault(d.entity_id, {})
            state = True if value == a.payload_available else False if value == a.payload_not_available else None
            if state is None:
                continue
            seen[topic] = state
            seen["__latest__"] = state

    def _check_timeouts(self) -> list[str]:
        now = time.monotonic()
        late = [eid for eid, p in self._pending.items() if now >= p.deadline]
        for eid in late:
            self._remember(eid)
            self._unconfirmed[eid] = self._pending.pop(eid).label
        return late

    # ---------------------------------------------------------------- commands
    def call(self, entity_id: str, service: str, data: dict, source: str) -> str:
        self.drain()
        d = self._found.get(entity_id)
        if d is None:
            raise UnknownName(f"There is no device {entity_id!r} at home.")
        if not self.link.connected:
            raise NotAllowed(self.unreachable_text())
        if not self._device_available(entity_id):
            raise NotAllowed(f"{d.name} is offline (its availability says so); nothing was sent.")
        e = self._raw[entity_id]
        messages = mqtt_state.commands(d, e, service, data, self.alarm_code)
        for topic, payload in messages:
            self.link.publish(topic, payload, retain=False, qos=int(d.config.get("qos", 0)) if
                              d.config.get("qos") in (0, 1, 2) else 0)
        label = _label(service, data)
        confirms = mqtt_state.expected(d, e, service, data)
        self._unconfirmed.pop(entity_id, None)
        if confirms is None:
            old = self._visible(entity_id)
            self._raw[entity_id] = mqtt_state.optimistic(d, e, service, data)
            new = self._visible(entity_id)
            if new != old:
                self.on_batch([(old, new, source)])
            return f"{d.name}: {label} sent."
        old = self._visible(entity_id)
        self._pending[entity_id] = Pending(label, confirms, time.monotonic() + self.confirm_timeout)
        self.on_batch([(old, self._visible(entity_id), source)])
        if self._loop is None:
            return self._wait_confirm(entity_id, d.name, label)
        return f"{d.name}: {label} sent."

    def unreachable_text(self) -> str:
        return self.link.unreachable_text()

    def _wait_confirm(self, entity_id: str, name: str, label: str) -> str:
        """Without the app's loop (the command line): wait here for the device's answer."""
        while entity_id in self._pending:
            time.sleep(0.02)
            self.drain()
        if entity_id in self._unconfirmed:
            return f"{name}: {label} sent; no answer in {self.confirm_timeout:g} s."
        return f"{name}: {label} done."

    def wait_idle(self, timeout: float = 5.0) -> bool:
        """Wait until nothing is waiting for a confirmation (tests, scripts)."""
        deadline = time.monotonic() + timeout
        while self._pending and time.monotonic() < deadline:
            time.sleep(0.02)
            self.drain()
        return not self._pending


def _label(service: str, data: dict) -> str:
    if "brightness_pct" in data:
        return f"brightness {data['brightness_pct']} %"
    if "position" in data:
        return f"position {data['position']} %"
    if "temperature" in data:
        return f"{data['temperature']:g} °C"
    if "hvac_mode" in data:
        return data["hvac_mode"]
    if "value" in data:
        return f"{data['value']}"
    if "option" in data:
        return str(data["option"])
    return {"open_cover": "open", "close_cover": "close", "stop_cover": "stop", "turn_on": "on", "turn_off": "off",
            "alarm_disarm": "disarm", "alarm_arm_away": "arm (away)", "alarm_arm_home": "arm (home)",
            "alarm_arm_night": "arm (night)"}.get(service, service.replace("_", " "))
