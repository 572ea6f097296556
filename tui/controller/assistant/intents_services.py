"""Connected services: start a trial ("start the music trial"), buy a plan (the price first, then a
yes and, when the authority asks, the PIN), cancel (the refund first), and what is active. Names
are matched fuzzily against the offers of this car.

Through the services domain (tui/controller/services/), as its screens do: `catalog()` and
`active()` give `Offer`s, `start_trial(id)`, `quote(id, plan)` then `buy(id, plan, pin=)`,
`cancel_quote(id)` then `cancel(id)`; every change with source "assistant".
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from tui.controller.assistant import fuzzy
from tui.controller.assistant.conversation import NAME_SOURCES
from tui.controller.assistant.engine import SOURCE, intent
from tui.controller.assistant.words import learn
from tui.controller.errors import NotAllowed, NotOnThisCar, UnknownName

if TYPE_CHECKING:
    from tui.controller.services import Offer

FILLER = {"start", "the", "a", "an", "my", "free", "trial", "try", "buy", "subscribe", "to", "purchase", "get",
          "cancel", "stop", "unsubscribe", "from", "subscription", "service", "services", "please", "for", "of",
          "i", "want", "would", "like", "end", "renew", "plan", "month", "monthly", "year", "yearly", "lifetime",
          "annual", "annually", "forever", "life", "a", "per"}


def _plan(req) -> str | None:
    if req.has("lifetime", "forever", "life"):
        return "lifetime"
    if req.has("yearly", "year", "annual", "annually"):
        return "yearly"
    if req.has("monthly", "month"):
        return "monthly"
    return None


def offers(a) -> list[Offer]:
    return a.c.services.catalog()


_NAMES: dict = {}


def _names(a):
    """The names on offer, for spelling correction: the catalog of a car does not change while it is
    the car at hand (what is owned does, the names do not), so they are read once per car."""
    key = (id(a.c), a.c.car.vin)
    found = _NAMES.get(key)
    if found is None:
        found = _NAMES[key] = [o.name for o in offers(a)]
        if len(_NAMES) > 64:
            _NAMES.pop(next(iter(_NAMES)))
    return found


NAME_SOURCES.append(_names)


# what people call a service besides its name, id and category (words as the request has them:
# "wi-fi" reads "wifi", "hands free" reads "handsfree")
COMMON = {
    "music": "music songs streaming spotify playlists podcasts",
    "hotspot": "wifi hotspot internet wireless data",
    "traffic": "live traffic maps navigation",
    "handsfree": "autodrive handsfree autopilot selfdriving",
    "remote_home": "remote home",
    "remote_car": "app phone remote",
    "smart_charging": "smart charging",
    "theft_tracking": "theft stolen tracking tracker",
    "heated_seats": "heated seat seats",
}
# words that name a service only together with "service", "trial" or "subscription": alone after
# "cancel" they are the route, the home or the charging session
SHARED = {"navigation", "home", "charging", "connectivity", "driving", "energy", "security", "comfort", "media",
          "remote", "smart", "app", "phone", "car", "data", "live", "seat", "seats", "heated"}
# a request with one of these stops a service; it never starts or buys one
STOP_WORDS = ("cancel", "unsubscribe", "stop", "end", "quit", "terminate", "disable", "off", "remove", "drop",
              "kill", "halt", "discontinue")
NEGATIONS = ("not", "never", "dont")
FILLER |= set(STOP_WORDS) | set(NEGATIONS) | {"turn", "now", "do", "please", "it", "that", "this", "free", "one"}


def _words_of(offer: Offer) -> tuple[set[str], set[str]]:
    """(the words of its name and common names, the words of its id, category and feature)."""
    own = set(offer.name.lower().replace("-", " ").split()) | set(COMMON.get(offer.id, "").split())
    own = {w.replace("-", "") for w in own} | {offer.name.lower().replace("-", "").replace(" ", "")}
    other = {offer.category.lower()} | set(offer.id.lower().split("_")) | set(
        (offer.feature or "").lower().replace(".", " ").replace("_", " ").split())
    return own, other - own


def by_words(phrase: str, items: list[Offer], bare: bool = False) -> list[Offer]:
    """The offers whose words the phrase says most of ("music streaming", "the wifi", "spotify"):
    a word of the name or a common name counts 2, of the id, category or feature 1. `bare` (no
    "service", "trial" or "subscription" said) counts only words not SHARED with other things."""
    said = set(phrase.split())
    scored = []
    for o in items:
        own, other = _words_of(o)
        whole = set(o.name.lower().replace("-", "").split())
        if bare:  # its whole name ("remote home access") still names it
            own, other = (own if whole <= said or len(said & whole) >= 2 else own - SHARED), set()
        points = 2 * len(said & own) + len(said & other)
        if points:
            scored.append((points, o))
    if not scored:
        return []
    top = max(p for p, _ in scored)
    return [o for p, o in scored if p == top]


def _find(turn, phrase: str, items: list[Offer] | None = None) -> Offer:
    """The offer a phrase names: by the words of its name, common names, id or category, then
    fuzzily (a misspelt name); asks which when two fit equally well."""
    items = offers(turn.assistant) if items is None else items
    if not items:
        raise NotOnThisCar("No services are offered on this car.")
    if turn.slots.get("service") is not None:
        for o in items:
            if o.name == turn.slots["service"]:
                return o
    named = by_words(phrase, items)
    if len(named) == 1:
        return named[0]
    if len(named) > 1:
        turn.choose("Which service?", [(o.name, {"service": o.name}) for o in named])
    labels = [(o.name, o) for o in items] + [(o.id.replace("_", " "), o) for o in items]
    found = fuzzy.pick(phrase, labels, cutoff=70) if phrase else fuzzy.Pick()
    if found.found:
        return found.best
    if found.unsure:
        names = []
        for _, o in found.ambiguous:
            if o.name not in names:
                names.append(o.name)
        if len(names) == 1:
            return next(o for o in items if o.name == names[0])
        turn.choose("Which service?", [(n, {"service": n}) for n in names])
    if not phrase.strip():
        raise UnknownName("Which service? Say its name, for example 'cancel the music trial'.")
    raise UnknownName(f"No service called '{phrase}' here.")


def _stops(req) -> bool:
    return req.has(*STOP_WORDS) or (req.has(*NEGATIONS) and req.has("start", "buy", "subscribe", "trial", "try"))


@intent("services.trial", domain="services", examples=("start the music trial",), priority=50)
def trial(req, a):
    if req.question or not req.has("trial", "try") or _stops(req):
        return None
    return {"name": req.rest(FILLER)}


@trial.act
def act_trial(turn):
    offer = _find(turn, turn.slots["name"])
    turn.c.services.start_trial(offer.id, source=SOURCE)
    turn.acted = True
    days = f" for {offer.trial_days} days" if offer.trial_days else ""
    return f"{offer.name} trial started{days}. It won't renew without asking you."


@intent("services.buy", domain="services", examples=("subscribe to live traffic",), priority=51)
def buy(req, a):
    if req.question or not req.has("buy", "subscribe", "purchase") or _stops(req):
        return None
    slots = {"name": req.rest(FILLER)}
    plan = _plan(req)
    if plan:
        slots["plan"] = plan
    return slots


@buy.act
def act_buy(turn):
    offer = _find(turn, turn.slots["name"])
    decision = turn.c.authority.decide("services.buy", source=SOURCE)
    if decision.refused:  # rights, valet, moving: said before the price is asked about
        raise NotAllowed(decision.reason)
    services = turn.c.services
    plan = turn.slots.get("plan") or "monthly"
    quote = services.quote(offer.id, plan)  # the price of the plan, then the PIN or a yes
    turn.confirm(quote.text + " Buy it?")  # parked only (the authority refused above while moving)
    pin = turn.require_pin(f"buy {offer.name}") if decision.pin else None  # whose: the authority's
    services.buy(offer.id, plan, pin=pin, source=SOURCE)
    turn.acted = True
    return f"{offer.name} is yours ({plan})."


@intent("services.cancel", domain="services", examples=("cancel my music subscription",), priority=51)
def cancel(req, a):
    """Cancelling a trial or a subscription (a trial is cancelled by cancelling it, never by
    starting one): "cancel the wi-fi hotspot trial", "turn off the music trial", "cancel music
    streaming", "end my trial" (the one running)."""
    if req.question or not _stops(req):
        return None
    phrase = req.rest(FILLER)
    if not req.has("subscription", "trial", "service", "plan", "unsubscribe"):
        # "cancel live traffic": only "cancel", and only when the rest names a service on offer by
        # its own words ("stop the music" is the media's, "cancel navigation" the route's)
        if not req.has("cancel", "unsubscribe") or not phrase or not by_words(phrase, offers(a), bare=True):
            return None
    return {"name": phrase}


@cancel.act
def act_cancel(turn):
    services = turn.c.services
    active = services.active()
    if not turn.slots["name"].strip() and active and turn.slots.get("service") is None:
        if len(active) > 1:  # "end my trial" with two running: which
            turn.choose("Which service?", [(o.name, {"service": o.name}) for o in active])
        offer = active[0]  # "end my trial": the one there is
    else:
        offer = _find(turn, turn.slots["name"], active or offers(turn.assistant))
    turn.confirm(services.cancel_quote(offer.id).text)  # the prorated refund is said before the yes
    services.cancel(offer.id, source=SOURCE)
    turn.acted = True
    return f"{offer.name} cancelled."


@intent("services.mine", domain="services", examples=("what services do I have",), priority=17)
def mine(req, a):
    if req.question and req.has("services", "subscription", "subscriptions", "trials", "trial"):
        return {}
    return None


@mine.act
def act_mine(turn):
    active = turn.c.services.active()
    if not active:
        return "No active services or trials."
    return f"Active: {', '.join(o.name for o in active[:6])}."


learn(FILLER, STOP_WORDS, ("subscriptions", "trials", "traffic", "hotspot", "wifi", "live", "music", "spotify"),
      *(words.split() for words in COMMON.values()))
