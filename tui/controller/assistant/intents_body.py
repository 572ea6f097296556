"""The body of the car: windows (which one, when it is not said), sunroof and shade, trunk, door
locks (unlocking is a security action: the PIN), wipers, charging and the charge limit."""

from __future__ import annotations

from tui.controller.assistant.common import exact, need
from tui.controller.assistant.engine import SOURCE, NeedPin, intent
from tui.controller.assistant.slots import ALL_WORDS, ROOMS, places, position, zone_of
from tui.controller.assistant.words import learn
from tui.controller.errors import InvalidValue, NotAllowed

DOOR = "Vehicle.Cabin.Door."
DOORS = ("Row1.DriverSide", "Row1.PassengerSide", "Row2.DriverSide", "Row2.PassengerSide")
ONE_WINDOW = ("driver", "passenger", "rear_left", "rear_right")
WINDOW_NAMES = {"driver": "driver", "passenger": "passenger", "rear_left": "rear left", "rear_right": "rear right",
                "left": "left", "right": "right", "all": "all", "rear": "rear"}
HOME_WORDS = ROOMS + ("garage", "frontdoor", "backdoor", "gate", "blinds", "curtains", "shutters")


def _window_target(req) -> str | None:
    """A zone (slots.zone_of); "windows" is all of them, or those at the back when it says so."""
    if req.has(*ALL_WORDS, "windows", "everything"):
        return "rear" if req.has("rear", "back") and not req.has("all windows") else "all"
    return zone_of(req)


def _windows(turn, zone: str) -> list[str]:
    """The window positions of a zone this car has (left and right by the side the driver sits)."""
    paths = [f"{DOOR}Row{row}.{side}Side.Window.Position" for row, side in places(turn, zone)]
    return [p for p in paths if turn.has(p)]


@intent("body.windows", examples=("open my window", "close all windows", "open the passenger window halfway"),
        priority=40)
def window(req, a):
    if req.question or not req.has("window", "windows") or req.has("defrost", "rearwindow", "heat", "heated",
                                                                   "childlock", "lock", *HOME_WORDS):
        return None
    percent = position(req, ("open", "down", "lower"), ("close", "shut", "up", "raise"))
    if percent is None:
        return None
    return {"window": _window_target(req), "percent": percent}


@window.act
def act_window(turn):
    s = turn.slots
    target = s.get("window")
    present = {}  # one window of each place this car has
    for k in ONE_WINDOW:
        have = _windows(turn, k)
        if have:
            present[k] = have[0]
    need(turn, next(iter(present.values()), DOOR + "Row1.DriverSide.Window.Position"), "power windows")
    if target is None:
        if len(present) == 1:
            target = next(iter(present))
        else:
            options = [(WINDOW_NAMES[k], {"window": k}) for k in present] + [("all", {"window": "all"})]
            turn.choose("Which window?", options)
    paths = list(present.values()) if target == "all" else _windows(turn, target)
    if not paths:
        raise InvalidValue(f"This car has no {WINDOW_NAMES[target]} window.")
    value = s["percent"]
    if not 0 <= value <= 100:
        raise InvalidValue("A window goes from 0 (closed) to 100 % (open).")
    if value != int(value):
        raise InvalidValue("Say a window's opening in whole percent (0 to 100).")
    value = int(value)  # as said: the motor stops where it is told, not on the screen's 10 % steps
    # the windows move at the motor's speed (the body domain); the reply says what they are doing
    body = turn.c.body
    keys = [op.key for op in body.windows() if op.position in paths]
    moving = [k for k in keys if body.position(k) != value or body.moving(k)]
    one = next((k for k, p in present.items() if p == paths[0]), target)
    name = "Windows" if len(paths) > 1 else f"{WINDOW_NAMES[one].capitalize()} window"
    state = "closed" if value == 0 else ("open" if value == 100 else f"open {value} %")
    turn.acted = True
    if not moving:
        return f"{name} {'are' if len(paths) > 1 else 'is'} already {state}."
    for k in moving:
        body.move_to(k, value, SOURCE, one_touch=value in (0, 100))
    word = "Closing" if value == 0 else "Opening"
    if len(paths) == 1:
        return f"{word} the {name.lower()}" + ("." if value in (0, 100) else f" to {value} %.")
    return f"{word} {'the' if len(moving) == len(paths) else len(moving)} windows" + (
        "." if value in (0, 100) else f" to {value} %.")


SUNROOF = "Vehicle.Cabin.Sunroof."


