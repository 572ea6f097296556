"""The ledger of money between the driver, the software provider and the automakers, and the
fleet of connected cars an access fee is paid for. Amounts are exact decimal strings."""

from __future__ import annotations

from dataclasses import dataclass

COLUMNS = "id, at, month, kind, payer, payee, amount, currency, brand_id, vin, profile_id, service_id, receipt_id, note"


@dataclass(frozen=True)
class Entry:
    id: int
    at: str
    month: str
    kind: str
    payer: str
    payee: str
    amount: str
    currency: str
    brand_id: str
    vin: str | None
    profile_id: int | None
    service_id: str | None
    receipt_id: int | None
    note: str


@dataclass(frozen=True)
class FleetCar:
    vin: str
    brand_id: str
    first_month: str


class LedgerQueries:
    def __init__(self, db):
        self.db = db

    def add(self, **row) -> int:
        cols = ", ".join(row)
        marks = ", ".join("?" * len(row))
        return self.db.execute(f"INSERT INTO ledger_entries ({cols}) VALUES ({marks})", list(row.values())).lastrowid

    def entries(self, month: str | None = None, kind: str | None = None, brand_id: str | None = None) -> list[Entry]:
        where, args = [], []
        for column, value in (("month", month), ("kind", kind), ("brand_id", brand_id)):
            if value is not None:
                where.append(f"{column} = ?")
                args.append(value)
        sql = f"SELECT {COLUMNS} FROM ledger_entries"
        if where:
            sql += " WHERE " + " AND ".join(where)
        return [Entry(*r) for r in self.db.execute(sql + " ORDER BY id", args).fetchall()]

    def months(self) -> list[str]:
        return [r[0] for r in self.db.execute("SELECT DISTINCT month FROM ledger_entries ORDER BY month").fetchall()]

    def has_fee(self, vin: str, month: str) -> bool:
        return self.db.execute(
            "SELECT 1 FROM ledger_entries WHERE kind = 'access_fee' AND vin = ? AND month = ? LIMIT 1",
            [vin, month]).fetchone() is not None

    def balances_cents(self) -> dict[tuple[str, str], int]:
        """(account, currency) -> received minus paid, in whole cents (amounts carry two decimals)."""
        rows = self.db.execute(
            "SELECT account, currency, SUM(cents) FROM ("
            " SELECT payee AS account, currency, CAST(ROUND(amount * 100) AS INTEGER) AS cents FROM ledger_entries"
            " UNION ALL"
            " SELECT payer, currency, -CAST(ROUND(amount * 100) AS INTEGER) FROM ledger_entries"
            ") GROUP BY account, currency").fetchall()
        return {(account, currency): cents for account, currency, cents in rows}

    # ---------------------------------------------------------------- fleet
    def fleet(self) -> list[FleetCar]:
        return [FleetCar(*r) for r in self.db.execute(
            "SELECT vin, brand_id, first_month FROM ledger_fleet ORDER BY first_month, vin").fetchall()]

    def join_fleet(self, vin: str, brand_id: str, month: str) -> None:
        self.db.execute("INSERT INTO ledger_fleet (vin, brand_id, first_month) VALUES (?, ?, ?) "
                        "ON CONFLICT(vin) DO NOTHING", [vin, brand_id, month])
