"""Software updates on the car: A/B slots per component, install jobs and their history.

Rows only; what a state means and which step comes next is tui/controller/updates' business.
Every method writes inside the caller's transaction (Store.write()).
"""

from __future__ import annotations

import json
from dataclasses import dataclass

JOB_COLUMNS = ("id, vin, component, version, from_version, target, state, slot, done_bytes, total_bytes, "
               "started_at, not_before, message, created_at, finished_at")
OPEN = "finished_at IS NULL"


@dataclass(frozen=True)
class Slot:
    vin: str
    component: str
    slot: str  # "A" or "B"
    version: str | None
    sha256: str | None
    state: str  # ok, writing, empty


@dataclass(frozen=True)
class ComponentRow:
    vin: str
    component: str
    active_slot: str


@dataclass(frozen=True)
class Job:
    id: int
    vin: str
    component: str
    version: str
    from_version: str | None
    target: dict  # the agreed target: path, length, hashes, custom
    state: str
    slot: str | None  # the slot being written (the inactive one when the job started)
    done_bytes: int
    total_bytes: int
    started_at: float | None  # the clock's monotonic time when the current phase began
    not_before: str | None  # postponed or scheduled: not before this time (ISO)
    message: str
    created_at: str
    finished_at: str | None


@dataclass(frozen=True)
class HistoryRow:
    id: int
    vin: str
    component: str
    at: str
    from_version: str | None
    to_version: str
    outcome: str  # installed, failed, rolled_back
    message: str


def _job(row) -> Job:
    values = list(row)
    values[5] = json.loads(values[5]) if values[5] else {}
    return Job(*values)


class UpdateQueries:
    def __init__(self, db):
        self.db = db

    # ---------------------------------------------------------------- slots
    def components(self, vin: str) -> list[ComponentRow]:
        return [ComponentRow(*r) for r in self.db.execute(
            "SELECT vin, component, active_slot FROM update_components WHERE vin = ? ORDER BY rowid", [vin]).fetchall()]

    def slots(self, vin: str, component: str | None = None) -> list[Slot]:
        sql, args = "SELECT vin, component, slot, version, sha256, state FROM update_slots WHERE vin = ?", [vin]
        if component is not None:
            sql += " AND component = ?"
            args.append(component)
        return [Slot(*r) for r in self.db.execute(sql + " ORDER BY component, slot", args).fetchall()]

    def add_component(self, vin: str, component: str, version: str, sha256: str | None) -> None:
        self.db.execute("INSERT INTO update_components (vin, component, active_slot) VALUES (?, ?, 'A')",
                        [vin, component])
        self.db.execute("INSERT INTO update_slots (vin, component, slot, version, sha256, state) "
                        "VALUES (?, ?, 'A', ?, ?, 'ok'), (?, ?, 'B', NULL, NULL, 'empty')",
                        [vin, component, version, sha256, vin, component])

    def set_slot(self, vin: str, component: str, slot: str, version: str | None, sha256: str | None,
                 state: str) -> None:
        self.db.execute("UPDATE update_slots SET version = ?, sha256 = ?, state = ? "
                        "WHERE vin = ? AND component = ? AND slot = ?", [version, sha256, state, vin, component, slot])

    def activate(self, vin: str, component: str, slot: str) -> None:
        self.db.execute("UPDATE update_components SET active_slot = ? WHERE vin = ? AND component = ?",
                        [slot, vin, component])

    # ---------------------------------------------------------------- jobs
    def open_jobs(self, vin: str) -> list[Job]:
        return [_job(r) for r in self.db.execute(
            f"SELECT {JOB_COLUMNS} FROM update_jobs WHERE vin = ? AND {OPEN} ORDER BY id", [vin]).fetchall()]

    def job(self, job_id: int) -> Job | None:
        row = self.db.execute(f"SELECT {JOB_COLUMNS} FROM update_jobs WHERE id = ?", [job_id]).fetchone()
        return _job(row) if row else None

    def recent_jobs(self, vin: str, limit: int = 20) -> list[Job]:
        return [_job(r) for r in self.db.execute(
            f"SELECT {JOB_COLUMNS} FROM update_jobs WHERE vin = ? ORDER BY id DESC LIMIT ?", [vin, limit]).fetchall()]

    def add_job(self, vin: str, component: str, version: str, from_version: str | None, target: dict,
                created_at: str, message: str = "") -> int:
        return self.db.execute(
            "INSERT INTO update_jobs (vin, component, version, from_version, target, state, done_bytes, total_bytes, "
            "message, created_at) VALUES (?, ?, ?, ?, ?, 'available', 0, ?, ?, ?)",
            [vin, component, version, from_version, json.dumps(target, sort_keys=True),
             int(target.get("length", 0)), message, created_at]).lastrowid

    def update_job(self, job_id: int, **fields) -> None:
        if "target" in fields:
            fields["target"] = json.dumps(fields["target"], sort_keys=True)
        sets = ", ".join(f"{k} = ?" for k in fields)
        self.db.execute(f"UPDATE update_jobs SET {sets} WHERE id = ?", [*fields.values(), job_id])

    # ---------------------------------------------------------------- history
    def add_history(self, vin: str, component: str, at: str, from_version: str | None, to_version: str,
                    outcome: str, message: str) -> None:
        self.db.execute("INSERT INTO update_history (vin, component, at, from_version, to_version, outcome, message) "
                        "VALUES (?, ?, ?, ?, ?, ?, ?)", [vin, component, at, from_version, to_version, outcome, message])

    def history(self, vin: str, component: str | None = None) -> list[HistoryRow]:
        sql, args = ("SELECT id, vin, component, at, from_version, to_version, outcome, message FROM update_history "
                     "WHERE vin = ?"), [vin]
        if component is not None:
            sql += " AND component = ?"
            args.append(component)
        return [HistoryRow(*r) for r in self.db.execute(sql + " ORDER BY id DESC", args).fetchall()]
