"""Lights and display: headlights, high beam, fog, hazards, interior and ambient light (with colour),
day/night, screen brightness, theme, font size, language, and the units the driver reads."""

from __future__ import annotations

from tui.controller.assistant.common import exact, need, said_flag, switch_intent, within
from tui.controller.assistant.engine import intent
from tui.controller.assistant.slots import ROOMS, change_of, change_or_switch, is_relative, percent_value, switch_of
from tui.controller.assistant.words import learn
from tui.controller.errors import InvalidValue

LIGHTS = "Vehicle.Body.Lights."
HMI = "Vehicle.Cabin.Infotainment.HMI."
P = "Vehicle.Private.SmartCockpit."
AMBIENT = "Vehicle.Cabin.Light.AmbientLight.Row1."
HOME_WORDS = ROOMS + ("garage",)
COLOURS = {"red": "#FF0000", "blue": "#0050FF", "green": "#00C853", "white": "#FFFFFF", "orange": "#FF8C00",
           "purple": "#8E24AA", "violet": "#8E24AA", "yellow": "#FFD600", "pink": "#FF4FA0", "cyan": "#00E5FF",
           "teal": "#00BFA5", "amber": "#FFB300", "magenta": "#FF00FF", "gold": "#FFC72C"}
SWITCH_MODES = {"OFF": "off", "POSITION": "sidelights", "DAYTIME_RUNNING_LIGHTS": "daytime running lights",
                "AUTO": "auto", "BEAM": "on"}


def home_room(req, a) -> bool:
    """The request names a room or device of the smart home (then it is not about the car)."""
    if req.has(*HOME_WORDS):
        return True
    from tui.controller.assistant.intents_home import mentions_home_device

    return mentions_home_device(req, a)


@intent("lights.headlights", examples=("headlights on", "lights to auto"), priority=47)
def headlights(req, a):
    if req.question or home_room(req, a):
        return None
    if not req.has("headlights", "lights", "sidelights", "drl", "daytime running", "parking lights", "position lights",
                   "lowbeam"):
        return None
    if req.has("highbeam", "fog", "hazard", "dome", "interiorlights", "ambient", "interior", "reading", "glovebox",
               "brake", "indicator", "screen", "display", "brightness"):
        return None
    if req.has("sidelights", "parking lights", "position lights", "parking"):
        return {"mode": "POSITION"}
    if req.has("drl", "daytime", "running"):
        return {"mode": "DAYTIME_RUNNING_LIGHTS"}
    if req.has("auto", "automatic"):
        return {"mode": "AUTO"}
    flag = req.on_off()
    if flag is None and req.has("lowbeam", "headlights"):
        flag = True
    if flag is None:
        return None
    return {"mode": "BEAM" if flag else "OFF"}


@headlights.act
def act_headlights(turn):
    path = LIGHTS + "LightSwitch"
    need(turn, path, "light switch")
    mode = turn.slots["mode"]
    event = turn.set(path, mode)
    shown = SWITCH_MODES.get(mode, mode.lower())
    return f"Headlights {'are already ' if event is None else ''}{shown}."


def _lamp(name, path, what, words, examples):
    return switch_intent(name, path, what, words, examples, unless=home_room, priority=46)


_lamp("lights.high_beam", LIGHTS + "IsHighBeamSwitchOn", "High beam", ("highbeam",), ("high beam on",))
_lamp("lights.fog", LIGHTS + "Fog.Front.IsOn", "Fog lights", ("fog",), ("fog lights on",))
_lamp("lights.hazard", LIGHTS + "Hazard.IsSignaling", "Hazard lights", ("hazard",), ("hazard lights on",))
_lamp("lights.glovebox", "Vehicle.Cabin.Light.IsGloveBoxOn", "Glovebox light", ("glovebox",), ())


@intent("lights.interior", examples=("interior lights on", "dome light 50 percent"), priority=46)
def interior(req, a):
    if req.question or home_room(req, a):
        return None
    if not (req.has("dome", "interiorlights") or (req.has("lights", "light") and req.has("interior", "cabin", "inside"))):
        return None
    q = req.number(None, "%")
    if q is not None:
        return {"on": q.value > 0, "percent": percent_value(q)}
    return change_or_switch(req)


@interior.act
def act_interior(turn):
    s = turn.slots
    path = "Vehicle.Cabin.Light.IsDomeOn"
    need(turn, path, "dome light")
    intensity = P + "Cabin.Light.DomeIntensity"
    values = {}
    if "percent" in s or "change" in s:
        if not turn.has(intensity):
            raise InvalidValue("This car's dome light is on or off only.")
        spec = turn.c.spec(intensity)
        if "change" in s:
            value = min(spec.max, max(spec.min, (turn.get(intensity) or 0) + s["change"] * (spec.step or 10) * 2))
        else:
            value = s["percent"]
            within(spec, value, "Dome light")
        value = int(round(value / (spec.step or 10)) * (spec.step or 10))
        values[intensity] = value
        values[path] = value > 0
    else:
        values[path] = bool(s["on"])
    events = turn.set_many(values)
    if intensity in values and values[path]:
        return f"Dome light {values[intensity]} %."
    return said_flag(turn, events, "Dome light", values[path])


