"""Free trials: started without a charge, ended by themselves, and continued with a paid plan only
on the driver's explicit yes (`keep_after_trial`)."""

from __future__ import annotations

from datetime import timedelta

from store.services import Purchase
from tui.controller.errors import NotAllowed


class TrialsMixin:
    """`Services`' trials."""

    def start_trial(self, service_id, source: str = "ui") -> Purchase:
        """A free 30-day trial. It ends by itself; it never charges without an explicit yes."""
        service = self._runnable_service(service_id)
        if self.built_in(service):
            raise NotAllowed(f"{service['name']} is built into the {self.c.car.title}; no trial is needed.")
        if not service.get("trial"):
            raise NotAllowed(f"{service['name']} has no free trial.")
        self.c.authority.require("services.trial", source=source)  # valet, rights, parked
        pid = self.c.active_profile_id()
        if self.entitlement(service["id"]) is not None:
            raise NotAllowed(f"You already have {service['name']}.")
        if self.c.store.services.had(service["id"], pid, "trial"):
            raise NotAllowed(f"You have had the {service['name']} trial already.")
        now = self.now()
        days = self._catalog["trial_days"]
        end = now + timedelta(days=days)
        with self.c.store.write():
            s = self.c.store.services
            p = s.add(service_id=service["id"], plan="trial", profile_id=pid, vin=self.c.car.vin,
                      brand_id=self.c.car.brand.id, transfer=service["transfer"], currency=self.currency, price="0.00",
                      started_at=now.isoformat(), period_start=now.isoformat(), period_end=end.isoformat(),
                      anchor_day=now.day, auto_renew=False, status="active")
            self._receipt(p, "trial", "0.00", now,
                          f"{days}-day free trial; it ends by itself unless you say yes to a plan",
                          period_start=p.period_start, period_end=p.period_end)
        self._announce(service["id"], "trial")
        return self.c.store.services.get(p.id)

    def keep_after_trial(self, service_id, plan: str | None, pin: str | None = None, source: str = "ui") -> None:
        """The driver's explicit yes: at the end of the trial, continue with this plan (None: do not)."""
        service = self._runnable_service(service_id)
        p = self._mine_to_change(service, lambda p: p.plan == "trial", f"There is no {service['name']} trial running.")
        if plan is not None:
            plan = self._check_plan(service, plan)
            self._check_buyer(pin, source)
        with self.c.store.write():
            self.c.store.services.update(p.id, then_plan=plan)
        self._announce(service["id"], "trial_choice")
