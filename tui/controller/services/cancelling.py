"""Cancelling any time: the prorated refund of the unused whole days, shown first (`CancelQuote`),
all of it within 48 hours of a charge, a lifetime purchase returned in full within its refund
days; and ending a purchase with the receipt and ledger refund that go with it."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime, timedelta
from decimal import ROUND_HALF_UP, Decimal

from store.services import Purchase
from tui.controller.errors import NotAllowed
from tui.controller.labels import channel_text
from tui.controller.ledger import CENT, PROVIDER, money_text, parse_time
from tui.controller.services.plans import PLAN_NAMES

CHANGED_MIND = timedelta(hours=48)


@dataclass(frozen=True)
class CancelQuote:
    service_id: str
    name: str
    plan: str
    refund: Decimal
    currency: str
    days_left: int
    period_days: int

    @property
    def text(self) -> str:
        money_ = money_text(self.refund, self.currency)
        if self.plan == "trial":
            return f"End the {self.name} free trial now? Nothing was charged."
        if self.plan == "lifetime":
            return f"Return {self.name} (lifetime)? You get {money_} back, the full price."
        return (f"Cancel {self.name} ({self.plan})? {self.days_left} of {self.period_days} days are unused: "
                f"you get {money_} back.")


def _days(delta: timedelta) -> int:
    return max(0, delta.days)


class CancellingMixin:
    """`Services`' refunds and cancellations."""

    def _lifetime_returnable(self, p: Purchase, now: datetime) -> bool:
        """A lifetime purchase can still be returned, in full (within the catalog's refund days of buying)."""
        return now - parse_time(p.started_at) <= timedelta(days=self._catalog["lifetime_refund_days"])

    def _refund(self, p: Purchase, now: datetime) -> tuple[Decimal, int, int]:
        """(refund, unused whole days, days in the period). A started day counts as used, except
        within 48 hours of the charge, when all of it comes back."""
        price = Decimal(p.price)
        if p.plan == "trial":
            return Decimal("0.00"), 0, 0
        if p.plan == "lifetime":
            if self._lifetime_returnable(p, now):
                return price, 0, 0
            return Decimal("0.00"), 0, 0
        start, end = parse_time(p.period_start), parse_time(p.period_end)
        period = _days(end - start)
        if period == 0:
            return Decimal("0.00"), 0, 0
        if now - start <= CHANGED_MIND:  # changed your mind within two days of a charge: all of it back
            return price, period, period
        left = min(period, _days(end - now))
        refund = (price * left / period).quantize(CENT, rounding=ROUND_HALF_UP)
        return min(refund, price), left, period

    def _purchase_to_cancel(self, service_id) -> tuple[dict, Purchase]:
        service = self._service(service_id)
        self._not_in_valet()
        p = self.entitlement(service["id"])
        if p is None:
            raise NotAllowed(f"You have no {service['name']} to cancel.")
        self._owned_by_me(p)
        if p.plan == "lifetime" and not self._lifetime_returnable(p, self.now()):
            days = self._catalog["lifetime_refund_days"]
            raise NotAllowed(f"{service['name']} is yours for life; it could be returned within {days} days.")
        return service, p

    def cancel_quote(self, service_id) -> CancelQuote:
        service, p = self._purchase_to_cancel(service_id)
        refund, left, period = self._refund(p, self.now())
        return CancelQuote(service["id"], service["name"], p.plan, refund, p.currency, left, period)

    def cancel(self, service_id, source: str = "ui") -> CancelQuote:
        """Cancel now with the prorated refund of cancel_quote (the screen showed it first)."""
        q = self.cancel_quote(service_id)
        service, p = self._purchase_to_cancel(service_id)
        with self.c.store.write():
            self._end(p, self.now(), f"Cancelled {channel_text(source)}", status="cancelled")
        self._announce(service["id"], "cancelled")
        return q

    def _end(self, p: Purchase, now: datetime, note: str, status: str = "cancelled") -> None:
        """End a purchase now, refunding the unused part. The caller holds the transaction."""
        s = self.c.store.services
        refund, left, period = self._refund(p, now)
        s.update(p.id, status=status, ended_at=now.isoformat(), period_end=min(
            parse_time(p.period_end), now).isoformat() if p.period_end else now.isoformat())
        if p.plan == "trial":
            self._receipt(p, "trial_end", "0.00", now, note + "; nothing was charged")
            return
        detail = f"{left} of {period} days unused" if period else "returned within the refund period"
        if refund > 0:
            receipt = self._receipt(p, "refund", str(refund), now, f"{note}: {detail}")
            self._post("refund", PROVIDER, f"driver:{p.profile_id}", refund, p.currency, p, now, receipt,
                       f"Refund {self._name(p.service_id)} {PLAN_NAMES.get(p.plan, p.plan).lower()}")
        else:
            self._receipt(p, "expiry", "0.00", now, f"{note}: no unused days to refund")