@intent("body.sunroof", examples=("open the sunroof", "tilt the sunroof"), priority=40)
def sunroof(req, a):
    if req.question or not req.has("sunroof", "sunshade"):
        return None
    if req.has("sunshade", "shade", "blind"):
        shade = position(req, ("open",), ("close", "shut"))
        return None if shade is None else {"shade": shade}
    if req.has("tilt", "ventilate"):
        return {"action": "TILT_UP"}
    if req.has("open"):
        return {"action": "OPEN"}
    if req.has("close", "shut"):
        return {"action": "CLOSE"}
    return None


@sunroof.act
def act_sunroof(turn):
    s = turn.slots
    need(turn, SUNROOF + "Switch", "sunroof")
    if "shade" in s:
        path = SUNROOF + "Shade.Position"
        if not 0 <= s["shade"] <= 100:
            raise InvalidValue("The sunshade goes from 0 (closed) to 100 % (open).")
        turn.set(path, int(round(s["shade"] / 10) * 10))
        return "Sunshade closed." if s["shade"] == 0 else f"Sunshade open {turn.fmt(path)}."
    body = turn.c.body  # the position moves over time (issue 16: not only the switch)
    low = body.opening("Sunroof").low
    target = {"OPEN": 100, "CLOSE": 0, "TILT_UP": low}[s["action"]]
    if s["action"] == "TILT_UP" and low >= 0:
        raise InvalidValue("This sunroof does not tilt.")
    if body.position("Sunroof") == target and not body.moving("Sunroof"):
        return "The sunroof is already " + {"OPEN": "open.", "CLOSE": "closed.", "TILT_UP": "tilted."}[s["action"]]
    body.move_to("Sunroof", target, SOURCE)
    turn.acted = True
    return {"OPEN": "Opening the sunroof.", "CLOSE": "Closing the sunroof.", "TILT_UP": "Tilting the sunroof."}[
        s["action"]]


TRUNK = "Vehicle.Body.Trunk.Rear."


@intent("body.trunk", examples=("open the trunk", "close the trunk"), priority=40)
def trunk(req, a):
    if req.question or not req.has("trunk", "frunk"):
        return None
    if req.has("open", "pop", "release"):
        return {"open": True, "which": "front" if req.has("frunk", "front") else "rear"}
    if req.has("close", "shut"):
        return {"open": False, "which": "front" if req.has("frunk", "front") else "rear"}
    if req.has("unlock"):
        return {"locked": False, "which": "rear"}
    if req.has("lock"):
        return {"locked": True, "which": "rear"}
    return None


def authorized(turn, action: str, doing: str) -> str | None:
    """The authority's answer (body.unlock, body.trunk), followed as the screens and the command
    line follow it: a refusal, its yes, its PIN (whose it says). Returns the PIN given."""
    decision = turn.c.authority.decide(action, source=SOURCE, doing=doing)
    if decision.refused:
        raise NotAllowed(decision.reason)
    if decision.confirm:
        turn.confirm(decision.reason)
    if decision.pin and turn.pin is None:
        raise NeedPin(f"Say {decision.whose} to {doing}.")
    return turn.pin


@trunk.act
def act_trunk(turn):
    s = turn.slots
    base = "Vehicle.Body.Trunk.Front." if s["which"] == "front" else TRUNK
    name = "Front trunk" if s["which"] == "front" else "Trunk"
    body = turn.c.body
    if "locked" in s:
        need(turn, base + "IsLocked", name.lower() + " lock")
        pin = None if s["locked"] else authorized(turn, "body.unlock", f"unlock the {body.trunk_name(s['which'])[1].lower()}")
        turn.acted = True
        return body.set_trunk_locked(s["which"], bool(s["locked"]), SOURCE, pin=pin, confirmed=True)
    need(turn, base + "IsOpen", name.lower() + " release")
    if s["open"] and not turn.get(base + "IsOpen"):  # opening: parked only; in valet mode the valet PIN
        pin = authorized(turn, "body.trunk", f"open the {body.trunk_name(s['which'])[1].lower()}")
    else:
        pin = None
    text = body.set_trunk(s["which"], bool(s["open"]), SOURCE, pin=pin, confirmed=True)
    turn.acted = True
    return text


@intent("body.locks", examples=("lock the car", "unlock the doors"), priority=40)
def locks(req, a):
    if req.question or req.has(*HOME_WORDS, "trunk", "phone", "screen", "childlock", "child"):
        return None
    if not req.has("lock", "unlock", "locked", "unlocked"):
        return None
    if not req.has("car", "doors", "door", "vehicle", "everything", "it", "up") and len(req.words) > 1:
        return None
    unlock = req.has("unlock", "unlocked")
    return {"locked": not unlock}


