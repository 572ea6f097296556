"""Seats and mirrors: seat heating and cooling (levels 0-3), massage, moving a seat, seat memory,
easy entry, folding and heating the mirrors, dimming the rear-view mirror."""

from __future__ import annotations

from tui.controller.assistant.common import exact, need, said_flag, within
from tui.controller.assistant.engine import SOURCE, intent
from tui.controller.assistant.slots import (
    direction, heat_level, level_word, percent_value, places, switch_of, zone_of,
)
from tui.controller.controls import LEVEL_NAMES, LEVEL_PERCENT, level_of
from tui.controller.assistant.words import learn
from tui.controller.errors import InvalidValue, NotAllowed, NotOnThisCar

SEAT = "Vehicle.Cabin.Seat."
REAR = ("rear", "rear_left", "rear_right")
MIRRORS = "Vehicle.Body.Mirrors."
HEAT_WORDS = ("heat", "heated", "heating", "warm", "warmer", "warmth", "heater", "toasty", "hot")
COOL_WORDS = ("cool", "cooled", "cooling", "ventilate", "cooler", "chill", "cold")


def side_of(req) -> str:
    """Which seat: a zone (slots.zone_of; "back" alone is the backrest, "back left" the rear left
    seat), "both" front seats for all of them or "seats", the driver's when it does not say."""
    zone = zone_of(req, rear=("rear", "back left", "back right"))
    if zone in REAR:
        return zone
    if (zone == "all" or req.has("seats", "front seats")) and not req.has("my seat", "passenger"):
        return "both"
    return zone if zone in ("passenger", "left", "right") else "driver"


def seats(turn, side: str, what: str, leaf: str) -> list[str]:
    """The paths (…Seat.Row1.DriverSide.<leaf>) of the seats a side names that this car has; refused
    in plain words when it has none ("no rear seat heating")."""
    found = places(turn, "driver") + places(turn, "passenger") if side == "both" else places(turn, side)
    paths = [f"{SEAT}Row{row}.{place}Side.{leaf}" for row, place in found]
    have = [p for p in paths if turn.has(p)]
    need(turn, have[0] if have else paths[0], f"rear {what}" if side in REAR else what)
    return have


def seat_name(paths: list[str]) -> str:
    if len(paths) > 1:
        return "Front seats"
    return "Passenger seat" if ".PassengerSide." in paths[0] else "Seat"


def _seat_words(req) -> bool:
    return req.has("seat", "seats", "bum", "butt", "bottom", "backrest", "seatheating")


@intent("seats.heating", examples=("heat my seat", "passenger seat heating 2", "seat heating off"), priority=32)
def seat_heating(req, a):
    if req.question or not _seat_words(req) or not req.has(*HEAT_WORDS):
        return None
    if req.has("wheel", "memory", "seatmemory"):
        return None
    return {"side": side_of(req), **heat_level(req, 3)}


@intent("seats.cooling", examples=("cool my seat", "seat ventilation 2"), priority=33)
def seat_cooling(req, a):
    if req.question or not _seat_words(req) or not req.has(*COOL_WORDS):
        return None
    if req.has("memory", "seatmemory"):
        return None
    return {"side": side_of(req), **heat_level(req, 2, cooling=True), "cooling": True}


@seat_heating.act
def act_seat_heating(turn):
    s = turn.slots
    paths = seats(turn, s["side"], "seat heating", "HeatingCooling")
    spec = turn.c.spec(paths[0])
    cooling = bool(s.get("cooling"))
    if cooling and (spec.min is None or spec.min >= 0):
        raise InvalidValue(f"This {turn.c.car.model.name} has heated seats but no seat cooling.")
    if "change" in s:  # from the level of the same kind (heating from 0 while the seat cools)
        current = turn.get(paths[0]) or 0
        level = min(3, max(0, (level_of(current) if (current < 0) == cooling else 0) + s["change"]))
    else:
        level = s["level"]
    if not 0 <= level <= 3:
        raise InvalidValue(f"Seat {'cooling' if cooling else 'heating'} goes from 0 (off) to 3.")
    if level != int(level):  # "2.5" is no level: refused, never rounded
        raise InvalidValue(f"Seat {'cooling' if cooling else 'heating'} has whole levels: 0 (off), 1, 2 or 3.")
    value = -LEVEL_PERCENT[level] if cooling else LEVEL_PERCENT[level]
    events = turn.set_many({p: value for p in paths})
    what = seat_name(paths)
    kind = "cooling" if cooling else "heating"
    if level == 0:
        return f"{what} {kind} {'off' if events else 'is already off'}."
    return f"{what} {kind} {'' if events else 'is already '}{LEVEL_NAMES[level].lower()}."


