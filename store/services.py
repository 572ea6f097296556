"""Connected services: the shipped catalog, purchases and receipts. Amounts are decimal strings;
times are ISO 8601 with their offset. Rows in, dataclasses out; no rules."""

from __future__ import annotations

import json
from dataclasses import dataclass
from functools import lru_cache
from importlib import resources

PURCHASE_COLUMNS = ("id, service_id, plan, profile_id, vin, brand_id, transfer, currency, price, started_at, "
                    "period_start, period_end, anchor_day, auto_renew, then_plan, status, ended_at")
RECEIPT_COLUMNS = "id, purchase_id, profile_id, vin, service_id, kind, plan, amount, currency, at, period_start, period_end, note"


@lru_cache(maxsize=1)
def service_catalog() -> dict:
    return json.loads(resources.files("store.catalog").joinpath("services.json").read_text(encoding="utf-8"))


@dataclass(frozen=True)
class Purchase:
    id: int
    service_id: str
    plan: str
    profile_id: int | None
    vin: str
    brand_id: str
    transfer: str
    currency: str
    price: str
    started_at: str
    period_start: str
    period_end: str | None
    anchor_day: int
    auto_renew: bool
    then_plan: str | None
    status: str
    ended_at: str | None


@dataclass(frozen=True)
class Receipt:
    id: int
    purchase_id: int
    profile_id: int | None
    vin: str
    service_id: str
    kind: str
    plan: str
    amount: str
    currency: str
    at: str
    period_start: str | None
    period_end: str | None
    note: str


class ServiceQueries:
    def __init__(self, db):
        self.db = db

    def _purchases(self, where: str, args: list) -> list[Purchase]:
        rows = self.db.execute(f"SELECT {PURCHASE_COLUMNS} FROM service_purchases WHERE {where} ORDER BY id", args)
        return [self._make(r) for r in rows.fetchall()]

    @staticmethod
    def _make(r) -> Purchase:
        r = list(r)
        r[13] = bool(r[13])
        return Purchase(*r)

    def get(self, purchase_id: int) -> Purchase | None:
        found = self._purchases("id = ?", [purchase_id])
        return found[0] if found else None

    def active(self) -> list[Purchase]:
        return self._purchases("status = 'active'", [])

    def for_profile(self, profile_id: int) -> list[Purchase]:
        return self._purchases("profile_id = ?", [profile_id])

    def all(self) -> list[Purchase]:
        return self._purchases("1 = 1", [])

    def had(self, service_id: str, profile_id: int | None, plan: str | None = None) -> bool:
        sql = "SELECT 1 FROM service_purchases WHERE service_id = ? AND profile_id IS ?"
        args: list = [service_id, profile_id]
        if plan is not None:
            sql += " AND plan = ?"
            args.append(plan)
        return self.db.execute(sql + " LIMIT 1", args).fetchone() is not None

    def paid_before(self, service_id: str, profile_id: int | None) -> bool:
        return self.db.execute(
            "SELECT 1 FROM service_purchases WHERE service_id = ? AND profile_id IS ? AND plan != 'trial' LIMIT 1",
            [service_id, profile_id]).fetchone() is not None

    def add(self, **row) -> Purchase:
        row["auto_renew"] = int(row.get("auto_renew", False))
        cols = ", ".join(row)
        marks = ", ".join("?" * len(row))
        cur = self.db.execute(f"INSERT INTO service_purchases ({cols}) VALUES ({marks})", list(row.values()))
        return self.get(cur.lastrowid)

    def update(self, purchase_id: int, **fields) -> None:
        if "auto_renew" in fields:
            fields["auto_renew"] = int(fields["auto_renew"])
        sets = ", ".join(f"{k} = ?" for k in fields)
        self.db.execute(f"UPDATE service_purchases SET {sets} WHERE id = ?", [*fields.values(), purchase_id])

    # ---------------------------------------------------------------- receipts
    def add_receipt(self, **row) -> Receipt:
        cols = ", ".join(row)
        marks = ", ".join("?" * len(row))
        cur = self.db.execute(f"INSERT INTO service_receipts ({cols}) VALUES ({marks})", list(row.values()))
        return self.receipt(cur.lastrowid)

    def receipt(self, receipt_id: int) -> Receipt | None:
        row = self.db.execute(f"SELECT {RECEIPT_COLUMNS} FROM service_receipts WHERE id = ?", [receipt_id]).fetchone()
        return Receipt(*row) if row else None

    def receipts(self, profile_id: int | None = None, purchase_id: int | None = None) -> list[Receipt]:
        where, args = [], []
        if profile_id is not None:
            where.append("profile_id = ?")
            args.append(profile_id)
        if purchase_id is not None:
            where.append("purchase_id = ?")
            args.append(purchase_id)
        sql = f"SELECT {RECEIPT_COLUMNS} FROM service_receipts"
        if where:
            sql += " WHERE " + " AND ".join(where)
        return [Receipt(*r) for r in self.db.execute(sql + " ORDER BY id", args).fetchall()]
