"""Schema steps 140 onwards: what the driver sees (issue 16), the rest of the car (issue 17),
roaming profiles (issue 19) and software updates (issue 20), second round. Registered by
store/migrations_connected.py after its own steps, in this file's order. Never edit a step that
has shipped; add the next number under its range."""

from __future__ import annotations

from store.migrations import step  # noqa: F401


# -- 140-149 what the driver sees: names, undo, receipts (issue 16)


# -- 150-159 what the driver sees: simulator, settlement, routines (issue 16)


# -- 160-169 the rest of the car, second round (issue 17)


# -- 170-179 roaming profiles, second round (issue 19)


# -- 180-189 software updates and the fleet, second round (issue 20)
