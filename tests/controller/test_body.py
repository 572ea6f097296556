"""Doors, windows, sunroof, trunks and locks: positions that move on the controller's clock,
one-touch, anti-pinch, close all, the switch (VSS Window.Switch / Sunroof.Switch) that says so,
parked-only trunks, and equipment per car from the catalog."""

from __future__ import annotations

import pytest

from tui.controller.errors import InvalidValue, NotAllowed, NotOnThisCar

DOOR = "Vehicle.Cabin.Door."
DRIVER = DOOR + "Row1.DriverSide.Window."
SUN = "Vehicle.Cabin.Sunroof."
OBSTACLE = "Vehicle.Private.SmartCockpit.Simulation.PinchObstacle"


def run(controller, clock, seconds: float, step: float = 0.5) -> None:
    """Let the controller's clock run, ticking as the app does."""
    t = 0.0
    while t < seconds - 1e-9:
        clock.advance(step)
        controller.tick()
        t += step


def test_one_touch_moves_the_window_over_time_and_the_switch_says_so(controller, clock):
    body = controller.body
    assert body.one_touch("Row1.DriverSide") == "Driver window opening."
    assert controller.get(DRIVER + "Switch") == "ONE_SHOT_OPEN"
    assert controller.get(DRIVER + "Position") == 0  # nothing moved yet: no time has passed
    run(controller, clock, 2)
    assert controller.get(DRIVER + "Position") == 50
    assert body.opening_text(body.opening("Row1.DriverSide")) == "Opening · 50 %"
    run(controller, clock, 2)
    assert controller.get(DRIVER + "Position") == 100
    assert controller.get(DRIVER + "Switch") == "INACTIVE"
    assert not body.moving()
    # one touch again closes it; a touch while it moves stops it where it is
    body.one_touch("Row1.DriverSide")
    run(controller, clock, 1)
    assert body.one_touch("Row1.DriverSide") == "Driver window stopped at open 75 %."
    run(controller, clock, 2)
    assert controller.get(DRIVER + "Position") == 75


def test_steps_and_range(controller, clock):
    body = controller.body
    body.step("Row1.PassengerSide", +1)
    body.step("Row1.PassengerSide", +1)  # a second press adds to where it is going
    assert body.target("Row1.PassengerSide") == 40
    assert controller.get(DOOR + "Row1.PassengerSide.Window.Switch") == "OPEN"
    run(controller, clock, 3)
    assert controller.get(DOOR + "Row1.PassengerSide.Window.Position") == 40
    assert str(body.step("Row1.DriverSide", -1)) == "Driver window is closed."  # at its limit
    with pytest.raises(InvalidValue, match="0 \\(closed\\) to 100"):
        body.move_to("Row1.DriverSide", 120)
    assert body.move_to("Row1.DriverSide", 0) == "Driver window is already closed."


def test_anti_pinch_stops_a_closing_window_and_backs_it_off(controller, clock):
    body = controller.body
    controller.set(DRIVER + "Position", 100, "simulator")
    notices = []
    controller.subscribe(lambda e: notices.append(getattr(e, "text", None)))
    body.move_to("Row1.DriverSide", 0)
    run(controller, clock, 2)
    assert controller.get(DRIVER + "Position") == 50
    controller.set(OBSTACLE, "Row1.DriverSide", "simulator")
    run(controller, clock, 1)
    assert controller.get(DRIVER + "Position") == 70  # stopped, and opened a little
    assert not body.moving() and controller.get(DRIVER + "Switch") == "INACTIVE"
    assert any(n and "Anti-pinch" in n for n in notices)
    # opening is never blocked; once the way is clear it closes
    controller.set(OBSTACLE, "", "simulator")
    body.move_to("Row1.DriverSide", 0)
    run(controller, clock, 4)
    assert controller.get(DRIVER + "Position") == 0


def test_sunroof_slides_and_tilts_through_its_own_range(controller, clock):
    body = controller.body  # the demo car (Wagoneer S) has a sunroof
    assert body.move_to("Sunroof", 100) == "Sunroof opening."
    run(controller, clock, 3)
    assert 0 < controller.get(SUN + "Position") < 100  # slower than a window
    run(controller, clock, 5)
    assert controller.get(SUN + "Position") == 100 and controller.get(SUN + "Switch") == "INACTIVE"
    body.close_all()
    run(controller, clock, 8)
    assert controller.get(SUN + "Position") == 0
    assert body.tilt() == "Sunroof tilting."
    assert controller.get(SUN + "Switch") == "TILT_UP"
    run(controller, clock, 8)
    assert controller.get(SUN + "Position") == -100
    assert body.opening_text(body.opening("Sunroof")) == "Tilted"


