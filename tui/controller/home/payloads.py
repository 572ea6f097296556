"""The MQTT mapping for a bridge: the HA MQTT component of each entity domain and the payload a
service call publishes."""

from __future__ import annotations

from tui.controller.home.entities import Entity

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
