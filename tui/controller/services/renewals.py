"""The calendar, on the tick: reminders ahead of a trial's end and a yearly renewal, renewals of
every period that has passed (each on its own date), trials that end by themselves or go on with
the plan the driver chose, plans that end with their renewal off; and turning renewal on or off."""

from __future__ import annotations

from datetime import datetime, timedelta

from store.services import Purchase
from tui.controller.ledger import PROVIDER, add_months, money_text, parse_time
from tui.controller.services.plans import PLAN_MONTHS, PLAN_NAMES

REMIND_DAYS = {"trial": 3, "yearly": 7}


class RenewalsMixin:
    """`Services`' renewals and trial ends, run on the controller's tick and when it starts."""

    def set_auto_renew(self, service_id, on: bool, source: str = "ui") -> None:
        service = self._service(service_id)
        p = self._mine_to_change(service, lambda p: p.plan in PLAN_MONTHS,
                                 f"There is no {service['name']} subscription to renew.")
        with self.c.store.write():
            self.c.store.services.update(p.id, auto_renew=bool(on))
        self._announce(service["id"], "renewal")

    def tick(self) -> None:
        self._remind()
        self._expire_due()
        self._end_hands_free_without_plan()

    def _remind(self) -> None:
        """Say it ahead: a trial's end (3 days before; it will not charge) and a yearly renewal
        (7 days before, with the price), once each, for the profile at the wheel."""
        now = self.now()
        pid = self.c.active_profile_id()
        for p in self.c.store.services.active():
            if p.profile_id != pid or p.period_end is None:
                continue
            end = parse_time(p.period_end)
            ahead = REMIND_DAYS.get(p.plan if p.plan == "trial" or p.auto_renew else "", 0)
            if not ahead or not timedelta(0) < end - now <= timedelta(days=ahead):
                continue
            key = f"services.reminded.{p.id}.{p.period_end}"
            if self.c.store.settings.get(key):
                continue
            with self.c.store.write():
                self.c.store.settings.set(key, True)
            name = self._name(p.service_id)
            if p.plan == "trial":
                then = f"then {p.then_plan} as you chose" if p.then_plan else "nothing will be charged"
                text = f"{name} trial ends {self.c.date_text(end)}; {then}."
            else:
                text = f"{name} renews {self.c.date_text(end)} for {money_text(p.price, p.currency)}; cancel any time."
            self.c.alerts.raise_("services", p.plan if p.plan == "trial" else "renewal", text, "information", tell=True)

    def _expire_due(self) -> None:
        now = self.now()
        for p in self.c.store.services.active():
            if p.period_end is None or now < parse_time(p.period_end):
                continue
            with self.c.store.write():
                message = self._due(p, now)
            self._announce(p.service_id, "renewal")
            if message:
                self.c.alerts.raise_("services", "period_end", message, "information", tell=True)

    def _due(self, p: Purchase, now: datetime) -> str | None:
        s = self.c.store.services
        service = self._by_id.get(p.service_id, {"name": p.service_id, "prices": {}})
        end = parse_time(p.period_end)
        if p.plan == "trial":
            s.update(p.id, status="ended", ended_at=end.isoformat())
            if p.then_plan and p.currency in service["prices"] and p.profile_id is not None:
                self._receipt(p, "trial_end", "0.00", end, f"Trial ended; continued {p.then_plan} as chosen")
                self._start_paid(service, p.then_plan, end, "After the free trial, as you chose", pid=p.profile_id,
                                 vin=p.vin, brand_id=p.brand_id, brand=self.c.store.catalog.brand(p.brand_id),
                                 transfer=p.transfer, currency=p.currency)
                self._catch_up(p.service_id, now)
                return f"{service['name']}: trial over, {p.then_plan} plan started as you chose."
            self._receipt(p, "trial_end", "0.00", end, "Trial ended by itself; nothing was charged")
            return f"{service['name']} trial ended. Nothing was charged."
        if not p.auto_renew:
            s.update(p.id, status="ended", ended_at=end.isoformat())
            self._receipt(p, "expiry", "0.00", end, "Ended at the end of the period (renewal was off)")
            return f"{service['name']} ended (renewal was off)."
        # renew every period that has passed, each on its own date and in its own month
        start = end
        while start <= now:
            new_end = self._boundary_after(p, start)
            receipt = self._receipt(p, "renewal", p.price, start, "Renewed", period_start=start.isoformat(),
                                    period_end=new_end.isoformat())
            self._post("renewal", f"driver:{p.profile_id}", PROVIDER, p.price, p.currency, p, start, receipt,
                       f"{service['name']} {PLAN_NAMES.get(p.plan, p.plan).lower()} renewal")
            s.update(p.id, period_start=start.isoformat(), period_end=new_end.isoformat())
            start = new_end
        return None

    def _boundary_after(self, p: Purchase, when: datetime) -> datetime:
        """The first period boundary after `when`, counted from the first start on its anchor day
        (so 31 Jan renews 28/29 Feb, then 31 Mar)."""
        first = parse_time(p.started_at)
        n = 1
        while True:
            boundary = add_months(first, n * PLAN_MONTHS[p.plan], p.anchor_day)
            if boundary > when:
                return boundary
            n += 1

    def _catch_up(self, service_id: str, now: datetime) -> None:
        for p in self.c.store.services.active():
            if p.service_id == service_id and p.period_end and parse_time(p.period_end) <= now:
                self._due(p, now)