@intent("lights.ambient", examples=("ambient light blue", "ambient light 40 percent"), priority=46)
def ambient(req, a):
    if req.question or not req.has("ambient") or home_room(req, a):
        return None
    for w in req.words:
        if w in COLOURS:
            return {"colour": w}
    q = req.number(None, "%")
    if q is not None:
        return {"percent": percent_value(q)}
    return change_or_switch(req)


@ambient.act
def act_ambient(turn):
    s = turn.slots
    sides = [f"{AMBIENT}{side}." for side in ("DriverSide", "PassengerSide") if turn.has(f"{AMBIENT}{side}.IsLightOn")]
    need(turn, sides[0] + "IsLightOn" if sides else AMBIENT + "DriverSide.IsLightOn", "ambient lighting")
    values = {}
    if "colour" in s:
        for base in sides:
            values[base + "Color"] = COLOURS[s["colour"]]
            values[base + "IsLightOn"] = True
        turn.set_many(values)
        return f"Ambient light {s['colour']}."
    if "percent" in s or "change" in s:
        spec = turn.c.spec(sides[0] + "Intensity")
        if "change" in s:
            value = (turn.get(sides[0] + "Intensity") or 50) + s["change"] * (spec.step or 5) * 4
            value = min(spec.max, max(spec.min, value))
        else:
            value = s["percent"]
            if value == 0:
                values.update({b + "IsLightOn": False for b in sides})
                turn.set_many(values)
                return "Ambient light off."
            within(spec, value, "Ambient light")
        step = spec.step or 5
        value = int(max(spec.min, round(value / step) * step))
        for base in sides:
            values[base + "Intensity"] = value
            values[base + "IsLightOn"] = True
        turn.set_many(values)
        return f"Ambient light {value} %."
    events = turn.set_many({b + "IsLightOn": bool(s["on"]) for b in sides})
    return said_flag(turn, events, "Ambient light", bool(s["on"]))


# ---------------------------------------------------------------------------- display
@intent("display.day_night", examples=("night mode", "day mode"), priority=46)
def day_night(req, a):
    if req.question or not req.has("nightmode", "daymode"):
        return None
    night = req.has("nightmode")
    if req.on_off() is False:
        night = not night
    return {"mode": "NIGHT" if night else "DAY"}


@day_night.act
def act_day_night(turn):
    path = HMI + "DayNightMode"
    event = turn.set(path, turn.slots["mode"])
    word = "Night" if turn.slots["mode"] == "NIGHT" else "Day"
    return f"{word} mode." if event else f"Already in {word.lower()} mode."


@intent("display.theme", examples=("dark theme", "brand colours"), priority=46)
def theme(req, a):
    if req.question:
        return None
    if req.has("darkmode"):
        return {"theme": "DARK" if switch_of(req) else "LIGHT"}
    if req.has("lightmode"):
        return {"theme": "LIGHT" if switch_of(req) else "DARK"}
    if req.has("brandtheme"):
        return {"theme": "BRAND"}
    if req.has("theme") and req.has("dark", "light", "brand", "black", "white"):
        return {"theme": "DARK" if req.has("dark", "black") else ("LIGHT" if req.has("light", "white") else "BRAND")}
    return None


@theme.act
def act_theme(turn):
    path = P + "Display.Theme"
    need(turn, path, "theme setting")
    event = turn.set(path, turn.slots["theme"])
    name = {"DARK": "Dark", "LIGHT": "Light", "BRAND": "Brand"}[turn.slots["theme"]]
    return f"{name} theme." if event else f"Already the {name.lower()} theme."


@intent("display.brightness", examples=("screen brightness 60 percent", "brighter screen"), priority=48)
def brightness(req, a):
    if req.question or home_room(req, a):
        return None
    bare = req.text in ("brighter", "dimmer", "darker", "too bright", "too dark", "more brightness", "less brightness")
    if not (bare or req.has("brightness") or (req.has("screen", "display") and req.has("brighter", "dimmer", "dim",
                                                                                      "bright", "darker"))):
        return None
    if req.text == "too bright":
        return {"change": -1, "amount": None}
    if req.text == "too dark":
        return {"change": 1, "amount": None}
    if req.has("ambient", "dome", "interiorlights"):
        return None
    q = req.number(None, "%")
    if q is not None and not is_relative(req, q):
        return {"percent": percent_value(q)}
    d = change_of(req, q) or (1 if req.has("bright") else None)
    if d is None:
        return None
    return {"change": d, "amount": int(abs(q.value)) if q is not None else None}


@brightness.act
def act_brightness(turn):
    s = turn.slots
    path = HMI + "Brightness"
    spec = turn.c.spec(path)
    step = spec.step or 10
    if "change" in s:
        amount = s.get("amount") or step
        value = min(spec.max, max(spec.min, (turn.get(path) or 50) + s["change"] * amount))
        value = float(max(spec.min, min(spec.max, spec.min + round((value - spec.min) / step) * step)))
    else:  # a target as said (55 is 55), or refused
        value = float(exact(spec, s["percent"], "Brightness"))
    event = turn.set(path, value)
    return f"Brightness {'is already ' if event is None else ''}{value:g} %."