@locks.act
def act_locks(turn):
    paths = [f"{DOOR}{v}.IsLocked" for v in DOORS if turn.has(f"{DOOR}{v}.IsLocked")]
    need(turn, paths[0] if paths else DOOR + "Row1.DriverSide.IsLocked", "central locking")
    locked = bool(turn.slots["locked"])
    pin = None if locked or not any(turn.get(p) for p in turn.c.body.lock_paths()) else authorized(
        turn, "body.unlock", "unlock the car")
    turn.acted = True
    return turn.c.body.set_locked(locked, SOURCE, pin=pin, confirmed=True)  # every door and the trunks


@intent("body.tyres", examples=("what's my tyre pressure", "check the tires"), priority=12)
def tyres(req, a):
    if not req.has("tyre", "tyres", "tire", "tires", "tyrepressure", "tpms"):
        return None  # "pressure" alone (the air, the climate) is not the tyres
    if req.has("unit", "units", "psi", "bar", "kpa", "kilopascal") and not req.question:
        return None  # "tyre pressure in bar": the unit setting's
    if req.question or req.starts("what", "how", "check", "show", "are", "is", "tell") or len(req.words) <= 2:
        return {}
    return None


@tyres.act
def act_tyres(turn):
    return turn.c.health.pressure_answer()


@intent("body.close_all", examples=("close everything", "close all windows and the sunroof"), priority=39)
def close_all(req, a):
    if req.question or not req.has("close", "shut") or req.has(*HOME_WORDS):
        return None
    if req.has("everything") or (req.has("sunroof") and req.has("windows")):
        return {}
    return None


@close_all.act
def act_close_all(turn):
    turn.acted = True
    return turn.c.body.close_all(SOURCE)


WIPERS = {"off": "OFF", "slow": "SLOW", "low": "SLOW", "medium": "MEDIUM", "normal": "MEDIUM", "fast": "FAST",
          "high": "FAST", "max": "FAST", "interval": "INTERVAL", "intermittent": "INTERVAL", "auto": "RAIN_SENSOR",
          "automatic": "RAIN_SENSOR", "rain": "RAIN_SENSOR", "sensor": "RAIN_SENSOR", "on": "MEDIUM"}


@intent("body.wipers", examples=("wipers on", "wipers fast"), priority=40)
def wipers(req, a):
    if req.question or not req.has("wipers", "wipe"):
        return None
    for w in req.words:
        if w in WIPERS and w != "on":
            return {"mode": WIPERS[w]}
    flag = req.on_off()
    if flag is False:
        return {"mode": "OFF"}
    return {"mode": "MEDIUM"}


@wipers.act
def act_wipers(turn):
    path = "Vehicle.Body.Windshield.Front.Wiping.Mode"
    need(turn, path, "wiper control")
    event = turn.set(path, turn.slots["mode"])
    name = {"OFF": "off", "SLOW": "slow", "MEDIUM": "medium", "FAST": "fast", "INTERVAL": "interval",
            "RAIN_SENSOR": "auto"}[turn.slots["mode"]]
    return f"Wipers {'are already ' if event is None else ''}{name}."


CHARGING = "Vehicle.Powertrain.TractionBattery.Charging."


@intent("body.charging", examples=("start charging", "charge limit 90 percent"), priority=41)
def charging(req, a):
    if req.question:
        return None
    if req.has("chargelimit") or (req.has("charge", "charging") and req.has("limit", "to") and req.number()):
        q = req.number(None, "%")
        if q is None:
            return None
        return {"limit": q.number}
    if req.has("charging", "charge") and req.has("start", "stop", "pause", "resume", "begin", "end", "cancel"):
        return {"charge": req.has("start", "resume", "begin")}
    return None


@charging.act
def act_charging(turn):
    s = turn.slots
    if "limit" in s:
        path = CHARGING + "ChargeLimit"
        need(turn, path, "charge limit")
        spec = turn.c.spec(path)
        value = s["limit"]
        value = exact(spec, value, "Charge limit")  # as said (83 is 83), or refused
        event = turn.set(path, value)
        return f"Charge limit {'is already ' if event is None else ''}{value} %."
    path = CHARGING + "StartStopCharging"
    need(turn, path, "charging control")
    if s["charge"] and not turn.get(CHARGING + "ChargingPort.AnyPosition.IsChargingCableConnected"):
        raise InvalidValue("Plug in the charging cable first.")
    event = turn.set(path, "START" if s["charge"] else "STOP")
    return ("Charging started." if s["charge"] else "Charging stopped.") if event else (
        "Already charging." if s["charge"] else "Not charging.")


learn(HOME_WORDS, WIPERS, WINDOW_NAMES.values(), ("pop", "release", "frunk", "sunshade", "tyre", "tyres", "tire",
                                                    "tires", "tpms", "pressure"))
