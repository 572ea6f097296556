"""The smart home (the home domain): lights by room or name ("turn off the kitchen lights",
fuzzy, asks which when several fit), the garage, door locks, the alarm, the thermostat, blinds,
other switches by name, questions ("is the front door locked", "is the garage open"), and routines
and scenes by name (with the routines domain).

Through the home domain (tui/controller/home/service.py), as its screens do: `devices()` gives
`Entity`s (entity_id, name, domain, room, device_class, state), `refusal()` says why an action
can't be done, `pin_for()` / `ask_first()` read the one device-action table (unlock, disarm, the
garage from afar need the PIN; the garage is asked near home too), `do(entity_id, action, value,
pin=, source=)` does it; `scenes()` / `run_scene()` give a `SceneRun`; routines through
`controller.routines` (`list()`, `for_profile()`, `run()`). Every change with source "assistant".
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from tui.controller.assistant import fuzzy
from tui.controller.assistant.conversation import NAME_SOURCES
from tui.controller.assistant.engine import SOURCE, intent
from tui.controller.assistant.slots import (
    BIT_WORDS, HALF_WORDS, ROOMS, percent_value, position, switch_of, temperature_of,
)
from tui.controller.assistant.words import learn
from tui.controller.errors import NotAllowed, NotOnThisCar, UnknownName

if TYPE_CHECKING:
    from tui.controller.home.entities import Entity
    from tui.controller.home.service import Scene

# the words a driver uses for a kind of device, and the home's domains, to the kinds asked about
KINDS = {"light": "light", "lights": "light", "lamp": "light", "cover": "cover", "garage": "cover", "door": "lock",
         "lock": "lock", "alarm": "alarm", "alarm_control_panel": "alarm", "security": "alarm", "climate": "climate",
         "thermostat": "climate", "switch": "switch", "plug": "switch", "fan": "switch"}
ROOM_FILLER = {"the", "turn", "switch", "on", "off", "lights", "light", "lamp", "lamps", "in", "at", "all", "please",
               "my", "home", "house", "of", "to", "set", "dim", "brighten", "percent", "and", "up", "down", "a",
               "is", "are", "was", "what", "room", "s"}
GATES = ("garage", "gate")


def devices(a) -> list[Entity]:
    return a.c.home.devices()


def kind_of(device: Entity) -> str:
    return KINDS.get(device.domain, device.domain)


def room_of(device: Entity) -> str:
    return device.room or ""


def state_of(device: Entity) -> str:
    return device.state


def _home_names(a):
    names = []
    for d in devices(a):
        names.append(d.name)
        if d.room:
            names.append(d.room)
    return names


NAME_SOURCES.append(_home_names)


GENERIC = {"temperature", "temp", "set", "to", "whats", "what's", "s", "it", "inside", "outside", "cabin", "car"}
NAME_FILLER = ROOM_FILLER | GENERIC
BLIND_FILLER = ROOM_FILLER | {"blind", "blinds", "shade", "shades", "curtain", "curtains", "shutters", "open", "close",
                              "raise", "lower", "shut", "draw", *HALF_WORDS, *BIT_WORDS}


def _labels(items: list[Entity], what: str = "") -> list[tuple[str, Entity]]:
    """Each device by its name and by its room (+ what: "kitchen light")."""
    return [(d.name, d) for d in items] + [(f"{d.room} {what}".strip(), d) for d in items if d.room]


def mentions_home_device(req, a, generic: bool = False) -> bool:
    """The request names a room or a device of the home (the car's own lights step aside). With
    generic, words any car request uses ("temperature", "set") do not count as a name."""
    phrase = req.rest(NAME_FILLER if generic else ROOM_FILLER)
    if not phrase:
        return False
    found = fuzzy.pick(phrase, _labels(devices(a)), cutoff=85)
    return bool(found.found or found.unsure)


def names_home_word(req, a) -> bool:
    """A word of the request (3 letters or more, not a generic one) is a word of a device's or a
    room's name, allowing a typo: "is the porch light on", "is the kitchn window open"."""
    from rapidfuzz import fuzz

    mine = [w for w in req.words if len(w) >= 3 and w not in ROOM_FILLER and w not in GENERIC]
    theirs = {w for d in devices(a) for w in f"{d.name} {d.room}".lower().split() if len(w) >= 3}
    theirs -= GENERIC | {"light", "lights", "door", "contact", "sensor"}
    return any(w in theirs or any(fuzz.ratio(w, t) >= 85 for t in theirs) for w in mine)


def _pick(turn, phrase: str, kinds: tuple[str, ...], what: str) -> Entity:
    """One device of these kinds named by the phrase (by name or room); asks which when several fit."""
    items = [d for d in devices(turn.assistant) if kind_of(d) in kinds]
    if not items:
        raise NotOnThisCar(f"Your home has no {what}.")
    if turn.slots.get("device_id") is not None:
        for d in items:
            if d.entity_id == str(turn.slots["device_id"]):
                return d
    if not phrase:
        if len(items) == 1:
            return items[0]
        turn.choose(f"Which {what}?", [(d.name, {"device_id": d.entity_id}) for d in items])
    found = fuzzy.pick(phrase, _labels(items, what), cutoff=70)
    if found.found:
        return found.best
    if found.unsure:
        seen, options = set(), []
        for _, d in found.ambiguous:
            if d.entity_id not in seen:
                seen.add(d.entity_id)
                options.append((d.name, {"device_id": d.entity_id}))
        if len(options) == 1:
            return next(d for d in items if d.entity_id == options[0][1]["device_id"])
        turn.choose(f"Which {what}?", options)
    raise UnknownName(f"No {what} called '{phrase}' at home.")


def _guard(turn) -> None:
    """In valet mode the home is hidden: say so (not "your home has no light")."""
    if turn.c.home.hidden():
        from tui.controller.home.service import VALET_HIDDEN

        raise NotAllowed(VALET_HIDDEN)


def _refuse(turn, device: Entity, action: str) -> None:
    """The home's own refusal (valet, out of reach, remote access, permission) before anything is
    asked: no question and no PIN for what would be refused anyway, as in the menus."""
    why = turn.c.home.refusal(device.entity_id, action, source=SOURCE)
    if why:
        raise NotAllowed(why)


def _ask(turn, device: Entity, action: str) -> str | None:
    """Before an action, as the menus: the home's refusal, then what its device-action table asks:
    the PIN for a security action here and now (a yes when the driver has no PIN), a yes for one
    asked first (the garage near home). Returns the PIN to pass on."""
    _refuse(turn, device, action)
    home = turn.c.home
    said = home.pin_for(device.entity_id, action)
    if said is not None:
        return turn.require_pin(said)
    question = home.ask_first(device.entity_id, action)
    if question:
        turn.confirm(question)
    return None


def _do(turn, device: Entity, action: str, value=None, pin: str | None = None) -> str:
    text = turn.c.home.do(device.entity_id, action, value, pin=pin, source=SOURCE)
    turn.acted = True
    return text


def _already(result: str) -> str | None:
    """The home's own answer when nothing needed doing ("Garage door is already closed.")."""
    return result if " already " in result else None


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
    dim = s.get("brightness") is not None and s["on"]
    action, value = ("brightness", s["brightness"]) if dim else ("on" if s["on"] else "off", None)
    pins = [_ask(turn, d, action) for d in targets]  # every question before the first light changes
    for d, pin in zip(targets, pins):
        _do(turn, d, action, value, pin)
    where = "all lights" if s.get("all") else (f"{targets[0].room or targets[0].name} lights"
                                               if len(targets) > 1 else targets[0].name)
    if s.get("brightness") is not None and s["on"]:
        return f"{where[:1].upper()}{where[1:]} at {s['brightness']} %."
    return f"{where[:1].upper()}{where[1:]} {'on' if s['on'] else 'off'}."


@intent("home.switch", domain="home", examples=("turn on the coffee machine",), priority=62)
def switch(req, a):
    if req.question or req.on_off() is None:
        return None
    phrase = req.rest(ROOM_FILLER)
    if not phrase:
        return None
    items = [(d.name, d) for d in devices(a) if kind_of(d) in ("switch", "light")]
    found = fuzzy.pick(phrase, items, cutoff=85)
    if not found.found:
        return None
    return {"device_id": found.best.entity_id, "name": found.label, "on": req.on_off()}


@switch.act
def act_switch(turn):
    _guard(turn)
    s = turn.slots
    device = _pick(turn, s["name"], ("switch", "light"), "device")
    action = "on" if s["on"] else "off"
    if device.device_class == "ev_charger":  # a charger starts and stops charging
        action = "start" if s["on"] else "stop"
    pin = _ask(turn, device, action)
    done = _do(turn, device, action, pin=pin)
    if _already(done):
        return done
    return f"{device.name} {'on' if s['on'] else 'off'}."


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
    doors = [d for d in devices(turn.assistant) if kind_of(d) == "cover" and d.device_class in GATES]
    device = doors[0] if len(doors) == 1 else _pick(turn, s["name"], ("cover",), "garage door")
    action = "open" if s["open"] else "close"
    _refuse(turn, device, action)
    if device.state in (("open", "opening") if s["open"] else ("closed", "closing")):
        return f"The {device.name.lower()} is already {device.state}."  # nothing to ask
    done = _do(turn, device, action, pin=_ask(turn, device, action))
    if _already(done):
        return done
    return f"{'Opening' if s['open'] else 'Closing'} the {device.name.lower()}."


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
    action = "lock" if s["locked"] else "unlock"
    done = _do(turn, device, action, pin=_ask(turn, device, action))
    if _already(done):
        return done
    return f"{device.name} {'locked' if s['locked'] else 'unlocked'}."


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
    action = f"arm_{s['mode']}" if s["arm"] else "disarm"
    done = _do(turn, device, action, pin=_ask(turn, device, action))
    if _already(done):
        return done
    return f"Alarm armed ({s['mode']})." if s["arm"] else "Alarm disarmed."


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
    _do(turn, device, "temperature", celsius, pin=_ask(turn, device, "temperature"))
    return f"{device.name} set to {temperature_text(turn, celsius)}."


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
            found = fuzzy.pick(phrase, _labels(named), cutoff=70) if phrase else None
            if found is not None and (found.found or found.unsure):
                kinds = (kind,)
                break
        else:
            kinds = STATUS_KINDS[""]
    device = _pick(turn, phrase, kinds, "device")
    shown = turn.c.home.state_text(device) or device.state.replace("_", " ").lower()
    return f"{device.name}: {shown}."


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
    items = [d for d in devices(turn.assistant) if kind_of(d) == "cover" and d.device_class not in GATES]
    room = s.get("room") or ""
    in_room = [d for d in items if room and room_of(d).lower().startswith(room.lower())]
    targets = in_room or ([_pick(turn, room, ("cover",), "blinds")] if room or turn.slots.get("device_id") else items)
    if not targets:
        raise NotOnThisCar("Your home has no blinds the car can reach.")
    if s.get("position") is not None:
        action, value = "position", s["position"]
    else:
        action, value = ("open" if s["open"] else "close"), None
    pins = [_ask(turn, d, action) for d in targets]  # every question before the first blind moves
    for d, pin in zip(targets, pins):
        _do(turn, d, action, value, pin)
    where = f"{room_of(targets[0])} blinds" if len(targets) > 1 or not room else targets[0].name
    where = "all blinds" if len(targets) > 1 and not room else where
    if s.get("position") is not None:
        return f"{where[:1].upper()}{where[1:]} to {s['position']} %."
    return f"{'Opening' if s['open'] else 'Closing'} {where[:1].lower()}{where[1:]}."


# ---------------------------------------------------------------------------- routines (the routines domain)
def _scenes(a) -> list[Scene]:
    """The home's scenes; in valet mode the home lists none, yet "run good night" is still a scene
    (and gets the valet answer, not "there is no such scene")."""
    return a.c.home.scenes(in_valet=True)


@intent("home.routine", domain="routines", examples=("run the good night routine",), priority=58)
def routine(req, a):
    if req.question or not req.starts("run", "start", "do", "activate", "trigger", "execute"):
        return None
    phrase = req.rest({"run", "start", "do", "activate", "trigger", "execute", "the", "routine", "scene", "my",
                       "please"})
    names = [r.name for r in a.c.routines.list()] + [x.name for x in _scenes(a)]
    found = fuzzy.pick(phrase, [(n, n) for n in names], cutoff=80)
    if not found.found:
        return {"name": phrase} if req.has("routine", "scene") else None
    return {"name": phrase}


@routine.act
def act_routine(turn):
    """A routine by name, or a scene of the home (Good night, Leave home, ...)."""
    home = turn.c.home
    items = [(r.name, ("routine", r.id)) for r in turn.c.routines.for_profile()]
    items += [(x.name, ("scene", x.id)) for x in _scenes(turn.assistant)]
    found = fuzzy.pick(turn.slots["name"], items, cutoff=80)
    if not found.found:
        raise UnknownName(f"There is no routine or scene called '{turn.slots['name']}'.")
    kind, ref = found.best
    if kind == "scene":
        _guard(turn)
        scene = home.scene(ref)
        pin = turn.require_pin(f"run {scene.name}") if home.scene_needs_pin(scene.id) else None
        run = home.run_scene(scene.id, pin=pin, source=SOURCE)
        turn.acted = True
        return f"{scene.name}: done" + (f", {len(run.skipped)} skipped." if run.skipped else ".")
    turn.c.routines.run(ref, source=SOURCE)
    turn.acted = True
    return f"Running {found.label}."


learn(KINDS, ROOM_FILLER, ("garage", "gate", "frontdoor", "backdoor", "alarm", "arm", "disarm", "thermostat",
                           "routine", "scene", "lounge", "dining", "upstairs", "downstairs", "coffee", "machine", "blind",
                           "blinds", "shade", "shades", "curtain", "curtains", "shutters"))
