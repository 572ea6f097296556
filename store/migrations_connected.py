"""Schema steps 080 onwards: the connected car (profile sync, software updates, the fleet, trips and
charging, alerts and places). Registered by store/migrations.py after its own steps, in this
file's order. Never edit a step that has shipped; add the next number under its range."""

from __future__ import annotations

from store.migrations import step


# -- 080-089 smart home over MQTT (issue 18)


# -- 090-099 profile sync over NATS (issue 19)


@step("m090_profile_sync")
def m090_profile_sync(db):
    """Profiles that roam: the car's account (its secret stays here), each profile's consent and
    its id across cars, an outbox of changes not yet sent (filled in the change's transaction),
    what this car last knew of each synced setting (with its hybrid logical clock), conflicts the
    driver settles, the cars of the account, and a log of every upload and refusal."""
    db.execute(
        """CREATE TABLE sync_account (
            id INTEGER PRIMARY KEY CHECK (id = 1),
            url TEXT,
            secret TEXT,
            car_id TEXT NOT NULL,
            hlc TEXT NOT NULL DEFAULT '',
            registered INTEGER NOT NULL DEFAULT 0,
            joined_at TEXT,
            last_sync TEXT
        )"""
    )
    db.execute(
        """CREATE TABLE sync_profiles (
            profile_id INTEGER PRIMARY KEY REFERENCES profiles(id) ON DELETE CASCADE,
            uid TEXT NOT NULL UNIQUE,
            enabled INTEGER NOT NULL DEFAULT 0,
            groups TEXT NOT NULL DEFAULT '["comfort", "media"]',
            share_pin INTEGER NOT NULL DEFAULT 0,
            locked INTEGER NOT NULL DEFAULT 0,
            doc_hlc TEXT NOT NULL DEFAULT ''
        )"""
    )
    for table in ("sync_outbox", "sync_shadow"):
        db.execute(
            f"""CREATE TABLE {table} (
                profile_id INTEGER NOT NULL REFERENCES profiles(id) ON DELETE CASCADE,
                path TEXT NOT NULL,
                value TEXT NOT NULL,
                relative REAL,
                model_id TEXT,
                hlc TEXT NOT NULL,
                PRIMARY KEY (profile_id, path)
            ) WITHOUT ROWID"""
        )
    db.execute(
        """CREATE TABLE sync_conflicts (
            id INTEGER PRIMARY KEY,
            profile_id INTEGER NOT NULL REFERENCES profiles(id) ON DELETE CASCADE,
            path TEXT NOT NULL,
            local_value TEXT NOT NULL,
            local_hlc TEXT NOT NULL,
            remote_value TEXT NOT NULL,
            remote_hlc TEXT NOT NULL,
            chosen TEXT NOT NULL,
            resolved INTEGER NOT NULL DEFAULT 0,
            at TEXT NOT NULL
        )"""
    )
    db.execute(
        """CREATE TABLE sync_cars (
            car_id TEXT PRIMARY KEY,
            title TEXT NOT NULL,
            seen_at TEXT NOT NULL
        )"""
    )
    db.execute(
        """CREATE TABLE sync_log (
            id INTEGER PRIMARY KEY,
            at TEXT NOT NULL,
            kind TEXT NOT NULL,
            profile_id INTEGER,
            detail TEXT NOT NULL
        )"""
    )


@step("m091_sync_forgotten")
def m091_sync_forgotten(db):
    """A profile deleted on this car stays deleted here: its id across cars is kept (a trigger on
    the cascade that removes its sync row), and what arrives for it is not taken."""
    db.execute("CREATE TABLE sync_forgotten (uid TEXT PRIMARY KEY, at TEXT NOT NULL) WITHOUT ROWID")
    db.execute(
        """CREATE TRIGGER sync_profile_forgotten AFTER DELETE ON sync_profiles
           BEGIN
               INSERT OR IGNORE INTO sync_forgotten (uid, at) VALUES (OLD.uid, datetime('now'));
           END"""
    )


# -- 100-109 software updates on the car (issue 20)


