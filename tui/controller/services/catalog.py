"""What this car can have: the services the model can run or has built in, found by id or name,
and the offers (`Offer`) the driver sees, with this profile's status."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import datetime

from store.services import Purchase
from tui.controller.errors import NotOnThisCar, UnknownName
from tui.controller.ledger import money, money_text, parse_time
from tui.controller.services.plans import PER, PLAN_NAMES, PLANS


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


class CatalogMixin:
    """`Services`' catalog: what the model can run, what it has built in, and the offers."""

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

    def _name(self, service_id: str) -> str:
        """The service's name, or its id when the catalog no longer has it."""
        return self._by_id.get(service_id, {}).get("name", service_id)

    def service_for_feature(self, feature: str) -> str | None:
        service = self._by_feature.get(feature)
        return service["id"] if service else None

    # ------------------------------------------------------------------ the offers
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
            note = f"Free trial until {self.c.date_text(until)}; " + (
                f"then {p.then_plan} as you chose." if p.then_plan else "it ends then, nothing is charged.")
            return Offer(**base, status="trial", note=note, purchase=p, until=until)
        if p.plan == "lifetime":
            return Offer(**base, status="lifetime", note="Yours for life.", purchase=p)
        note = (f"{PLAN_NAMES[p.plan]}, renews {self.c.date_text(until)}." if p.auto_renew
                else f"{PLAN_NAMES[p.plan]}, ends {self.c.date_text(until)} (renewal off).")
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
