"""Climate: temperature per zone (absolute, relative, "I'm cold"), fan, AC, recirculation, auto,
sync, defrost, air distribution and the heated steering wheel."""

from __future__ import annotations

from tui.controller.assistant.common import (
    exact, need, said_flag, snap, switch_intent, temperature_range, temperature_text, temperature_unit, to_celsius,
)
from tui.controller.assistant.engine import intent
from tui.controller.assistant.slots import (
    change_of, direction, extreme, heat_level, is_relative, percent_value, places, switch_of, temperature_of, zone_of,
)
from tui.controller.controls import LEVEL_NAMES, LEVEL_PERCENT, level_of
from tui.controller.assistant.words import learn
from tui.controller.errors import InvalidValue, NotOnThisCar

HVAC = "Vehicle.Cabin.HVAC."
STATION = HVAC + "Station."
P = "Vehicle.Private.SmartCockpit."
WHEEL_HEAT = "Vehicle.Chassis.SteeringWheel.HeatingCooling"
ZONE_NAMES = {"driver": "Driver side", "passenger": "Passenger side", "rear_left": "Rear left",
              "rear_right": "Rear right", "rear": "Rear", "all": "All zones", "left": "Left side", "right": "Right side"}
NOT_TEMPERATURE = ("seat", "seats", "fan", "volume", "wheel", "mirrors", "mirror", "brightness", "screen", "ambient",
                   "chargelimit", "cruise", "speedlimit", "following", "window", "windows", "thermostat", "house",
                   "sunroof", "massage", "offset", "outside", "interiorlights", "dome", "speed", "font", "home",
                   "music", "song", "radio", "lights", "light", "navigation", "gap", "defrost", "rearwindow",
                   "windscreen", "range", "battery", "charge", "tyre", "service", "unit", "units", "celsius",
                   "fahrenheit", "display", "bedroom", "kitchen", "living", "office", "hallway", "upstairs",
                   "downstairs", "lanekeep", "collision", "drivemode", "mode")
TEMPERATURE_WORDS = ("temperature", "degrees", "climate", "heat", "heating", "hvac", "warm", "warmer", "cooler",
                     "cool", "hot", "cold")
COLD_WORDS = ("cold", "freezing", "chilly", "frozen", "shivering", "cool")
HOT_WORDS = ("hot", "boiling", "warm", "sweating", "roasting", "stuffy", "sweaty")
HOTTEST, COLDEST = ("hottest",), ("coolest", "coldest")  # the ends of the range, besides "max", "min"


def stations(turn, zone: str | None) -> list[str]:
    """The HVAC stations of a zone on this car ("Row1.Driver", ...)."""
    zone = zone or "driver"
    have = [f"Row{row}.{side}" for row, side in places(turn, zone) if turn.has(f"{STATION}Row{row}.{side}.Temperature")]
    if not have:
        zones = sum(1 for s in ("Row1.Driver", "Row1.Passenger", "Row2.Driver", "Row2.Passenger")
                    if turn.has(f"{STATION}{s}.Temperature"))
        raise NotOnThisCar(f"This {turn.c.car.model.name} has {zones} climate zone{'s' if zones != 1 else ''}; "
                           f"no {ZONE_NAMES[zone].lower()} zone.")
    return have


def _synced(turn) -> bool:
    return bool(turn.get(P + "HVAC.IsZoneSyncActive"))


# ---------------------------------------------------------------------------- temperature
@intent("climate.feeling", examples=("I'm cold", "I'm too hot"), priority=30)
def feeling(req, a):
    if req.has("seat", "seats", "wheel", "hands", "feet", "outside"):
        return None
    if not (req.has("i am", "i feel", "feeling", "it is", "too", "in here", "so", "bit", "getting", "we are")
            or req.text in COLD_WORDS + HOT_WORDS):
        return None
    if req.question:
        return None
    cold = req.has(*COLD_WORDS) and not req.has("cool down")
    hot = req.has(*HOT_WORDS)
    if cold == hot:
        return None
    amount = 2.0 if req.has("freezing", "boiling", "frozen", "roasting", "very", "really", "so") else 1.0
    return {"zone": zone_of(req) or "driver", "direction": 1 if cold else -1, "amount": amount, "unit": "C"}


