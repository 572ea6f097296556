"""Schema steps 140 onwards: what the driver sees (issue 16), the rest of the car (issue 17),
roaming profiles (issue 19) and software updates (issue 20), second round. Registered by
store/migrations_connected.py after its own steps, in this file's order. Never edit a step that
has shipped; add the next number under its range."""

from __future__ import annotations

from store.migrations import step  # noqa: F401


# -- 140-149 what the driver sees: names, undo, receipts (issue 16)


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


# -- 180-189 software updates and the fleet, second round (issue 20)
