"""Schema migrations: small numbered functions, applied in order by sqlite_utils.Migrations.

Never edit a migration that has shipped; add the next number instead. Each domain issue owns a
range of numbers so parallel work does not collide: 001-009 foundation, 010-019 profiles,
020-029 vehicle controls and drive, 030-039 smart home, 040-049 media and services,
050-059 assistant, 060-069 updates.
"""

from __future__ import annotations

from sqlite_utils import Migrations

migrations = Migrations("smartcockpit")


@migrations(name="m001_core")
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
    return [m.name for m in migrations._migrations]


# ---------------------------------------------------------------- 010-019 profiles (issue 3)

# ---------------------------------------------------------------- 020-029 vehicle controls and drive (issue 4)

# ---------------------------------------------------------------- 040-049 media and services (issue 7)


@migrations(name="m040_media")
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


@migrations(name="m041_services")
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


@migrations(name="m042_ledger")
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

# ---------------------------------------------------------------- 030-039 smart home and routines (issue 5)

# ---------------------------------------------------------------- 050-059 assistant (issue 6)


@migrations(name="m050_assistant_requests")
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