@intent("climate.temperature", examples=("set the driver side to 21", "temperature 70 F", "passenger side 19 degrees"),
        priority=40)
def temperature(req, a):
    if req.question or req.has(*NOT_TEMPERATURE):
        return None
    q = req.number()
    zone = zone_of(req)
    tempish = req.has(*TEMPERATURE_WORDS) or (q is not None and q.unit in ("C", "F", "deg"))
    if not tempish and not (zone is not None and zone != "driver" or req.has("driver")):
        return None
    if q is not None and q.unit not in (None, "C", "F", "deg"):
        return None
    end = extreme(req, HOTTEST, COLDEST) if q is None else None
    if end is not None:
        return {"zone": zone or "driver", "value": end, "unit": None}
    if q is not None and not is_relative(req, q):
        return {"zone": zone or "driver", **temperature_of(q)}
    d = direction(req)
    if d is None and req.has("cool down", "cool it down", "cool the car", "heat the car", "warm the car", "warm up"):
        d = -1 if req.has("cool") else 1
    if d is None and req.has("warmer", "hot"):
        d = 1
    if d is None and tempish:  # the sign: "temperature +2" (not a zone and a sign alone: "all the ac +2")
        d = change_of(req, q)
    if d is None:
        return None
    if q is None:
        return {"zone": zone or "driver", "direction": d, "amount": None, "unit": None}
    return {"zone": zone or "driver", "direction": d, "amount": abs(q.value), "unit": temperature_of(q)["unit"]}


@temperature.act
def set_temperature(turn):
    s = turn.slots
    if "value" not in s:
        return change_temperature(turn)
    paths = [f"{STATION}{st}.Temperature" for st in stations(turn, s["zone"])]
    spec = turn.c.spec(paths[0])
    if s["value"] in ("max", "min"):
        value = spec.max if s["value"] == "max" else spec.min
    else:
        celsius, _ = to_celsius(float(s["value"]), s.get("unit"), temperature_unit(turn))
        value = snap(spec, celsius)
    if value < spec.min or value > spec.max:
        raise InvalidValue(f"Temperature goes from {temperature_range(turn, spec)}.")
    events = turn.set_many({p: value for p in paths})
    what = ZONE_NAMES[s["zone"]] if len(paths) == 1 or s["zone"] in ("rear", "all") else "Temperature"
    if s["zone"] == "driver" and _synced(turn):
        what = "All zones"
    shown = temperature_text(turn, value)
    return f"{what} {'set to ' if events else 'already at '}{shown}."


@feeling.act
def change_temperature(turn):
    s = turn.slots
    paths = [f"{STATION}{st}.Temperature" for st in stations(turn, s["zone"])]
    spec = turn.c.spec(paths[0])
    unit = s.get("unit") or temperature_unit(turn)
    step = spec.step or 0.5
    if s.get("amount"):
        amount = float(s["amount"])
        delta_c = amount if unit == "C" else amount * 5 / 9
        delta_c = max(step, round(delta_c / step) * step)
    else:
        delta_c = step
    values = {}
    for p in paths:
        current = turn.get(p)
        current = current if isinstance(current, (int, float)) else spec.default or 21.0
        values[p] = min(spec.max, max(spec.min, snap(spec, current + s["direction"] * delta_c)))
    events = turn.set_many(values)
    what = ZONE_NAMES[s["zone"]]
    shown = temperature_text(turn, values[paths[0]])
    if not events:
        end = "warmest" if s["direction"] > 0 else "coolest"
        return f"{what} is already at its {end}, {shown}."
    return f"{what} {'up' if s['direction'] > 0 else 'down'} to {shown}."


@intent("climate.heat", examples=("turn on the heating",), priority=47)
def heat(req, a):
    """"Turn on the heat" without saying what: the cabin, the seat or the steering wheel? (asks)"""
    if req.question or not req.has("heat", "heating", "heater") or req.number() is not None:
        return None
    if req.has("seat", "seats", "wheel", "mirrors", "mirror", "windscreen", "rearwindow", "home", "house", "defrost",
               "thermostat", "up", "down", "turnup", "turndown", "more", "less"):
        return None
    return {"on": switch_of(req)}


