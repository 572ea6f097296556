"""The plans a service is sold on: their names, how long a period lasts and how a price reads."""

from __future__ import annotations

from datetime import datetime

from tui.controller.ledger import add_months

PLANS = ("monthly", "yearly", "lifetime")
PLAN_NAMES = {"monthly": "Monthly", "yearly": "Yearly", "lifetime": "Lifetime", "trial": "Free trial"}
PLAN_MONTHS = {"monthly": 1, "yearly": 12}
PER = {"monthly": "a month", "yearly": "a year", "lifetime": "once"}


def renews_on(plan: str, start: datetime) -> datetime | None:
    """When a first period of `plan` begun at `start` ends; None for a plan that never renews (lifetime)."""
    return add_months(start, PLAN_MONTHS[plan]) if plan in PLAN_MONTHS else None
