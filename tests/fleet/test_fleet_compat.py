"""Compatibility: a release's rules, dependency chains resolved (lowest release that fits, the
chain's own rules and requirements too), downgrades refused, loops and dead ends explained."""

from __future__ import annotations

import pytest

from tests.fleet.conftest import BASE, PIN, add_release, small_fleet
from tui.controller.errors import InvalidValue, NotAllowed
from tui.controller.fleet.compat import CarFacts, Incompatible, Resolver, normalize_rules


def car(model="peugeot-3008-2024", brand="peugeot", platform="STLA Medium", architecture="STLA Brain", ota=True,
        **versions) -> CarFacts:
    return CarFacts(brand, model, platform, architecture, ota, {**BASE, **versions})


def chain(controller, release, facts):
    return [(r.component, r.version) for r in Resolver(controller.store.fleet.releases()).plan(release, facts)]


def test_a_dependency_chain_is_installed_in_order(controller):
    add_release(controller, "battery_management", "2.1.0")
    add_release(controller, "connectivity", "2.0.0", {"requires": {"battery_management": "2.1"}})
    hu = add_release(controller, "head_unit", "6.0.0", {"requires": {"connectivity": "2.0.0"}})
    assert chain(controller, hu, car()) == [("battery_management", "2.1.0"), ("connectivity", "2.0.0"),
                                            ("head_unit", "6.0.0")]
    # a car that already runs what is required installs the release alone
    assert chain(controller, hu, car(connectivity="2.0.0", battery_management="2.1.0")) == [("head_unit", "6.0.0")]
    # a newer requirement already met further down the chain is not installed again
    assert chain(controller, hu, car(battery_management="2.2.0")) == [("connectivity", "2.0.0"), ("head_unit", "6.0.0")]


def test_the_chain_takes_the_lowest_release_that_fits_this_car(controller):
    add_release(controller, "connectivity", "2.0.0", {"brands": ["jeep"]})  # not for a Peugeot
    add_release(controller, "connectivity", "2.1.0")
    add_release(controller, "connectivity", "2.5.0")
    add_release(controller, "connectivity", "1.9.5")  # too old for the requirement
    hu = add_release(controller, "head_unit", "6.0.0", {"requires": {"connectivity": "2.0"}})
    assert chain(controller, hu, car()) == [("connectivity", "2.1.0"), ("head_unit", "6.0.0")]
    jeep = car("jeep-wagoneer-s-2024", "jeep", "STLA Large")
    assert chain(controller, hu, jeep) == [("connectivity", "2.0.0"), ("head_unit", "6.0.0")]


def test_a_chain_with_no_way_through_says_where_it_stops(controller):
    add_release(controller, "connectivity", "2.0.0", {"requires": {"battery_management": "3.0"}})
    hu = add_release(controller, "head_unit", "6.0.0", {"requires": {"connectivity": "2.0"}})
    with pytest.raises(Incompatible, match=r"needs connectivity 2.0 or later: needs battery management 3.0 or "
                                           r"later: no such release"):
        chain(controller, hu, car())


def test_a_dependency_loop_is_refused(controller):
    add_release(controller, "connectivity", "2.0.0", {"requires": {"head_unit": "6.0"}})
    hu = add_release(controller, "head_unit", "6.0.0", {"requires": {"connectivity": "2.0"}})
    with pytest.raises(Incompatible, match="loop"):
        chain(controller, hu, car())


def test_downgrades_are_refused_and_the_same_version_is_up_to_date(controller):
    older = add_release(controller, "head_unit", "5.0.2")
    same = add_release(controller, "head_unit", "5.1.0")
    with pytest.raises(Incompatible, match=r"downgrade refused \(head unit 5.1.0 installed\)"):
        chain(controller, older, car())
    with pytest.raises(Incompatible, match="up to date"):
        chain(controller, same, car())
    # versions compare as numbers, not text: 5.10 is newer than 5.9
    newer = add_release(controller, "head_unit", "5.10.0")
    assert chain(controller, newer, car(head_unit="5.9.0")) == [("head_unit", "5.10.0")]
    with pytest.raises(Incompatible, match="downgrade"):
        chain(controller, add_release(controller, "head_unit", "5.9.9"), car(head_unit="5.10.0"))


