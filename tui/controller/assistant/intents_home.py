"""The smart home (needs the home domain): lights by room or name ("turn off the kitchen lights",
fuzzy, asks which when several fit), the garage (asks first), door locks (unlocking needs the PIN),
the alarm (disarming needs the PIN), the thermostat, other switches by name, questions ("is the
front door locked", "is the garage open"), and routines by name (with the routines domain).

The home domain is reached through its public methods: a list of devices (`devices`/`entities`/
`list`), each with a name, a kind (light, cover, lock, alarm, climate, switch; `kind`/`component`/
`type`/`domain`), a room (`room`/`area`) and a state; and actions named after what they do
(`turn_on`/`turn_off`/`set_light`, `open`/`close`, `lock`/`unlock`, `arm`/`disarm`,
`set_temperature`), or one `command(device, action, value)`.
"""

from __future__ import annotations

from tui.controller.assistant import fuzzy
from tui.controller.assistant.conversation import NAME_SOURCES
from tui.controller.assistant.domains import domain, field, ident, invoke, listing, method, name_of, pass_item
from tui.controller.assistant.engine import intent
from tui.controller.assistant.slots import (
    BIT_WORDS, HALF_WORDS, ROOMS, percent_value, position, switch_of, temperature_of,
)
from tui.controller.assistant.words import learn
from tui.controller.errors import NotAllowed, NotOnThisCar, UnknownName

KINDS = {"light": "light", "lights": "light", "lamp": "light", "cover": "cover", "garage": "cover", "door": "lock",
         "lock": "lock", "alarm": "alarm", "alarm_control_panel": "alarm", "security": "alarm", "climate": "climate",
         "thermostat": "climate", "switch": "switch", "plug": "switch", "fan": "switch"}
ROOM_FILLER = {"the", "turn", "switch", "on", "off", "lights", "light", "lamp", "lamps", "in", "at", "all", "please",
               "my", "home", "house", "of", "to", "set", "dim", "brighten", "percent", "and", "up", "down", "a",
               "is", "are", "was", "what", "room", "s"}


def _home(a):
    return domain(a.c, "home")


def devices(a) -> list:
    return listing(_home(a), "devices", "entities", "list", "all")


def kind_of(device) -> str:
    raw = str(field(device, "kind", "component", "type", "domain", "platform", default="")).lower()
    return KINDS.get(raw, raw)


def room_of(device) -> str:
    return str(field(device, "room", "area", "suggested_area", default="") or "")


def state_of(device):
    return field(device, "state", "value", "status")


def _home_names(a):
    names = []
    for d in devices(a):
        names.append(name_of(d))
        if room_of(d):
            names.append(room_of(d))
    return names


NAME_SOURCES.append(_home_names)


GENERIC = {"temperature", "temp", "set", "to", "whats", "what's", "s", "it", "inside", "outside", "cabin", "car"}
NAME_FILLER = ROOM_FILLER | GENERIC
BLIND_FILLER = ROOM_FILLER | {"blind", "blinds", "shade", "shades", "curtain", "curtains", "shutters", "open", "close",
                              "raise", "lower", "shut", "draw", *HALF_WORDS, *BIT_WORDS}


def mentions_home_device(req, a, generic: bool = False) -> bool:
    """The request names a room or a device of the home (the car's own lights step aside). With
    generic, words any car request uses ("temperature", "set") do not count as a name."""
    if _home(a) is None:
        return False
    phrase = req.rest(NAME_FILLER if generic else ROOM_FILLER)
    if not phrase:
        return False
    labels = [(name_of(d), d) for d in devices(a)] + [(room_of(d), d) for d in devices(a) if room_of(d)]
    return fuzzy.pick(phrase, labels, cutoff=85).found or fuzzy.pick(phrase, labels, cutoff=85).unsure


def names_home_word(req, a) -> bool:
    """A word of the request (3 letters or more, not a generic one) is a word of a device's or a
    room's name, allowing a typo: "is the porch light on", "is the kitchn window open"."""
    if _home(a) is None:
        return False
    from rapidfuzz import fuzz

    mine = [w for w in req.words if len(w) >= 3 and w not in ROOM_FILLER and w not in GENERIC]
    theirs = {w for d in devices(a) for w in (name_of(d) + " " + room_of(d)).lower().split() if len(w) >= 3}
    theirs -= GENERIC | {"light", "lights", "door", "contact", "sensor"}
    return any(w in theirs or any(fuzz.ratio(w, t) >= 85 for t in theirs) for w in mine)


