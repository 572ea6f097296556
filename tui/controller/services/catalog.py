"""Connected services bought in the car (the marketplace; `store` is the persistence package).

Fair rules, beyond what carmakers do today:
- prices in the car's market currency; monthly, yearly and lifetime plans;
- a 30-day trial never turns into a paid plan without the driver's explicit yes (`keep_after_trial`);
- cancel any time, with the prorated refund for the unused whole days shown before confirming
  (`cancel_quote`), in full within 48 hours of a charge; a lifetime purchase is refundable in full
  for 14 days;
- a lifetime purchase stays with the car or follows the profile, as the service says;
- nothing is sold for hardware the car already has built in, and a service the model cannot run
  is not offered;
- buying needs the profile's "purchases" permission and its PIN where it has one.

The services also gate features across the app (controller.feature_block).
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import datetime, timedelta
from decimal import ROUND_HALF_UP, Decimal

from store.services import Purchase, Receipt, service_catalog
from tui.controller.errors import CockpitError, InvalidValue, NotAllowed, NotOnThisCar, UnknownName
from tui.controller.events import Event
from tui.controller.ledger import CENT, PROVIDER, add_months, money, money_text, parse_time

PLANS = ("monthly", "yearly", "lifetime")
VALET = "Vehicle.Private.SmartCockpit.Valet.IsActive"
HANDS_FREE = "Vehicle.Private.SmartCockpit.ADAS.HandsFree.IsActive"
PLAN_NAMES = {"monthly": "Monthly", "yearly": "Yearly", "lifetime": "Lifetime", "trial": "Free trial"}
PLAN_MONTHS = {"monthly": 1, "yearly": 12}
PER = {"monthly": "a month", "yearly": "a year", "lifetime": "once"}
REMIND_DAYS = {"trial": 3, "yearly": 7}
CHANGED_MIND = timedelta(hours=48)


@dataclass(frozen=True)
class MarketplaceChanged(Event):
    """A purchase, trial, renewal, cancellation or refund happened."""

    service_id: str
    what: str


@dataclass(frozen=True)
class Offer:
    id: str
    name: str
    category: str
    summary: str
    feature: str | None
    transfer: str  # "car" or "profile"
    trial_days: int  # 0: no trial
    currency: str
    prices: dict = field(hash=False, compare=False)  # plan -> Decimal
    status: str = "available"  # available | built_in | trial | active | lifetime
    note: str = ""
    purchase: Purchase | None = None
    until: datetime | None = None
    trial_used: bool = False

    @property
    def price(self) -> str:
        """The headline price (monthly), as the driver reads it."""
        return self.price_text("monthly") if "monthly" in self.prices else ""

    @property
    def short_price(self) -> str:
        return f"{money_text(self.prices['monthly'], self.currency)}/mo" if "monthly" in self.prices else ""

    def price_text(self, plan: str) -> str:
        amount = self.prices[plan]
        return f"{money_text(amount, self.currency)} {PER[plan]}" if plan != "lifetime" else \
            f"{money_text(amount, self.currency)} once"

    @property
    def transfer_text(self) -> str:
        if self.transfer == "car":
            return "Stays with this car: a lifetime purchase passes to the car's next owner."
        return "Follows your profile to any car that can run it."

    @property
    def owned(self) -> bool:
        return self.status in ("trial", "active", "lifetime")


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

    @property
    def text(self) -> str:
        lines = [f"{self.name}, {PLAN_NAMES[self.plan].lower()}: {money_text(self.price, self.currency)}"
                 + ("" if self.plan == "lifetime" else f" {PER[self.plan]}") + "."]
        if self.ends_trial:
            lines.append("Your free trial ends now.")
        if self.replaces:
            lines.append(f"Your {self.replaces} plan ends now with a refund of {money_text(self.refund, self.currency)}.")
        if self.renews is not None:
            lines.append(f"Renews on {self.renews:%d %b %Y} unless you cancel; cancel any time.")
        return " ".join(lines)


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


class Services:
    def __init__(self, controller):
        self.c = controller
        self._catalog = service_catalog()
        self._by_id = {s["id"]: s for s in self._catalog["services"]}
        self._by_feature = {s["feature"]: s for s in self._catalog["services"] if s.get("feature")}
        controller.add_feature_gate(self._gate)
        controller.add_write_guard(self._guard)

    def started(self) -> None:
        """Renewals and trial ends that fell due while the console was closed."""
        self.tick()

    # ------------------------------------------------------------------ time
    def now(self) -> datetime:
        return self.c.ledger.now()

    # ------------------------------------------------------------------ what this car can have
    def _model_check(self, rules: dict) -> bool:
        model = self.c.car.model
        if "head_units" in rules and model.head_unit not in rules["head_units"]:
            return False
        if "powertrains" in rules and model.powertrain not in rules["powertrains"]:
            return False
        if "autodrive_levels" in rules and str(model.features.get("autodrive_level")) not in rules["autodrive_levels"]:
            return False
        if any(not model.features.get(f) for f in rules.get("model_features", ())):
            return False
        if any(not self.c.has(path) for path in rules.get("signals", ())):
            return False
        return True

    def runnable(self, service: dict) -> bool:
        return self._model_check(service.get("requires", {})) and self.currency in service["prices"]

    def built_in(self, service: dict) -> bool:
        rules = service.get("built_in")
        return bool(rules) and self._model_check({k: v for k, v in rules.items() if k != "note"})

    @property
    def currency(self) -> str:
        return self.c.car.brand.currency

    def _service(self, service_id) -> dict:
        service = self._by_id.get(str(service_id).strip().lower().replace("-", "_").replace(" ", "_"))
        if service is None:
            for s in self._catalog["services"]:
                if s["name"].lower() == str(service_id).strip().lower():
                    return s
            raise UnknownName(f"There is no service called {service_id!r}. `services list` shows them.")
        return service

    def _runnable_service(self, service_id) -> dict:
        service = self._service(service_id)
        if not self.runnable(service):
            raise NotOnThisCar(f"{service['name']} cannot run on the {self.c.car.title}, so it is not offered.")
        return service

    # ------------------------------------------------------------------ entitlements
    def _covers(self, p: Purchase, now: datetime, profile_id=None) -> bool:
        if p.status != "active":
            return False
        if p.period_end is not None and now >= parse_time(p.period_end):
            return False
        pid = self.c.active_profile_id() if profile_id is None else profile_id
        return p.vin == self.c.car.vin if p.transfer == "car" else p.profile_id == pid

    def entitlement(self, service_id) -> Purchase | None:
        """The purchase or trial that gives this car and profile the service now, or None."""
        service = self._service(service_id)
        now = self.now()
        for p in self.c.store.services.active():
            if p.service_id == service["id"] and self._covers(p, now):
                return p
        return None

    def _gate(self, feature: str) -> str | None:
        service = self._by_feature.get(feature)
        if service is None:
            return None
        if not self.runnable(service):
            return f"{service['name']} is not available on the {self.c.car.title}."
        if self.built_in(service) or self.entitlement(service["id"]) is not None:
            return None
        return f"Needs {service['name']}: get it in Services."

    def _guard(self, controller, spec, value, source: str) -> None:
        """Hands-free driving cannot be engaged without its service (the gate holds in every screen,
        the assistant and the command line alike)."""
        if spec.path == HANDS_FREE and value is True and source != "system":
            reason = self._gate("autodrive.hands_free")
            if reason:
                raise NotAllowed(reason)

    def service_for_feature(self, feature: str) -> str | None:
        service = self._by_feature.get(feature)
        return service["id"] if service else None

    # ------------------------------------------------------------------ the catalog
    def _offer(self, service: dict) -> Offer:
        prices = {plan: money(v) for plan, v in service["prices"][self.currency].items() if plan in PLANS}
        base = dict(id=service["id"], name=service["name"], category=service["category"], summary=service["summary"],
                    feature=service.get("feature"), transfer=service["transfer"],
                    trial_days=self._catalog["trial_days"] if service.get("trial") else 0,
                    currency=self.currency, prices=prices,
                    trial_used=self.c.store.services.had(service["id"], self.c.active_profile_id(), "trial"))
        if self.built_in(service):
            return Offer(**base, status="built_in", note=service["built_in"].get("note", "Built into this car."))
        p = self.entitlement(service["id"])
        if p is None:
            return Offer(**base)
        until = parse_time(p.period_end) if p.period_end else None
        if p.plan == "trial":
            note = f"Free trial until {until:%d %b %Y}; " + (
                f"then {p.then_plan} as you chose." if p.then_plan else "it ends then, nothing is charged.")
            return Offer(**base, status="trial", note=note, purchase=p, until=until)
        if p.plan == "lifetime":
            return Offer(**base, status="lifetime", note="Yours for life.", purchase=p)
        note = (f"{PLAN_NAMES[p.plan]}, renews {until:%d %b %Y}." if p.auto_renew
                else f"{PLAN_NAMES[p.plan]}, ends {until:%d %b %Y} (renewal off).")
        return Offer(**base, status="active", note=note, purchase=p, until=until)

    def catalog(self) -> list[Offer]:
        """What this car can run, with this profile's status; services the model cannot run are left out."""
        return [self._offer(s) for s in self._catalog["services"] if self.runnable(s)]

    def not_offered(self) -> list[tuple[str, str]]:
        """(name, why) for the services this car cannot run."""
        return [(s["name"], f"cannot run on the {self.c.car.title}") for s in self._catalog["services"]
                if not self.runnable(s)]

    def tile_summary(self) -> str:
        """One short line for the home tile (at most 24 characters)."""
        active = self.active()
        if not active:
            return "trials and plans"
        trials = sum(1 for o in active if o.status == "trial")
        paid = len(active) - trials
        parts = [f"{paid} active"] if paid else []
        if trials:
            parts.append(f"{trials} trial{'s' if trials > 1 else ''}")
        return " · ".join(parts)

    def offer(self, service_id) -> Offer:
        return self._offer(self._runnable_service(service_id))

    def active(self) -> list[Offer]:
        """Services this car and profile have now (trials, subscriptions, lifetime)."""
        return [o for o in self.catalog() if o.owned]

    # ------------------------------------------------------------------ buying
    def _not_in_valet(self) -> None:
        if self.c.get(VALET):
            raise NotAllowed("Services can't be bought or changed in valet mode.")

    def _check_buyer(self, pin, source: str = "ui") -> int:
        self.c.authority.require("services.buy", pin=pin, source=source)  # valet, rights, parked, PIN
        pid = self.c.active_profile_id()
        if pid is None:
            raise NotAllowed("Choose a profile before buying.")
        return pid

    def _check_plan(self, service: dict, plan) -> str:
        plan = str(plan).strip().lower()
        if plan not in PLANS or plan not in service["prices"][self.currency]:
            raise InvalidValue(f"{service['name']} comes monthly, yearly or lifetime; {plan!r} is not a plan.")
        return plan

    def _owned_by_me(self, p: Purchase) -> None:
        if p.profile_id != self.c.active_profile_id():
            owner = self.c.store.profiles.get(p.profile_id) if p.profile_id is not None else None
            who = owner.name if owner else "the profile that bought it"
            raise NotAllowed(f"Only {who} can change this purchase.")

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
        renews = add_months(now, PLAN_MONTHS[plan]) if plan in PLAN_MONTHS else None
        return Quote(service["id"], service["name"], plan, money(service["prices"][self.currency][plan]),
                     self.currency, refund, replaces, ends_trial, renews)

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
            receipt = self._start_paid(service, q.plan, pid, now, note=f"Bought in the car ({source})")
        self._announce(q.service_id, "bought")
        return receipt

    def _start_paid(self, service: dict, plan: str, pid: int, now: datetime, note: str) -> Receipt:
        """Create a paid purchase with its charge, ledger sale and (first time) sign-up incentive.
        The caller holds the transaction."""
        s = self.c.store.services
        brand = self.c.car.brand
        price = money(service["prices"][self.currency][plan])
        end = add_months(now, PLAN_MONTHS[plan]) if plan in PLAN_MONTHS else None
        first = not s.paid_before(service["id"], pid)
        p = s.add(service_id=service["id"], plan=plan, profile_id=pid, vin=self.c.car.vin, brand_id=brand.id,
                  transfer=service["transfer"], currency=self.currency, price=str(price), started_at=now.isoformat(),
                  period_start=now.isoformat(), period_end=end.isoformat() if end else None, anchor_day=now.day,
                  auto_renew=plan in PLAN_MONTHS, status="active")
        receipt = s.add_receipt(purchase_id=p.id, profile_id=pid, vin=p.vin, service_id=p.service_id, kind="charge",
                                plan=plan, amount=str(price), currency=p.currency, at=now.isoformat(),
                                period_start=p.period_start, period_end=p.period_end, note=note)
        ledger = self.c.ledger
        ledger.post("sale", f"driver:{pid}", PROVIDER, price, p.currency, brand.id, now, vin=p.vin, profile_id=pid,
                    service_id=p.service_id, receipt_id=receipt.id, note=f"{service['name']} {plan}")
        if first:
            ledger.post("incentive", PROVIDER, f"automaker:{brand.id}", brand.rates["signup_incentive"], brand.currency,
                        brand.id, now, vin=p.vin, profile_id=pid, service_id=p.service_id, receipt_id=receipt.id,
                        note=f"Sign-up in the car: {service['name']}")
        return receipt

    # ------------------------------------------------------------------ trials
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
            s.add_receipt(purchase_id=p.id, profile_id=pid, vin=p.vin, service_id=p.service_id, kind="trial",
                          plan="trial", amount="0.00", currency=p.currency, at=now.isoformat(),
                          period_start=p.period_start, period_end=p.period_end,
                          note=f"{days}-day free trial; it ends by itself unless you say yes to a plan")
        self._announce(service["id"], "trial")
        return self.c.store.services.get(p.id)

    def keep_after_trial(self, service_id, plan: str | None, pin: str | None = None, source: str = "ui") -> None:
        """The driver's explicit yes: at the end of the trial, continue with this plan (None: do not)."""
        service = self._runnable_service(service_id)
        p = self.entitlement(service["id"])
        if p is None or p.plan != "trial":
            raise NotAllowed(f"There is no {service['name']} trial running.")
        self._not_in_valet()
        self._owned_by_me(p)
        if plan is not None:
            plan = self._check_plan(service, plan)
            self._check_buyer(pin, source)
        with self.c.store.write():
            self.c.store.services.update(p.id, then_plan=plan)
        self._announce(service["id"], "trial_choice")

    # ------------------------------------------------------------------ cancelling
    def _refund(self, p: Purchase, now: datetime) -> tuple[Decimal, int, int]:
        """(refund, unused whole days, days in the period). A started day counts as used, except
        within 48 hours of the charge, when all of it comes back."""
        price = Decimal(p.price)
        if p.plan == "trial":
            return Decimal("0.00"), 0, 0
        if p.plan == "lifetime":
            days = self._catalog["lifetime_refund_days"]
            bought = parse_time(p.started_at)
            if now - bought <= timedelta(days=days):
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
        if p.plan == "lifetime":
            days = self._catalog["lifetime_refund_days"]
            if self.now() - parse_time(p.started_at) > timedelta(days=days):
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
            self._end(p, self.now(), f"Cancelled ({source})", status="cancelled")
        self._announce(service["id"], "cancelled")
        return q

    def set_auto_renew(self, service_id, on: bool, source: str = "ui") -> None:
        service = self._service(service_id)
        p = self.entitlement(service["id"])
        if p is None or p.plan not in PLAN_MONTHS:
            raise NotAllowed(f"There is no {service['name']} subscription to renew.")
        self._not_in_valet()
        self._owned_by_me(p)
        with self.c.store.write():
            self.c.store.services.update(p.id, auto_renew=bool(on))
        self._announce(service["id"], "renewal")

    def _end(self, p: Purchase, now: datetime, note: str, status: str = "cancelled") -> None:
        """End a purchase now, refunding the unused part. The caller holds the transaction."""
        s = self.c.store.services
        refund, left, period = self._refund(p, now)
        s.update(p.id, status=status, ended_at=now.isoformat(), period_end=min(
            parse_time(p.period_end), now).isoformat() if p.period_end else now.isoformat())
        if p.plan == "trial":
            s.add_receipt(purchase_id=p.id, profile_id=p.profile_id, vin=p.vin, service_id=p.service_id,
                          kind="trial_end", plan="trial", amount="0.00", currency=p.currency, at=now.isoformat(),
                          note=note + "; nothing was charged")
            return
        detail = f"{left} of {period} days unused" if period else "returned within the refund period"
        if refund > 0:
            receipt = s.add_receipt(purchase_id=p.id, profile_id=p.profile_id, vin=p.vin, service_id=p.service_id,
                                    kind="refund", plan=p.plan, amount=str(refund), currency=p.currency,
                                    at=now.isoformat(), note=f"{note}: {detail}")
            self.c.ledger.post("refund", PROVIDER, f"driver:{p.profile_id}", refund, p.currency, p.brand_id, now,
                               vin=p.vin, profile_id=p.profile_id, service_id=p.service_id, receipt_id=receipt.id,
                               note=f"Refund {p.service_id} {p.plan}")
        else:
            s.add_receipt(purchase_id=p.id, profile_id=p.profile_id, vin=p.vin, service_id=p.service_id,
                          kind="expiry", plan=p.plan, amount="0.00", currency=p.currency, at=now.isoformat(),
                          note=f"{note}: no unused days to refund")

    # ------------------------------------------------------------------ time-driven: renewals, trial ends
    def tick(self) -> None:
        self._remind()
        self._expire_due()
        if self.c.get(HANDS_FREE) is True and self._gate("autodrive.hands_free"):
            try:
                self.c.set(HANDS_FREE, False, "system")
            except CockpitError:
                return  # another domain's rule holds it now; tried again on the next tick
            self.c.notice("Hands-free ended with its plan: hands on the wheel.", "warning")

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
            name = self._by_id.get(p.service_id, {}).get("name", p.service_id)
            if p.plan == "trial":
                then = f"then {p.then_plan} as you chose" if p.then_plan else "nothing will be charged"
                self.c.notice(f"{name} trial ends {end:%d %b}; {then}.")
            else:
                self.c.notice(f"{name} renews {end:%d %b} for {money_text(p.price, p.currency)}; cancel any time.")

    def _expire_due(self) -> None:
        now = self.now()
        for p in self.c.store.services.active():
            if p.period_end is None or now < parse_time(p.period_end):
                continue
            with self.c.store.write():
                message = self._due(p, now)
            self._announce(p.service_id, "renewal")
            if message:
                self.c.notice(message)

    def _due(self, p: Purchase, now: datetime) -> str | None:
        s = self.c.store.services
        service = self._by_id.get(p.service_id, {"name": p.service_id, "prices": {}})
        end = parse_time(p.period_end)
        if p.plan == "trial":
            s.update(p.id, status="ended", ended_at=end.isoformat())
            if p.then_plan and p.currency in service["prices"] and p.profile_id is not None:
                s.add_receipt(purchase_id=p.id, profile_id=p.profile_id, vin=p.vin, service_id=p.service_id,
                              kind="trial_end", plan="trial", amount="0.00", currency=p.currency, at=end.isoformat(),
                              note=f"Trial ended; continued {p.then_plan} as chosen")
                self._start_paid_at(service, p, end)
                self._catch_up(p.service_id, now)
                return f"{service['name']}: trial over, {p.then_plan} plan started as you chose."
            s.add_receipt(purchase_id=p.id, profile_id=p.profile_id, vin=p.vin, service_id=p.service_id,
                          kind="trial_end", plan="trial", amount="0.00", currency=p.currency, at=end.isoformat(),
                          note="Trial ended by itself; nothing was charged")
            return f"{service['name']} trial ended. Nothing was charged."
        if not p.auto_renew:
            s.update(p.id, status="ended", ended_at=end.isoformat())
            s.add_receipt(purchase_id=p.id, profile_id=p.profile_id, vin=p.vin, service_id=p.service_id,
                          kind="expiry", plan=p.plan, amount="0.00", currency=p.currency, at=end.isoformat(),
                          note="Ended at the end of the period (renewal was off)")
            return f"{service['name']} ended (renewal was off)."
        # renew every period that has passed, each on its own date and in its own month
        start = end
        while start <= now:
            new_end = self._boundary_after(p, start)
            receipt = s.add_receipt(purchase_id=p.id, profile_id=p.profile_id, vin=p.vin, service_id=p.service_id,
                                    kind="renewal", plan=p.plan, amount=p.price, currency=p.currency,
                                    at=start.isoformat(), period_start=start.isoformat(), period_end=new_end.isoformat(),
                                    note="Renewed")
            self.c.ledger.post("renewal", f"driver:{p.profile_id}", PROVIDER, p.price, p.currency, p.brand_id, start,
                               vin=p.vin, profile_id=p.profile_id, service_id=p.service_id, receipt_id=receipt.id,
                               note=f"{service['name']} {p.plan} renewal")
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

    def _start_paid_at(self, service: dict, trial: Purchase, at: datetime) -> None:
        s = self.c.store.services
        brand = self.c.store.catalog.brand(trial.brand_id)
        plan = trial.then_plan
        price = money(service["prices"][trial.currency][plan])
        end = add_months(at, PLAN_MONTHS[plan]) if plan in PLAN_MONTHS else None
        first = not s.paid_before(trial.service_id, trial.profile_id)
        p = s.add(service_id=trial.service_id, plan=plan, profile_id=trial.profile_id, vin=trial.vin,
                  brand_id=trial.brand_id, transfer=trial.transfer, currency=trial.currency, price=str(price),
                  started_at=at.isoformat(), period_start=at.isoformat(), period_end=end.isoformat() if end else None,
                  anchor_day=at.day, auto_renew=plan in PLAN_MONTHS, status="active")
        receipt = s.add_receipt(purchase_id=p.id, profile_id=p.profile_id, vin=p.vin, service_id=p.service_id,
                                kind="charge", plan=plan, amount=str(price), currency=p.currency, at=at.isoformat(),
                                period_start=p.period_start, period_end=p.period_end,
                                note="After the free trial, as you chose")
        self.c.ledger.post("sale", f"driver:{p.profile_id}", PROVIDER, price, p.currency, p.brand_id, at, vin=p.vin,
                           profile_id=p.profile_id, service_id=p.service_id, receipt_id=receipt.id,
                           note=f"{service['name']} {plan}")
        if first:
            self.c.ledger.post("incentive", PROVIDER, f"automaker:{brand.id}", brand.rates["signup_incentive"],
                               brand.currency, brand.id, at, vin=p.vin, profile_id=p.profile_id,
                               service_id=p.service_id, receipt_id=receipt.id, note=f"Sign-up in the car: {service['name']}")

    def _catch_up(self, service_id: str, now: datetime) -> None:
        for p in self.c.store.services.active():
            if p.service_id == service_id and p.period_end and parse_time(p.period_end) <= now:
                self._due(p, now)

    # ------------------------------------------------------------------ receipts
    def receipts(self, profile_id: int | None = None, source: str = "ui") -> list[Receipt]:
        self.c.authority.require("data.read", source=source)  # hidden in valet mode
        pid = self.c.active_profile_id() if profile_id is None else profile_id
        return self.c.store.services.receipts(profile_id=pid)

    def receipt_line(self, r: Receipt) -> str:
        name = self._by_id.get(r.service_id, {}).get("name", r.service_id)
        amount = money(r.amount)
        sign = "-" if r.kind == "refund" else ""
        kind = {"trial": "Trial", "charge": "Charge", "renewal": "Renewal", "refund": "Refund",
                "trial_end": "Trial end", "expiry": "Ended"}[r.kind]
        when = parse_time(r.at)
        return f"{when:%Y-%m-%d}  {kind:<9} {name} ({PLAN_NAMES.get(r.plan, r.plan).lower()})  " \
               f"{sign}{money_text(amount, r.currency)}"

    # ------------------------------------------------------------------ events
    def _announce(self, service_id: str, what: str) -> None:
        self.c.events.publish(MarketplaceChanged(service_id, what))

