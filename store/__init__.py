"""Persistence: SQLite through sqlite-utils. Tables and rows in, dataclasses out; no rules."""

from __future__ import annotations

import sqlite3
from contextlib import contextmanager
from datetime import datetime
from functools import cached_property
from pathlib import Path
from typing import TYPE_CHECKING

from store.db import DamagedDatabaseError, NewerDatabaseError, StoreError, sqlite_error, UserError, backup, backups, check_path, connect, describe_sqlite_error, integrity, peek, read_schema, restore

if TYPE_CHECKING:  # the query objects' types (imported for real on first use)
    from store.audit import AuditQueries
    from store.catalog_queries import CatalogQueries
    from store.fleet import FleetQueries
    from store.home import HomeQueries
    from store.home_connection import HomeConnectionFile
    from store.ledger import LedgerQueries
    from store.media import MediaQueries
    from store.pins import PinGuardQueries
    from store.profiles import ProfileQueries
    from store.routines import RoutineQueries
    from store.services import ServiceQueries
    from store.updates import UpdateQueries
    from store.trips import ChargeSessionQueries, TripQueries
    from store.settings import SettingsQueries
    from store.vehicle_controls import SeatPresetQueries
    from store.vehicles import StateQueries, VehicleQueries

__all__ = ["Store", "StoreError", "UserError", "NewerDatabaseError", "DamagedDatabaseError", "open_store", "backups", "restore"]


class Store:
    """An open database with one query object per domain."""

    def __init__(self, db, path: Path, backup_path: Path | None = None):
        self.db = db
        self.path = path
        self.backup_path = backup_path  # the copy made before the last migration, if any

    # One query object per domain, typed, made on first use (functools.cached_property): start-up
    # loads only the modules it reads.
    @cached_property
    def catalog(self) -> CatalogQueries:
        from store.catalog_queries import CatalogQueries
        return CatalogQueries(self.db)

    @cached_property
    def vehicles(self) -> VehicleQueries:
        from store.vehicles import VehicleQueries
        return VehicleQueries(self.db)

    @cached_property
    def state(self) -> StateQueries:
        from store.vehicles import StateQueries
        return StateQueries(self.db)

    @cached_property
    def audit(self) -> AuditQueries:
        from store.audit import AuditQueries
        return AuditQueries(self.db)

    @cached_property
    def settings(self) -> SettingsQueries:
        from store.settings import SettingsQueries
        return SettingsQueries(self.db)

    @cached_property
    def profiles(self) -> ProfileQueries:
        from store.profiles import ProfileQueries
        return ProfileQueries(self.db)

    @cached_property
    def pins(self) -> PinGuardQueries:  # wrong PIN tries and lockouts (issue 14)
        from store.pins import PinGuardQueries
        return PinGuardQueries(self.db)

    @cached_property
    def seat_presets(self) -> SeatPresetQueries:  # vehicle controls (issue 4)
        from store.vehicle_controls import SeatPresetQueries
        return SeatPresetQueries(self.db)

    @cached_property
    def home(self) -> HomeQueries:  # smart home and routines (issue 5)
        from store.home import HomeQueries
        return HomeQueries(self.db)

    @cached_property
    def routines(self) -> RoutineQueries:
        from store.routines import RoutineQueries
        return RoutineQueries(self.db)

    @cached_property
    def media(self) -> MediaQueries:  # media and services (issue 7)
        from store.media import MediaQueries
        return MediaQueries(self.db)

    @cached_property
    def services(self) -> ServiceQueries:
        from store.services import ServiceQueries
        return ServiceQueries(self.db)

    @cached_property
    def ledger(self) -> LedgerQueries:
        from store.ledger import LedgerQueries
        return LedgerQueries(self.db)

    # -- smart home over MQTT (issue 18)
    @cached_property
    def home_connection(self) -> HomeConnectionFile:
        """The broker connection, in a 0600 file beside the database (never in it)."""
        from store.home_connection import HomeConnectionFile
        return HomeConnectionFile(self.path)

    # -- profile sync over NATS (issue 19)
    @cached_property
    def sync(self) -> "SyncQueries":
        from store.sync import SyncQueries
        return SyncQueries(self.db)

    # -- software updates on the car (issue 20)
    @cached_property
    def updates(self) -> UpdateQueries:
        from store.updates import UpdateQueries
        return UpdateQueries(self.db)

    # -- the fleet and its rollouts (issue 20)
    @cached_property
    def fleet(self) -> FleetQueries:
        from store.fleet import FleetQueries
        return FleetQueries(self.db)

    # -- alerts and navigation (issue 17)
    @cached_property
    def alerts(self) -> "AlertQueries":
        from store.alerts import AlertQueries
        return AlertQueries(self.db)

    @cached_property
    def places(self) -> "PlaceQueries":
        from store.alerts import PlaceQueries
        return PlaceQueries(self.db)

    @cached_property
    def handover(self) -> "HandoverQueries":  # the Level 3 take-over, seen by every process (issue 17)
        from store.handover import HandoverQueries
        return HandoverQueries(self.db)

    # -- trips and charging (issue 17)
    @cached_property
    def trips(self) -> TripQueries:
        from store.trips import TripQueries
        return TripQueries(self.db)

    @cached_property
    def charge_sessions(self) -> ChargeSessionQueries:
        from store.trips import ChargeSessionQueries
        return ChargeSessionQueries(self.db)

    @contextmanager
    def write(self):
        """One write transaction. Takes the write lock up front (BEGIN IMMEDIATE) so that two
        processes on one file wait for each other instead of failing; nests as a savepoint."""
        conn = self.db.conn
        if conn.in_transaction:
            with self.db.atomic():
                yield self
            return
        try:
            conn.execute("BEGIN IMMEDIATE")
        except sqlite3.OperationalError as exc:
            raise sqlite_error(self.path, exc) from None
        try:
            yield self
        except sqlite3.DatabaseError as exc:
            if conn.in_transaction:
                conn.execute("ROLLBACK")
            raise sqlite_error(self.path, exc) from None
        except BaseException:
            if conn.in_transaction:
                conn.execute("ROLLBACK")
            raise
        else:
            try:
                conn.execute("COMMIT")
            except sqlite3.OperationalError as exc:
                if conn.in_transaction:
                    conn.execute("ROLLBACK")
                raise sqlite_error(self.path, exc) from None

    def data_version(self) -> int:
        """Changes when another connection commits: cheap to poll."""
        return self.db.execute("PRAGMA data_version").fetchone()[0]

    def schema_version(self) -> int:
        return len(read_schema(self.db.conn)[0])

    def check(self) -> list[str]:
        return integrity(self.db)

    def backup_now(self) -> Path:
        stamp = datetime.now().strftime("%Y%m%d-%H%M%S")
        return backup(self.db, self.path.with_name(f"{self.path.name}.manual-{stamp}.bak"))

    def close(self) -> None:
        self.db.close()


