"""Driving mode and driver assistance: following distance, cruise control, lane keeping, lane
departure, collision warning, speed-limit assist, parking sensors, hands-free and eyes-off driving,
traction and stability control, driver monitoring, and speed limit mode (behind the PIN)."""

from __future__ import annotations

from tui.controller import units
from tui.controller.assistant import fuzzy
from tui.controller.assistant.common import exact, need, said_flag, speed_kmh, switch_intent
from tui.controller.assistant.engine import intent
from tui.controller.assistant.slots import change_of, change_or_switch, extreme, is_relative, speed_of, switch_of
from tui.controller.assistant.words import learn
from tui.controller.errors import InvalidValue, NotOnThisCar

P = "Vehicle.Private.SmartCockpit."
MODE = P + "DrivingMode"
ADAS = "Vehicle.ADAS."
ALL_MODES = ("SPORT", "ECO", "NORMAL", "AUTO", "SNOW", "MUD", "HYBRID", "ELECTRIC", "ROCK", "COMFORT", "SAND",
             "DYNAMIC", "NATURAL", "ADVANCED_EFFICIENCY", "E_SAVE", "TOW", "TRACK", "GT", "TURISMO",
             "SCORPION_STREET", "SCORPION_TRACK", "RACE", "DRAG", "WET_SNOW", "CORSA", "OFF_ROAD", "MAX_RANGE",
             "4WD", "RANGE", "SHERPA", "TRACTION_PLUS", "CITY", "4WD_LOW", "HF")
NOT_MODES = ("nightmode", "daymode", "darkmode", "lightmode", "valet", "speedlimit", "handsfree", "eyesoff",
             "lanekeep", "cruise", "following", "collision", "massage", "fan", "seat", "theme", "media", "music",
             "radio", "guest", "profile", "alarm", "away", "home", "sleep", "movie", "vacation", "quiet", "units",
             "screen", "airplane", "flight", "silent", "mute")
LONGEST, SHORTEST = ("longest", "furthest"), ("shortest", "closest")  # following distance, besides "max", "min"
MODE_FILLER = frozenset(("mode", "drivemode", "switch", "to", "change", "set", "the", "put", "it", "in", "into", "please",
                         "use", "go", "select", "drive", "driving", "on", "a", "car", "my", "engage", "enable"))


def mode_name(mode: str) -> str:
    return mode.replace("_", " ").lower()


def _car_modes(a) -> list[str]:
    c = a.c
    if not c.has(MODE):
        return []
    return list(c.spec(MODE).allowed or ())


@intent("drive.mode", examples=("sport mode", "driving mode eco"), priority=44)
def drive_mode(req, a):
    if req.question and not req.starts("can you"):
        return None
    if req.has(*NOT_MODES):
        return None
    phrase = req.rest(MODE_FILLER)
    if not phrase:
        if req.has("drivemode") and req.number() is None:
            return {"mode": None}
        return None
    modes = _car_modes(a)
    candidates = [(mode_name(m), m) for m in modes] + [(mode_name(m), m) for m in ALL_MODES if m not in modes]
    modeish = req.has("mode", "drivemode") or req.starts("switch to", "change to", "go to", "put it in", "use")
    found = fuzzy.pick(phrase, candidates, cutoff=85 if modeish else 95)
    if not found.found:
        if req.has("drivemode"):
            return {"mode": None, "asked": phrase}
        return None
    if not modeish and len(req.words) > 2:
        return None
    return {"mode": found.best}


@drive_mode.act
def act_drive_mode(turn):
    modes = _car_modes(turn.assistant)
    if not modes:
        raise NotOnThisCar("This car has no driving modes to choose.")
    mode = turn.slots.get("mode")
    names = ", ".join(mode_name(m).title() for m in modes)
    if mode is None:
        return f"Driving mode {mode_name(turn.get(MODE)).title()}. Modes: {names}."
    if mode not in modes:
        raise InvalidValue(f"No {mode_name(mode).title()} mode on this car. Modes: {names}.")
    event = turn.set(MODE, mode)
    return f"{mode_name(mode).title()} mode" + ("." if event else " already.")


# ---------------------------------------------------------------------------- assistance
@intent("assist.following", examples=("following distance 3", "longer gap"), priority=43)
def following(req, a):
    if req.question or not (req.has("following") or (req.has("gap") and not req.has("window"))):
        return None
    q = req.number(None)
    if q is not None and not is_relative(req, q):
        return {"distance": q.number}
    d = change_of(req, q)
    if d is None:
        end = extreme(req, LONGEST, SHORTEST)
        return None if end is None else {"distance": 4 if end == "max" else 1}
    return {"change": d}


