"""Media: radio presets and favourites per profile, the last item per source per car, and the
shipped sample stations and library. Rows in, dataclasses out; no rules."""

from __future__ import annotations

import json
from dataclasses import dataclass
from functools import lru_cache
from importlib import resources


@dataclass(frozen=True)
class Preset:
    profile_id: int
    band: str
    slot: int
    station_id: str


@dataclass(frozen=True)
class Favourite:
    profile_id: int
    uri: str
    title: str
    added_at: str


@lru_cache(maxsize=1)
def sample_media() -> dict:
    """The shipped stations (per market), sample USB library, phone and streaming playlists."""
    files = resources.files("store.catalog")
    return {
        "stations": json.loads(files.joinpath("stations.json").read_text(encoding="utf-8")),
        "library": json.loads(files.joinpath("library.json").read_text(encoding="utf-8")),
    }


class MediaQueries:
    def __init__(self, db):
        self.db = db

    # ---------------------------------------------------------------- presets
    def presets(self, profile_id: int, band: str) -> list[Preset]:
        rows = self.db.execute(
            "SELECT profile_id, band, slot, station_id FROM media_presets WHERE profile_id = ? AND band = ? "
            "ORDER BY slot", [profile_id, band]).fetchall()
        return [Preset(*r) for r in rows]

    def set_preset(self, profile_id: int, band: str, slot: int, station_id: str) -> None:
        self.db.execute(
            "INSERT INTO media_presets (profile_id, band, slot, station_id) VALUES (?, ?, ?, ?) "
            "ON CONFLICT(profile_id, band, slot) DO UPDATE SET station_id = excluded.station_id",
            [profile_id, band, slot, station_id])

    def clear_preset(self, profile_id: int, band: str, slot: int) -> None:
        self.db.execute("DELETE FROM media_presets WHERE profile_id = ? AND band = ? AND slot = ?",
                        [profile_id, band, slot])

    # ---------------------------------------------------------------- favourites
    def favourites(self, profile_id: int) -> list[Favourite]:
        rows = self.db.execute(
            "SELECT profile_id, uri, title, added_at FROM media_favourites WHERE profile_id = ? "
            "ORDER BY added_at, uri", [profile_id]).fetchall()
        return [Favourite(*r) for r in rows]

    def add_favourite(self, profile_id: int, uri: str, title: str, at: str) -> None:
        self.db.execute(
            "INSERT INTO media_favourites (profile_id, uri, title, added_at) VALUES (?, ?, ?, ?) "
            "ON CONFLICT(profile_id, uri) DO NOTHING", [profile_id, uri, title, at])

    def remove_favourite(self, profile_id: int, uri: str) -> None:
        self.db.execute("DELETE FROM media_favourites WHERE profile_id = ? AND uri = ?", [profile_id, uri])

    # ---------------------------------------------------------------- positions
    def position(self, vin: str, source: str) -> str | None:
        row = self.db.execute("SELECT uri FROM media_positions WHERE vin = ? AND source = ?", [vin, source]).fetchone()
        return row[0] if row else None

    def set_position(self, vin: str, source: str, uri: str) -> None:
        self.db.execute(
            "INSERT INTO media_positions (vin, source, uri) VALUES (?, ?, ?) "
            "ON CONFLICT(vin, source) DO UPDATE SET uri = excluded.uri", [vin, source, uri])
