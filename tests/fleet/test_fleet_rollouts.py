"""Rollouts with hawkBit's semantics: the success threshold starts the next group (or pauses for
approval) at exactly the report that reaches it; the error threshold pauses at exactly the report
that takes the failure rate over it, once enough cars finished; pause, resume, cancel, retry."""

from __future__ import annotations

import math

import pytest

from tests.fleet.conftest import add_release, small_fleet
from tui.controller.errors import NotAllowed
from tui.controller.fleet import planning
from tui.controller.fleet.simulate import SimulatedCars


def make(controller, engine, n=1000, percentages=(10, 100), success=50.0, error=10.0, min_finished=20,
         approval=False):
    """A fleet of n cars, a head unit release, a rollout planned and started; its group 1 cars."""
    from tui.controller.fleet.fleet import Fleet

    small_fleet(controller, n)
    rel = add_release(controller, "head_unit", "6.0.0")
    controller.ledger.set_operator_pin("8080")
    r = Fleet(controller).create_rollout(rel.id, percentages=percentages, success_threshold=success,
                                         error_threshold=error, error_min_finished=min_finished, approval=approval,
                                         pin="8080")
    engine.start(r.id)
    return r.id, group_cars(controller, r.id, 1)


def group_cars(controller, rid, no):
    return sorted(t.car_id for t in controller.store.fleet.targets(rid, range(1, 100_000)).values() if t.group_no == no)


def statuses(controller, rid):
    return [g.status for g in controller.store.fleet.groups(rid)]


def test_the_error_threshold_counts_only_after_the_minimum_and_pauses_at_that_report(controller, engine):
    rid, cars = make(controller, engine, error=10.0, min_finished=20)
    # 5 failures first: 100 % failed, but fewer than 20 finished: no stop
    first = [(c, False, "failed") for c in cars[:5]] + [(c, True, "") for c in cars[5:19]]
    result = engine.report(rid, first)
    assert (result.applied, result.status, result.paused_at) == (19, "running", None)
    # the 20th finished car (a success) makes the rate count: 5 of 20 = 25 % > 10 %: stop here
    result = engine.report(rid, [(c, True, "") for c in cars[19:25]])
    assert result.status == "paused" and result.paused_at == 0
    assert result.reason == "Group 1: 5 of 20 finished cars failed (25.0 %, more than 10 %)."
    # the cars that reported after the stop still count (they installed), nothing new starts
    assert result.applied == 6
    assert statuses(controller, rid) == ["running", "scheduled"]


def test_a_rate_at_the_threshold_does_not_stop_one_above_does(controller, engine):
    rid, cars = make(controller, engine, error=10.0, min_finished=20)
    reports = [(c, i % 10 != 9, "") for i, c in enumerate(cars[:40])]  # every tenth fails: 10 % at 20, 30, 40
    result = engine.report(rid, reports)
    assert result.status == "running"
    result = engine.report(rid, [(cars[40], True, ""), (cars[41], False, ""), (cars[42], True, "")])
    # 5 of 42 = 11.9 % > 10 %: the failure is the report that stops it
    assert (result.status, result.paused_at) == ("paused", 1)


def test_the_success_threshold_starts_the_next_group_at_exactly_that_report(controller, engine):
    rid, cars = make(controller, engine, success=50.0, error=50.0)
    need = math.ceil(len(cars) * 0.5)
    result = engine.report(rid, [(c, True, "") for c in cars[:need - 1]])
    assert result.started_groups == () and statuses(controller, rid) == ["running", "scheduled"]
    second = group_cars(controller, rid, 2)
    # the report that reaches 50 % starts group 2, and a group 2 car reporting later in the same
    # batch counts; one before it would not have
    result = engine.report(rid, [(second[0], True, ""), (cars[need - 1], True, ""), (second[1], True, "")])
    assert result.started_groups == (2,)
    assert (result.applied, result.ignored) == (2, 1)
    assert statuses(controller, rid) == ["running", "running"]


def test_failures_do_not_count_toward_success(controller, engine):
    rid, cars = make(controller, engine, success=50.0, error=90.0)
    half = math.ceil(len(cars) * 0.5)
    engine.report(rid, [(c, False, "") for c in cars[:half]])
    assert statuses(controller, rid)[1] == "scheduled"


def test_success_can_pause_for_approval_and_resume_starts_the_group(controller, engine):
    rid, cars = make(controller, engine, success=50.0, error=50.0, approval=True)
    result = engine.report(rid, [(c, True, "") for c in cars])
    assert result.status == "paused" and result.reason.startswith("approval: group 1 reached 50 %")
    assert result.paused_at == math.ceil(len(cars) * 0.5) - 1
    assert statuses(controller, rid) == ["finished", "scheduled"]
    result = engine.resume(rid)
    assert result.started_groups == (2,) and result.status == "running"
    assert statuses(controller, rid) == ["finished", "running"]