def test_a_switch_set_directly_moves_the_position(controller, clock):
    """`state set ...Sunroof.Switch OPEN` or a routine: the position follows (issue 16)."""
    controller.set(SUN + "Switch", "OPEN", "cli")
    run(controller, clock, 8)
    assert controller.get(SUN + "Position") == 100
    assert controller.get(SUN + "Switch") == "INACTIVE"


def test_close_all_closes_every_window_and_the_sunroof(controller, clock):
    body = controller.body
    for place in ("Row1.DriverSide", "Row2.PassengerSide"):
        controller.set(DOOR + place + ".Window.Position", 60, "simulator")
    controller.set(SUN + "Position", 40, "simulator")
    assert body.close_all() == "Closing 2 windows and the sunroof."
    run(controller, clock, 4)
    assert all(controller.get(op.position) == 0 for op in body.openings())
    assert body.close_all() == "All windows and the sunroof are closed."


def test_trunks_are_parked_only_and_per_car(controller):
    body = controller.body
    assert body.trunks() == [("Rear", "Tailgate"), ("Front", "Frunk")]  # Wagoneer S: a frunk
    assert body.set_trunk("front", True) == "Frunk opening."
    assert controller.get("Vehicle.Body.Trunk.Front.IsOpen") is True
    controller.set("Vehicle.Speed", 40.0, source="simulator")
    with pytest.raises(NotAllowed, match="Open the tailgate when parked"):
        body.set_trunk("rear", True)
    assert body.set_trunk("front", False) == "Frunk closing."  # closing is always allowed
    rows = {r.id: r for r in body.controls()}
    assert rows["trunk:Rear"].reason == "Available when parked"
    controller.set("Vehicle.Speed", 0.0, source="simulator")
    controller.car_for_model("jeep-grand-cherokee-2024")
    assert [name for _, name in controller.body.trunks()] == ["Tailgate"]
    with pytest.raises(NotOnThisCar, match="no frunk"):
        controller.body.set_trunk("front", True)


def test_equipment_comes_from_the_catalog(controller):
    controller.car_for_model("abarth-500e-2024")  # two doors, no sunroof
    body = controller.body
    assert [op.name for op in body.openings()] == ["Driver window", "Passenger window"]
    with pytest.raises(NotOnThisCar, match="no sunroof"):
        body.move_to("Sunroof", 100)
    rows = {r.id: r for r in body.controls("locks")}
    assert rows["childlock"].reason and "no rear doors" in rows["childlock"].reason
    assert body.trunks() == [("Rear", "Tailgate")]


def test_rear_windows_are_named_by_the_side_the_driver_sits(controller):
    controller.car_for_model("vauxhall-grandland-2025")
    names = [op.name for op in controller.body.windows()]
    assert names == ["Driver window", "Passenger window", "Rear right window", "Rear left window"]


def test_central_locking_child_locks_and_mirror_folding(controller):
    body = controller.body
    assert body.set_locked(False, confirmed=True) == "Car unlocked."  # unlocking asks a yes (body.unlock)
    assert not any(controller.get(p) for p in body.lock_paths())
    assert "Vehicle.Body.Trunk.Front.IsLocked" in body.lock_paths()
    assert body.activate("lockall") == "Car locked."
    assert body.activate("childlock") == "Child locks on."
    assert controller.get(DOOR + "Row2.DriverSide.IsChildLockActive") is True
    assert controller.get("Vehicle.Cabin.IsWindowChildLockEngaged") is True
    assert body.activate("fold") == "Mirrors folded"  # the mirrors' own rule (mirrors.py)
    assert controller.get("Vehicle.Body.Mirrors.DriverSide.IsFolded") is True


def test_doors_and_summary(controller):
    body = controller.body
    assert body.summary() == "Locked · all closed"
    controller.set(DOOR + "Row2.PassengerSide.IsOpen", True, "simulator")
    assert body.open_doors() == ["Rear right door"]
    assert body.summary() == "Rear right door open"
    assert body.door_text("Row2.PassengerSide") == "Open · locked"


def test_a_switch_left_on_by_another_process_moves_on_the_next_tick(db_path, clock):
    from tui.controller import Controller

    other = Controller.open(db_path, clock=clock)  # `smartcockpit state set ... Switch OPEN` and exit
    other.set(DRIVER + "Switch", "ONE_SHOT_OPEN", "cli")
    other.close()
    c = Controller.open(db_path, clock=clock)
    try:
        c.tick()  # adopted: it moves from now on
        run(c, clock, 4)
        assert c.get(DRIVER + "Position") == 100 and c.get(DRIVER + "Switch") == "INACTIVE"
    finally:
        c.close()
