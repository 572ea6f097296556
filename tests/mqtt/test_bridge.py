"""A bridged home on a real broker behaves, for the car, like the simulated one: the same rules
(PIN, authority, valet), favourites and scenes, commands out on the devices' own topics with their
own payloads, "sent" until the device confirms, and one controller event per burst."""

from __future__ import annotations

import json

import pytest

from tests.mqtt.helpers import wait_for
from tui.controller.errors import NotAllowed
from tui.controller.events import Notice
from tui.controller.home import EntityChanged
from tui.controller.home.bridge import BridgedHome
from tui.controller.home.entities import HomeBatch

VALET = "Vehicle.Private.SmartCockpit.Valet.IsActive"


@pytest.fixture
def home(devices, bridged):
    devices.announce()  # retained, before the car looks
    return bridged


def test_the_home_is_what_discovery_announced(home):
    h = home.home
    assert isinstance(h.backend, BridgedHome) and h.backend.kind == "mqtt"
    names = {e.entity_id: (e.name, e.room) for e in h.devices()}
    assert names == {
        "cover.garage_node_garage_door": ("Garage door", "Garage"),
        "lock.front_door": ("Front door", "Hallway"),
        "light.porch": ("Porch light", "Outside"),
        "switch.a1b2c3_rl_1": ("Coffee machine", "Kitchen"),
        "alarm_control_panel.house": ("House alarm", ""),
    }
    assert [r.name for r in h.rooms()] == ["Garage", "Hallway", "Kitchen", "Outside", "Other"]  # by room
    assert h.state_text(h.device("front door")) == "locked"
    assert h.device("porch light").state == "off"


def test_a_command_goes_out_with_the_devices_payload_never_retained(home, devices):
    h = home.home
    assert h.do("porch light", "brightness", 50) == "Porch light: brightness 50 % done."
    assert devices.sent("zigbee2mqtt/Porch/set") == [(json.dumps({"state": "ON", "brightness": 127}), False)]
    porch = h.device("porch light")
    assert porch.state == "on" and h.state_text(porch) == "on 50 %"
    assert h.do("coffee machine", "on") == "Coffee machine: on done."
    assert devices.sent("cmnd/tasmota_A1B2C3/POWER") == [("ON", False)]
    assert home.store.home.recent_log(1)[0].result == "Coffee machine: on done."


def test_security_commands_ask_the_same_authority(home, devices):
    c = home
    c.security.set_pin("2468")
    with pytest.raises(NotAllowed, match="PIN to unlock the front door"):
        c.home.do("front door", "unlock")
    with pytest.raises(NotAllowed, match="Wrong PIN"):
        c.home.do("front door", "unlock", pin="1111")
    assert devices.sent("zigbee2mqtt/Front door/set") == []
    assert c.home.do("front door", "unlock", pin="2468") == "Front door: unlock done."
    assert devices.sent("zigbee2mqtt/Front door/set") == [("UNLOCK", False)]
    assert c.home.device("front door").state == "unlocked"
    with pytest.raises(NotAllowed, match="PIN to disarm"):
        c.home.do("house alarm", "disarm")
    assert c.home.do("house alarm", "disarm", pin="2468") == "House alarm: disarm done."
    # valet hides a bridged home as it hides the simulated one
    c.set(VALET, True, source="system")
    assert c.home.devices() == []
    with pytest.raises(NotAllowed, match="hidden in valet"):
        c.home.do("porch light", "on")


def test_a_device_that_never_confirms_says_so(home, devices):
    c = home
    notices = []
    c.subscribe(lambda e: notices.append(e.text) if isinstance(e, Notice) else None)
    devices.quiet.add("cmnd/tasmota_A1B2C3/POWER")
    assert c.home.do("coffee machine", "on") == "Coffee machine: on sent; no answer in 2 s."
    plug = c.home.device("coffee machine")
    assert plug.state == "off" and c.home.state_text(plug) == "off (no answer)"
    assert notices == ["Coffee machine did not answer (on)."]
    devices.state("tele/tasmota_A1B2C3/STATE", json.dumps({"POWER": "ON"}))  # it speaks again
    assert wait_for(lambda: c.home.state_text(c.home.device("coffee machine")) == "on", poll=c.home.tick)


def test_sent_shows_until_confirmed_with_the_apps_loop(devices, broker):
    """With an event loop (the app's), a command returns at once and the tile says 'sent'."""
    import asyncio

    from tui.controller.net.mqtt import BrokerSettings

    devices.announce()
    devices.quiet.add("zigbee2mqtt/Porch/set")

    async def run():
        bridge = BridgedHome(BrokerSettings.from_url(broker.url), confirm_timeout=30)
        batches = []
        bridge.on_batch = batches.append
        try:
            for _ in range(200):
                if bridge.get("light.porch") is not None and bridge.get("light.porch").state == "off":
                    break
                await asyncio.sleep(0.02)
            assert bridge.call("light.porch", "turn_on", {}, "ui") == "Porch light: on sent."
            e = bridge.get("light.porch")
            assert e.attributes["sent"] == "on" and e.state == "off"
            devices.state("zigbee2mqtt/Porch", json.dumps({"state": "ON"}))
            for _ in range(200):  # drained on this loop by the bridge itself: nobody calls drain here
                if bridge.get("light.porch").state == "on":
                    break
                await asyncio.sleep(0.02)
            e = bridge.get("light.porch")
            assert e.state == "on" and "sent" not in e.attributes
        finally:
            bridge.stop()
        return batches

    batches = asyncio.run(run())
    assert all(len(b) >= 1 for b in batches)