@following.act
def act_following(turn):
    path = P + "ADAS.FollowingDistance"
    need(turn, path, "adaptive cruise control")
    spec = turn.c.spec(path)
    s = turn.slots
    if "change" in s:
        event = turn.step(path, s["change"])
        value = turn.get(path)
        if event is None:
            return f"Following distance is already at {'its longest' if s['change'] > 0 else 'its shortest'}, {value}."
        return f"Following distance {value}."
    value = s["distance"]
    value = exact(spec, value, "Following distance", unit="")  # whole steps 1-4, or refused
    event = turn.set(path, int(value))
    return f"Following distance {'is already ' if event is None else ''}{int(value)}."


@intent("assist.cruise", examples=("cruise control on", "set cruise to 100"), priority=43)
def cruise(req, a):
    if req.question or not req.has("cruise"):
        return None
    q = req.number(None, "km/h", "mph")
    return change_or_switch(req) if q is None else speed_of(q, "speed")


@cruise.act
def act_cruise(turn):
    s = turn.slots
    speed = ADAS + "CruiseControl.SpeedSet"
    enabled = ADAS + "CruiseControl.IsEnabled"
    need(turn, enabled, "cruise control")
    unit = turn.c.unit("SpeedUnit")
    if "speed" in s or "change" in s:
        spec = turn.c.spec(speed)
        if "change" in s:
            step = units.KM_PER_MILE * 5 if unit == "MILES_PER_HOUR" else 5
            kmh = (turn.get(speed) or 0) + s["change"] * step
        else:
            kmh = speed_kmh(turn, s["speed"], s.get("unit"))
        step = spec.step or 1
        kmh = round(round(kmh / step) * step, 4)
        if kmh < spec.min or kmh > spec.max:
            raise InvalidValue(f"Cruise speed goes from {units.speed_text(spec.min, unit)} "
                               f"to {units.speed_text(spec.max, unit)}.")
        turn.set_many({enabled: True, speed: float(kmh)})
        return f"Cruise set to {units.speed_text(kmh, unit)}."
    event = turn.set(enabled, bool(s["on"]))
    return said_flag(turn, event, "Cruise control", bool(s["on"]))


LKA = {"off": "OFF", "warn": "WARN", "warning": "WARN", "assist": "ASSIST", "on": "ASSIST", "centering": "CENTERING",
       "centre": "CENTERING"}


@intent("assist.lane_keep", examples=("lane keeping off", "lane centering"), priority=43)
def lane_keep(req, a):
    if req.question or not req.has("lanekeep"):
        return None
    for w in ("centering", "centre", "warn", "warning", "off", "assist", "on"):
        if req.has(w):
            return {"mode": LKA[w]}
    if req.on_off() is False:
        return {"mode": "OFF"}
    return {"mode": "ASSIST"}


@lane_keep.act
def act_lane_keep(turn):
    path = P + "ADAS.LaneKeepAssist.Mode"
    need(turn, path, "lane keeping assist")
    event = turn.set(path, turn.slots["mode"])
    name = {"OFF": "off", "WARN": "warn only", "ASSIST": "assist", "CENTERING": "centring"}[turn.slots["mode"]]
    return f"Lane keeping {'is already ' if event is None else ''}{name}."


COLLISION = {"off": "OFF", "late": "LATE", "medium": "MEDIUM", "normal": "MEDIUM", "early": "EARLY"}


@intent("assist.collision", examples=("collision warning early",), priority=43)
def collision(req, a):
    if req.question or not req.has("collision"):
        return None
    for w, v in COLLISION.items():
        if req.has(w):
            return {"timing": v}
    if req.on_off() is True:
        return {"timing": "MEDIUM"}
    return None


@collision.act
def act_collision(turn):
    path = P + "ADAS.CollisionWarning"
    need(turn, path, "collision warning")
    event = turn.set(path, turn.slots["timing"])
    return f"Collision warning {'is already ' if event is None else ''}{turn.slots['timing'].lower()}."


@intent("assist.speed_limit_assist", examples=("speed limit assist on", "speed limit offset plus 5"), priority=42)
def speed_limit_assist(req, a):
    if req.question or not (req.has("speedlimitassist") or (req.has("speedlimit") and req.has("offset"))):
        return None
    if req.has("offset", "tolerance", "margin"):
        q = req.number(None, "km/h", "mph")
        return None if q is None else speed_of(q, "offset")
    return {"on": switch_of(req)}


