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


def _find(turn, phrase: str, items: list[Offer] | None = None) -> Offer:
    """The offer a phrase names: by name, id ("live_traffic") or category, fuzzily; asks which when
    two fit."""
    items = offers(turn.assistant) if items is None else items
    if not items:
        raise NotOnThisCar("No services are offered on this car.")
    labels = [(o.name, o) for o in items]
    for o in items:
        for value in (o.id, o.category):
            if value:
                labels.append((value.replace("_", " ").replace("-", " "), o))
    if turn.slots.get("service") is not None:
        for o in items:
            if o.name == turn.slots["service"]:
                return o
    found = fuzzy.pick(phrase, labels, cutoff=70)
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
    raise UnknownName(f"No service called '{phrase}' here.")


@intent("services.trial", domain="services", examples=("start the music trial",), priority=50)
def trial(req, a):
    if req.question or not req.has("trial", "try") or req.has("cancel", "unsubscribe", "stop", "end"):
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
    if req.question or not req.has("buy", "subscribe", "purchase") or req.has("unsubscribe", "cancel"):
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
    if req.question or not req.has("cancel", "unsubscribe", "stop", "end"):
        return None
    phrase = req.rest(FILLER)
    if not req.has("subscription", "trial", "service", "plan", "unsubscribe"):
        # "cancel live traffic": only "cancel", and only when the rest names a service on offer
        # ("stop the music" is the media's)
        if not req.has("cancel") or not phrase:
            return None
        on_offer = offers(a)
        labels = [(o.name, o) for o in on_offer] + [(o.id, o) for o in on_offer]
        if not fuzzy.pick(phrase, labels, cutoff=80).found:
            return None
    return {"name": phrase}


@cancel.act
def act_cancel(turn):
    services = turn.c.services
    offer = _find(turn, turn.slots["name"], services.active() or offers(turn.assistant))
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


learn(FILLER, ("subscriptions", "trials", "traffic", "hotspot", "wifi", "live", "music"))
