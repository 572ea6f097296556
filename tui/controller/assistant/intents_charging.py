"""Charging and trips (issue 17): "when will it be full", "is it charging", "charge from 1:00",
"precondition the cabin at 7:30 on weekdays", "open the charge port", "how far did I drive today".
The charge limit and start/stop ("charge to 80 percent", "start charging") are body.charging's
(intents_body.py); everything here acts through the charging and trips domains."""

from __future__ import annotations

import re

from tui.controller.assistant.engine import intent
from tui.controller.assistant.words import learn
from tui.controller.errors import InvalidValue

TIME = re.compile(r"\b(?:at|from|for|by)\s+(\d{1,2}(?:[:.h]\d{2})?\s*(?:[ap]\.?m\.?)?)", re.I)
UNTIL = re.compile(r"\b(?:to|until|till)\s+(\d{1,2}(?:[:.h]\d{2})?\s*(?:[ap]\.?m\.?)?)", re.I)


def _days(req) -> str | None:
    if req.has("weekdays", "weekday", "workdays"):
        return "weekdays"
    if req.has("weekend", "weekends"):
        return "weekend"
    if req.has("daily", "every day", "everyday"):
        return "every day"
    return None


@intent("charging.status", domain="charging", examples=("when will it be full", "is it charging"), priority=17)
def charging_status(req, a):
    if not req.question:
        return None
    if req.has("full", "charged") and req.has("when", "how long", "time"):
        return {"ask": "full"}
    if req.has("charging", "plugged") and req.starts("is", "are", "am"):
        return {"ask": "state"}
    if req.has("range added", "charging speed", "charging power"):
        return {"ask": "state"}
    return None


@charging_status.act
def act_charging_status(turn):
    ch = turn.c.charging
    st = ch.status()
    if turn.slots["ask"] == "full" and st.charging:
        return f"Full ({st.limit} %) in {_duration(st.time_to_full_s)}, adding {ch.range_added_text()} at {st.power_kw:g} kW."
    return f"{st.state}. Charge {st.soc:.0f} %."


def _duration(seconds: int) -> str:
    from tui.controller.charging import duration_text

    return duration_text(seconds)


@intent("charging.schedule", domain="charging", examples=("charge from 1:00", "charge from 1 am to 6 am on weekdays"),
        priority=39)
def charging_schedule(req, a):
    if req.question or not req.has("charge", "charging") or not req.has("from", "cheap hours", "overnight"):
        return None
    if req.has("cheap hours") and req.on_off() is False:
        return {"off": True}
    start = TIME.search(req.raw)
    end = UNTIL.search(req.raw)
    if start is None:
        return None
    return {"start": start.group(1), "end": end.group(1) if end else None, "days": _days(req)}


@charging_schedule.act
def act_charging_schedule(turn):
    s = turn.slots
    turn.acted = True
    if s.get("off"):
        return turn.c.charging.set_schedule(enabled=False, source="assistant") + "."
    start = s["start"]
    end = s.get("end")
    if end is None:  # "from 1:00": five hours of cheap night, unless said
        from tui.controller.charging import hhmm

        h, m = (int(x) for x in hhmm(start).split(":"))
        end = f"{(h + 5) % 24:02d}:{m:02d}"
    return turn.c.charging.set_schedule(start, end, s.get("days"), True, source="assistant") + "."


@intent("charging.precondition", domain="charging", examples=("precondition the cabin at 7:30",
                                                              "precondition at 7:30 on weekdays"), priority=39)
def precondition(req, a):
    if req.question or not req.has("precondition", "preconditioning", "departure", "depart", "leaving"):
        return None
    if req.on_off() is False and not TIME.search(req.raw):
        return {"off": True}
    at = TIME.search(req.raw)
    if at is None:
        return None
    return {"at": at.group(1), "days": _days(req)}


@precondition.act
def act_precondition(turn):
    s = turn.slots
    turn.acted = True
    if s.get("off"):
        return turn.c.charging.set_departure(enabled=False, source="assistant") + "."
    return turn.c.charging.set_departure(s["at"], s.get("days"), True, source="assistant") + "."


@intent("charging.port", domain="charging", examples=("open the charge port", "close the charging flap"), priority=39)
def charge_port(req, a):
    if req.question or not req.has("charge port", "charging port", "charge flap", "charging flap", "charge door"):
        return None
    if req.has("open"):
        return {"open": True}
    if req.has("close", "shut"):
        return {"open": False}
    return None


@charge_port.act
def act_charge_port(turn):
    turn.acted = True
    return turn.c.charging.set_flap(turn.slots["open"], source="assistant")


@intent("trips.totals", domain="trips", examples=("how far did I drive today", "how far did I drive this week"),
        priority=9)  # before car.range's "how far": only what was driven, in the past
def trips_totals(req, a):
    if not req.question and not req.starts("tell me"):
        return None
    past = req.has("did", "drove", "driven", "have", "today", "this week", "so far")
    if not (past and req.has("drive", "drove", "driven", "travel", "travelled", "traveled", "trips")
            and req.has("far", "much", "distance", "trips", "many")):
        return None
    if req.has("range", "left", "can", "until"):
        return None
    return {"period": "week" if req.has("week") else "day"}


@trips_totals.act
def act_trips_totals(turn):
    t = turn.c.trips.totals(turn.slots["period"])
    if not t.trips:
        return f"No trips {'today' if turn.slots['period'] == 'day' else 'this week'} yet."
    if t.trips < 0:  # pragma: no cover - a count is never negative
        raise InvalidValue("No trips.")
    return f"{t.label}: {t.trips} trip{'s' if t.trips != 1 else ''}, {t.distance} in {t.duration}" + (
        f", {t.used}." if t.used != "—" else ".")


@intent("charging.open", examples=("open charging", "show my trips"), priority=39)
def open_screen(req, a):
    if req.question or not req.starts("open", "show", "go to", "take me to", "bring up", "view", "see"):
        return None
    if req.has("charging", "charge") and len(req.words) <= 4 and not req.has("port", "flap", "door"):
        return {"screen": "charging"}
    if req.has("trips", "trip") and len(req.words) <= 4:
        return {"screen": "trips"}
    return None


@open_screen.act
def act_open_screen(turn):
    from tui.controller import menus

    reason = menus.unavailable_reason(turn.c, menus.menu("drive"))
    if reason:
        turn.refused = True
        return f"Drive: {reason.lower()}."
    if turn.slots["screen"] == "charging":
        turn.c.charging.require()
    turn.navigate = f"drive/{turn.slots['screen']}"
    return f"Opening Drive > {turn.slots['screen'].title()}."


learn(("precondition", "preconditioning", "departure", "flap", "trips", "cheap", "overnight", "weekdays", "weekends"))
