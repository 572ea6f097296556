"""The simulated fleet: spread over the catalog's brands, models, regions and versions, seeded,
written in one go; 100,000 cars work."""

from __future__ import annotations

import pytest

from tests.fleet.conftest import PIN
from tui.controller.authority import PinNeeded
from tui.controller.errors import CockpitError, NotAllowed
from tui.controller.fleet.generate import FIELD_VERSIONS, REGIONS
from tui.controller.fleet.versions import COMPONENTS


def test_a_fleet_spreads_over_the_catalog(controller, fleet):
    assert fleet.generate(3000, pin=PIN) == 3000
    q = controller.store.fleet
    assert q.car_count() == 3000
    brands = {b.id: b for b in controller.store.catalog.brands()}
    models = {m.id: m for m in controller.store.catalog.models()}
    rows = q.car_rows()
    assert {r[2] for r in rows} == set(brands)  # all 14 brands
    assert len({r[3] for r in rows}) == len(models)  # every model of the catalog
    for _id, vin, brand, model, platform, architecture, region, *versions in rows:
        m = models[model]
        assert m.brand_id == brand and m.platform == platform and m.architecture == architecture
        assert region in REGIONS[brands[brand].market]
        assert len(vin) == 17
        for comp, version in zip(COMPONENTS, versions):
            assert version in dict(FIELD_VERSIONS[comp])
    assert len({r[1] for r in rows}) == 3000
    per_brand = fleet.cars_by("brand_id")
    assert min(per_brand.values()) > 3000 / 14 * 0.75  # brands about even


def test_the_same_seed_gives_the_same_fleet(controller, fleet):
    fleet.generate(500, seed=7, pin=PIN)
    first = controller.store.fleet.car_rows()
    fleet.generate(500, seed=7, pin=PIN)
    assert controller.store.fleet.car_rows() == first
    fleet.generate(500, seed=8, pin=PIN)
    assert controller.store.fleet.car_rows() != first


@pytest.mark.parametrize("count", [0, -5, 2_000_000])
def test_a_fleet_of_no_cars_or_too_many_is_refused_and_nothing_changes(controller, fleet, count):
    fleet.generate(100, pin=PIN)
    with pytest.raises(CockpitError, match="1 to 1,000,000 cars"):
        fleet.generate(count, pin=PIN)
    assert controller.store.fleet.car_count() == 100


def test_generating_needs_the_operator_pin(controller, fleet):
    with pytest.raises(PinNeeded):
        fleet.generate(10)
    with pytest.raises(NotAllowed, match="Wrong PIN|wrong|PIN"):
        fleet.generate(10, pin="1111")
    assert controller.store.fleet.car_count() == 0


def test_a_hundred_thousand_cars(controller, fleet):
    assert fleet.generate(100_000, pin=PIN) == 100_000
    assert controller.store.fleet.car_count() == 100_000
    assert sum(fleet.cars_by("model_id").values()) == 100_000


def test_a_new_fleet_ends_the_rollouts_and_never_reuses_their_ids(controller, fleet):
    fleet.generate(200, pin=PIN)
    rel = fleet.add_release("head_unit", "6.0.0", pin=PIN)
    first = fleet.create_rollout(rel.id, pin=PIN)
    fleet.generate(200, pin=PIN)
    ended = controller.store.fleet.rollout(first.id)
    assert (ended.status, ended.pause_reason) == ("cancelled", "the fleet was replaced")
    assert controller.store.fleet.groups(first.id) == []
    assert fleet.create_rollout(rel.id, pin=PIN).id == first.id + 1  # reports and streams are named by it
