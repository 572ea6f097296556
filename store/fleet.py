"""The operator's fleet: simulated cars and their installed versions, releases with their rules,
rollouts, their groups and one target row per car. Rows in and out, in bulk (executemany), no rules:
what is compatible, which group a car joins and when a rollout stops are tui/controller/fleet's."""

from __future__ import annotations

import json
from dataclasses import dataclass, field

# the car's updatable components: one column each in fleet_cars (the controller names them)
COMPONENT_COLUMNS = ("head_unit", "driver_assistance", "battery_management", "connectivity", "language_pack")
CAR_COLUMNS = ("id", "vin", "brand_id", "model_id", "platform", "architecture", "region", *COMPONENT_COLUMNS)
TARGET_STATES = ("scheduled", "running", "finished", "error", "cancelled")


@dataclass(frozen=True)
class FleetCar:
    id: int
    vin: str
    brand_id: str
    model_id: str
    platform: str
    architecture: str
    region: str
    versions: dict  # component -> installed version

    @classmethod
    def from_tuple(cls, row) -> "FleetCar":
        return cls(*row[:7], dict(zip(COMPONENT_COLUMNS, row[7:])))


@dataclass(frozen=True)
class Release:
    id: int
    component: str
    version: str
    notes: str
    rules: dict
    created_at: str


@dataclass(frozen=True)
class Rollout:
    id: int
    name: str
    release_id: int
    filter: dict
    status: str
    pause_reason: str
    success_threshold: float
    error_threshold: float
    error_min_finished: int
    approval: bool
    skipped: dict
    created_at: str
    updated_at: str


@dataclass(frozen=True)
class Group:
    rollout_id: int
    group_no: int
    name: str
    spec: dict
    status: str
    total: int
    errors_acknowledged: int
    started_at: str | None
    counts: dict = field(default_factory=dict)  # target state -> cars (filled by groups())


@dataclass(frozen=True)
class Target:
    car_id: int
    group_no: int
    status: str
    plan: str
    brand_id: str = ""
    model_id: str = ""
    attempts: int = 0  # how many times the car was sent it (a retry sends it again)


ROLLOUT_COLUMNS = ("id, name, release_id, filter, status, pause_reason, success_threshold, error_threshold, "
                   "error_min_finished, approval, skipped, created_at, updated_at")


def _rollout(row) -> Rollout:
    r = list(row)
    r[3], r[9], r[10] = json.loads(r[3]), bool(r[9]), json.loads(r[10])
    return Rollout(*r)


# a target with its car's brand and model (Target's fields in order)
TARGET_SELECT = ("SELECT t.car_id, t.group_no, t.status, t.plan, c.brand_id, c.model_id, t.attempts "
                 "FROM fleet_targets t JOIN fleet_cars c ON c.id = t.car_id")


