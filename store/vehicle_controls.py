"""Queries for the car's own controls: seat memory presets per profile and car."""

from __future__ import annotations

import json
from dataclasses import dataclass

from store.vehicles import now_iso


@dataclass(frozen=True)
class SeatPreset:
    profile_id: int
    vin: str
    slot: int
    positions: dict  # VSS path -> value
    saved_at: str


class SeatPresetQueries:
    def __init__(self, db):
        self.db = db

    def list(self, profile_id: int, vin: str) -> list[SeatPreset]:
        rows = self.db.execute(
            "SELECT profile_id, vin, slot, positions, saved_at FROM seat_presets "
            "WHERE profile_id = ? AND vin = ? ORDER BY slot", [profile_id, vin]).fetchall()
        return [self._make(r) for r in rows]

    def get(self, profile_id: int, vin: str, slot: int) -> SeatPreset | None:
        row = self.db.execute(
            "SELECT profile_id, vin, slot, positions, saved_at FROM seat_presets "
            "WHERE profile_id = ? AND vin = ? AND slot = ?", [profile_id, vin, slot]).fetchone()
        return self._make(row) if row else None

    def save(self, profile_id: int, vin: str, slot: int, positions: dict) -> SeatPreset:
        saved_at = now_iso()
        self.db.execute(
            "INSERT INTO seat_presets (profile_id, vin, slot, positions, saved_at) VALUES (?, ?, ?, ?, ?) "
            "ON CONFLICT(profile_id, vin, slot) DO UPDATE SET positions = excluded.positions, "
            "saved_at = excluded.saved_at",
            [profile_id, vin, slot, json.dumps(positions, sort_keys=True), saved_at])
        return SeatPreset(profile_id, vin, slot, dict(positions), saved_at)

    def delete(self, profile_id: int, vin: str, slot: int) -> bool:
        cur = self.db.execute("DELETE FROM seat_presets WHERE profile_id = ? AND vin = ? AND slot = ?",
                              [profile_id, vin, slot])
        return cur.rowcount > 0

    @staticmethod
    def _make(row) -> SeatPreset:
        return SeatPreset(row[0], row[1], row[2], json.loads(row[3]), row[4])