@step("m100_updates")
def m100_updates(db):
    """Software updates on the car: each component's A/B slots (which version each holds, and
    whether it is bootable), the active slot, install jobs (one open per component, every step a
    committed state) and the history of what was installed, failed or rolled back."""
    db.execute(
        """CREATE TABLE update_components (
            vin TEXT NOT NULL,
            component TEXT NOT NULL,
            active_slot TEXT NOT NULL CHECK (active_slot IN ('A', 'B')),
            PRIMARY KEY (vin, component)
        )"""
    )
    db.execute(
        """CREATE TABLE update_slots (
            vin TEXT NOT NULL,
            component TEXT NOT NULL,
            slot TEXT NOT NULL CHECK (slot IN ('A', 'B')),
            version TEXT,
            sha256 TEXT,
            state TEXT NOT NULL CHECK (state IN ('ok', 'writing', 'empty')),
            PRIMARY KEY (vin, component, slot)
        ) WITHOUT ROWID"""
    )
    db.execute(
        """CREATE TABLE update_jobs (
            id INTEGER PRIMARY KEY,
            vin TEXT NOT NULL,
            component TEXT NOT NULL,
            version TEXT NOT NULL,
            from_version TEXT,
            target TEXT NOT NULL,
            state TEXT NOT NULL,
            slot TEXT,
            done_bytes INTEGER NOT NULL DEFAULT 0,
            total_bytes INTEGER NOT NULL DEFAULT 0,
            started_at REAL,
            not_before TEXT,
            message TEXT NOT NULL DEFAULT '',
            created_at TEXT NOT NULL,
            finished_at TEXT
        )"""
    )
    db.execute("CREATE UNIQUE INDEX update_jobs_one_open ON update_jobs (vin, component) WHERE finished_at IS NULL")
    db.execute(
        """CREATE TABLE update_history (
            id INTEGER PRIMARY KEY,
            vin TEXT NOT NULL,
            component TEXT NOT NULL,
            at TEXT NOT NULL,
            from_version TEXT,
            to_version TEXT NOT NULL,
            outcome TEXT NOT NULL,
            message TEXT NOT NULL DEFAULT ''
        )"""
    )
    db.execute("CREATE INDEX update_history_car ON update_history (vin, component, id)")


# -- 110-119 the fleet and its rollouts (issue 20)


@step("m110_fleet")
def m110_fleet(db):
    """The operator's simulated fleet (one row per car, its installed version of each component),
    releases with their compatibility rules, and rollouts: groups, and one target row per car with
    its group, state and the releases it installs (its resolved dependency chain)."""
    db.execute(
        """CREATE TABLE fleet_cars (
            id INTEGER PRIMARY KEY,
            vin TEXT NOT NULL UNIQUE,
            brand_id TEXT NOT NULL,
            model_id TEXT NOT NULL,
            platform TEXT NOT NULL,
            architecture TEXT NOT NULL,
            region TEXT NOT NULL,
            head_unit TEXT NOT NULL,
            driver_assistance TEXT NOT NULL,
            battery_management TEXT NOT NULL,
            connectivity TEXT NOT NULL,
            language_pack TEXT NOT NULL
        )"""
    )
    db.execute(
        """CREATE TABLE fleet_releases (
            id INTEGER PRIMARY KEY,
            component TEXT NOT NULL,
            version TEXT NOT NULL,
            notes TEXT NOT NULL DEFAULT '',
            rules TEXT NOT NULL DEFAULT '{}',
            created_at TEXT NOT NULL,
            UNIQUE (component, version)
        )"""
    )
    db.execute(
        """CREATE TABLE fleet_rollouts (
            id INTEGER PRIMARY KEY,
            name TEXT NOT NULL,
            release_id INTEGER NOT NULL REFERENCES fleet_releases(id),
            filter TEXT NOT NULL DEFAULT '{}',
            status TEXT NOT NULL CHECK (status IN ('ready', 'running', 'paused', 'finished', 'cancelled')),
            pause_reason TEXT NOT NULL DEFAULT '',
            success_threshold REAL NOT NULL,
            error_threshold REAL NOT NULL,
            error_min_finished INTEGER NOT NULL,
            approval INTEGER NOT NULL DEFAULT 0,
            skipped TEXT NOT NULL DEFAULT '{}',
            created_at TEXT NOT NULL,
            updated_at TEXT NOT NULL
        )"""
    )
    db.execute(
        """CREATE TABLE fleet_groups (
            rollout_id INTEGER NOT NULL REFERENCES fleet_rollouts(id) ON DELETE CASCADE,
            group_no INTEGER NOT NULL,
            name TEXT NOT NULL,
            spec TEXT NOT NULL DEFAULT '{}',
            status TEXT NOT NULL CHECK (status IN ('scheduled', 'running', 'finished', 'cancelled')),
            total INTEGER NOT NULL DEFAULT 0,
            errors_acknowledged INTEGER NOT NULL DEFAULT 0,
            started_at TEXT,
            PRIMARY KEY (rollout_id, group_no)
        ) WITHOUT ROWID"""
    )
    db.execute(
        """CREATE TABLE fleet_targets (
            rollout_id INTEGER NOT NULL,
            car_id INTEGER NOT NULL,
            group_no INTEGER NOT NULL,
            status TEXT NOT NULL CHECK (status IN ('scheduled', 'running', 'finished', 'error', 'cancelled')),
            plan TEXT NOT NULL,
            attempts INTEGER NOT NULL DEFAULT 0,
            delivered INTEGER NOT NULL DEFAULT 0,
            detail TEXT NOT NULL DEFAULT '',
            PRIMARY KEY (rollout_id, car_id)
        ) WITHOUT ROWID"""
    )
    db.execute("CREATE INDEX fleet_targets_group ON fleet_targets(rollout_id, group_no, status)")


