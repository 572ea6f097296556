"""Profiles: who is driving, switching to a profile by name
("switch to Alex", fuzzy; asks which when two names fit), the guest profile, and valet mode (on
when asked; off only with the PIN, as in the menus).

Through the profiles domain (tui/controller/profiles/), as its screens do: `list()`,
`switch(id, pin=, keep_changes=)` after the authority's answer (a seat that moves asks a yes, a
protected profile its PIN; by voice, changes made while driving are kept), `valet_on(pin)` (asks
first, then for a valet PIN) and `valet_off(pin)`; every change with source "assistant".
"""

from __future__ import annotations

import re

from tui.controller.assistant import fuzzy
from tui.controller.assistant.conversation import NAME_SOURCES
from tui.controller.assistant.engine import SOURCE, NeedPin, intent
from tui.controller.assistant.slots import switch_of
from tui.controller.assistant.words import STOPWORDS, learn
from tui.controller.errors import NotAllowed, UnknownName
from tui.controller.profiles.names import AmbiguousName, resolve

SWITCH_VERBS = ("switch to", "change to", "swap to", "log in as", "sign in as", "load", "use", "i am", "this is",
                "it is", "change profile to", "switch profile to", "switch user to", "profile")
NOT_NAMES = {"profile", "profiles", "switch", "to", "change", "swap", "log", "in", "as", "sign", "load", "use", "i",
             "am", "this", "is", "it", "the", "user", "driver", "please", "s", "of", "for", "me", "now", "driving",
             "my", "mode", "on"}
VALET = "Vehicle.Private.SmartCockpit.Valet.IsActive"


def profiles_of(a) -> list:
    """The profiles (each with .id, .name, .is_guest); valet mode hides them from the list, and
    the store's rows stand in (the authority refuses switching in valet mode anyway)."""
    return a.c.profiles.list() or a.c.store.profiles.list()


def _profile_names(a):
    try:
        return [p.name for p in profiles_of(a)]
    except Exception:  # the list is only a help for spelling
        return []


NAME_SOURCES.append(_profile_names)


def _one_slip(phrase: str, names: list[str]) -> str | None:
    """A short name typed with one slip ("sma" for Sam, "aelx" for Alex): the only name one edit
    (a swap counts as one) away. Fuzzy ratios are too strict for three or four letters."""
    from rapidfuzz.distance import DamerauLevenshtein

    if len(phrase) < 3 or " " in phrase:
        return None
    near = [n for n in names if len(n) <= 6 and DamerauLevenshtein.distance(phrase, n.lower()) <= 1]
    return near[0] if len(near) == 1 else None


@intent("profiles.who", examples=("who is driving",), priority=12)
def who(req, a):
    if req.question and req.has("who") and req.has("driving", "driver", "profile", "logged", "signed", "me", "i"):
        return {}
    if req.text in ("which profile", "what profile is this", "which profile is this", "current profile"):
        return {}
    return None


@who.act
def act_who(turn):
    return f"{turn.c.active_profile_name()} is at the wheel."


def _plain_name(req) -> str:
    """The name as typed, without the words around it ("switch to ana" -> "ana"), for the resolver
    the command line and the screens use (case, accents, the start of a name); the corrected words
    may have turned a name into another word."""
    return " ".join(w for w in req.plain_words if w not in NOT_NAMES and w not in ("called", "named"))


@intent("profiles.switch", domain="profiles", examples=("switch to Alex",), priority=60)
def switch(req, a):
    if req.question or not req.starts(*SWITCH_VERBS) and not req.has("profile", "driving"):
        return None
    if req.has("guest", "valet", "mode", "theme", "units", "celsius", "fahrenheit", "miles", "km", "station", "radio",
               "bluetooth", "usb", "source") or req.has(*CREATE_VERBS):
        return None
    typed = _plain_name(req)
    if len(typed) >= 2 and typed not in STOPWORDS:  # "i am a ..." names nobody
        try:
            return {"name": resolve(typed, profiles_of(a)).name}
        except AmbiguousName as several:
            return {"name": typed, "options": several.options}
        except UnknownName:
            pass
    if req.starts(*SWITCH_VERBS):
        # a profile may be called by a word the phrase otherwise skips ("switch to Driver")
        for p in profiles_of(a):
            name = p.name.lower()
            if req.text.rstrip(" .!") .endswith(" " + name) and all(w in NOT_NAMES for w in name.split()):
                return {"name": p.name}
    phrase = req.rest(NOT_NAMES)
    if not phrase:
        return None
    found = fuzzy.pick(phrase, [(p.name, p.name) for p in profiles_of(a)], cutoff=75)
    if found.found:
        return {"name": found.best}
    if found.unsure:
        return {"name": phrase, "options": [label for label, _ in found.ambiguous]}
    explicit = req.has("profile") or req.starts("switch to", "change to", "log in as", "sign in as", "swap to")
    close = _one_slip(phrase, [p.name for p in profiles_of(a)]) if explicit else None
    if close is not None:  # not after "use" or "load": "use fan" is not Dan
        return {"name": close}
    if req.has("profile") or (req.starts("switch to", "change to", "log in as", "sign in as", "swap to")
                              and len(phrase.split()) <= 2):
        return {"name": phrase}
    return None


