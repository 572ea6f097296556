"""Home Assistant MQTT discovery, read: a config message in, the entities it announces out. Pure
parsing, no network (tui/controller/home/bridge.py feeds it what the broker sends).

Both forms: per entity (`<prefix>/<component>/[<node_id>/]<object_id>/config`) and device-based
(`<prefix>/device/<object_id>/config` with `cmps`). Short key names are expanded, a `~` at the start
or end of a topic is the base topic, the device's suggested area is the room, availability is one
topic or a list (mode all/any/latest). An empty payload removes what the topic announced (the
bridge replaces a topic's entities with the new list each time). An unknown component or a
malformed payload is a problem, logged by the caller and otherwise ignored: never fatal.
"""

from __future__ import annotations

import json
import logging
import re
from dataclasses import dataclass, field

log = logging.getLogger("smartcockpit.home.discovery")

COMPONENTS = ("alarm_control_panel", "binary_sensor", "button", "climate", "cover", "fan", "light", "lock", "number",
              "select", "sensor", "switch")
MAX_CONFIG = 64 * 1024
ID = re.compile(r"^[a-zA-Z0-9_-]+$")

# Home Assistant's abbreviation table (the keys this bridge reads, and their neighbours)
ABBREVIATIONS = {
    "act_t": "action_topic", "act_tpl": "action_template", "atype": "automation_type",
    "aux_cmd_t": "aux_command_topic", "aux_stat_t": "aux_state_topic", "avty": "availability",
    "avty_mode": "availability_mode", "avty_t": "availability_topic", "avty_tpl": "availability_template",
    "bri_cmd_t": "brightness_command_topic", "bri_cmd_tpl": "brightness_command_template",
    "bri_scl": "brightness_scale", "bri_stat_t": "brightness_state_topic", "bri_val_tpl": "brightness_value_template",
    "cmd_off_tpl": "command_off_template", "cmd_on_tpl": "command_on_template", "cmd_t": "command_topic",
    "cmd_tpl": "command_template", "cod_arm_req": "code_arm_required", "cod_dis_req": "code_disarm_required",
    "cod_form": "code_format", "cod_trig_req": "code_trigger_required", "cmps": "components",
    "curr_temp_t": "current_temperature_topic", "curr_temp_tpl": "current_temperature_template",
    "dev": "device", "dev_cla": "device_class", "def_ent_id": "default_entity_id", "e": "encoding",
    "en": "enabled_by_default", "ent_cat": "entity_category", "exp_aft": "expire_after", "fan_mode_cmd_t":
    "fan_mode_command_topic", "fan_mode_stat_t": "fan_mode_state_topic", "fan_mode_stat_tpl": "fan_mode_state_template",
    "frc_upd": "force_update", "ic": "icon", "json_attr_t": "json_attributes_topic",
    "json_attr_tpl": "json_attributes_template", "max": "max", "max_temp": "max_temp", "min": "min",
    "min_temp": "min_temp", "mode_cmd_t": "mode_command_topic", "mode_cmd_tpl": "mode_command_template",
    "mode_stat_t": "mode_state_topic", "mode_stat_tpl": "mode_state_template", "modes": "modes", "name": "name",
    "o": "origin", "obj_id": "object_id", "off_dly": "off_delay", "opt": "optimistic", "ops": "options",
    "p": "platform", "pct_cmd_t": "percentage_command_topic", "pct_cmd_tpl": "percentage_command_template",
    "pct_stat_t": "percentage_state_topic", "pct_val_tpl": "percentage_value_template",
    "pl_arm_away": "payload_arm_away", "pl_arm_home": "payload_arm_home", "pl_arm_nite": "payload_arm_night",
    "pl_arm_vacation": "payload_arm_vacation", "pl_arm_custom_b": "payload_arm_custom_bypass",
    "pl_avail": "payload_available", "pl_cls": "payload_close", "pl_disarm": "payload_disarm",
    "pl_lock": "payload_lock", "pl_not_avail": "payload_not_available", "pl_off": "payload_off", "pl_on": "payload_on",
    "pl_open": "payload_open", "pl_prs": "payload_press", "pl_stop": "payload_stop", "pl_trig": "payload_trigger",
    "pl_unlk": "payload_unlock", "pos_clsd": "position_closed", "pos_open": "position_open",
    "pos_t": "position_topic", "pos_tpl": "position_template", "pr_mode_cmd_t": "preset_mode_command_topic",
    "pr_mode_stat_t": "preset_mode_state_topic", "pr_modes": "preset_modes", "qos": "qos", "ret": "retain",
    "schema": "schema", "set_pos_t": "set_position_topic", "set_pos_tpl": "set_position_template",
    "stat_cla": "state_class", "stat_clsd": "state_closed", "stat_closing": "state_closing", "stat_jam": "state_jammed",
    "stat_locked": "state_locked", "stat_locking": "state_locking", "stat_off": "state_off", "stat_on": "state_on",
    "stat_open": "state_open", "stat_opening": "state_opening", "stat_stopped": "state_stopped",
    "stat_t": "state_topic", "stat_tpl": "state_template", "stat_unlocked": "state_unlocked",
    "stat_unlocking": "state_unlocking", "stat_val_tpl": "state_value_template", "step": "step",
    "sug_dsp_prc": "suggested_display_precision", "sup_clrm": "supported_color_modes", "sup_feat": "supported_features",
    "temp_cmd_t": "temperature_command_topic", "temp_cmd_tpl": "temperature_command_template",
    "temp_stat_t": "temperature_state_topic", "temp_stat_tpl": "temperature_state_template",
    "temp_unit": "temperature_unit", "uniq_id": "unique_id", "unit_of_meas": "unit_of_measurement",
    "val_tpl": "value_template", "brgt": "brightness", "clrm": "color_mode", "rgb_cmd_t": "rgb_command_topic",
    "rgb_stat_t": "rgb_state_topic", "rgb_val_tpl": "rgb_value_template", "rgb_cmd_tpl": "rgb_command_template",
    "t": "topic", "tpl": "value_template",
}
DEVICE_ABBREVIATIONS = {
    "cns": "connections", "ids": "identifiers", "name": "name", "mf": "manufacturer", "mdl": "model",
    "mdl_id": "model_id", "hw": "hw_version", "sw": "sw_version", "sa": "suggested_area", "sn": "serial_number",
    "cu": "configuration_url", "via_device": "via_device",
}
ORIGIN_ABBREVIATIONS = {"name": "name", "sw": "sw_version", "url": "support_url"}
# the keys a device-based config may set for all its components
SHARED_KEYS = ("availability", "availability_topic", "availability_mode", "availability_template",
               "payload_available", "payload_not_available", "origin", "command_topic", "state_topic", "qos",
               "encoding")