class FleetQueries:
    def __init__(self, db):
        self.db = db

    # ------------------------------------------------------------------ cars
    def replace_cars(self, rows, at: str) -> None:
        """Drop the fleet and every rollout's groups and targets (they name its cars) and insert
        `rows`: tuples in CAR_COLUMNS order without the id. The rollouts stay, ended, so that a
        rollout id is never used twice (reports and streams are named by it)."""
        ex = self.db.conn.execute
        ex("DELETE FROM fleet_targets")
        ex("DELETE FROM fleet_groups")
        ex("UPDATE fleet_rollouts SET status = 'cancelled', pause_reason = 'the fleet was replaced', updated_at = ? "
           "WHERE status NOT IN ('cancelled', 'finished')", [at])
        ex("DELETE FROM fleet_cars")
        cols = ", ".join(CAR_COLUMNS[1:])
        marks = ", ".join("?" * (len(CAR_COLUMNS) - 1))
        self.db.conn.executemany(f"INSERT INTO fleet_cars ({cols}) VALUES ({marks})", rows)

    def car_count(self) -> int:
        return self.db.execute("SELECT count(*) FROM fleet_cars").fetchone()[0]

    def car_rows(self, columns=CAR_COLUMNS) -> list[tuple]:
        """Every car as a tuple of these columns (the planner's input: plain tuples are fast)."""
        unknown = [c for c in columns if c not in CAR_COLUMNS]
        if unknown:
            raise ValueError(unknown)
        return self.db.conn.execute(f"SELECT {', '.join(columns)} FROM fleet_cars ORDER BY id").fetchall()

    def _car_where(self, column: str, value) -> FleetCar | None:
        row = self.db.execute(f"SELECT {', '.join(CAR_COLUMNS)} FROM fleet_cars WHERE {column} = ?", [value]).fetchone()
        return FleetCar.from_tuple(row) if row else None

    def car(self, car_id: int) -> FleetCar | None:
        return self._car_where("id", car_id)

    def car_by_vin(self, vin: str) -> FleetCar | None:
        return self._car_where("vin", vin)

    def fleet_counts(self, column: str) -> dict[str, int]:
        """Cars per brand_id, model_id or region."""
        if column not in ("brand_id", "model_id", "region"):
            raise ValueError(column)
        return dict(self.db.execute(f"SELECT {column}, count(*) FROM fleet_cars GROUP BY {column}").fetchall())

    def _lookup(self, key: str, value: str, keys) -> dict:
        """{key: value} of the cars whose `key` column is among `keys` (in chunks: SQLite's limit on
        parameters)."""
        found: dict = {}
        keys = list(keys)
        for i in range(0, len(keys), 900):
            chunk = keys[i:i + 900]
            found.update(self.db.conn.execute(
                f"SELECT {key}, {value} FROM fleet_cars WHERE {key} IN ({','.join('?' * len(chunk))})", chunk).fetchall())
        return found

    def car_ids(self, vins) -> dict[str, int]:
        """VIN -> car id for the cars of the fleet among `vins`."""
        return self._lookup("vin", "id", vins)

    def vins(self, car_ids) -> dict[int, str]:
        """car id -> VIN for these cars."""
        return self._lookup("id", "vin", car_ids)

    def set_installed(self, component: str, version: str, car_ids) -> None:
        if component not in COMPONENT_COLUMNS:
            raise ValueError(component)
        self.db.conn.executemany(f"UPDATE fleet_cars SET {component} = ? WHERE id = ?",
                                 [(version, cid) for cid in car_ids])

    # ------------------------------------------------------------------ releases
    def add_release(self, component: str, version: str, notes: str, rules: dict, at: str) -> int:
        return self.db.execute(
            "INSERT INTO fleet_releases (component, version, notes, rules, created_at) VALUES (?, ?, ?, ?, ?)",
            [component, version, notes, json.dumps(rules, sort_keys=True), at]).lastrowid

    def _releases(self, where: str = "", args=()) -> list[Release]:
        rows = self.db.execute("SELECT id, component, version, notes, rules, created_at FROM fleet_releases"
                               + where + " ORDER BY id", list(args)).fetchall()
        return [Release(r[0], r[1], r[2], r[3], json.loads(r[4]), r[5]) for r in rows]

    def releases(self, component: str | None = None) -> list[Release]:
        return self._releases(" WHERE component = ?", [component]) if component is not None else self._releases()

    def release(self, release_id: int) -> Release | None:
        found = self._releases(" WHERE id = ?", [release_id])
        return found[0] if found else None

    # ------------------------------------------------------------------ rollouts
    def add_rollout(self, name: str, release_id: int, filter: dict, success_threshold: float,
                    error_threshold: float, error_min_finished: int, approval: bool, skipped: dict, at: str) -> int:
        return self.db.execute(
            "INSERT INTO fleet_rollouts (name, release_id, filter, status, success_threshold, error_threshold, "
            "error_min_finished, approval, skipped, created_at, updated_at) "
            "VALUES (?, ?, ?, 'ready', ?, ?, ?, ?, ?, ?, ?)",
            [name, release_id, json.dumps(filter, sort_keys=True), success_threshold, error_threshold,
             error_min_finished, int(approval), json.dumps(skipped, sort_keys=True), at, at]).lastrowid

    def rollouts(self) -> list[Rollout]:
        rows = self.db.execute(f"SELECT {ROLLOUT_COLUMNS} FROM fleet_rollouts ORDER BY id").fetchall()
        return [_rollout(r) for r in rows]

    def rollout(self, rollout_id: int) -> Rollout | None:
        row = self.db.execute(f"SELECT {ROLLOUT_COLUMNS} FROM fleet_rollouts WHERE id = ?", [rollout_id]).fetchone()
        return _rollout(row) if row else None

    def set_rollout(self, rollout_id: int, status: str, reason: str, at: str) -> None:
        self.db.execute("UPDATE fleet_rollouts SET status = ?, pause_reason = ?, updated_at = ? WHERE id = ?",
                        [status, reason, at, rollout_id])

    def set_skipped(self, rollout_id: int, skipped: dict) -> None:
        self.db.execute("UPDATE fleet_rollouts SET skipped = ? WHERE id = ?",
                        [json.dumps(skipped, sort_keys=True), rollout_id])

    # ------------------------------------------------------------------ groups
    def add_groups(self, rollout_id: int, groups) -> None:
        """groups: (group_no, name, spec dict, total)."""
        self.db.conn.executemany(
            "INSERT INTO fleet_groups (rollout_id, group_no, name, spec, status, total) "
            "VALUES (?, ?, ?, ?, 'scheduled', ?)",
            [(rollout_id, no, name, json.dumps(spec, sort_keys=True), total) for no, name, spec, total in groups])

    def groups(self, rollout_id: int) -> list[Group]:
        counts: dict[int, dict[str, int]] = {}
        for no, status, n in self.db.execute(
                "SELECT group_no, status, count(*) FROM fleet_targets WHERE rollout_id = ? GROUP BY group_no, status",
                [rollout_id]).fetchall():
            counts.setdefault(no, {})[status] = n
        rows = self.db.execute(
            "SELECT rollout_id, group_no, name, spec, status, total, errors_acknowledged, started_at FROM fleet_groups "
            "WHERE rollout_id = ? ORDER BY group_no", [rollout_id]).fetchall()
        return [Group(r[0], r[1], r[2], json.loads(r[3]), r[4], r[5], r[6], r[7],
                      {s: counts.get(r[1], {}).get(s, 0) for s in TARGET_STATES}) for r in rows]

    def set_group(self, rollout_id: int, group_no: int, *, status: str | None = None,
                  errors_acknowledged: int | None = None, started_at: str | None = None) -> None:
        for column, value in (("status", status), ("errors_acknowledged", errors_acknowledged),
                              ("started_at", started_at)):
            if value is not None:
                self.db.execute(f"UPDATE fleet_groups SET {column} = ? WHERE rollout_id = ? AND group_no = ?",
                                [value, rollout_id, group_no])

    # ------------------------------------------------------------------ targets
    def add_targets(self, rollout_id: int, rows) -> None:
        """rows: (car_id, group_no, plan)."""
        self.db.conn.executemany(
            "INSERT INTO fleet_targets (rollout_id, car_id, group_no, status, plan) VALUES (?, ?, ?, 'scheduled', ?)",
            [(rollout_id, car, no, plan) for car, no, plan in rows])

    def start_targets(self, rollout_id: int, group_no: int) -> int:
        """The group's scheduled targets become running (their assignment goes out)."""
        return self.db.execute(
            "UPDATE fleet_targets SET status = 'running', attempts = attempts + 1, delivered = 0 "
            "WHERE rollout_id = ? AND group_no = ? AND status = 'scheduled'", [rollout_id, group_no]).rowcount

    def targets(self, rollout_id: int, car_ids) -> dict[int, Target]:
        """The targets of these cars, with their brand and model."""
        found: dict[int, Target] = {}
        ids = list(car_ids)
        for i in range(0, len(ids), 900):  # SQLite's limit on parameters
            chunk = ids[i:i + 900]
            marks = ",".join("?" * len(chunk))
            for r in self.db.conn.execute(
                    f"{TARGET_SELECT} WHERE t.rollout_id = ? AND t.car_id IN ({marks})",
                    [rollout_id, *chunk]):
                found[r[0]] = Target(*r)
        return found

    def running(self, rollout_id: int, limit: int | None = None) -> list[Target]:
        """Running targets (the cars installing now), in car order."""
        sql = f"{TARGET_SELECT} WHERE t.rollout_id = ? AND t.status = 'running' ORDER BY t.car_id"
        args: list = [rollout_id]
        if limit is not None:
            sql += " LIMIT ?"
            args.append(limit)
        return [Target(*r) for r in self.db.conn.execute(sql, args).fetchall()]

    def set_target_states(self, rollout_id: int, rows) -> None:
        """rows: (car_id, status, detail)."""
        self.db.conn.executemany(
            "UPDATE fleet_targets SET status = ?, detail = ? WHERE rollout_id = ? AND car_id = ?",
            [(status, detail, rollout_id, car) for car, status, detail in rows])

    def cancel_targets(self, rollout_id: int) -> int:
        return self.db.execute(
            "UPDATE fleet_targets SET status = 'cancelled' WHERE rollout_id = ? AND status IN ('scheduled', 'running')",
            [rollout_id]).rowcount

    def retry_errors(self, rollout_id: int, running_groups) -> int:
        """Failed targets go again: running in a running group, scheduled in the others."""
        running_groups = list(running_groups)
        marks = ",".join("?" * len(running_groups)) or "NULL"
        return self.db.execute(
            f"UPDATE fleet_targets SET status = CASE WHEN group_no IN ({marks}) THEN 'running' ELSE 'scheduled' END, "
            "attempts = attempts + CASE WHEN group_no IN (" + marks + ") THEN 1 ELSE 0 END, delivered = 0, detail = '' "
            "WHERE rollout_id = ? AND status = 'error'", [*running_groups, *running_groups, rollout_id]).rowcount

    def undelivered(self, rollout_id: int, limit: int) -> list[tuple[int, str, str, str, int]]:
        """(car_id, vin, plan, architecture, attempts) of running targets whose assignment has not
        gone out yet."""
        return self.db.conn.execute(
            "SELECT t.car_id, c.vin, t.plan, c.architecture, t.attempts FROM fleet_targets t "
            "JOIN fleet_cars c ON c.id = t.car_id "
            "WHERE t.rollout_id = ? AND t.status = 'running' AND t.delivered = 0 ORDER BY t.car_id LIMIT ?",
            [rollout_id, limit]).fetchall()

    def mark_delivered(self, rollout_id: int, car_ids) -> None:
        self.db.conn.executemany("UPDATE fleet_targets SET delivered = 1 WHERE rollout_id = ? AND car_id = ?",
                                 [(rollout_id, c) for c in car_ids])

    def counts_by(self, rollout_id: int, column: str) -> dict[str, dict[str, int]]:
        """Target states per brand_id or model_id: {brand: {status: cars}}."""
        if column not in ("brand_id", "model_id", "region"):
            raise ValueError(column)
        out: dict[str, dict[str, int]] = {}
        for key, status, n in self.db.conn.execute(
                f"SELECT c.{column}, t.status, count(*) FROM fleet_targets t JOIN fleet_cars c ON c.id = t.car_id "
                f"WHERE t.rollout_id = ? GROUP BY c.{column}, t.status", [rollout_id]).fetchall():
            out.setdefault(key, {s: 0 for s in TARGET_STATES})[status] = n
        return out


__all__ = ["FleetQueries", "FleetCar", "Release", "Rollout", "Group", "Target", "COMPONENT_COLUMNS", "CAR_COLUMNS",
           "TARGET_STATES"]
