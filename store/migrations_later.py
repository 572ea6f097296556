"""Schema steps 140 onwards: what the driver sees (issue 16), the rest of the car (issue 17),
roaming profiles (issue 19) and software updates (issue 20), second round. Registered by
store/migrations_connected.py after its own steps, in this file's order. Never edit a step that
has shipped; add the next number under its range."""

from __future__ import annotations

from store.migrations import step  # noqa: F401


# -- 140-149 what the driver sees: names, undo, receipts (issue 16)
@step("m140_user_actions")
def m140_user_actions(db):
    """A user action (a profile switch, a scene, a preset, a routine run) is one undo step: its
    audit rows carry its id; an action that cannot be undone (a profile switch) stops Ctrl+Z with
    a sentence. `after_audit_id`: the newest audit row before it (its place among single changes)."""
    db.execute(
        """CREATE TABLE user_actions (
            id INTEGER PRIMARY KEY,
            vin TEXT NOT NULL,
            what TEXT NOT NULL,
            source TEXT NOT NULL,
            at TEXT NOT NULL,
            undoable INTEGER NOT NULL DEFAULT 1,
            why_not TEXT NOT NULL DEFAULT '',
            after_audit_id INTEGER NOT NULL DEFAULT 0,
            undone INTEGER NOT NULL DEFAULT 0
        )"""
    )
    db.execute("CREATE INDEX user_actions_vin ON user_actions(vin, id)")
    db.execute("ALTER TABLE audit ADD COLUMN action_id INTEGER")
    db.execute("CREATE INDEX audit_action ON audit(action_id) WHERE action_id IS NOT NULL")


@step("m141_plain_receipt_notes")
def m141_plain_receipt_notes(db):
    """Receipts written before say who in plain words: "Cancelled (ui)" -> "Cancelled on the screen"."""
    words = {"ui": "on the screen", "cli": "from the command line", "assistant": "by voice",
             "routine": "by a routine", "system": "by the car", "simulator": "by the simulator"}
    for code, text in words.items():
        for old, new in ((f"Bought in the car ({code})", f"Bought {text}"), (f" ({code})", f" {text}")):
            db.execute("UPDATE service_receipts SET note = replace(note, ?, ?) WHERE instr(note, ?) > 0",
                       [old, new, old])



# -- 150-159 what the driver sees: simulator, settlement, routines (issue 16)


# -- 160-169 the rest of the car, second round (issue 17)
@step("m160_handover")
def m160_handover(db):
    """The Level 3 handover per car, in the database so every process sees it: `simulate
    --end-l3` from the command line starts the countdown a running app shows (asked_at: wall clock)."""
    db.execute(
        """CREATE TABLE handover (
            vin TEXT PRIMARY KEY,
            state TEXT NOT NULL CHECK (state IN ('idle', 'asking', 'taken', 'escalated')),
            reason TEXT NOT NULL DEFAULT '',
            asked_at TEXT,
            on_highway INTEGER NOT NULL DEFAULT 1
        ) WITHOUT ROWID"""
    )


@step("m161_connected_navigation")
def m161_connected_navigation(db):
    """The navigation service is renamed Connected Navigation (there is no traffic data). Its id,
    "traffic", stays, so purchases, trials and receipts are kept as they are; the alerts already
    shown say the new name."""
    db.execute("UPDATE alerts SET text = replace(text, 'Live Traffic Navigation', 'Connected Navigation') "
               "WHERE instr(text, 'Live Traffic Navigation') > 0")



# -- 170-179 roaming profiles, second round (issue 19)


@step("m170_sync_epochs")
def m170_sync_epochs(db):
    """Key rotation and leaf nodes for profile sync: each car's own X25519 key (private, hex) and the
    JetStream domain of the hub it syncs with; the account's key epochs this car holds (a new one
    each time a car is removed); the other cars' public keys (to wrap a new epoch for them); what a
    profile carries that the car keeps for everyone (home favourites) or not per person (history)."""
    db.execute("ALTER TABLE sync_account ADD COLUMN car_key TEXT")
    db.execute("ALTER TABLE sync_account ADD COLUMN domain TEXT")
    db.execute("ALTER TABLE sync_cars ADD COLUMN pub TEXT")
    db.execute(
        """CREATE TABLE sync_keys (
            key_id TEXT PRIMARY KEY,
            epoch INTEGER NOT NULL,
            key TEXT NOT NULL,
            at TEXT NOT NULL
        ) WITHOUT ROWID"""
    )
    db.execute(
        """CREATE TABLE sync_history (
            profile_id INTEGER NOT NULL REFERENCES profiles(id) ON DELETE CASCADE,
            kind TEXT NOT NULL CHECK (kind IN ('destination', 'played')),
            ref TEXT NOT NULL,
            label TEXT NOT NULL,
            latitude REAL,
            longitude REAL,
            at TEXT NOT NULL,
            PRIMARY KEY (profile_id, kind, ref)
        ) WITHOUT ROWID"""
    )


# -- 180-189 software updates and the fleet, second round (issue 20)