NAMED_BY_CLASS = ("sensor", "binary_sensor", "button", "number")


class DiscoveryProblem(ValueError):
    """A config that can't be used (logged and ignored by the caller)."""


@dataclass(frozen=True)
class Availability:
    topic: str
    payload_available: str = "online"
    payload_not_available: str = "offline"
    value_template: str | None = None


@dataclass(frozen=True)
class Discovered:
    """One entity a config announces."""

    key: str  # where it came from: "<config topic>" or "<config topic>#<component id>"
    component: str
    entity_id: str  # "<component>.<object id>", stable across restarts (favourites keep it)
    name: str
    room: str
    device_class: str | None
    config: dict  # expanded keys, `~` resolved
    device: dict = field(default_factory=dict)
    availability: tuple[Availability, ...] = ()
    availability_mode: str = "latest"

    @property
    def unique_id(self) -> str | None:
        return self.config.get("unique_id")

    def topics(self) -> list[str]:
        """Every topic the entity reads (state, position, brightness, availability...)."""
        out = [v for k, v in self.config.items() if k.endswith("_topic") and "command" not in k and isinstance(v, str)]
        out += [a.topic for a in self.availability]
        return list(dict.fromkeys(out))


def expand(config: dict, table: dict = ABBREVIATIONS) -> dict:
    return {table.get(k, k): v for k, v in config.items()}


def _base(config: dict) -> dict:
    """`~` at the start or end of any *_topic (and availability topics) is the base topic."""
    base = config.get("~")
    if not isinstance(base, str):
        return config
    out = {}
    for k, v in config.items():
        if k.endswith("_topic") and isinstance(v, str):
            if v.startswith("~"):
                v = base + v[1:]
            elif v.endswith("~"):
                v = v[:-1] + base
        out[k] = v
    return out


def _availability(config: dict, base: str | None) -> tuple[tuple[Availability, ...], str]:
    def fix(topic: str) -> str:
        if base and topic.startswith("~"):
            return base + topic[1:]
        if base and topic.endswith("~"):
            return topic[:-1] + base
        return topic

    items = []
    if isinstance(config.get("availability_topic"), str):
        items.append(Availability(fix(config["availability_topic"]), _text(config.get("payload_available", "online")),
                                  _text(config.get("payload_not_available", "offline")),
                                  config.get("availability_template")))
    avail = config.get("availability")
    if isinstance(avail, list):
        for a in avail:
            if isinstance(a, dict):
                a = expand(a)
                if isinstance(a.get("topic"), str):
                    items.append(Availability(fix(a["topic"]), _text(a.get("payload_available", "online")),
                                              _text(a.get("payload_not_available", "offline")),
                                              a.get("value_template")))
    mode = config.get("availability_mode", "latest")
    return tuple(items), mode if mode in ("all", "any", "latest") else "latest"


def _text(value) -> str:
    """A payload as HA's config validation makes it: True/False as Python prints them (Zigbee2MQTT
    sends payload_on: true and a template that renders `True`)."""
    return value if isinstance(value, str) else str(value)


def _slug(text: str) -> str:
    return re.sub(r"[^a-z0-9_]+", "_", str(text).lower()).strip("_") or "entity"


def _humanize(text: str) -> str:
    return str(text).replace("_", " ").capitalize()


