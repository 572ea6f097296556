"""The assistant on the car's body and health (issue 17), checked as the big table checks its rows
(tests/controller/test_assistant_table.py, a fresh database each): windows and the sunroof that
move, close everything, trunks (parked only), locks, tyre pressures, open doors."""

from __future__ import annotations

import pytest

from tests.controller import test_assistant_table as table
from tests.controller.test_assistant_table import FIAT, row

template = table.template
fresh = table.fresh
DOOR = "Vehicle.Cabin.Door."
WIN = {k: f"{DOOR}{v}.Window.Position" for k, v in (("d", "Row1.DriverSide"), ("p", "Row1.PassengerSide"),
                                                     ("rl", "Row2.DriverSide"), ("rr", "Row2.PassengerSide"))}
SUN = "Vehicle.Cabin.Sunroof.Position"
RR = "Vehicle.Chassis.Axle.Row2.Wheel.Right.Tire.Pressure"
SPEED = "Vehicle.Speed"

ROWS = [
    row("close all windows", "body.windows", {"window": "all", "percent": 0}, {WIN["d"]: 0, WIN["p"]: 0},
        setup={WIN["d"]: 100, WIN["p"]: 30}, says="Closing 2 windows."),
    row("close all windows", "body.windows", {"window": "all"}, says="Windows are already closed.", acted=True),
    row("open the passenger window halfway", "body.windows", {"percent": 50}, {WIN["p"]: 50},
        says="Opening the passenger window to 50 %."),
    row("open the sunroof", "body.sunroof", {"action": "OPEN"}, {SUN: 100}, says="Opening the sunroof."),
    row("close the sunroof", "body.sunroof", {"action": "CLOSE"}, {SUN: 0}, setup={SUN: 60},
        says="Closing the sunroof."),
    row("close the sunroof", "body.sunroof", {}, says="already closed"),
    row("close everything", "body.close_all", {}, {WIN["rr"]: 0, SUN: 0}, setup={WIN["rr"]: 40, SUN: -100},
        says="Closing 1 window and the sunroof."),
    row("open the trunk", "body.trunk", {"open": True}, {"Vehicle.Body.Trunk.Rear.IsOpen": True},
        says="Tailgate opening."),
    row("open the trunk", "body.trunk", {"open": True}, {"Vehicle.Body.Trunk.Rear.IsOpen": False},
        setup={SPEED: 40.0}, moving=True, refused=True, says="Open the tailgate when parked."),
    row("open the frunk", "body.trunk", {"which": "front"}, {"Vehicle.Body.Trunk.Front.IsOpen": True},
        says="Frunk opening."),
    row("open the frunk", "body.trunk", {"which": "front"}, car=FIAT, refused=True, says="no front trunk"),
    row("lock the doors", "body.locks", {"locked": True}, {f"{DOOR}Row2.PassengerSide.IsLocked": True,
                                                           "Vehicle.Body.Trunk.Rear.IsLocked": True},
        setup={f"{DOOR}Row2.PassengerSide.IsLocked": False, "Vehicle.Body.Trunk.Rear.IsLocked": False},
        says="Car locked."),
    row("what's my tyre pressure", "body.tyres", {}, says="Tyres: FL 35 psi, FR 35 psi, RL 35 psi, RR 35 psi."),
    row("what's my tyre pressure", "body.tyres", {}, setup={RR: 160},
        says="RR 23 psi (low). Low: rear right; inflate soon."),
    row("check the tires", "body.tyres", {}, says="Tyres:"),
    row("is any door open", "car.doors", {}, says="All doors are closed."),
    row("is any door open", "car.doors", {}, setup={f"{DOOR}Row2.DriverSide.IsOpen": True}, says="rear left door"),
    row("set the tyre pressure unit to bar", "display.units", {}, {"Vehicle.Cabin.Infotainment.HMI.TirePressureUnit": "BAR"}),
]


@pytest.mark.parametrize("r", ROWS, ids=[f"{i:03d} {r.text}" for i, r in enumerate(ROWS)])
def test_request(fresh, r):
    table.test_request(fresh, r)
