"""The Level 3 handover (issue 17): when eyes-off's conditions end (above 60 km/h, leaving the
highway, driver monitoring off), eyes-off goes off at once and the car asks the driver to take
over, visibly and against a clock (COUNTDOWN_S on the controller's clock). The driver confirms
hands-on (confirm()); if the time runs out the car escalates: hazard lights on, hands-free off too,
and neither hands-free nor eyes-off engages again until the driver confirms. Every handover, its
answer and an escalation are alerts ("assist").

DriverAssist (tui/controller/driver_assistance.py) starts it from its take-over write hook and
ticks it; the app shows it (tui/screens/handover.py) on a HandoverChanged event.

Its state (asking since when, for what; whether the car is on a highway) is kept in the database
(store.handover), so another process can start it: `smartcockpit simulate --end-l3 highway` ends a
condition there, and a running app picks the ask up when it catches up with outside writes
(ContextChanged "external") and counts down the seconds that are left.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

from tui.controller.events import ContextChanged, Event

COUNTDOWN_S = 10
HAZARD = "Vehicle.Body.Lights.Hazard.IsSignaling"
HANDS_FREE = "Vehicle.Private.SmartCockpit.ADAS.HandsFree.IsActive"
IDLE, ASKING, TAKEN, ESCALATED = "idle", "asking", "taken", "escalated"


@dataclass(frozen=True)
class HandoverChanged(Event):
    """The handover asks (state "asking"), was answered ("taken") or ran out ("escalated")."""

    state: str
    reason: str


class Handover:
    def __init__(self, controller):
        self.c = controller
        self.state = IDLE
        self.reason = ""
        self._deadline: float | None = None
        self._asked_at: float | None = None
        self._on_highway = True  # the simulator can say the car left it (end_condition("highway"))
        self._asked_wall: str | None = None
        self._vin: str | None = None
        self.reload()
        controller.subscribe(self._on_event)

    # ------------------------------------------------------------------ kept in the database
    @property
    def on_highway(self) -> bool:
        return self._on_highway

    @on_highway.setter
    def on_highway(self, value: bool) -> None:
        if bool(value) != self._on_highway:
            self._on_highway = bool(value)
            self._save()

    def _save(self) -> None:
        store = self.c.store
        with store.write():
            store.handover.put(self.c.car.vin, self.state, self.reason, self._asked_wall, self._on_highway)

    def _on_event(self, event) -> None:
        if isinstance(event, ContextChanged) and event.what in ("external", "vehicle"):
            self.reload()

    def reload(self) -> None:
        """Take what another process wrote (or this car's row after a car change): an ask it
        started counts down from when it was asked; an answer it gave ends the ask here."""
        vin = self.c.car.vin
        row = self.c.store.handover.get(vin)
        if vin != self._vin:  # another car: its own handover
            self._vin, self.state, self.reason, self._deadline, self._asked_wall = vin, IDLE, "", None, None
            self._on_highway = True
        if row is None:
            return
        self._on_highway = row.on_highway
        if row.state == self.state and row.asked_at == self._asked_wall:
            return
        self.state, self.reason, self._asked_wall = row.state, row.reason, row.asked_at
        if row.state == ASKING:
            elapsed = 0.0
            try:
                elapsed = (self.c.clock.now() - datetime.fromisoformat(row.asked_at)).total_seconds()
            except (TypeError, ValueError):
                pass
            now = self.c.clock.monotonic()
            self._asked_at = now - max(0.0, elapsed)
            self._deadline = self._asked_at + COUNTDOWN_S
        else:
            self._deadline = None
        self._announce()

    # ------------------------------------------------------------------ the car asks
    def start(self, reason: str) -> None:
        """Ask the driver to take over (eyes-off has just gone off): a countdown starts."""
        if self.state == ASKING:
            return
        self.state, self.reason = ASKING, reason
        now = self.c.clock.monotonic()
        self._asked_at, self._deadline = now, now + COUNTDOWN_S
        self._asked_wall = self.c.clock.now().isoformat()
        self._save()
        self.c.alerts.raise_("assist", "handover", f"Take over: {reason}.", "warning")
        self._announce()

    def seconds_left(self) -> int:
        if self.state != ASKING or self._deadline is None:
            return 0
        return max(0, int(self._deadline - self.c.clock.monotonic() + 0.999))

    @property
    def asking(self) -> bool:
        return self.state == ASKING

    # ------------------------------------------------------------------ the driver answers
    def confirm(self) -> str:
        """The driver's hands are on the wheel: the handover is done (an escalation ends too)."""
        if self.state not in (ASKING, ESCALATED):
            return "Nothing to take over."
        was = self.state
        took = int(self.c.clock.monotonic() - (self._asked_at or self.c.clock.monotonic()))
        self.state, self._deadline = TAKEN, None
        self._save()
        if was == ASKING:
            text = f"Driver took over in {took} s ({self.reason})."
        else:
            text = f"Driver confirmed hands-on after the escalation ({self.reason})."
            if self.c.has(HAZARD) and self.c.get(HAZARD):
                self.c.set(HAZARD, False, "system")
        self.c.alerts.raise_("assist", "handover_taken", text, "information")
        self._announce()
        return "You are driving. Hands on the wheel, eyes on the road."

    # ------------------------------------------------------------------ time runs out
    def tick(self) -> None:
        if self.state == ASKING and self.seconds_left() <= 0:
            self._escalate()

    def _escalate(self) -> None:
        self.state, self._deadline = ESCALATED, None
        self._save()
        values = {HANDS_FREE: False} if self.c.has(HANDS_FREE) and self.c.get(HANDS_FREE) else {}
        if self.c.has(HAZARD):
            values[HAZARD] = True
        if values:
            self.c.set_many(values, "system")
        self.c.alerts.raise_("assist", "handover_escalated",
                             f"No take-over in {COUNTDOWN_S} s ({self.reason}): hazard lights on, assist kept off.",
                             "error", tell=True)
        self._announce()

    def outcome_text(self) -> str:
        """What ending a condition did, for the command line."""
        if self.state == ASKING:
            return f"Take over: {self.reason}. A running smartcockpit counts down {self.seconds_left()} s."
        return "Eyes-off was not on: nothing to hand over."

    def block(self) -> str | None:
        """Why assisted driving may not engage because of a handover (None: it may)."""
        if self.state == ESCALATED:
            return "Confirm hands-on first (the last take-over was not answered)"
        return None

    def _announce(self) -> None:
        event = HandoverChanged(self.state, self.reason)
        batch = self.c.__dict__.get("_batch")
        if batch is not None:  # after the transaction that ended the conditions commits
            batch.notices.append(event)
        else:
            self.c.events.publish(event)


__all__ = ["Handover", "HandoverChanged", "COUNTDOWN_S", "IDLE", "ASKING", "TAKEN", "ESCALATED"]
