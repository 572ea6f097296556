"""`Services` (``controller.services``): the connected-services marketplace as one object.

This module puts it together from the mixins of its sibling modules (each holds one part of the
domain), keeps the shipped catalog it reads, hangs its feature gate and write guard on the
controller, and says when anything changed (`MarketplaceChanged`).
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

from store.services import service_catalog
from tui.controller.events import Event
from tui.controller.services.buying import BuyingMixin
from tui.controller.services.cancelling import CancellingMixin
from tui.controller.services.catalog import CatalogMixin
from tui.controller.services.checks import ChecksMixin
from tui.controller.services.entitlements import EntitlementsMixin
from tui.controller.services.receipts import ReceiptsMixin
from tui.controller.services.renewals import RenewalsMixin
from tui.controller.services.trials import TrialsMixin


@dataclass(frozen=True)
class MarketplaceChanged(Event):
    """A purchase, trial, renewal, cancellation or refund happened."""

    service_id: str
    what: str


class Services(CatalogMixin, EntitlementsMixin, ChecksMixin, BuyingMixin, TrialsMixin, CancellingMixin,
               RenewalsMixin, ReceiptsMixin):
    """The services domain as one object; each mixin's methods use `c` (the controller) and the
    catalog kept here (`_catalog`, `_by_id`, `_by_feature`)."""

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

    def now(self) -> datetime:
        return self.c.ledger.now()

    def _announce(self, service_id: str, what: str) -> None:
        self.c.events.publish(MarketplaceChanged(service_id, what))
