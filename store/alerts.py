"""The alert centre's rows (issue 17): what the car, the home, the services, the PINs and driver
assistance told the driver, each with its time and source, read or not; and navigation's saved and
recent places. Rows in, dataclasses out; the rules (dedup, pruning, who raises what) are in
tui/controller/alerts.py and tui/controller/navigation.py."""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True)
class AlertRow:
    id: int
    at: str  # ISO time, the driver's clock (last time it was raised)
    source: str  # car | home | services | security | assist | navigation
    kind: str  # a short id of what it is ("tyre_low", "alarm", "handover"...)
    severity: str  # information | warning | error
    text: str
    read: bool
    count: int  # raised again while unread: counted, not a new row
    vin: str | None


COLUMNS = "id, at, source, kind, severity, text, read, count, vin"


def _row(r) -> AlertRow:
    return AlertRow(r[0], r[1], r[2], r[3], r[4], r[5], bool(r[6]), r[7], r[8])


class AlertQueries:
    def __init__(self, db):
        self.db = db

    def add(self, at: str, source: str, kind: str, severity: str, text: str, vin: str | None) -> int:
        cur = self.db.execute(
            "INSERT INTO alerts (at, source, kind, severity, text, read, count, vin) VALUES (?, ?, ?, ?, ?, 0, 1, ?)",
            [at, source, kind, severity, text, vin])
        return cur.lastrowid

    def unread_same(self, source: str, kind: str, text: str) -> AlertRow | None:
        r = self.db.execute(f"SELECT {COLUMNS} FROM alerts WHERE read = 0 AND source = ? AND kind = ? AND text = ? "
                            "ORDER BY id DESC LIMIT 1", [source, kind, text]).fetchone()
        return _row(r) if r else None

    def bump(self, alert_id: int, at: str) -> None:
        self.db.execute("UPDATE alerts SET count = count + 1, at = ? WHERE id = ?", [at, alert_id])

    def get(self, alert_id: int) -> AlertRow | None:
        r = self.db.execute(f"SELECT {COLUMNS} FROM alerts WHERE id = ?", [alert_id]).fetchone()
        return _row(r) if r else None

    def newest(self, source: str | None = None, unread_only: bool = False, limit: int = 200) -> list[AlertRow]:
        where, args = [], []
        if source:
            where.append("source = ?")
            args.append(source)
        if unread_only:
            where.append("read = 0")
        sql = f"SELECT {COLUMNS} FROM alerts" + (" WHERE " + " AND ".join(where) if where else "")
        return [_row(r) for r in self.db.execute(sql + " ORDER BY at DESC, id DESC LIMIT ?", [*args, limit])]

    def unread_count(self) -> int:
        return self.db.execute("SELECT count(*) FROM alerts WHERE read = 0").fetchone()[0]

    def mark_read(self, alert_id: int | None = None, source: str | None = None) -> int:
        """One alert, every alert of a source, or all of them (both None); how many were unread."""
        if alert_id is not None:
            cur = self.db.execute("UPDATE alerts SET read = 1 WHERE id = ? AND read = 0", [alert_id])
        elif source:
            cur = self.db.execute("UPDATE alerts SET read = 1 WHERE source = ? AND read = 0", [source])
        else:
            cur = self.db.execute("UPDATE alerts SET read = 1 WHERE read = 0")
        return cur.rowcount

    def prune(self, keep: int, before: str) -> int:
        """Drop alerts older than `before`, and all but the newest `keep`."""
        n = self.db.execute("DELETE FROM alerts WHERE at < ?", [before]).rowcount
        n += self.db.execute("DELETE FROM alerts WHERE id NOT IN (SELECT id FROM alerts ORDER BY id DESC LIMIT ?)",
                             [keep]).rowcount
        return n

    def sources(self) -> list[str]:
        return [r[0] for r in self.db.execute("SELECT DISTINCT source FROM alerts ORDER BY source")]


@dataclass(frozen=True)
class PlaceRow:
    id: int
    name: str
    latitude: float
    longitude: float
    kind: str  # saved | recent | home | work
    used_at: str | None


class PlaceQueries:
    """Navigation's places: saved ones (home and work among them) and recent destinations."""

    def __init__(self, db):
        self.db = db

    def all(self, kind: str | None = None) -> list[PlaceRow]:
        sql = "SELECT id, name, latitude, longitude, kind, used_at FROM nav_places"
        args = []
        if kind:
            sql += " WHERE kind = ?"
            args.append(kind)
        return [PlaceRow(*r) for r in self.db.execute(sql + " ORDER BY used_at DESC, id DESC", args)]

    def by_name(self, name: str) -> PlaceRow | None:
        r = self.db.execute("SELECT id, name, latitude, longitude, kind, used_at FROM nav_places "
                            "WHERE lower(name) = lower(?) ORDER BY kind = 'recent' LIMIT 1", [name]).fetchone()
        return PlaceRow(*r) if r else None

    def put(self, name: str, latitude: float, longitude: float, kind: str, used_at: str | None) -> None:
        self.db.execute(
            "INSERT INTO nav_places (name, latitude, longitude, kind, used_at) VALUES (?, ?, ?, ?, ?) "
            "ON CONFLICT(name, kind) DO UPDATE SET latitude = excluded.latitude, longitude = excluded.longitude, "
            "used_at = coalesce(excluded.used_at, nav_places.used_at)",
            [name, latitude, longitude, kind, used_at])

    def delete(self, place_id: int) -> None:
        self.db.execute("DELETE FROM nav_places WHERE id = ?", [place_id])

    def prune_recent(self, keep: int) -> None:
        self.db.execute("DELETE FROM nav_places WHERE kind = 'recent' AND id NOT IN "
                        "(SELECT id FROM nav_places WHERE kind = 'recent' ORDER BY used_at DESC LIMIT ?)", [keep])