@step("m111_fleet_targets_lean")
def m111_fleet_targets_lean(db):
    """Planning writes one target row per car (100,000 at a time): the second index on them cost a
    third of that write and no query needs it (every one starts from the rollout, the key's prefix)."""
    db.execute("DROP INDEX IF EXISTS fleet_targets_group")


# -- 120-129 trips and charging (issue 17)
@step("m120_trips_and_charging")
def m120_trips_and_charging(db):
    """Every drive is a trip (a row opened when the drive starts, closed when the car parks) and
    every charge a session (opened when energy starts to flow, closed when it stops)."""
    db.execute(
        """CREATE TABLE trips (
            id INTEGER PRIMARY KEY,
            vin TEXT NOT NULL,
            started_at TEXT NOT NULL,
            ended_at TEXT,
            start_place TEXT NOT NULL DEFAULT '',
            end_place TEXT NOT NULL DEFAULT '',
            start_odometer_m REAL,
            distance_m REAL NOT NULL DEFAULT 0,
            duration_s REAL NOT NULL DEFAULT 0,
            start_soc REAL,
            start_fuel REAL,
            energy_kwh REAL,
            fuel_l REAL
        )"""
    )
    db.execute("CREATE INDEX trips_started ON trips(vin, started_at)")
    db.execute(
        """CREATE TABLE charge_sessions (
            id INTEGER PRIMARY KEY,
            vin TEXT NOT NULL,
            started_at TEXT NOT NULL,
            ended_at TEXT,
            place TEXT NOT NULL DEFAULT '',
            from_soc REAL NOT NULL,
            to_soc REAL NOT NULL,
            energy_kwh REAL NOT NULL DEFAULT 0
        )"""
    )
    db.execute("CREATE INDEX charge_sessions_started ON charge_sessions(vin, started_at)")


# -- 130-139 alerts and navigation (issue 17)
@step("m130_alerts_and_places")
def m130_alerts_and_places(db):
    """The alert centre (bounded: the controller prunes old ones) and navigation's places."""
    db.execute(
        """CREATE TABLE alerts (
            id INTEGER PRIMARY KEY,
            at TEXT NOT NULL,
            source TEXT NOT NULL,
            kind TEXT NOT NULL,
            severity TEXT NOT NULL CHECK (severity IN ('information', 'warning', 'error')),
            text TEXT NOT NULL,
            read INTEGER NOT NULL DEFAULT 0,
            count INTEGER NOT NULL DEFAULT 1,
            vin TEXT
        )"""
    )
    db.execute("CREATE INDEX alerts_unread ON alerts(read, source)")
    db.execute("CREATE INDEX alerts_at ON alerts(at)")
    db.execute(
        """CREATE TABLE nav_places (
            id INTEGER PRIMARY KEY,
            name TEXT NOT NULL,
            latitude REAL NOT NULL,
            longitude REAL NOT NULL,
            kind TEXT NOT NULL CHECK (kind IN ('saved', 'recent', 'home', 'work')),
            used_at TEXT,
            UNIQUE (name, kind)
        )"""
    )


# The steps from 140 on live in store/migrations_later.py, registered here, after the ones above.
from store import migrations_later  # noqa: E402,F401
