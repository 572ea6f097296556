"""Discovery read from real-looking configs (Zigbee2MQTT, ESPHome, Tasmota, Home Assistant's own
examples), and the state and command payloads of the entities they announce. Pure: no broker."""

from __future__ import annotations

import json

import pytest

from tui.controller.home.discovery import DiscoveryProblem, parse
from tui.controller.home.mqtt_state import apply, commands, expected, initial, read, ROLES
from tui.controller.home.templates import TemplateUnsupported, Undefined, render, value_names

Z2M_LIGHT = ("homeassistant/light/0x00158d0001a2b3c4/light/config", {
    "availability": [{"topic": "zigbee2mqtt/bridge/state", "value_template": "{{ value_json.state }}"},
                     {"topic": "zigbee2mqtt/Kitchen ceiling/availability", "value_template": "{{ value_json.state }}"}],
    "availability_mode": "all", "brightness": True, "brightness_scale": 254,
    "command_topic": "zigbee2mqtt/Kitchen ceiling/set",
    "device": {"identifiers": ["zigbee2mqtt_0x00158d0001a2b3c4"], "manufacturer": "IKEA", "model": "LED1545G12",
               "name": "Kitchen ceiling", "suggested_area": "Kitchen", "via_device": "zigbee2mqtt_bridge_0x00124b"},
    "name": None, "object_id": "kitchen_ceiling", "origin": {"name": "Zigbee2MQTT", "sw": "1.40.0"},
    "schema": "json", "state_topic": "zigbee2mqtt/Kitchen ceiling", "supported_color_modes": ["brightness"],
    "unique_id": "0x00158d0001a2b3c4_light_zigbee2mqtt"})
Z2M_CONTACT = ("homeassistant/binary_sensor/0x00158d00045678/contact/config", {
    "availability": [{"topic": "zigbee2mqtt/bridge/state", "value_template": "{{ value_json.state }}"}],
    "device": {"identifiers": ["zigbee2mqtt_0x00158d00045678"], "name": "Back door sensor", "suggested_area": "Kitchen"},
    "device_class": "door", "name": "Door", "object_id": "back_door_sensor_contact", "payload_off": True,
    "payload_on": False, "state_topic": "zigbee2mqtt/Back door sensor", "unique_id": "0x00158d00045678_contact",
    "value_template": "{{ value_json.contact }}"})
Z2M_LOCK = ("homeassistant/lock/0x0017880108abcdef/lock/config", {
    "command_topic": "zigbee2mqtt/Front lock/set", "device": {"identifiers": ["z2m_lock"], "name": "Front lock"},
    "name": None, "payload_lock": "LOCK", "payload_unlock": "UNLOCK", "state_locked": "LOCK",
    "state_topic": "zigbee2mqtt/Front lock", "state_unlocked": "UNLOCK", "unique_id": "0x0017880108abcdef_lock",
    "value_template": "{{ value_json.state }}"})
ESPHOME_COVER = ("homeassistant/cover/garage-node/garage_door/config", {
    "name": "Garage Door", "dev_cla": "garage", "stat_t": "garage-node/cover/garage_door/state",
    "cmd_t": "garage-node/cover/garage_door/command", "avty_t": "garage-node/status",
    "pos_t": "garage-node/cover/garage_door/position/state", "set_pos_t": "garage-node/cover/garage_door/position/command",
    "uniq_id": "ESPcovergarage_door", "dev": {"ids": "a4cf12b3c4d5", "name": "garage-node", "sw": "esphome v2024.6.0",
                                              "mdl": "esp32dev", "mf": "espressif", "sa": "Garage"}})
TASMOTA_PLUG = ("homeassistant/switch/A1B2C3_RL_1/config", {
    "name": "Coffee machine", "stat_t": "tele/tasmota_A1B2C3/STATE", "avty_t": "tele/tasmota_A1B2C3/LWT",
    "pl_avail": "Online", "pl_not_avail": "Offline", "cmd_t": "cmnd/tasmota_A1B2C3/POWER",
    "val_tpl": "{{value_json.POWER}}", "pl_off": "OFF", "pl_on": "ON", "uniq_id": "A1B2C3_RL_1",
    "dev": {"cns": [["mac", "A1B2C3D4E5F6"]]}})
TILDE_SWITCH = ("homeassistant/switch/irrigation/config", {
    "~": "homeassistant/switch/irrigation", "name": "garden", "cmd_t": "~/set", "stat_t": "~/state"})
ALARM = ("homeassistant/alarm_control_panel/house/config", {
    "name": "House alarm", "unique_id": "alarm1", "state_topic": "home/alarm", "command_topic": "home/alarm/set",
    "code": "REMOTE_CODE", "command_template": '{"action": "{{ action }}", "code": "{{ code }}"}'})
