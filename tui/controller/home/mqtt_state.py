"""A discovered MQTT entity, both ways: what its state messages mean for the car's `Entity` (HA's
state words: "open", "locked", "armed_away", "on" ...), and the messages a service call publishes
on its command topics with its own payloads and templates. Pure functions, no network.
"""

from __future__ import annotations

import json
import logging
from dataclasses import replace

from tui.controller.errors import InvalidValue, NotAllowed
from tui.controller.home.discovery import Discovered
from tui.controller.home.entities import Entity
from tui.controller.home.templates import TemplateUnsupported, Undefined, render, value_names

log = logging.getLogger("smartcockpit.home.mqtt")

# which config key a topic came from -> (role, the template that reads it)
ROLES = {
    "state_topic": ("state", "value_template"), "position_topic": ("position", "position_template"),
    "brightness_state_topic": ("brightness", "brightness_value_template"),
    "rgb_state_topic": ("rgb", "rgb_value_template"),
    "current_temperature_topic": ("current_temperature", "current_temperature_template"),
    "temperature_state_topic": ("temperature", "temperature_state_template"),
    "mode_state_topic": ("mode", "mode_state_template"), "action_topic": ("action", "action_template"),
    "percentage_state_topic": ("percentage", "percentage_value_template"),
    "json_attributes_topic": ("attributes", "json_attributes_template"),
}
ALARM_STATES = {"disarmed", "armed_home", "armed_away", "armed_night", "armed_vacation", "armed_custom_bypass",
                "pending", "triggered", "arming", "disarming"}
REMOTE_CODES = ("REMOTE_CODE", "REMOTE_CODE_TEXT")


def _p(c: dict, key: str, default: str) -> str:
    v = c.get(key, default)
    return v if isinstance(v, str) else str(v)


def initial(d: Discovered) -> Entity:
    """The entity before any state arrives: "unknown" when it has a state topic (HA's word)."""
    c = d.config
    attrs: dict = {}
    for key in ("unit_of_measurement", "min", "max", "step", "min_temp", "max_temp", "state_class", "icon",
                "entity_category"):
        if key in c and isinstance(c[key], (str, int, float)) and not isinstance(c[key], bool):
            attrs[key] = c[key]
    if d.component == "climate":
        modes = c.get("modes") if isinstance(c.get("modes"), list) else ["auto", "off", "cool", "heat", "dry",
                                                                         "fan_only"]
        attrs["hvac_modes"] = [str(m) for m in modes]
        attrs.setdefault("min_temp", 7)
        attrs.setdefault("max_temp", 35)
    if d.component == "select":
        attrs["options"] = [str(o) for o in c.get("options", [])]
    if d.component == "alarm_control_panel" and c.get("code") in REMOTE_CODES:
        attrs["code_format"] = "number" if c["code"] == "REMOTE_CODE" else "text"
    has_state = any(k in c for k in ("state_topic", "mode_state_topic", "position_topic"))
    state = "unknown" if has_state else ("off" if d.component in ("light", "switch", "fan") else "")
    if d.component == "lock" and not has_state:
        state = "unlocked"
    return Entity(d.entity_id, d.name, d.room, d.device_class, state, attrs)


def read(d: Discovered, role: str, template_key: str, payload: str):
    """The value a state message carries after its template (None: nothing to apply)."""
    template = d.config.get(template_key)
    if role == "state" and d.component == "light" and d.config.get("state_value_template"):
        template = d.config["state_value_template"]
    if not template or not isinstance(template, str):
        return payload
    try:
        value = render(template, value_names(payload))
    except TemplateUnsupported as exc:
        log.warning("%s: template %r not understood (%s); value ignored", d.entity_id, template[:60], exc)
        return None
    return None if value is Undefined else value


def apply(d: Discovered, e: Entity, role: str, value: str) -> Entity:
    """The entity after one state value."""
    c, a = d.config, dict(e.attributes)
    if role == "attributes":
        try:
            extra = json.loads(value)
        except ValueError:
            return e
        if isinstance(extra, dict):
            a.update({k: v for k, v in list(extra.items())[:30] if isinstance(k, str) and
                      isinstance(v, (str, int, float, bool)) and k not in ("state",)})
        return replace(e, attributes=a)
    if role in ("current_temperature", "temperature", "position", "brightness", "percentage"):
        try:
            n = float(value)
        except (TypeError, ValueError):
            return e
        if n != n:
            return e
        if role == "position":
            lo, hi = float(c.get("position_closed", 0)), float(c.get("position_open", 100))
            pct = round((n - lo) * 100 / (hi - lo)) if hi != lo else 0
            a["current_position"] = max(0, min(100, pct))
            state = e.state
            if "state_topic" not in c:  # position alone tells open or closed
                state = "closed" if a["current_position"] == 0 else "open"
            return replace(e, state=state, attributes=a)
        if role == "brightness":
            a["brightness"] = max(0, min(255, round(n * 255 / float(c.get("brightness_scale", 255) or 255))))
        elif role == "percentage":
            a["percentage"] = max(0, min(100, round(n)))
        else:
            a[role] = n
        return replace(e, attributes=a)
    if role == "rgb":
        try:
            a["rgb_color"] = [int(x) for x in str(value).split(",")][:3]
        except ValueError:
            return e
        return replace(e, attributes=a)
    if role == "mode":
        return replace(e, state=str(value).strip().lower(), attributes=a)
    if role == "action":
        a["hvac_action"] = str(value).strip().lower()
        return replace(e, attributes=a)
    return _state(d, e, str(value), a)


