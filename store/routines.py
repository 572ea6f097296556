"""Routines and their runs. Rows in, dataclasses out; no rules."""

from __future__ import annotations

import json
from dataclasses import dataclass

from store.vehicles import now_iso


@dataclass(frozen=True)
class RoutineRow:
    id: int
    name: str
    profile_id: int | None
    enabled: bool
    trigger: dict
    conditions: list
    actions: list
    builtin: bool
    last_fired_at: float | None


@dataclass(frozen=True)
class RunRow:
    id: int
    routine_id: int
    at: str
    why: str
    outcome: str  # done | skipped | asked | declined | failed | dry
    did: list
    dry: bool


COLUMNS = "id, name, profile_id, enabled, trigger, conditions, actions, builtin, last_fired_at"


class RoutineQueries:
    def __init__(self, db):
        self.db = db

    def list(self) -> list[RoutineRow]:
        return [self._make(r) for r in self.db.execute(f"SELECT {COLUMNS} FROM routines ORDER BY id").fetchall()]

    def get(self, routine_id: int) -> RoutineRow | None:
        row = self.db.execute(f"SELECT {COLUMNS} FROM routines WHERE id = ?", [routine_id]).fetchone()
        return self._make(row) if row else None

    def by_name(self, name: str) -> RoutineRow | None:
        row = self.db.execute(f"SELECT {COLUMNS} FROM routines WHERE name = ? COLLATE NOCASE", [name]).fetchone()
        return self._make(row) if row else None

    def add(self, name: str, trigger: dict, conditions: list, actions: list, profile_id: int | None = None,
            enabled: bool = True, builtin: bool = False) -> int:
        cur = self.db.execute(
            "INSERT INTO routines (name, profile_id, enabled, trigger, conditions, actions, builtin, created_at) "
            "VALUES (?, ?, ?, ?, ?, ?, ?, ?)",
            [name, profile_id, int(enabled), json.dumps(trigger), json.dumps(conditions), json.dumps(actions),
             int(builtin), now_iso()],
        )
        return cur.lastrowid

    def update(self, routine_id: int, name: str, trigger: dict, conditions: list, actions: list,
               profile_id: int | None) -> None:
        self.db.execute(
            "UPDATE routines SET name = ?, trigger = ?, conditions = ?, actions = ?, profile_id = ? WHERE id = ?",
            [name, json.dumps(trigger), json.dumps(conditions), json.dumps(actions), profile_id, routine_id],
        )

    def set_enabled(self, routine_id: int, enabled: bool) -> None:
        self.db.execute("UPDATE routines SET enabled = ? WHERE id = ?", [int(enabled), routine_id])

    def set_fired(self, routine_id: int, at: float) -> None:
        self.db.execute("UPDATE routines SET last_fired_at = ? WHERE id = ?", [at, routine_id])

    def delete(self, routine_id: int) -> None:
        self.db.execute("DELETE FROM routines WHERE id = ?", [routine_id])

    # ---------------------------------------------------------------- runs
    def log_run(self, routine_id: int, why: str, outcome: str, did: list, dry: bool = False, at: str | None = None) -> int:
        cur = self.db.execute(
            "INSERT INTO routine_runs (routine_id, at, why, outcome, did, dry) VALUES (?, ?, ?, ?, ?, ?)",
            [routine_id, at or now_iso(), why, outcome, json.dumps(did), int(dry)],
        )
        return cur.lastrowid

    def runs(self, routine_id: int | None = None, limit: int = 50) -> list[RunRow]:
        sql = "SELECT id, routine_id, at, why, outcome, did, dry FROM routine_runs"
        args: list = []
        if routine_id is not None:
            sql += " WHERE routine_id = ?"
            args.append(routine_id)
        sql += " ORDER BY id DESC LIMIT ?"
        args.append(limit)
        return [RunRow(r[0], r[1], r[2], r[3], r[4], json.loads(r[5]), bool(r[6]))
                for r in self.db.execute(sql, args).fetchall()]

    @staticmethod
    def _make(row) -> RoutineRow:
        id_, name, pid, enabled, trig, conds, acts, builtin, fired = row
        return RoutineRow(id_, name, pid, bool(enabled), json.loads(trig), json.loads(conds), json.loads(acts),
                          bool(builtin), fired)
