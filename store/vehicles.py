"""The cars this console knows (by VIN) and their current state."""

from __future__ import annotations

import json
from datetime import datetime, timezone

from store.records import Vehicle


def now_iso() -> str:
    return datetime.now(timezone.utc).isoformat(timespec="milliseconds")


class VehicleQueries:
    def __init__(self, db):
        self.db = db

    def list(self) -> list[Vehicle]:
        return [Vehicle(*r) for r in self.db.execute(
            "SELECT vin, model_id, nickname, created_at FROM vehicles ORDER BY created_at, vin").fetchall()]

    def get(self, vin: str) -> Vehicle | None:
        row = self.db.execute("SELECT vin, model_id, nickname, created_at FROM vehicles WHERE vin = ?", [vin]).fetchone()
        return Vehicle(*row) if row else None

    def add(self, vin: str, model_id: str, nickname: str | None, state: dict) -> Vehicle:
        """Insert a car with its factory state. The caller holds the transaction."""
        at = now_iso()
        self.db.execute("INSERT INTO vehicles (vin, model_id, nickname, created_at) VALUES (?, ?, ?, ?)",
                        [vin, model_id, nickname, at])
        self.db.conn.executemany(
            "INSERT INTO vehicle_state (vin, path, value, updated_at) VALUES (?, ?, ?, ?)",
            [(vin, path, json.dumps(value), at) for path, value in state.items()],
        )
        return Vehicle(vin, model_id, nickname, at)


class StateQueries:
    def __init__(self, db):
        self.db = db

    def all(self, vin: str) -> dict:
        return {p: json.loads(v) for p, v in self.db.execute(
            "SELECT path, value FROM vehicle_state WHERE vin = ?", [vin]).fetchall()}

    def get(self, vin: str, path: str):
        row = self.db.execute("SELECT value FROM vehicle_state WHERE vin = ? AND path = ?", [vin, path]).fetchone()
        return json.loads(row[0]) if row else None

    def write(self, vin: str, changes: list[tuple[str, object, object]], profile_id: int | None, source: str,
              at: str | None = None) -> list[int]:
        """Write (path, old, new) changes and their audit rows. The caller holds the transaction (and
        may give its time, `at`, so that every row it writes shares one).

        Returns the audit ids in the order of the changes.
        """
        at = at or now_iso()
        conn = self.db.conn
        conn.executemany(
            "INSERT INTO vehicle_state (vin, path, value, updated_at) VALUES (?, ?, ?, ?) "
            "ON CONFLICT(vin, path) DO UPDATE SET value = excluded.value, updated_at = excluded.updated_at",
            [(vin, path, json.dumps(new), at) for path, _old, new in changes],
        )
        ids = []
        cur = conn.cursor()
        for path, old, new in changes:
            cur.execute(
                "INSERT INTO audit (vin, profile_id, path, old, new, source, at) VALUES (?, ?, ?, ?, ?, ?, ?)",
                (vin, profile_id, path, None if old is None else json.dumps(old), json.dumps(new), source, at),
            )
            ids.append(cur.lastrowid)
        return ids