def _pick(turn, phrase: str, kinds: tuple[str, ...], what: str):
    """One device of these kinds named by the phrase (by name or room); asks which when several fit."""
    items = [d for d in devices(turn.assistant) if kind_of(d) in kinds]
    if not items:
        raise NotOnThisCar(f"Your home has no {what}.")
    if turn.slots.get("device_id") is not None:
        for d in items:
            if str(ident(d)) == str(turn.slots["device_id"]):
                return d
    if not phrase:
        if len(items) == 1:
            return items[0]
        turn.choose(f"Which {what}?", [(name_of(d), {"device_id": ident(d)}) for d in items])
    labels = [(name_of(d), d) for d in items] + [(f"{room_of(d)} {what}", d) for d in items if room_of(d)]
    found = fuzzy.pick(phrase, labels, cutoff=70)
    if found.found:
        return found.best
    if found.unsure:
        seen, options = set(), []
        for _, d in found.ambiguous:
            if ident(d) not in seen:
                seen.add(ident(d))
                options.append((name_of(d), {"device_id": ident(d)}))
        if len(options) == 1:
            return next(d for d in items if ident(d) == options[0][1]["device_id"])
        turn.choose(f"Which {what}?", options)
    raise UnknownName(f"No {what} called '{phrase}' at home.")


def _guard(turn) -> None:
    """In valet mode the home is hidden: say so (not "your home has no light")."""
    hidden = method(_home(turn.assistant), "hidden")
    if hidden is not None and hidden():
        from tui.controller.home import VALET_HIDDEN

        raise NotAllowed(VALET_HIDDEN)


def _rules(turn, device, action: str) -> None:
    """The home's own refusal (valet, out of reach, remote access, permission) before anything is
    asked: no question and no PIN for what would be refused anyway, as in the menus."""
    refusal = method(_home(turn.assistant), "refusal")
    if refusal is None:
        return
    why = invoke(refusal, ident(device), action)
    if why:
        raise NotAllowed(why)


def _already(result) -> str | None:
    """The home's own answer when nothing needed doing ("Garage door is already closed.")."""
    return result if isinstance(result, str) and " already " in result else None


def _act(turn, names: tuple[str, ...], device, *args, action: str = "", **named):
    home = _home(turn.assistant)
    fn = method(home, *names)
    if fn is not None:
        result = invoke(fn, pass_item(fn, device), *args, **named)
    else:
        generic = method(home, "command", "set_state", "set")
        if generic is None:
            raise NotOnThisCar("The home can't do that from the car yet.")
        result = invoke(generic, pass_item(generic, device), action, *args, **named)
    turn.acted = True
    return result


# ---------------------------------------------------------------------------- lights and switches
@intent("home.lights", domain="home", examples=("turn off the kitchen lights", "dim the living room to 30 percent"),
        priority=35)
def lights(req, a):
    if req.question or not req.has("lights", "light", "lamp", "lamps", "dim", "brighten"):
        return None
    if not req.has(*ROOMS) and not mentions_home_device(req, a):
        return None
    if req.has("headlights", "highbeam", "fog", "hazard", "dome", "interiorlights", "ambient"):
        return None
    phrase = req.rest(ROOM_FILLER, numbers=False)
    q = req.number(None, "%")
    everything = req.has("all") and not phrase
    slots = {"room": phrase, "all": everything}
    if q is not None:
        slots["brightness"] = percent_value(q, levels_of=0)
    elif req.has("dim"):
        slots["brightness"] = 30
    elif req.has("brighten"):
        slots["brightness"] = 100
    slots["on"] = switch_of(req)
    return slots


@lights.act
def act_lights(turn):
    _guard(turn)
    s = turn.slots
    items = [d for d in devices(turn.assistant) if kind_of(d) == "light"]
    if s.get("all"):
        targets = items
    else:
        room = s["room"]
        in_room = [d for d in items if room and room_of(d).lower() == room.lower()]
        targets = in_room or [_pick(turn, room, ("light",), "light")]
    if not targets:
        raise NotOnThisCar("Your home has no lights the car can reach.")
    for d in targets:
        if s.get("brightness") is not None and s["on"]:
            _act(turn, ("set_light", "set_brightness", "dim"), d, s["brightness"], action="brightness",
                 brightness=s["brightness"])
        else:
            _act(turn, ("turn_on" if s["on"] else "turn_off", "switch_on" if s["on"] else "switch_off"), d,
                 action="on" if s["on"] else "off")
    where = "all lights" if s.get("all") else (f"{room_of(targets[0]) or name_of(targets[0])} lights"
                                               if len(targets) > 1 else name_of(targets[0]))
    if s.get("brightness") is not None and s["on"]:
        return f"{where[:1].upper()}{where[1:]} at {s['brightness']} %."
    return f"{where[:1].upper()}{where[1:]} {'on' if s['on'] else 'off'}."


