"""Profile sync: the car's account, each profile's consent and id across cars, the outbox of changes
not yet sent, what this car last knew of each synced setting, conflicts, the account's cars and
the upload log. Rows in, dataclasses out; the rules are in tui/controller/sync/."""

from __future__ import annotations

import json
from dataclasses import dataclass

from store.vehicles import now_iso

META = "@profile"  # the outbox/shadow row of a profile's name, looks and PIN (not a VSS path)


@dataclass(frozen=True)
class Account:
    url: str | None
    secret: str | None  # hex; None: not paired
    car_id: str
    hlc: str
    registered: bool
    joined_at: str | None
    last_sync: str | None
    car_key: str | None = None  # this car's X25519 private key (hex): epochs are wrapped for it
    domain: str | None = None  # the hub's JetStream domain when this car syncs through a leaf node

    @property
    def paired(self) -> bool:
        return bool(self.secret)


@dataclass(frozen=True)
class SyncProfile:
    profile_id: int
    uid: str
    enabled: bool
    groups: tuple[str, ...]
    share_pin: bool
    locked: bool
    doc_hlc: str


@dataclass(frozen=True)
class Change:
    """A setting as sent or last known: the value, its share of the travel, the model it was set
    on, and the hybrid logical clock of the edit."""

    path: str
    value: object
    relative: float | None
    model_id: str | None
    hlc: str


@dataclass(frozen=True)
class Conflict:
    id: int
    profile_id: int
    path: str
    local_value: object
    local_hlc: str
    remote_value: object
    remote_hlc: str
    chosen: str  # "local" or "remote": the newer, taken until the driver decides
    resolved: bool
    at: str


@dataclass(frozen=True)
class HistoryItem:
    """One of a profile's recent things: a destination driven to (with its place) or an item played."""

    kind: str  # "destination" | "played"
    ref: str  # the destination's name, or the item's uri
    label: str
    latitude: float | None
    longitude: float | None
    at: str


@dataclass(frozen=True)
class LogEntry:
    id: int
    at: str
    kind: str  # upload, arrival, refused, conflict, paired, removed
    profile_id: int | None
    detail: str