FONT = {"large": "LARGE", "larger": "LARGE", "bigger": "LARGE", "big": "LARGE", "extra": "EXTRA_LARGE",
        "huge": "EXTRA_LARGE", "largest": "EXTRA_LARGE", "standard": "STANDARD", "normal": "STANDARD",
        "small": "STANDARD", "smaller": "STANDARD", "default": "STANDARD"}


@intent("display.font", examples=("bigger text", "font size standard"), priority=46)
def font(req, a):
    if req.question or not (req.has("font") or req.has("text", "letters", "writing")):
        return None
    if req.has("extra large", "extra big", "largest", "huge"):
        return {"size": "EXTRA_LARGE"}
    for w in req.words:
        if w in FONT:
            return {"size": FONT[w]}
    return None


@font.act
def act_font(turn):
    path = HMI + "FontSize"
    event = turn.set(path, turn.slots["size"])
    name = {"STANDARD": "standard", "LARGE": "large", "EXTRA_LARGE": "extra large"}[turn.slots["size"]]
    return f"Text size {'is already ' if event is None else ''}{name}."


LANGUAGES = {"english": "en-GB", "british": "en-GB", "american": "en-US", "french": "fr-FR", "francais": "fr-FR",
             "italian": "it-IT", "italiano": "it-IT", "german": "de-DE", "deutsch": "de-DE", "spanish": "es-ES",
             "espanol": "es-ES", "dutch": "nl-NL", "nederlands": "nl-NL", "portuguese": "pt-PT", "portugues": "pt-PT"}


@intent("display.language", examples=("language French",), priority=46)
def language(req, a):
    if req.question:
        return None
    found = [LANGUAGES[w] for w in req.words if w in LANGUAGES]
    if not found:
        return None
    if not (req.has("language", "speak", "in") or req.starts("switch to", "change to", "set to") or len(req.words) <= 2):
        return None
    code = found[0]
    if code == "en-GB" and req.has("american", "us", "usa"):
        code = "en-US"
    return {"language": code}


@language.act
def act_language(turn):
    path = P + "Display.Language"
    need(turn, path, "language setting")
    event = turn.set(path, turn.slots["language"])
    return f"Language {'is already ' if event is None else ''}{turn.fmt(path)}."


# ---------------------------------------------------------------------------- units
UNITS = [  # (words, path, value)
    (("fahrenheit",), HMI + "TemperatureUnit", "F"),
    (("celsius",), HMI + "TemperatureUnit", "C"),
    (("mph",), HMI + "SpeedUnit", "MILES_PER_HOUR"),
    (("kmh",), HMI + "SpeedUnit", "KILOMETERS_PER_HOUR"),
    (("miles",), HMI + "DistanceUnit", "MILES"),
    (("km",), HMI + "DistanceUnit", "KILOMETERS"),
    (("psi",), HMI + "TirePressureUnit", "PSI"),
    (("bar",), HMI + "TirePressureUnit", "BAR"),
    (("kpa",), HMI + "TirePressureUnit", "KPA"),
    (("litres", "liters"), HMI + "FuelVolumeUnit", "LITER"),
    (("gallons",), HMI + "FuelVolumeUnit", "GALLON_US"),
]


@intent("display.units", examples=("use miles", "switch to Fahrenheit", "24 hour clock"), priority=46)
def units_(req, a):
    if req.question:
        return None
    if req.has("hourclock") or (req.has("clock", "time") and req.number() is not None):
        q = req.number()
        if q is not None and q.value in (12, 24):
            return {"path": HMI + "TimeFormat", "value": "HR_12" if q.value == 12 else "HR_24"}
        return None
    if req.quantities:
        return None
    if not (req.starts("use", "switch to", "change to", "set", "show", "display", "units", "in") or req.has(
            "units", "unit", "instead")):
        return None
    if req.has("metric"):
        return {"metric": True}
    if req.has("imperial"):
        return {"metric": False}
    found = [{"path": path, "value": value} for keys, path, value in UNITS if req.has(*keys)]
    return found[0] if len(found) == 1 else None


@units_.act
def act_units(turn):
    s = turn.slots
    if "metric" in s:
        values = ({HMI + "DistanceUnit": "KILOMETERS", HMI + "SpeedUnit": "KILOMETERS_PER_HOUR", HMI + "TemperatureUnit": "C"}
                  if s["metric"] else
                  {HMI + "DistanceUnit": "MILES", HMI + "SpeedUnit": "MILES_PER_HOUR", HMI + "TemperatureUnit": "F"})
        turn.set_many(values)
        return "Metric units." if s["metric"] else "Imperial units."
    event = turn.set(s["path"], s["value"])
    return f"{turn.label(s['path'])}: {turn.fmt(s['path'])}" + ("." if event else " already.")


learn(HOME_WORDS, COLOURS, FONT, LANGUAGES, [w for keys, _, _ in UNITS for w in keys])