@speed_limit_assist.act
def act_speed_limit_assist(turn):
    s = turn.slots
    if "offset" in s:
        path = P + "ADAS.SpeedLimitAssist.Offset"
        need(turn, path, "speed limit assist")
        spec = turn.c.spec(path)
        value = int(round(speed_kmh(turn, s["offset"], s.get("unit"), bare="km/h")))  # the offset's own unit
        if value < spec.min or value > spec.max:
            raise InvalidValue(f"Speed limit offset goes from {spec.min} to +{spec.max} km/h.")
        turn.set(path, value)
        return f"Speed limit offset {value:+d} km/h."
    path = P + "ADAS.SpeedLimitAssist.IsEnabled"
    need(turn, path, "speed limit assist")
    event = turn.set(path, bool(s["on"]))
    return said_flag(turn, event, "Speed limit assist", bool(s["on"]))


def _adas_switch(name, paths, what, words, examples, exclude=()):
    return switch_intent(name, paths, what, words, examples, exclude=exclude, priority=43)


_adas_switch("assist.lane_departure", [ADAS + "LaneDepartureDetection.IsEnabled"], "Lane departure warning",
             ("lanedeparture",), ("lane departure warning off",))
_adas_switch("assist.parking_sensors", [ADAS + "ObstacleDetection.Front.Center.IsEnabled",
                                        ADAS + "ObstacleDetection.Rear.Center.IsEnabled"], "Parking sensors",
             ("parksensors",), ("parking sensors off",))
_adas_switch("assist.traction", [ADAS + "TCS.IsEnabled"], "Traction control", ("traction",), ("traction control off",))
_adas_switch("assist.stability", [ADAS + "ESC.IsEnabled"], "Stability control", ("stability", "esc", "esp"), ())
_adas_switch("assist.driver_monitoring", [ADAS + "DMS.IsEnabled"], "Driver monitoring", ("drivermonitoring",), ())
_adas_switch("assist.emergency_braking", [ADAS + "EBA.IsEnabled"], "Emergency braking",
             ("emergency braking", "automatic braking", "eba", "aeb"), ())
_adas_switch("assist.hands_free", [P + "ADAS.HandsFree.IsActive"], "Hands-free driving", ("handsfree",),
             ("hands free on",), exclude=("phone", "call"))
_adas_switch("assist.eyes_off", [P + "ADAS.EyesOff.IsActive"], "Eyes-off driving", ("eyesoff",), ())


# ---------------------------------------------------------------------------- speed limit mode (PIN)
@intent("assist.speed_limit", examples=("limit my speed to 120 km/h",), priority=42)
def speed_limit(req, a):
    if req.question or req.has("speedlimitassist", "offset", "cruise"):
        return None
    if not (req.has("speedlimit") or (req.has("limit") and req.has("speed", "top"))):
        return None
    q = req.number(None, "km/h", "mph")
    if q is not None:
        return speed_of(q, "limit")
    flag = req.on_off()
    if flag is None:
        return None
    return {"on": flag}


@speed_limit.act
def act_speed_limit(turn):
    s = turn.slots
    enabled = P + "SpeedLimit.IsEnabled"
    limit = P + "SpeedLimit.Limit"
    need(turn, enabled, "speed limit mode")
    unit = turn.c.unit("SpeedUnit")
    values = {}
    if "limit" in s:
        spec = turn.c.spec(limit)
        kmh = int(round(speed_kmh(turn, s["limit"], s.get("unit"))))
        if kmh < spec.min or kmh > spec.max:
            raise InvalidValue(f"Speed limit goes from {units.speed_text(spec.min, unit)} "
                               f"to {units.speed_text(spec.max, unit)}.")
        values = {enabled: True, limit: kmh}
        action = f"limit the speed to {units.speed_text(kmh, unit)}"
    else:
        values = {enabled: bool(s["on"])}
        action = "turn speed limit mode " + ("on" if s["on"] else "off")
    turn.c.validate(enabled, values[enabled], "assistant")  # refuse before asking for the PIN
    turn.require_pin(action)
    turn.set_many(values)
    if values[enabled] and limit in values:
        return f"Speed limited to {units.speed_text(values[limit], unit)}."
    return f"Speed limit mode {'on' if values[enabled] else 'off'}."


learn([mode_name(m) for m in ALL_MODES], NOT_MODES, LKA, COLLISION, LONGEST, SHORTEST)