def _state(d: Discovered, e: Entity, value: str, a: dict) -> Entity:
    c, comp = d.config, d.component
    v = value.strip()
    if comp == "light" and c.get("schema") == "json":
        try:
            data = json.loads(v)
        except ValueError:
            return e
        if not isinstance(data, dict):
            return e
        if "brightness" in data and isinstance(data["brightness"], (int, float)):
            a["brightness"] = max(0, min(255, round(data["brightness"] * 255 / float(c.get("brightness_scale", 255) or 255))))
        col = data.get("color")
        if isinstance(col, dict) and all(isinstance(col.get(k), int) for k in "rgb"):
            a["rgb_color"] = [col["r"], col["g"], col["b"]]
        st = data.get("state")
        state = "on" if st == "ON" else "off" if st == "OFF" else e.state
        return replace(e, state=state, attributes=a)
    if comp in ("light", "switch", "fan", "binary_sensor"):
        on, off = _p(c, "state_on", _p(c, "payload_on", "ON")), _p(c, "state_off", _p(c, "payload_off", "OFF"))
        if v == on:
            return replace(e, state="on", attributes=a)
        if v == off:
            return replace(e, state="off", attributes=a)
        if v.lower() in ("none", "unknown", ""):
            return replace(e, state="unknown", attributes=a)
        return e
    if comp == "cover":
        table = {_p(c, "state_open", "open"): "open", _p(c, "state_opening", "opening"): "opening",
                 _p(c, "state_closed", "closed"): "closed", _p(c, "state_closing", "closing"): "closing",
                 _p(c, "state_stopped", "stopped"): "stopped"}
        state = table.get(v) or {k.lower(): s for k, s in table.items()}.get(v.lower())
        if state is None and v.lower() in ("open", "opening", "closed", "closing", "stopped"):
            state = v.lower()
        if state is None:
            return e
        if state in ("open", "closed") and "position_topic" not in c:
            a["current_position"] = 100 if state == "open" else 0
        return replace(e, state=state, attributes=a)
    if comp == "lock":
        table = {_p(c, "state_locked", "LOCKED"): "locked", _p(c, "state_unlocked", "UNLOCKED"): "unlocked",
                 _p(c, "state_locking", "LOCKING"): "locking", _p(c, "state_unlocking", "UNLOCKING"): "unlocking",
                 _p(c, "state_jammed", "JAMMED"): "jammed", _p(c, "state_open", "OPEN"): "open"}
        state = table.get(v)
        return e if state is None else replace(e, state=state, attributes=a)
    if comp == "alarm_control_panel":
        state = v.lower()
        return replace(e, state=state, attributes=a) if state in ALARM_STATES else e
    if comp == "select":
        return replace(e, state=v, attributes=a) if v in a.get("options", []) else e
    if comp in ("sensor", "number", "climate"):
        return replace(e, state=v[:40], attributes=a)
    return e


# ---------------------------------------------------------------- commands
def _template(d: Discovered, key: str, names: dict, default: str) -> str:
    template = d.config.get(key)
    if not isinstance(template, str) or not template:
        return default
    try:
        out = render(template, names)
    except TemplateUnsupported as exc:
        raise NotAllowed(f"{d.name}: its command template is not one this car understands ({exc}).") from None
    if out is Undefined:
        raise NotAllowed(f"{d.name}: its command template needs a value this car does not have.")
    return out


def _need(d: Discovered, key: str) -> str:
    topic = d.config.get(key)
    if not isinstance(topic, str) or not topic:
        raise NotAllowed(f"{d.name} takes no such command (it has no {key.replace('_', ' ')}).")
    return topic


