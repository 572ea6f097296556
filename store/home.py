"""The driver's home: its place, its entities (Home Assistant style), favourites, scenes and the log
of commands sent to it. Rows in, dataclasses out; no rules."""

from __future__ import annotations

import json
from dataclasses import dataclass, field

from store.vehicles import now_iso


@dataclass(frozen=True)
class HomePlace:
    name: str
    latitude: float
    longitude: float
    near_m: float
    backend: str
    presence: str | None  # "home" | "away" | None (not known yet)
    left_at: float | None  # wall-clock seconds when the car last left
    arrived_at: float | None


@dataclass(frozen=True)
class EntityRow:
    entity_id: str
    name: str
    room: str
    device_class: str | None
    state: str
    attributes: dict = field(default_factory=dict)
    position: int = 0
    updated_at: float = 0.0


@dataclass(frozen=True)
class Favourite:
    slot: int
    kind: str  # "entity" | "scene"
    target: str  # entity_id or scene id


@dataclass(frozen=True)
class SceneRow:
    id: int
    name: str
    profile_id: int | None
    actions: list
    builtin: bool


@dataclass(frozen=True)
class HomeLogEntry:
    id: int
    at: str
    profile_id: int | None
    entity_id: str
    service: str
    data: dict
    source: str
    result: str


ENTITY_COLUMNS = "entity_id, name, room, device_class, state, attributes, position, updated_at"


class HomeQueries:
    def __init__(self, db):
        self.db = db

    # ---------------------------------------------------------------- the place
    def place(self) -> HomePlace | None:
        row = self.db.execute(
            "SELECT name, latitude, longitude, near_m, backend, presence, left_at, arrived_at FROM home WHERE id = 1"
        ).fetchone()
        return HomePlace(*row) if row else None

    def set_place(self, name: str, latitude: float, longitude: float, near_m: float, backend: str = "simulated") -> None:
        self.db.execute(
            "INSERT INTO home (id, name, latitude, longitude, near_m, backend) VALUES (1, ?, ?, ?, ?, ?) "
            "ON CONFLICT(id) DO UPDATE SET name = excluded.name, latitude = excluded.latitude, "
            "longitude = excluded.longitude, near_m = excluded.near_m, backend = excluded.backend",
            [name, latitude, longitude, near_m, backend],
        )

    def set_backend(self, backend: str) -> None:
        """Which home the car talks to: "simulated" or "mqtt" (the connection is not kept here)."""
        self.db.execute("UPDATE home SET backend = ? WHERE id = 1", [backend])

    def set_presence(self, presence: str, left_at: float | None, arrived_at: float | None) -> None:
        self.db.execute("UPDATE home SET presence = ?, left_at = ?, arrived_at = ? WHERE id = 1",
                        [presence, left_at, arrived_at])

    # ---------------------------------------------------------------- entities
    def entities(self) -> list[EntityRow]:
        rows = self.db.execute(f"SELECT {ENTITY_COLUMNS} FROM home_entities ORDER BY position, entity_id").fetchall()
        return [self._entity(r) for r in rows]

    def entity(self, entity_id: str) -> EntityRow | None:
        row = self.db.execute(f"SELECT {ENTITY_COLUMNS} FROM home_entities WHERE entity_id = ?", [entity_id]).fetchone()
        return self._entity(row) if row else None

    def add_entity(self, entity_id: str, name: str, room: str, device_class: str | None, state: str,
                   attributes: dict, position: int, updated_at: float) -> None:
        self.db.execute(
            f"INSERT INTO home_entities ({ENTITY_COLUMNS}) VALUES (?, ?, ?, ?, ?, ?, ?, ?)",
            [entity_id, name, room, device_class, state, json.dumps(attributes), position, updated_at],
        )

    def save_state(self, entity_id: str, state: str, attributes: dict, updated_at: float) -> None:
        self.db.execute(
            "UPDATE home_entities SET state = ?, attributes = ?, updated_at = ? WHERE entity_id = ?",
            [state, json.dumps(attributes), updated_at, entity_id],
        )

    @staticmethod
    def _entity(row) -> EntityRow:
        eid, name, room, dc, state, attrs, pos, upd = row
        return EntityRow(eid, name, room, dc, state, json.loads(attrs), pos, upd)

    # ---------------------------------------------------------------- favourites
    def favourites(self) -> list[Favourite]:
        return [Favourite(*r) for r in self.db.execute(
            "SELECT slot, kind, target FROM home_favourites ORDER BY slot").fetchall()]

    def set_favourite(self, slot: int, kind: str, target: str) -> None:
        self.db.execute(
            "INSERT INTO home_favourites (slot, kind, target) VALUES (?, ?, ?) "
            "ON CONFLICT(slot) DO UPDATE SET kind = excluded.kind, target = excluded.target",
            [slot, kind, target],
        )

    def remove_favourite(self, slot: int) -> None:
        self.db.execute("DELETE FROM home_favourites WHERE slot = ?", [slot])

    # ---------------------------------------------------------------- scenes
    def scenes(self) -> list[SceneRow]:
        rows = self.db.execute(
            "SELECT id, name, profile_id, actions, builtin FROM home_scenes ORDER BY builtin DESC, id").fetchall()
        return [SceneRow(r[0], r[1], r[2], json.loads(r[3]), bool(r[4])) for r in rows]

    def add_scene(self, name: str, actions: list, profile_id: int | None = None, builtin: bool = False) -> int:
        cur = self.db.execute(
            "INSERT INTO home_scenes (name, profile_id, actions, builtin, created_at) VALUES (?, ?, ?, ?, ?)",
            [name, profile_id, json.dumps(actions), int(builtin), now_iso()],
        )
        return cur.lastrowid

    def delete_scene(self, scene_id: int) -> None:
        self.db.execute("DELETE FROM home_favourites WHERE kind = 'scene' AND target = ?", [str(scene_id)])
        self.db.execute("DELETE FROM home_scenes WHERE id = ?", [scene_id])

    # ---------------------------------------------------------------- log
    def log(self, profile_id: int | None, entity_id: str, service: str, data: dict, source: str, result: str,
            at: str) -> None:
        self.db.execute(
            "INSERT INTO home_log (at, profile_id, entity_id, service, data, source, result) VALUES (?, ?, ?, ?, ?, ?, ?)",
            [at, profile_id, entity_id, service, json.dumps(data), source, result],
        )

    def recent_log(self, limit: int = 50) -> list[HomeLogEntry]:
        rows = self.db.execute(
            "SELECT id, at, profile_id, entity_id, service, data, source, result FROM home_log ORDER BY id DESC LIMIT ?",
            [limit]).fetchall()
        return [HomeLogEntry(r[0], r[1], r[2], r[3], r[4], json.loads(r[5]), r[6], r[7]) for r in rows]