CLIMATE = ("homeassistant/climate/living/config", {
    "name": "Thermostat", "unique_id": "tstat", "mode_cmd_t": "home/tstat/mode/set", "mode_stat_t": "home/tstat/mode",
    "temp_cmd_t": "home/tstat/target/set", "temp_stat_t": "home/tstat/target", "curr_temp_t": "home/tstat/current",
    "modes": ["off", "heat", "auto"], "min_temp": 10, "max_temp": 28,
    "dev": {"ids": ["tstat1"], "name": "Living room thermostat", "sa": "Living room"}})
DEVICE_BASED = ("homeassistant/device/sc_heatpump/config", {
    "dev": {"ids": "hp_001", "name": "Heat pump", "mf": "ACME", "sa": "Utility room"},
    "o": {"name": "acme-bridge", "sw": "2.1"},
    "cmps": {
        "flow": {"p": "sensor", "device_class": "temperature", "unit_of_measurement": "°C",
                 "value_template": "{{ value_json.flow | float | round(1) }}", "unique_id": "hp_001_flow"},
        "fan": {"p": "fan", "cmd_t": "hp/fan/set", "pct_cmd_t": "hp/fan/pct/set", "pct_stat_t": "hp/fan/pct",
                "val_tpl": "{{ value_json.fan }}", "unique_id": "hp_001_fan", "name": "Fan"},
        "mode": {"p": "select", "cmd_t": "hp/mode/set", "ops": ["eco", "comfort", "boost"],
                 "val_tpl": "{{ value_json.mode }}", "unique_id": "hp_001_mode", "name": "Mode"},
        "limit": {"p": "number", "cmd_t": "hp/limit/set", "min": 30, "max": 60, "step": 5,
                  "val_tpl": "{{ value_json.limit }}", "unique_id": "hp_001_limit", "name": "Limit"},
        "restart": {"p": "button", "cmd_t": "hp/restart", "device_class": "restart", "unique_id": "hp_001_restart"},
        "trigger": {"p": "device_automation", "atype": "trigger", "t": "hp/events", "type": "button_short_press"},
        "gone": {"p": "sensor"},
    },
    "state_topic": "hp/state", "availability_topic": "hp/availability", "qos": 1})


def one(topic, config):
    found = parse(topic, json.dumps(config).encode())
    assert len(found) == 1
    return found[0]


def feed(d, entity, topic, payload):
    """What a state message on `topic` does to the entity (as the bridge routes it)."""
    for key, (role, template_key) in ROLES.items():
        if d.config.get(key) == topic:
            value = read(d, role, template_key, payload)
            if value is not None:
                entity = apply(d, entity, role, value)
    return entity


@pytest.mark.parametrize("topic,config,entity_id,name,room,component", [
    (*Z2M_LIGHT, "light.kitchen_ceiling", "Kitchen ceiling", "Kitchen", "light"),
    (*Z2M_CONTACT, "binary_sensor.back_door_sensor_contact", "Back door sensor Door", "Kitchen", "binary_sensor"),
    (*Z2M_LOCK, "lock.0x0017880108abcdef_lock", "Front lock", "", "lock"),
    (*ESPHOME_COVER, "cover.garage_node_garage_door", "garage-node Garage Door", "Garage", "cover"),
    (*TASMOTA_PLUG, "switch.a1b2c3_rl_1", "Coffee machine", "", "switch"),
    (*TILDE_SWITCH, "switch.irrigation", "garden", "", "switch"),
    (*ALARM, "alarm_control_panel.house", "House alarm", "", "alarm_control_panel"),
    (*CLIMATE, "climate.living", "Living room thermostat Thermostat", "Living room", "climate"),
])
def test_per_entity_configs(topic, config, entity_id, name, room, component):
    d = one(topic, config)
    assert (d.entity_id, d.name, d.room, d.component) == (entity_id, name, room, component)


def test_abbreviations_and_tilde_are_expanded():
    d = one(*TILDE_SWITCH)
    assert d.config["command_topic"] == "homeassistant/switch/irrigation/set"
    assert d.config["state_topic"] == "homeassistant/switch/irrigation/state"
    e = one(*ESPHOME_COVER)
    assert e.device_class == "garage" and e.config["set_position_topic"].endswith("position/command")
    assert [a.topic for a in e.availability] == ["garage-node/status"]
    t = one(*TASMOTA_PLUG)
    assert (t.availability[0].payload_available, t.availability[0].payload_not_available) == ("Online", "Offline")