@heat.act
def act_heat(turn):
    s = turn.slots
    target = s.get("target")
    if target is None:
        options = [("cabin", {"target": "cabin"})]
        if turn.has("Vehicle.Cabin.Seat.Row1.DriverSide.HeatingCooling"):
            options.append(("seat", {"target": "seat"}))
        if turn.has(WHEEL_HEAT):
            options.append(("steering wheel", {"target": "wheel"}))
        if len(options) > 1:
            turn.choose("Heat what?", options)
        target = "cabin"
    if target == "seat":
        from tui.controller.assistant.intents_seats import act_seat_heating

        turn.slots = {"target": "seat", "side": "driver", "level": 3 if s["on"] else 0}
        return act_seat_heating(turn)
    if target == "wheel":
        turn.slots = {"target": "wheel", "level": 3 if s["on"] else 0}
        return set_wheel(turn)
    if not s["on"]:
        event = turn.set(HVAC + "IsAirConditioningActive", False)
        return "Climate heating and cooling off." if event else "Climate is already off."
    turn.slots = {"target": "cabin", "zone": "driver", "direction": 1, "amount": 1.0, "unit": "C"}
    return change_temperature(turn)


# ---------------------------------------------------------------------------- fan
@intent("climate.fan", examples=("fan to 50 percent", "fan up", "fan max"), priority=42)
def fan(req, a):
    if req.question or not req.has("fan", "airflow", "blower") or req.has("seat", "ventilate"):
        return None
    if req.has("distribution", "feet", "floor", "face"):
        return None
    zone = zone_of(req)
    q = req.number(None, "%")
    end = extreme(req, ("full",))
    if end == "max":
        return {"zone": zone or "all", "value": 100}
    if req.on_off() is False or end == "min":
        return {"zone": zone or "all", "value": 0 if req.on_off() is False else None, "minimum": True}
    if q is not None and not is_relative(req, q):
        return {"zone": zone or "all", "value": percent_value(q)}
    d = change_of(req, q)
    if d is not None:
        return {"zone": zone or "all", "direction": d, "steps": int(abs(q.value)) if q is not None else 1}
    if req.on_off() is True:
        return {"zone": zone or "all", "value": None, "on": True}
    return None


@fan.act
def set_fan(turn):
    s = turn.slots
    paths = [f"{STATION}{st}.FanSpeed" for st in stations(turn, s["zone"]) if turn.has(f"{STATION}{st}.FanSpeed")]
    need(turn, paths[0] if paths else STATION + "Row1.Driver.FanSpeed", "fan control")
    spec = turn.c.spec(paths[0])
    if "direction" in s:
        step = spec.step or 10
        current = turn.get(paths[0]) or 0
        value = int(min(spec.max, max(spec.min, current + s["direction"] * step * s.get("steps", 1))))
    elif s.get("minimum"):
        value = spec.min if s.get("value") is None else 0
    elif s.get("on"):
        value = turn.get(paths[0]) or 30
        value = value if value > 0 else 30
    else:
        value = s["value"]
        value = exact(spec, value, "Fan")  # as said (55 is 55), or refused
    events = turn.set_many({p: value for p in paths})
    shown = "off" if value == 0 else turn.fmt(paths[0])
    return f"Fan {'is already ' if not events else ''}{shown}."


# ---------------------------------------------------------------------------- switches
switch_intent("climate.ac", HVAC + "IsAirConditioningActive", "AC", ("ac",), ("turn on the AC", "air conditioning off"),
              exclude=("max",))
switch_intent("climate.recirculation", HVAC + "IsRecirculationActive", "Recirculation", ("recirculation",),
              ("recirculation on",))
switch_intent("climate.auto", P + "HVAC.IsAutoActive", "Auto climate", ("auto climate", "climate auto",
              "automatic climate", "auto ac", "climate automatic"), ("auto climate on",), priority=44)
switch_intent("climate.sync", P + "HVAC.IsZoneSyncActive", "Zone sync", ("sync", "synchronise", "synchronize", "synced",
              "dual"), ("sync all zones",), exclude=("phone", "bluetooth"))


@intent("climate.fresh_air", examples=("fresh air",), priority=45)
def fresh_air(req, a):
    if req.question or not req.has("fresh air", "outside air"):
        return None
    return {"on": switch_of(req)}


