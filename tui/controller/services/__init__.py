"""Connected services bought in the car (the marketplace): for now the whole domain is in
`catalog`, moved unchanged from tui/controller/services.py; the split into modules follows.

Everything is importable from here, as it was when the services were one module.
"""

from __future__ import annotations

from tui.controller.services.catalog import (CENT, CHANGED_MIND, HANDS_FREE, PER, PLAN_MONTHS, PLAN_NAMES, PLANS,
                                             REMIND_DAYS, ROUND_HALF_UP, VALET, CancelQuote, MarketplaceChanged, Offer,
                                             Quote, Services)

__all__ = ["Services", "MarketplaceChanged", "Offer", "Quote", "CancelQuote", "PLANS", "PLAN_NAMES", "PLAN_MONTHS",
           "PER", "REMIND_DAYS", "CHANGED_MIND", "VALET", "HANDS_FREE", "CENT", "ROUND_HALF_UP"]