def _entity(key: str, component: str, object_id: str, config: dict, device: dict) -> Discovered:
    default_id = config.get("default_entity_id")
    if isinstance(default_id, str) and default_id.startswith(component + ".") and len(default_id) > len(component) + 1:
        entity_id = component + "." + _slug(default_id.split(".", 1)[1])
    elif isinstance(config.get("object_id"), str):
        entity_id = f"{component}.{_slug(config['object_id'])}"
    else:
        entity_id = f"{component}.{_slug(object_id)}"
    device_name = device.get("name") if isinstance(device.get("name"), str) else ""
    if "name" in config and config["name"] is None:
        name = device_name  # the device's main feature
    elif isinstance(config.get("name"), str) and config["name"].strip():
        own = config["name"].strip()
        name = f"{device_name} {own}" if device_name and not own.lower().startswith(device_name.lower()) else own
    elif component in NAMED_BY_CLASS and config.get("device_class"):
        own = _humanize(config["device_class"])
        name = f"{device_name} {own.lower()}" if device_name else own
    else:
        name = device_name or _humanize(object_id)
    availability, mode = _availability(config, config.get("~"))
    room = device.get("suggested_area") if isinstance(device.get("suggested_area"), str) else ""
    dc = config.get("device_class") if isinstance(config.get("device_class"), str) else None
    clean = {k: v for k, v in _base(config).items() if k not in ("device", "availability", "origin", "components")}
    return Discovered(key, component, entity_id, (name or object_id)[:60], room, dc, clean, device, availability, mode)


def _check(component: str, config: dict) -> None:
    need = {"cover": (), "light": ("command_topic",), "lock": ("command_topic",), "switch": ("command_topic",),
            "alarm_control_panel": ("state_topic", "command_topic"), "sensor": ("state_topic",),
            "binary_sensor": ("state_topic",), "button": ("command_topic",), "fan": ("command_topic",),
            "number": ("command_topic",), "select": ("command_topic", "options"), "climate": ()}[component]
    for key in need:
        if not config.get(key):
            raise DiscoveryProblem(f"{component} config without {key}")
    for k, v in config.items():
        if k.endswith("_topic") and v is not None and (not isinstance(v, str) or not v or "#" in v or "+" in v):
            raise DiscoveryProblem(f"{component}: {k} is not a topic")
    if component == "select" and not (isinstance(config["options"], list) and config["options"]):
        raise DiscoveryProblem("select config without options")


def parse(topic: str, payload: bytes | str, prefix: str = "homeassistant") -> list[Discovered]:
    """The entities a config message announces ([] for an empty payload: the topic's entities go).
    Raises DiscoveryProblem for what can't be used (an unknown component, malformed JSON...)."""
    parts = topic.split("/")
    head = prefix.split("/")
    if parts[:len(head)] != head or parts[-1] != "config" or len(parts) - len(head) not in (3, 4):
        raise DiscoveryProblem(f"not a discovery topic: {topic[:80]}")
    component, ids = parts[len(head)], parts[len(head) + 1:-1]
    if not all(ID.match(i) for i in ids):
        raise DiscoveryProblem(f"bad node or object id in {topic[:80]}")
    object_id = "_".join(ids) if len(ids) == 2 else ids[0]
    if component != "device" and component not in COMPONENTS:
        raise DiscoveryProblem(f"component {component!r} is not one this car handles")
    if isinstance(payload, bytes):
        if len(payload) > MAX_CONFIG:
            raise DiscoveryProblem(f"config of {len(payload)} bytes is too big")
        try:
            payload = payload.decode("utf-8")
        except UnicodeDecodeError:
            raise DiscoveryProblem("config is not UTF-8") from None
    if not payload.strip():
        return []
    try:
        raw = json.loads(payload)
    except (ValueError, RecursionError):
        raise DiscoveryProblem("config is not JSON") from None
    if not isinstance(raw, dict):
        raise DiscoveryProblem("config is not a JSON object")
    config = expand(raw)
    device = expand(config.get("device"), DEVICE_ABBREVIATIONS) if isinstance(config.get("device"), dict) else {}
    if config.get("migrate_discovery"):
        return []
    if component != "device":
        _check(component, _base(config))
        return [_entity(topic, component, object_id, config, device)]
    if not device or not isinstance(config.get("components"), dict):
        raise DiscoveryProblem("device config without device or components")
    shared = {k: config[k] for k in SHARED_KEYS if k in config}
    if "~" in config:
        shared["~"] = config["~"]
    out = []
    for cid, cmp_raw in config["components"].items():
        if not isinstance(cmp_raw, dict) or not ID.match(str(cid)):
            continue
        cmp = expand(cmp_raw)
        platform = cmp.get("platform")
        if platform not in COMPONENTS:
            continue  # another platform (device_automation, a reduced component): not an entity here
        if not cmp.get("unique_id"):
            continue  # {"p": "sensor"} alone: the component is being removed
        merged = {**shared, **cmp}
        try:
            _check(platform, _base(merged))
        except DiscoveryProblem as exc:
            log.warning("discovery %s#%s ignored: %s", topic, cid, exc)
            continue
        out.append(_entity(f"{topic}#{cid}", platform, f"{object_id}_{cid}", merged, device))
    return out
