"""The Level 3 handover's row per car (issue 17): whether the car asks the driver to take over,
since when (wall clock, so another process can count the same seconds) and whether the car is on
a highway. Kept in the database so that `smartcockpit simulate --end-l3` in one process starts the
countdown a running app shows. Rows in, a dataclass out; the rules are tui/controller/handover.py."""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True)
class HandoverRow:
    vin: str
    state: str  # idle | asking | taken | escalated
    reason: str
    asked_at: str | None  # ISO time the car asked (wall clock)
    on_highway: bool


class HandoverQueries:
    def __init__(self, db):
        self.db = db

    def get(self, vin: str) -> HandoverRow | None:
        r = self.db.execute("SELECT vin, state, reason, asked_at, on_highway FROM handover WHERE vin = ?",
                            [vin]).fetchone()
        return HandoverRow(r[0], r[1], r[2], r[3], bool(r[4])) if r else None

    def put(self, vin: str, state: str, reason: str, asked_at: str | None, on_highway: bool) -> None:
        self.db.execute(
            "INSERT INTO handover (vin, state, reason, asked_at, on_highway) VALUES (?, ?, ?, ?, ?) "
            "ON CONFLICT(vin) DO UPDATE SET state = excluded.state, reason = excluded.reason, "
            "asked_at = excluded.asked_at, on_highway = excluded.on_highway",
            [vin, state, reason, asked_at, int(on_highway)])