def _refuse_foreign_or_newer(path: Path, applied: list[str], tables: list[str]) -> None:
    from store.migrations import known_names

    unknown = [name for name in applied if name not in known_names()]
    if unknown:
        raise NewerDatabaseError(
            f"{path} was written by a newer SmartCockpit (schema steps {', '.join(unknown)}). "
            "Update SmartCockpit to open it; the file was left untouched."
        )
    if not applied and [t for t in tables if not t.startswith("sqlite_") and t != "_sqlite_migrations"]:
        raise StoreError(f"{path} is an SQLite file from another program. It was left untouched.")


def open_store(path: str | Path) -> Store:
    """Open (creating if needed), check, back up if an upgrade is due, migrate, load catalogs."""
    from store import catalog
    from store.catalog_queries import load as load_catalog
    from store.migrations import known_names, migrations

    path = Path(path).expanduser()
    check_path(path)
    existed = path.exists() and path.stat().st_size > 0
    if existed:
        seen = peek(path)  # a file not yet in WAL mode is judged before connect() switches it
        if seen is not None:
            _refuse_foreign_or_newer(path, *seen)
    db = connect(path)
    backup_path = None
    try:
        applied, tables = read_schema(db.conn) if existed else ([], [])
        _refuse_foreign_or_newer(path, applied, tables)
        if applied != known_names():  # a new file or an upgrade: sqlite-utils applies what is missing
            pending = migrations().pending(db.database)
            if existed and pending:
                stamp = datetime.now().strftime("%Y%m%d-%H%M%S")
                backup_path = backup(db, path.with_name(f"{path.name}.schema{len(applied)}-{stamp}.bak"))
            if pending:
                migrations().apply(db.database)
        store = Store(db, path, backup_path)
        if store.settings.get("catalog_version") != catalog.catalog_version():
            load_catalog(db.database)
        return store
    except StoreError:
        db.close()
        raise
    except sqlite3.DatabaseError as exc:
        db.close()
        raise sqlite_error(path, exc) from None
