"""The checks before a purchase is made or changed: not in valet mode, the buyer's right (asked of
the authority), a plan the service comes on, and that the purchase belongs to the profile at the wheel."""

from __future__ import annotations

from typing import Callable

from store.services import Purchase
from tui.controller.errors import InvalidValue, NotAllowed
from tui.controller.services.plans import PLANS

VALET = "Vehicle.Private.SmartCockpit.Valet.IsActive"


class ChecksMixin:
    """`Services`' checks, shared by buying, trials, cancelling and renewals."""

    def _not_in_valet(self) -> None:
        """Cancelling, renewals and the choice after a trial: the authority's services.change."""
        self.c.authority.require("services.change")

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
        """Only the profile that bought it changes a purchase (the authority's services.change)."""
        self.c.authority.require("services.change", target=p.profile_id if p.profile_id is not None else -1)

    def _mine_to_change(self, service: dict, fits: Callable[[Purchase], bool], missing: str) -> Purchase:
        """The purchase of `service` this car and profile have now, when `fits` says it is the kind
        to change (else NotAllowed(missing)), out of valet mode and bought by the profile at the wheel."""
        p = self.entitlement(service["id"])
        if p is None or not fits(p):
            raise NotAllowed(missing)
        self._not_in_valet()
        self._owned_by_me(p)
        return p
