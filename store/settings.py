"""The app's own settings (not the car's): a key/value table of JSON values."""

from __future__ import annotations

import json


class SettingsQueries:
    def __init__(self, db):
        self.db = db

    def get(self, key: str, default=None):
        row = self.db.execute("SELECT value FROM app_settings WHERE key = ?", [key]).fetchone()
        return json.loads(row[0]) if row else default

    def set(self, key: str, value) -> None:
        self.db.execute(
            "INSERT INTO app_settings (key, value) VALUES (?, ?) "
            "ON CONFLICT(key) DO UPDATE SET value = excluded.value",
            [key, json.dumps(value)],
        )

    def all(self) -> dict:
        return {k: json.loads(v) for k, v in self.db.execute("SELECT key, value FROM app_settings").fetchall()}