def test_availability_offline_shows_and_refuses(home, devices):
    c = home
    devices.state("tele/tasmota_A1B2C3/LWT", "Offline")
    assert wait_for(lambda: c.home.device("coffee machine").state == "unavailable", poll=c.home.tick)
    assert c.home.state_text(c.home.device("coffee machine")) == "offline"
    with pytest.raises(NotAllowed, match="Coffee machine is offline"):
        c.home.do("coffee machine", "on")
    assert devices.sent("cmnd/tasmota_A1B2C3/POWER") == []
    devices.state("tele/tasmota_A1B2C3/LWT", "Online")
    assert wait_for(lambda: c.home.device("coffee machine").state == "off", poll=c.home.tick)


def test_one_event_per_burst_and_routines_still_hear_each_device(home, devices):
    c = home
    assert len(c.home.devices()) == 5  # discovery and retained states are in
    batches, singles = [], []
    c.subscribe(lambda e: batches.append(e) if isinstance(e, HomeBatch) else None, batches=True)
    c.subscribe(lambda e: singles.append(e.entity_id) if isinstance(e, EntityChanged) else None)
    c.home.tick()
    devices.state("zigbee2mqtt/Porch", json.dumps({"state": "ON"}))
    devices.state("tele/tasmota_A1B2C3/STATE", json.dumps({"POWER": "ON"}))
    devices.state("garage-node/cover/garage_door/state", "open")
    devices.state("home/alarm", "disarmed")
    assert wait_for(lambda: len(c.home.backend._inbox) >= 4)  # all four have arrived, none drained yet
    c.home.tick()
    assert len(batches) == 1 and len(batches[0].changes) == 4
    assert sorted(singles) == sorted(["light.porch", "switch.a1b2c3_rl_1", "cover.garage_node_garage_door",
                                      "alarm_control_panel.house"])


def test_favourites_and_scenes_on_a_bridged_home(home, devices):
    h = home.home
    # the demo's favourites 2 and 3 were light.porch and lock.front_door: the same entity ids here
    assert [(f.slot, f.label) for f in h.favourites()] == [(2, "Porch light"), (3, "Front door")]
    assert h.toggle_favourite("entity", "switch.a1b2c3_rl_1") == "Coffee machine is favourite 6."
    fav = h.favourite(6)
    assert (fav.label, fav.state) == ("Coffee machine", "off")
    assert h.primary(fav.target) == "on"
    with home.store.write():
        sid = home.store.home.add_scene("Evening", [{"device": "light.porch", "action": "on"},
                                                    {"device": "switch.a1b2c3_rl_1", "action": "on"},
                                                    {"device": "light.nowhere", "action": "on"}])
    run = h.run_scene(sid)
    assert run.done == ["Porch light: on done.", "Coffee machine: on done."]
    assert [(s.device, s.text.startswith("There is no device")) for s in run.skipped] == [("light.nowhere", True)]


def test_a_removed_config_removes_the_device(home, devices):
    c = home
    devices.link.publish_wait("homeassistant/switch/A1B2C3_RL_1/config", "", retain=True)
    assert wait_for(lambda: c.home.backend.get("switch.a1b2c3_rl_1") is None, poll=c.home.tick)
    assert "Coffee machine" not in [e.name for e in c.home.devices()]


def test_the_assistant_works_a_bridged_home(home, devices):
    c = home
    reply = c.assistant.ask("turn on the coffee machine")
    assert devices.sent("cmnd/tasmota_A1B2C3/POWER") == [("ON", False)], reply.text
    assert c.home.device("coffee machine").state == "on"
    c.security.set_pin("2468")
    reply = c.assistant.ask("unlock the front door")
    assert devices.sent("zigbee2mqtt/Front door/set") == []  # the PIN first, as on the simulated home
    assert "PIN" in reply.text


@pytest.mark.parametrize("mode,steps", [
    # (bridge state, device state) published in turn -> available?
    ("all", [("online", None, False), (None, "online", True), ("offline", None, False)]),
    ("any", [("online", None, True), ("offline", None, False), (None, "online", True)]),
    ("latest", [("online", None, True), (None, "offline", False), ("online", None, True)]),
])
def test_availability_modes(bridged, devices, mode, steps):
    c = bridged
    config = {"availability": [{"topic": "z2m/bridge/state", "value_template": "{{ value_json.state }}"},
                               {"topic": "z2m/Desk/availability"}],
              "availability_mode": mode, "command_topic": "z2m/Desk/set", "state_topic": "z2m/Desk",
              "name": "Desk lamp", "unique_id": "desk", "schema": "json"}
    devices.link.publish_wait("homeassistant/light/desk/config", json.dumps(config), retain=True)
    assert wait_for(lambda: c.home.backend.get("light.desk") is not None, poll=c.home.tick)
    devices.link.publish_wait("z2m/Desk", json.dumps({"state": "ON"}), retain=True)
    for bridge_state, device_state, available in steps:
        if bridge_state:
            devices.link.publish_wait("z2m/bridge/state", json.dumps({"state": bridge_state}), retain=True)
        if device_state:
            devices.link.publish_wait("z2m/Desk/availability", device_state, retain=True)
        want = "on" if available else "unavailable"
        assert wait_for(lambda: c.home.backend.get("light.desk").state == want, poll=c.home.tick), \
            (mode, bridge_state, device_state)
