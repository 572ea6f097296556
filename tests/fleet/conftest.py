"""Fleet fixtures: a controller with an operator PIN, and small fleets built row by row."""

from __future__ import annotations

import pytest

from tui.controller.fleet import Fleet
from tui.controller.fleet.rollouts import RolloutEngine

PIN = "8080"
MODEL = "peugeot-3008-2024"  # STLA Medium, STLA Brain, over the air
BASE = {"head_unit": "5.1.0", "driver_assistance": "3.1.0", "battery_management": "2.0.5",
        "connectivity": "1.9.0", "language_pack": "2026.9.1"}


@pytest.fixture
def fleet(controller):
    controller.ledger.set_operator_pin(PIN)
    return Fleet(controller)


@pytest.fixture
def engine(controller):
    return RolloutEngine(controller.store, controller.clock)


def car_row(i: int, model_id: str = MODEL, region: str = "EU-West", **versions) -> tuple:
    """A fleet_cars row (without id) for car number i (unique in its fleet) of a catalog model."""
    v = {**BASE, **versions}
    brand, platform, architecture = MODELS[model_id]
    return (f"VF3S{i:013d}", brand, model_id, platform, architecture, region,
            v["head_unit"], v["driver_assistance"], v["battery_management"], v["connectivity"], v["language_pack"])


MODELS = {  # as in store/catalog/vehicles.json
    "peugeot-3008-2024": ("peugeot", "STLA Medium", "STLA Brain"),
    "jeep-wagoneer-s-2024": ("jeep", "STLA Large", "STLA Brain"),
    "fiat-500e-2024": ("fiat", "Mini BEV", "Atlantis"),
    "fiat-panda-2024": ("fiat", "Mini", "pre-STLA"),  # no over-the-air updates
    "opel-corsa-electric-2024": ("opel", "CMP", "EE2"),
}


def small_fleet(controller, n: int = 1000, model_id: str = MODEL, **versions) -> None:
    with controller.store.write():
        controller.store.fleet.replace_cars([car_row(i, model_id, **versions) for i in range(n)],
                                           "2026-11-23T08:00:00")


def add_release(controller, component: str, version: str, rules: dict | None = None):
    from tui.controller.fleet.compat import normalize_rules

    with controller.store.write():
        rid = controller.store.fleet.add_release(component, version, "", normalize_rules(rules), "2026-11-23T08:00:00")
    return controller.store.fleet.release(rid)