def commands(d: Discovered, e: Entity, service: str, data: dict, code: str | None = None) -> list[tuple[str, str]]:
    """(topic, payload) pairs a service call publishes (never retained), in order."""
    c, comp = d.config, d.component
    cmd = c.get("command_topic")
    if comp in ("light", "switch", "fan"):
        if service == "toggle":
            service = "turn_off" if e.state == "on" else "turn_on"
        if service not in ("turn_on", "turn_off", "set_percentage"):
            raise InvalidValue(f"{e.name} can't {service}.")
        on = service != "turn_off"
        if comp == "light" and c.get("schema") == "json":
            body: dict = {"state": "ON" if on else "OFF"}
            if on and "brightness_pct" in data:
                body["brightness"] = round(data["brightness_pct"] * float(c.get("brightness_scale", 255) or 255) / 100)
            if on and "rgb_color" in data:
                r, g, b = data["rgb_color"]
                body["color"] = {"r": r, "g": g, "b": b}
            return [(_need(d, "command_topic"), json.dumps(body))]
        out = []
        payload = _p(c, "payload_on" if on else "payload_off", "ON" if on else "OFF")
        if "command_template" in c:
            payload = _template(d, "command_template", {"value": payload}, payload)
        if on and "brightness_pct" in data and c.get("brightness_command_topic"):
            scale = float(c.get("brightness_scale", 255) or 255)
            value = round(data["brightness_pct"] * scale / 100)
            out.append((c["brightness_command_topic"],
                        _template(d, "brightness_command_template", {"value": value}, str(value))))
            if c.get("on_command_type") == "brightness":
                return out
        if on and "rgb_color" in data and c.get("rgb_command_topic"):
            rgb = ",".join(str(v) for v in data["rgb_color"])
            out.append((c["rgb_command_topic"], _template(d, "rgb_command_template", {"value": rgb, "red": data["rgb_color"][0],
                                                                                       "green": data["rgb_color"][1],
                                                                                       "blue": data["rgb_color"][2]}, rgb)))
        if "percentage" in data and c.get("percentage_command_topic"):
            pct = int(data["percentage"])
            out.append((c["percentage_command_topic"], _template(d, "percentage_command_template", {"value": pct}, str(pct))))
            if service == "set_percentage":
                return out
        if not (out and c.get("on_command_type") == "first"):
            out.append((_need(d, "command_topic"), payload))
        else:
            out.insert(0, (_need(d, "command_topic"), payload))
        return out
    if comp == "cover":
        if service == "set_cover_position":
            pos = int(data["position"])
            lo, hi = float(c.get("position_closed", 0)), float(c.get("position_open", 100))
            value = round(lo + (hi - lo) * pos / 100)
            topic = c.get("set_position_topic") or _need(d, "command_topic")
            return [(topic, _template(d, "set_position_template", {"position": value, "value": value}, str(value)))]
        key = {"open_cover": ("payload_open", "OPEN"), "close_cover": ("payload_close", "CLOSE"),
               "stop_cover": ("payload_stop", "STOP")}.get(service)
        if key is None:
            raise InvalidValue(f"{e.name} can't {service}.")
        payload = _p(c, *key)
        return [(_need(d, "command_topic"), _template(d, "command_template", {"value": payload}, payload))]
    if comp == "lock":
        key = {"lock": ("payload_lock", "LOCK"), "unlock": ("payload_unlock", "UNLOCK"),
               "open": ("payload_open", "OPEN")}.get(service)
        if key is None:
            raise InvalidValue(f"{e.name} can't {service}.")
        payload = _p(c, *key)
        return [(cmd or _need(d, "command_topic"),
                 _template(d, "command_template", {"value": payload, "code": code or ""}, payload))]
    if comp == "alarm_control_panel":
        key = {"alarm_arm_away": ("payload_arm_away", "ARM_AWAY"), "alarm_arm_home": ("payload_arm_home", "ARM_HOME"),
               "alarm_arm_night": ("payload_arm_night", "ARM_NIGHT"), "alarm_disarm": ("payload_disarm", "DISARM"),
               "alarm_trigger": ("payload_trigger", "TRIGGER")}.get(service)
        if key is None:
            raise InvalidValue(f"The alarm can't {service}.")
        action = _p(c, *key)
        if c.get("code") in REMOTE_CODES:
            required = {"alarm_disarm": c.get("code_disarm_required", True),
                        "alarm_trigger": c.get("code_trigger_required", True)}.get(service, c.get("code_arm_required", True))
            if required and not code:
                raise NotAllowed(f"{e.name} needs its code: set it in Settings > Smart home connection.")
        return [(_need(d, "command_topic"), _template(d, "command_template", {"action": action, "code": code or "",
                                                                              "value": action}, action))]
    if comp == "climate":
        if service == "set_temperature":
            t = data["temperature"]
            return [(_need(d, "temperature_command_topic"),
                     _template(d, "temperature_command_template", {"value": t}, f"{t:g}"))]
        if service == "set_hvac_mode":
            m = data["hvac_mode"]
            return [(_need(d, "mode_command_topic"), _template(d, "mode_command_template", {"value": m}, m))]
        raise InvalidValue(f"{e.name} can't {service}.")
    if comp == "number" and service == "set_value":
        v = data["value"]
        text = f"{v:g}" if isinstance(v, float) else str(v)
        return [(_need(d, "command_topic"), _template(d, "command_template", {"value": v}, text))]
    if comp == "select" and service == "select_option":
        opt = data["option"]
        return [(_need(d, "command_topic"), _template(d, "command_template", {"value": opt}, opt))]
    if comp == "button" and service == "press":
        payload = _p(c, "payload_press", "PRESS")
        return [(_need(d, "command_topic"), _template(d, "command_template", {"value": payload}, payload))]
    raise NotAllowed(f"{e.name} only reports; it takes no commands.")