@intent("home.switch", domain="home", examples=("turn on the coffee machine",), priority=62)
def switch(req, a):
    if req.question or req.on_off() is None or _home(a) is None:
        return None
    phrase = req.rest(ROOM_FILLER)
    if not phrase:
        return None
    items = [(name_of(d), d) for d in devices(a) if kind_of(d) in ("switch", "light")]
    found = fuzzy.pick(phrase, items, cutoff=85)
    if not found.found:
        return None
    return {"device_id": ident(found.best), "name": found.label, "on": req.on_off()}


@switch.act
def act_switch(turn):
    _guard(turn)
    s = turn.slots
    device = _pick(turn, s["name"], ("switch", "light"), "device")
    done = _act(turn, ("turn_on" if s["on"] else "turn_off",), device, action="on" if s["on"] else "off")
    if _already(done):
        return done
    return f"{name_of(device)} {'on' if s['on'] else 'off'}."


# ---------------------------------------------------------------------------- garage and other covers
@intent("home.garage", domain="home", examples=("open the garage", "close the garage"), priority=34)
def garage(req, a):
    if req.question or not req.has("garage", "gate") or req.has("light", "lights", "lamp"):
        return None
    if req.has("open", "raise", "up"):
        return {"open": True, "name": "gate" if req.has("gate") else "garage"}
    if req.has("close", "shut", "lower", "down"):
        return {"open": False, "name": "gate" if req.has("gate") else "garage"}
    return None


@garage.act
def act_garage(turn):
    _guard(turn)
    s = turn.slots
    doors = [d for d in devices(turn.assistant)
             if kind_of(d) == "cover" and field(d, "device_class", default="") in ("garage", "gate")]
    device = doors[0] if len(doors) == 1 else _pick(turn, s["name"], ("cover",), "garage door")
    pin = None
    _rules(turn, device, "open" if s["open"] else "close")
    if str(state_of(device)) in (("open", "opening") if s["open"] else ("closed", "closing")):
        return f"The {name_of(device).lower()} is already {state_of(device)}."  # nothing to ask
    if s["open"]:
        needs_pin = method(_home(turn.assistant), "needs_pin")
        if needs_pin is not None and needs_pin(ident(device), "open"):
            pin = turn.require_pin(f"open the {name_of(device).lower()} from afar")
        else:
            turn.confirm(f"Open the {name_of(device).lower()}?")
    done = _act(turn, ("open", "open_cover") if s["open"] else ("close", "close_cover"), device,
                action="open" if s["open"] else "close", pin=pin)
    if _already(done):
        return done
    return f"{'Opening' if s['open'] else 'Closing'} the {name_of(device).lower()}."


# ---------------------------------------------------------------------------- locks
@intent("home.lock", domain="home", examples=("lock the front door", "unlock the front door"), priority=34)
def lock(req, a):
    if req.question or not req.has("lock", "unlock") or not req.has("frontdoor", "backdoor", "door", "house", "home",
                                                                      "gate"):
        return None
    if req.has("car", "doors", "trunk") and not req.has("frontdoor", "backdoor", "house", "home"):
        return None
    phrase = req.rest(ROOM_FILLER | {"lock", "unlock"})
    phrase = phrase.replace("frontdoor", "front door").replace("backdoor", "back door")
    return {"name": phrase or "door", "locked": not req.has("unlock")}


@lock.act
def act_lock(turn):
    _guard(turn)
    s = turn.slots
    device = _pick(turn, s["name"], ("lock",), "lock")
    name = name_of(device).lower()
    pin = None
    _rules(turn, device, "lock" if s["locked"] else "unlock")
    if not s["locked"]:
        pin = turn.require_pin(f"unlock the {name}")
    done = _act(turn, ("lock",) if s["locked"] else ("unlock",), device, action="lock" if s["locked"] else "unlock",
                pin=pin)
    if _already(done):
        return done
    return f"{name_of(device)} {'locked' if s['locked'] else 'unlocked'}."


# ---------------------------------------------------------------------------- alarm
@intent("home.alarm", domain="home", examples=("arm the alarm", "disarm the alarm"), priority=34)
def alarm(req, a):
    if req.question or not req.has("alarm", "security"):
        return None
    if req.has("disarm", "off", "disable", "deactivate", "unset"):
        return {"arm": False}
    if req.has("arm", "on", "enable", "set", "activate"):
        return {"arm": True, "mode": "night" if req.has("night") else ("home" if req.has("home", "stay") else "away")}
    return None


