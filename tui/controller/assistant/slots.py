"""Slots: what a request says, read one way for every group of intents.

    direction, is_relative       more or less, and whether a number is a target or a change
    change_of, extreme           which way a change goes ("up", "+2"); "max" and "min"
    level_word, percent_value    levels ("low", "high") and percentages as said
    heat_level                   a heating or cooling level 0-3, or a step up or down
    position                     how open a window, the sunshade or blinds should be
    temperature_of, speed_of     a temperature or a speed as said, with its unit
    switch_of, change_or_switch  on or off (with a default), or a change
    zone_of, places              where in the cabin, and which seats that is on this car
    ROOMS                        rooms of the home: a request naming one is not about the car
"""

from __future__ import annotations

from tui.controller.assistant.words import learn

UP_WORDS = ("warmer", "up", "increase", "raise", "higher", "more", "turnup", "louder", "brighter", "faster",
            "stronger", "longer", "further", "farther", "bigger", "larger")
DOWN_WORDS = ("cooler", "down", "decrease", "lower", "reduce", "less", "turndown", "quieter", "dimmer", "slower",
              "weaker", "shorter", "smaller", "closer", "dim")
LEVEL_WORDS = {"off": 0, "low": 1, "lowest": 1, "minimum": 1, "min": 1, "medium": 2, "mid": 2, "middle": 2,
               "high": 3, "highest": 3, "max": 3, "maximum": 3, "full": 3}
ALL_WORDS = ("all", "everyone", "everybody", "everywhere", "both", "whole", "zones", "every")
REAR_WORDS = ("rear", "back")
DRIVER_WORDS = ("driver", "my", "me", "i")  # the one speaking is the driver
MAX_WORDS = ("max", "maximum", "highest")
MIN_WORDS = ("min", "minimum", "lowest")
HALF_WORDS = ("halfway", "half")
BIT_WORDS = ("crack", "bit", "little", "slightly", "ventilate")  # "vent" reads "ventilate" (words.CANON)
ROOMS = ("house", "home", "kitchen", "bedroom", "living", "hallway", "porch", "garden", "office", "bathroom",
         "upstairs", "downstairs", "lounge", "dining", "room", "landing", "patio", "study", "nursery")
learn(UP_WORDS, DOWN_WORDS, LEVEL_WORDS, ALL_WORDS, HALF_WORDS, BIT_WORDS, ROOMS)


# ---------------------------------------------------------------------------- more, less, how much
def direction(req) -> int | None:
    """+1 for more, -1 for less, None when the request says neither."""
    up = req.has(*UP_WORDS)
    down = req.has(*DOWN_WORDS)
    if up and not down:
        return 1
    if down and not up:
        return -1
    if up and down:  # "turn it down, it is too high": the verb decides
        for w in req.words:
            if w in UP_WORDS:
                return 1
            if w in DOWN_WORDS:
                return -1
    return None


def is_relative(req, q) -> bool:
    """A number that is a change ("by 2", "+2", "2 degrees warmer") rather than a target."""
    if q is None:
        return False
    if req.has("by"):
        return True
    if q.signed:  # "+2" is a change, but "set the volume to -5" is a target (refused)
        return not (req.has("to") and req.has("set"))
    return direction(req) is not None and not req.has("to", "at")


def change_of(req, q=None) -> int | None:
    """Which way a change goes: the words (direction), else the sign of a signed number ("+2",
    "minus 1"); None when neither says."""
    d = direction(req)
    if d is None and q is not None and q.signed and q.value:
        return 1 if q.value > 0 else -1
    return d


def extreme(req, top: tuple[str, ...] = (), bottom: tuple[str, ...] = ()) -> str | None:
    """"max" or "min" for an end of the range ("max", "lowest", and the domain's own words:
    "hottest", "longest"); None when neither is asked."""
    if req.has(*MAX_WORDS, *top):
        return "max"
    if req.has(*MIN_WORDS, *bottom):
        return "min"
    return None


# ---------------------------------------------------------------------------- levels and percentages
def level_word(req) -> int | None:
    for w in req.words:
        if w in LEVEL_WORDS and w != "off":
            return LEVEL_WORDS[w]
    return None


