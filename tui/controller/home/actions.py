"""What a driver can ask of each kind of device: friendly words ("open", "brightness", "unlock")
mapped to Home Assistant services ("open_cover", "turn_on" with brightness_pct, "alarm_disarm",
"set_temperature", ...), the values they take, checked, and the service data they send."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from tui.controller.errors import InvalidValue, NotAllowed, UnknownName
from tui.controller.home.entities import Entity
from tui.controller.units import degrees_text, read_temperature

DOMAIN_NAMES = {
    "light": "light", "cover": "door / blind", "lock": "lock", "alarm_control_panel": "alarm",
    "climate": "thermostat", "switch": "switch", "number": "setting", "sensor": "sensor",
    "binary_sensor": "contact", "event": "doorbell", "fan": "fan", "select": "choice", "button": "button",
}
COLOURS = {
    "warm white": (255, 197, 143), "white": (255, 255, 255), "red": (255, 0, 0), "orange": (255, 140, 0),
    "yellow": (255, 220, 0), "green": (0, 200, 0), "blue": (0, 80, 255), "purple": (150, 0, 255),
    "pink": (255, 80, 160),
}
ALARM_MODES = ("arm_away", "arm_home", "arm_night")
HVAC_MODES = ("off", "heat", "cool", "auto")


@dataclass(frozen=True)
class Action:
    name: str  # the word a driver uses: open, close, on, off, brightness, unlock, ...
    label: str
    service: str  # the HA service
    value: str | None = None  # None | "percent" | "colour" | "temperature" | "mode" | "number" | "seconds"


ACTIONS: dict[str, list[Action]] = {
    "light": [Action("on", "Turn on", "turn_on"), Action("off", "Turn off", "turn_off"),
              Action("toggle", "Toggle", "toggle"), Action("brightness", "Brightness", "turn_on", "percent"),
              Action("colour", "Colour", "turn_on", "colour")],
    "cover": [Action("open", "Open", "open_cover"), Action("close", "Close", "close_cover"),
              Action("stop", "Stop", "stop_cover"), Action("position", "Position", "set_cover_position", "percent")],
    "lock": [Action("lock", "Lock", "lock"), Action("unlock", "Unlock", "unlock")],
    "alarm_control_panel": [Action("arm_away", "Arm (away)", "alarm_arm_away"),
                            Action("arm_home", "Arm (home)", "alarm_arm_home"),
                            Action("arm_night", "Arm (night)", "alarm_arm_night"),
                            Action("disarm", "Disarm", "alarm_disarm")],
    "climate": [Action("temperature", "Target temperature", "set_temperature", "temperature"),
                Action("mode", "Mode", "set_hvac_mode", "mode")],
    "switch": [Action("on", "Turn on", "turn_on"), Action("off", "Turn off", "turn_off"),
               Action("toggle", "Toggle", "toggle")],
    "number": [Action("set", "Set", "set_value", "number")],
    "event": [Action("ring", "Ring now", "ring"), Action("ring_often", "Ring now and then", "ring_often", "seconds")],
    "sensor": [],
    "binary_sensor": [],
    "fan": [Action("on", "Turn on", "turn_on"), Action("off", "Turn off", "turn_off"),
            Action("toggle", "Toggle", "toggle"), Action("speed", "Speed", "set_percentage", "percent")],
    "select": [Action("choose", "Choose", "select_option", "option")],
    "button": [Action("press", "Press", "press")],
}
ALIASES = {
    "start": "on", "stop_charging": "off", "limit": "set", "arm": "arm_away", "dim": "brightness",
    "color": "colour", "target": "temperature", "set_temperature": "temperature", "turn_on": "on",
    "turn_off": "off", "up": "open", "down": "close", "select": "choose", "set": "choose", "push": "press",
}


@dataclass(frozen=True)
class Sensitive:
    """A security action on a kind of device, the one table the home's rules read: the question
    screens and the assistant ask first (default No), what the PIN is asked for ("Say your PIN to
    ..."), what it is in the authority's sentences, and the authority's action. `from_afar`: a
    security action (PIN, authority) only when the car is away from home; near home only asked."""

    domain: str
    actions: tuple[str, ...]
    authority: str  # the action in tui/controller/authority.py
    question: str  # {name}: the device's name, lower case
    said: str  # {name}
    doing: str  # {name}; {distance}: how far the car is from home
    device_classes: tuple[str, ...] = ()  # () = every device of the domain
    from_afar: bool = False


SENSITIVE: tuple[Sensitive, ...] = (
    Sensitive("lock", ("unlock",), "home.unlock", "Unlock the {name}?", "unlock the {name}", "unlock the {name}"),
    Sensitive("alarm_control_panel", ("disarm",), "home.disarm", "Disarm the alarm?", "disarm the alarm",
              "disarm the alarm"),
    Sensitive("cover", ("open", "position"), "home.garage", "Open the {name}?", "open the {name} from afar",
              "open the {name} from {distance} away", device_classes=("garage", "gate"), from_afar=True),
)


def sensitive(entity: Entity, action: Action) -> Sensitive | None:
    """The row of SENSITIVE for this action on this device, or None."""
    for row in SENSITIVE:
        if row.domain == entity.domain and action.name in row.actions and (
                not row.device_classes or entity.device_class in row.device_classes):
            return row
    return None


def actions_for(entity: Entity) -> list[Action]:
    acts = list(ACTIONS.get(entity.domain, []))
    if entity.domain == "cover" and entity.device_class in ("garage", "gate", "door"):
        acts = [a for a in acts if a.name != "position"]
    if entity.domain == "switch" and entity.device_class == "ev_charger":
        acts = [Action("start", "Start charging", "turn_on"), Action("stop", "Stop charging", "turn_off")]
    return acts


class Unsupported(InvalidValue):
    """A device asked for an action it does not have; says which it has, in plain words. The
    screens, CLI and assistant may read `device`, `asked` and `actions` to offer them."""

    def __init__(self, entity: Entity, asked: str, actions: list[Action]):
        self.device, self.asked, self.actions = entity, asked, actions
        word = asked.strip().lower().replace(" ", "_").replace("-", "_")
        words = word.replace("_", " ") or "do that"
        noun = any(a.name == word and a.value is not None for acts in ACTIONS.values() for a in acts)
        super().__init__(f"The {entity.name[:1].lower() + entity.name[1:]} {'has no ' if noun else 'cannot '}{words}; "
                         f"it can: {actions_text(actions)}.")


def actions_text(actions: list[Action]) -> str:
    """What a device can do, as words: "open, close, stop" / "turn on, turn off, toggle, brightness"."""
    return ", ".join(a.label.lower() for a in actions)


def match_action(entity: Entity, name: str) -> Action | None:
    """The device's action a word names (its own word or an alias), or None."""
    word = str(name).strip().lower().replace(" ", "_").replace("-", "_")
    acts = actions_for(entity)
    alias = ALIASES.get(word)
    return next((a for a in acts if a.name == word), None) or next((a for a in acts if a.name == alias), None)


def find_action(entity: Entity, name: str) -> Action:
    found = match_action(entity, name)
    if found is not None:
        return found
    acts = actions_for(entity)
    if not acts:
        raise NotAllowed(f"{entity.name} is a {DOMAIN_NAMES.get(entity.domain, entity.domain)}: it only reports.")
    raise Unsupported(entity, str(name), acts)


def pick_device(device, entities, ref: str, action: str) -> Entity:
    """The device a driver means by `ref` for `action` (`device(ref)`: the one the words name best;
    `entities()`: every device): of the devices the words could name ("garage": the garage door,
    its light, its contact), the one that can do it ("open": the door). Several can: asks which;
    none can: says what the one meant can do; no such device: `device` says so."""
    try:
        meant = device(ref)
    except UnknownName:
        meant = None
    if meant is not None and match_action(meant, action) is not None:
        return meant
    key = ref.strip().lower()
    named = [e for e in entities() if key in e.name.lower().split() or e.name.lower().startswith(key)
             or e.object_id.startswith(key.replace(" ", "_"))] if "." not in key else []
    able = [e for e in named if match_action(e, action) is not None]
    if len(able) == 1:
        return able[0]
    if len(able) > 1:
        names = [e.name for e in able[:4]]
        raise UnknownName(f"Which one: {', '.join(names[:-1])} or {names[-1]}?")
    if meant is None:
        return device(ref)  # says there is no such device, or which ones the words could be
    find_action(meant, action)  # says what it can do instead
    return meant


def parse_value(entity: Entity, action: Action, value: Any, hmi=None) -> Any:
    """The value an action needs, checked; a clear sentence when it is wrong. `hmi`: the driver's
    units (controller.hmi_units()): a temperature typed as text is in theirs unless it says C or F."""
    if action.value is None:
        return None
    if value is None or (isinstance(value, str) and not value.strip()):
        raise InvalidValue(f"Say what {action.label.lower()} you want for {entity.name}.")
    text = str(value).strip().lower().rstrip("%").strip()
    if action.value == "percent":
        try:
            n = int(round(float(text)))
        except (ValueError, OverflowError):
            raise InvalidValue(f"{action.label} is a number from 0 to 100.") from None
        low = 1 if action.name == "brightness" else 0
        if not low <= n <= 100:
            raise InvalidValue(f"{action.label} is a number from {low} to 100.")
        return n
    if action.value == "colour":
        if text in COLOURS:
            return text
        if text.startswith("#") and len(text) == 7:
            try:
                int(text[1:], 16)
                return text
            except ValueError:
                pass
        raise InvalidValue(f"Colours: {', '.join(COLOURS)}, or #RRGGBB.")
    if action.value == "temperature":
        unit = hmi.temperature if hmi is not None else "C"
        try:
            t = read_temperature(text, unit if isinstance(value, str) else "C")  # a number: the device's °C
        except ValueError:
            raise InvalidValue("A temperature is a number, like 20.5.") from None
        lo, hi = entity.attributes.get("min_temp", 7), entity.attributes.get("max_temp", 30)
        if not lo <= t <= hi:
            raise InvalidValue(f"{entity.name} goes from {degrees_text(lo, unit)} to {degrees_text(hi, unit)}.")
        return round(t * 2) / 2
    if action.value == "mode":
        modes = entity.attributes.get("hvac_modes", list(HVAC_MODES))
        if text not in modes:
            raise InvalidValue(f"{entity.name} modes: {', '.join(modes)}.")
        return text
    if action.value == "number":
        try:
            n = float(text)
        except ValueError:
            raise InvalidValue(f"{entity.name} is a number.") from None
        if n != n:
            raise InvalidValue(f"{entity.name} is a number.")
        lo, hi, step = entity.attributes.get("min", 0), entity.attributes.get("max", 100), entity.attributes.get("step", 1)
        if not lo <= n <= hi:
            raise InvalidValue(f"{entity.name} goes from {lo:g} to {hi:g}.")
        n = round(n / step) * step
        return int(n) if float(n).is_integer() else n
    if action.value == "option":
        options = [str(o) for o in entity.attributes.get("options", [])]
        chosen = next((o for o in options if o.lower() == str(value).strip().lower()), None)
        if chosen is None:
            raise InvalidValue(f"{entity.name}: {', '.join(options)}.")
        return chosen
    if action.value == "seconds":
        try:
            n = int(float(text))
        except (ValueError, OverflowError):
            raise InvalidValue("Say how often in seconds (0 stops it).") from None
        if not 0 <= n <= 86400:
            raise InvalidValue("Between 0 (never) and 86400 seconds.")
        return n
    return value


def service_data(action: Action, value: Any) -> dict:
    if action.value == "percent":
        if action.name == "speed":
            return {"percentage": value}
        return {"brightness_pct": value} if action.name == "brightness" else {"position": value}
    if action.value == "colour":
        rgb = COLOURS.get(value) or tuple(int(value[i:i + 2], 16) for i in (1, 3, 5))
        return {"rgb_color": list(rgb)}
    if action.value == "temperature":
        return {"temperature": value}
    if action.value == "mode":
        return {"hvac_mode": value}
    if action.value == "number":
        return {"value": value}
    if action.value == "seconds":
        return {"every_s": value}
    if action.value == "option":
        return {"option": value}
    return {}
