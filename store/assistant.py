"""The assistant's request history: what was asked, what it understood, what it answered, and a
question still waiting for an answer (a choice or a yes/no; never a PIN)."""

from __future__ import annotations

import json
from dataclasses import dataclass, field

from store.vehicles import now_iso

COLUMNS = "id, profile_id, vin, text, intent, slots, reply, acted, pending, at"
KEEP = 500  # requests kept per profile; older ones are dropped as new ones arrive


@dataclass(frozen=True)
class AssistantRequest:
    id: int
    profile_id: int | None
    vin: str
    text: str
    intent: str | None
    slots: dict = field(hash=False, compare=False)
    reply: str = ""
    acted: bool = False
    pending: dict | None = field(default=None, hash=False, compare=False)
    at: str = ""

    @classmethod
    def from_row(cls, row) -> "AssistantRequest":
        id_, profile_id, vin, text, intent, slots, reply, acted, pending, at = row
        return cls(id_, profile_id, vin, text, intent, json.loads(slots) if slots else {}, reply, bool(acted),
                   json.loads(pending) if pending else None, at)


class AssistantQueries:
    def __init__(self, db):
        self.db = db

    def add(self, profile_id: int | None, vin: str, text: str, intent: str | None, slots: dict, reply: str,
            acted: bool, pending: dict | None, at: str | None = None) -> int:
        """Record one request. The caller holds the transaction."""
        cur = self.db.execute(
            "INSERT INTO assistant_requests (profile_id, vin, text, intent, slots, reply, acted, pending, at) "
            "VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)",
            [profile_id, vin, text, intent, json.dumps(slots, default=str), reply, int(acted),
             json.dumps(pending, default=str) if pending else None, at or now_iso()],
        )
        rowid = cur.lastrowid
        if rowid % 50 == 0:  # trim now and then, not on every request
            self.trim(profile_id)
        return rowid

    def trim(self, profile_id: int | None, keep: int = KEEP) -> None:
        self.db.execute(
            "DELETE FROM assistant_requests WHERE profile_id IS ? AND id <= "
            "(SELECT id FROM assistant_requests WHERE profile_id IS ? ORDER BY id DESC LIMIT 1 OFFSET ?)",
            [profile_id, profile_id, keep],
        )

    def last(self, profile_id: int | None) -> AssistantRequest | None:
        row = self.db.execute(
            f"SELECT {COLUMNS} FROM assistant_requests WHERE profile_id IS ? ORDER BY id DESC LIMIT 1",
            [profile_id],
        ).fetchone()
        return AssistantRequest.from_row(row) if row else None

    def clear_pending(self, request_id: int) -> None:
        self.db.execute("UPDATE assistant_requests SET pending = NULL WHERE id = ?", [request_id])

    def recent(self, profile_id: int | None, limit: int = 50) -> list[AssistantRequest]:
        """Newest first."""
        rows = self.db.execute(
            f"SELECT {COLUMNS} FROM assistant_requests WHERE profile_id IS ? ORDER BY id DESC LIMIT ?",
            [profile_id, limit],
        ).fetchall()
        return [AssistantRequest.from_row(r) for r in rows]

    def texts(self, profile_id: int | None, limit: int = 50) -> list[str]:
        """Distinct earlier requests, newest first (what Up recalls)."""
        rows = self.db.execute(
            "SELECT text FROM assistant_requests WHERE profile_id IS ? GROUP BY text ORDER BY max(id) DESC LIMIT ?",
            [profile_id, limit],
        ).fetchall()
        return [r[0] for r in rows]

    def count(self) -> int:
        return self.db.execute("SELECT count(*) FROM assistant_requests").fetchone()[0]

    def forget(self, profile_id: int | None) -> int:
        cur = self.db.execute("DELETE FROM assistant_requests WHERE profile_id IS ?", [profile_id])
        return cur.rowcount


__all__ = ["AssistantQueries", "AssistantRequest", "KEEP"]