class SyncQueries:
    def __init__(self, db):
        self.db = db

    # ---------------------------------------------------------------- the account
    def account(self) -> Account | None:
        row = self.db.execute("SELECT url, secret, car_id, hlc, registered, joined_at, last_sync, car_key, domain "
                              "FROM sync_account WHERE id = 1").fetchone()
        return Account(row[0], row[1], row[2], row[3], bool(row[4]), row[5], row[6], row[7], row[8]) if row else None

    def ensure_account(self, car_id: str) -> Account:
        self.db.execute("INSERT OR IGNORE INTO sync_account (id, car_id) VALUES (1, ?)", [car_id])
        return self.account()

    def set_account(self, **fields) -> None:
        allowed = {"url", "secret", "hlc", "registered", "joined_at", "last_sync", "car_key", "domain"}
        if set(fields) - allowed:
            raise ValueError(f"cannot set {set(fields) - allowed}")
        sets = ", ".join(f"{k} = ?" for k in fields)
        self.db.execute(f"UPDATE sync_account SET {sets} WHERE id = 1", list(fields.values()))

    # ---------------------------------------------------------------- profiles: consent and ids
    def profiles(self) -> list[SyncProfile]:
        return [self._profile(r) for r in self.db.execute(
            "SELECT profile_id, uid, enabled, groups, share_pin, locked, doc_hlc FROM sync_profiles").fetchall()]

    def profile(self, profile_id: int) -> SyncProfile | None:
        row = self.db.execute("SELECT profile_id, uid, enabled, groups, share_pin, locked, doc_hlc FROM sync_profiles "
                              "WHERE profile_id = ?", [profile_id]).fetchone()
        return self._profile(row) if row else None

    def by_uid(self, uid: str) -> SyncProfile | None:
        row = self.db.execute("SELECT profile_id, uid, enabled, groups, share_pin, locked, doc_hlc FROM sync_profiles "
                              "WHERE uid = ?", [uid]).fetchone()
        return self._profile(row) if row else None

    def forgotten(self, uid: str) -> bool:
        """A profile deleted on this car (its sync row went with it)."""
        return self.db.execute("SELECT 1 FROM sync_forgotten WHERE uid = ?", [uid]).fetchone() is not None

    def add_profile(self, profile_id: int, uid: str, enabled: bool = False, groups=("comfort", "media"),
                    locked: bool = False) -> SyncProfile:
        self.db.execute("INSERT INTO sync_profiles (profile_id, uid, enabled, groups, locked) VALUES (?, ?, ?, ?, ?)",
                        [profile_id, uid, int(enabled), json.dumps(list(groups)), int(locked)])
        return self.profile(profile_id)

    def set_profile(self, profile_id: int, **fields) -> None:
        allowed = {"enabled", "groups", "share_pin", "locked", "doc_hlc"}
        if set(fields) - allowed:
            raise ValueError(f"cannot set {set(fields) - allowed}")
        if "groups" in fields:
            fields["groups"] = json.dumps(list(fields["groups"]))
        fields = {k: int(v) if isinstance(v, bool) else v for k, v in fields.items()}
        sets = ", ".join(f"{k} = ?" for k in fields)
        self.db.execute(f"UPDATE sync_profiles SET {sets} WHERE profile_id = ?", [*fields.values(), profile_id])

    # ---------------------------------------------------------------- outbox and shadow
    def outbox(self, profile_id: int | None = None) -> dict[tuple[int, str], Change]:
        sql = "SELECT profile_id, path, value, relative, model_id, hlc FROM sync_outbox"
        rows = self.db.execute(sql + (" WHERE profile_id = ?" if profile_id is not None else ""),
                               [profile_id] if profile_id is not None else []).fetchall()
        return {(r[0], r[1]): Change(r[1], json.loads(r[2]), r[3], r[4], r[5]) for r in rows}

    def outbox_count(self) -> int:
        return self.db.execute("SELECT count(*) FROM sync_outbox").fetchone()[0]

    def shadow(self, profile_id: int) -> dict[str, Change]:
        rows = self.db.execute("SELECT path, value, relative, model_id, hlc FROM sync_shadow WHERE profile_id = ?",
                               [profile_id]).fetchall()
        return {r[0]: Change(r[0], json.loads(r[1]), r[2], r[3], r[4]) for r in rows}

    def put(self, table: str, profile_id: int, changes: list[Change]) -> None:
        """Insert or replace rows of sync_outbox or sync_shadow. The caller holds the transaction."""
        if table not in ("sync_outbox", "sync_shadow"):
            raise ValueError(table)
        self.db.conn.executemany(
            f"INSERT INTO {table} (profile_id, path, value, relative, model_id, hlc) VALUES (?, ?, ?, ?, ?, ?) "
            "ON CONFLICT(profile_id, path) DO UPDATE SET value = excluded.value, relative = excluded.relative, "
            "model_id = excluded.model_id, hlc = excluded.hlc",
            [(profile_id, c.path, json.dumps(c.value), c.relative, c.model_id, c.hlc) for c in changes])

    def drop_outbox(self, profile_id: int, sent: list[Change]) -> None:
        """Remove what was sent, unless the row changed again meanwhile (another hlc)."""
        self.db.conn.executemany("DELETE FROM sync_outbox WHERE profile_id = ? AND path = ? AND hlc = ?",
                                 [(profile_id, c.path, c.hlc) for c in sent])

    # ---------------------------------------------------------------- conflicts
    def add_conflict(self, profile_id: int, path: str, local: Change, remote: Change, chosen: str) -> None:
        self.db.execute(
            "INSERT INTO sync_conflicts (profile_id, path, local_value, local_hlc, remote_value, remote_hlc, chosen, at) "
            "VALUES (?, ?, ?, ?, ?, ?, ?, ?)",
            [profile_id, path, json.dumps(local.value), local.hlc, json.dumps(remote.value), remote.hlc, chosen,
             now_iso()])

    def conflicts(self, open_only: bool = True) -> list[Conflict]:
        sql = ("SELECT id, profile_id, path, local_value, local_hlc, remote_value, remote_hlc, chosen, resolved, at "
               "FROM sync_conflicts" + (" WHERE resolved = 0" if open_only else "") + " ORDER BY id")
        return [Conflict(r[0], r[1], r[2], json.loads(r[3]), r[4], json.loads(r[5]), r[6], r[7], bool(r[8]), r[9])
                for r in self.db.execute(sql).fetchall()]

    def resolve_conflict(self, conflict_id: int, chosen: str) -> None:
        self.db.execute("UPDATE sync_conflicts SET chosen = ?, resolved = 1 WHERE id = ?", [chosen, conflict_id])

    # ---------------------------------------------------------------- cars of the account
    def cars(self) -> list[tuple[str, str, str]]:
        return [tuple(r) for r in self.db.execute("SELECT car_id, title, seen_at FROM sync_cars ORDER BY title")]

    def car_keys(self) -> dict[str, str | None]:
        """car id -> its X25519 public key (hex; None for a car that has not published one)."""
        return dict(self.db.execute("SELECT car_id, pub FROM sync_cars").fetchall())

    def set_cars(self, cars: list[tuple]) -> None:
        """(car id, title) or (car id, title, public key) of every car of the account."""
        self.db.execute("DELETE FROM sync_cars")
        at = now_iso()
        self.db.conn.executemany("INSERT INTO sync_cars (car_id, title, seen_at, pub) VALUES (?, ?, ?, ?)",
                                 [(c[0], c[1], at, c[2] if len(c) > 2 else None) for c in cars])

    # ---------------------------------------------------------------- the account's key epochs
    def keyring(self) -> list[tuple[str, int, bytes]]:
        """(key id, epoch, key) of every epoch this car holds, oldest first."""
        return [(r[0], r[1], bytes.fromhex(r[2])) for r in self.db.execute(
            "SELECT key_id, epoch, key FROM sync_keys ORDER BY epoch").fetchall()]

    def add_key(self, key_id: str, epoch: int, key: bytes) -> None:
        self.db.execute("INSERT OR IGNORE INTO sync_keys (key_id, epoch, key, at) VALUES (?, ?, ?, ?)",
                        [key_id, epoch, key.hex(), now_iso()])

    def clear_keys(self) -> None:
        self.db.execute("DELETE FROM sync_keys")

    # ---------------------------------------------------------------- a profile's recent things
    def history(self, profile_id: int, kind: str | None = None, limit: int = 100) -> list[HistoryItem]:
        sql = "SELECT kind, ref, label, latitude, longitude, at FROM sync_history WHERE profile_id = ?"
        args: list = [profile_id]
        if kind:
            sql += " AND kind = ?"
            args.append(kind)
        rows = self.db.execute(sql + " ORDER BY at DESC, ref LIMIT ?", [*args, limit]).fetchall()
        return [HistoryItem(*r) for r in rows]

    def add_history(self, profile_id: int, items: list[HistoryItem], keep: int) -> None:
        """Insert or refresh (the later time wins) and keep the newest `keep` of each kind."""
        self.db.conn.executemany(
            "INSERT INTO sync_history (profile_id, kind, ref, label, latitude, longitude, at) "
            "VALUES (?, ?, ?, ?, ?, ?, ?) ON CONFLICT(profile_id, kind, ref) DO UPDATE SET "
            "label = excluded.label, latitude = excluded.latitude, longitude = excluded.longitude, "
            "at = max(sync_history.at, excluded.at)",
            [(profile_id, h.kind, h.ref, h.label, h.latitude, h.longitude, h.at) for h in items])
        for kind in {h.kind for h in items}:
            self.db.execute("DELETE FROM sync_history WHERE profile_id = ? AND kind = ? AND ref NOT IN "
                            "(SELECT ref FROM sync_history WHERE profile_id = ? AND kind = ? "
                            "ORDER BY at DESC, ref LIMIT ?)", [profile_id, kind, profile_id, kind, keep])

    # ---------------------------------------------------------------- the log
    def log(self, kind: str, detail: str, profile_id: int | None = None) -> None:
        self.db.execute("INSERT INTO sync_log (at, kind, profile_id, detail) VALUES (?, ?, ?, ?)",
                        [now_iso(), kind, profile_id, detail[:500]])

    def entries(self, kind: str | None = None, limit: int = 100) -> list[LogEntry]:
        sql = "SELECT id, at, kind, profile_id, detail FROM sync_log"
        args: list = []
        if kind:
            sql += " WHERE kind = ?"
            args.append(kind)
        rows = self.db.execute(sql + " ORDER BY id DESC LIMIT ?", [*args, limit]).fetchall()
        return [LogEntry(*r) for r in rows]

    @staticmethod
    def _profile(row) -> SyncProfile:
        return SyncProfile(row[0], row[1], bool(row[2]), tuple(json.loads(row[3])), bool(row[4]), bool(row[5]), row[6])