@switch.act
def act_switch(turn):
    s = turn.slots
    if s.get("options"):
        turn.choose("Which profile?", [(name, {"name": name, "options": None}) for name in s["options"]])
    try:  # the resolver the command line and the screens use
        profile = resolve(str(s["name"]), profiles_of(turn.assistant))
    except AmbiguousName as several:
        turn.choose("Which profile?", [(name, {"name": name, "options": None}) for name in several.options])
    if profile.name == turn.c.active_profile_name():
        return f"{profile.name} is already at the wheel."
    # the same flow as the screens: the authority's answer, the yes for a seat that moves, the PIN
    decision = turn.c.authority.decide("profile.switch", target=profile.id, source=SOURCE)
    if decision.refused:
        raise NotAllowed(decision.reason)
    if decision.confirm:
        turn.confirm(f"Switching to {profile.name} moves the driver seat. Switch now?")
    pin = None
    if decision.pin:
        if turn.pin is None:
            raise NeedPin(f"Say {profile.name}'s PIN to switch to that profile.")
        pin = turn.pin
    # by voice, changes made while driving are kept (the menus ask "save or restore?")
    profiles = turn.c.profiles
    keep = True if profiles.needs_decision() else None
    report = profiles.switch(profile.id, pin=pin, keep_changes=keep, source=SOURCE)
    turn.acted = True
    adapted = report.counts()["adapted"]
    extra = f" {adapted} adapted to this car." if adapted else ""
    return f"Hello {profile.name}. Your settings are on.{extra}"


CREATE_VERBS = ("create", "add", "new", "make", "register", "set up", "setup")
_NAME_AFTER = re.compile(r"\b(?:called|named|name|for)\s+(.+)$", re.IGNORECASE)
_AFTER_PROFILE = re.compile(r"\b(?:profile|user|driver)\s+(.+)$", re.IGNORECASE)


@intent("profiles.create", domain="profiles", examples=("create a profile called Sam",), priority=40)
def create(req, a):
    """"create a profile called Bob", "add a new profile named Ana Müller", "new profile Sam": the
    name is kept as typed (case, accents), never spelling-corrected."""
    if req.question or not req.has(*CREATE_VERBS) or not req.has("profile", "user"):
        return None
    raw = " ".join(req.raw.split())
    found = _NAME_AFTER.search(raw) or _AFTER_PROFILE.search(raw)
    name = found.group(1).strip().strip(".!?\"'“”‘’ ").strip() if found else ""
    return {"name": name}


@create.act
def act_create(turn):
    name = turn.slots["name"]
    if not name:
        raise UnknownName("What should the profile be called? Say 'create a profile called' and the name.")
    profiles = turn.c.profiles
    name = profiles.check_name(name)  # before any question: a taken or invalid name is said at once
    decision = turn.c.authority.decide("profile.create", source=SOURCE)
    if decision.refused:
        raise NotAllowed(decision.reason)
    turn.confirm(f"Create a profile called {name} from this car's current settings?")
    pin = turn.require_pin("create a profile") if decision.pin else None
    info = profiles.create(name, owner_pin=pin, source=SOURCE)
    turn.acted = True
    return f"Created {info.name}. Say 'switch to {info.name}' to use it."


@intent("profiles.guest", domain="profiles", examples=("guest profile",), priority=59)
def guest(req, a):
    if req.question or not req.has("guest"):
        return None
    return {"guest": switch_of(req)}


@guest.act
def act_guest(turn):
    for p in profiles_of(turn.assistant):
        if p.is_guest:
            turn.slots = {"name": p.name}
            return act_switch(turn)
    raise UnknownName("There is no guest profile on this car.")


@intent("profiles.valet", domain="profiles", examples=("valet mode on", "valet mode off"), priority=41)
def valet(req, a):
    if req.question or not req.has("valet"):
        return None
    return {"on": switch_of(req)}


@valet.act
def act_valet(turn):
    on = bool(turn.slots["on"])
    if not on:  # leaving: the authority's answer, as on the screens and the command line
        decision = turn.c.authority.decide("valet.leave", source=SOURCE)
        if decision.refused:
            raise NotAllowed(decision.reason)
    if bool(turn.get(VALET)) == on:
        return f"Valet mode is already {'on' if on else 'off'}."
    if on:
        turn.confirm("Turn valet mode on? Settings and personal data will be locked.")
        if turn.pin is None:
            raise NeedPin("Say a PIN of 4 to 6 digits for valet mode; it is asked again to leave.")
        turn.c.profiles.valet_on(turn.pin, source=SOURCE)
        turn.acted = True
        return "Valet mode on."
    if turn.pin is None:
        raise NeedPin("Say the valet PIN to leave valet mode.")
    turn.c.profiles.valet_off(turn.pin, source=SOURCE)
    turn.acted = True
    return "Valet mode off."


learn(SWITCH_VERBS, ("guest", "valet", "profile", "profiles"))