def test_availability_list_and_mode():
    d = one(*Z2M_LIGHT)
    assert d.availability_mode == "all" and len(d.availability) == 2
    assert d.availability[1].value_template == "{{ value_json.state }}"


def test_device_based_discovery():
    found = parse(DEVICE_BASED[0], json.dumps(DEVICE_BASED[1]))
    ids = {d.entity_id: d for d in found}
    assert set(ids) == {"sensor.sc_heatpump_flow", "fan.sc_heatpump_fan", "select.sc_heatpump_mode",
                        "number.sc_heatpump_limit", "button.sc_heatpump_restart"}
    flow = ids["sensor.sc_heatpump_flow"]
    assert flow.name == "Heat pump temperature" and flow.room == "Utility room"
    assert flow.config["state_topic"] == "hp/state" and flow.availability[0].topic == "hp/availability"
    assert ids["button.sc_heatpump_restart"].name == "Heat pump restart"
    assert flow.key == "homeassistant/device/sc_heatpump/config#flow"


@pytest.mark.parametrize("topic,payload,why", [
    ("homeassistant/vacuum/robo/config", b'{"name": "Robo", "cmd_t": "x"}', "not one this car handles"),
    ("homeassistant/light/x/config", b"{not json", "not JSON"),
    ("homeassistant/light/x/config", b"[1, 2]", "not a JSON object"),
    ("homeassistant/light/x/config", b'{"name": "no command topic"}', "without command_topic"),
    ("homeassistant/sensor/x/config", b'{"stat_t": "a/#"}', "not a topic"),
    ("homeassistant/light/x/config", b"\xff\xfe", "not UTF-8"),
    ("homeassistant/light/x/config", b"{" * 100000, "too big"),
    ("homeassistant/light/bad id!/config", b"{}", "bad node"),
    ("other/light/x/config", b"{}", "not a discovery topic"),
    ("homeassistant/device/d/config", b'{"cmps": {}}', "without device"),
])
def test_malformed_configs_are_problems(topic, payload, why):
    with pytest.raises(DiscoveryProblem, match=why):
        parse(topic, payload)


def test_empty_payload_removes():
    assert parse(Z2M_LIGHT[0], b"") == []


def test_other_prefix():
    found = parse("home/switch/plug/config", json.dumps({"cmd_t": "p/set", "stat_t": "p/state"}), prefix="home")
    assert found[0].entity_id == "switch.plug"


# ------------------------------------------------------------------ state messages
def test_z2m_json_light_state_and_commands():
    d = one(*Z2M_LIGHT)
    e = initial(d)
    assert e.state == "unknown"
    e = feed(d, e, "zigbee2mqtt/Kitchen ceiling", '{"state":"ON","brightness":127,"linkquality":80}')
    assert e.state == "on" and e.attributes["brightness"] == 128
    out = commands(d, e, "turn_on", {"brightness_pct": 50})
    assert out == [("zigbee2mqtt/Kitchen ceiling/set", json.dumps({"state": "ON", "brightness": 127}))]
    assert commands(d, e, "toggle", {}) == [("zigbee2mqtt/Kitchen ceiling/set", '{"state": "OFF"}')]


def test_z2m_contact_with_boolean_payloads():
    d = one(*Z2M_CONTACT)
    e = initial(d)
    e = feed(d, e, "zigbee2mqtt/Back door sensor", '{"contact": false, "battery": 90}')
    assert e.state == "on"  # contact false = open
    e = feed(d, e, "zigbee2mqtt/Back door sensor", '{"contact": true}')
    assert e.state == "off"


def test_z2m_lock_states_and_commands():
    d = one(*Z2M_LOCK)
    e = feed(d, initial(d), "zigbee2mqtt/Front lock", '{"state": "LOCK"}')
    assert e.state == "locked"
    assert commands(d, e, "unlock", {}) == [("zigbee2mqtt/Front lock/set", "UNLOCK")]
    confirm = expected(d, e, "unlock", {})
    assert not confirm(e) and confirm(feed(d, e, "zigbee2mqtt/Front lock", '{"state": "UNLOCK"}'))


def test_esphome_cover_states_position_and_commands():
    d = one(*ESPHOME_COVER)
    e = feed(d, initial(d), "garage-node/cover/garage_door/state", "closed")
    assert e.state == "closed"
    e = feed(d, e, "garage-node/cover/garage_door/position/state", "40")
    assert e.attributes["current_position"] == 40
    assert commands(d, e, "open_cover", {}) == [("garage-node/cover/garage_door/command", "OPEN")]
    assert commands(d, e, "set_cover_position", {"position": 30}) == [
        ("garage-node/cover/garage_door/position/command", "30")]