seat_cooling.act(act_seat_heating)


@intent("seats.massage", examples=("massage on", "massage 50 percent"), priority=34)
def massage(req, a):
    if req.question or not req.has("massage"):
        return None
    flag = req.on_off()
    q = req.number(None, "%")
    if flag is False:
        return {"side": side_of(req), "percent": 0}
    if q is not None:
        return {"side": side_of(req), "percent": percent_value(q)}
    level = level_word(req)
    if level is not None:
        return {"side": side_of(req), "percent": LEVEL_PERCENT[level] // 10 * 10}
    d = direction(req)
    if d is not None:
        return {"side": side_of(req), "change": d}
    return {"side": side_of(req), "percent": 50}


@massage.act
def act_massage(turn):
    s = turn.slots
    paths = seats(turn, s["side"], "seat massage", "Massage.Level")
    spec = turn.c.spec(paths[0])
    if "change" in s:
        value = min(spec.max, max(spec.min, (turn.get(paths[0]) or 0) + s["change"] * (spec.step or 10) * 2))
    else:
        value = exact(spec, s["percent"], "Massage")  # as said (55 is 55), or refused
    events = turn.set_many({p: int(value) for p in paths})
    if value == 0:
        return "Massage off." if events else "Massage is already off."
    return f"Massage {'' if events else 'is already '}{value} %."


# ---------------------------------------------------------------------------- moving a seat
MOVES = {  # word -> (axis, direction)
    "forward": ("Position", -1), "forwards": ("Position", -1), "closer": ("Position", -1),
    "back": ("Position", 1), "backward": ("Position", 1), "backwards": ("Position", 1), "further": ("Position", 1),
    "up": ("Height", 1), "higher": ("Height", 1), "raise": ("Height", 1),
    "down": ("Height", -1), "lower": ("Height", -1),
    "recline": ("Backrest.Recline", 1), "upright": ("Backrest.Recline", -1),
}
AXIS_NAMES = {"Position": "moved", "Height": "height", "Backrest.Recline": "backrest"}
STEPS = 3  # "a bit" is three steps of the car's grid


@intent("seats.move", examples=("move my seat back", "recline my seat"), priority=36)
def move_seat(req, a):
    if req.question or not req.has("seat", "backrest") or req.has(*HEAT_WORDS, *COOL_WORDS, "massage", "memory",
                                                                  "seatmemory", "easyentry"):
        return None
    for w in req.words:
        if w in MOVES:
            axis, d = MOVES[w]
            if w == "back" and req.has("backrest") and req.has("up"):
                axis, d = "Backrest.Recline", -1
            q = req.number(None)
            steps = int(q.value) if q is not None and 0 < q.value <= 20 else STEPS
            if req.has("bit", "little", "tad", "slightly"):
                steps = 1
            side = side_of(req)  # one seat moves at a time: the driver's for "all"
            return {"side": "driver" if side == "both" else side, "axis": axis, "direction": d, "steps": steps}
    return None


@move_seat.act
def act_move_seat(turn):
    s = turn.slots
    path = seats(turn, s["side"], f"power {AXIS_NAMES[s['axis']]} adjustment", s["axis"])[0]
    spec = turn.c.spec(path)
    step = spec.step or 1
    current = turn.get(path)
    current = current if isinstance(current, (int, float)) else spec.min or 0
    value = min(spec.max, max(spec.min, current + s["direction"] * step * s["steps"]))
    value = int(value) if spec.datatype.startswith(("uint", "int")) else float(value)
    event = turn.set(path, value)
    if event is None:
        return "The seat is already as far as it goes."
    return f"{'Passenger' if '.PassengerSide.' in path else 'Your'} seat {AXIS_NAMES[s['axis']]}: {turn.fmt(path)}."


# ---------------------------------------------------------------------------- seat memory
@intent("seats.memory", domain="seats", examples=("seat memory 2", "save my seat to memory 1"), priority=31)
def seat_memory(req, a):
    if req.question or not (req.has("seatmemory") or (req.has("memory", "preset") and req.has("seat", "position",
                                                                                                 "recall", "save"))):
        return None
    q = req.number(None)
    slot = int(q.value) if q is not None else (req.ordinal if req.ordinal and req.ordinal > 0 else None)
    save = req.has("save", "store", "remember", "set", "record")
    return {"preset": slot, "save": save}


@seat_memory.act
def act_seat_memory(turn):
    """Through the seats domain, as its screen does: `save_preset(n)`, or `recall_preset(n)` when
    parked (`recall_block()`), a saved preset (`presets()`) and a yes (`recall_warning(n)`)."""
    s = turn.slots
    seats = turn.c.seats
    count = seats.preset_count()
    if count == 0:
        raise NotOnThisCar(f"This {turn.c.car.model.name} has no seat memory.")
    if s.get("preset") is None:
        turn.choose("Which seat memory?", [(str(n), {"preset": n}) for n in range(1, count + 1)])
    preset = int(s["preset"])
    if not 1 <= preset <= count:
        raise InvalidValue(f"Seat memory goes from 1 to {count}.")
    if s.get("save"):
        text = seats.save_preset(preset, source=SOURCE)
    else:
        block = seats.recall_block()
        if block:
            raise NotAllowed(block)
        if not seats.presets().get(preset):
            raise InvalidValue(f"Memory {preset} is empty; save a position to it first.")
        turn.confirm(seats.recall_warning(preset))
        text = seats.recall_preset(preset, confirmed=True, source=SOURCE)
    turn.acted = True
    return text


@intent("seats.easy_entry", examples=("easy entry on",), priority=36)
def easy_entry(req, a):
    if req.question or not req.has("easyentry"):
        return None
    return {"on": switch_of(req)}


@easy_entry.act
def act_easy_entry(turn):
    path = "Vehicle.Private.SmartCockpit.Seat.EasyEntry.IsEnabled"
    need(turn, path, "easy entry")
    event = turn.set(path, bool(turn.slots["on"]))
    return said_flag(turn, event, "Easy entry", bool(turn.slots["on"]))


# ---------------------------------------------------------------------------- mirrors
@intent("mirrors.fold", examples=("fold the mirrors", "unfold the mirrors"), priority=36)
def fold(req, a):
    if req.question or not req.has("mirrors", "mirror") or req.has("rearview", "heat", "heated", "heating", "defrost"):
        return None
    if req.has("unfold", "fold out", "extend", "open") or (req.has("fold") and req.has("out")):
        return {"folded": False}
    if req.has("fold", "folded", "tuck", "fold in", "close"):
        return {"folded": True}
    return None


@fold.act
def act_fold(turn):
    paths = [f"{MIRRORS}{side}.IsFolded" for side in ("DriverSide", "PassengerSide")]
    need(turn, paths[0], "power-folding mirrors")
    folded = bool(turn.slots["folded"])
    events = turn.set_many({p: folded for p in paths if turn.has(p)})
    word = "folded" if folded else "unfolded"
    return f"Mirrors {word}." if events else f"The mirrors are already {word}."


@intent("mirrors.heat", examples=("heat the mirrors",), priority=36)
def mirror_heat(req, a):
    if req.question or not req.has("mirrors", "mirror") or req.has("rearview"):
        return None
    if not req.has("heat", "heated", "heating", "defrost", "demist", "warm"):
        return None
    return {"on": switch_of(req)}


@mirror_heat.act
def act_mirror_heat(turn):
    paths = [f"{MIRRORS}{side}.IsHeatingOn" for side in ("DriverSide", "PassengerSide")]
    need(turn, paths[0], "heated mirrors")
    events = turn.set_many({p: bool(turn.slots["on"]) for p in paths if turn.has(p)})
    return said_flag(turn, events, "Mirror heating", bool(turn.slots["on"]))


@intent("mirrors.dim", examples=("dim the rear view mirror",), priority=36)
def mirror_dim(req, a):
    if req.question or not req.has("rearview"):
        return None
    q = req.number(None, "%")
    if q is not None:
        return {"percent": percent_value(q)}
    flag = req.on_off()
    if flag is False or req.has("undim", "brighter", "clear"):
        return {"percent": 0}
    if req.has("dim", "dimmer", "dimming", "darker") or flag is True:
        return {"percent": 50}
    return None


@mirror_dim.act
def act_mirror_dim(turn):
    path = "Vehicle.Cabin.RearviewMirror.DimmingLevel"
    need(turn, path, "dimming rear-view mirror")
    spec = turn.c.spec(path)
    value = turn.slots["percent"]
    within(spec, value, "Mirror dimming")
    step = spec.step or 10
    event = turn.set(path, int(round(value / step) * step))
    return "Rear-view mirror undimmed." if value == 0 else f"Rear-view mirror dimmed to {turn.fmt(path)}."


learn(HEAT_WORDS, COOL_WORDS, MOVES, ("massage", "backrest", "bum", "butt", "preset", "remember"))
