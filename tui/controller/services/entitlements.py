"""Who has a service now: the purchase or trial that covers this car and profile, the gate that
holds features across the app without it (controller.feature_block), and hands-free driving, which
cannot be engaged, nor stay on, without its plan."""

from __future__ import annotations

from datetime import datetime

from store.services import Purchase
from tui.controller.errors import CockpitError, NotAllowed
from tui.controller.ledger import parse_time

HANDS_FREE = "Vehicle.Private.SmartCockpit.ADAS.HandsFree.IsActive"


class EntitlementsMixin:
    """`Services`' entitlements, its feature gate and its write guard."""

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

    def _hands_free_block(self) -> str | None:
        return self._gate("autodrive.hands_free")

    def _guard(self, controller, spec, value, source: str) -> None:
        """Hands-free driving cannot be engaged without its service (the gate holds in every screen,
        the assistant and the command line alike)."""
        if spec.path == HANDS_FREE and value is True and source != "system":
            reason = self._hands_free_block()
            if reason:
                raise NotAllowed(reason)

    def _end_hands_free_without_plan(self) -> None:
        """On the tick: hands-free that is on when its plan has ended goes off, with a word to the driver."""
        if self.c.get(HANDS_FREE) is True and self._hands_free_block():
            try:
                self.c.set(HANDS_FREE, False, "system")
            except CockpitError:
                return  # another domain's rule holds it now; tried again on the next tick
            self.c.notice("Hands-free ended with its plan: hands on the wheel.", "warning")
