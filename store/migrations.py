"""Schema migrations: small numbered functions, applied in order by sqlite_utils.Migrations.

Never edit a migration that has shipped; add the next number instead. Each domain issue owns a
range of numbers so parallel work does not collide: 001-009 foundation, 010-019 profiles,
020-029 vehicle controls and drive, 030-039 smart home, 040-049 media and services,
050-059 assistant, 070-079 authority, 080-089 smart home over MQTT, 090-099 profile sync
over NATS, 100-109 software updates on the car, 110-119 the fleet and its rollouts.
"""

from __future__ import annotations

import functools
from typing import Callable

MIGRATION_SET = "smartcockpit"
_STEPS: list[tuple[str, Callable]] = []


def step(name: str):
    """Register the next numbered step (in the order of this file)."""
    def register(fn: Callable) -> Callable:
        _STEPS.append((name, fn))
        return fn

    return register


@functools.cache
def migrations():
    """The sqlite_utils.Migrations holding every step in order. Made on first need (a new file,
    an upgrade, `db check`): a database that is up to date opens without importing sqlite-utils,
    whose import costs about a tenth of the app's start-up (store/db.py, LazyDatabase)."""
    from sqlite_utils import Migrations

    made = Migrations(MIGRATION_SET)
    for name, fn in _STEPS:
        made(name=name)(fn)
    return made


@step("m001_core")
def m001_core(db):
    db.execute(
        """CREATE TABLE app_settings (
            key TEXT PRIMARY KEY,
            value TEXT NOT NULL
        )"""
    )
    db.execute(
        """CREATE TABLE signals (
            path TEXT PRIMARY KEY,
            datatype TEXT NOT NULL,
            type TEXT NOT NULL CHECK (type IN ('actuator', 'sensor', 'attribute')),
            unit TEXT,
            min REAL,
            max REAL,
            allowed TEXT,
            description TEXT,
            origin TEXT NOT NULL
        )"""
    )
    db.execute(
        """CREATE TABLE brands (
            id TEXT PRIMARY KEY,
            name TEXT NOT NULL UNIQUE,
            title TEXT NOT NULL,
            logo TEXT NOT NULL,
            market TEXT NOT NULL,
            currency TEXT NOT NULL,
            theme TEXT NOT NULL,
            rates TEXT NOT NULL
        )"""
    )
    db.execute(
        """CREATE TABLE models (
            id TEXT PRIMARY KEY,
            brand_id TEXT NOT NULL REFERENCES brands(id),
            name TEXT NOT NULL,
            model_year INTEGER NOT NULL,
            platform TEXT NOT NULL,
            architecture TEXT NOT NULL,
            powertrain TEXT NOT NULL,
            head_unit TEXT NOT NULL,
            features TEXT NOT NULL
        )"""
    )
    db.execute("CREATE INDEX models_brand ON models(brand_id)")
    db.execute(
        """CREATE TABLE model_signals (
            model_id TEXT NOT NULL REFERENCES models(id) ON DELETE CASCADE,
            path TEXT NOT NULL REFERENCES signals(path),
            min REAL,
            max REAL,
            step REAL,
            allowed TEXT,
            default_value TEXT,
            PRIMARY KEY (model_id, path)
        ) WITHOUT ROWID"""
    )
    db.execute(
        """CREATE TABLE vehicles (
            vin TEXT PRIMARY KEY,
            model_id TEXT NOT NULL REFERENCES models(id),
            nickname TEXT,
            created_at TEXT NOT NULL
        )"""
    )
    db.execute(
        """CREATE TABLE profiles (
            id INTEGER PRIMARY KEY,
            name TEXT NOT NULL UNIQUE COLLATE NOCASE,
            initials TEXT NOT NULL,
            colour TEXT NOT NULL,
            is_guest INTEGER NOT NULL DEFAULT 0,
            pin_hash TEXT,
            pin_salt TEXT,
            permissions TEXT NOT NULL DEFAULT '{"home_security": true, "purchases": true}',
            failed_pin_attempts INTEGER NOT NULL DEFAULT 0,
            locked_until REAL,
            created_at TEXT NOT NULL
        )"""
    )
    db.execute(
        """CREATE TABLE vehicle_state (
            vin TEXT NOT NULL REFERENCES vehicles(vin) ON DELETE CASCADE,
            path TEXT NOT NULL,
            value TEXT,
            updated_at TEXT NOT NULL,
            PRIMARY KEY (vin, path)
        ) WITHOUT ROWID"""
    )
    db.execute(
        """CREATE TABLE audit (
            id INTEGER PRIMARY KEY,
            vin TEXT NOT NULL,
            profile_id INTEGER,
            path TEXT NOT NULL,
            old TEXT,
            new TEXT,
            source TEXT NOT NULL,
            at TEXT NOT NULL,
            undone INTEGER NOT NULL DEFAULT 0
        )"""
    )
    db.execute("CREATE INDEX audit_vin ON audit(vin, id)")
    db.execute("CREATE INDEX audit_profile ON audit(profile_id, id)")