def test_tasmota_switch_template():
    d = one(*TASMOTA_PLUG)
    e = feed(d, initial(d), "tele/tasmota_A1B2C3/STATE", '{"Time":"2026-01-01T10:00:00","POWER":"ON","Wifi":{"RSSI":80}}')
    assert e.state == "on"
    assert commands(d, e, "turn_off", {}) == [("cmnd/tasmota_A1B2C3/POWER", "OFF")]


def test_alarm_with_remote_code():
    d = one(*ALARM)
    e = feed(d, initial(d), "home/alarm", "armed_away")
    assert e.state == "armed_away"
    assert commands(d, e, "alarm_disarm", {}, code="4321") == [("home/alarm/set", '{"action": "DISARM", "code": "4321"}')]
    from tui.controller.errors import NotAllowed
    with pytest.raises(NotAllowed, match="needs its code"):
        commands(d, e, "alarm_disarm", {})


def test_climate_topics():
    d = one(*CLIMATE)
    e = initial(d)
    assert e.attributes["hvac_modes"] == ["off", "heat", "auto"] and e.attributes["max_temp"] == 28
    e = feed(d, e, "home/tstat/mode", "heat")
    e = feed(d, e, "home/tstat/target", "21.5")
    e = feed(d, e, "home/tstat/current", "19.25")
    assert (e.state, e.attributes["temperature"], e.attributes["current_temperature"]) == ("heat", 21.5, 19.25)
    assert commands(d, e, "set_temperature", {"temperature": 22.0}) == [("home/tstat/target/set", "22")]
    assert commands(d, e, "set_hvac_mode", {"hvac_mode": "off"}) == [("home/tstat/mode/set", "off")]


def test_device_based_values_through_templates():
    found = {d.entity_id: d for d in parse(DEVICE_BASED[0], json.dumps(DEVICE_BASED[1]))}
    flow = found["sensor.sc_heatpump_flow"]
    e = feed(flow, initial(flow), "hp/state", '{"flow": 35.26, "mode": "eco"}')
    assert e.state == "35.3"
    mode = found["select.sc_heatpump_mode"]
    m = feed(mode, initial(mode), "hp/state", '{"mode": "eco"}')
    assert m.state == "eco"
    assert feed(mode, m, "hp/state", '{"mode": "nonsense"}').state == "eco"
    assert commands(mode, m, "select_option", {"option": "boost"}) == [("hp/mode/set", "boost")]
    button = found["button.sc_heatpump_restart"]
    assert commands(button, initial(button), "press", {}) == [("hp/restart", "PRESS")]
    fan = found["fan.sc_heatpump_fan"]
    f = feed(fan, initial(fan), "hp/fan/pct", "60")
    assert f.attributes["percentage"] == 60


# ------------------------------------------------------------------ templates
@pytest.mark.parametrize("template,payload,out", [
    ("{{ value_json.state }}", '{"state": "ON"}', "ON"),
    ("{{ value_json['temperature'] | float | round(1) }}", '{"temperature": 21.456}', "21.5"),
    ("{{ value_json.ENERGY.Power }}", '{"ENERGY": {"Power": 12}}', "12"),
    ("{{ 'ON' if value_json.POWER == 'ON' else 'OFF' }}", '{"POWER": "ON"}', "ON"),
    ("{{ value | int / 10 }}", "215", "21.5"),
    ("{{ value_json.contact }}", '{"contact": true}', "True"),
    ("{{ value_json.list[1] }}", '{"list": [1, 2]}', "2"),
    ("{{ value_json.x | default('none') }}", "{}", "none"),
    ("{{ value | upper }}", "open", "OPEN"),
    ("{{value_json.POWER}}", '{"POWER": "OFF"}', "OFF"),
])
def test_templates(template, payload, out):
    assert render(template, value_names(payload)) == out


def test_missing_value_is_undefined_and_unknown_forms_are_refused():
    assert render("{{ value_json.missing }}", value_names("{}")) is Undefined
    assert render("{{ value_json.a.b }}", value_names("not json")) is Undefined
    for bad in ("{% if value %}x{% endif %}", "{{ value.__class__.__mro__ }}", "{{ states('sensor.x') }}",
                "{{ value | regex_replace('a', 'b') }}", "{{ value_json.x is defined }}", "{{ lambda: 1 }}"):
        with pytest.raises(TemplateUnsupported):
            r = render(bad, value_names('{"x": 1}'))
            if r is Undefined:  # a dunder lookup is just not found: never reaches Python objects
                raise TemplateUnsupported("undefined")
