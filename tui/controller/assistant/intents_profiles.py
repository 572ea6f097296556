"""Profiles: who is driving (always), and with the profiles domain: switching to a profile by name
("switch to Alex", fuzzy; asks which when two names fit), the guest profile, and valet mode (on
when asked; off only with the PIN, as in the menus).

The profiles domain (tui/controller/profiles.py) is reached through its public methods: `list`,
`switch(profile, pin=, keep_changes=)` (a protected profile asks for its PIN; by voice, changes made
while driving are kept), `valet_on(pin)` (asks first, then for a valet PIN) and `valet_off(pin)`.
"""

from __future__ import annotations

from tui.controller.assistant import fuzzy
from tui.controller.assistant.conversation import NAME_SOURCES
from tui.controller.assistant.domains import domain, invoke, listing, name_of, pass_item
from tui.controller.assistant.engine import NeedPin, intent
from tui.controller.assistant.slots import switch_of
from tui.controller.assistant.words import learn
from tui.controller.errors import NotAllowed, NotOnThisCar, UnknownName

SWITCH_VERBS = ("switch to", "change to", "swap to", "log in as", "sign in as", "load", "use", "i am", "this is",
                "it is", "change profile to", "switch profile to", "switch user to", "profile")
NOT_NAMES = {"profile", "profiles", "switch", "to", "change", "swap", "log", "in", "as", "sign", "load", "use", "i",
             "am", "this", "is", "it", "the", "user", "driver", "please", "s", "of", "for", "me", "now", "driving",
             "my", "mode", "on"}
VALET = "Vehicle.Private.SmartCockpit.Valet.IsActive"


def profiles_of(a) -> list:
    dom = domain(a.c, "profiles")
    items = listing(dom, "list", "all", "profiles", "list_profiles") if dom is not None else []
    return items or a.c.store.profiles.list()


def _profile_names(a):
    try:
        return [name_of(p) for p in profiles_of(a)]
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


@intent("profiles.switch", domain="profiles", examples=("switch to Alex",), priority=60)
def switch(req, a):
    if req.question or not req.starts(*SWITCH_VERBS) and not req.has("profile", "driving"):
        return None
    if req.has("guest", "valet", "mode", "theme", "units", "celsius", "fahrenheit", "miles", "km", "station", "radio",
               "bluetooth", "usb", "source"):
        return None
    if req.starts(*SWITCH_VERBS):
        # a profile may be called by a word the phrase otherwise skips ("switch to Driver")
        for p in profiles_of(a):
            name = name_of(p).lower()
            if req.text.rstrip(" .!") .endswith(" " + name) and all(w in NOT_NAMES for w in name.split()):
                return {"name": name_of(p)}
    phrase = req.rest(NOT_NAMES)
    if not phrase:
        return None
    found = fuzzy.pick(phrase, [(name_of(p), name_of(p)) for p in profiles_of(a)], cutoff=75)
    if found.found:
        return {"name": found.best}
    if found.unsure:
        return {"name": phrase, "options": [label for label, _ in found.ambiguous]}
    explicit = req.has("profile") or req.starts("switch to", "change to", "log in as", "sign in as", "swap to")
    close = _one_slip(phrase, [name_of(p) for p in profiles_of(a)]) if explicit else None
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
    profiles = {name_of(p).lower(): p for p in profiles_of(turn.assistant)}
    profile = profiles.get(str(s["name"]).lower())
    if profile is None:
        raise UnknownName(f"There is no profile called {s['name']!r}.")
    if name_of(profile) == turn.c.active_profile_name():
        return f"{name_of(profile)} is already at the wheel."
    dom = domain(turn.c, "profiles")
    if dom is None or not hasattr(dom, "switch"):
        raise NotOnThisCar("Switching profiles is not available here yet.")
    # the same flow as the screens: the authority's answer, the yes for a seat that moves, the PIN
    decision = turn.c.authority.decide("profile.switch", target=profile.id, source="assistant")
    if decision.refused:
        raise NotAllowed(decision.reason)
    if decision.confirm:
        turn.confirm(f"Switching to {name_of(profile)} moves the driver seat. Switch now?")
    pin = None
    if decision.pin:
        if turn.pin is None:
            raise NeedPin(f"Say {name_of(profile)}'s PIN to switch to that profile.")
        pin = turn.pin
    # by voice, changes made while driving are kept (the menus ask "save or restore?")
    keep = True if getattr(dom, "needs_decision", lambda: 0)() else None
    report = invoke(dom.switch, pass_item(dom.switch, profile), pin=pin, keep_changes=keep)
    turn.acted = True
    counts = getattr(report, "counts", None)
    adapted = counts()["adapted"] if counts else 0
    extra = f" {adapted} adapted to this car." if adapted else ""
    return f"Hello {name_of(profile)}. Your settings are on.{extra}"


@intent("profiles.guest", domain="profiles", examples=("guest profile",), priority=59)
def guest(req, a):
    if req.question or not req.has("guest"):
        return None
    return {"guest": switch_of(req)}


@guest.act
def act_guest(turn):
    for p in profiles_of(turn.assistant):
        if getattr(p, "is_guest", False):
            turn.slots = {"name": name_of(p)}
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
    dom = domain(turn.c, "profiles")
    if not on:  # leaving: the authority's answer, as on the screens and the command line
        decision = turn.c.authority.decide("valet.leave", source="assistant")
        if decision.refused:
            raise NotAllowed(decision.reason)
    if bool(turn.get(VALET)) == on:
        return f"Valet mode is already {'on' if on else 'off'}."
    if dom is None or not hasattr(dom, "valet_on"):
        raise NotOnThisCar("Valet mode is not available here yet.")
    if on:
        turn.confirm("Turn valet mode on? Settings and personal data will be locked.")
        if turn.pin is None:
            raise NeedPin("Say a PIN of 4 to 6 digits for valet mode; it is asked again to leave.")
        dom.valet_on(turn.pin, source="assistant")
        turn.acted = True
        return "Valet mode on."
    if turn.pin is None:
        raise NeedPin("Say the valet PIN to leave valet mode.")
    dom.valet_off(turn.pin, source="assistant")
    turn.acted = True
    return "Valet mode off."


learn(SWITCH_VERBS, ("guest", "valet", "profile", "profiles"))
