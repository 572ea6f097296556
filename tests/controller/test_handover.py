"""The Level 3 handover (issue 17): when eyes-off's conditions end, a timed take-over request on
the controller's clock; the driver confirms, or the car escalates and keeps assist off; every
handover is an alert; the simulator can end each condition on purpose. FakeClock, no sleeps."""

from __future__ import annotations

import pytest

from tui.controller.errors import InvalidValue, NotAllowed
from tui.controller.handover import ASKING, COUNTDOWN_S, ESCALATED, TAKEN, HandoverChanged

P = "Vehicle.Private.SmartCockpit."
HF = P + "ADAS.HandsFree.IsActive"
EO = P + "ADAS.EyesOff.IsActive"
DMS = "Vehicle.ADAS.DMS.IsEnabled"
CRUISE = "Vehicle.ADAS.CruiseControl.IsEnabled"
LKA = P + "ADAS.LaneKeepAssist.Mode"
HAZARD = "Vehicle.Body.Lights.Hazard.IsSignaling"


@pytest.fixture
def l3(controller):
    c = controller
    c.car_for_model("jeep-wagoneer-s-2024")  # Level 3
    c.services.start_trial("handsfree")
    c.set_many({CRUISE: True, DMS: True})
    if c.has(LKA):
        c.set(LKA, "CENTERING") if "CENTERING" in c.spec(LKA).allowed else None
    c.set("Vehicle.Speed", 50.0, source="simulator")
    c.set(EO, True)
    return c


def wait(c, seconds):
    for _ in range(seconds):
        c.clock.advance(1)
        c.tick()


@pytest.mark.parametrize("which, why", [("speed", "up to"), ("highway", "highway"), ("monitoring", "monitoring")])
def test_each_condition_ending_asks_for_a_timed_take_over(l3, which, why):
    c = l3
    events = []
    c.subscribe(lambda e: events.append(e) if isinstance(e, HandoverChanged) else None)
    c.simulator.end_condition(which)
    h = c.driver_assistance.handover
    assert c.get(EO) is False  # eyes-off off at once
    assert h.state == ASKING and why in h.reason
    assert events and events[-1].state == ASKING
    assert h.seconds_left() == COUNTDOWN_S
    wait(c, 4)
    assert h.seconds_left() == COUNTDOWN_S - 4 and h.state == ASKING
    alert = c.alerts.list(source="assist")[0]
    assert alert.kind == "handover" and alert.text.startswith("Take over:")


def test_confirming_hands_on_ends_it(l3):
    c = l3
    c.simulator.end_condition("speed")
    wait(c, 3)
    assert "You are driving" in c.driver_assistance.handover.confirm()
    h = c.driver_assistance.handover
    assert h.state == TAKEN and h.seconds_left() == 0
    assert c.alerts.list(source="assist")[0].text.startswith("Driver took over in 3 s")
    wait(c, COUNTDOWN_S)
    assert h.state == TAKEN  # no escalation after the answer
    assert c.driver_assistance.handover.confirm() == "Nothing to take over."


def test_no_answer_escalates_and_keeps_assist_off(l3):
    c = l3
    c.simulator.end_condition("monitoring")
    wait(c, COUNTDOWN_S - 1)
    h = c.driver_assistance.handover
    assert h.state == ASKING
    wait(c, 1)
    assert h.state == ESCALATED
    assert c.get(HAZARD) is True and c.get(HF) is not True
    assert c.alerts.list(source="assist")[0].severity == "error"
    c.set(DMS, True)
    with pytest.raises(NotAllowed, match="confirm hands-on"):
        c.set(EO, True)
    with pytest.raises(NotAllowed, match="confirm hands-on"):
        c.set(HF, True)
    h.confirm()
    assert h.state == TAKEN and c.get(HAZARD) is False
    c.set(EO, True)  # conditions hold again (50 km/h, monitoring on, on the highway)
    assert c.get(EO) is True


def test_off_the_highway_eyes_off_waits_for_the_next_drive(l3):
    c = l3
    c.simulator.end_condition("highway")
    c.driver_assistance.handover.confirm()
    with pytest.raises(NotAllowed, match="highway"):
        c.set(EO, True)
    c.simulator.stop()
    assert c.driver_assistance.handover.on_highway


def test_hands_free_ending_is_an_alert_too(controller):
    c = controller
    c.car_for_model("ram-1500-2025")
    c.services.start_trial("handsfree")
    c.set(CRUISE, True)
    c.set(HF, True)
    c.set(DMS, False)
    assert c.get(HF) is False
    assert c.alerts.list(source="assist")[0].kind == "hands_free_off"


def test_unknown_condition_is_refused(controller):
    with pytest.raises(InvalidValue, match="speed, highway, monitoring"):
        controller.simulator.end_condition("rain")