def heat_level(req, default: int, cooling: bool = False) -> dict:
    """A heating or cooling level 0-3 as the climate screen has them (seats, steering wheel):
    {"level": n} ("off" 0, "low" 1, "2", "50 %" the nearest level, `default` when none is said) or
    {"change": +1 or -1} ("warmer", "turn it down"; for cooling "cooler" is a step up)."""
    if req.on_off() is False:
        return {"level": 0}
    q = req.number(None, "%")
    if q is not None:
        return {"level": min(3, max(0, round(q.value / 33.4 + 0.49))) if q.unit == "%" else q.number}
    level = level_word(req)
    if level is not None:
        return {"level": level}
    d = direction(req)
    if cooling and req.has("cooler", "warmer"):
        d = 1 if req.has("cooler") else -1
    return {"level": default} if d is None else {"change": d}


def position(req, opens: tuple[str, ...], closes: tuple[str, ...]) -> int | None:
    """How open a cover (a window, the sunshade, blinds) is asked to be, 0-100 %: "halfway" 50, a
    percentage, "a crack" 20, an open word 100, a close word 0 ("close it a bit" is closed); None
    when nothing says."""
    if req.has(*HALF_WORDS):
        return 50
    q = req.number(None, "%")
    if q is None and req.has(*closes):
        return 0
    if req.has(*BIT_WORDS):
        return 20
    if q is not None:
        return percent_value(q, levels_of=0)
    return 100 if req.has(*opens) else None


def temperature_of(q) -> dict:
    """A temperature as said: {"value": 21.5, "unit": "C", "F" or None (the range or the driver's unit
    tells, see common.to_celsius)}; "degrees" alone says no unit."""
    return {"value": q.number, "unit": q.unit if q.unit in ("C", "F") else None}


def speed_of(q, key: str) -> dict:
    """A speed as said: {key: 100, "unit": "km/h", "mph" or None (see common.speed_kmh)}."""
    return {key: q.number, "unit": q.unit}


def percent_value(q, levels_of: int = 10) -> int | float:
    """A percentage as said: "50 %" or "50"; small bare numbers (1-10) are levels of 10 %."""
    v = q.value
    if q.unit != "%" and 0 <= v <= 10 and float(v).is_integer() and levels_of:
        return int(v * levels_of)
    return q.number  # as said: 55.5 stays 55.5 (a setting of whole numbers refuses it, never rounds it)


# ---------------------------------------------------------------------------- on and off
def switch_of(req, default: bool = True) -> bool:
    """On or off as said ("on", "enable", "off", "stop", "not on"); the default when neither is."""
    flag = req.on_off()
    return default if flag is None else flag


def change_or_switch(req, default: bool = True) -> dict:
    """{"change": +1 or -1} for "up", "brighter" ... said without on or off, else {"on": ...}."""
    d = direction(req)
    if d is not None and req.on_off() is None:
        return {"change": d}
    return {"on": switch_of(req, default)}


# ---------------------------------------------------------------------------- where in the cabin
def zone_of(req, rear: tuple[str, ...] = REAR_WORDS) -> str | None:
    """Where in the cabin: "all", "rear_left", "rear_right", "rear", "passenger", "driver", "left",
    "right", or None when the request does not say. "All windows" names windows, not zones, and
    "right now" is no side."""
    if req.has(*ALL_WORDS) and not req.has("windows"):
        return "all"
    left = req.has("left")
    right = "right" in req.wordset and any(w == "right" and req.words[i + 1:i + 2] != ["now"]
                                           for i, w in enumerate(req.words))
    if req.has(*rear):
        return "rear_left" if left else ("rear_right" if right else "rear")
    if req.has("passenger"):
        return "passenger"
    if req.has(*DRIVER_WORDS):
        return "driver"
    if left:
        return "left"
    if right:
        return "right"
    return None


def places(turn, zone: str | None) -> list[tuple[int, str]]:
    """The seats a zone stands for on this car, as (row, "Driver" or "Passenger"); no zone is the
    driver's. Left and right follow the side the driver sits on: on a right-hand-drive car the
    rear left seat is the row 2 passenger side."""
    left_hand = turn.get("Vehicle.Cabin.DriverPosition", "LEFT") != "RIGHT"
    left, right = ("Driver", "Passenger") if left_hand else ("Passenger", "Driver")
    return {
        "driver": [(1, "Driver")], "passenger": [(1, "Passenger")], "left": [(1, left)], "right": [(1, right)],
        "rear_left": [(2, left)], "rear_right": [(2, right)], "rear": [(2, "Driver"), (2, "Passenger")],
        "all": [(1, "Driver"), (1, "Passenger"), (2, "Driver"), (2, "Passenger")],
    }[zone or "driver"]
