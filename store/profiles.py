"""Driver profiles: who sits at the wheel, their PIN (hashed) and permissions."""

from __future__ import annotations

import json

from dataclasses import dataclass

from store.records import AuditEntry, Profile
from store.vehicles import now_iso

COLUMNS = "id, name, initials, colour, is_guest, permissions, pin_hash IS NOT NULL, created_at, is_owner"


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
        perms = permissions or {"home_security": False, "purchases": False}  # rights are granted by the owner
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

    def owner(self) -> Profile | None:
        row = self.db.execute(f"SELECT {COLUMNS} FROM profiles WHERE is_owner = 1 ORDER BY id LIMIT 1").fetchone()
        return self._make(row) if row else None

    def make_owner(self, profile_id: int) -> None:
        self.db.execute("UPDATE profiles SET is_owner = (id = ?)", [profile_id])

    def pin_hash(self, profile_id: int) -> tuple[str | None, str | None]:
        row = self.db.execute("SELECT pin_hash, pin_salt FROM profiles WHERE id = ?", [profile_id]).fetchone()
        return (row[0], row[1]) if row else (None, None)

    def delete(self, profile_id: int) -> None:
        self.db.execute("DELETE FROM profiles WHERE id = ?", [profile_id])

    # ---------------------------------------------------------------- PIN hash (wrong tries: store/pins.py)
    def set_pin(self, profile_id: int, pin_hash: str | None, salt: str | None) -> None:
        self.db.execute(
            "UPDATE profiles SET pin_hash = ?, pin_salt = ?, failed_pin_attempts = 0, locked_until = NULL WHERE id = ?",
            [pin_hash, salt, profile_id],
        )

    # ---------------------------------------------------------------- remember choice
    def remember(self, profile_id: int) -> str:
        row = self.db.execute("SELECT remember FROM profiles WHERE id = ?", [profile_id]).fetchone()
        return row[0] if row else "auto"

    def set_remember(self, profile_id: int, mode: str) -> None:
        self.db.execute("UPDATE profiles SET remember = ? WHERE id = ?", [mode, profile_id])

    # ---------------------------------------------------------------- preferences (saved and pending)
    def prefs(self, profile_id: int, pending: bool = False) -> dict[str, "Preference"]:
        table = "profile_pending" if pending else "profile_prefs"
        rows = self.db.execute(
            f"SELECT path, value, relative, model_id, updated_at FROM {table} WHERE profile_id = ?", [profile_id]
        ).fetchall()
        return {r[0]: Preference(r[0], json.loads(r[1]), r[2], r[3], r[4]) for r in rows}

    def put_prefs(self, profile_id: int, prefs: list["Preference"], pending: bool = False) -> None:
        """Insert or replace preferences. The caller holds the transaction."""
        table = "profile_pending" if pending else "profile_prefs"
        at = now_iso()
        self.db.conn.executemany(
            f"INSERT INTO {table} (profile_id, path, value, relative, model_id, updated_at) VALUES (?, ?, ?, ?, ?, ?) "
            "ON CONFLICT(profile_id, path) DO UPDATE SET value = excluded.value, relative = excluded.relative, "
            "model_id = excluded.model_id, updated_at = excluded.updated_at",
            [(profile_id, p.path, json.dumps(p.value), p.relative, p.model_id, p.updated_at or at) for p in prefs],
        )

    def clear_prefs(self, profile_id: int, pending: bool = False) -> None:
        table = "profile_pending" if pending else "profile_prefs"
        self.db.execute(f"DELETE FROM {table} WHERE profile_id = ?", [profile_id])

    def pending_count(self, profile_id: int) -> int:
        return self.db.execute("SELECT count(*) FROM profile_pending WHERE profile_id = ?", [profile_id]).fetchone()[0]

    def pref_counts(self) -> dict[int, int]:
        return dict(self.db.execute("SELECT profile_id, count(*) FROM profile_prefs GROUP BY profile_id").fetchall())

    # ---------------------------------------------------------------- history (audit rows of people's changes)
    def history(self, profile_id: int, before_id: int | None = None, limit: int = 20) -> list[AuditEntry]:
        """Newest first, keyset paged; the WHERE matches the partial index audit_profile_people."""
        sql = (
            "SELECT id, vin, profile_id, path, old, new, source, at, undone FROM audit INDEXED BY audit_profile_people "
            "WHERE profile_id = ? AND source IN ('ui', 'assistant', 'routine', 'profile', 'cli', 'undo')"
        )
        args: list = [profile_id]
        if before_id is not None:
            sql += " AND id < ?"
            args.append(before_id)
        sql += " ORDER BY id DESC LIMIT ?"
        return [AuditEntry.from_row(r) for r in self.db.execute(sql, [*args, limit]).fetchall()]

    def catalog_ranges(self) -> dict[str, tuple[float | None, float | None]]:
        """For each signal, the lowest minimum and highest maximum of any model in the catalog."""
        return {r[0]: (r[1], r[2]) for r in self.db.execute(
            "SELECT path, min(min), max(max) FROM model_signals GROUP BY path").fetchall()}

    def catalog_choices(self) -> dict[str, set]:
        """For each signal with per-model choices, every choice any model in the catalog offers."""
        out: dict[str, set] = {}
        for path, allowed in self.db.execute(
                "SELECT path, allowed FROM model_signals WHERE allowed IS NOT NULL").fetchall():
            out.setdefault(path, set()).update(json.loads(allowed))
        return out

    # ---------------------------------------------------------------- valet session
    def valet(self) -> "ValetRecord | None":
        row = self.db.execute(
            "SELECT profile_id, pin_hash, pin_salt, failed_pin_attempts, locked_until, started_at FROM valet WHERE id = 1"
        ).fetchone()
        return ValetRecord(*row) if row else None

    def start_valet(self, profile_id: int | None, pin_hash: str, salt: str) -> None:
        self.db.execute(
            "INSERT OR REPLACE INTO valet (id, profile_id, pin_hash, pin_salt, failed_pin_attempts, locked_until, started_at) "
            "VALUES (1, ?, ?, ?, 0, NULL, ?)",
            [profile_id, pin_hash, salt, now_iso()],
        )

    def end_valet(self) -> None:
        self.db.execute("DELETE FROM valet WHERE id = 1")

    @staticmethod
    def _make(row) -> Profile:
        id_, name, initials, colour, is_guest, permissions, has_pin, created_at, is_owner = row
        return Profile(id_, name, initials, colour, bool(is_guest), json.loads(permissions), bool(has_pin), created_at,
                       bool(is_owner))


@dataclass(frozen=True)
class Preference:
    """One saved preference: the value where it was set, and for positions the share of that car's
    travel (0..1) so it fits any other car."""

    path: str
    value: object
    relative: float | None = None
    model_id: str | None = None
    updated_at: str | None = None


@dataclass(frozen=True)
class ValetRecord:
    profile_id: int | None
    pin_hash: str
    pin_salt: str
    failed_pin_attempts: int
    locked_until: float | None
    started_at: str
