"""Buying a plan: the quote shown before the driver says yes (`Quote`), the purchase that ends
what it replaces, and the paid purchase with its charge, sale and first-time sign-up incentive."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from decimal import Decimal

from store.services import Receipt
from tui.controller.errors import NotAllowed
from tui.controller.labels import channel_text
from tui.controller.ledger import PROVIDER, money, money_text
from tui.controller.services.plans import PER, PLAN_MONTHS, PLAN_NAMES, renews_on


@dataclass(frozen=True)
class Quote:
    """What a purchase will cost, shown before the driver says yes."""

    service_id: str
    name: str
    plan: str
    price: Decimal
    currency: str
    refund: Decimal  # for the plan it replaces (switching monthly -> yearly)
    replaces: str | None
    ends_trial: bool
    renews: datetime | None
    renews_text: str = ""  # the date as the driver reads it (their date format)

    @property
    def text(self) -> str:
        lines = [f"{self.name}, {PLAN_NAMES[self.plan].lower()}: {money_text(self.price, self.currency)}"
                 + ("" if self.plan == "lifetime" else f" {PER[self.plan]}") + "."]
        if self.ends_trial:
            lines.append("Your free trial ends now.")
        if self.replaces:
            lines.append(f"Your {self.replaces} plan ends now with a refund of {money_text(self.refund, self.currency)}.")
        if self.renews is not None:
            lines.append(f"Renews on {self.renews_text or self.renews.date().isoformat()} unless you cancel; "
                         "cancel any time.")
        return " ".join(lines)


class BuyingMixin:
    """`Services`' quotes and purchases."""

    def quote(self, service_id, plan) -> Quote:
        service = self._runnable_service(service_id)
        plan = self._check_plan(service, plan)
        if self.built_in(service):
            raise NotAllowed(f"{service['name']} is built into the {self.c.car.title}; there is nothing to buy.")
        current = self.entitlement(service["id"])
        refund, replaces, ends_trial = Decimal("0.00"), None, False
        if current is not None:
            if current.plan == "lifetime":
                raise NotAllowed(f"You already own {service['name']} for life.")
            if current.plan == plan:
                raise NotAllowed(f"You already have {service['name']} {plan}.")
            if current.plan == "trial":
                ends_trial = True
            else:
                self._owned_by_me(current)
                refund = self._refund(current, self.now())[0]
                replaces = current.plan
        now = self.now()
        renews = renews_on(plan, now)
        return Quote(service["id"], service["name"], plan, money(service["prices"][self.currency][plan]),
                     self.currency, refund, replaces, ends_trial, renews,
                     self.c.date_text(renews) if renews is not None else "")

    def buy(self, service_id, plan="monthly", pin: str | None = None, source: str = "ui") -> Receipt:
        """Buy a plan (the screen or the assistant asked first). Returns the receipt of the charge."""
        q = self.quote(service_id, plan)
        pid = self._check_buyer(pin, source)
        service = self._by_id[q.service_id]
        now = self.now()
        with self.c.store.write():
            current = self.entitlement(q.service_id)
            if current is not None:
                self._end(current, now, "Ended by a new plan" if current.plan != "trial" else "Trial ended by a purchase",
                          status="ended")
            brand = self.c.car.brand
            receipt = self._start_paid(service, q.plan, now, f"Bought {channel_text(source)}", pid=pid,
                                       vin=self.c.car.vin, brand_id=brand.id, brand=brand,
                                       transfer=service["transfer"], currency=self.currency)
        self._announce(q.service_id, "bought")
        return receipt

    def _start_paid(self, service: dict, plan: str, at: datetime, note: str, *, pid: int, vin: str, brand_id: str,
                    brand, transfer: str, currency: str) -> Receipt:
        """Create a paid purchase from `at` with its charge, ledger sale and (first time) sign-up
        incentive paid to `brand`: bought now in this car, or continued after a trial with the
        trial's car, brand and currency. The caller holds the transaction."""
        s = self.c.store.services
        price = money(service["prices"][currency][plan])
        end = renews_on(plan, at)
        first = not s.paid_before(service["id"], pid)
        p = s.add(service_id=service["id"], plan=plan, profile_id=pid, vin=vin, brand_id=brand_id,
                  transfer=transfer, currency=currency, price=str(price), started_at=at.isoformat(),
                  period_start=at.isoformat(), period_end=end.isoformat() if end else None, anchor_day=at.day,
                  auto_renew=plan in PLAN_MONTHS, status="active")
        receipt = self._receipt(p, "charge", str(price), at, note, period_start=p.period_start,
                                period_end=p.period_end)
        self._post("sale", f"driver:{pid}", PROVIDER, price, p.currency, p, at, receipt, f"{service['name']} {PLAN_NAMES.get(plan, plan).lower()}")
        if first:
            self._post("incentive", PROVIDER, f"automaker:{brand.id}", brand.rates["signup_incentive"], brand.currency,
                       p, at, receipt, f"Sign-up in the car: {service['name']}")
        return receipt
