"""Faults against the real broker: the broker stopped and started again, retained discovery that
was there before the car, a flood of 1,000 discovery messages, oversized and malformed payloads.
(A device's availability going offline and a device that never confirms: test_bridge.py.)"""

from __future__ import annotations

import json
import time

import pytest

from tests.mqtt.devices import GARAGE, LIGHT, LOCK, Devices
from tests.mqtt.helpers import wait_for
from tui.controller import Controller
from tui.controller.errors import NotAllowed
from tui.controller.home.connection import use_broker_for_this_run
from tui.controller.home.entities import HomeBatch


@pytest.fixture
def car(broker, db_path, clock):
    """Opened only when the test asks: what was retained before is what it finds."""
    made = []

    def open_car():
        use_broker_for_this_run(broker.url)
        c = Controller.open(db_path, clock=clock)
        c.home.backend.link.min_backoff, c.home.backend.link.max_backoff = 0.1, 0.5
        c.home.backend.confirm_timeout = 2.0
        made.append(c)
        return c

    yield open_car
    use_broker_for_this_run(None)
    for c in made:
        c.home.stop()
        c.close()


def test_retained_discovery_before_the_car_connects(broker, car):
    devices = Devices(broker.url)
    devices.announce()
    devices.stop()  # the devices' process is gone; the broker keeps their configs and states
    c = car()
    assert {e.entity_id for e in c.home.devices()} >= {"cover.garage_node_garage_door", "lock.front_door",
                                                        "light.porch"}
    assert c.home.device("front door").state == "locked"


def test_broker_stopped_then_back(broker, car, devices):
    devices.announce()
    c = car()
    c.security.set_pin("2468")
    assert c.home.device("front door").state == "locked"
    batches = []
    c.subscribe(lambda e: batches.append(e) if isinstance(e, HomeBatch) else None, batches=True)
    broker.stop()
    assert wait_for(lambda: not c.home.backend.available and batches, timeout=10, poll=c.home.tick)
    # the screens hear it: one event, every device unavailable
    assert len(batches) == 1 and {ch.new for ch in batches[0].changes} == {"unavailable"}
    assert len(batches[0].changes) == len(c.home.devices())
    # the home shows offline
    assert c.home.summary() == "home offline"
    assert {e.state for e in c.home.devices()} == {"unavailable"}
    # a security command fails at once, with the reason, before any PIN is asked: nothing is queued
    started = time.monotonic()
    with pytest.raises(NotAllowed, match=r"broker 127\.0\.0\.1:\d+ is not reachable"):
        c.home.do("front door", "unlock", pin="2468")
    with pytest.raises(NotAllowed, match="not reachable"):
        c.home.do("porch light", "on")
    assert time.monotonic() - started < 1.0  # refused, not waited for (a queued command would wait here)
    # everything rejoins by itself
    broker.start()
    assert wait_for(lambda: c.home.backend.available and c.home.device("front door").state == "locked",
                    timeout=15, poll=c.home.tick)
    assert c.home.do("front door", "unlock", pin="2468") == "Front door: unlock done."
    assert devices.sent("zigbee2mqtt/Front door/set") == [("UNLOCK", False)]  # once: nothing replayed


def test_a_flood_of_1000_discovery_messages(broker, car):
    c = car()
    c.home.devices()
    batches = []
    c.subscribe(lambda e: batches.append(len(e.changes)) if isinstance(e, HomeBatch) else None, batches=True)
    flood = Devices(broker.url)
    try:
        for n in range(1000):
            flood.link.publish(f"homeassistant/switch/flood/plug_{n}/config", json.dumps({
                "name": f"Plug {n}", "cmd_t": f"flood/{n}/set", "stat_t": f"flood/{n}/state", "uniq_id": f"plug{n}",
                "dev": {"ids": [f"plug{n}"], "name": f"Plug {n}", "sa": f"Room {n % 20}"}}), retain=True)
        assert wait_for(lambda: len(c.home.devices()) == 1000, timeout=30, poll=c.home.tick)
    finally:
        flood.stop()
    assert len(c.home.rooms()) == 20
    assert sum(batches) == 1000 and len(batches) < 1000  # batched: far fewer events than devices
    assert c.home.device("plug 999").room == "Room 19"


def test_oversized_and_malformed_payloads_are_ignored(broker, car, devices):
    devices.announce(GARAGE, LOCK, LIGHT)
    c = car()
    assert len(c.home.devices()) == 3  # discovered and subscribed to their states
    bridge = c.home.backend
    link = devices.link
    link.publish_wait("homeassistant/light/bad/config", "{not json", retain=True)
    link.publish_wait("homeassistant/vacuum/robo/config", json.dumps({"name": "Robo", "cmd_t": "r/set"}))
    link.publish_wait("homeassistant/light/huge/config", json.dumps({"name": "x" * 300_000, "cmd_t": "h/set"}))
    link.publish_wait("zigbee2mqtt/Porch", b"\xff\xfe not utf-8")
    link.publish_wait("zigbee2mqtt/Porch", "[1, 2, 3]")
    link.publish_wait("zigbee2mqtt/Front door", json.dumps({"state": "UNLOCK"}))  # a good one after the bad
    assert wait_for(lambda: c.home.device("front door").state == "unlocked", poll=c.home.tick)
    problems = " ".join(bridge.problems)
    assert "not JSON" in problems and "vacuum" in problems and "not UTF-8" in problems
    assert bridge.link.dropped == 1  # the 300 kB config never reached the parser
    assert {e.entity_id for e in c.home.devices()} == {"cover.garage_node_garage_door", "lock.front_door",
                                                       "light.porch"}
    assert c.home.device("porch light").state == "off"
