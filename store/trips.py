"""Trips and charging sessions: rows in, dataclasses out (the rules are in tui/controller/trips.py
and tui/controller/charging.py). Times are UTC ISO strings."""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True)
class Trip:
    id: int
    vin: str
    started_at: str
    ended_at: str | None
    start_place: str
    end_place: str
    start_odometer_m: float | None
    distance_m: float
    duration_s: float
    start_soc: float | None
    start_fuel: float | None
    energy_kwh: float | None
    fuel_l: float | None


@dataclass(frozen=True)
class ChargeSession:
    id: int
    vin: str
    started_at: str
    ended_at: str | None
    place: str
    from_soc: float
    to_soc: float
    energy_kwh: float


TRIP_COLUMNS = ("id, vin, started_at, ended_at, start_place, end_place, start_odometer_m, distance_m, duration_s, "
                "start_soc, start_fuel, energy_kwh, fuel_l")
SESSION_COLUMNS = "id, vin, started_at, ended_at, place, from_soc, to_soc, energy_kwh"


class TripQueries:
    def __init__(self, db):
        self.db = db

    def open(self, vin: str, started_at: str, place: str, odometer_m, soc, fuel) -> int:
        cur = self.db.execute(
            "INSERT INTO trips (vin, started_at, start_place, start_odometer_m, start_soc, start_fuel) "
            "VALUES (?, ?, ?, ?, ?, ?)", [vin, started_at, place, odometer_m, soc, fuel])
        return cur.lastrowid

    def current(self, vin: str) -> Trip | None:
        """The trip still open (started, not ended) on this car, if any."""
        row = self.db.execute(f"SELECT {TRIP_COLUMNS} FROM trips WHERE vin = ? AND ended_at IS NULL "
                              "ORDER BY id DESC LIMIT 1", [vin]).fetchone()
        return Trip(*row) if row else None

    def close(self, trip_id: int, ended_at: str, place: str, distance_m: float, duration_s: float,
              energy_kwh, fuel_l) -> None:
        self.db.execute(
            "UPDATE trips SET ended_at = ?, end_place = ?, distance_m = ?, duration_s = ?, energy_kwh = ?, fuel_l = ? "
            "WHERE id = ?", [ended_at, place, distance_m, duration_s, energy_kwh, fuel_l, trip_id])

    def list(self, vin: str, limit: int = 50, offset: int = 0, since: str | None = None) -> list[Trip]:
        """Ended trips, newest first."""
        rows = self.db.execute(
            f"SELECT {TRIP_COLUMNS} FROM trips WHERE vin = ? AND ended_at IS NOT NULL AND started_at >= ? "
            "ORDER BY started_at DESC, id DESC LIMIT ? OFFSET ?", [vin, since or "", limit, offset]).fetchall()
        return [Trip(*r) for r in rows]

    def count(self, vin: str) -> int:
        return self.db.execute("SELECT count(*) FROM trips WHERE vin = ? AND ended_at IS NOT NULL",
                               [vin]).fetchone()[0]

    def totals(self, vin: str, since: str, until: str) -> tuple[int, float, float, float, float]:
        """(trips, metres, seconds, kWh, litres) of the trips that started in [since, until)."""
        row = self.db.execute(
            "SELECT count(*), coalesce(sum(distance_m), 0), coalesce(sum(duration_s), 0), "
            "coalesce(sum(energy_kwh), 0), coalesce(sum(fuel_l), 0) FROM trips "
            "WHERE vin = ? AND ended_at IS NOT NULL AND started_at >= ? AND started_at < ?",
            [vin, since, until]).fetchone()
        return tuple(row)


class ChargeSessionQueries:
    def __init__(self, db):
        self.db = db

    def open(self, vin: str, started_at: str, place: str, soc: float) -> int:
        cur = self.db.execute("INSERT INTO charge_sessions (vin, started_at, place, from_soc, to_soc) "
                              "VALUES (?, ?, ?, ?, ?)", [vin, started_at, place, soc, soc])
        return cur.lastrowid

    def current(self, vin: str) -> ChargeSession | None:
        row = self.db.execute(f"SELECT {SESSION_COLUMNS} FROM charge_sessions WHERE vin = ? AND ended_at IS NULL "
                              "ORDER BY id DESC LIMIT 1", [vin]).fetchone()
        return ChargeSession(*row) if row else None

    def update(self, session_id: int, to_soc: float, energy_kwh: float, ended_at: str | None = None) -> None:
        self.db.execute("UPDATE charge_sessions SET to_soc = ?, energy_kwh = ?, ended_at = ? WHERE id = ?",
                        [to_soc, energy_kwh, ended_at, session_id])

    def list(self, vin: str, limit: int = 50, offset: int = 0) -> list[ChargeSession]:
        rows = self.db.execute(f"SELECT {SESSION_COLUMNS} FROM charge_sessions WHERE vin = ? "
                               "ORDER BY started_at DESC, id DESC LIMIT ? OFFSET ?", [vin, limit, offset]).fetchall()
        return [ChargeSession(*r) for r in rows]

    def count(self, vin: str) -> int:
        return self.db.execute("SELECT count(*) FROM charge_sessions WHERE vin = ?", [vin]).fetchone()[0]
