"""Connected services (needs the services domain): start a trial ("start the music trial"), buy or
subscribe (asks first; purchases need the profile's permission, checked by the domain), cancel,
and what is active. Names are matched fuzzily against the services the domain offers.

The services domain is reached through its public methods: a catalog (`catalog`/`offers`/`list`/
`available`), what is active (`active`/`subscriptions`/`mine`), and `start_trial`/`trial`,
`buy`/`subscribe`/`purchase`, `cancel`/`unsubscribe`.
"""

from __future__ import annotations

from tui.controller.assistant import fuzzy
from tui.controller.assistant.conversation import NAME_SOURCES
from tui.controller.assistant.domains import domain, field, invoke, listing, method, name_of, pass_item
from tui.controller.assistant.engine import intent
from tui.controller.assistant.words import learn
from tui.controller.errors import NotAllowed, NotOnThisCar, UnknownName

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


def _services(a):
    return domain(a.c, "services")


def offers(a) -> list:
    return listing(_services(a), "catalog", "offers", "list", "available", "all")


_NAMES: dict = {}


def _names(a):
    """The names on offer, for spelling correction: the catalog of a car does not change while it is
    the car at hand (what is owned does, the names do not), so they are read once per car."""
    key = (id(a.c), getattr(getattr(a.c, "car", None), "vin", None))
    found = _NAMES.get(key)
    if found is None:
        found = _NAMES[key] = [name_of(s) for s in offers(a)]
        if len(_NAMES) > 64:
            _NAMES.pop(next(iter(_NAMES)))
    return found


NAME_SOURCES.append(_names)


def _find(turn, phrase: str, items=None):
    items = offers(turn.assistant) if items is None else items
    if not items:
        raise NotOnThisCar("No services are offered on this car.")
    labels = [(name_of(s), s) for s in items]
    for s in items:
        for key in ("id", "category", "kind"):
            value = field(s, key)
            if value:
                labels.append((str(value).replace("_", " ").replace("-", " "), s))
    if turn.slots.get("service") is not None:
        for s in items:
            if name_of(s) == turn.slots["service"]:
                return s
    found = fuzzy.pick(phrase, labels, cutoff=70)
    if found.found:
        return found.best
    if found.unsure:
        names = []
        for _, s in found.ambiguous:
            if name_of(s) not in names:
                names.append(name_of(s))
        if len(names) == 1:
            return next(s for s in items if name_of(s) == names[0])
        turn.choose("Which service?", [(n, {"service": n}) for n in names])
    raise UnknownName(f"No service called '{phrase}' here.")


@intent("services.trial", domain="services", examples=("start the music trial",), priority=50)
def trial(req, a):
    if req.question or not req.has("trial", "try") or req.has("cancel", "unsubscribe", "stop", "end"):
        return None
    return {"name": req.rest(FILLER)}


@trial.act
def act_trial(turn):
    item = _find(turn, turn.slots["name"])
    fn = method(_services(turn.assistant), "start_trial", "trial", "begin_trial")
    if fn is None:
        raise NotOnThisCar("Trials can't be started from the assistant yet.")
    result = invoke(fn, pass_item(fn, item))
    turn.acted = True
    days = field(item, "trial_days", "trial", default=None)
    end = field(result, "ends", "ends_at", "until", default=None) if result is not None else None
    text = f"{name_of(item)} trial started"
    if isinstance(days, int) and days:
        text += f" for {days} days"
    if end:
        text += f", until {end}"
    return text + ". It won't renew without asking you."


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
    item = _find(turn, turn.slots["name"])
    decision = turn.c.authority.decide("services.buy", source="assistant")
    if decision.refused:  # rights, valet, moving: said before the price is asked about
        raise NotAllowed(decision.reason)
    dom = _services(turn.assistant)
    quote = method(dom, "quote")
    if quote is not None:  # the real marketplace: the price of the plan, then the PIN or a yes
        plan = turn.slots.get("plan") or "monthly"
        q = invoke(quote, pass_item(quote, item), plan)
        turn.confirm(q.text + " Buy it?")  # parked only (the authority refused above while moving)
        pin = turn.require_pin(f"buy {name_of(item)}") if decision.pin else None  # whose: the authority's
        invoke(method(dom, "buy"), pass_item(quote, item), plan, pin=pin)
        turn.acted = True
        return f"{name_of(item)} is yours ({plan})."
    price = field(item, "price", "price_text", default="")
    turn.confirm(f"Buy {name_of(item)}" + (f" for {price}" if price else "") + "?")
    fn = method(dom, "buy", "subscribe", "purchase")
    if fn is None:
        raise NotOnThisCar("Services can't be bought from the assistant yet.")
    invoke(fn, pass_item(fn, item))
    turn.acted = True
    return f"{name_of(item)} is yours."


@intent("services.cancel", domain="services", examples=("cancel my music subscription",), priority=51)
def cancel(req, a):
    if req.question or not req.has("cancel", "unsubscribe", "stop", "end"):
        return None
    phrase = req.rest(FILLER)
    if not req.has("subscription", "trial", "service", "plan", "unsubscribe"):
        # "cancel live traffic": only "cancel", and only when the rest names a service on offer
        # ("stop the music" is the media's)
        if not req.has("cancel") or not phrase or not fuzzy.pick(phrase, [(name_of(s), s) for s in offers(a)] +
                                         [(str(field(s, "id", default="")), s) for s in offers(a)], cutoff=80).found:
            return None
    return {"name": phrase}


@cancel.act
def act_cancel(turn):
    dom = _services(turn.assistant)
    mine = listing(dom, "active", "subscriptions", "mine") or offers(turn.assistant)
    item = _find(turn, turn.slots["name"], mine)
    quote = method(dom, "cancel_quote")
    if quote is not None:  # the prorated refund is said before the driver says yes
        q = invoke(quote, pass_item(quote, item))
        turn.confirm(q.text)
    else:
        turn.confirm(f"Cancel {name_of(item)}?")
    fn = method(dom, "cancel", "unsubscribe", "end")
    if fn is None:
        raise NotOnThisCar("Services can't be cancelled from the assistant yet.")
    invoke(fn, pass_item(fn, item))
    turn.acted = True
    return f"{name_of(item)} cancelled."


@intent("services.mine", domain="services", examples=("what services do I have",), priority=17)
def mine(req, a):
    if req.question and req.has("services", "subscription", "subscriptions", "trials", "trial"):
        return {}
    return None


@mine.act
def act_mine(turn):
    items = listing(_services(turn.assistant), "active", "subscriptions", "mine")
    if not items:
        return "No active services or trials."
    names = ", ".join(name_of(s) for s in items[:6])
    return f"Active: {names}."


learn(FILLER, ("subscriptions", "trials", "traffic", "hotspot", "wifi", "live", "music"))
