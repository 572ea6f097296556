"""Driver profiles: who sits at the wheel, their PIN (hashed) and permissions."""

from __future__ import annotations

import json

from store.records import Profile
from store.vehicles import now_iso

COLUMNS = "id, name, initials, colour, is_guest, permissions, pin_hash IS NOT NULL, created_at"


class ProfileQueries:
    def __init__(self, db):
        self.db = db

    def list(self) -> list[Profile]:
        return [self._make(r) for r in self.db.execute(
            f"SELECT {COLUMNS} FROM profiles ORDER BY is_guest, name COLLATE NOCASE").fetchall()]

    def get(self, profile_id: int) -> Profile | None:
        row = self.db.execute(f"SELECT {COLUMNS} FROM profiles WHERE id = ?", [profile_id]).fetchone()
        return self._make(row) if row else None

    def by_name(self, name: str) -> Profile | None:
        row = self.db.execute(f"SELECT {COLUMNS} FROM profiles WHERE name = ? COLLATE NOCASE", [name]).fetchone()
        return self._make(row) if row else None

    def add(self, name: str, initials: str, colour: str, is_guest: bool = False,
            permissions: dict | None = None) -> Profile:
        perms = permissions or {"home_security": True, "purchases": True}
        cur = self.db.execute(
            "INSERT INTO profiles (name, initials, colour, is_guest, permissions, created_at) VALUES (?, ?, ?, ?, ?, ?)",
            [name, initials, colour, int(is_guest), json.dumps(perms), now_iso()],
        )
        return self.get(cur.lastrowid)

    def update(self, profile_id: int, **fields) -> None:
        allowed = {"name", "initials", "colour", "permissions"}
        bad = set(fields) - allowed
        if bad:
            raise ValueError(f"cannot update {bad}")
        if "permissions" in fields:
            fields["permissions"] = json.dumps(fields["permissions"])
        sets = ", ".join(f"{k} = ?" for k in fields)
        self.db.execute(f"UPDATE profiles SET {sets} WHERE id = ?", [*fields.values(), profile_id])

    def delete(self, profile_id: int) -> None:
        self.db.execute("DELETE FROM profiles WHERE id = ?", [profile_id])

    # ---------------------------------------------------------------- PIN (hash and lockout state only)
    def pin_record(self, profile_id: int) -> tuple[str | None, str | None, int, float | None]:
        row = self.db.execute(
            "SELECT pin_hash, pin_salt, failed_pin_attempts, locked_until FROM profiles WHERE id = ?", [profile_id]
        ).fetchone()
        return tuple(row) if row else (None, None, 0, None)

    def set_pin(self, profile_id: int, pin_hash: str | None, salt: str | None) -> None:
        self.db.execute(
            "UPDATE profiles SET pin_hash = ?, pin_salt = ?, failed_pin_attempts = 0, locked_until = NULL WHERE id = ?",
            [pin_hash, salt, profile_id],
        )

    def record_pin_attempt(self, profile_id: int, failed: int, locked_until: float | None) -> None:
        self.db.execute(
            "UPDATE profiles SET failed_pin_attempts = ?, locked_until = ? WHERE id = ?",
            [failed, locked_until, profile_id],
        )

    @staticmethod
    def _make(row) -> Profile:
        id_, name, initials, colour, is_guest, permissions, has_pin, created_at = row
        return Profile(id_, name, initials, colour, bool(is_guest), json.loads(permissions), bool(has_pin), created_at)