def test_a_chain_never_downgrades_a_dependency(controller):
    """A requirement the car already exceeds is met: the older dependency is not installed."""
    add_release(controller, "connectivity", "1.5.0")
    hu = add_release(controller, "head_unit", "6.0.0", {"requires": {"connectivity": "1.5"}})
    assert chain(controller, hu, car(connectivity="1.9.2")) == [("head_unit", "6.0.0")]


def test_minimum_installed_versions_are_never_met_by_the_chain(controller):
    add_release(controller, "head_unit", "5.5.0")
    hu = add_release(controller, "head_unit", "6.0.0", {"min_installed": {"head_unit": "5.5"}})
    with pytest.raises(Incompatible, match="needs head unit 5.5 installed first"):
        chain(controller, hu, car())
    assert chain(controller, hu, car(head_unit="5.5.0")) == [("head_unit", "6.0.0")]


@pytest.mark.parametrize("rules, facts, reason", [
    ({"brands": ["jeep"]}, car(), "brand not in the release"),
    ({"models": ["fiat-500e-2024"]}, car(), "model not in the release"),
    ({"platforms": ["STLA Large"]}, car(), "platform not in the release"),
    ({"architectures": ["Atlantis"]}, car(), "architecture not in the release"),
    ({}, car("fiat-panda-2024", "fiat", "Mini", "pre-STLA", ota=False), "no over-the-air updates"),
])
def test_brand_model_platform_and_architecture_rules(controller, rules, facts, reason):
    rel = add_release(controller, "driver_assistance", "3.2.0", rules)
    with pytest.raises(Incompatible, match=reason):
        chain(controller, rel, facts)


def test_rules_are_checked_when_a_release_is_added(controller, fleet):
    with pytest.raises(InvalidValue, match="not a release rule"):
        normalize_rules({"colour": ["red"]})
    with pytest.raises(InvalidValue, match="Unknown brand 'tesla'"):
        fleet.add_release("head_unit", "6.0.0", rules={"brands": ["tesla"]}, pin=PIN)
    with pytest.raises(InvalidValue, match="not a version"):
        fleet.add_release("head_unit", "six", pin=PIN)
    with pytest.raises(InvalidValue, match="not a component"):
        fleet.add_release("radio", "1.0", pin=PIN)
    rel = fleet.add_release("hu", "6.0", rules={"requires": {"tcu": "2.0"}, "brands": "jeep"}, pin=PIN)
    assert (rel.component, rel.version, rel.rules) == ("head_unit", "6.0",
                                                       {"brands": ["jeep"], "requires": {"connectivity": "2.0"}})
    with pytest.raises(NotAllowed, match="released already"):
        fleet.add_release("head unit", "6.0.0", pin=PIN)
    assert len(fleet.releases()) == 1


def test_a_rollout_plans_every_car_or_says_why_not(controller, fleet):
    small_fleet(controller, 300)
    with controller.store.write():  # 40 more cars: a model without OTA, and cars already newer
        q = controller.store.fleet
        from tests.fleet.conftest import car_row

        q.db.conn.executemany(
            "INSERT INTO fleet_cars (vin, brand_id, model_id, platform, architecture, region, head_unit, "
            "driver_assistance, battery_management, connectivity, language_pack) VALUES (?,?,?,?,?,?,?,?,?,?,?)",
            [car_row(1000 + i, "fiat-panda-2024") for i in range(20)]
            + [car_row(2000 + i, head_unit="7.0.0") for i in range(20)])
    add_release(controller, "connectivity", "2.0.0")
    hu = add_release(controller, "head_unit", "6.0.0", {"requires": {"connectivity": "2.0"}})
    r = fleet.create_rollout(hu.id, pin=PIN)
    assert r.skipped == {"no over-the-air updates on this model": 20,
                         "downgrade refused (head unit 7.0.0 installed)": 20}
    groups = controller.store.fleet.groups(r.id)
    assert sum(g.total for g in groups) == 300
    targets = controller.store.fleet.targets(r.id, range(1, 400))
    assert {t.plan for t in targets.values()} == {"1,2"}  # connectivity, then the head unit
