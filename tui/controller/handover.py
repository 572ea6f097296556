"""The Level 3 handover (issue 17): when eyes-off's conditions end (above 60 km/h, leaving the
highway, driver monitoring off), eyes-off goes off at once and the car asks the driver to take
over, visibly and against a clock (COUNTDOWN_S on the controller's clock). The driver confirms
hands-on (confirm()); if the time runs out the car escalates: hazard lights on, hands-free off too,
and neither hands-free nor eyes-off engages again until the driver confirms. Every handover, its
answer and an escalation are alerts ("assist").

DriverAssist (tui/controller/driver_assistance.py) starts it from its take-over write hook and
ticks it; the app shows it (tui/screens/handover.py) on a HandoverChanged event.
"""

from __future__ import annotations

from dataclasses import dataclass

from tui.controller.events import Event

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
        self.on_highway = True  # the simulator can say the car left it (end_condition("highway"))

    # ------------------------------------------------------------------ the car asks
    def start(self, reason: str) -> None:
        """Ask the driver to take over (eyes-off has just gone off): a countdown starts."""
        if self.state == ASKING:
            return
        self.state, self.reason = ASKING, reason
        now = self.c.clock.monotonic()
        self._asked_at, self._deadline = now, now + COUNTDOWN_S
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
        values = {HANDS_FREE: False} if self.c.has(HANDS_FREE) and self.c.get(HANDS_FREE) else {}
        if self.c.has(HAZARD):
            values[HAZARD] = True
        if values:
            self.c.set_many(values, "system")
        self.c.alerts.raise_("assist", "handover_escalated",
                             f"No take-over in {COUNTDOWN_S} s ({self.reason}): hazard lights on, assist kept off.",
                             "error", tell=True)
        self._announce()

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
