"""The paper trail of every purchase: its receipts (written, listed, read as one line each) and
the ledger entries posted against them."""

from __future__ import annotations

from datetime import datetime

from store.services import Purchase, Receipt
from tui.controller.ledger import money, money_text, parse_time
from tui.controller.services.plans import PLAN_NAMES


class ReceiptsMixin:
    """`Services`' receipts and the ledger entries that go with them."""

    def _receipt(self, p: Purchase, kind: str, amount: str, at: datetime, note: str, **period) -> Receipt:
        """A receipt for `p` (its plan, currency, car and profile); `period`: its period_start and
        period_end, for a charge, a trial or a renewal. The caller holds the transaction."""
        return self.c.store.services.add_receipt(purchase_id=p.id, profile_id=p.profile_id, vin=p.vin,
                                                 service_id=p.service_id, kind=kind, plan=p.plan, amount=amount,
                                                 currency=p.currency, at=at.isoformat(), **period, note=note)

    def _post(self, kind: str, payer: str, payee: str, amount, currency: str, p: Purchase, at: datetime,
              receipt: Receipt, note: str) -> None:
        """The ledger entry for a receipt of `p`. The caller holds the transaction."""
        self.c.ledger.post(kind, payer, payee, amount, currency, p.brand_id, at, vin=p.vin, profile_id=p.profile_id,
                           service_id=p.service_id, receipt_id=receipt.id, note=note)

    def receipts(self, profile_id: int | None = None, source: str = "ui") -> list[Receipt]:
        self.c.authority.require("data.read", source=source)  # hidden in valet mode
        pid = self.c.active_profile_id() if profile_id is None else profile_id
        return self.c.store.services.receipts(profile_id=pid)

    def receipt_line(self, r: Receipt) -> str:
        name = self._name(r.service_id)
        amount = money(r.amount)
        sign = "-" if r.kind == "refund" else ""
        kind = {"trial": "Trial", "charge": "Charge", "renewal": "Renewal", "refund": "Refund",
                "trial_end": "Trial end", "expiry": "Ended"}[r.kind]
        when = parse_time(r.at)
        return f"{self.c.date_text(when):<10}  {kind:<9} {name} ({PLAN_NAMES.get(r.plan, r.plan).lower()})  " \
               f"{sign}{money_text(amount, r.currency)}"