def test_resume_after_an_emergency_stop_stops_again_only_on_a_new_failure(controller, engine):
    rid, cars = make(controller, engine, success=100.0, error=10.0, min_finished=20)
    engine.report(rid, [(c, i >= 3, "") for i, c in enumerate(cars[:20])])  # 3 of 20 = 15 %
    assert controller.store.fleet.rollout(rid).status == "paused"
    engine.resume(rid)
    result = engine.report(rid, [(c, True, "") for c in cars[20:22]])  # 3 of 22, still over: no new failure
    assert result.status == "running"
    result = engine.report(rid, [(cars[22], False, "")])  # 4 of 23 = 17 %: stops again
    assert (result.status, result.paused_at) == ("paused", 0)


def test_pause_holds_the_next_group_and_resume_starts_it(controller, engine):
    rid, cars = make(controller, engine, success=50.0, error=50.0)
    engine.pause(rid)
    result = engine.report(rid, [(c, True, "") for c in cars])
    assert result.started_groups == () and result.status == "paused"
    result = engine.resume(rid)
    assert result.started_groups == (2,) and statuses(controller, rid) == ["finished", "running"]
    with pytest.raises(NotAllowed, match="only a paused rollout resumes"):
        engine.resume(rid)


def test_cancel_stops_everything_and_late_reports_change_nothing(controller, engine):
    rid, cars = make(controller, engine)
    engine.report(rid, [(cars[0], True, "")])
    n = engine.cancel(rid)
    assert n == len(controller.store.fleet.targets(rid, range(1, 2000))) - 1
    assert statuses(controller, rid) == ["cancelled", "cancelled"]
    result = engine.report(rid, [(cars[1], True, "")])
    assert (result.applied, result.ignored, result.status) == (0, 1, "cancelled")
    with pytest.raises(NotAllowed):
        engine.start(rid)


def test_retry_sends_the_failed_cars_again(controller, engine):
    rid, cars = make(controller, engine, n=200, percentages=(100,), success=100.0, error=99.0)
    engine.report(rid, [(c, i % 4 != 0, "") for i, c in enumerate(cars)])
    r = controller.store.fleet.rollout(rid)
    failed = [c for i, c in enumerate(cars) if i % 4 == 0]
    assert r.status == "finished"
    assert engine.retry(rid) == len(failed)
    assert controller.store.fleet.rollout(rid).status == "running"
    result = engine.report(rid, [(c, True, "") for c in failed])
    assert result.status == "finished" and result.applied == len(failed)
    assert controller.store.fleet.groups(rid)[0].counts["error"] == 0


def test_unknown_and_repeated_reports_are_ignored(controller, engine):
    rid, cars = make(controller, engine)
    result = engine.report(rid, [(cars[0], True, ""), (cars[0], False, ""), (99_999, True, "")])
    assert (result.applied, result.ignored) == (1, 2)


def test_a_success_installs_the_whole_chain_on_the_car(controller, engine, fleet):
    small_fleet(controller, 50)
    add_release(controller, "connectivity", "2.0.0")
    hu = add_release(controller, "head_unit", "6.0.0", {"requires": {"connectivity": "2.0"}})
    r = fleet.create_rollout(hu.id, percentages=[100], pin="8080")
    engine.start(r.id)
    cars = group_cars(controller, r.id, 1)
    engine.report(r.id, [(cars[0], True, ""), (cars[1], False, "")])
    ok, failed = controller.store.fleet.car(cars[0]), controller.store.fleet.car(cars[1])
    assert (ok.versions["head_unit"], ok.versions["connectivity"]) == ("6.0.0", "2.0.0")
    assert (failed.versions["head_unit"], failed.versions["connectivity"]) == ("5.1.0", "1.9.0")


def test_the_whole_rollout_runs_to_the_end_through_its_groups(controller, engine):
    rid, _ = make(controller, engine, n=2000, percentages=(1, 10, 50, 100), success=90.0, error=50.0)
    cars = SimulatedCars({"default": 0.0})
    from tui.controller.fleet.fleet import Fleet

    f = Fleet(controller)
    for _ in range(10):
        result = f.advance(rid, 500, cars)
        if result.status == "finished":
            break
    assert result.status == "finished"
    assert statuses(controller, rid) == ["finished"] * 4


