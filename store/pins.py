"""Wrong PIN tries and lockouts, one row per PIN ("profile:<id>", "valet", "operator").

The authority reads and writes a row inside one BEGIN IMMEDIATE transaction (Store.write), so
tries made at the same moment by several processes are all counted."""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True)
class PinGuard:
    subject: str
    failed: int = 0  # wrong tries since the last right one or the last lockout
    lockouts: int = 0  # lockouts so far (each one longer), until a right PIN
    locked_until: float | None = None


class PinGuardQueries:
    def __init__(self, db):
        self.db = db

    def get(self, subject: str) -> PinGuard:
        row = self.db.execute(
            "SELECT failed, lockouts, locked_until FROM pin_guards WHERE subject = ?", [subject]).fetchone()
        return PinGuard(subject, *row) if row else PinGuard(subject)

    def put(self, guard: PinGuard) -> None:
        self.db.execute(
            "INSERT INTO pin_guards (subject, failed, lockouts, locked_until) VALUES (?, ?, ?, ?) "
            "ON CONFLICT(subject) DO UPDATE SET failed = excluded.failed, lockouts = excluded.lockouts, "
            "locked_until = excluded.locked_until",
            [guard.subject, guard.failed, guard.lockouts, guard.locked_until])

    def clear(self, subject: str) -> None:
        self.db.execute("DELETE FROM pin_guards WHERE subject = ?", [subject])