@alarm.act
def act_alarm(turn):
    _guard(turn)
    s = turn.slots
    device = _pick(turn, "alarm", ("alarm",), "alarm")
    if s["arm"]:
        done = _act(turn, ("arm", f"arm_{s['mode']}", "arm_alarm"), device, action=f"arm_{s['mode']}",
                    mode=s["mode"])
        if _already(done):
            return done
        return f"Alarm armed ({s['mode']})."
    _rules(turn, device, "disarm")
    pin = turn.require_pin("disarm the alarm")
    done = _act(turn, ("disarm", "disarm_alarm"), device, action="disarm", pin=pin)
    if _already(done):
        return done
    return "Alarm disarmed."


# ---------------------------------------------------------------------------- thermostat
@intent("home.thermostat", domain="home", examples=("set the thermostat to 20",), priority=33)
def thermostat(req, a):
    if req.question or not (req.has("thermostat") or (req.has("home", "house") and req.has("temperature", "heating",
                                                                                            "warmer", "cooler"))):
        return None
    q = req.number(None, "C", "F", "deg")
    return None if q is None else temperature_of(q)


@thermostat.act
def act_thermostat(turn):
    _guard(turn)
    from tui.controller.assistant.common import temperature_text, temperature_unit, to_celsius

    s = turn.slots
    device = _pick(turn, "thermostat", ("climate",), "thermostat")
    celsius, _ = to_celsius(float(s["value"]), s.get("unit"), temperature_unit(turn))
    celsius = round(celsius * 2) / 2
    _act(turn, ("set_temperature", "set_thermostat", "set_target"), device, celsius, action="temperature",
         value=celsius)
    return f"{name_of(device)} set to {temperature_text(turn, celsius)}."


# ---------------------------------------------------------------------------- questions
@intent("home.status", domain="home", examples=("is the front door locked", "is the garage open"), priority=11)
def status(req, a):
    if not req.question:
        return None
    temperature = req.has("temperature", "temp", "warm", "cold", "hot") and req.has("home", "house", "thermostat")
    if not temperature and not req.has("frontdoor", "backdoor", "garage", "alarm", "house", "home", "gate",
                                       "thermostat") and not names_home_word(req, a):
        return None
    if req.has("car", "trunk", "range"):
        return None
    if temperature:
        return {"name": "thermostat", "asks": "temperature"}
    phrase = req.rest(ROOM_FILLER | {"locked", "unlocked", "open", "closed", "armed", "disarmed", "on", "off", "opened",
                                     "shut"})
    asks = ("locked" if req.has("locked", "unlocked") else "armed" if req.has("armed", "disarmed")
            else "open" if req.has("open", "closed", "opened", "shut") else "on" if req.has("on", "off") else "")
    slots = {"name": phrase.replace("frontdoor", "front door").replace("backdoor", "back door")}
    if asks:
        slots["asks"] = asks
    return slots


# which kinds of device answer which question, best first: "is the garage open" means the door
STATUS_KINDS = {
    "locked": ("lock",),
    "armed": ("alarm",),
    "open": ("cover", "binary_sensor", "lock"),
    "on": ("light", "switch"),
    "temperature": ("climate",),
    "": ("lock", "cover", "alarm", "light", "switch", "climate", "binary_sensor", "sensor"),
}


@status.act
def act_status(turn):
    _guard(turn)
    phrase = turn.slots["name"]
    kinds = STATUS_KINDS.get(turn.slots.get("asks", ""), STATUS_KINDS[""])
    if turn.slots.get("device_id") is None:
        # the first kind that fits the question and carries the name ("is the garage open": the door,
        # not its contact sensor); else any device of that name
        for kind in kinds:
            named = [d for d in devices(turn.assistant) if kind_of(d) == kind]
            labels = [(name_of(d), d) for d in named] + [(room_of(d), d) for d in named if room_of(d)]
            found = fuzzy.pick(phrase, labels, cutoff=70) if phrase else None
            if found is not None and (found.found or found.unsure):
                kinds = (kind,)
                break
        else:
            kinds = STATUS_KINDS[""]
    device = _pick(turn, phrase, kinds, "device")
    shown = None
    text_of = method(_home(turn.assistant), "state_text")
    if text_of is not None:
        shown = text_of(device)
    if not shown:
        state = state_of(device)
        shown = str(state).replace("_", " ").lower() if state is not None else "unknown"
    return f"{name_of(device)}: {shown}."


# ---------------------------------------------------------------------------- blinds and curtains
@intent("home.blinds", domain="home", examples=("close the bedroom blinds", "open the living room blinds"),
        priority=36)