def test_group_assignment_is_stable_and_even_over_brands_and_models(controller, fleet):
    fleet.generate(20_000, pin="8080")
    rel = add_release(controller, "language_pack", "2026.11.0")
    r = fleet.create_rollout(rel.id, pin="8080")
    q = controller.store.fleet
    rows = {row[0]: row for row in q.car_rows()}
    targets = q.targets(r.id, rows)
    # stable: the place is a function of (rollout, car) and lands in the same group
    for cid, t in list(targets.items())[:500]:
        where = planning.place(r.id, cid)
        assert t.group_no == next(no for no, p in enumerate((1, 10, 50, 100), 1) if where < p / 100)
    # even: each brand and each model has its share of cars in the first groups (within 4 standard
    # deviations of a binomial draw), so no brand is first in line
    for column in (2, 3):
        per_key: dict = {}
        for cid, t in targets.items():
            key = rows[cid][column]
            n, first, early = per_key.get(key, (0, 0, 0))
            per_key[key] = (n + 1, first + (t.group_no == 1), early + (t.group_no <= 2))
        for key, (n, first, early) in per_key.items():
            for count, p in ((first, 0.01), (early, 0.10)):
                sd = math.sqrt(n * p * (1 - p))
                assert abs(count - n * p) <= 4 * sd + 1, (key, n, count, p)
    # another rollout of the same fleet draws other cars first
    again = fleet.create_rollout(rel.id, pin="8080")
    other = q.targets(again.id, rows)
    firsts = {c for c, t in targets.items() if t.group_no == 1}
    assert firsts != {c for c, t in other.items() if t.group_no == 1}


def test_filter_groups_take_their_cars_first(controller, fleet):
    fleet.generate(3000, pin="8080")
    rel = add_release(controller, "language_pack", "2026.11.0")
    r = fleet.create_rollout(rel.id, group_filters=[{"filter": {"brand": "fiat"}, "name": "Fiat"},
                                                    {"filter": {"region": ["EU-West", "UK"]}, "percent": 50}],
                             percentages=[100], target_filter={"brands": ["fiat", "opel", "vauxhall", "jeep"]},
                             pin="8080")
    q = controller.store.fleet
    rows = {row[0]: row for row in q.car_rows()}
    targets = q.targets(r.id, rows)
    assert {rows[c][2] for c in targets} <= {"fiat", "opel", "vauxhall", "jeep"}
    assert all(rows[c][2] == "fiat" for c, t in targets.items() if t.group_no == 1)
    assert all(rows[c][2] == "fiat" for c, t in targets.items() if t.group_no == 1)
    assert all(rows[c][6] in ("EU-West", "UK") and rows[c][2] != "fiat" for c, t in targets.items() if t.group_no == 2)
    assert [g.name for g in q.groups(r.id)] == ["Fiat", "EU-West UK", "100 %"]


def test_simulated_failure_rates_per_brand_and_model_repeat_with_the_seed(controller, engine):
    from tui.controller.fleet.simulate import parse_rates
    from store.fleet import Target

    targets = [Target(i, 1, "running", "1", "jeep" if i % 2 else "fiat", "fiat-500e-2024" if i % 4 == 0 else "x")
               for i in range(400)]
    cars = SimulatedCars(parse_rates("jeep=100%,fiat-500e-2024=0,default=0.5"), seed=3)
    answers = cars.answer(targets)
    assert all(not ok for cid, ok, _ in answers if cid % 2)  # every Jeep fails
    assert all(ok for cid, ok, _ in answers if cid % 4 == 0)  # every 500e installs
    other = [ok for cid, ok, _ in answers if cid % 4 == 2]
    assert 0.3 < sum(other) / len(other) < 0.7
    assert SimulatedCars(parse_rates("jeep=1,fiat-500e-2024=0,default=0.5"), seed=3).answer(targets) == answers


@pytest.mark.slow
def test_a_rollout_over_a_hundred_thousand_cars_runs_to_the_end(controller, fleet):
    fleet.generate(100_000, pin="8080")
    add_release(controller, "connectivity", "2.0.0")
    hu = add_release(controller, "head_unit", "6.0.0", {"requires": {"connectivity": "2.0"}})
    r = fleet.create_rollout(hu.id, pin="8080")
    groups = controller.store.fleet.groups(r.id)
    planned = sum(g.total for g in groups)
    assert planned + sum(r.skipped.values()) == 100_000
    fleet.start(r.id, pin="8080")
    cars = SimulatedCars({"default": 0.01}, seed=1)
    for _ in range(20):
        result = fleet.advance(r.id, 10_000, cars)
        if result.status != "running":
            break
    assert result.status == "finished"
    counts = [g.counts for g in controller.store.fleet.groups(r.id)]
    assert sum(c["finished"] + c["error"] for c in counts) == planned