def known_names() -> list[str]:
    return [name for name, _ in _STEPS]


# ---------------------------------------------------------------- 010-019 profiles (issue 3)


@step("m010_profile_preferences")
def m010_profile_preferences(db):
    """A person's preferences keyed by VSS path (positions also as a share of the car's travel),
    changes waiting for "save to profile or restore?", the per-profile remember choice, the valet
    session with its PIN (salted hash, persistent lockout), and an index for a profile's history."""
    db.execute(
        """CREATE TABLE profile_prefs (
            profile_id INTEGER NOT NULL REFERENCES profiles(id) ON DELETE CASCADE,
            path TEXT NOT NULL,
            value TEXT NOT NULL,
            relative REAL,
            model_id TEXT,
            updated_at TEXT NOT NULL,
            PRIMARY KEY (profile_id, path)
        ) WITHOUT ROWID"""
    )
    db.execute(
        """CREATE TABLE profile_pending (
            profile_id INTEGER NOT NULL REFERENCES profiles(id) ON DELETE CASCADE,
            path TEXT NOT NULL,
            value TEXT NOT NULL,
            relative REAL,
            model_id TEXT,
            updated_at TEXT NOT NULL,
            PRIMARY KEY (profile_id, path)
        ) WITHOUT ROWID"""
    )
    db.execute("ALTER TABLE profiles ADD COLUMN remember TEXT NOT NULL DEFAULT 'auto'")
    db.execute(
        """CREATE TABLE valet (
            id INTEGER PRIMARY KEY CHECK (id = 1),
            profile_id INTEGER,
            pin_hash TEXT NOT NULL,
            pin_salt TEXT NOT NULL,
            failed_pin_attempts INTEGER NOT NULL DEFAULT 0,
            locked_until REAL,
            started_at TEXT NOT NULL
        )"""
    )
    # History shows what people changed (not the car's readings): a partial index keeps a page of
    # one profile's changes a short index walk even among millions of simulator rows.
    db.execute(
        "CREATE INDEX audit_profile_people ON audit(profile_id, id) "
        "WHERE source IN ('ui', 'assistant', 'routine', 'profile', 'cli', 'undo')"
    )

# ---------------------------------------------------------------- 020-029 vehicle controls and drive (issue 4)


@step("m020_seat_presets")
def m020_seat_presets(db):
    """Seat memory: up to three presets per profile and car, each the positions of the driver's
    seat, mirrors and steering wheel as VSS paths and values (JSON)."""
    db.execute(
        """CREATE TABLE seat_presets (
            profile_id INTEGER NOT NULL REFERENCES profiles(id) ON DELETE CASCADE,
            vin TEXT NOT NULL REFERENCES vehicles(vin) ON DELETE CASCADE,
            slot INTEGER NOT NULL CHECK (slot BETWEEN 1 AND 3),
            positions TEXT NOT NULL,
            saved_at TEXT NOT NULL,
            PRIMARY KEY (profile_id, vin, slot)
        ) WITHOUT ROWID"""
    )

# ---------------------------------------------------------------- 030-039 smart home and routines (issue 5)


@step("m030_home")
def m030_home(db):
    """The driver's home: where it is, its devices as Home Assistant style entities (domain.object_id,
    a state string and attributes), favourites (keys 1-6), scenes, and a log of what was asked of it."""
    db.execute(
        """CREATE TABLE home (
            id INTEGER PRIMARY KEY CHECK (id = 1),
            name TEXT NOT NULL,
            latitude REAL NOT NULL,
            longitude REAL NOT NULL,
            near_m REAL NOT NULL DEFAULT 300,
            backend TEXT NOT NULL DEFAULT 'simulated',
            presence TEXT,
            left_at REAL,
            arrived_at REAL
        )"""
    )
    db.execute(
        """CREATE TABLE home_entities (
            entity_id TEXT PRIMARY KEY,
            name TEXT NOT NULL,
            room TEXT NOT NULL DEFAULT '',
            device_class TEXT,
            state TEXT NOT NULL,
            attributes TEXT NOT NULL DEFAULT '{}',
            position INTEGER NOT NULL DEFAULT 0,
            updated_at REAL NOT NULL
        )"""
    )
    db.execute(
        """CREATE TABLE home_favourites (
            slot INTEGER PRIMARY KEY CHECK (slot BETWEEN 1 AND 6),
            kind TEXT NOT NULL CHECK (kind IN ('entity', 'scene')),
            target TEXT NOT NULL
        )"""
    )
    db.execute(
        """CREATE TABLE home_scenes (
            id INTEGER PRIMARY KEY,
            name TEXT NOT NULL UNIQUE COLLATE NOCASE,
            profile_id INTEGER REFERENCES profiles(id) ON DELETE CASCADE,
            actions TEXT NOT NULL,
            builtin INTEGER NOT NULL DEFAULT 0,
            created_at TEXT NOT NULL
        )"""
    )
    db.execute(
        """CREATE TABLE home_log (
            id INTEGER PRIMARY KEY,
            at TEXT NOT NULL,
            profile_id INTEGER,
            entity_id TEXT NOT NULL,
            service TEXT NOT NULL,
            data TEXT NOT NULL DEFAULT '{}',
            source TEXT NOT NULL,
            result TEXT NOT NULL
        )"""
    )


