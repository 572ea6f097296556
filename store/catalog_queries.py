"""Loading the shipped catalog into the database, and reading it back."""

from __future__ import annotations

import json

from store import catalog
from store.records import Brand, Capability, Model, Signal


def load(db) -> None:
    """(Re)load signals, brands, models and their capabilities; runs when the shipped files change."""
    data = catalog.vehicle_catalog()
    brands = {b["id"]: b for b in data["brands"]}
    with db.atomic():
        db.execute("DELETE FROM model_signals")
        db["signals"].upsert_all(catalog.signal_rows(), pk="path")
        db["brands"].upsert_all(
            [
                {
                    "id": b["id"], "name": b["name"], "title": b["title"], "logo": b["logo"],
                    "market": b["market"], "currency": b["currency"],
                    "theme": json.dumps(b["theme"]), "rates": json.dumps(b["rates"]),
                }
                for b in data["brands"]
            ],
            pk="id",
        )
        core = ("id", "brand", "name", "model_year", "platform", "architecture", "powertrain", "head_unit")
        db["models"].upsert_all(
            [
                {
                    "id": m["id"], "brand_id": m["brand"], "name": m["name"], "model_year": m["model_year"],
                    "platform": m["platform"], "architecture": m["architecture"], "powertrain": m["powertrain"],
                    "head_unit": m["head_unit"],
                    "features": json.dumps({k: v for k, v in m.items() if k not in core}),
                }
                for m in data["models"]
            ],
            pk="id",
        )
        rows = []
        for m in data["models"]:
            for r in catalog.model_signals(m, brands[m["brand"]]):
                rows.append((m["id"], r["path"], r["min"], r["max"], r["step"], r["allowed"], r["default_value"]))
        db.conn.executemany(
            "INSERT INTO model_signals (model_id, path, min, max, step, allowed, default_value) VALUES (?,?,?,?,?,?,?)",
            rows,
        )
        db.execute(
            "INSERT INTO app_settings (key, value) VALUES ('catalog_version', ?) "
            "ON CONFLICT(key) DO UPDATE SET value = excluded.value",
            [json.dumps(catalog.catalog_version())],
        )


class CatalogQueries:
    def __init__(self, db):
        self.db = db

    def signals(self) -> dict[str, Signal]:
        return {r["path"]: Signal.from_row(r) for r in self.db.query("SELECT * FROM signals")}

    def brands(self) -> list[Brand]:
        return [Brand.from_row(r) for r in self.db.query("SELECT * FROM brands ORDER BY name")]

    def brand(self, brand_id: str) -> Brand | None:
        rows = list(self.db.query("SELECT * FROM brands WHERE id = ?", [brand_id]))
        return Brand.from_row(rows[0]) if rows else None

    def models(self, brand_id: str | None = None) -> list[Model]:
        if brand_id is None:
            q = self.db.query("SELECT * FROM models ORDER BY brand_id, name, model_year")
        else:
            q = self.db.query("SELECT * FROM models WHERE brand_id = ? ORDER BY name, model_year", [brand_id])
        return [Model.from_row(r) for r in q]

    def model(self, model_id: str) -> Model | None:
        rows = list(self.db.query("SELECT * FROM models WHERE id = ?", [model_id]))
        return Model.from_row(rows[0]) if rows else None

    def capabilities(self, model_id: str) -> dict[str, Capability]:
        return {
            r["path"]: Capability.from_row(r)
            for r in self.db.query("SELECT * FROM model_signals WHERE model_id = ?", [model_id])
        }