def blinds(req, a):
    if req.question or not req.has("blind", "blinds", "shade", "shades", "curtain", "curtains", "shutters"):
        return None
    phrase = req.rest(BLIND_FILLER, numbers=False)
    percent = position(req, ("open", "raise", "up"), ("close", "shut", "lower", "down", "draw"))
    if percent is None:
        return None
    if percent in (0, 100) and req.number(None, "%") is None:
        return {"room": phrase, "open": percent == 100}
    return {"room": phrase, "position": percent}


@blinds.act
def act_blinds(turn):
    _guard(turn)
    s = turn.slots
    items = [d for d in devices(turn.assistant)
             if kind_of(d) == "cover" and field(d, "device_class", default="") not in ("garage", "gate")]
    room = s.get("room") or ""
    in_room = [d for d in items if room and room_of(d).lower().startswith(room.lower())]
    targets = in_room or ([_pick(turn, room, ("cover",), "blinds")] if room or turn.slots.get("device_id") else items)
    if not targets:
        raise NotOnThisCar("Your home has no blinds the car can reach.")
    home = _home(turn.assistant)
    for d in targets:
        if s.get("position") is not None:
            do = method(home, "do", "command")
            if do is None:
                raise NotOnThisCar("The home can't do that from the car yet.")
            invoke(do, ident(d), "position", s["position"])
            turn.acted = True
        else:
            _act(turn, ("open", "open_cover") if s["open"] else ("close", "close_cover"), d,
                 action="open" if s["open"] else "close")
    where = f"{room_of(targets[0])} blinds" if len(targets) > 1 or not room else name_of(targets[0])
    where = "all blinds" if len(targets) > 1 and not room else where
    if s.get("position") is not None:
        return f"{where[:1].upper()}{where[1:]} to {s['position']} %."
    return f"{'Opening' if s['open'] else 'Closing'} {where[:1].lower()}{where[1:]}."


# ---------------------------------------------------------------------------- routines (the routines domain)
def _scenes(a) -> list:
    """The home's scenes; in valet mode the home lists none, yet "run good night" is still a scene
    (and gets the valet answer, not "there is no such scene")."""
    home = _home(a)
    hidden = method(home, "hidden")
    if hidden is not None and hidden():
        rows = getattr(getattr(a.c.store, "home", None), "scenes", None)
        return list(rows()) if callable(rows) else []
    return listing(home, "scenes")


@intent("home.routine", domain="routines", examples=("run the good night routine",), priority=58)
def routine(req, a):
    if req.question or not req.starts("run", "start", "do", "activate", "trigger", "execute"):
        return None
    phrase = req.rest({"run", "start", "do", "activate", "trigger", "execute", "the", "routine", "scene", "my",
                       "please"})
    items = listing(domain(a.c, "routines"), "list", "routines", "all") + _scenes(a)
    found = fuzzy.pick(phrase, [(name_of(r), r) for r in items], cutoff=80)
    if not found.found:
        return {"name": phrase} if req.has("routine", "scene") else None
    return {"name": phrase}


@routine.act
def act_routine(turn):
    """A routine by name, or a scene of the home (Good night, Leave home, ...)."""
    routines = domain(turn.c, "routines")
    home = _home(turn.assistant)
    items = [(name_of(r), ("routine", r)) for r in listing(routines, "for_profile", "list", "routines", "all")]
    items += [(name_of(x), ("scene", x)) for x in _scenes(turn.assistant)]
    found = fuzzy.pick(turn.slots["name"], items, cutoff=80)
    if not found.found:
        raise UnknownName(f"There is no routine or scene called '{turn.slots['name']}'.")
    kind, item = found.best
    if kind == "scene":
        _guard(turn)
        pin = None
        if home.scene_needs_pin(ident(item)):
            pin = turn.require_pin(f"run {name_of(item)}")
        results = home.run_scene(ident(item), pin=pin, source="assistant")
        turn.acted = True
        skipped = [r for r in results if r.startswith("Skipped")]
        return f"{name_of(item)}: done" + (f", {len(skipped)} skipped." if skipped else ".")
    fn = method(routines, "run", "start", "trigger", "execute")
    if fn is None:
        raise NotOnThisCar("Routines can't be started from the assistant yet.")
    invoke(fn, pass_item(fn, item))
    turn.acted = True
    return f"Running {found.label}."


learn(KINDS, ROOM_FILLER, ("garage", "gate", "frontdoor", "backdoor", "alarm", "arm", "disarm", "thermostat",
                           "routine", "scene", "lounge", "dining", "upstairs", "downstairs", "coffee", "machine", "blind",
                           "blinds", "shade", "shades", "curtain", "curtains", "shutters"))
