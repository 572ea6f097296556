"""Driver profiles: who sits at the wheel."""

from __future__ import annotations

from store.records import Profile
from store.vehicles import now_iso

COLUMNS = "id, name, initials, colour, is_guest, created_at"


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

    def add(self, name: str, initials: str, colour: str, is_guest: bool = False) -> Profile:
        cur = self.db.execute(
            "INSERT INTO profiles (name, initials, colour, is_guest, created_at) VALUES (?, ?, ?, ?, ?)",
            [name, initials, colour, int(is_guest), now_iso()],
        )
        return self.get(cur.lastrowid)

    @staticmethod
    def _make(row) -> Profile:
        id_, name, initials, colour, is_guest, created_at = row
        return Profile(id_, name, initials, colour, bool(is_guest), created_at)