def expected(d: Discovered, e: Entity, service: str, data: dict):
    """What confirms a command: a function of the new entity (True once it shows the command took
    effect), or None when nothing can confirm it (no state topic: optimistic, or a button)."""
    c, comp = d.config, d.component
    if comp == "button":
        return None
    if comp == "light" and ("state_topic" in c):
        if service == "toggle":
            service = "turn_off" if e.state == "on" else "turn_on"
        want = "off" if service == "turn_off" else "on"
        if "brightness_pct" in data and ("brightness_state_topic" in c or c.get("schema") == "json"):
            target = round(data["brightness_pct"] * 255 / 100)
            return lambda n: n.state == "on" and abs(n.attributes.get("brightness", -99) - target) <= 3
        return lambda n: n.state == want
    if comp in ("switch", "fan") and "state_topic" in c:
        if service == "toggle":
            service = "turn_off" if e.state == "on" else "turn_on"
        want = "off" if service == "turn_off" else "on"
        return lambda n: n.state == want
    if comp == "cover" and ("state_topic" in c or "position_topic" in c):
        if service == "set_cover_position":
            pos = int(data["position"])
            return lambda n: n.attributes.get("current_position") == pos or n.state in ("opening", "closing")
        wants = {"open_cover": ("open", "opening"), "close_cover": ("closed", "closing"),
                 "stop_cover": ("stopped", "open", "closed")}.get(service, ())
        return lambda n: n.state in wants
    if comp == "lock" and "state_topic" in c:
        wants = {"lock": ("locked", "locking", "jammed"), "unlock": ("unlocked", "unlocking", "jammed", "open"),
                 "open": ("open", "unlocked")}.get(service, ())
        return lambda n: n.state in wants
    if comp == "alarm_control_panel":
        if service == "alarm_disarm":
            return lambda n: n.state == "disarmed"
        target = service.replace("alarm_arm_", "armed_")
        return lambda n: n.state in (target, "arming", "pending")
    if comp == "climate":
        if service == "set_temperature" and "temperature_state_topic" in c:
            t = float(data["temperature"])
            return lambda n: abs(float(n.attributes.get("temperature", -999)) - t) < 0.05
        if service == "set_hvac_mode" and "mode_state_topic" in c:
            return lambda n: n.state == data["hvac_mode"]
        return None
    if comp in ("number", "select") and "state_topic" in c:
        want = str(data.get("value", data.get("option")))
        return lambda n: n.state == want or _same_number(n.state, want)
    return None


def _same_number(a: str, b: str) -> bool:
    try:
        return float(a) == float(b)
    except (TypeError, ValueError):
        return False


def optimistic(d: Discovered, e: Entity, service: str, data: dict) -> Entity:
    """An entity without a state topic shows what was asked (HA's optimistic mode)."""
    comp = d.component
    if comp in ("light", "switch", "fan"):
        on = service == "turn_on" or (service == "toggle" and e.state != "on")
        return replace(e, state="on" if on else "off")
    if comp == "lock":
        return replace(e, state="locked" if service == "lock" else "unlocked")
    if comp == "cover":
        return replace(e, state={"open_cover": "open", "close_cover": "closed"}.get(service, e.state))
    if comp == "climate" and service == "set_temperature":
        return replace(e, attributes=dict(e.attributes, temperature=data["temperature"]))
    if comp == "climate" and service == "set_hvac_mode":
        return replace(e, state=data["hvac_mode"])
    if comp in ("number", "select"):
        v = data.get("value", data.get("option"))
        return replace(e, state=f"{v:g}" if isinstance(v, float) else str(v))
    return e