@step("m031_routines")
def m031_routines(db):
    """Routines (a trigger, conditions, actions; for one profile or everyone) and each run: what it
    did and why, or why it did nothing."""
    db.execute(
        """CREATE TABLE routines (
            id INTEGER PRIMARY KEY,
            name TEXT NOT NULL UNIQUE COLLATE NOCASE,
            profile_id INTEGER REFERENCES profiles(id) ON DELETE CASCADE,
            enabled INTEGER NOT NULL DEFAULT 1,
            trigger TEXT NOT NULL,
            conditions TEXT NOT NULL DEFAULT '[]',
            actions TEXT NOT NULL,
            builtin INTEGER NOT NULL DEFAULT 0,
            last_fired_at REAL,
            created_at TEXT NOT NULL
        )"""
    )
    db.execute(
        """CREATE TABLE routine_runs (
            id INTEGER PRIMARY KEY,
            routine_id INTEGER NOT NULL REFERENCES routines(id) ON DELETE CASCADE,
            at TEXT NOT NULL,
            why TEXT NOT NULL,
            outcome TEXT NOT NULL,
            did TEXT NOT NULL DEFAULT '[]',
            dry INTEGER NOT NULL DEFAULT 0
        )"""
    )
    db.execute("CREATE INDEX routine_runs_routine ON routine_runs(routine_id, id)")

# ---------------------------------------------------------------- 040-049 media and services (issue 7)


@step("m040_media")
def m040_media(db):
    """Radio presets and favourites per profile; the last item played per source per car."""
    db.execute(
        """CREATE TABLE media_presets (
            profile_id INTEGER NOT NULL REFERENCES profiles(id) ON DELETE CASCADE,
            band TEXT NOT NULL,
            slot INTEGER NOT NULL CHECK (slot BETWEEN 1 AND 6),
            station_id TEXT NOT NULL,
            PRIMARY KEY (profile_id, band, slot)
        ) WITHOUT ROWID"""
    )
    db.execute(
        """CREATE TABLE media_favourites (
            profile_id INTEGER NOT NULL REFERENCES profiles(id) ON DELETE CASCADE,
            uri TEXT NOT NULL,
            title TEXT NOT NULL,
            added_at TEXT NOT NULL,
            PRIMARY KEY (profile_id, uri)
        ) WITHOUT ROWID"""
    )
    db.execute(
        """CREATE TABLE media_positions (
            vin TEXT NOT NULL REFERENCES vehicles(vin) ON DELETE CASCADE,
            source TEXT NOT NULL,
            uri TEXT NOT NULL,
            PRIMARY KEY (vin, source)
        ) WITHOUT ROWID"""
    )


@step("m041_services")
def m041_services(db):
    """Purchases of connected services (trials, subscriptions, lifetime) and their receipts.
    Amounts are exact decimal strings in the currency of the car's market."""
    db.execute(
        """CREATE TABLE service_purchases (
            id INTEGER PRIMARY KEY,
            service_id TEXT NOT NULL,
            plan TEXT NOT NULL CHECK (plan IN ('trial', 'monthly', 'yearly', 'lifetime')),
            profile_id INTEGER REFERENCES profiles(id) ON DELETE SET NULL,
            vin TEXT NOT NULL,
            brand_id TEXT NOT NULL,
            transfer TEXT NOT NULL CHECK (transfer IN ('car', 'profile')),
            currency TEXT NOT NULL,
            price TEXT NOT NULL,
            started_at TEXT NOT NULL,
            period_start TEXT NOT NULL,
            period_end TEXT,
            anchor_day INTEGER NOT NULL,
            auto_renew INTEGER NOT NULL DEFAULT 0,
            then_plan TEXT,
            status TEXT NOT NULL CHECK (status IN ('active', 'ended', 'cancelled')),
            ended_at TEXT
        )"""
    )
    db.execute("CREATE INDEX service_purchases_status ON service_purchases(status, service_id)")
    db.execute("CREATE INDEX service_purchases_profile ON service_purchases(profile_id, id)")
    db.execute(
        """CREATE TABLE service_receipts (
            id INTEGER PRIMARY KEY,
            purchase_id INTEGER NOT NULL REFERENCES service_purchases(id),
            profile_id INTEGER,
            vin TEXT NOT NULL,
            service_id TEXT NOT NULL,
            kind TEXT NOT NULL CHECK (kind IN ('trial', 'charge', 'renewal', 'refund', 'trial_end', 'expiry')),
            plan TEXT NOT NULL,
            amount TEXT NOT NULL,
            currency TEXT NOT NULL,
            at TEXT NOT NULL,
            period_start TEXT,
            period_end TEXT,
            note TEXT NOT NULL DEFAULT ''
        )"""
    )
    db.execute("CREATE INDEX service_receipts_profile ON service_receipts(profile_id, id)")


