"""Devices on a real broker for the bridge tests, as Zigbee2MQTT, ESPHome and Tasmota would
announce them: retained discovery configs and states, answering their command topics (unless told
to stay quiet, like a device that never confirms)."""

from __future__ import annotations

import json
import threading

from tui.controller.net.mqtt import BrokerSettings, MqttLink

GARAGE = ("homeassistant/cover/garage-node/garage_door/config", {
    "name": "Garage door", "dev_cla": "garage", "stat_t": "garage-node/cover/garage_door/state",
    "cmd_t": "garage-node/cover/garage_door/command", "avty_t": "garage-node/status", "uniq_id": "esp_garage",
    "dev": {"ids": "esp1", "name": "Garage", "sa": "Garage"}})
LOCK = ("homeassistant/lock/0x0017/lock/config", {
    "command_topic": "zigbee2mqtt/Front door/set", "device": {"identifiers": ["z2m_lock"], "name": "Front door",
                                                               "suggested_area": "Hallway"},
    "name": None, "state_locked": "LOCK", "state_unlocked": "UNLOCK", "state_topic": "zigbee2mqtt/Front door",
    "unique_id": "0x0017_lock", "value_template": "{{ value_json.state }}", "object_id": "front_door"})
LIGHT = ("homeassistant/light/0x0015/light/config", {
    "command_topic": "zigbee2mqtt/Porch/set", "state_topic": "zigbee2mqtt/Porch", "schema": "json",
    "brightness": True, "brightness_scale": 254, "name": None, "object_id": "porch",
    "device": {"identifiers": ["z2m_porch"], "name": "Porch light", "suggested_area": "Outside"},
    "unique_id": "0x0015_light"})
PLUG = ("homeassistant/switch/A1B2C3_RL_1/config", {
    "name": "Coffee machine", "stat_t": "tele/tasmota_A1B2C3/STATE", "avty_t": "tele/tasmota_A1B2C3/LWT",
    "pl_avail": "Online", "pl_not_avail": "Offline", "cmd_t": "cmnd/tasmota_A1B2C3/POWER",
    "val_tpl": "{{value_json.POWER}}", "pl_off": "OFF", "pl_on": "ON", "uniq_id": "A1B2C3_RL_1",
    "dev": {"cns": [["mac", "A1B2C3D4E5F6"]], "sa": "Kitchen"}})
ALARM = ("homeassistant/alarm_control_panel/house/config", {
    "name": "House alarm", "unique_id": "alarm1", "state_topic": "home/alarm", "command_topic": "home/alarm/set"})


class Devices:
    """A few devices on one connection. `quiet` names the command topics that get no answer."""

    def __init__(self, url: str, retain_states: bool = True) -> None:
        self.quiet: set[str] = set()
        self.commands: list[tuple[str, str, bool]] = []
        self.lock = threading.Lock()
        self.retain_states = retain_states
        self.link = MqttLink(BrokerSettings.from_url(url), on_message=self._command, min_backoff=0.1,
                             max_backoff=0.5)
        for topic in ("garage-node/cover/garage_door/command", "zigbee2mqtt/Front door/set", "zigbee2mqtt/Porch/set",
                      "cmnd/tasmota_A1B2C3/POWER", "home/alarm/set"):
            self.link.subscribe(topic)
        self.link.start()
        assert self.link.wait_connected(10)

    def announce(self, *configs) -> None:
        for topic, config in configs or (GARAGE, LOCK, LIGHT, PLUG, ALARM):
            self.link.publish_wait(topic, json.dumps(config), retain=True)
        self.state("garage-node/status", "online")
        self.state("tele/tasmota_A1B2C3/LWT", "Online")
        self.state("garage-node/cover/garage_door/state", "closed")
        self.state("zigbee2mqtt/Front door", json.dumps({"state": "LOCK", "battery": 90}))
        self.state("zigbee2mqtt/Porch", json.dumps({"state": "OFF", "brightness": 254}))
        self.state("tele/tasmota_A1B2C3/STATE", json.dumps({"POWER": "OFF"}))
        self.state("home/alarm", "armed_away")

    def state(self, topic: str, payload: str) -> None:
        self.link.publish_wait(topic, payload, retain=self.retain_states)

    def _command(self, topic: str, payload: bytes, retain: bool) -> None:
        text = payload.decode()
        with self.lock:
            self.commands.append((topic, text, retain))
        if topic in self.quiet:
            return
        answer = {
            "garage-node/cover/garage_door/command": ("garage-node/cover/garage_door/state",
                                                      {"OPEN": "opening", "CLOSE": "closing", "STOP": "stopped"}.get(text)),
            "zigbee2mqtt/Front door/set": ("zigbee2mqtt/Front door", json.dumps({"state": text})),
            "cmnd/tasmota_A1B2C3/POWER": ("tele/tasmota_A1B2C3/STATE", json.dumps({"POWER": text})),
            "home/alarm/set": ("home/alarm", {"DISARM": "disarmed", "ARM_AWAY": "armed_away"}.get(text)),
        }.get(topic)
        if topic == "zigbee2mqtt/Porch/set":
            answer = (topic[:-4], text)
        if answer and answer[1]:
            self.link.publish(answer[0], answer[1], retain=self.retain_states)

    def sent(self, topic: str) -> list[tuple[str, bool]]:
        with self.lock:
            return [(p, r) for t, p, r in self.commands if t == topic]

    def stop(self) -> None:
        self.link.stop()
