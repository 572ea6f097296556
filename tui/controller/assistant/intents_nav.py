"""Navigation and alerts by voice (issue 17): "navigate home", "drive to work", "how long until I
arrive", "cancel the route", "show my alerts", "mark my alerts read". Destinations are only the
known ones (home, work, saved, recent): nothing is looked up from free text."""

from __future__ import annotations

from tui.controller.assistant.engine import intent
from tui.controller.assistant.words import learn

GO = ("navigate to", "navigate", "drive to", "directions to", "directions", "route to", "take me to",
      "guide me to", "go to")
ETA = ("how long until i arrive", "how long till i arrive", "when will i arrive", "when do i arrive",
       "how long to go", "how much longer", "arrival time", "eta", "when will we arrive", "how far to go")
FILLER = {"navigate", "to", "drive", "directions", "route", "take", "me", "guide", "go", "the", "my", "please",
          "a", "start", "navigation"}
learn(GO, ETA, ("alerts", "alert", "notifications", "warnings", "arrive", "arrival", "navigation", "route", "eta",
                "unread", "destination"))


def _destination(req, a) -> str | None:
    """The known destination the request names, or None."""
    phrase = " ".join(w for w in req.plain.lower().replace("?", "").split() if w not in FILLER)
    try:
        names = [d.name for d in a.c.navigation.destinations()]
    except Exception:  # no place known yet, or the home hidden (valet): nothing to name
        return None
    for name in names:
        if phrase == name.lower():
            return name
    return None


@intent("nav.go", examples=("navigate home", "drive to work"), priority=15)
def go(req, a):
    if req.question or not req.starts(*GO):
        return None
    name = _destination(req, a)
    if name is None:
        if req.starts("go to", "take me to"):
            return None  # "go to settings": a screen (app.open)
        return {"destination": req.plain.split(" ", 2)[-1] if " " in req.plain else ""}
    return {"destination": name}


@go.act
def act_go(turn):
    nav = turn.c.navigation
    g = nav.go(turn.slots["destination"], source="assistant")  # an unknown name: a sentence naming the known ones
    turn.acted = True
    far = turn.c.hmi_units().far_text(g.left_m)
    then = "" if turn.c.simulator.state == "running" else " Start the drive with S on Drive."
    return f"Route to {g.destination.name}: {far}, arrive {turn.c.time_text(g.eta)}.{then}"


@intent("nav.eta", examples=("how long until I arrive",), priority=9)
def eta(req, a):
    if req.has(*ETA) or (req.has("arrive", "arrival") and req.question):
        return {}
    return None


@eta.act
def act_eta(turn):
    return turn.c.navigation.status_text()


@intent("nav.cancel", examples=("cancel the route",), priority=15)
def cancel(req, a):
    if req.has("connected", "subscription", "trial", "service", "plan"):
        return None  # "cancel connected navigation", "cancel the navigation trial": the service's
    if req.has("cancel", "stop", "end") and req.has("route", "navigation", "guidance", "navigating"):
        return {}
    return None


@cancel.act
def act_cancel(turn):
    text = turn.c.navigation.cancel()
    turn.acted = text != "No route to cancel."
    return text


@intent("alerts.show", examples=("show my alerts", "any alerts"), priority=15)
def show_alerts(req, a):
    if req.has("alerts", "alert", "notifications", "warnings") and not req.has("read", "clear", "dismiss"):
        return {}
    return None


@show_alerts.act
def act_show_alerts(turn):
    alerts = turn.c.alerts
    unread = alerts.list(unread_only=True, limit=3)
    if not unread:
        return "No unread alerts. Press ! to see past ones."
    lines = [f"{a.source_name}: {a.text}" for a in unread]
    n = alerts.unread()
    return f"{n} unread alert{'s' if n != 1 else ''}. " + " ".join(lines) + " Press ! for all."


@intent("alerts.read", examples=("mark my alerts read",), priority=15)
def read_alerts(req, a):
    if req.has("alerts", "alert", "notifications") and req.has("read", "clear", "dismiss"):
        return {}
    return None


@read_alerts.act
def act_read_alerts(turn):
    n = turn.c.alerts.mark_read()
    turn.acted = bool(n)
    return f"{n} alert{'s' if n != 1 else ''} marked read." if n else "Nothing unread."
