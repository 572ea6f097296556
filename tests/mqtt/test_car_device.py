"""The car seen from the home: device-based discovery (retained) of the car on the home's broker,
its states, triggers for arriving and leaving home and the ignition, availability with a last will,
and announcing again on reconnect and when Home Assistant says it is back."""

from __future__ import annotations

import json

import pytest

from tests.mqtt.helpers import Inbox, wait_for
from tui.controller.home import LAT, LON
from tui.controller.home.connection import build_backend
from tui.controller.net.mqtt import BrokerSettings, MqttLink

HOME = (42.6722, -83.1861)


@pytest.fixture
def watcher(broker):
    inbox = Inbox()
    link = MqttLink(BrokerSettings.from_url(broker.url), on_message=inbox, min_backoff=0.1, max_backoff=0.5)
    link.subscribe("homeassistant/device/#")
    link.subscribe("smartcockpit/#")
    link.start()
    assert link.wait_connected(5)
    yield inbox, link
    link.stop()


@pytest.fixture
def car(bridged):
    c = bridged
    c.home.backend.stop()
    c.home.backend = build_backend(c, announce=True)
    c.home._attach()
    c.home.backend.link.min_backoff, c.home.backend.link.max_backoff = 0.1, 0.5
    return c


def test_the_car_announces_itself_retained(car, watcher):
    inbox, _ = watcher
    vin = car.car.vin
    topic = f"homeassistant/device/smartcockpit_{vin}/config"
    assert wait_for(lambda: inbox.last(topic) is not None, poll=car.home.tick)
    config = json.loads(inbox.last(topic))
    assert config["dev"]["ids"] == [f"smartcockpit_{vin}"] and config["o"]["name"] == "SmartCockpit"
    assert {"location", "charge", "range", "locked", "doors", "windows", "cabin", "climate", "driver", "arriving_home",
            "leaving_home", "ignition_on", "ignition_off"} <= set(config["cmps"])
    assert config["cmps"]["location"]["p"] == "device_tracker"
    assert config["cmps"]["arriving_home"] == {"p": "device_automation", "automation_type": "trigger",
                                               "topic": f"smartcockpit/{vin}/event", "payload": "arriving_home",
                                               "type": "arrived", "subtype": "home"}
    assert inbox.last(f"smartcockpit/{vin}/availability") == b"online"
    assert wait_for(lambda: inbox.last(f"smartcockpit/{vin}/state") is not None, poll=car.home.tick)
    state = json.loads(inbox.last(f"smartcockpit/{vin}/state"))
    assert state["charge"] == 80.0 and state["range_km"] == 390.4 and state["driver"] == car.active_profile_name()
    assert state["doors_open"] is False and state["unlocked"] is False
    assert (state["plugged"], state["charging"]) == (False, False)  # charging (issue 17)
    assert config["cmps"]["plugged"]["device_class"] == "plug"
    assert inbox.last(f"smartcockpit/{vin}/location") == b"not_home"
    # what our own discovery reader makes of it: the car is a device like any other
    from tui.controller.home.discovery import parse

    found = {d.entity_id: d for d in parse(topic, inbox.last(topic))}
    assert f"sensor.smartcockpit_{vin.lower()}_charge" in found
    # ...but the car is not a device of its own home
    car.home.tick()
    assert not [e.entity_id for e in car.home.devices() if "smartcockpit" in e.entity_id]


def test_state_and_triggers_follow_the_car(car, watcher):
    inbox, _ = watcher
    vin = car.car.vin
    assert wait_for(lambda: inbox.last(f"smartcockpit/{vin}/state") is not None, poll=car.home.tick)
    car.set("Vehicle.Cabin.Door.Row1.DriverSide.IsOpen", True, source="simulator")
    car.home.tick()
    assert wait_for(lambda: json.loads(inbox.last(f"smartcockpit/{vin}/state"))["doors_open"] is True)
    car.set_many({LAT: HOME[0] + 0.0005, LON: HOME[1]}, source="simulator")
    car.home.tick()
    assert wait_for(lambda: inbox.on(f"smartcockpit/{vin}/event") == [b"arriving_home"])
    assert wait_for(lambda: inbox.last(f"smartcockpit/{vin}/location") == b"home", poll=car.home.tick)
    car.set_many({LAT: HOME[0] + 0.05, LON: HOME[1]}, source="simulator")  # at a saved place: its zone
    car.navigation.save_here("Gym")
    car.home.tick()
    assert wait_for(lambda: inbox.last(f"smartcockpit/{vin}/location") == b"Gym", poll=car.home.tick)
    car.set_many({LAT: HOME[0] + 0.08, LON: HOME[1]}, source="simulator")
    assert wait_for(lambda: inbox.last(f"smartcockpit/{vin}/location") == b"not_home", poll=car.home.tick)
    car.set("Vehicle.LowVoltageSystemState", "ON", source="simulator")
    car.home.tick()
    assert wait_for(lambda: inbox.on(f"smartcockpit/{vin}/event")[-1:] == [b"ignition_on"])
    events = [(t, r) for t, _, r in inbox.messages if t.endswith("/event")]
    assert all(r is False for _, r in events)  # triggers are never retained


def test_announces_again_when_home_assistant_comes_back_and_on_reconnect(car, watcher, broker):
    inbox, link = watcher
    device = car.home.backend.car
    assert wait_for(lambda: device.announced == 1, poll=car.home.tick)
    link.publish_wait("homeassistant/status", "online")
    assert wait_for(lambda: device.announced == 2, poll=car.home.tick)
    broker.restart()
    assert wait_for(lambda: device.announced == 3, poll=car.home.tick, timeout=15)


def test_a_clean_stop_leaves_offline_retained(car, watcher):
    inbox, _ = watcher
    vin = car.car.vin
    assert wait_for(lambda: inbox.last(f"smartcockpit/{vin}/availability") == b"online", poll=car.home.tick)
    car.home.stop()
    assert wait_for(lambda: inbox.last(f"smartcockpit/{vin}/availability") == b"offline")
