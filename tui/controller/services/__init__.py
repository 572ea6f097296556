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

- `plans`: the plans (monthly, yearly, lifetime), their names and periods.
- `catalog`: what this car can run or has built in, and the offers (`Offer`) the driver sees.
- `entitlements`: the purchase that covers this car and profile now, the feature gate, hands-free.
- `checks`: valet mode, the buyer's right (the authority), the plan, whose purchase it is.
- `buying`: the quote (`Quote`) and the purchase, with its charge, sale and sign-up incentive.
- `trials`: free trials, and the driver's yes to a plan after one.
- `cancelling`: prorated refunds (`CancelQuote`) and ending a purchase.
- `renewals`: the tick: reminders, renewals, trial ends; renewal on or off.
- `receipts`: receipts and the ledger entries posted against them.
- `service`: `Services`, the one object made of the mixins above (and `MarketplaceChanged`).

Everything is importable from here, as it was when the services were one module.
"""

from __future__ import annotations

from decimal import ROUND_HALF_UP  # CENT and ROUND_HALF_UP: a test takes them from here, as before the split

from tui.controller.ledger import CENT
from tui.controller.services.buying import Quote
from tui.controller.services.cancelling import CHANGED_MIND, CancelQuote
from tui.controller.services.catalog import Offer
from tui.controller.services.checks import VALET
from tui.controller.services.entitlements import HANDS_FREE
from tui.controller.services.plans import PER, PLAN_MONTHS, PLAN_NAMES, PLANS
from tui.controller.services.renewals import REMIND_DAYS
from tui.controller.services.service import MarketplaceChanged, Services

__all__ = ["Services", "MarketplaceChanged", "Offer", "Quote", "CancelQuote", "PLANS", "PLAN_NAMES", "PLAN_MONTHS",
           "PER", "REMIND_DAYS", "CHANGED_MIND", "VALET", "HANDS_FREE", "CENT", "ROUND_HALF_UP"]
