"""The operator's what-if: "what would the next month(s) look like?" without living them.

The real database is copied into memory (SQLite's online backup), a controller with only the
domains the marketplace calendar needs (the alert centre, the authority, driver assistance, the
ledger and the services) is built on that copy with a clock of its own, and the months are run
there: renewals, trial ends, access fees. What it says is read off the copy, which is then
dropped. The driver's subscriptions and trials, the ledger, the alerts and the app's calendar are
never written: the real file is only read (the backup reads it under a shared lock).

The copy never connects anywhere: the home (MQTT), profile sync (NATS), routines and navigation
are not built in it, and nothing it announces reaches the app's screens.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from tui.controller.errors import InvalidValue
from tui.controller.ledger import MAX_SIMULATED_MONTHS, Settlement, month_of, previous_month

# what the marketplace calendar needs, in the controller's building order (composition.DOMAIN_ORDER)
SHADOW_DOMAINS = ("alerts", "security", "authority", "driver_assistance", "ledger", "services")


@dataclass
class WhatIf:
    """What `months` more months would bring, computed on a copy. Nothing real changed."""

    months: int
    start_month: str  # the marketplace month it really is
    end_month: str  # the month the what-if reaches
    closed: list[Settlement] = field(default_factory=list)  # each month the what-if closes, oldest first
    happenings: list[str] = field(default_factory=list)  # what the driver would be told, in order

    @property
    def settlement(self) -> Settlement:
        """The last month the what-if closes (the one the screen shows)."""
        return self.closed[-1]

    @property
    def month(self) -> str:
        return self.settlement.month


def check_months(months) -> int:
    if not isinstance(months, int) or isinstance(months, bool) or not 1 <= months <= MAX_SIMULATED_MONTHS:
        raise InvalidValue(f"Simulate between 1 and {MAX_SIMULATED_MONTHS} months at a time.")
    return months


def _copy_store(store):
    """The database in memory, byte for byte as it is now (a consistent snapshot)."""
    import sqlite3

    from store import Store
    from store.db import LazyDatabase

    memory = sqlite3.connect(":memory:", check_same_thread=False)
    store.db.conn.backup(memory)
    memory.execute("PRAGMA foreign_keys=ON")
    return Store(LazyDatabase(memory), store.path)


def _shadow(controller):
    """A controller on an in-memory copy, with the calendar's domains only and a clock of its own
    that starts at the real controller's now."""
    from tui.controller.clock import FakeClock
    from tui.controller.composition import domain_classes
    from tui.controller.controller import Controller

    shadow = Controller(_copy_store(controller.store), clock=FakeClock(controller.clock.now()), staged=True)
    shadow._pending = []  # no other domain is ever built on the copy (no network, no routines)
    classes = domain_classes()
    for name in SHADOW_DOMAINS:
        shadow._make_domain(name, classes[name])
    shadow.ledger.started()  # as the real one did when it started: up to date before the what-if
    shadow.services.started()
    return shadow


def _renewals(shadow, receipts) -> list[str]:
    """The renewals the driver would pay, one sentence each, in the driver's date format."""
    from tui.controller.ledger import money_text, parse_time

    return [f"{shadow.services._name(r.service_id)} would renew on {shadow.date_text(parse_time(r.at))} "
            f"for {money_text(r.amount, r.currency)}." for r in receipts]


def what_if(controller, months: int = 1) -> WhatIf:
    """Run the marketplace calendar `months` ahead on a copy and say what would happen."""
    from tui.controller.events import Notice

    months = check_months(months)
    start = controller.ledger.current_month()
    shadow = _shadow(controller)
    told: list[str] = []

    def listen(event) -> None:
        if isinstance(event, Notice) and event.text not in told:
            told.append(event.text)

    try:
        shadow.subscribe(listen)
        pid = shadow.active_profile_id()
        known = {r.id for r in shadow.store.services.receipts(profile_id=pid)}
        shadow.ledger.simulate_months(months)
        told.extend(_renewals(shadow, [r for r in shadow.store.services.receipts(profile_id=pid)
                                       if r.id not in known and r.kind == "renewal"]))
        end = month_of(shadow.ledger.now())
        closed, month = [], previous_month(end)
        while month >= start and len(closed) < months:
            closed.insert(0, shadow.ledger.settlement(month))
            month = previous_month(month)
        return WhatIf(months, start, end, closed, told)
    finally:
        shadow.store.close()