@fresh_air.act
def set_fresh_air(turn):
    path = HVAC + "IsRecirculationActive"
    event = turn.set(path, not turn.slots["on"])
    return "Fresh air." if event is not None or not turn.slots["on"] else "Already on fresh air."


@intent("climate.defrost", examples=("defrost the windscreen", "rear defrost on"), priority=41)
def defrost(req, a):
    if req.question or not (req.has("defrost") or (req.has("windscreen", "rearwindow", "mirrors")
                                                   and req.has("heat", "heating", "heated", "clear", "fog", "foggy",
                                                               "misted", "mist", "ice", "icy"))):
        return None
    if req.has("mirrors", "mirror") and not req.has("windscreen", "rearwindow"):
        return None
    where = "both" if req.has("all", "both", "everything") else ("rear" if req.has("rearwindow", "rear", "back") else "front")
    return {"where": where, "on": switch_of(req)}


@defrost.act
def set_defrost(turn):
    s = turn.slots
    paths = {"front": [HVAC + "IsFrontDefrosterActive"], "rear": [HVAC + "IsRearDefrosterActive"],
             "both": [HVAC + "IsFrontDefrosterActive", HVAC + "IsRearDefrosterActive"]}[s["where"]]
    for p in paths:
        need(turn, p, "defroster")
    events = turn.set_many({p: bool(s["on"]) for p in paths})
    what = {"front": "Windscreen defrost", "rear": "Rear window defrost", "both": "Defrost"}[s["where"]]
    return said_flag(turn, events, what, bool(s["on"]))


AIR = {"feet": "DOWN", "floor": "DOWN", "down": "DOWN", "legs": "DOWN", "face": "MIDDLE", "vents": "MIDDLE",
       "middle": "MIDDLE", "body": "MIDDLE", "chest": "MIDDLE", "windscreen": "UP", "up": "UP", "glass": "UP"}
AIR_NAMES = {"DOWN": "to the feet", "MIDDLE": "to the face", "UP": "to the windscreen"}


@intent("climate.air", examples=("air to the feet",), priority=43)
def air(req, a):
    if req.question or not req.has("air", "airflow", "distribution", "blow", "vent"):
        return None
    if req.has("fresh air", "outside air", "ac", "recirculation", "tyre", "pressure"):
        return None
    for w in req.words:
        if w in AIR and not (w in ("up", "down") and req.has("fan")):
            return {"zone": zone_of(req) or "all", "mode": AIR[w]}
    return None


@air.act
def set_air(turn):
    s = turn.slots
    paths = [f"{STATION}{st}.AirDistribution" for st in stations(turn, s["zone"])
             if turn.has(f"{STATION}{st}.AirDistribution")]
    need(turn, paths[0] if paths else STATION + "Row1.Driver.AirDistribution", "air distribution control")
    events = turn.set_many({p: s["mode"] for p in paths})
    return f"Air {'is already ' if not events else ''}{AIR_NAMES[s['mode']]}."


# ---------------------------------------------------------------------------- heated steering wheel
@intent("climate.wheel", examples=("heat the steering wheel", "steering wheel heating off"), priority=35)
def wheel(req, a):
    if req.question or not req.has("wheel") or not req.has("heat", "heated", "heating", "warm", "warmer", "cold"):
        return None
    return heat_level(req, 3)


@wheel.act
def set_wheel(turn):
    s = turn.slots
    need(turn, WHEEL_HEAT, "heated steering wheel")
    level = min(3, max(0, level_of(turn.get(WHEEL_HEAT)) + s["change"])) if "change" in s else s["level"]
    if level not in LEVEL_PERCENT:
        raise InvalidValue("Steering wheel heating goes from 0 (off) to 3.")
    event = turn.set(WHEEL_HEAT, LEVEL_PERCENT[level])
    if level == 0:
        return "Steering wheel heating off." if event else "Steering wheel heating is already off."
    return f"Steering wheel heating {'' if event else 'is already '}{LEVEL_NAMES[level].lower()}."


learn(NOT_TEMPERATURE, TEMPERATURE_WORDS, COLD_WORDS, HOT_WORDS, HOTTEST, COLDEST, AIR)
