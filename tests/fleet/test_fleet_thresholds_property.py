"""Any sequence of reports: the rollout stops at the first report after which at least the minimum
number of cars finished and the failure rate is above the threshold, and never before (a plain
reference count beside the engine, for sequences hypothesis draws)."""

from __future__ import annotations

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from tests.fleet.conftest import add_release, small_fleet

CARS = 60


def reference(outcomes: list[bool], threshold: float, minimum: int) -> int | None:
    errors = 0
    for i, ok in enumerate(outcomes):
        errors += not ok
        done = i + 1
        if done >= minimum and 100.0 * errors / done > threshold:
            return i
    return None


@settings(max_examples=40, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(outcomes=st.lists(st.booleans(), min_size=1, max_size=CARS),
       threshold=st.sampled_from([0.0, 5.0, 10.0, 25.0, 50.0]),
       minimum=st.integers(min_value=1, max_value=30),
       split=st.integers(min_value=1, max_value=CARS))
def test_the_error_threshold_stops_at_exactly_the_first_report_over_it(controller, engine, outcomes, threshold,
                                                                        minimum, split):
    q = controller.store.fleet
    if q.car_count() == 0:
        small_fleet(controller, CARS)
        add_release(controller, "head_unit", "6.0.0")
    with controller.store.write():
        rid = q.add_rollout("p", 1, {}, 100.0, threshold, minimum, False, {}, "2026-11-23T08:00:00")
        q.add_groups(rid, [(1, "all", {}, CARS)])
        q.add_targets(rid, [(car, 1, "1") for car in range(1, CARS + 1)])
    engine.start(rid)
    reports = [(car, ok, "") for car, ok in zip(range(1, CARS + 1), outcomes)]
    # the reports arrive in two batches, cut anywhere: the batch boundary changes nothing
    first = engine.report(rid, reports[:split])
    second = engine.report(rid, reports[split:]) if reports[split:] else None
    want = reference(outcomes, threshold, minimum)
    if want is None:
        assert q.rollout(rid).status in ("running", "finished")
        assert first.paused_at is None and (second is None or second.paused_at is None)
    elif want < split:
        assert first.paused_at == want and q.rollout(rid).status == "paused"
    else:
        assert first.paused_at is None and second.paused_at == want - split
        assert q.rollout(rid).status == "paused"
    # every report counted, also those after the stop
    counts = q.groups(rid)[0].counts
    assert (counts["finished"], counts["error"]) == (sum(outcomes), len(outcomes) - sum(outcomes))