@step("m042_ledger")
def m042_ledger(db):
    """Every money movement between the driver, the software provider and the automakers, and
    the cars the automakers pay an access fee for."""
    db.execute(
        """CREATE TABLE ledger_entries (
            id INTEGER PRIMARY KEY,
            at TEXT NOT NULL,
            month TEXT NOT NULL,
            kind TEXT NOT NULL CHECK (kind IN ('sale', 'renewal', 'refund', 'access_fee', 'incentive')),
            payer TEXT NOT NULL,
            payee TEXT NOT NULL,
            amount TEXT NOT NULL,
            currency TEXT NOT NULL,
            brand_id TEXT NOT NULL,
            vin TEXT,
            profile_id INTEGER,
            service_id TEXT,
            receipt_id INTEGER,
            note TEXT NOT NULL DEFAULT ''
        )"""
    )
    db.execute("CREATE INDEX ledger_entries_month ON ledger_entries(month, brand_id)")
    db.execute(
        """CREATE TABLE ledger_fleet (
            vin TEXT PRIMARY KEY,
            brand_id TEXT NOT NULL,
            first_month TEXT NOT NULL
        ) WITHOUT ROWID"""
    )

# ---------------------------------------------------------------- 050-059 assistant (issue 6)


@step("m050_assistant_requests")
def m050_assistant_requests(db):
    """What was asked of the assistant (Up recalls it), what it understood and answered, and a
    question waiting for an answer (numbered choices or yes/no; never a PIN)."""
    db.execute(
        """CREATE TABLE assistant_requests (
            id INTEGER PRIMARY KEY,
            profile_id INTEGER REFERENCES profiles(id) ON DELETE CASCADE,
            vin TEXT NOT NULL,
            text TEXT NOT NULL,
            intent TEXT,
            slots TEXT NOT NULL DEFAULT '{}',
            reply TEXT NOT NULL,
            acted INTEGER NOT NULL DEFAULT 0,
            pending TEXT,
            at TEXT NOT NULL
        )"""
    )
    db.execute("CREATE INDEX assistant_requests_profile ON assistant_requests(profile_id, id)")

# ---------------------------------------------------------------- 070-079 authority (issue 14)


@step("m070_authority")
def m070_authority(db):
    """One owner per car's database, no rights for the Guest, and one record of wrong PIN tries
    per PIN (a profile's, valet's, the operator's) with escalating lockouts.

    The owner is the first person's profile (the lowest id that is not the Guest). Profiles made
    before this release keep the rights they had (the owner made them); the Guest loses any: it
    must never unlock a door or spend money."""
    db.execute("ALTER TABLE profiles ADD COLUMN is_owner INTEGER NOT NULL DEFAULT 0")
    db.execute("UPDATE profiles SET is_owner = 1 WHERE id = (SELECT min(id) FROM profiles WHERE is_guest = 0)")
    db.execute("""UPDATE profiles SET permissions = '{"home_security": false, "purchases": false}' WHERE is_guest = 1""")
    db.execute(
        """CREATE TABLE pin_guards (
            subject TEXT PRIMARY KEY,
            failed INTEGER NOT NULL DEFAULT 0,
            lockouts INTEGER NOT NULL DEFAULT 0,
            locked_until REAL
        ) WITHOUT ROWID"""
    )
    db.execute(
        "INSERT INTO pin_guards (subject, failed, lockouts, locked_until) "
        "SELECT 'profile:' || id, failed_pin_attempts, CASE WHEN locked_until IS NULL THEN 0 ELSE 1 END, locked_until "
        "FROM profiles WHERE failed_pin_attempts > 0 OR locked_until IS NOT NULL"
    )


# The steps from 080 on (the connected car: sync, updates, the fleet, trips and charging, alerts
# and places) live in store/migrations_connected.py, registered here, after the ones above.
from store import migrations_connected  # noqa: E402,F401
